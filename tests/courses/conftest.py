"""Curriculum fixtures shared by the courses tests (pages, progress, player).

The tree: the Dutch home page → a programme → a module with three lessons, each translated
into English. A cohort of the module is taught by the `trainer` fixture; `enrolled_student`
is the `student` fixture with an active enrolment in it. Fixture names are a contract: the
progress and player tests build on them.
"""

import datetime
from types import SimpleNamespace

from wagtail.models import Locale, Page

import pytest

from atmp_platform.accounts import roles
from courses.models import Cohort, Enrolment, LearningOutcome, LessonPage, ModulePage, ProgrammePage
from tests.factories import make_user
from tests.pages import publish, translate

LESSON_TITLES = ("Kledingvoorschriften", "Handen wassen", "Materiaaltransfer")
LESSON_TITLES_EN = ("Gowning rules", "Hand washing", "Material transfer")


def make_programme(home: Page, **fields) -> ProgrammePage:
    defaults = {
        "title": "Postgraduaat ATMP",
        "slug": "postgraduaat",
        "introduction": "Een postgraduaat voor analisten en operatoren in ATMP-productie.",
        "audience": "<p>Analisten en operatoren.</p>",
        "admission": "<p>Een bachelordiploma in de life sciences.</p>",
        "structure": "<p>Vier modules van elk 5 ECTS.</p>",
        "ects_credits": 20,
    }
    return publish(home, ProgrammePage(**{**defaults, **fields}))


def make_module(programme: ProgrammePage, code: str = "ATMP-102", **fields) -> ModulePage:
    defaults = {
        "title": "Cleanroomgedrag en aseptische techniek",
        "slug": code.lower(),
        "code": code,
        "ects_credits": 5,
        "level": ModulePage.Level.INTRODUCTORY,
        "summary": "Hoe je je in een cleanroom gedraagt.",
    }
    module = ModulePage(**{**defaults, **fields})
    module.learning_outcomes = [
        LearningOutcome(code="LO1", text="Je kleedt je correct om voor graad B."),
        LearningOutcome(code="LO2", text="Je werkt aseptisch onder de LAF-kast."),
    ]
    return publish(programme, module)


def make_lesson(module: ModulePage, number: int, title: str = "", **fields) -> LessonPage:
    defaults = {
        "title": title or f"Les {number}",
        "slug": f"les-{number}",
        "summary": f"Samenvatting van les {number}.",
        "duration_minutes": 10 * number,
        "body": [("paragraph", f"<p>Lestekst {number}: graad A laat geen groei toe.</p>")],
    }
    return publish(module, LessonPage(**{**defaults, **fields}))


def make_cohort(module: ModulePage, *, trainers=(), **fields) -> Cohort:
    defaults = {
        "name": "Najaar 2026",
        "starts_on": datetime.date(2026, 9, 1),
        "ends_on": datetime.date(2026, 12, 15),
        "capacity": 10,
        "enrolment_mode": Cohort.EnrolmentMode.OPEN,
        "enrolment_open": True,
    }
    cohort = Cohort.objects.create(module=module, **{**defaults, **fields})
    cohort.trainers.set(trainers)
    return cohort


def enrol(student, cohort: Cohort, status=Enrolment.Status.ENROLLED, **fields) -> Enrolment:
    """An enrolment written directly, for tests that need one without the services."""
    return Enrolment.objects.create(student=student, cohort=cohort, status=status, **fields)


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def programme(home_page) -> ProgrammePage:
    """The Dutch programme page, translated into English (`programme_en`)."""
    return make_programme(home_page)


@pytest.fixture
def programme_en(programme) -> ProgrammePage:
    return translate(programme, title="Postgraduate ATMP", slug="postgraduate")


@pytest.fixture
def module(programme, programme_en) -> ModulePage:
    """The Dutch module page with its three live Dutch lessons (`lessons`)."""
    module = make_module(programme)
    for number, title in enumerate(LESSON_TITLES, start=1):
        make_lesson(module, number, title)
    return module


@pytest.fixture
def lessons(module) -> list[LessonPage]:
    """The module's three Dutch lessons, in tree order."""
    return list(LessonPage.objects.child_of(module).order_by("path"))


@pytest.fixture
def module_en(module, lessons) -> ModulePage:
    return translate(module, title="Cleanroom behaviour and aseptic technique")


@pytest.fixture
def lessons_en(module_en, lessons) -> list[LessonPage]:
    translated = [
        translate(lesson, title=title, slug=f"lesson-{number}")
        for number, (lesson, title) in enumerate(zip(lessons, LESSON_TITLES_EN, strict=True), 1)
    ]
    # treebeard caches the child count on the instance other fixtures already hold.
    module_en.refresh_from_db()
    return translated


@pytest.fixture
def curriculum(programme, programme_en, module, lessons, module_en, lessons_en):
    """Everything above in one namespace."""
    return SimpleNamespace(
        programme=programme,
        programme_en=programme_en,
        module=module,
        lessons=lessons,
        module_en=module_en,
        lessons_en=lessons_en,
    )


@pytest.fixture
def other_trainer(db):
    return make_user(roles.TRAINER, email="other.trainer@example.org", full_name="Olaf Other")


@pytest.fixture
def partner_editor(db):
    return make_user(roles.PARTNER_EDITOR, email="editor@example.org", full_name="Eddy Editor")


@pytest.fixture
def other_student(db):
    return make_user(roles.STUDENT, email="other.student@example.org", full_name="Olga Other")


@pytest.fixture
def cohort(module, lessons, trainer) -> Cohort:
    """An open cohort of `module` (capacity 10) taught by `trainer`."""
    return make_cohort(module, trainers=[trainer])


@pytest.fixture
def application_cohort(module, lessons, trainer) -> Cohort:
    """A cohort of `module` that admits by application, taught by `trainer`."""
    return make_cohort(
        module,
        trainers=[trainer],
        name="Voorjaar 2027",
        starts_on=datetime.date(2027, 2, 1),
        ends_on=datetime.date(2027, 6, 30),
        capacity=2,
        enrolment_mode=Cohort.EnrolmentMode.APPLICATION,
    )


@pytest.fixture
def enrolment(student, cohort) -> Enrolment:
    return enrol(student, cohort)


@pytest.fixture
def enrolled_student(student, enrolment):
    """The `student` fixture, enrolled in `cohort`."""
    return student
