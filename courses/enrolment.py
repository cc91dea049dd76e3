"""Enrolment services: the one write path for a student's place in a cohort.

Capacity counts accepted enrolments (enrolled or completed). Every service that can fill a
place locks the cohort row first (SELECT … FOR UPDATE on PostgreSQL; on SQLite every
transaction is IMMEDIATE and so already holds the write lock), then counts: simultaneous
requests queue on the lock and the count they see is final.

When an open cohort is full, a student who enrols is waitlisted; when a place frees up in an
open cohort, the longest-waiting student gets it automatically. In a cohort by application a
trainer decides on every place, so nobody is promoted without a decision.

Every change is recorded in the audit trail and confirmed to the student by e-mail after
commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atmp_platform.audit.services import record_event
from atmp_platform.outbox.services import enqueue_task
from courses.access import is_student, manages_cohort
from courses.models import Cohort, Enrolment
from courses.tasks import send_enrolment_email

Status = Enrolment.Status
DECISIONS = {"accept": Status.ENROLLED, "waitlist": Status.WAITLISTED, "refuse": Status.REFUSED}
# Statuses a decision may start from, per decision.
DECIDABLE = {
    "accept": (Status.APPLIED, Status.WAITLISTED),
    "waitlist": (Status.APPLIED,),
    "refuse": (Status.APPLIED, Status.WAITLISTED),
}
WITHDRAWABLE = (Status.APPLIED, Status.WAITLISTED, Status.ENROLLED)
MOTIVATION_MAX_LENGTH = Enrolment._meta.get_field("motivation").max_length


def _locked(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("module").get(pk=cohort.pk)


def places_taken(cohort: Cohort) -> int:
    return cohort.enrolments.active().count()


def _has_place(cohort: Cohort) -> bool:
    return places_taken(cohort) < cohort.capacity


def _notify(enrolment: Enrolment, kind: str, reason: str = "") -> None:
    enqueue_task(task=send_enrolment_email, args=[enrolment.pk, kind, reason])


def _audit(enrolment: Enrolment, *, action: str, actor, old_status: str = "", reason: str = ""):
    record_event(
        action=f"course.enrolment_{action}",
        actor=actor,
        target=enrolment,
        old_value={"status": old_status} if old_status else None,
        new_value={
            "student": enrolment.student.email,
            "cohort": enrolment.cohort_id,
            "status": enrolment.status,
        },
        reason=reason,
    )


def _check_can_request(student, cohort: Cohort, mode: str) -> Enrolment | None:
    """Refuse a request the student may not make; return their earlier, ended enrolment."""
    if not is_student(student):
        raise PermissionDenied(_("Only students can enrol in a cohort."))
    if not cohort.enrolment_open:
        raise ValidationError(_("This cohort no longer accepts enrolments."))
    if cohort.enrolment_mode != mode:
        if mode == Cohort.EnrolmentMode.OPEN:
            raise ValidationError(_("This cohort admits students by application: apply instead."))
        raise ValidationError(_("This cohort is open: enrol directly instead of applying."))
    earlier = Enrolment.objects.filter(cohort=cohort, student=student).first()
    if earlier is None or earlier.status == Status.WITHDRAWN:
        return earlier
    if earlier.status == Status.REFUSED:
        raise ValidationError(_("Your application for this cohort was refused."))
    raise ValidationError(_("You have already asked for a place in this cohort."))


def _save_request(student, cohort: Cohort, earlier, *, status: str, motivation: str = ""):
    enrolment = earlier or Enrolment(student=student, cohort=cohort)
    enrolment.status = status
    enrolment.motivation = motivation
    enrolment.decided_at = enrolment.decided_by = enrolment.withdrawn_at = None
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrol_student(*, student, cohort: Cohort) -> Enrolment:
    """Give `student` a place in the open `cohort`, or a place on its waitlist when full.

    Raises PermissionDenied for a non-student and ValidationError when the cohort is closed,
    admits by application, or the student already asked for a place (a withdrawn student may
    enrol again; a refused one may not). Returns the enrolment: check its status.
    """
    cohort = _locked(cohort)
    earlier = _check_can_request(student, cohort, Cohort.EnrolmentMode.OPEN)
    status = Status.ENROLLED if _has_place(cohort) else Status.WAITLISTED
    enrolment = _save_request(student, cohort, earlier, status=status)
    _audit(enrolment, action=status, actor=student)
    _notify(enrolment, status)
    return enrolment


@transaction.atomic
def apply_for_cohort(*, student, cohort: Cohort, motivation: str) -> Enrolment:
    """Ask for a place in a cohort by application; a trainer decides later.

    Raises like `enrol_student`, and ValidationError when the motivation is empty or too long.
    """
    cohort = _locked(cohort)
    earlier = _check_can_request(student, cohort, Cohort.EnrolmentMode.APPLICATION)
    motivation = (motivation or "").strip()
    if not motivation:
        raise ValidationError(_("Tell the trainers why you want to follow this module."))
    if len(motivation) > MOTIVATION_MAX_LENGTH:
        raise ValidationError(
            _("Keep your motivation under %(limit)d characters.") % {"limit": MOTIVATION_MAX_LENGTH}
        )
    enrolment = _save_request(
        student, cohort, earlier, status=Status.APPLIED, motivation=motivation
    )
    _audit(enrolment, action="applied", actor=student)
    _notify(enrolment, "applied")
    return enrolment


@transaction.atomic
def decide_enrolment(*, enrolment: Enrolment, decision: str, actor, reason: str = "") -> Enrolment:
    """Accept, waitlist or refuse an application or a waitlisted student.

    Only trainers of the cohort and programme administrators decide (PermissionDenied
    otherwise). Raises ValidationError for an unknown decision, one that does not fit the
    enrolment's status, or an acceptance into a full cohort.
    """
    if decision not in DECISIONS:
        raise ValidationError(_("Choose to accept, waitlist or refuse."))
    cohort = _locked(enrolment.cohort)
    if not manages_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's trainers and programme administrators decide."))
    enrolment = Enrolment.objects.select_for_update().select_related("student").get(pk=enrolment.pk)
    old_status = enrolment.status
    if old_status not in DECIDABLE[decision]:
        raise ValidationError(
            _("This enrolment is %(status)s: that decision no longer applies.")
            % {"status": enrolment.get_status_display().lower()}
        )
    if decision == "accept" and not _has_place(cohort):
        raise ValidationError(
            _("The cohort is full: withdraw someone or raise its capacity first.")
        )
    enrolment.status = DECISIONS[decision]
    enrolment.decided_at, enrolment.decided_by = timezone.now(), actor
    enrolment.save(update_fields=["status", "decided_at", "decided_by"])
    _audit(
        enrolment, action=f"decided_{decision}", actor=actor, old_status=old_status, reason=reason
    )
    kind = "accepted" if decision == "accept" else DECISIONS[decision]
    _notify(enrolment, kind, reason if decision == "refuse" else "")
    return enrolment


@transaction.atomic
def withdraw_enrolment(*, enrolment: Enrolment, actor) -> Enrolment:
    """End an application, waitlisting or enrolment, by the student or a manager of the cohort.

    Frees the place; in an open cohort the longest-waiting student takes it. A completed
    enrolment stays. Raises PermissionDenied for anyone else and ValidationError when there
    is nothing left to withdraw.
    """
    cohort = _locked(enrolment.cohort)
    enrolment = Enrolment.objects.select_for_update().select_related("student").get(pk=enrolment.pk)
    if actor.pk != enrolment.student_id and not manages_cohort(actor, cohort):
        raise PermissionDenied(_("You can only withdraw your own enrolment."))
    old_status = enrolment.status
    if old_status not in WITHDRAWABLE:
        raise ValidationError(
            _("This enrolment is %(status)s: there is nothing to withdraw.")
            % {"status": enrolment.get_status_display().lower()}
        )
    enrolment.status, enrolment.withdrawn_at = Status.WITHDRAWN, timezone.now()
    enrolment.save(update_fields=["status", "withdrawn_at"])
    _audit(enrolment, action="withdrawn", actor=actor, old_status=old_status)
    _notify(enrolment, "withdrawn")
    if old_status == Status.ENROLLED:
        promote_from_waitlist(cohort=cohort, actor=actor)
    return enrolment


def promote_from_waitlist(*, cohort: Cohort, actor) -> Enrolment | None:
    """Give a free place of an open cohort to the longest-waiting student.

    Precondition: the caller holds the cohort's lock inside a transaction.
    """
    if cohort.enrolment_mode != Cohort.EnrolmentMode.OPEN or not _has_place(cohort):
        return None
    waiting = (
        cohort.enrolments.filter(status=Status.WAITLISTED)
        .select_related("student")
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status, waiting.decided_at = Status.ENROLLED, timezone.now()
    waiting.save(update_fields=["status", "decided_at"])
    _audit(
        waiting,
        action="promoted",
        actor=actor,
        old_status=Status.WAITLISTED,
        reason="A place came free in an open cohort.",
    )
    _notify(waiting, "accepted")
    return waiting


@transaction.atomic
def fill_free_places(*, cohort: Cohort, actor) -> list[Enrolment]:
    """After a cohort's capacity was raised: promote waitlisted students of an open cohort
    into the free places, longest-waiting first. Returns those promoted."""
    cohort = _locked(cohort)
    promoted = []
    while (enrolment := promote_from_waitlist(cohort=cohort, actor=actor)) is not None:
        promoted.append(enrolment)
    return promoted
