"""Scenarios: what a trainee practises, as data programme administrators and trainers edit.

A scenario holds the room or process being simulated (its `setup`), how long it runs and how
fast, the events that happen to it, the process steps, the decision points, and the responses
that are expected of the trainee with how each scores against which competency. A run copies
all of it into its snapshot when it starts, so editing a scenario never changes a run.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from certificates.models import Competency
from certificates.models.bilingual import in_language
from simulations.regulatory import DEFAULT_PROFILE

from .events import EVENT_CHOICES


class Action(models.TextChoices):
    """What a trainee can do during a run; a scenario offers a selection of them."""

    ACKNOWLEDGE = "acknowledge", _("Acknowledge an alarm")
    STOP_PROCESS = "stop_process", _("Stop the process")
    RESUME_PROCESS = "resume_process", _("Resume the process")
    EXTRA_SAMPLE = "extra_sample", _("Take an extra sample")
    START_INTERVENTION = "start_intervention", _("Perform an intervention")
    ABORT_INTERVENTION = "abort_intervention", _("Abort the intervention")
    SANITISE = "sanitise", _("Re-sanitise")
    DOCUMENT_DEVIATION = "document_deviation", _("Document a deviation")
    ESCALATE_QA = "escalate_qa", _("Escalate to QA")
    ADJUST_FEED = "adjust_feed", _("Adjust the feed")
    TRANSFER_STORAGE = "transfer_storage", _("Transfer to back-up storage")
    VERIFY_IDENTITY = "verify_identity", _("Verify the chain of identity")
    QUARANTINE = "quarantine", _("Quarantine the product")
    ANSWER = "answer", _("Answer a decision point")


ACTION_CHOICES = Action.choices


def _profile_choices():
    from simulations.regulatory import PROFILE_CHOICES

    return list(PROFILE_CHOICES)


class Scenario(ClusterableModel):
    """One simulation exercise."""

    class Setting(models.TextChoices):
        CLEANROOM = "cleanroom", _("Cleanroom operation")
        TREND_REVIEW = "trend_review", _("Monitoring trend review")
        BIOREACTOR = "bioreactor", _("Cell expansion")
        GOWNING = "gowning", _("Gowning qualification")
        CRYO_STORAGE = "cryo_storage", _("Cryopreservation and storage")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    briefing_en = models.TextField(
        _("briefing (English)"), help_text=_("What the trainee reads before starting.")
    )
    briefing_nl = models.TextField(_("briefing (Dutch)"))
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    profile_code = models.CharField(
        _("regulatory profile"),
        max_length=40,
        choices=_profile_choices,
        default=DEFAULT_PROFILE.code,
        help_text=_("The limits alarms and scoring are judged against."),
    )
    duration_s = models.PositiveIntegerField(
        _("simulated duration (seconds)"),
        validators=[MinValueValidator(60), MaxValueValidator(60 * 60 * 24 * 28)],
    )
    time_compression = models.FloatField(
        _("time compression"),
        default=1.0,
        validators=[MinValueValidator(1.0), MaxValueValidator(100_000.0)],
        help_text=_("Simulated seconds per real second: 60 runs an hour in a minute."),
    )
    step_s = models.PositiveIntegerField(
        _("resolution (seconds)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(86_400)],
        help_text=_("Time between two values of a continuous channel."),
    )
    setup = models.JSONField(
        _("set-up"),
        default=dict,
        help_text=_(
            "The rooms, Grade A zones, viable sampling plans, bioreactor, freezer or storage "
            "being simulated, with their parameters. Rooms, zones and sampling plans may "
            "have label_en and label_nl: the names the trainee reads."
        ),
    )
    intervention_s = models.PositiveIntegerField(
        _("intervention length (s)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(3600)],
        help_text=_("How long an intervention the trainee performs lasts, unless aborted."),
    )
    offered_actions = models.JSONField(
        _("actions offered"),
        default=list,
        help_text=_("What the trainee can do during this scenario."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Score per competency needed to pass it, if no critical response is missed."),
    )
    active = models.BooleanField(
        _("available"), default=True, help_text=_("Unavailable scenarios cannot be started.")
    )
    practice = models.BooleanField(
        _("in practice mode"),
        default=True,
        help_text=_("Listed for practice outside any module."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def briefing(self) -> str:
        return in_language(self, "briefing")

    def clean(self):
        super().clean()
        from simulations.setup import SetupError, build_config

        try:
            build_config(self.setup, step_s=self.step_s)
        except SetupError as error:
            raise ValidationError({"setup": str(error)}) from error
        known = set(Action.values)
        unknown = [a for a in self.offered_actions or [] if a not in known]
        if not isinstance(self.offered_actions, list) or unknown:
            raise ValidationError(
                {"offered_actions": _("Unknown actions: %(actions)s.") % {"actions": unknown}}
            )


class ScenarioStep(Orderable):
    """A step of the process, shown on the dashboard from its start time."""

    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    starts_at_s = models.PositiveIntegerField(_("starts at (s)"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    instruction_en = models.TextField(_("instruction (English)"), blank=True)
    instruction_nl = models.TextField(_("instruction (Dutch)"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def instruction(self) -> str:
        return in_language(self, "instruction")


class ScenarioEvent(Orderable):
    """Something that happens to the room or process: at a fixed time, or at a random time
    between `at_s` and `latest_s` drawn from the run's seed."""

    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="events")
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=30, choices=EVENT_CHOICES)
    at_s = models.PositiveIntegerField(_("at (s)"))
    latest_s = models.PositiveIntegerField(
        _("at the latest (s)"),
        null=True,
        blank=True,
        help_text=_("Empty: exactly at the time above. Otherwise a random time in between."),
    )
    duration_s = models.PositiveIntegerField(_("duration (s)"), default=0)
    magnitude = models.FloatField(
        _("magnitude"),
        default=1.0,
        validators=[MinValueValidator(-1000.0), MaxValueValidator(1000.0)],
        help_text=_("How strong; drifts and sensor offsets take a sign (−0.5 drifts down)."),
    )
    target = models.CharField(
        _("target"),
        max_length=60,
        blank=True,
        help_text=_("The channel or location the event acts on, where the kind needs one."),
    )
    note_en = models.CharField(
        _("debrief note (English)"),
        max_length=300,
        blank=True,
        help_text=_("What happened, as the debrief tells it. Never shown during the run."),
    )
    note_nl = models.CharField(_("debrief note (Dutch)"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "code"], name="simulations_event_code_unique"
            )
        ]

    @property
    def note(self) -> str:
        return in_language(self, "note")

    def clean(self):
        super().clean()
        if self.latest_s is not None and self.latest_s < self.at_s:
            raise ValidationError(
                {"latest_s": _("The latest time cannot be before the earliest time.")}
            )


