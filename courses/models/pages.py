"""The curriculum as pages: programme → modules → lessons, bilingual through wagtail-localize.

A module or lesson is the same thing in every language: progress and cohorts refer to it by
its `translation_key`, so a student may switch language without losing their place.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from atmp_platform.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from atmp_platform.home.models import ReservedSlugMixin
from courses import access, cohort_cards
from courses.blocks import LessonStreamBlock

from .progress import LessonCompletion


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

    def modules(self) -> list["ModulePage"]:
        """The live, public modules in tree order (the order editors gave them)."""
        pages = ModulePage.objects.live().public().child_of(self).defer_streamfields()
        return list(pages.order_by("path"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules()
        return context


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

    def lessons(self):
        """The live lessons in tree order, without their bodies."""
        return LessonPage.objects.live().child_of(self).defer_streamfields().order_by("path")

    def prerequisites_here(self) -> list["ModulePage"]:
        """The prerequisite modules in this page's language where translated, else as set."""
        # .all(), not a query: in an admin preview the relation is not saved yet.
        chosen = sorted((p for p in self.prerequisites.all() if p.live), key=lambda p: p.title)
        translated = {
            page.translation_key: page
            for page in ModulePage.objects.live().filter(
                locale_id=self.locale_id, translation_key__in=[p.translation_key for p in chosen]
            )
        }
        return [translated.get(page.translation_key, page) for page in chosen]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        may_open = access.may_open_lessons(user, self)
        completed = set()
        if may_open:
            completed = set(
                LessonCompletion.objects.filter(
                    student=user, module_key=self.translation_key
                ).values_list("lesson_key", flat=True)
            )
        context.update(
            outcomes=list(self.learning_outcomes.all()),
            trainers=sorted(self.trainers.all(), key=lambda user: user.full_name),
            prerequisites=self.prerequisites_here(),
            lessons=list(self.lessons()),
            may_open_lessons=may_open,
            completed_keys=completed,
            cohort_cards=cohort_cards.cohort_cards(self.translation_key, user),
        )
        return context


class LearningOutcome(Orderable):
    """What a student can do after the module. An outcome linked to a competency turns the
    module's completion into evidence of that competency at `level` (courses.evidence).

    Translations copy the link (wagtail-localize synchronises foreign keys); the evidence is
    read from the module's source-language page, so the language a student used makes no
    difference.
    """

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="learning_outcomes")
    code = models.CharField(_("code"), max_length=20, help_text=_("For example LO1."))
    text = models.TextField(_("outcome"), max_length=500)
    competency = models.ForeignKey(
        "certificates.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Completing the module is evidence of this competency."),
    )
    level = models.ForeignKey(
        "certificates.ProficiencyLevel",
        verbose_name=_("level attained"),
        to_field="value",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The proficiency level a student reaches in the competency."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("text"),
        FieldPanel("competency"),
        FieldPanel("level"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def clean(self) -> None:
        super().clean()
        if self.competency_id is not None and self.level_id is None:
            raise ValidationError(
                {"level": _("Choose the level a student attains in the linked competency.")}
            )
        if self.level_id is not None and self.competency_id is None:
            raise ValidationError(
                {"competency": _("Choose the competency this level is attained in.")}
            )


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

    def serve(self, request, *args, **kwargs):
        """Who: students enrolled in a cohort of the module (a GET completes the lesson when
        its rule is met); the module's trainers and programme administrators, as a preview.
        Anonymous visitors log in first; everyone else gets a 403 that points to the module.
        """
        # courses.progress imports these models, so it cannot be imported at the top.
        from courses.progress import complete_lesson_if_due

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        module = ModulePage.objects.parent_of(self).get()
        enrolled = access.is_enrolled_in_module(request.user, module)
        if not enrolled and not access.may_preview_module(request.user, module):
            return TemplateResponse(
                request,
                "courses/lesson_forbidden.html",
                {"page": self, "module": module},
                status=403,
            )
        completion = None
        if enrolled and request.method == "GET" and not getattr(request, "is_preview", False):
            completion = complete_lesson_if_due(student=request.user, lesson=self)
        response = super().serve(
            request, *args, module=module, completion=completion, preview=not enrolled, **kwargs
        )
        add_never_cache_headers(response)
        return response

    def get_context(self, request, *args, module=None, completion=None, preview=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = LessonPage.objects.live().sibling_of(self).defer_streamfields()
        context.update(
            module=module or self.get_parent().specific,
            completion=completion,
            preview=preview,
            previous_lesson=siblings.filter(path__lt=self.path).order_by("-path").first(),
            next_lesson=siblings.filter(path__gt=self.path).order_by("path").first(),
        )
        return context

    def get_sitemap_urls(self, request=None):
        """Lessons are for enrolled students: search engines have nothing to find here."""
        return []
