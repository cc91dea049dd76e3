"""Enrolment services: every path, refusal and audit record."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

import pytest

from atmp_platform.accounts import roles
from atmp_platform.audit.models import AuditEvent
from courses.enrolment import (
    apply_for_cohort,
    decide_enrolment,
    enrol_student,
    fill_free_places,
    places_taken,
    withdraw_enrolment,
)
from courses.models import Enrolment
from tests.factories import make_user

from .conftest import enrol


@pytest.fixture(autouse=True)
def _english():
    """The refusals below are read in English; without this the language would be whatever
    an earlier test in the same process left active."""
    with translation.override("en"):
        yield


Status = Enrolment.Status


def students(count: int) -> list:
    return [make_user(roles.STUDENT, email=f"s{number}@example.org") for number in range(count)]


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_a_student_enrols_in_an_open_cohort_with_room(student, cohort):
    enrolment = enrol_student(student=student, cohort=cohort)
    assert enrolment.status == Status.ENROLLED
    event = last_event("course.enrolment_enrolled")
    assert event.actor == student
    assert event.new_value["status"] == "enrolled"


def test_a_student_is_waitlisted_when_the_cohort_is_full(student, cohort):
    cohort.capacity = 2
    cohort.save()
    for other in students(2):
        enrol_student(student=other, cohort=cohort)
    enrolment = enrol_student(student=student, cohort=cohort)
    assert enrolment.status == Status.WAITLISTED
    assert places_taken(cohort) == 2
    assert last_event("course.enrolment_waitlisted").actor == student


@pytest.mark.parametrize("role", [None, roles.TRAINER, roles.PARTNER_EDITOR])
def test_only_students_enrol(cohort, role):
    person = make_user(role)
    with pytest.raises(PermissionDenied):
        enrol_student(student=person, cohort=cohort)
    assert not Enrolment.objects.exists()


def test_a_closed_cohort_refuses_enrolment(student, cohort):
    cohort.enrolment_open = False
    cohort.save()
    with pytest.raises(ValidationError, match="no longer accepts"):
        enrol_student(student=student, cohort=cohort)
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_cohort_by_application_is_refused(student, application_cohort):
    with pytest.raises(ValidationError, match="apply instead"):
        enrol_student(student=student, cohort=application_cohort)


def test_applying_to_an_open_cohort_is_refused(student, cohort):
    with pytest.raises(ValidationError, match="enrol directly"):
        apply_for_cohort(student=student, cohort=cohort, motivation="Graag.")


def test_enrolling_twice_is_refused(student, cohort):
    enrol_student(student=student, cohort=cohort)
    with pytest.raises(ValidationError, match="already asked"):
        enrol_student(student=student, cohort=cohort)
    assert Enrolment.objects.count() == 1


def test_a_withdrawn_student_may_enrol_again(student, cohort):
    enrolment = enrol_student(student=student, cohort=cohort)
    withdraw_enrolment(enrolment=enrolment, actor=student)
    again = enrol_student(student=student, cohort=cohort)
    assert again.pk == enrolment.pk
    assert again.status == Status.ENROLLED
    assert again.withdrawn_at is None


def test_a_student_applies_with_a_motivation(student, application_cohort):
    enrolment = apply_for_cohort(
        student=student, cohort=application_cohort, motivation="  Ik werk in QC.  "
    )
    assert enrolment.status == Status.APPLIED
    assert enrolment.motivation == "Ik werk in QC."
    assert last_event("course.enrolment_applied").actor == student


@pytest.mark.parametrize("motivation", ["", "   ", None])
def test_an_application_needs_a_motivation(student, application_cohort, motivation):
    with pytest.raises(ValidationError, match="why you want"):
        apply_for_cohort(student=student, cohort=application_cohort, motivation=motivation)
    assert not Enrolment.objects.exists()


def test_an_overlong_motivation_is_refused(student, application_cohort):
    with pytest.raises(ValidationError):
        apply_for_cohort(student=student, cohort=application_cohort, motivation="x" * 2001)
    assert not Enrolment.objects.exists()


def test_a_refused_student_cannot_apply_again(student, trainer, application_cohort):
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    decide_enrolment(enrolment=enrolment, decision="refuse", actor=trainer)
    with pytest.raises(ValidationError, match="was refused"):
        apply_for_cohort(student=student, cohort=application_cohort, motivation="Nog eens")


@pytest.mark.parametrize(
    ("decision", "status"),
    [("accept", Status.ENROLLED), ("waitlist", Status.WAITLISTED), ("refuse", Status.REFUSED)],
)
def test_the_cohort_trainer_decides_on_an_application(
    student, trainer, application_cohort, decision, status
):
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    decided = decide_enrolment(
        enrolment=enrolment, decision=decision, actor=trainer, reason="Motivatie"
    )
    assert decided.status == status
    assert decided.decided_by == trainer
    assert decided.decided_at is not None
    event = last_event(f"course.enrolment_decided_{decision}")
    assert event.actor == trainer
    assert event.old_value == {"status": "applied"}
    assert event.reason == "Motivatie"


def test_a_programme_administrator_decides_too(student, administrator, application_cohort):
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    assert decide_enrolment(enrolment=enrolment, decision="accept", actor=administrator).status == (
        Status.ENROLLED
    )


@pytest.mark.parametrize("who", ["other_trainer", "partner_editor", "other_student", "student"])
def test_others_may_not_decide(request, student, application_cohort, who):
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    with pytest.raises(PermissionDenied):
        decide_enrolment(enrolment=enrolment, decision="accept", actor=request.getfixturevalue(who))
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED


def test_an_unknown_decision_is_refused(student, trainer, application_cohort):
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    with pytest.raises(ValidationError, match="accept, waitlist or refuse"):
        decide_enrolment(enrolment=enrolment, decision="promote", actor=trainer)


def test_accepting_into_a_full_cohort_is_refused(trainer, application_cohort):
    first, second, third = students(3)
    for person in (first, second):
        enrolment = apply_for_cohort(student=person, cohort=application_cohort, motivation="QC")
        decide_enrolment(enrolment=enrolment, decision="accept", actor=trainer)
    waiting = apply_for_cohort(student=third, cohort=application_cohort, motivation="QC")
    with pytest.raises(ValidationError, match="full"):
        decide_enrolment(enrolment=waiting, decision="accept", actor=trainer)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPLIED
    assert places_taken(application_cohort) == 2


def test_a_decision_that_no_longer_applies_is_refused(student, trainer, cohort):
    enrolment = enrol_student(student=student, cohort=cohort)
    with pytest.raises(ValidationError, match="no longer applies"):
        decide_enrolment(enrolment=enrolment, decision="refuse", actor=trainer)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENROLLED


def test_a_waitlisted_applicant_can_be_accepted_later(student, trainer, application_cohort):
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    decide_enrolment(enrolment=enrolment, decision="waitlist", actor=trainer)
    assert decide_enrolment(enrolment=enrolment, decision="accept", actor=trainer).status == (
        Status.ENROLLED
    )


def test_a_student_withdraws_and_the_place_is_freed(student, cohort):
    enrolment = enrol_student(student=student, cohort=cohort)
    withdrawn = withdraw_enrolment(enrolment=enrolment, actor=student)
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert places_taken(cohort) == 0
    assert last_event("course.enrolment_withdrawn").old_value == {"status": "enrolled"}


def test_withdrawing_in_an_open_cohort_promotes_the_longest_waiting(student, cohort):
    cohort.capacity = 1
    cohort.save()
    enrolment = enrol_student(student=student, cohort=cohort)
    first, second = students(2)
    waiting_first = enrol_student(student=first, cohort=cohort)
    enrol_student(student=second, cohort=cohort)
    withdraw_enrolment(enrolment=enrolment, actor=student)
    waiting_first.refresh_from_db()
    assert waiting_first.status == Status.ENROLLED
    assert Enrolment.objects.get(student=second).status == Status.WAITLISTED
    assert AuditEvent.objects.filter(
        action="course.enrolment_promoted", object_id=str(waiting_first.pk)
    ).exists()


def test_withdrawing_in_a_cohort_by_application_promotes_nobody(
    student, trainer, application_cohort
):
    application_cohort.capacity = 1
    application_cohort.save()
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    decide_enrolment(enrolment=enrolment, decision="accept", actor=trainer)
    (other,) = students(1)
    waiting = apply_for_cohort(student=other, cohort=application_cohort, motivation="QC")
    decide_enrolment(enrolment=waiting, decision="waitlist", actor=trainer)
    withdraw_enrolment(enrolment=enrolment, actor=student)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_a_trainer_of_the_cohort_may_withdraw_a_student(student, trainer, cohort):
    enrolment = enrol_student(student=student, cohort=cohort)
    assert withdraw_enrolment(enrolment=enrolment, actor=trainer).status == Status.WITHDRAWN
    assert last_event("course.enrolment_withdrawn").actor == trainer


@pytest.mark.parametrize("who", ["other_trainer", "other_student", "partner_editor"])
def test_others_may_not_withdraw_a_student(request, student, cohort, who):
    enrolment = enrol_student(student=student, cohort=cohort)
    with pytest.raises(PermissionDenied):
        withdraw_enrolment(enrolment=enrolment, actor=request.getfixturevalue(who))
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENROLLED


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.REFUSED, Status.COMPLETED])
def test_nothing_to_withdraw_is_refused(student, cohort, status):
    enrolment = enrol(student, cohort, status=status)
    with pytest.raises(ValidationError, match="nothing to withdraw"):
        withdraw_enrolment(enrolment=enrolment, actor=student)
    enrolment.refresh_from_db()
    assert enrolment.status == status


def test_filling_free_places_promotes_in_order_until_full(student, cohort, administrator):
    cohort.capacity = 1
    cohort.save()
    enrol_student(student=student, cohort=cohort)
    waiting = [enrol_student(student=other, cohort=cohort) for other in students(3)]
    cohort.capacity = 3
    cohort.save()
    promoted = fill_free_places(cohort=cohort, actor=administrator)
    assert [enrolment.pk for enrolment in promoted] == [waiting[0].pk, waiting[1].pk]
    waiting[2].refresh_from_db()
    assert waiting[2].status == Status.WAITLISTED


def test_filling_free_places_leaves_a_cohort_by_application_alone(
    student, trainer, application_cohort
):
    enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    decide_enrolment(enrolment=enrolment, decision="waitlist", actor=trainer)
    assert fill_free_places(cohort=application_cohort, actor=trainer) == []
