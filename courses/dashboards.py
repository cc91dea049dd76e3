"""Batch reads of progress for the student dashboard and the trainer's cohort screens.

Each function takes a fixed number of queries whatever the number of enrolments, lessons,
students or results: everything is read in one query per kind and joined in Python. Lessons
and modules are one thing in every language (their `translation_key`); pages are shown in
the reader's language when a live translation exists, else in another one.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, F, Q
from django.utils import translation

from courses.h5p.models import H5PResult
from courses.models import (
    Cohort,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModuleCompletion,
    ModulePage,
)
from courses.progress import H5PRequirement, children_of, h5p_requirements

RECENT_RESULTS = 10
PENDING_STATUSES = (Enrolment.Status.APPLIED, Enrolment.Status.WAITLISTED)
# Statuses a student still wants to see on their dashboard next to their running cohorts.
REQUEST_STATUSES = (*PENDING_STATUSES, Enrolment.Status.REFUSED)


# ---------- The curriculum of a set of modules, in the reader's language ----------


@dataclass(frozen=True)
class LessonRef:
    """A live lesson page in one language, read as a row rather than a page: the dashboards
    list many and turn only a few into pages."""

    pk: int
    key: UUID
    title: str
    path: str
    language: str

    @property
    def translation_key(self) -> UUID:
        return self.key


@dataclass
class Curriculum:
    modules: dict[UUID, ModulePage] = field(default_factory=dict)
    # Per module key: one lesson each, in the reader's language where it exists.
    lessons: dict[UUID, list[LessonRef]] = field(default_factory=dict)
    # Per lesson key: the live lesson in every language, the reader's first.
    versions: dict[UUID, list[LessonRef]] = field(default_factory=dict)


def _prefer_language(pages: list, language: str) -> list:
    """`pages` with those in `language` first, keeping their order otherwise."""
    return sorted(pages, key=lambda page: _language_of(page) != language)


def _language_of(page) -> str:
    return page.language if isinstance(page, LessonRef) else page.locale.language_code


MODULE_FIELDS = ("title", "slug", "url_path", "path", "depth", "translation_key", "live", "code")


def load_curriculum(module_keys, *, language: str) -> Curriculum:
    """The modules with these translation keys and their live lessons: two queries."""
    module_pages = list(
        ModulePage.objects.filter(translation_key__in=set(module_keys))
        .select_related("locale")
        .only(*MODULE_FIELDS, "locale__language_code")
        .order_by("path")
    )
    curriculum = Curriculum()
    if not module_pages:
        return curriculum
    rows = (
        LessonPage.objects.live()
        .filter(children_of(module_pages))
        .order_by("path")
        .values_list("pk", "translation_key", "title", "path", "locale__language_code")
    )
    lessons_by_parent: dict[str, list[LessonRef]] = {}
    for row in rows:
        lesson = LessonRef(*row)
        lessons_by_parent.setdefault(lesson.path[: -LessonPage.steplen], []).append(lesson)
        curriculum.versions.setdefault(lesson.key, []).append(lesson)
    for key, versions in curriculum.versions.items():
        curriculum.versions[key] = _prefer_language(versions, language)
    by_key: dict[UUID, list[ModulePage]] = {}
    for module in module_pages:
        by_key.setdefault(module.translation_key, []).append(module)
    for key, versions in by_key.items():
        # A live page in the reader's language first, then any live one, then drafts.
        versions = sorted(_prefer_language(versions, language), key=lambda page: not page.live)
        curriculum.modules[key] = versions[0]
        curriculum.lessons[key] = _module_lessons(versions, lessons_by_parent, curriculum)
    return curriculum


def lesson_pages(lessons, *, with_bodies: bool = False) -> dict[int, LessonPage]:
    """The pages of these lessons, by id: one query."""
    pages = LessonPage.objects.filter(pk__in=[lesson.pk for lesson in lessons])
    fields = ("title", "slug", "url_path", "path", "depth", "translation_key", "live")
    pages = pages.only(*fields, "body") if with_bodies else pages.only(*fields)
    return {page.pk: page for page in pages}


def _module_lessons(module_versions, lessons_by_parent, curriculum: Curriculum) -> list:
    """One page per lesson of the module: the reader's language's tree order first, then the
    lessons that exist only in another language."""
    seen: set[UUID] = set()
    ordered = []
    for module in module_versions:
        for lesson in lessons_by_parent.get(module.path, []):
            if lesson.translation_key not in seen:
                seen.add(lesson.translation_key)
                ordered.append(curriculum.versions[lesson.translation_key][0])
    return ordered


# ---------- The student dashboard ----------


@dataclass
class CohortProgress:
    """A student's progress in one cohort."""

    enrolment: Enrolment
    module: ModulePage
    lessons: list[LessonRef]
    completed_at: dict[UUID, datetime.datetime]
    module_completion: ModuleCompletion | None
    # The page of `next_lesson`, filled in by progress_for.
    next_page: LessonPage | None = None

    @property
    def cohort(self) -> Cohort:
        return self.enrolment.cohort

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def completed(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.translation_key in self.completed_at)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def next_lesson(self) -> LessonRef | None:
        """The first lesson, in module order, the student has not completed."""
        return next(
            (lesson for lesson in self.lessons if lesson.translation_key not in self.completed_at),
            None,
        )


