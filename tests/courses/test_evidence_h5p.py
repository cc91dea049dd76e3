"""Passed H5P exercises as evidence: courses.evidence.record_exercise_evidence, and the
demo's links of outcomes to the framework."""

from decimal import Decimal

import pytest

from certificates.models import CompetencyStatus, Evidence
from courses.demo.competencies import OUTCOME_COMPETENCIES, link_outcomes
from courses.evidence import record_exercise_evidence
from courses.h5p.models import H5PResult
from courses.lesson_h5p import h5p_block_for
from courses.models import LearningOutcome, LessonPage

from .evidence_helpers import link, make_competency, make_levels
from .progress_helpers import give_result, h5p_block, make_content, set_h5p_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def competencies(db):
    make_levels()
    return make_competency("T1"), make_competency("T2")


@pytest.fixture
def exercise(curriculum, competencies):
    """An exercise (pass mark 70) on the first lesson of a module whose outcomes are linked
    to T1 (level 3) and T2 (level 2)."""
    link(curriculum.module, "LO1", competencies[0], 3)
    link(curriculum.module, "LO2", competencies[1], 2)
    content = make_content("Omkleden")
    lesson = set_h5p_blocks(curriculum.lessons[0], h5p_block(content, pass_mark=70))
    return lesson, content


def record(student, exercise, best: str, *, verified=True):
    lesson, content = exercise
    result = give_result(student, content, best, verified=verified)
    lesson = LessonPage.objects.get(pk=lesson.pk)
    return record_exercise_evidence(
        student=student, lesson=lesson, result=result, block=h5p_block_for(lesson, content)
    )


def test_a_verified_pass_is_server_evidence_of_the_modules_competencies_at_level_one(
    enrolled_student, exercise, competencies
):
    recorded = record(enrolled_student, exercise, "0.75")
    assert {item.competency for item in recorded} == set(competencies)
    for item in recorded:
        assert item.level == 1
        assert item.source == Evidence.Source.H5P
        assert item.verification == Evidence.Verification.SERVER
        assert item.score == Decimal("75.00")
        assert item.source_label == "Omkleden"
    result = H5PResult.objects.get(student=enrolled_student)
    assert {item.source_ref for item in recorded} == {f"h5p-result:{result.pk}"}
    status = CompetencyStatus.objects.get(person=enrolled_student, competency=competencies[0])
    assert status.level == 1


def test_a_self_reported_pass_is_recorded_as_self_reported_and_does_not_count(
    enrolled_student, exercise, competencies
):
    recorded = record(enrolled_student, exercise, "0.9", verified=False)
    assert {item.verification for item in recorded} == {Evidence.Verification.SELF_REPORTED}
    assert all(item.source_ref.endswith(":self") for item in recorded)
    assert not any(item.counts for item in recorded)
    status = CompetencyStatus.objects.get(person=enrolled_student, competency=competencies[0])
    assert status.level is None
    assert status.evidence_count == 1


def test_a_score_below_the_pass_mark_records_nothing(enrolled_student, exercise):
    assert record(enrolled_student, exercise, "0.69") == []
    assert not Evidence.objects.exists()


def test_a_pass_at_exactly_the_pass_mark_counts(enrolled_student, exercise):
    assert len(record(enrolled_student, exercise, "0.70")) == 2


def test_a_second_pass_adds_nothing_in_one_query(
    enrolled_student, exercise, django_assert_num_queries
):
    record(enrolled_student, exercise, "0.8")
    lesson, content = exercise
    lesson = LessonPage.objects.get(pk=lesson.pk)
    block = h5p_block_for(lesson, content)
    result = give_result(enrolled_student, content, "0.9")
    lesson.module_key = lesson.get_parent().translation_key
    with django_assert_num_queries(1):
        again = record_exercise_evidence(
            student=enrolled_student, lesson=lesson, result=result, block=block
        )
    assert again == []
    assert Evidence.objects.count() == 2


def test_a_verified_pass_after_a_self_reported_one_is_recorded_too(enrolled_student, exercise):
    record(enrolled_student, exercise, "0.9", verified=False)
    record(enrolled_student, exercise, "0.8", verified=True)
    verifications = sorted(Evidence.objects.values_list("verification", flat=True))
    assert verifications == ["self", "self", "server", "server"]


def test_an_exercise_of_a_module_without_linked_outcomes_records_nothing(
    curriculum, enrolled_student, competencies
):
    content = make_content("Los")
    lesson = set_h5p_blocks(curriculum.lessons[1], h5p_block(content, pass_mark=50))
    assert record(enrolled_student, (lesson, content), "1") == []
    assert not Evidence.objects.exists()


def test_one_competency_linked_by_two_outcomes_gets_one_piece_of_evidence(
    curriculum, enrolled_student, exercise, competencies
):
    link(curriculum.module, "LO2", competencies[0], 2)
    recorded = record(enrolled_student, exercise, "1")
    assert [item.competency for item in recorded] == [competencies[0]]


# ---------- Demo links ----------


@pytest.fixture
def framework(db):
    from certificates.seed import seed_framework

    seed_framework()


def test_the_demo_links_each_outcome_to_a_seeded_competency_at_level_one(curriculum, framework):
    assert curriculum.module.code == "ATMP-102"
    pair = (curriculum.module, curriculum.module_en)
    assert link_outcomes({"ATMP-102": pair}) == 4
    expected = OUTCOME_COMPETENCIES["ATMP-102"]
    for page in pair:
        outcomes = LearningOutcome.objects.filter(page=page).select_related("competency")
        assert {(o.code, o.competency.code, o.level_id) for o in outcomes} == {
            ("LO1", expected["LO1"], 1),
            ("LO2", expected["LO2"], 1),
        }
        # The links are in the published revision, so the next edit in the admin keeps them.
        latest = page.get_latest_revision_as_object()
        assert None not in {o.competency_id for o in latest.learning_outcomes.all()}


def test_linking_the_demo_twice_changes_nothing_and_keeps_an_editors_link(curriculum, framework):
    from certificates.models import Competency

    c6 = Competency.objects.get(code="C6")
    LearningOutcome.objects.filter(page=curriculum.module, code="LO1").update(
        competency=c6, level_id=2
    )
    pair = (curriculum.module, curriculum.module_en)
    assert link_outcomes({"ATMP-102": pair}) == 3
    assert link_outcomes({"ATMP-102": pair}) == 0
    kept = LearningOutcome.objects.get(page=curriculum.module, code="LO1")
    assert (kept.competency, kept.level_id) == (c6, 2)


def test_every_demo_link_names_a_seeded_competency(framework):
    from certificates.models import Competency

    seeded = set(Competency.objects.values_list("code", flat=True))
    named = {code for links in OUTCOME_COMPETENCIES.values() for code in links.values()}
    assert named <= seeded
