"""Cohorts (editions of a module) and enrolments.

Capacity counts accepted enrolments only; the enrolment services lock the cohort row before
counting, so simultaneous requests can never push a cohort over its capacity.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CohortQuerySet(models.QuerySet):
    def taught_by(self, user):
        return self.filter(trainers=user)


class Cohort(models.Model):
    class EnrolmentMode(models.TextChoices):
        OPEN = "open", _("Open: students enrol themselves")
        APPLICATION = "application", _("By application: a trainer decides")

    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("For example Autumn 2026."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"))
    enrolment_mode = models.CharField(
        _("enrolment"), max_length=12, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    enrolment_open = models.BooleanField(
        _("accepting enrolments"),
        default=True,
        help_text=_("Untick to close enrolment, for example once the cohort has started."),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="taught_cohorts",
        limit_choices_to={"groups__name": "Trainer"},
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.module.title} · {self.name}"


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        """Enrolments that give access to the lessons."""
        return self.filter(status__in=Enrolment.ACTIVE_STATUSES)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        WAITLISTED = "waitlisted", _("Waitlisted")
        ENROLLED = "enrolled", _("Enrolled")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    ACTIVE_STATUSES = (Status.ENROLLED, Status.COMPLETED)

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrolments"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    motivation = models.TextField(_("motivation"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "student"], name="enrolment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.cohort}"
