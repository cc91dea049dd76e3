"""The evidence behind a cell of the training matrix."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from certificates.models import Evidence, RubricCriterion
from certificates.services import supersede_evidence
from certificates.signatures import sign_assessment

from ..factories import activate_totp, make_user
from .conftest import enrol, make_cohort
from .matrix_helpers import give, make_competency, make_scale

pytestmark = pytest.mark.django_db


def evidence_url(cohort, student, code="c3", language="en", query="") -> str:
    url = f"/{language}/trainer/cohorts/{cohort.pk}/students/{student.pk}/competencies/{code}/"
    return f"{url}?{query}" if query else url


@pytest.fixture
def signed_in_trainer(client, trainer):
    activate_totp(trainer)
    client.force_login(trainer)
    return trainer


@pytest.fixture
def gowning(db):
    make_scale()
    return make_competency(
        "c3",
        "Aseptic gowning",
        description_en="Gowning for Grade B, assessed visually and microbially.",
        regulatory_anchor="EU GMP Annex 1 §7",
    )


@pytest.fixture
def learner(cohort):
    person = make_user("Student", email="lee@example.org", full_name="Lee Learner")
    enrol(person, cohort)
    return person


def test_the_page_lists_every_piece_of_evidence_with_its_facts(
    client, cohort, learner, gowning, trainer, signed_in_trainer
):
    occurred = timezone.make_aware(datetime.datetime(2026, 10, 5, 14, 30))
    give(
        learner,
        gowning,
        3,
        days_left=100,
        source=Evidence.Source.MODULE,
        source_ref="module:abc",
        source_label="Cleanroom behaviour",
        score="87.50",
        occurred_at=occurred,
        recorded_by=trainer,
    )
    response = client.get(evidence_url(cohort, learner))
    assert response.status_code == 200
    html = response.text
    assert "Lee Learner · c3 Aseptic gowning" in html
    assert "Module completed: Cleanroom behaviour" in html
    assert "Level 3: Performs independently" in html
    assert "87.5%" in html
    assert "Verified by a trainer" in html
    assert "5 October 2026, 14:30" in html
    until = timezone.localdate() + datetime.timedelta(days=100)
    assert f"{until.day} {until:%B} {until.year}" in html
    assert "Tess Trainer" in html
    assert "<code>module:abc</code>" in html
    assert '<span class="counts counts--yes">Counts</span>' in html
    assert "EU GMP Annex 1 §7" in html
    assert "Gowning for Grade B, assessed visually and microbially." in html


def test_the_status_of_the_cell_heads_the_page(client, cohort, learner, gowning, signed_in_trainer):
    give(learner, gowning, 2, days_left=12)
    response = client.get(evidence_url(cohort, learner))
    assert response.context["cell"].state == "expiring"
    assert '<span class="matrix-icon" aria-hidden="true">!</span> Expiring soon' in response.text
    assert "Level 2: Performs under supervision" in response.text


def test_an_expired_cell_says_when_it_expired(client, cohort, learner, gowning, signed_in_trainer):
    give(learner, gowning, 4, days_left=-3)
    response = client.get(evidence_url(cohort, learner))
    assert response.context["cell"].state == "expired"
    assert "Expired on" in response.text
    assert '<span class="counts counts--no">No longer valid</span>' in response.text


def test_self_reported_evidence_is_shown_but_does_not_count(
    client, cohort, learner, gowning, signed_in_trainer
):
    give(learner, gowning, 2, verification=Evidence.Verification.SELF_REPORTED, source="h5p")
    response = client.get(evidence_url(cohort, learner))
    assert response.context["cell"].state == "missing"
    html = response.text
    assert "Self-reported" in html
    assert '<span class="counts counts--no">Does not count</span>' in html
    assert "Self-reported: shown for information, it never gives a level." in html


def test_superseded_evidence_points_to_the_correction(
    client, cohort, learner, gowning, trainer, signed_in_trainer
):
    first = give(learner, gowning, 3, source="assessment", source_ref="assessment:41")
    correction = give(learner, gowning, 2, source="assessment", source_ref="assessment:42")
    supersede_evidence(evidence=first, by=correction, actor=trainer, reason="Wrong student.")
    html = client.get(evidence_url(cohort, learner)).text
    assert '<span class="counts counts--no">Superseded</span>' in html
    assert "Superseded by a correction recorded on" in html
    assert f'<a href="#evidence-{correction.pk}">See the correcting evidence</a>' in html
    assert f'id="evidence-{first.pk}"' in html


def test_evidence_from_a_signed_assessment_links_to_it(
    client, cohort, learner, gowning, signed_in_trainer
):
    give(learner, gowning, 3, source=Evidence.Source.ASSESSMENT, source_ref="assessment:42")
    give(learner, gowning, 1, source=Evidence.Source.MODULE, source_ref="module:42")
    html = client.get(evidence_url(cohort, learner)).text
    assessment_url = reverse("trainer:assessment", args=[42])
    assert f'<a href="{assessment_url}">Open the signed assessment</a>' in html
    assert html.count("Open the signed assessment") == 1


def test_only_the_evidence_of_this_student_and_competency_is_shown(
    client, cohort, learner, gowning, signed_in_trainer
):
    other_competency = make_competency("c5", "EM sampling")
    other_student = make_user("Student", email="other@example.org")
    enrol(other_student, cohort)
    give(learner, gowning, 1, source_ref="mine")
    give(learner, other_competency, 2, source_ref="other-competency")
    give(other_student, gowning, 3, source_ref="other-student")
    rows = client.get(evidence_url(cohort, learner)).context["rows"]
    assert [row["evidence"].source_ref for row in rows] == ["mine"]


def test_a_cell_without_evidence_says_so(client, cohort, learner, gowning, signed_in_trainer):
    html = client.get(evidence_url(cohort, learner)).text
    assert "There is no evidence of this competency for this student yet." in html
    assert "Missing" in html


def test_the_back_link_keeps_the_filters_that_make_sense(
    client, cohort, learner, gowning, signed_in_trainer
):
    response = client.get(evidence_url(cohort, learner, query="state=missing&competency=c3&q=lee"))
    matrix = f"/en/trainer/cohorts/{cohort.pk}/matrix/"
    assert response.context["back_url"] == f"{matrix}?state=missing&competency=c3&q=lee"
    response = client.get(evidence_url(cohort, learner, query="state=nonsense&competency=c9"))
    assert response.context["back_url"] == matrix


@pytest.mark.parametrize("status", ["applied", "waitlisted", "refused", "withdrawn"])
def test_students_without_an_active_enrolment_are_not_found(
    client, cohort, gowning, signed_in_trainer, status
):
    person = make_user("Student", email="inactive@example.org")
    enrol(person, cohort, status=status)
    give(person, gowning, 2)
    assert client.get(evidence_url(cohort, person)).status_code == 404


def test_a_student_of_another_cohort_is_not_found(
    client, cohort, curriculum, gowning, other_trainer, signed_in_trainer
):
    other = make_cohort(curriculum.module, trainers=[other_trainer], name="Zomer 2027")
    person = make_user("Student", email="elsewhere@example.org")
    enrol(person, other)
    assert client.get(evidence_url(cohort, person)).status_code == 404


def test_unknown_and_inactive_competencies_are_not_found(
    client, cohort, learner, gowning, signed_in_trainer
):
    make_competency("c8", "Retired", active=False)
    assert client.get(evidence_url(cohort, learner, code="c99")).status_code == 404
    assert client.get(evidence_url(cohort, learner, code="c8")).status_code == 404


def test_the_page_offers_a_signed_assessment_of_this_student_and_competency(
    client, cohort, learner, gowning, signed_in_trainer
):
    html = client.get(evidence_url(cohort, learner)).text
    assess_url = f"/en/trainer/cohorts/{cohort.pk}/assess/{learner.pk}/c3/"
    assert f'<a class="button" href="{assess_url}">Assess this competency' in html
    assert client.get(assess_url).status_code == 200


def test_a_signed_assessment_shows_in_the_matrix_and_its_evidence_opens_it(
    client, cohort, learner, gowning, trainer, signed_in_trainer
):
    criterion = RubricCriterion.objects.create(
        competency=gowning, text_en="Keeps gloved hands above the waist", text_nl="Handen hoog"
    )
    assessment = sign_assessment(
        signer=trainer,
        student=learner,
        competency=gowning,
        context_ref=f"cohort:{cohort.pk}",
        context_label=str(cohort),
        observed_on=timezone.localdate(),
        outcome="competent",
        level=3,
        criteria={criterion.pk: True},
        comments="Gowned without touching the outside of the suit.",
        reauthenticated_at=timezone.now(),
        signed_with_mfa=True,
    )
    matrix = client.get(f"/en/trainer/cohorts/{cohort.pk}/matrix/").context["matrix"]
    cell = matrix.rows[0].cells[0]
    assert (cell.state, cell.level) == ("current", 3)
    html = client.get(evidence_url(cohort, learner)).text
    assert "Trainer assessment" in html
    assert "Verified by a trainer" in html
    detail = f"/en/trainer/assessments/{assessment.pk}/"
    assert f'<a href="{detail}">Open the signed assessment</a>' in html
    assert client.get(detail).status_code == 200
