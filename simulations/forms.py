"""The trainee's forms: starting a run, and one action in it.

They check the shape of what was sent (400 when wrong); whether the run allows the action at
this moment is the engine's to decide (simulations.engine.act raises RunError, a 409).
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import engine
from . import series as run_series
from .models import Action, RunAction

PRACTICE = "practice"
CONTEXT = re.compile(r"^(?P<kind>[a-z]+):(?P<id>[1-9][0-9]{0,17})$")
ACTION_FIELDS = frozenset({"kind", "target", "value", "reason"})
# Sent by every form of the page besides the action's own fields.
TRANSPORT_FIELDS = frozenset({"csrfmiddlewaretoken"})


class StartForm(forms.Form):
    """Where a run is started from: practice mode, or a lesson ("lesson:<page id>") that the
    user may open and whose simulation block offers this scenario."""

    context = forms.CharField(max_length=40, required=False)

    def __init__(self, *args, scenario, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        self.user = user

    def clean_context(self) -> str:
        context = self.cleaned_data["context"].strip() or PRACTICE
        if context == PRACTICE:
            if not self.scenario.practice:
                raise ValidationError(_("This scenario is not offered for practice."))
            return context
        match = CONTEXT.match(context)
        checks = getattr(settings, "ATMP_SIMULATION_CONTEXTS", {})
        if match is None or match["kind"] not in checks:
            raise ValidationError(_("A run starts from practice mode or from a lesson."))
        allowed = import_string(checks[match["kind"]])
        if not allowed(self.user, int(match["id"]), self.scenario):
            raise ValidationError(_("This lesson does not let you start this scenario."))
        return context


class ActionForm(forms.Form):
    """One action: `kind` and, as the kind needs them, `target`, `value` and `reason`. Any
    other field (a score, a time) is refused, so the browser can only say what the trainee
    did, never what it was worth or when."""

    kind = forms.ChoiceField(
        choices=Action.choices,
        error_messages={
            "invalid_choice": gettext_lazy("This is not an action of this simulation.")
        },
    )
    target = forms.CharField(
        max_length=RunAction._meta.get_field("target").max_length, required=False
    )
    value = forms.CharField(
        max_length=RunAction._meta.get_field("value").max_length, required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=engine.MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, snapshot: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.snapshot = snapshot

    def clean(self):
        unknown = sorted(set(self.data) - ACTION_FIELDS - TRANSPORT_FIELDS)
        if unknown:
            raise ValidationError(
                _(
                    "Unknown field: %(fields)s. An action takes only its kind, target, value "
                    "and reason."
                )
                % {"fields": ", ".join(unknown)}
            )
        cleaned = super().clean()
        kind = cleaned.get("kind")
        check = _KIND_CHECKS.get(kind)
        if check is not None:
            check(self, cleaned)
        return cleaned

    def _require_target(self, cleaned, message) -> None:
        if not cleaned.get("target", "").strip():
            raise ValidationError({"target": message})

    def _acknowledge(self, cleaned) -> None:
        self._require_target(cleaned, _("Say which alarm you acknowledge."))

    def _answer(self, cleaned) -> None:
        self._require_target(cleaned, _("Say which question you answer."))
        if not cleaned.get("value", "").strip():
            raise ValidationError({"value": _("Choose one of the options given.")})

    def _deviation(self, cleaned) -> None:
        if len(cleaned.get("reason", "").strip()) < engine.MIN_DEVIATION_REASON:
            raise ValidationError(
                {
                    "reason": _(
                        "Describe the deviation and its reason in at least %(count)d characters."
                    )
                    % {"count": engine.MIN_DEVIATION_REASON}
                }
            )

    def _sample(self, cleaned) -> None:
        if cleaned.get("target", "").strip() not in run_series.sampleable_channels(self.snapshot):
            raise ValidationError({"target": _("Choose a sampling point of this room.")})

    def _feed(self, cleaned) -> None:
        low, high = run_series.FEED_RANGE
        try:
            amount = float(cleaned.get("value", "").replace(",", "."))
        except ValueError:
            amount = float("nan")
        if not low <= amount <= high:
            raise ValidationError(
                {
                    "value": _("Give the feed as a number from %(low)s to %(high)s.")
                    % {"low": low, "high": high}
                }
            )
        cleaned["value"] = f"{amount:g}"


_KIND_CHECKS = {
    Action.ACKNOWLEDGE: ActionForm._acknowledge,
    Action.ANSWER: ActionForm._answer,
    Action.DOCUMENT_DEVIATION: ActionForm._deviation,
    Action.EXTRA_SAMPLE: ActionForm._sample,
    Action.ADJUST_FEED: ActionForm._feed,
}


def form_errors(form: forms.Form) -> str:
    """Every error of a bound form, as one paragraph for the alert region."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)
