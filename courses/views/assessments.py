"""Trainer assessments of a cohort's students: list, form, review and signature, detail,
correction. The signing itself is `certificates.signatures`; here are who may, the form kept
across allauth's re-authentication, and the screens.

Who may use every view: the trainers of the cohort and programme administrators. Other
trainers get 404 (they have no business knowing the cohort), anyone else signed in 403,
visitors go to the login page. Only students with an active enrolment in the cohort can be
assessed (404 otherwise).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atmp_platform.accounts.roles import TRAINER, has_role
from certificates.models import Assessment, Competency, ProficiencyLevel
from certificates.signatures import (
    correct_assessment,
    reauth_window,
    sign_assessment,
    signature_meaning,
    verify_assessment_hash,
)
from courses.access import is_programme_administrator
from courses.assessment_forms import AssessmentForm, CorrectionForm, StartForm, draft_values
from courses.cohort_nav import cohort_tabs
from courses.matrix import module_in_language
from courses.models import Cohort, Enrolment
from courses.signing import (
    draft_key,
    drop_draft,
    load_draft,
    reauthenticate,
    reauthentication_of,
    save_draft,
)

RECENT_ASSESSMENTS = 50
TAB = "trainer:assessments"


def _cohort_for(request, cohort_id: int) -> Cohort:
    user = request.user
    if is_programme_administrator(user):
        cohorts = Cohort.objects.all()
    elif has_role(user, TRAINER):
        cohorts = Cohort.objects.taught_by(user)
    else:
        raise PermissionDenied
    return get_object_or_404(cohorts.select_related("module"), pk=cohort_id)


def context_ref(cohort: Cohort) -> str:
    return f"cohort:{cohort.pk}"


def _students(cohort: Cohort):
    return (
        get_user_model()
        .objects.filter(enrolments__cohort=cohort, enrolments__status__in=Enrolment.ACTIVE_STATUSES)
        .order_by("full_name", "email")
    )


def _competencies():
    return Competency.objects.filter(active=True)


def _student_for(cohort: Cohort, student_id: int):
    return get_object_or_404(_students(cohort), pk=student_id)


def _competency_for(code: str) -> Competency:
    return get_object_or_404(_competencies().prefetch_related("criteria"), code=code)


def _frame(cohort: Cohort, **context) -> dict:
    # The cohort's own module page is in the source language; the heading names the module
    # in the reader's.
    module = module_in_language(cohort, translation.get_language())
    tabs = cohort_tabs(cohort.pk, current=TAB)
    return {"cohort": cohort, "module": module, "cohort_tabs": tabs, **context}


@login_required
@require_GET
def assessments(request, cohort_id: int):
    """The cohort's recent signed assessments and a form to start one (student, competency);
    the form's answer redirects to the assessment form."""
    cohort = _cohort_for(request, cohort_id)
    start = StartForm(
        request.GET if "student" in request.GET else None,
        students=_students(cohort),
        competencies=_competencies(),
    )
    if start.is_valid():
        args = [cohort.pk, start.cleaned_data["student"].pk, start.cleaned_data["competency"].code]
        return redirect("trainer:assess", *args)
    recent = (
        Assessment.objects.filter(context_ref=context_ref(cohort))
        .select_related("student", "competency", "corrected_by")
        .order_by("-signed_at", "-id")[:RECENT_ASSESSMENTS]
    )
    context = _frame(cohort, start=start, assessments=recent, limit=RECENT_ASSESSMENTS)
    status = 400 if start.errors else 200
    return render(request, "courses/assessment_list.html", context, status=status)


def _levels() -> dict[int, str]:
    return {level.value: level.name for level in ProficiencyLevel.objects.all()}


def _render_form(request, form, context: dict, status: int = 200):
    context = {**context, "form": form, "window": int(reauth_window().total_seconds())}
    return render(request, "courses/assessment_form.html", context, status=status)


