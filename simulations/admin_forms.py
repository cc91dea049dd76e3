"""The scenario form of the admin: actions offered as checkboxes, the set-up and a decision's
options as JSON in a monospace text area, and the checks across the inline parts
(scenario_checks) shown on the row they concern."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .models import ACTION_CHOICES, Action
from .scenario_checks import check_scenario

MONOSPACE = {
    "rows": 18,
    "spellcheck": "false",
    "autocapitalize": "off",
    "style": "font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;",
}
PARTS = ("steps", "events", "decisions", "responses")
# Acknowledging and answering are always possible in a run; offering them changes nothing.
ALWAYS = {Action.ACKNOWLEDGE, Action.ANSWER}
OFFERABLE = [(value, label) for value, label in ACTION_CHOICES if value not in ALWAYS]


class JSONTextarea(forms.Textarea):
    """JSON in a monospace text area, indented one key a line so that a long set-up can be
    read and edited; input that is not valid JSON is shown back as it was typed."""

    def __init__(self, rows: int = 18):
        super().__init__(attrs={**MONOSPACE, "rows": rows})

    def format_value(self, value):
        try:
            parsed = json.loads(value) if isinstance(value, str) else value
        except ValueError:
            return super().format_value(value)
        return json.dumps(parsed, indent=2, ensure_ascii=False)


class ScenarioForm(WagtailAdminModelForm):
    offered_actions = forms.MultipleChoiceField(
        label=_("Actions offered"),
        choices=OFFERABLE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the trainee can do during this scenario."),
    )

    def clean(self):
        cleaned = super().clean()
        rows = {part: self._rows(part) for part in PARTS}
        problems = check_scenario(
            duration_s=cleaned.get("duration_s"),
            offered_actions=cleaned.get("offered_actions") or [],
            **{part: [data for _form, data in rows[part]] for part in PARTS},
        )
        for problem in problems:
            form = rows[problem.part][problem.index][0]
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        return cleaned

    def _rows(self, part: str) -> list[tuple[forms.Form, dict]]:
        """The rows of an inline part that will be kept, with their values (rows that do not
        validate on their own are left to their own errors)."""
        formset = self.formsets.get(part)
        if formset is None:
            return []
        formset.is_valid()
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            rows.append((form, data))
        return rows