@dataclass
class CompletedModule:
    completion: ModuleCompletion
    module: ModulePage | None


@dataclass
class CohortRequest:
    """An application, a place on the waitlist or a refusal."""

    enrolment: Enrolment
    module: ModulePage


@dataclass
class StudentProgress:
    cohorts: list[CohortProgress]
    requests: list[CohortRequest]
    recent_results: list[H5PResult]
    completed_modules: list[CompletedModule]


def progress_for(student, *, language: str | None = None) -> StudentProgress:
    """Everything the student dashboard shows, in seven queries."""
    language = language or translation.get_language()
    enrolments = list(
        Enrolment.objects.filter(student=student)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("cohort")
        .annotate(module_key=F("cohort__module__translation_key"))
        .order_by("-cohort__starts_on", "cohort__name")
    )
    module_completions = list(
        ModuleCompletion.objects.filter(student=student).order_by("-completed_at")
    )
    module_keys = {enrolment.module_key for enrolment in enrolments}
    module_keys |= {completion.module_key for completion in module_completions}
    curriculum = load_curriculum(module_keys, language=language)
    completed_at = dict(
        LessonCompletion.objects.filter(student=student).values_list("lesson_key", "completed_at")
    )
    completion_by_module = {completion.module_key: completion for completion in module_completions}
    cohorts = [
        _cohort_progress(enrolment, curriculum, completed_at, completion_by_module)
        for enrolment in enrolments
        if enrolment.status in Enrolment.ACTIVE_STATUSES
    ]
    _attach_next_pages(cohorts)
    return StudentProgress(
        cohorts=cohorts,
        requests=[
            CohortRequest(enrolment, curriculum.modules[enrolment.module_key])
            for enrolment in enrolments
            if enrolment.status in REQUEST_STATUSES
        ],
        recent_results=list(
            H5PResult.objects.filter(student=student)
            .select_related("content")
            .only(*RESULT_FIELDS, "content__title")
            .order_by("-last_attempt_at")[:RECENT_RESULTS]
        ),
        completed_modules=[
            CompletedModule(completion, curriculum.modules.get(completion.module_key))
            for completion in module_completions
        ],
    )


RESULT_FIELDS = (
    "student_id",
    "content_id",
    "attempts",
    "last_score",
    "last_verified",
    "best_score",
    "best_verified",
    "last_attempt_at",
)


def _attach_next_pages(cohorts: list[CohortProgress]) -> None:
    next_lessons = [item.next_lesson for item in cohorts if item.next_lesson is not None]
    pages = lesson_pages(next_lessons) if next_lessons else {}
    for item in cohorts:
        if item.next_lesson is not None:
            item.next_page = pages.get(item.next_lesson.pk)


def _cohort_progress(enrolment, curriculum, completed_at, completion_by_module) -> CohortProgress:
    key = enrolment.module_key
    return CohortProgress(
        enrolment=enrolment,
        module=curriculum.modules[key],
        lessons=curriculum.lessons.get(key, []),
        completed_at=completed_at,
        module_completion=completion_by_module.get(key),
    )


# ---------- The trainer's cohort view ----------


@dataclass
class ExerciseColumn:
    """The n-th H5P block of a lesson, in whichever language the student did it."""

    lesson: LessonPage
    title: str
    required: bool
    pass_fraction: Decimal
    content_ids: set[int]


@dataclass
class LessonCell:
    lesson: LessonPage
    completed_at: datetime.datetime | None


@dataclass
class ExerciseCell:
    column: ExerciseColumn
    result: H5PResult | None

    @property
    def passed(self) -> bool:
        return self.result is not None and self.result.best_score >= self.column.pass_fraction


@dataclass
class StudentRow:
    enrolment: Enrolment
    lessons: list[LessonCell]
    exercises: list[ExerciseCell]
    module_completion: ModuleCompletion | None

    @property
    def student(self):
        return self.enrolment.student

    @property
    def name(self) -> str:
        return self.student.full_name or self.student.email

    @property
    def completed(self) -> int:
        return sum(1 for cell in self.lessons if cell.completed_at is not None)

    @property
    def completed_text(self) -> str:
        return f"{self.completed}/{len(self.lessons)}"

    @property
    def percent(self) -> int:
        return round(100 * self.completed / len(self.lessons)) if self.lessons else 0


@dataclass
class CohortOverview:
    cohort: Cohort
    module: ModulePage
    lessons: list[LessonPage]
    exercises: list[ExerciseColumn]
    rows: list[StudentRow]
    pending: list[Enrolment]


