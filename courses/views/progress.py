"""The student dashboard and the trainer's cohort screens: read-only views of progress.

Enrolment decisions posted from the cohort view go to the enrolment views
(`trainer:decide_enrolment`); nothing here writes.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from atmp_platform.accounts.roles import PROGRAMME_ADMINISTRATOR, STUDENT, TRAINER, has_role
from certificates.holdings import summary_for
from courses.cohort_nav import cohort_tabs
from courses.dashboards import cohort_progress, cohorts_for, progress_for
from courses.models import Cohort


def _is_administrator(user) -> bool:
    return user.is_superuser or has_role(user, PROGRAMME_ADMINISTRATOR)


def _is_trainer(user) -> bool:
    return has_role(user, TRAINER)


@login_required
@require_GET
def dashboard(request):
    """Who: students, for their own progress. Anyone else signed in gets 403 with a page that
    says whom it is for (and points trainers to their cohorts); visitors go to the login page.
    """
    user = request.user
    if not has_role(user, STUDENT):
        context = {"is_staff_member": _is_trainer(user) or _is_administrator(user)}
        return render(request, "courses/dashboard_not_student.html", context, status=403)
    context = {"progress": progress_for(user), "holder_summary": summary_for(user)}
    return render(request, "courses/dashboard.html", context)


@login_required
@require_GET
def cohorts(request):
    """Who: trainers (the cohorts they teach) and programme administrators (every cohort).
    Anyone else signed in gets 403; visitors go to the login page."""
    user = request.user
    everyone = _is_administrator(user)
    if not (everyone or _is_trainer(user)):
        raise PermissionDenied
    summaries = cohorts_for(user, everyone=everyone)
    return render(
        request,
        "courses/trainer_cohorts.html",
        {"summaries": summaries, "sees_every_cohort": everyone},
    )


def _cohort_for(request, cohort_id: int) -> Cohort:
    """The cohort if the user may manage it. Trainers get 404 for cohorts they do not teach,
    which they have no business knowing about; anyone but trainers and administrators 403."""
    user = request.user
    if _is_administrator(user):
        cohorts = Cohort.objects.all()
    elif _is_trainer(user):
        cohorts = Cohort.objects.taught_by(user)
    else:
        raise PermissionDenied
    return get_object_or_404(cohorts.select_related("module"), pk=cohort_id)


@login_required
@require_GET
def cohort(request, cohort_id: int):
    """Who: the trainers of this cohort and programme administrators. Other trainers get 404,
    anyone else signed in 403; visitors go to the login page."""
    cohort = _cohort_for(request, cohort_id)
    overview = cohort_progress(cohort)
    context = {
        "cohort": cohort,
        "module": overview.module,
        "overview": overview,
        "cohort_tabs": cohort_tabs(cohort.pk, current="trainer:cohort"),
        "next_url": request.get_full_path(),
    }
    return render(request, "courses/trainer_cohort.html", context)
