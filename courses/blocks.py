"""Lesson blocks: the shared ones plus interactive H5P content and simulations."""

from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from atmp_platform.blocks import BaseStreamBlock
from courses import access
from simulations.models import Run
from simulations.views.access import may_simulate


class H5PValue(blocks.StructValue):
    def pass_fraction(self) -> Decimal:
        """The pass mark as a fraction of the maximum score (0..1)."""
        return Decimal(self.get("pass_mark") or 0) / 100


class H5PBlock(blocks.StructBlock):
    content = SnippetChooserBlock("h5p.H5PContent", label=_("H5P content"))
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("Shown above the exercise and read out to screen readers."),
    )
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The score a student needs, as a percentage of the maximum."),
    )
    required = blocks.BooleanBlock(
        label=_("Required to complete the lesson"),
        required=False,
        default=True,
    )

    class Meta:
        icon = "form"
        template = "blocks/h5p_block.html"
        label = _("H5P interactive content")
        description = _("An interactive H5P exercise with a pass mark")
        value_class = H5PValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("pass_mark") is None:
            raise ValidationError(_("Give a pass mark between 0 and 100."))
        return value


class SimulationBlock(blocks.StructBlock):
    """A simulation in a lesson: its briefing, a Start button that starts a run from this
    lesson, and the signed-in trainee's latest run from it (with any translation of it)."""

    scenario = SnippetChooserBlock("simulations.Scenario", label=_("Scenario"))
    intro = blocks.RichTextBlock(
        label=_("Introduction"),
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What the trainee should pay attention to in this lesson's run."),
    )

    class Meta:
        icon = "view"
        template = "blocks/simulation_block.html"
        label = _("Simulation")
        description = _("An interactive monitoring simulation the trainee runs and is scored on")
        preview_value = {"intro": "<p>Watch the Grade A zone while you work.</p>"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        page = (parent_context or {}).get("page")
        user = getattr(request, "user", None)
        scenario = value.get("scenario")
        context["may_start"] = bool(
            scenario is not None
            and scenario.active
            and page is not None
            and user is not None
            and may_simulate(user)
        )
        context["context"] = f"lesson:{page.pk}" if page is not None else ""
        latest = _latest_run(user, scenario, page) if context["may_start"] else None
        context["latest_run"] = latest
        # An unfinished run is continued, not started again (simulations.views.runs.start).
        context["show_start"] = context["may_start"] and (latest is None or latest.finished)
        return context


def _latest_run(user, scenario, page: Page) -> Run | None:
    """The user's latest run of `scenario` started from `page` or a translation of it."""
    translations = Page.objects.filter(translation_key=page.translation_key).values("pk")
    contexts = [f"lesson:{row['pk']}" for row in translations]
    return (
        Run.objects.filter(trainee=user, scenario=scenario, context__in=contexts)
        .defer("snapshot", "outcome")
        .order_by("-started_at", "-pk")
        .first()
    )


def may_start_simulation_from_lesson(user, page_id: int, scenario) -> bool:
    """Whether `user` may start `scenario` from the lesson `page_id`: a live lesson they may
    open (simulations.forms.StartForm calls this through ATMP_SIMULATION_CONTEXTS) whose body
    offers that scenario in a simulation block."""
    lesson_model = apps.get_model("courses", "LessonPage")
    lesson = lesson_model.objects.live().filter(pk=page_id).first()
    if lesson is None or not access.may_open_lessons(user, access.module_of(lesson)):
        return False
    return any(
        block.block_type == "simulation"
        and block.value["scenario"] is not None
        and block.value["scenario"].pk == scenario.pk
        for block in lesson.body
    )


class LessonStreamBlock(BaseStreamBlock):
    h5p = H5PBlock()
    simulation = SimulationBlock()