def exercise_columns(
    curriculum: Curriculum, module_key: UUID, pages: dict[int, LessonPage]
) -> list[ExerciseColumn]:
    """One column per H5P block position of each lesson; costs no query. `pages` holds the
    lesson pages, with their bodies, of every version."""
    columns = []
    for lesson in curriculum.lessons.get(module_key, []):
        versions = [
            h5p_requirements(pages[version.pk]) for version in curriculum.versions[lesson.key]
        ]
        for position in range(max((len(blocks) for blocks in versions), default=0)):
            slot: list[H5PRequirement] = [
                blocks[position] for blocks in versions if len(blocks) > position
            ]
            shown = slot[0]
            columns.append(
                ExerciseColumn(
                    lesson=pages[lesson.pk],
                    title=shown.title,
                    required=shown.required,
                    pass_fraction=shown.pass_fraction,
                    content_ids={block.content_id for block in slot},
                )
            )
    return columns


def cohort_progress(cohort: Cohort, *, language: str | None = None) -> CohortOverview:
    """Everything the trainer's cohort view shows, in seven queries.

    Precondition: `cohort` was read with its module (select_related("module")).
    """
    language = language or translation.get_language()
    module_key = cohort.module.translation_key
    enrolments = list(
        cohort.enrolments.exclude(status__in=(Enrolment.Status.WITHDRAWN, Enrolment.Status.REFUSED))
        .select_related("student")
        .order_by("student__full_name", "student__email")
    )
    active = [
        enrolment for enrolment in enrolments if enrolment.status in Enrolment.ACTIVE_STATUSES
    ]
    curriculum = load_curriculum([module_key], language=language)
    versions = [version for refs in curriculum.versions.values() for version in refs]
    pages = lesson_pages(versions, with_bodies=True) if versions else {}
    lessons = [pages[lesson.pk] for lesson in curriculum.lessons.get(module_key, [])]
    columns = exercise_columns(curriculum, module_key, pages)
    students = Enrolment.objects.active().filter(cohort=cohort).values("student_id")
    completed_at = _lesson_completions(students, module_key)
    results = _results(students, {pk for column in columns for pk in column.content_ids})
    module_completions = {
        completion.student_id: completion
        for completion in ModuleCompletion.objects.filter(
            module_key=module_key, student__in=students
        )
    }
    rows = [
        StudentRow(
            enrolment=enrolment,
            lessons=[
                LessonCell(lesson, completed_at.get((enrolment.student_id, lesson.translation_key)))
                for lesson in lessons
            ],
            exercises=[
                ExerciseCell(column, _best_of(results, enrolment.student_id, column.content_ids))
                for column in columns
            ],
            module_completion=module_completions.get(enrolment.student_id),
        )
        for enrolment in active
    ]
    return CohortOverview(
        cohort=cohort,
        module=curriculum.modules.get(module_key, cohort.module),
        lessons=lessons,
        exercises=columns,
        rows=rows,
        pending=sorted(
            (enrolment for enrolment in enrolments if enrolment.status in PENDING_STATUSES),
            key=lambda enrolment: enrolment.created_at,
        ),
    )


def _lesson_completions(students, module_key) -> dict:
    rows = LessonCompletion.objects.filter(module_key=module_key, student__in=students).values_list(
        "student_id", "lesson_key", "completed_at"
    )
    return {(student_id, lesson_key): when for student_id, lesson_key, when in rows}


def _results(students, content_ids) -> dict[tuple[int, int], H5PResult]:
    if not content_ids:
        return {}
    results = H5PResult.objects.filter(content_id__in=content_ids, student__in=students).only(
        *RESULT_FIELDS
    )
    return {(result.student_id, result.content_id): result for result in results}


def _best_of(results, student_id: int, content_ids) -> H5PResult | None:
    """The student's best result among the languages of one exercise."""
    found = [results[key] for key in ((student_id, pk) for pk in content_ids) if key in results]
    return max(found, key=lambda result: result.best_score, default=None)


# ---------- The trainer's cohort list ----------


@dataclass
class CohortSummary:
    cohort: Cohort
    module: ModulePage


def cohorts_for(user, *, everyone: bool, language: str | None = None) -> list[CohortSummary]:
    """The cohorts `user` teaches (every cohort when `everyone`), with their head counts:
    two queries."""
    language = language or translation.get_language()
    cohorts = Cohort.objects.all() if everyone else Cohort.objects.taught_by(user)
    cohorts = list(
        cohorts.select_related("module").annotate(
            active_count=Count(
                "enrolments", filter=Q(enrolments__status__in=Enrolment.ACTIVE_STATUSES)
            ),
            applied_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.APPLIED)
            ),
            waitlisted_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)
            ),
        )
    )
    modules = _modules_in_language({cohort.module.translation_key for cohort in cohorts}, language)
    return [
        CohortSummary(cohort, modules.get(cohort.module.translation_key, cohort.module))
        for cohort in cohorts
    ]


def _modules_in_language(module_keys, language: str) -> dict[UUID, ModulePage]:
    if not module_keys:
        return {}
    pages = ModulePage.objects.filter(translation_key__in=module_keys).select_related("locale")
    chosen: dict[UUID, ModulePage] = {}
    for page in _prefer_language(list(pages.defer_streamfields()), language):
        chosen.setdefault(page.translation_key, page)
    return chosen
