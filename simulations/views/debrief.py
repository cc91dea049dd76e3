"""The debrief of a finished run, and its PDF.

Who: the run's trainee and programme administrators (and superusers) with a second factor, as
in the admin and trainer areas. Trainers read their cohorts' runs through the cohort screens in
courses, which reuse `page_context` and `pdf_response`. For everyone else someone else's run
does not exist (404), as on the run's own screens; an administrator without a second factor is
told to set one up (403). Visitors log in first.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atmp_platform.accounts.middleware import has_second_factor
from atmp_platform.accounts.roles import PROGRAMME_ADMINISTRATOR, has_role
from atmp_platform.ops.files import protected_file_response
from simulations import debrief as debriefs
from simulations import engine
from simulations.debrief_charts import chart_data
from simulations.models import Run


def _is_administrator(user) -> bool:
    return user.is_superuser or has_role(user, PROGRAMME_ADMINISTRATOR)


def _check_administrator(user) -> None:
    if not _is_administrator(user):
        # Whether someone else's run exists is nobody else's business.
        raise Http404(_("No run of yours has this number."))
    if settings.ATMP_REQUIRE_MFA_FOR_STAFF and not has_second_factor(user):
        raise PermissionDenied(
            _("Set up two-factor authentication before you read someone else's debrief.")
        )


def _run_for(request, public_id) -> Run:
    """The run if the user may read its debrief: 404 for no such run and for someone else's
    (unless they administer the programme)."""
    run = get_object_or_404(Run.objects.select_related("scenario", "trainee"), public_id=public_id)
    if run.trainee_id != request.user.pk:
        _check_administrator(request.user)
    if not run.finished and engine.finish_if_due(run=run):
        run.refresh_from_db()
    return run


def page_context(run: Run, *, pdf_url: str) -> dict:
    """What templates/simulations/debrief_content.html and its charts need, for any reader."""
    debrief = debriefs.build(run)
    return {
        "run": run,
        "debrief": debrief,
        "timeline": debrief.timeline,
        "charts": chart_data(run, until_s=debrief.ended_at_s),
        "pdf_url": pdf_url if run.debrief_status == Run.Debrief.READY else "",
    }


@login_required
@require_GET
def debrief(request, public_id):
    """Who: the run's trainee and programme administrators; a run still going sends its
    trainee back to it and is a 404 for administrators."""
    run = _run_for(request, public_id)
    if not run.finished:
        if run.trainee_id == request.user.pk:
            messages.info(request, _("This run is still going: its debrief comes when it ends."))
            return redirect("simulations:run", public_id=run.public_id)
        raise Http404(_("This run has not ended, so it has no debrief yet."))
    pdf_url = reverse("simulations:debrief_pdf", kwargs={"public_id": run.public_id})
    context = page_context(run, pdf_url=pdf_url)
    context["is_own_run"] = run.trainee_id == request.user.pk
    return render(request, "simulations/debrief.html", context)


@login_required
@require_GET
def debrief_pdf(request, public_id):
    """Who: as the debrief page. The PDF as a download once it is ready, else 404."""
    return pdf_response(_run_for(request, public_id))


def pdf_response(run: Run) -> HttpResponse:
    """The run's debrief PDF as an attachment; 404 while it is not ready or its file is gone.
    The caller has checked who asks: the file is never served from a public media URL."""
    if not run.finished or run.debrief_status != Run.Debrief.READY or not run.debrief_pdf:
        raise Http404(_("The debrief PDF is not ready."))
    finished = run.finished_at.strftime("%Y-%m-%d") if run.finished_at else "run"
    try:
        response = protected_file_response(
            run.debrief_pdf.path,
            content_type="application/pdf",
            filename=f"debrief-{run.scenario.slug}-{finished}.pdf",
            inline=False,
        )
    except Http404 as error:
        raise Http404(_("The debrief PDF is not ready.")) from error
    response["Cache-Control"] = "private, no-store"
    return response
