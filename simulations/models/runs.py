"""Runs: one trainee playing one scenario, stored as a state machine that replays exactly.

A run keeps its seed, a snapshot of the scenario taken when it started (random event times
already drawn), its simulated clock, and every action with its simulated time. The monitoring
data is never stored: the simulators regenerate it from the seed, the snapshot and the actions,
and they are causal, so an action never changes what came before it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scenarios import ACTION_CHOICES, Scenario


class Run(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        FINISHED = "finished", _("Finished")

    class Debrief(models.TextChoices):
        NONE = "", _("Not yet")
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="runs"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="simulation_runs",
    )
    context = models.CharField(
        _("context"),
        max_length=40,
        default="practice",
        help_text=_("“practice”, or “lesson:<page id>” for a run started from a lesson."),
    )
    seed = models.BigIntegerField(_("seed"))
    snapshot = models.JSONField(_("scenario as played"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    # The simulated clock: `clock_offset_s` simulated seconds had passed at `clock_anchor_at`;
    # while running it advances by `time_compression` per real second. Paused: no anchor.
    clock_offset_s = models.FloatField(default=0.0)
    clock_anchor_at = models.DateTimeField(null=True, blank=True)
    time_compression = models.FloatField()
    duration_s = models.PositiveIntegerField()
    # Bumped by every change (action, pause, resume, end), so that two tabs can tell whether
    # what they show is current, and a stale write can be refused.
    version = models.PositiveIntegerField(default=0)
    seen_until_s = models.FloatField(
        _("delivered up to (s)"),
        default=0.0,
        help_text=_("The furthest simulated time whose data the trainee's browser received."),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ended_at_s = models.FloatField(_("ended at (s)"), null=True, blank=True)
    ended_early = models.BooleanField(_("ended early"), default=False)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    outcome = models.JSONField(
        _("outcome"),
        default=dict,
        blank=True,
        help_text=_("The server's scoring: per expected response and per competency."),
    )
    debrief_status = models.CharField(
        _("debrief PDF"), max_length=10, choices=Debrief.choices, default="", blank=True
    )
    debrief_pdf = models.FileField(_("debrief PDF"), upload_to="debriefs/", blank=True)

    class Meta:
        verbose_name = _("simulation run")
        verbose_name_plural = _("simulation runs")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["trainee", "-started_at"]),
            models.Index(fields=["context"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return f"{self.scenario} · {self.trainee} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status == self.Status.FINISHED


class RunAction(models.Model):
    """One thing the trainee did, at one simulated time. Never changed once written."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="actions")
    seq = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("action"), max_length=30, choices=ACTION_CHOICES)
    at_s = models.FloatField(_("at (s)"))
    target = models.CharField(_("target"), max_length=120, blank=True)
    value = models.CharField(_("value"), max_length=60, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("run action")
        verbose_name_plural = _("run actions")
        ordering = ["run", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["run", "seq"], name="simulations_action_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.at_s:.0f} s"


class RunAlarm(models.Model):
    """An alarm the server delivered to the trainee's browser, and when: what they saw."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="alarms")
    key = models.CharField(max_length=160)
    channel = models.CharField(max_length=60)
    rule = models.CharField(max_length=60)
    level = models.CharField(max_length=20)
    at_s = models.FloatField()
    value = models.FloatField(null=True)
    limit = models.FloatField(null=True)
    reference = models.CharField(max_length=160, blank=True)
    delivered_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at_s = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("run alarm")
        verbose_name_plural = _("run alarms")
        ordering = ["run", "at_s", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="simulations_alarm_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule} on {self.channel} @ {self.at_s:.0f} s"
