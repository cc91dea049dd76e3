"""Demo cohorts and students at different stages: enrolled, halfway, completed, applying,
waitlisted.

Enrolments are written as rows with their audit event, as the demo's history: going through
the enrolment services would mail every demo student a confirmation. Progress goes through
the real write paths: H5P results through `record_statement` (recomputed, so verified) and
completions through `complete_lesson_if_due`.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Locale

from allauth.account.models import EmailAddress

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from atmp_platform.audit.services import record_event
from courses.evidence import record_exercise_evidence
from courses.h5p.models import H5PResult
from courses.h5p.player import object_iri
from courses.h5p.results import record_statement
from courses.lesson_h5p import h5p_block_for
from courses.models import Cohort, Enrolment, LessonPage, ModulePage
from courses.progress import complete_lesson_if_due

Status = Enrolment.Status
DEMO_REASON = "Demo content"


@dataclass(frozen=True)
class CohortSpec:
    module: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    mode: str
    open: bool


# Two editions running now (around 27 November 2026), one upcoming open for enrolment, one
# upcoming by application.
COHORTS = {
    "cleanroom": CohortSpec(
        "ATMP-102", "Autumn 2026", datetime.date(2026, 11, 2), datetime.date(2026, 12, 18), 16,
        Cohort.EnrolmentMode.OPEN, open=False,
    ),
    "monitoring": CohortSpec(
        "ATMP-201", "Autumn 2026", datetime.date(2026, 11, 16), datetime.date(2027, 1, 29), 12,
        Cohort.EnrolmentMode.APPLICATION, open=False,
    ),
    "gmp": CohortSpec(
        "ATMP-101", "Winter 2027", datetime.date(2027, 1, 11), datetime.date(2027, 2, 26), 20,
        Cohort.EnrolmentMode.OPEN, open=True,
    ),
    "car-t": CohortSpec(
        "ATMP-202", "Spring 2027", datetime.date(2027, 3, 1), datetime.date(2027, 5, 28), 8,
        Cohort.EnrolmentMode.APPLICATION, open=True,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Attempt:
    """One attempt at the exercise of lesson `lesson` (1-based) of a cohort's module."""

    lesson: int
    response: list[str]


@dataclass(frozen=True)
class Stage:
    cohort: str
    status: str
    viewed: tuple[int, ...] = ()
    attempts: tuple[Attempt, ...] = ()
    motivation: str = ""


@dataclass(frozen=True)
class StudentSpec:
    email: str
    full_name: str
    stages: tuple[Stage, ...] = field(default=())
    # The language they follow the lessons in, and so do the exercises in.
    language: str = "nl"


GOWNING_RIGHT = [
    "hands", "undergarments", "first-gloves", "hood-mask",
    "coverall", "over-boots", "second-gloves", "mirror",
]  # fmt: skip
# Coverall before hood and mask, eye cover and second gloves before the over-boots.
GOWNING_MIXED = [
    "hands", "undergarments", "first-gloves", "coverall",
    "hood-mask", "second-gloves", "over-boots", "mirror",
]  # fmt: skip
# Gloves before the garments worn underneath, and the mirror check forgotten until the start.
GOWNING_POOR = [
    "mirror", "first-gloves", "undergarments", "hands",
    "hood-mask", "coverall", "over-boots", "second-gloves",
]  # fmt: skip
# Only the hood and the coverall swapped: close, but under the pass mark.
GOWNING_CLOSE = [
    "hands", "undergarments", "first-gloves", "coverall",
    "hood-mask", "over-boots", "second-gloves", "mirror",
]  # fmt: skip
LIMITS_B_RIGHT = ["air-door", "settle-hatch", "contact-chest"]
# Also ticks the settle plate exactly at the limit.
LIMITS_B_AT_LIMIT = ["air-door", "settle-bench", "settle-hatch", "contact-chest"]
# Misses the glove print with a single colony.
LIMITS_A_MISSED = ["settle-fill"]

# The site's demo student (student@) is already there; these join them. The demo student has
# one attempt at the gowning exercise just under its pass mark, left for them to pass.
STUDENTS = [
    StudentSpec(
        "student@demo.atmp-xb.eu",
        "Sam Student",
        (Stage("cleanroom", Status.ENROLLED, viewed=(1,), attempts=(Attempt(2, GOWNING_CLOSE),)),),
    ),
    StudentSpec(
        "noor.janssens@demo.atmp-xb.eu",
        "Noor Janssens",
        (
            Stage(
                "cleanroom",
                Status.ENROLLED,
                viewed=(1, 3),
                attempts=(Attempt(2, GOWNING_MIXED), Attempt(2, GOWNING_RIGHT)),
            ),
            Stage(
                "monitoring",
                Status.ENROLLED,
                viewed=(1,),
                attempts=(Attempt(2, LIMITS_B_RIGHT),),
                motivation="Ik wil van het onderzoekslab naar de QC-microbiologie.",
            ),
        ),
    ),
    StudentSpec(
        "lars.desmet@demo.atmp-xb.eu",
        "Lars De Smet",
        (
            Stage(
                "cleanroom",
                Status.ENROLLED,
                viewed=(1,),
                attempts=(Attempt(2, GOWNING_POOR), Attempt(2, GOWNING_MIXED)),
            ),
        ),
    ),
    StudentSpec(
        "eva.peeters@demo.atmp-xb.eu",
        "Eva Peeters",
        (
            Stage(
                "monitoring",
                Status.ENROLLED,
                viewed=(1,),
                attempts=(Attempt(2, LIMITS_B_AT_LIMIT), Attempt(3, LIMITS_A_MISSED)),
                motivation="I run environmental monitoring and want to judge trends myself.",
            ),
        ),
        language="en",
    ),
    StudentSpec(
        "daan.visser@demo.atmp-xb.eu",
        "Daan Visser",
        (
            Stage(
                "monitoring",
                Status.ENROLLED,
                motivation="Ik begin in januari als operator in een ATMP-cleanroom.",
            ),
        ),
    ),
    StudentSpec(
        "fleur.wouters@demo.atmp-xb.eu",
        "Fleur Wouters",
        (Stage("gmp", Status.ENROLLED),),
    ),
    StudentSpec(
        "sofie.maes@demo.atmp-xb.eu",
        "Sofie Maes",
        (
            Stage(
                "car-t",
                Status.APPLIED,
                motivation="Ik werk als verpleegkundige op een afdeling die CAR-T-cellen "
                "toedient en wil het proces erachter begrijpen.",
            ),
        ),
    ),
    StudentSpec(
        "ruben.bakker@demo.atmp-xb.eu",
        "Ruben Bakker",
        (
            Stage(
                "car-t",
                Status.WAITLISTED,
                motivation="I am moving from a research lab into a CAR-T manufacturing team.",
            ),
        ),
        language="en",
    ),
]


