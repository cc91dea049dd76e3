"""Module completion as evidence of competence: courses.evidence.record_module_evidence."""

from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from certificates.models import CompetencyStatus, Evidence
from courses import progress
from courses.evidence import linked_outcomes, record_module_evidence
from courses.models import LearningOutcome, ModuleCompletion

from .evidence_helpers import link, make_competency, make_levels
from .progress_helpers import give_result, h5p_block, make_content, set_h5p_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(db):
    return make_levels()


@pytest.fixture
def competency(levels):
    return make_competency("T1")


@pytest.fixture
def second_competency(levels):
    return make_competency("T2", validity_months=24)


def complete_all(student, lessons):
    for lesson in lessons:
        progress.complete_lesson_if_due(student=student, lesson=lesson)


def test_completing_a_module_records_evidence_per_linked_outcome(
    curriculum, enrolled_student, competency, second_competency
):
    link(curriculum.module, "LO1", competency, 2)
    link(curriculum.module, "LO2", second_competency, 1)
    complete_all(enrolled_student, curriculum.lessons)
    completion = ModuleCompletion.objects.get()
    key = curriculum.module.translation_key
    evidence = {item.source_ref: item for item in Evidence.objects.all()}
    assert set(evidence) == {f"module:{key}:LO1", f"module:{key}:LO2"}
    first = evidence[f"module:{key}:LO1"]
    assert (first.person, first.competency, first.level) == (enrolled_student, competency, 2)
    assert first.source == Evidence.Source.MODULE
    assert first.verification == Evidence.Verification.SERVER
    assert first.occurred_at == completion.completed_at
    assert first.source_label == "ATMP-102 LO1"
    assert evidence[f"module:{key}:LO2"].competency == second_competency
    status = CompetencyStatus.objects.get(person=enrolled_student, competency=competency)
    assert status.level == 2


def test_unlinked_outcomes_give_no_evidence(curriculum, enrolled_student, competency):
    complete_all(enrolled_student, curriculum.lessons)
    assert ModuleCompletion.objects.exists()
    assert not Evidence.objects.exists()


def test_only_the_linked_outcome_gives_evidence(curriculum, enrolled_student, competency):
    link(curriculum.module, "LO2", competency, 3)
    complete_all(enrolled_student, curriculum.lessons)
    assert list(Evidence.objects.values_list("source_ref", "level")) == [
        (f"module:{curriculum.module.translation_key}:LO2", 3)
    ]


def test_recording_the_module_evidence_again_adds_nothing(curriculum, enrolled_student, competency):
    link(curriculum.module, "LO1", competency, 2)
    complete_all(enrolled_student, curriculum.lessons)
    first = list(Evidence.objects.all())
    again = record_module_evidence(ModuleCompletion.objects.get())
    complete_all(enrolled_student, curriculum.lessons)
    assert again == first
    assert Evidence.objects.count() == 1


def test_the_module_result_is_the_evidence_score_in_percent(
    curriculum, enrolled_student, competency
):
    link(curriculum.module, "LO1", competency, 2)
    exercise = make_content("Oefening")
    set_h5p_blocks(curriculum.lessons[0], h5p_block(exercise, pass_mark=50))
    give_result(enrolled_student, exercise, "0.8765")
    lessons = [type(lesson).objects.get(pk=lesson.pk) for lesson in curriculum.lessons]
    complete_all(enrolled_student, lessons)
    assert ModuleCompletion.objects.get().result == Decimal("0.8765")
    assert Evidence.objects.get().score == Decimal("87.65")


def test_a_module_without_a_result_gives_evidence_without_score(
    curriculum, enrolled_student, competency
):
    link(curriculum.module, "LO1", competency, 2)
    complete_all(enrolled_student, curriculum.lessons)
    assert Evidence.objects.get().score is None


def test_the_source_language_page_decides_when_completed_in_english(
    curriculum, enrolled_student, competency, second_competency
):
    link(curriculum.module, "LO1", competency, 2)
    link(curriculum.module_en, "LO1", second_competency, 4)
    link(curriculum.module_en, "LO2", second_competency, 4)
    complete_all(enrolled_student, curriculum.lessons_en)
    evidence = Evidence.objects.get()
    assert (evidence.competency, evidence.level) == (competency, 2)
    assert evidence.source_ref == f"module:{curriculum.module.translation_key}:LO1"


def test_an_english_source_page_decides_when_it_is_the_translation_source(
    curriculum, competency, second_competency
):
    from wagtail_localize.models import TranslationSource

    link(curriculum.module, "LO1", competency, 2)
    link(curriculum.module_en, "LO1", second_competency, 1)
    TranslationSource.get_or_create_from_instance(curriculum.module_en)
    outcomes = list(linked_outcomes(curriculum.module.translation_key))
    assert [(o.page_id, o.competency) for o in outcomes] == [
        (curriculum.module_en.pk, second_competency)
    ]


def test_evidence_is_written_in_the_completion_transaction(
    curriculum, enrolled_student, competency, monkeypatch
):
    link(curriculum.module, "LO1", competency, 2)

    def refuse(**kwargs):
        raise RuntimeError("the evidence store is down")

    monkeypatch.setattr("courses.evidence.record_evidence", refuse)
    complete_all(enrolled_student, curriculum.lessons[:2])
    with pytest.raises(RuntimeError):
        progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons[2])
    assert not ModuleCompletion.objects.exists()


# ---------- The outcome's link ----------


def test_an_outcome_linked_to_a_competency_needs_a_level(curriculum, competency):
    outcome = curriculum.module.learning_outcomes.first()
    outcome.competency = competency
    with pytest.raises(ValidationError) as error:
        outcome.full_clean()
    assert "level" in error.value.message_dict


def test_an_outcome_with_a_level_needs_a_competency(curriculum, levels):
    outcome = curriculum.module.learning_outcomes.first()
    outcome.level = levels[1]
    with pytest.raises(ValidationError) as error:
        outcome.full_clean()
    assert "competency" in error.value.message_dict


def test_a_linked_outcome_with_its_level_is_valid(curriculum, competency, levels):
    outcome = curriculum.module.learning_outcomes.first()
    outcome.competency, outcome.level = competency, levels[2]
    outcome.full_clean()
    outcome.save()
    assert LearningOutcome.objects.get(pk=outcome.pk).level_id == 3


def test_a_competency_linked_to_an_outcome_cannot_be_deleted(curriculum, competency):
    from django.db.models import ProtectedError

    link(curriculum.module, "LO1", competency, 2)
    with pytest.raises(ProtectedError):
        competency.delete()


def test_the_module_editor_offers_the_competency_and_level_of_each_outcome(
    client, settings, curriculum, administrator, competency
):
    settings.ATMP_REQUIRE_MFA_FOR_STAFF = False
    client.force_login(administrator)
    response = client.get(f"/admin/pages/{curriculum.module.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="learning_outcomes-0-competency"' in html
    assert 'name="learning_outcomes-0-level"' in html
    assert f'<option value="{competency.pk}">{competency}</option>' in html
    assert '<option value="2">' in html