def _fill_in(request, *, form_class, form_kwargs, draft_name, review_url, initial, context):
    """The form step shared by assessments and corrections: show it (with the draft if
    any), or keep what was entered as the draft and go on to the review."""
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            save_draft(request, draft_name, form.to_draft())
            return redirect(review_url)
        return _render_form(request, form, context, status=400)
    draft = load_draft(request, draft_name)
    form = form_class(initial=form_class.initial_from(draft) if draft else initial, **form_kwargs)
    return _render_form(request, form, context)


@login_required
def assess(request, cohort_id: int, student_id: int, code: str):
    """The assessment form of one student and competency (GET shows it, POST keeps it as a
    draft in the session and goes on to the review)."""
    cohort = _cohort_for(request, cohort_id)
    student = _student_for(cohort, student_id)
    competency = _competency_for(code)
    return _fill_in(
        request,
        form_class=AssessmentForm,
        form_kwargs={"competency": competency, "signer": request.user, "student": student},
        draft_name=draft_key("assess", cohort.pk, student.pk, competency.code),
        review_url=reverse("trainer:assess_review", args=[cohort.pk, student.pk, competency.code]),
        initial=AssessmentForm.initial_from(None),
        context=_frame(cohort, student=student, competency=competency),
    )


def _review(request, *, draft_name: str, form_url: str, context: dict, sign):
    """The review step: exactly what will be signed and the meaning of the signature. Needs a
    recent re-authentication to show (so that Sign works) and again when Sign is pressed;
    without one, nothing is stored and the signer confirms their identity first."""
    draft = load_draft(request, draft_name)
    if draft is None:
        messages.info(request, _("Fill in the assessment form first."))
        return redirect(form_url)
    confirmation = reauthentication_of(request)
    if confirmation.at is None:
        if request.method == "POST":
            messages.warning(
                request,
                _(
                    "Your confirmation is more than %(seconds)s seconds old. Confirm your "
                    "identity again, then sign."
                )
                % {"seconds": int(reauth_window().total_seconds())},
            )
        return reauthenticate(request, confirmation.next_method, request.path)
    if request.method == "POST":
        try:
            assessment = sign(draft, confirmation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(form_url)
        drop_draft(request, draft_name)
        messages.success(request, _("The assessment is signed."))
        return redirect("trainer:assessment", assessment.pk)
    values = draft_values(draft)
    context = {
        **context,
        "values": values,
        "outcome_label": Assessment.Outcome(values["outcome"]).label,
        "level_name": _levels().get(values["level"], ""),
        "criteria": _criteria_rows(context["competency"], values["criteria"]),
        "reason": draft.get("reason", ""),
        "meaning": signature_meaning(),
        "form_url": form_url,
        "window": int(reauth_window().total_seconds()),
    }
    return render(request, "courses/assessment_review.html", context)


def _criteria_rows(competency: Competency, observed: dict[int, bool]) -> list[dict]:
    return [
        {"text": c.text, "required": c.required, "observed": observed.get(c.pk, False)}
        for c in competency.criteria.all()
    ]


@login_required
def assess_review(request, cohort_id: int, student_id: int, code: str):
    """Review and sign the drafted assessment (GET shows it, POST signs it)."""
    cohort = _cohort_for(request, cohort_id)
    student = _student_for(cohort, student_id)
    competency = _competency_for(code)

    def sign(draft, confirmation):
        return sign_assessment(
            signer=request.user,
            student=student,
            competency=competency,
            context_ref=context_ref(cohort),
            context_label=cohort.name,
            reauthenticated_at=confirmation.at,
            signed_with_mfa=confirmation.with_mfa,
            **draft_values(draft),
        )

    return _review(
        request,
        draft_name=draft_key("assess", cohort.pk, student.pk, competency.code),
        form_url=reverse("trainer:assess", args=[cohort.pk, student.pk, competency.code]),
        context=_frame(cohort, student=student, competency=competency),
        sign=sign,
    )


def _cohort_of(assessment: Assessment) -> Cohort | None:
    kind, _sep, pk = assessment.context_ref.partition(":")
    if kind != "cohort" or not pk.isdigit():
        return None
    return Cohort.objects.select_related("module").filter(pk=int(pk)).first()


def _assessment_for(request, assessment_id: int) -> tuple[Assessment, Cohort]:
    """The assessment and its cohort, if the user may see it: trainers of that cohort and
    programme administrators; other trainers 404, anyone else 403."""
    user = request.user
    administrator = is_programme_administrator(user)
    if not (administrator or has_role(user, TRAINER)):
        raise PermissionDenied
    assessment = get_object_or_404(
        Assessment.objects.select_related("student", "competency", "signer", "corrects"),
        pk=assessment_id,
    )
    cohort = _cohort_of(assessment)
    if cohort is None:
        raise Http404
    if not administrator and not cohort.trainers.filter(pk=user.pk).exists():
        raise Http404
    return assessment, cohort


def _chain(assessment: Assessment) -> list[Assessment]:
    """Every record of the correction chain, oldest first (a query per link: chains are short)."""
    earlier = []
    current = assessment
    while current.corrects_id is not None:
        current = Assessment.objects.select_related("competency").get(pk=current.corrects_id)
        earlier.append(current)
    later = []
    current = assessment
    while (following := Assessment.objects.filter(corrects=current).first()) is not None:
        later.append(following)
        current = following
    return [*reversed(earlier), assessment, *later]


@login_required
@require_GET
def assessment(request, assessment_id: int):
    """One signed assessment: what was assessed, who signed, when, with which meaning, its
    hash and whether it still matches, and the chain of corrections."""
    assessment, cohort = _assessment_for(request, assessment_id)
    chain = _chain(assessment)
    context = _frame(
        cohort,
        assessment=assessment,
        level_name=_levels().get(assessment.level, ""),
        hash_verified=verify_assessment_hash(assessment),
        chain=chain if len(chain) > 1 else [],
        corrected_by=next((a for a in chain if a.corrects_id == assessment.pk), None),
    )
    return render(request, "courses/assessment_detail.html", context)


def _uncorrected(request, assessment: Assessment):
    """A redirect to the correction when `assessment` was corrected already, else None."""
    correction = Assessment.objects.filter(corrects=assessment).first()
    if correction is None:
        return None
    messages.info(
        request, _("This assessment has already been corrected; correct the correction instead.")
    )
    return redirect("trainer:assessment", correction.pk)


@login_required
def correct(request, assessment_id: int):
    """The correction form of a signed assessment (reason required); the correction is a new
    signed record. The student need not be enrolled any more: a wrong record must be
    correctable whatever happened since."""
    original, cohort = _assessment_for(request, assessment_id)
    if (answer := _uncorrected(request, original)) is not None:
        return answer
    competency = Competency.objects.prefetch_related("criteria").get(pk=original.competency_id)
    return _fill_in(
        request,
        form_class=CorrectionForm,
        form_kwargs={"competency": competency, "signer": request.user, "student": original.student},
        draft_name=draft_key("correct", original.pk),
        review_url=reverse("trainer:correct_assessment_review", args=[original.pk]),
        initial=CorrectionForm.initial_from_assessment(original),
        context=_frame(cohort, student=original.student, competency=competency, original=original),
    )


@login_required
def correct_review(request, assessment_id: int):
    """Review and sign the drafted correction (GET shows it, POST signs it)."""
    original, cohort = _assessment_for(request, assessment_id)
    if (answer := _uncorrected(request, original)) is not None:
        return answer
    competency = Competency.objects.prefetch_related("criteria").get(pk=original.competency_id)

    def sign(draft, confirmation):
        return correct_assessment(
            original=original,
            signer=request.user,
            reason=draft.get("reason", ""),
            context_ref=original.context_ref,
            context_label=original.context_label,
            reauthenticated_at=confirmation.at,
            signed_with_mfa=confirmation.with_mfa,
            **draft_values(draft),
        )

    return _review(
        request,
        draft_name=draft_key("correct", original.pk),
        form_url=reverse("trainer:correct_assessment", args=[original.pk]),
        context=_frame(cohort, student=original.student, competency=competency, original=original),
        sign=sign,
    )
