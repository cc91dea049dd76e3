"""The competency framework: what can be known or done, on which scale, and how long it lasts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .bilingual import BilingualMixin, in_language


class ProficiencyLevel(models.Model):
    """One step of the proficiency scale (1 aware … 4 can teach others)."""

    value = models.PositiveSmallIntegerField(
        _("level"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)

    class Meta:
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        ordering = ["value"]

    def __str__(self) -> str:
        return f"{self.value} {self.name}"

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def description(self) -> str:
        return in_language(self, "description")


class Competency(BilingualMixin, ClusterableModel):
    class Category(models.TextChoices):
        QUALITY = "quality", _("GMP and quality systems")
        CONTAMINATION = "contamination", _("Cleanroom behaviour and contamination control")
        ASEPTIC = "aseptic", _("Aseptic processing")
        MONITORING = "monitoring", _("Environmental monitoring and QC microbiology")
        DOCUMENTATION = "documentation", _("Documentation and data integrity")
        PROCESS = "process", _("Process operations")
        BIOSAFETY = "biosafety", _("Biosafety")

    code = models.SlugField(_("code"), max_length=20, unique=True, allow_unicode=False)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    regulatory_anchor = models.CharField(
        _("regulatory anchor"),
        max_length=255,
        blank=True,
        help_text=_("Where the requirement comes from, for example “EU GMP Annex 1 §7”."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("How long evidence counts. Empty: it does not expire."),
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RubricCriterion(models.Model):
    """An observable behaviour a trainer ticks as observed or not when assessing."""

    # A ParentalKey so that the admin edits the criteria inline with their competency.
    competency = ParentalKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    text_en = models.CharField(_("criterion (English)"), max_length=300)
    text_nl = models.CharField(_("criterion (Dutch)"), max_length=300)
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("A competent outcome needs this criterion observed."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Lets the admin's inline panel order the criteria (as wagtail.models.Orderable does).
    sort_order_field = "sort_order"

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["competency", "sort_order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self, "text")