def ensure_student(*, spec: StudentSpec, password: str) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            email=spec.email,
            password=password,
            full_name=spec.full_name,
            organisation="ATMP XB (demo)",
            preferred_language=spec.language,
        )
        EmailAddress.objects.create(user=user, email=spec.email, verified=True, primary=True)
        user.groups.add(Group.objects.get(name=roles.STUDENT))
    return user


def ensure_cohort(spec: CohortSpec, module: ModulePage, trainer: User) -> Cohort:
    cohort = Cohort.objects.filter(module=module, name=spec.name).first()
    if cohort is not None:
        return cohort
    cohort = Cohort(
        module=module,
        name=spec.name,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        capacity=spec.capacity,
        enrolment_mode=spec.mode,
        enrolment_open=spec.open,
    )
    cohort.full_clean()
    cohort.save()
    cohort.trainers.set([trainer])
    return cohort


def ensure_enrolment(*, student: User, cohort: Cohort, stage: Stage, trainer: User) -> Enrolment:
    """The enrolment as the services would have left it, with its audit event."""
    enrolment = Enrolment.objects.filter(student=student, cohort=cohort).first()
    if enrolment is not None:
        return enrolment
    decided = stage.status != Status.APPLIED and cohort.enrolment_mode == "application"
    enrolment = Enrolment(
        student=student,
        cohort=cohort,
        status=stage.status,
        motivation=stage.motivation,
        decided_at=timezone.now() if decided else None,
        decided_by=trainer if decided else None,
    )
    enrolment.full_clean()
    enrolment.save()
    record_event(
        action=f"course.enrolment_{stage.status}",
        actor=trainer if decided else student,
        target=enrolment,
        new_value={"student": student.email, "cohort": cohort.pk, "status": stage.status},
        reason=DEMO_REASON,
    )
    return enrolment


def answer(*, student: User, lesson: LessonPage, response: list[str]) -> None:
    """One attempt at the lesson's exercise, sent as the player would send it."""
    content = next(block.value["content"] for block in lesson.body if block.block_type == "h5p")
    statement = {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": object_iri(content), "objectType": "Activity"},
        "result": {"response": "[,]".join(response), "completion": True},
    }
    stored = record_statement(student=student, content=content, page=lesson, statement=statement)
    block = h5p_block_for(lesson, content)
    record_exercise_evidence(student=student, lesson=lesson, result=stored.h5p_result, block=block)


def follow(*, student: User, lessons: list[LessonPage], stage: Stage) -> None:
    """Work through the stage's lessons: exercises first, then open the lessons viewed."""
    if H5PResult.objects.filter(student=student, content__in=_contents(lessons)).exists():
        return
    for attempt in stage.attempts:
        answer(student=student, lesson=lessons[attempt.lesson - 1], response=attempt.response)
    opened = sorted({*stage.viewed, *(attempt.lesson for attempt in stage.attempts)})
    for number in opened:
        complete_lesson_if_due(student=student, lesson=lessons[number - 1])


def _contents(lessons: list[LessonPage]) -> list:
    return [
        block.value["content"]
        for lesson in lessons
        for block in lesson.body
        if block.block_type == "h5p"
    ]


def ensure_cohorts(
    *, modules: dict[str, ModulePage], trainer: User, students: list[User]
) -> dict[str, Cohort]:
    cohorts = {
        key: ensure_cohort(spec, modules[spec.module], trainer) for key, spec in COHORTS.items()
    }
    for student, spec in zip(students, STUDENTS, strict=True):
        for stage in spec.stages:
            cohort = cohorts[stage.cohort]
            ensure_enrolment(student=student, cohort=cohort, stage=stage, trainer=trainer)
            if stage.status == Status.ENROLLED:
                module = cohort.module.get_translation(
                    Locale.objects.get(language_code=spec.language)
                )
                lessons = list(LessonPage.objects.live().child_of(module).specific())
                follow(student=student, lessons=lessons, stage=stage)
    return cohorts
