from .cohorts import Cohort, Enrolment
from .pages import LearningOutcome, LessonPage, ModulePage, ProgrammePage
from .progress import LessonCompletion, ModuleCompletion

__all__ = [
    "Cohort",
    "Enrolment",
    "LearningOutcome",
    "LessonCompletion",
    "LessonPage",
    "ModuleCompletion",
    "ModulePage",
    "ProgrammePage",
]
