"""Trainer assessments, signed electronically (EU GMP Annex 11, 21 CFR Part 11)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .framework import Competency


class AssessmentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Signed assessments are never edited; record a correction instead.")

    def delete(self):
        raise TypeError("Signed assessments are never deleted.")


class Assessment(models.Model):
    """A trainer's signed record of an observed performance. Immutable once saved.

    The signature is part of the record: the signer re-authenticated just before, the meaning
    shown to them is stored word for word, and `content_hash` is the SHA-256 of the canonical
    JSON of what they signed (`certificates.signatures.signed_content`). A correction is a new
    signed Assessment with `corrects` pointing here and a reason.
    """

    class Outcome(models.TextChoices):
        COMPETENT = "competent", _("Competent")
        NOT_YET = "not_yet", _("Not yet competent")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    # Where it happened, as the caller (courses) names it: certificates knows no cohorts.
    context_ref = models.CharField(_("context"), max_length=120, blank=True)
    context_label = models.CharField(_("context"), max_length=255, blank=True)
    observed_on = models.DateField(_("observed on"))
    # In context: the catalogue's plain "outcome" is a module's learning outcome.
    outcome = models.CharField(
        pgettext_lazy("assessment", "outcome"), max_length=10, choices=Outcome.choices
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    # [{"criterion": id, "text": "...", "observed": bool, "required": bool}, ...]
    criteria = models.JSONField(_("criteria"), default=list)
    comments = models.TextField(_("comments"), blank=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    # PROTECT: the signer's id is part of the signed hash. Accounts are anonymised, never
    # deleted, once they have signed (atmp_platform.accounts.gdpr).
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="signed_assessments",
    )
    signer_name = models.CharField(_("signer's name"), max_length=255)
    signed_at = models.DateTimeField(_("signed at"))
    signature_meaning = models.CharField(_("meaning of the signature"), max_length=255)
    reauthenticated_at = models.DateTimeField(_("re-authenticated at"))
    signed_with_mfa = models.BooleanField(_("signed with a second factor"), default=False)
    content_hash = models.CharField(_("hash of the signed content"), max_length=64)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.competency.code} · {self.student} · {self.signed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Signed assessments are never edited; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Signed assessments are never deleted.")
