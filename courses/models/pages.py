"""The curriculum as pages: programme → modules → lessons, bilingual through wagtail-localize.

A module or lesson is the same thing in every language: progress and cohorts refer to it by
its `translation_key`, so a student may switch language without losing their place.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from atmp_platform.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from atmp_platform.home.models import ReservedSlugMixin
from courses.blocks import LessonStreamBlock


class ProgrammePage(ReservedSlugMixin, Page):
    """The postgraduate programme: who it is for, how to get in, how it is built."""

    introduction = models.TextField(_("introduction"), blank=True)
    audience = RichTextField(_("audience"), features=RICH_TEXT_FEATURES, blank=True)
    admission = RichTextField(_("admission"), features=RICH_TEXT_FEATURES, blank=True)
    structure = RichTextField(_("structure"), features=RICH_TEXT_FEATURES, blank=True)
    ects_credits = models.DecimalField(
        _("ECTS credits"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("ects_credits"),
        FieldPanel("audience"),
        FieldPanel("admission"),
        FieldPanel("structure"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("audience"),
        index.SearchField("structure"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("programme page")


class ModulePage(Page):
    """A module of the programme; its editions are cohorts."""

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    code = models.CharField(
        _("code"), max_length=20, help_text=_("A short module code, for example ATMP-101.")
    )
    ects_credits = models.DecimalField(_("ECTS credits"), max_digits=4, decimal_places=1)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    summary = models.TextField(_("summary"), max_length=500)
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="+",
        limit_choices_to={"groups__name": "Trainer"},
    )
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("prerequisites"),
        blank=True,
        symmetrical=False,
        related_name="+",
        help_text=_("Modules a student should have completed first."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("ects_credits"), FieldPanel("level")],
            heading=_("Module"),
        ),
        FieldPanel("summary"),
        InlinePanel("learning_outcomes", label=_("Learning outcomes"), min_num=1),
        FieldPanel("trainers"),
        FieldPanel("prerequisites"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("summary"),
        index.AutocompleteField("code"),
    ]
    parent_page_types = ["courses.ProgrammePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module page")


class LearningOutcome(Orderable):
    """What a student can do after the module; the certificates issue maps these to
    competencies."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="learning_outcomes")
    code = models.CharField(_("code"), max_length=20, help_text=_("For example LO1."))
    text = models.TextField(_("outcome"), max_length=500)

    panels = [FieldPanel("code"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class LessonPage(Page):
    """One lesson of a module, completed when its completion rule is met."""

    class CompletionRule(models.TextChoices):
        VIEWED = "viewed", _("Opening the lesson completes it")
        H5P_PASSED = "h5p_passed", _("Passing every required H5P exercise completes it")

    summary = models.TextField(_("summary"), max_length=500, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.VIEWED,
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("completion_rule"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson page")
