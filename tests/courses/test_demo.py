"""The programme's demo content, loaded by `manage.py load_demo`.

The demo is loaded once for this module inside a transaction rolled back at the end, with the
H5P store in a temporary folder; each test runs in its own savepoint within it.
"""

import io
import json
import re
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wagtail.models import Locale, Page, Revision

import pytest

from atmp_platform.accounts.models import User
from atmp_platform.audit.models import AuditEvent
from courses.demo import exercises, numbers, steps
from courses.demo.cohorts import COHORTS
from courses.h5p import storage
from courses.h5p.models import H5PContent, H5PLibrary, H5PResult, XAPIStatement
from courses.models import (
    Cohort,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModuleCompletion,
    ModulePage,
    ProgrammePage,
)
from simulations.regulatory import ANNEX1_2022

# One worker loads the module's demo (--dist loadgroup): it takes some 15 s.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-programme")]

OUR_TYPES = {"ATMP.StepOrder", "ATMP.LimitCheck"}


def _load_demo() -> str:
    output = io.StringIO()
    with override_settings(ATMP_DEMO_ACCOUNTS=True):
        call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module and rolled back afterwards."""
    root = tmp_path_factory.mktemp("h5p")
    store = override_settings(H5P_ROOT=root / "store", H5P_SPOOL_ROOT=root / "spool")
    with django_db_blocker.unblock(), store:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            yield _load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": User.objects.count(),
        "cohorts": Cohort.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "h5p libraries": H5PLibrary.objects.count(),
        "h5p contents": H5PContent.objects.count(),
        "h5p results": H5PResult.objects.count(),
        "xapi statements": XAPIStatement.objects.count(),
        "lesson completions": LessonCompletion.objects.count(),
        "module completions": ModuleCompletion.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def _dutch(model):
    return model.objects.filter(locale__language_code="nl")


def _text(page: Page) -> str:
    return json.dumps(list(page.body.raw_data), ensure_ascii=False)


def _h5p_blocks(lesson: LessonPage) -> list:
    return [block.value for block in lesson.body if block.block_type == "h5p"]


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _counts()
    assert before["enrolments"] >= 8
    _load_demo()
    assert _counts() == before


def test_programme_has_four_modules_in_dutch_and_english(demo):
    programme = _dutch(ProgrammePage).get()
    english = Locale.objects.get(language_code="en")
    assert programme.get_translation(english).title.startswith("Postgraduate programme")
    assert programme.ects_credits == 20
    assert programme.audience and programme.admission and programme.structure
    modules = ModulePage.objects.child_of(programme).live()
    assert [module.code for module in modules] == ["ATMP-101", "ATMP-102", "ATMP-201", "ATMP-202"]
    assert sum(module.ects_credits for module in modules) == programme.ects_credits
    for module in modules:
        assert 3 <= module.learning_outcomes.count() <= 5
        assert module.trainers.filter(email="trainer@demo.atmp-xb.eu").exists()
        assert module.get_translation(english).learning_outcomes.count() == (
            module.learning_outcomes.count()
        )


def test_the_home_page_links_to_the_programme_in_its_own_language(demo, client):
    for programme in ProgrammePage.objects.all():
        home = programme.get_parent().specific
        assert home.programme_page_id == programme.pk
        assert programme.url in client.get(home.url).content.decode()


def test_module_prerequisites_point_at_modules_in_the_same_language(demo):
    for module in ModulePage.objects.filter(code="ATMP-202"):
        prerequisites = module.prerequisites.all()
        assert {page.code for page in prerequisites} == {"ATMP-101", "ATMP-102"}
        assert {page.locale_id for page in prerequisites} == {module.locale_id}


def test_every_module_has_three_or_four_lessons_with_real_text_in_both_languages(demo):
    english = Locale.objects.get(language_code="en")
    for module in _dutch(ModulePage):
        lessons = LessonPage.objects.child_of(module).live().specific()
        assert 3 <= len(lessons) <= 4, module.code
        for lesson in lessons:
            translation = lesson.get_translation(english).specific
            assert translation.live
            for page in (lesson, translation):
                kinds = [block.block_type for block in page.body]
                assert kinds.count("heading") >= 2, page.url_path
                assert "callout" in kinds, page.url_path
                text = " ".join(
                    str(block.value) for block in page.body if block.block_type == "paragraph"
                )
                assert len(text) > 600, page.url_path


def test_lessons_with_an_exercise_complete_on_passing_it_and_the_others_on_viewing(demo):
    lessons = LessonPage.objects.live().specific()
    assert any(_h5p_blocks(lesson) for lesson in lessons)
    for lesson in lessons:
        expected = "h5p_passed" if _h5p_blocks(lesson) else "viewed"
        assert lesson.completion_rule == expected, lesson.url_path


def test_every_h5p_block_points_at_stored_content_of_our_types_in_the_lesson_language(demo):
    blocks = [
        (lesson, block) for lesson in LessonPage.objects.live().specific()
        for block in _h5p_blocks(lesson)
    ]  # fmt: skip
    assert len(blocks) == 8
    for lesson, block in blocks:
        content = block["content"]
        assert content.main_library.machine_name in OUR_TYPES
        assert content.language == lesson.locale.language_code
        assert (storage.content_root(content.uuid) / "h5p.json").is_file()
        assert 0 < block["pass_mark"] <= 100 and block["required"]
    for library in H5PLibrary.objects.filter(machine_name__in=OUR_TYPES):
        assert (storage.library_root(library.folder) / "library.json").is_file()


def test_limit_check_answers_are_those_of_the_regulatory_profile(demo):
    expected = {
        "B": {"air-door", "settle-hatch", "contact-chest"},
        "A": {"settle-fill", "glove-left"},
    }
    results = {
        "B": {result[0]: result for result in exercises.GRADE_B_RESULTS},
        "A": {result[0]: result for result in exercises.GRADE_A_RESULTS},
    }
    contents = H5PContent.objects.filter(main_library__machine_name="ATMP.LimitCheck")
    assert contents.count() == 4
    for content in contents:
        grade = content.parameters["grade"]
        items = content.parameters["items"]
        exceeding = {item["id"] for item in items if item["exceeds"]}
        assert exceeding == expected[grade]
        for item in items:
            _id, sample, cfu, _where_nl, _where_en = results[grade][item["id"]]
            assert item["exceeds"] == ANNEX1_2022.exceeds(grade=grade, sample=sample, cfu=cfu)
            assert f": {cfu} " in item["label"]


def test_step_order_exercises_ask_the_order_the_lessons_teach(demo):
    taught = {
        "gowning": [step[0] for step in steps.GOWNING_STEPS],
        "car-t": [step[0] for step in steps.CAR_T_STEPS],
    }
    contents = H5PContent.objects.filter(main_library__machine_name="ATMP.StepOrder")
    assert contents.count() == 4
    for content in contents:
        ids = [step["id"] for step in content.parameters["steps"]]
        assert ids in taught.values()
    gowning = _dutch(LessonPage).get(slug="omkleden-voor-graad-b")
    lesson_text = _text(gowning)
    for _id, dutch, _english in steps.GOWNING_STEPS:
        assert dutch in lesson_text


def test_lesson_texts_state_the_limits_of_the_regulatory_profile(demo):
    text = _text(LessonPage.objects.get(slug="monitoring-methods-and-limits").specific)
    air = ANNEX1_2022.action_limit(grade="B", sample="active_air")
    settle = ANNEX1_2022.action_limit(grade="B", sample="settle_plate")
    hours = ANNEX1_2022.guidance.settle_plate_max_hours
    assert f"Grade B: air {air} CFU/m³, settle plate {settle} CFU per {hours} hours" in text
    assert f"at least {ANNEX1_2022.guidance.grade_a_sample_flow_l_min} L/min" in text
    dutch_text = _text(_dutch(LessonPage).get(slug="cleanroomgraden").specific)
    limit = ANNEX1_2022.particle_limit(grade="B", size="0.5", occupancy="in_operation")
    assert f"in bedrijf {numbers.number(limit, 'nl')} en" in dutch_text


def test_no_placeholder_is_left_unfilled_in_any_demo_page(demo):
    for page in Page.objects.type(LessonPage, ModulePage, ProgrammePage).specific():
        fields = [_text(page), getattr(page, "summary", ""), getattr(page, "structure", "")]
        assert not re.search(r"\{[a-z_]+\}", " ".join(fields)), page.url_path


def test_cohorts_run_now_open_for_enrolment_and_by_application(demo):
    cohorts = {
        (cohort.module.specific.code, cohort.name): cohort for cohort in Cohort.objects.all()
    }
    assert set(cohorts) == {(spec.module, spec.name) for spec in COHORTS.values()}
    running = [
        c
        for c in cohorts.values()
        if c.starts_on.isoformat() <= "2026-11-27" <= c.ends_on.isoformat()
    ]
    assert {cohort.name for cohort in running} == {"Autumn 2026"} and len(running) == 2
    upcoming_open = cohorts["ATMP-101", "Winter 2027"]
    assert upcoming_open.enrolment_open and upcoming_open.enrolment_mode == "open"
    by_application = cohorts["ATMP-202", "Spring 2027"]
    assert by_application.enrolment_open and by_application.enrolment_mode == "application"
    for cohort in cohorts.values():
        assert cohort.trainers.filter(email="trainer@demo.atmp-xb.eu").exists()
        assert cohort.enrolments.active().count() <= cohort.capacity


def test_students_are_at_different_stages(demo):
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {"enrolled", "completed", "applied", "waitlisted"} <= statuses
    assert Enrolment.objects.filter(student__email="student@demo.atmp-xb.eu").exists()
    completed = Enrolment.objects.get(status="completed")
    module = completed.cohort.module
    assert ModuleCompletion.objects.filter(
        student=completed.student, module_key=module.translation_key, cohort=completed.cohort
    ).exists()
    lessons = LessonPage.objects.child_of(module).count()
    progress = sorted(
        LessonCompletion.objects.filter(
            module_key=module.translation_key, student=enrolment.student
        ).count()
        for enrolment in completed.cohort.enrolments.all()
    )
    assert progress[0] < progress[-1] == lessons


def test_demo_results_are_verified_and_a_failed_exercise_leaves_its_lesson_open(demo):
    results = H5PResult.objects.select_related("student", "content")
    assert results.count() >= 5
    assert all(result.best_verified and result.last_verified for result in results)
    assert XAPIStatement.objects.filter(verified=True).count() == sum(r.attempts for r in results)
    failed = results.get(student__email="lars.desmet@demo.atmp-xb.eu")
    assert failed.attempts == 2 and failed.best_score < 1
    gowning = _dutch(LessonPage).get(slug="omkleden-voor-graad-b")
    assert not LessonCompletion.objects.filter(
        student=failed.student, lesson_key=gowning.translation_key
    ).exists()
    demo_student = results.get(student__email="student@demo.atmp-xb.eu")
    pass_mark = _h5p_blocks(gowning.specific)[0]["pass_mark"]
    assert demo_student.attempts == 1 and 0 < demo_student.best_score * 100 < pass_mark
    assert not LessonCompletion.objects.filter(
        student=demo_student.student, lesson_key=gowning.translation_key
    ).exists()
    passed = results.get(
        student__email="noor.janssens@demo.atmp-xb.eu",
        content__language="nl",
        content__main_library__machine_name="ATMP.StepOrder",
    )
    assert passed.best_score == 1 and passed.attempts == 2


def test_students_do_the_exercises_in_the_language_they_follow_the_lessons_in(demo):
    languages = dict(
        H5PResult.objects.values_list("student__email", "content__language").distinct()
    )
    assert languages["eva.peeters@demo.atmp-xb.eu"] == "en"
    assert languages["noor.janssens@demo.atmp-xb.eu"] == "nl"
    eva = User.objects.get(email="eva.peeters@demo.atmp-xb.eu")
    assert eva.preferred_language == "en"
    assert LessonCompletion.objects.filter(student=eva, lesson__locale__language_code="en").exists()


def test_new_demo_students_log_in_with_the_demo_password(demo, client):
    from atmp_platform.home.demo.content import DEMO_PASSWORD

    user = User.objects.get(email="noor.janssens@demo.atmp-xb.eu")
    assert user.check_password(DEMO_PASSWORD)
    assert user.groups.filter(name="Student").exists()
    assert user.emailaddress_set.filter(verified=True, primary=True).exists()


def test_programme_and_module_pages_are_public_in_both_languages(demo, client):
    for page in Page.objects.type(ProgrammePage, ModulePage).live():
        assert client.get(page.url).status_code == 200, page.url_path


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [(3520, "en", "3,520"), (3520, "nl", "3.520"), (0.36, "nl", "0,36"), (352000, "nl", "352.000")],
)
def test_numbers_are_written_the_way_each_language_writes_them(value, language, expected):
    assert numbers.number(value, language) == expected


LESSON_SOURCES = ("programme", "gmp", "cleanroom", "monitoring", "car_t", "steps")
# A limit or guidance value written out in a lesson source instead of a placeholder.
LITERAL_LIMIT = re.compile(
    r"\d\s?(CFU|kve|Pa\b|m/s|L/min)|3[ .,]?520|352[ .,]?000|2[ .,]?930|29[ .,]?300"
)


@pytest.mark.parametrize("name", LESSON_SOURCES)
def test_lesson_sources_take_every_limit_from_the_regulatory_profile(name):
    source = (Path(numbers.__file__).parent / f"{name}.py").read_text(encoding="utf-8")
    assert not LITERAL_LIMIT.search(source)


def test_the_literal_limit_pattern_catches_written_out_limits():
    assert LITERAL_LIMIT.search("Grade B: air 10 CFU/m³")
    assert LITERAL_LIMIT.search("in operation 352,000 and 2 930")
    assert not LITERAL_LIMIT.search("Grade B: air {air_B} CFU/m³")
