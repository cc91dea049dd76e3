"""Enrolment views: enrol, apply, withdraw (students) and decide (trainers)."""

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import pytest

from courses.models import Enrolment
from tests.factories import activate_totp

from .conftest import enrol

Status = Enrolment.Status


def nl(message: str, **values) -> str:
    with translation.override("nl"):
        return gettext(message) % values if values else gettext(message)


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def url(name: str, *args) -> str:
    with translation.override("nl"):
        return reverse(name, args=args)


@pytest.fixture
def mfa_trainer(trainer):
    activate_totp(trainer)
    return trainer


def test_a_student_enrols_and_returns_to_the_module(client, student, cohort, module):
    client.force_login(student)
    response = client.post(url("learn:enrol", cohort.pk), {"next": module.url})
    assert response.status_code == 302
    assert response.url == module.url
    assert Enrolment.objects.get(student=student).status == Status.ENROLLED
    assert texts(response) == [nl("You are enrolled in %(cohort)s.", cohort=cohort)]


def test_a_student_is_waitlisted_with_a_warning(client, student, other_student, cohort):
    cohort.capacity = 1
    cohort.save()
    enrol(other_student, cohort)
    client.force_login(student)
    response = client.post(url("learn:enrol", cohort.pk))
    assert Enrolment.objects.get(student=student).status == Status.WAITLISTED
    assert "message--warning" in client.get(response.url).content.decode()


def test_an_unsafe_next_is_ignored(client, student, cohort, module):
    client.force_login(student)
    response = client.post(url("learn:enrol", cohort.pk), {"next": "https://evil.example/"})
    assert response.url == module.url


def test_enrolling_twice_shows_the_reason_and_changes_nothing(client, student, cohort):
    enrol(student, cohort, status=Status.WAITLISTED)
    client.force_login(student)
    response = client.post(url("learn:enrol", cohort.pk))
    assert response.status_code == 302
    assert texts(response) == [nl("You have already asked for a place in this cohort.")]
    assert Enrolment.objects.get().status == Status.WAITLISTED


def test_enrol_refuses_get(client, student, cohort):
    client.force_login(student)
    assert client.get(url("learn:enrol", cohort.pk)).status_code == 405
    assert not Enrolment.objects.exists()


def test_enrol_in_an_unknown_cohort_is_404(client, student, cohort):
    client.force_login(student)
    assert client.post(url("learn:enrol", cohort.pk + 99)).status_code == 404


def test_a_trainer_may_not_enrol(client, other_trainer, cohort):
    client.force_login(other_trainer)
    assert client.post(url("learn:enrol", cohort.pk)).status_code == 403
    assert not Enrolment.objects.exists()


def test_anonymous_visitors_log_in_first(client, cohort):
    response = client.post(url("learn:enrol", cohort.pk))
    assert response.status_code == 302
    assert response.url.startswith(url("account_login"))


def test_the_english_enrol_returns_to_the_english_module(client, student, cohort, curriculum):
    client.force_login(student)
    with translation.override("en"):
        response = client.post(reverse("learn:enrol", args=[cohort.pk]))
    assert response.url == curriculum.module_en.url


def test_a_student_applies_with_the_form(client, student, application_cohort, module):
    client.force_login(student)
    form = client.get(url("learn:apply", application_cohort.pk))
    assert form.status_code == 200
    assert 'name="motivation"' in form.content.decode()
    response = client.post(
        url("learn:apply", application_cohort.pk), {"motivation": "Ik werk in QC."}
    )
    assert response.status_code == 302
    assert response.url == module.url
    enrolment = Enrolment.objects.get(student=student)
    assert (enrolment.status, enrolment.motivation) == (Status.APPLIED, "Ik werk in QC.")


@pytest.mark.parametrize("motivation", ["", "   ", "x" * 2001])
def test_a_bad_motivation_shows_the_form_again(client, student, application_cohort, motivation):
    client.force_login(student)
    response = client.post(url("learn:apply", application_cohort.pk), {"motivation": motivation})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Enrolment.objects.exists()