class ScenarioDecision(Orderable):
    """A question the trainee must answer during the run, with its options."""

    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="decisions")
    code = models.SlugField(_("code"), max_length=40)
    opens_at_s = models.PositiveIntegerField(_("opens at (s)"))
    prompt_en = models.TextField(_("question (English)"))
    prompt_nl = models.TextField(_("question (Dutch)"))
    options = models.JSONField(
        _("options"),
        default=list,
        help_text=_(
            "A list of options, each with a code and its label in both languages: "
            '[{"code": "pass", "en": "Passed", "nl": "Geslaagd"}, …]'
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "code"], name="simulations_decision_code_unique"
            )
        ]

    @property
    def prompt(self) -> str:
        return in_language(self, "prompt")

    def clean(self):
        super().clean()
        options = self.options
        valid = (
            isinstance(options, list)
            and len(options) >= 2
            and all(
                isinstance(o, dict) and {"code", "en", "nl"} <= set(o) and o["code"]
                for o in options
            )
        )
        if not valid:
            raise ValidationError(
                {
                    "options": _(
                        "Give at least two options, each with a code and an English and "
                        "Dutch label."
                    )
                }
            )
        codes = [o["code"] for o in options]
        if len(set(codes)) != len(codes):
            raise ValidationError({"options": _("Two options have the same code.")})


class ExpectedResponse(Orderable):
    """What the trainee should do, when, and what it is worth for which competency."""

    class Trigger(models.TextChoices):
        START = "start", _("From the start")
        ALARM = "alarm", _("After an alarm")
        EVENT = "event", _("After an event")
        DECISION = "decision", _("When a decision point opens")

    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="responses")
    code = models.SlugField(_("code"), max_length=40)
    action = models.CharField(_("action"), max_length=30, choices=ACTION_CHOICES)
    target = models.CharField(
        _("target"),
        max_length=60,
        blank=True,
        help_text=_("The decision code, sample location or channel the action must name."),
    )
    value = models.CharField(
        _("expected value"),
        max_length=60,
        blank=True,
        help_text=_("For an answer: the code of the right option."),
    )
    trigger = models.CharField(
        _("expected after"), max_length=20, choices=Trigger.choices, default=Trigger.START
    )
    trigger_ref = models.CharField(
        _("trigger reference"),
        max_length=80,
        blank=True,
        help_text=_(
            "After an alarm: its rule code or prefix (e.g. particles.action); after an event or "
            "decision point: its code."
        ),
    )
    trigger_channel = models.CharField(
        _("alarm channel"), max_length=60, blank=True, help_text=_("Empty: any channel.")
    )
    within_s = models.PositiveIntegerField(
        _("within (s)"),
        null=True,
        blank=True,
        help_text=_("Simulated seconds allowed after the trigger. Empty: until the end."),
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_("Missing it fails the competency whatever the score."),
    )
    explanation_en = models.TextField(
        _("explanation (English)"), help_text=_("Why this is expected, for the debrief.")
    )
    explanation_nl = models.TextField(_("explanation (Dutch)"))
    reference = models.CharField(
        _("reference"),
        max_length=120,
        blank=True,
        help_text=_("The rule or Annex 1 paragraph behind it, e.g. “EU GMP Annex 1 §9.30”."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("expected response")
        verbose_name_plural = _("expected responses")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "code"], name="simulations_response_code_unique"
            )
        ]

    @property
    def explanation(self) -> str:
        return in_language(self, "explanation")

    def clean(self):
        super().clean()
        if self.trigger != self.Trigger.START and not self.trigger_ref:
            raise ValidationError(
                {"trigger_ref": _("Say which alarm, event or decision point it follows.")}
            )
        if self.action == Action.ANSWER and not (self.target and self.value):
            raise ValidationError(
                {"value": _("An answer names its decision point and the right option.")}
            )
