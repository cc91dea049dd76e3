"""The cohorts a module page offers a visitor, each with what the visitor can do about it.

Two queries whatever the number of cohorts and enrolments: the cohorts with their places
taken counted in SQL, and the visitor's own enrolments in them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from courses import access

# Only the cohorts module: the page models use this one to build the module page.
from courses.models.cohorts import Cohort, Enrolment

Status = Enrolment.Status


@dataclass(frozen=True)
class CohortCard:
    cohort: Cohort
    places_left: int
    enrolment: Enrolment | None
    # "login", "enrol", "waitlist", "apply", "enrolled", "waitlisted", "applied", "refused",
    # "completed", "closed" or "" (signed in without the student role).
    action: str

    @property
    def may_withdraw(self) -> bool:
        return self.action in ("enrolled", "waitlisted", "applied")

    @property
    def is_full(self) -> bool:
        return self.places_left <= 0


def offered_cohorts(module_key, user, today: datetime.date | None = None):
    """Cohorts of the module still open for enrolment, and any the user has a place in."""
    today = today or timezone.localdate()
    offered = Q(enrolment_open=True, ends_on__gte=today)
    if user.is_authenticated:
        mine = Enrolment.objects.filter(student=user).exclude(status=Status.WITHDRAWN)
        offered |= Q(pk__in=mine.values("cohort_id"))
    active = Q(enrolments__status__in=Enrolment.ACTIVE_STATUSES)
    return (
        Cohort.objects.filter(offered, module__translation_key=module_key)
        .annotate(taken=Count("enrolments", filter=active))
        .order_by("starts_on", "name")
    )


def _action(cohort: Cohort, enrolment: Enrolment | None, user, student: bool) -> str:
    if enrolment is not None and enrolment.status != Status.WITHDRAWN:
        return str(enrolment.status)
    if not cohort.enrolment_open:
        return "closed"
    if not user.is_authenticated:
        return "login"
    if not student:
        return ""
    if cohort.enrolment_mode == Cohort.EnrolmentMode.APPLICATION:
        return "apply"
    return "enrol" if cohort.taken < cohort.capacity else "waitlist"


def cohort_cards(module_key, user) -> list[CohortCard]:
    cohorts = list(offered_cohorts(module_key, user))
    enrolments = {}
    if user.is_authenticated and cohorts:
        enrolments = {
            enrolment.cohort_id: enrolment
            for enrolment in Enrolment.objects.filter(student=user, cohort__in=cohorts)
        }
    student = access.is_student(user)
    return [
        CohortCard(
            cohort=cohort,
            places_left=max(cohort.capacity - cohort.taken, 0),
            enrolment=enrolments.get(cohort.pk),
            action=_action(cohort, enrolments.get(cohort.pk), user, student),
        )
        for cohort in cohorts
    ]
