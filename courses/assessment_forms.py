"""The forms of a trainer assessment: choosing whom and what to assess, the rubric form, and
the correction form. They check with `certificates.signatures.check_assessment`, so that the
trainer sees every refusal inline before the review step."""

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Assessment, Competency, ProficiencyLevel
from certificates.signatures import check_assessment

COMMENTS_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 2000


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} · {obj.title}"


class StartForm(forms.Form):
    student = StudentChoiceField(
        label=_("Student"),
        queryset=get_user_model().objects.none(),
        error_messages={"required": _("Choose the student you assess.")},
    )
    competency = CompetencyChoiceField(
        label=_("Competency"),
        queryset=Competency.objects.none(),
        to_field_name="code",
        error_messages={"required": _("Choose the competency you assess.")},
    )

    def __init__(self, *args, students, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].empty_label = _("Choose a student")
        self.fields["competency"].queryset = competencies
        self.fields["competency"].empty_label = _("Choose a competency")


class AssessmentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Assessment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose competent or not yet competent.")},
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "The level you observed. Leave it empty when the outcome is not yet competent."
        ),
    )
    observed_on = forms.DateField(
        label=_("Observed on"),
        error_messages={"required": _("Enter the day you observed the performance.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=COMMENTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, competency: Competency, signer, student, **kwargs):
        super().__init__(*args, **kwargs)
        self.competency, self.signer, self.student = competency, signer, student
        self.rubric = list(competency.criteria.all())
        levels = [(level.value, f"{level.value} · {level.name}") for level in _levels()]
        self.fields["level"].choices = [("", _("No level")), *levels]
        for criterion in self.rubric:
            self.fields[self.criterion_name(criterion.pk)] = forms.BooleanField(
                label=criterion.text,
                required=False,
                help_text=_("Required for a competent outcome.") if criterion.required else "",
            )

    @staticmethod
    def criterion_name(criterion_id: int) -> str:
        return f"criterion_{criterion_id}"

    def criterion_fields(self) -> list:
        return [self[self.criterion_name(criterion.pk)] for criterion in self.rubric]

    def other_fields(self) -> list:
        criteria = {self.criterion_name(criterion.pk) for criterion in self.rubric}
        return [self[name] for name in self.fields if name not in criteria]

    def criteria(self) -> dict[int, bool]:
        data = self.cleaned_data
        return {c.pk: bool(data.get(self.criterion_name(c.pk))) for c in self.rubric}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            check_assessment(
                signer=self.signer,
                student=self.student,
                competency=self.competency,
                observed_on=data["observed_on"],
                outcome=data["outcome"],
                level=data["level"],
                criteria=self.criteria(),
            )
        except ValidationError as error:
            self._add_service_errors(error)
        return data

    def _add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def to_draft(self) -> dict:
        data = self.cleaned_data
        return {
            "criteria": {str(key): value for key, value in self.criteria().items()},
            "outcome": data["outcome"],
            "level": data["level"],
            "observed_on": data["observed_on"].isoformat(),
            "comments": data["comments"],
        }

    @classmethod
    def initial_from(cls, draft: dict | None) -> dict:
        if not draft:
            return {"observed_on": timezone.localdate()}
        initial = {
            "outcome": draft.get("outcome"),
            "level": draft.get("level"),
            "observed_on": draft.get("observed_on"),
            "comments": draft.get("comments", ""),
        }
        for key, observed in (draft.get("criteria") or {}).items():
            initial[cls.criterion_name(int(key))] = observed
        if "reason" in draft:
            initial["reason"] = draft["reason"]
        return initial


class CorrectionForm(AssessmentForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Say what was wrong in the assessment you correct.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored with the correction and in the audit trail."),
    )

    def to_draft(self) -> dict:
        return {**super().to_draft(), "reason": self.cleaned_data["reason"]}

    @classmethod
    def initial_from_assessment(cls, assessment: Assessment) -> dict:
        draft = {
            "outcome": assessment.outcome,
            "level": assessment.level,
            "observed_on": assessment.observed_on.isoformat(),
            "comments": assessment.comments,
            "criteria": {str(item["criterion"]): item["observed"] for item in assessment.criteria},
        }
        return cls.initial_from(draft)


def draft_values(draft: dict) -> dict:
    """The keyword arguments of the signing services, from a draft."""
    return {
        "observed_on": date.fromisoformat(draft["observed_on"]),
        "outcome": draft["outcome"],
        "level": draft["level"],
        "criteria": {int(key): bool(value) for key, value in draft["criteria"].items()},
        "comments": draft["comments"],
    }


def _levels():
    return ProficiencyLevel.objects.all()
