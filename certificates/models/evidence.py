"""Evidence of competence, and the status per person and competency derived from it."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .framework import Competency

EXPIRING_SOON_DAYS = 30


class Evidence(models.Model):
    """One piece of evidence that a person holds a competency at a level.

    Written only through `certificates.services.record_evidence`; never edited, except that a
    correcting record may mark it superseded (audited), after which it no longer counts.
    """

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", _("Trainer assessment")
        MODULE = "module", _("Module completed")
        H5P = "h5p", _("Interactive exercise")
        SIMULATION = "simulation", _("Simulation run")
        IMPORT = "import", _("Imported record")

    class Verification(models.TextChoices):
        SERVER = "server", _("Verified by the platform")
        TRAINER = "trainer", _("Verified by a trainer")
        SELF_REPORTED = "self", _("Self-reported")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="evidence"
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    # Percentage 0..100 where the source has a score (exercise, module result, simulation).
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # What produced it, e.g. "assessment:12", "module:<translation key>", "h5p-result:34".
    source_ref = models.CharField(_("source reference"), max_length=120)
    source_label = models.CharField(_("source description"), max_length=255, blank=True)
    verification = models.CharField(_("verification"), max_length=10, choices=Verification.choices)
    occurred_at = models.DateTimeField(_("when"))
    valid_until = models.DateField(_("counts until"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competency", "source", "source_ref"],
                name="evidence_once_per_source",
            )
        ]
        indexes = [models.Index(fields=["person", "competency"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.competency.code} · {self.get_source_display()}"

    @property
    def counts(self) -> bool:
        """Whether it can give a level: verified by the server or a trainer, not superseded."""
        verified = self.verification != self.Verification.SELF_REPORTED
        return verified and self.superseded_by_id is None

    def is_valid_on(self, day: date) -> bool:
        return self.valid_until is None or self.valid_until >= day


class CompetencyStatus(models.Model):
    """The current standing of a person in a competency, derived from the evidence.

    A materialised read model: `services.refresh_status` rewrites it whenever evidence
    changes, and the daily job refreshes rows whose validity has passed. Expiring soon and
    expired are read against today, so the row needs no update for them to show.
    """

    class State(models.TextChoices):
        MISSING = "missing", _("Missing")
        CURRENT = "current", _("Current")
        EXPIRING = "expiring", _("Expiring soon")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="competency_statuses",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="+"
    )
    # The highest level held by counting evidence that is still valid (null: none is).
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # The level that lapsed, when nothing valid is left (to show "expired at level 3").
    expired_level = models.PositiveSmallIntegerField(_("expired level"), null=True, blank=True)
    expired_on = models.DateField(_("expired on"), null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence,
        verbose_name=_("evidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence_count = models.PositiveIntegerField(_("pieces of evidence"), default=0)
    # The `valid_until` the last expiry reminder was about: renewed evidence moves the date,
    # and the new date earns its own reminder (certificates.expiry).
    reminder_sent_for = models.DateField(_("expiry reminder sent for"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("competency status")
        verbose_name_plural = _("competency statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competency"], name="competency_status_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.competency_id} · {self.level}"

    def state_on(self, day: date) -> str:
        if self.level is not None and (self.valid_until is None or self.valid_until >= day):
            if self.valid_until is not None and (self.valid_until - day).days <= EXPIRING_SOON_DAYS:
                return self.State.EXPIRING
            return self.State.CURRENT
        if self.level is not None or self.expired_level is not None:
            return self.State.EXPIRED
        return self.State.MISSING
