"""The trainee's run: start it, watch and act on its dashboard, pause, resume and end it.

Who: the run's own trainee only (students, trainers and programme administrators practise);
anyone else signed in gets a 403 (no simulating role) or a 404 (not their run); anonymous
visitors log in first. Every write is a POST with a CSRF token.

Each form works without JavaScript (POST, then a redirect with a message, or the dashboard
again with the refusal and a 400/409). The dashboard's script sends the same forms with
`Accept: application/json` and gets JSON: 200 with the run's new version, 400 for bad input,
409 when the run refuses (simulations.engine.RunError), 429 past the rate limit.
"""

import math

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from allauth.core import ratelimit

from simulations import engine
from simulations.forms import ActionForm, StartForm, form_errors
from simulations.models import Action, Run, Scenario
from simulations.places import first_day

from . import dashboard, display
from .access import own_run, simulation_user_required
from .thinning import thinned

RATE_LIMIT_ACTION = "simulation_action"


def wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return accept.startswith("application/json")


def debrief_url(run: Run) -> str:
    return reverse("simulations:debrief", args=[run.public_id])


def run_url(run: Run) -> str:
    return reverse("simulations:run", args=[run.public_id])


@simulation_user_required
@require_POST
def start(request, slug: str):
    """Start `slug` (an available scenario) from practice mode or a lesson (`context`). An
    unfinished run of the same scenario from the same place is continued instead, so a
    double click starts one run."""
    scenario = get_object_or_404(Scenario, slug=slug, active=True)
    form = StartForm(request.POST, scenario=scenario, user=request.user)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("simulations:practice")
    context = form.cleaned_data["context"]
    unfinished = _unfinished(request.user, scenario, context)
    if unfinished is not None:
        messages.info(request, _("You have a run of this scenario under way: here it is."))
        return redirect(run_url(unfinished))
    try:
        run = engine.start_run(scenario=scenario, trainee=request.user, context=context)
    except engine.RunError as error:
        messages.error(request, str(error))
        return redirect("simulations:practice")
    return redirect(run_url(run))


def _unfinished(user, scenario: Scenario, context: str) -> Run | None:
    runs = Run.objects.filter(trainee=user, scenario=scenario, context=context).exclude(
        status=Run.Status.FINISHED
    )
    for run in runs:
        if not engine.finish_if_due(run=run):
            return run
    return None


@simulation_user_required
@require_GET
def run_dashboard(request, public_id):
    """The run's monitoring dashboard; a finished run sends its trainee to the debrief."""
    run = own_run(request, public_id)
    engine.finish_if_due(run=run)
    if run.status == Run.Status.FINISHED:
        return redirect(debrief_url(run))
    return _render_dashboard(request, run)


def _render_dashboard(request, run: Run, *, error: str = "", status: int = 200):
    state = engine.state(run=run)
    if state["status"] == Run.Status.FINISHED and not error:
        return redirect(debrief_url(run))
    context = {
        "run": run,
        "briefing": run.scenario.briefing,
        "state_json": _client_state(run, state, thin=True),
        "words": display.script_words(),
        "error": error,
        "action_form": ActionForm(snapshot=run.snapshot),
        **dashboard.build(run, state),
    }
    response = render(request, "simulations/run_dashboard.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _client_state(run: Run, state: dict, *, thin: bool = False) -> dict:
    """The engine's state as the script reads it: alarms with their words, the debrief's
    address once the run has ended; with `thin`, long channels cut to what a chart can show."""
    if thin:
        state = {**state, "channels": thinned(state["channels"])}
    day = first_day(run.snapshot)
    alarms = [
        {
            **alarm,
            "level_label": str(display.LEVELS.get(alarm["level"], alarm["level"])),
            "rule_label": display.rule_label(alarm["rule"]),
            "time": display.clock(alarm["at_s"], first_day=day),
        }
        for alarm in state["alarms"]
    ]
    extra = {"debrief_url": debrief_url(run)} if state["status"] == Run.Status.FINISHED else {}
    return {**state, "alarms": alarms, "first_day": day, **extra}


@simulation_user_required
@require_GET
def run_state(request, public_id):
    """JSON: the samples after `since` (simulated seconds) up to now, and everything else
    the dashboard shows. Never a sample later than the run's present."""
    run = own_run(request, public_id)
    try:
        since = float(request.GET.get("since", "-1"))
    except ValueError:
        since = math.nan
    if not math.isfinite(since):
        return _json_error(_("“since” must be a number of simulated seconds."), 400)
    state = engine.state(run=run, since_s=since)
    return _json(_client_state(run, state))


@simulation_user_required
@require_POST
def act(request, public_id):
    """Record one action (fields kind, target, value, reason only) at the run's present."""
    run = own_run(request, public_id)
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION, user=request.user):
        return _refuse(request, run, _("Too many actions at once: wait a moment."), 429)
    form = ActionForm(request.POST, snapshot=run.snapshot)
    if not form.is_valid():
        return _refuse(request, run, form_errors(form), 400)
    data = form.cleaned_data
    try:
        engine.act(
            run=run,
            actor=request.user,
            kind=data["kind"],
            target=data["target"],
            value=data["value"],
            reason=data["reason"],
        )
    except engine.RunError as error:
        return _refuse(request, run, str(error), 409)
    label = Action(data["kind"]).label
    return _done(request, run, _("Done: %(action)s.") % {"action": label})


@simulation_user_required
@require_POST
def pause(request, public_id):
    run = own_run(request, public_id)
    return _change(request, run, engine.pause, _("Paused: the simulated clock stands still."))


@simulation_user_required
@require_POST
def resume(request, public_id):
    run = own_run(request, public_id)
    return _change(request, run, engine.resume, _("The run goes on."))


@simulation_user_required
@require_POST
def end(request, public_id):
    """End the run now; it is scored at once and the trainee goes to the debrief."""
    run = own_run(request, public_id)
    return _change(request, run, engine.end, _("The run has ended: here is your debrief."))


def _change(request, run: Run, change, message: str):
    try:
        change(run=run, actor=request.user)
    except engine.RunError as error:
        return _refuse(request, run, str(error), 409)
    return _done(request, run, message)


def _done(request, run: Run, message: str):
    run.refresh_from_db(fields=["version", "status"])
    finished = run.status == Run.Status.FINISHED
    if wants_json(request):
        extra = {"debrief_url": debrief_url(run)} if finished else {}
        return _json({"version": run.version, "status": run.status, "message": message, **extra})
    messages.success(request, message)
    return redirect(debrief_url(run) if finished else run_url(run))


def _refuse(request, run: Run, message: str, status: int):
    if wants_json(request):
        return _json_error(message, status)
    run.refresh_from_db()
    if run.status == Run.Status.FINISHED:
        messages.error(request, message)
        return redirect(debrief_url(run))
    return _render_dashboard(request, run, error=message, status=status)


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    add_never_cache_headers(response)
    return response


def _json_error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)
