"""Certificate types and the certificates issued from them."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .bilingual import in_language
from .framework import Competency, ProficiencyLevel


class CertificateType(ClusterableModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    # What the certificate attests, printed on it. DESIGN.md decision 9: knowledge, simulated
    # proficiency and trainer-observed competence; never unsupervised Grade A/B work.
    statement_en = models.TextField(_("what it attests (English)"))
    statement_nl = models.TextField(_("what it attests (Dutch)"))
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active types are issued.")
    )

    class Meta:
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def statement(self) -> str:
        return in_language(self, "statement")


class CertificateRequirement(models.Model):
    # A ParentalKey so that the admin edits the requirements inline with their type.
    certificate_type = ParentalKey(
        CertificateType,
        verbose_name=_("certificate type"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    minimum_level = models.PositiveSmallIntegerField(
        _("minimum level"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_type", "competency"], name="requirement_once_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ≥ {self.minimum_level}"

    def clean(self):
        level = self.minimum_level
        if level is not None and not ProficiencyLevel.objects.filter(value=level).exists():
            message = _("Level %(level)s is not on the proficiency scale.") % {"level": level}
            raise ValidationError({"minimum_level": message})


class Certificate(models.Model):
    """One certificate, issued once per holder, type and validity cycle.

    Created `pending` inside the transaction that met the last requirement; a task after
    commit renders the PDF, signs the credential, marks it `issued` and e-mails the holder.
    The holder's name is copied so that the certificate stays verifiable after the person's
    account is erased (GDPR).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being issued")
        ISSUED = "issued", _("Issued")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    public_id = models.UUIDField(_("certificate number"), default=uuid.uuid4, unique=True)
    certificate_type = models.ForeignKey(
        CertificateType,
        verbose_name=_("certificate type"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    holder_name = models.CharField(_("holder's name"), max_length=255)
    # 1 for the first certificate of this type for this holder, 2 after it lapsed, …
    cycle = models.PositiveIntegerField(_("validity cycle"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    # The competency statuses that met the requirements, as they were at issue.
    basis = models.JSONField(_("basis"), default=list)
    credential = models.JSONField(_("signed credential"), null=True, blank=True)
    status_list_index = models.PositiveIntegerField(_("status list index"), unique=True)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    # Set in the transaction that sent the holder their certificate: the e-mail goes once,
    # however often the task that completes the certificate runs (certificates.documents).
    emailed_at = models.DateTimeField(_("e-mailed to the holder"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    reminder_sent_at = models.DateTimeField(_("expiry reminder sent"), null=True, blank=True)
    # A random token for the holder's share link (rotatable; empty: no link).
    share_token = models.CharField(_("share token"), max_length=43, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "certificate_type", "cycle"], name="certificate_once_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_type} · {self.holder_name} · {self.issued_on}"

    def state_on(self, day: date) -> str:
        """What the verify page says: revoked wins over expired; pending is not yet valid."""
        if self.status == self.Status.REVOKED:
            return self.Status.REVOKED
        if self.valid_until < day:
            return self.Status.EXPIRED
        return self.status