def test_applying_to_an_open_cohort_sends_the_student_to_enrol(client, student, cohort, module):
    client.force_login(student)
    response = client.post(url("learn:apply", cohort.pk), {"motivation": "Graag"})
    assert response.status_code == 302
    assert response.url == module.url
    assert texts(response) == [nl("This cohort is open: enrol directly instead of applying.")]
    assert not Enrolment.objects.exists()


def test_a_closed_cohort_refuses_an_application_and_says_why(client, student, application_cohort):
    application_cohort.enrolment_open = False
    application_cohort.save()
    client.force_login(student)
    response = client.post(url("learn:apply", application_cohort.pk), {"motivation": "Graag"})
    assert response.status_code == 400
    assert nl("This cohort no longer accepts enrolments.") in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_trainer_gets_no_application_form(client, other_trainer, application_cohort):
    client.force_login(other_trainer)
    assert client.get(url("learn:apply", application_cohort.pk)).status_code == 403


def test_a_student_withdraws(client, enrolment, student, module):
    client.force_login(student)
    response = client.post(url("learn:withdraw", enrolment.pk))
    assert response.url == module.url
    enrolment.refresh_from_db()
    assert enrolment.status == Status.WITHDRAWN


def test_another_student_may_not_withdraw_someone(client, enrolment, other_student):
    client.force_login(other_student)
    assert client.post(url("learn:withdraw", enrolment.pk)).status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENROLLED


def test_withdrawing_twice_shows_the_reason(client, enrolment, student):
    client.force_login(student)
    client.post(url("learn:withdraw", enrolment.pk))
    response = client.post(url("learn:withdraw", enrolment.pk))
    assert response.status_code == 302
    status = Status.WITHDRAWN.label
    with translation.override("nl"):
        expected = gettext("This enrolment is %(status)s: there is nothing to withdraw.") % {
            "status": str(status).lower()
        }
    assert texts(response)[-1] == expected
    enrolment.refresh_from_db()
    assert enrolment.status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("decision", "status"), [("accept", Status.ENROLLED), ("refuse", Status.REFUSED)]
)
def test_the_cohort_trainer_decides_and_returns_to_the_cohort_view(
    client, mfa_trainer, student, application_cohort, decision, status
):
    enrolment = enrol(student, application_cohort, status=Status.APPLIED, motivation="QC")
    client.force_login(mfa_trainer)
    response = client.post(
        url("trainer:decide_enrolment", enrolment.pk), {"decision": decision, "reason": "Past"}
    )
    assert response.status_code == 302
    assert response.url == url("trainer:cohort", application_cohort.pk)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decided_by) == (status, mfa_trainer)


def test_the_decision_returns_to_a_safe_next(client, mfa_trainer, student, application_cohort):
    enrolment = enrol(student, application_cohort, status=Status.APPLIED, motivation="QC")
    client.force_login(mfa_trainer)
    target = url("trainer:cohort", application_cohort.pk) + "?tab=applications"
    response = client.post(
        url("trainer:decide_enrolment", enrolment.pk), {"decision": "waitlist", "next": target}
    )
    assert response.url == target


def test_a_bad_decision_changes_nothing(client, mfa_trainer, student, application_cohort):
    enrolment = enrol(student, application_cohort, status=Status.APPLIED, motivation="QC")
    client.force_login(mfa_trainer)
    response = client.post(url("trainer:decide_enrolment", enrolment.pk), {"decision": "maybe"})
    assert texts(response) == [nl("Choose to accept, waitlist or refuse.")]
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED


def test_another_trainer_may_not_decide(client, other_trainer, student, application_cohort):
    activate_totp(other_trainer)
    enrolment = enrol(student, application_cohort, status=Status.APPLIED, motivation="QC")
    client.force_login(other_trainer)
    response = client.post(url("trainer:decide_enrolment", enrolment.pk), {"decision": "accept"})
    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED


def test_a_trainer_without_a_second_factor_is_sent_to_set_one_up(
    client, trainer, student, application_cohort
):
    enrolment = enrol(student, application_cohort, status=Status.APPLIED, motivation="QC")
    client.force_login(trainer)
    response = client.post(url("trainer:decide_enrolment", enrolment.pk), {"decision": "accept"})
    assert response.status_code == 302
    assert response.url.startswith(url("mfa_index"))
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED
