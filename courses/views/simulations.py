"""A cohort's simulation runs for its trainers: the list, and each run with its debrief, a
replay over simulated time and the check that replaying reproduces the recorded score.

A run belongs to a cohort when its trainee is one of the cohort's students (an active
enrolment) and it was started from a lesson of the cohort's module (context "lesson:<id>", in
any language of the module) or in practice mode (labelled as practice: the same student's
practice runs show in each of their cohorts).

Who: the trainers of the cohort and programme administrators (and superusers). Other trainers
get 404 (they have no business knowing about the cohort), anyone else signed in 403; visitors
log in first. Read-only: nothing here writes, except that a run whose time is up is ended and
scored (as every read of a run does).
"""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atmp_platform.accounts.roles import PROGRAMME_ADMINISTRATOR, TRAINER, has_role
from courses.cohort_nav import cohort_tabs
from courses.matrix import module_in_language
from courses.models import Cohort, Enrolment, LessonPage, ModulePage
from simulations import debrief as debriefs
from simulations import engine, results
from simulations.debrief_charts import chart_data
from simulations.models import Run
from simulations.places import clock, first_day, pick
from simulations.views.debrief import page_context, pdf_response

PRACTICE = "practice"
RUNS_PER_PAGE = 100
# The replay's steps: the slider moves in about this many steps over a run, the step links in
# about this many jumps, never less than a second and a minute.
SLIDER_STEPS = 600
JUMPS = 20


def _cohort_for(request, cohort_id: int) -> Cohort:
    user = request.user
    if user.is_superuser or has_role(user, PROGRAMME_ADMINISTRATOR):
        cohorts = Cohort.objects.all()
    elif has_role(user, TRAINER):
        cohorts = Cohort.objects.taught_by(user)
    else:
        raise PermissionDenied(
            _("Only trainers of this cohort and programme administrators can see its runs.")
        )
    return get_object_or_404(cohorts.select_related("module"), pk=cohort_id)


def _lesson_titles(cohort: Cohort) -> dict[str, str]:
    """{"lesson:<id>": title in the reader's language} for every lesson of the cohort's
    module, in every language: two queries."""
    modules = ModulePage.objects.filter(translation_key=cohort.module.translation_key).values_list(
        "path", "depth"
    )
    under = Q(pk__in=[])
    for path, depth in modules:
        under |= Q(path__startswith=path, depth=depth + 1)
    lessons = list(
        LessonPage.objects.filter(under).values_list(
            "pk", "title", "translation_key", "locale__language_code"
        )
    )
    language = translation.get_language() or ""
    preferred = {key: title for _pk, title, key, code in lessons if code == language}
    return {f"lesson:{pk}": preferred.get(key, title) for pk, title, key, _code in lessons}


def cohort_runs(cohort: Cohort, lesson_titles: dict[str, str]):
    students = Enrolment.objects.active().filter(cohort=cohort).values("student_id")
    return (
        Run.objects.filter(trainee__in=students)
        .filter(Q(context=PRACTICE) | Q(context__in=list(lesson_titles)))
        .select_related("scenario", "trainee")
        .defer("snapshot", "outcome", "scenario__setup")
        .order_by("-started_at", "-pk")
    )


@dataclass(frozen=True)
class RunRow:
    run: Run
    where: str
    practice: bool
    url: str


def _frame(cohort: Cohort) -> dict:
    return {
        "cohort": cohort,
        "module": module_in_language(cohort, translation.get_language()),
        "cohort_tabs": cohort_tabs(cohort.pk, current="trainer:simulations"),
    }


@login_required
@require_GET
def simulations(request, cohort_id: int):
    """The runs of the cohort's students, newest first. Who: see the module docstring."""
    cohort = _cohort_for(request, cohort_id)
    titles = _lesson_titles(cohort)
    page = Paginator(cohort_runs(cohort, titles), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        RunRow(
            run=run,
            where=_("Practice") if run.context == PRACTICE else titles.get(run.context, ""),
            practice=run.context == PRACTICE,
            url=reverse("trainer:simulation_run", args=[cohort.pk, run.public_id]),
        )
        for run in page.object_list
    ]
    context = {**_frame(cohort), "rows": rows, "page_obj": page}
    return render(request, "courses/trainer_simulations.html", context)


def _run_in(cohort: Cohort, public_id) -> Run:
    """The run if it is one of the cohort's (see the module docstring), else 404."""
    titles = _lesson_titles(cohort)
    run = (
        cohort_runs(cohort, titles)
        .defer(None)
        .select_related("scenario", "trainee")
        .filter(public_id=public_id)
        .first()
    )
    if run is None:
        raise Http404(_("This run is not one of this cohort's."))
    if not run.finished and engine.finish_if_due(run=run):
        run.refresh_from_db()
    run.where = _("Practice") if run.context == PRACTICE else titles.get(run.context, "")
    return run


def _replay_time(request, end_s: float) -> float:
    """The replay's time from ?t=, kept within the run; a time that is not a number is
    refused with a message and the end shown instead."""
    raw = request.GET.get("t", "")
    if raw == "":
        return end_s
    try:
        at = float(raw)
    except ValueError:
        at = float("nan")
    if at != at or at in (float("inf"), float("-inf")):
        messages.error(request, _("The replay time must be a number of simulated seconds."))
        return end_s
    return min(max(at, 0.0), end_s)


def _replay_matches(run: Run) -> tuple[bool, dict]:
    """Whether scoring the run again from its seed, snapshot and actions gives the stored
    outcome, and the replay's outcome (as stored JSON would hold it)."""
    again = json.loads(json.dumps(results.outcome_of(run).as_dict()))
    return again == run.outcome, again


def _replay(run: Run, debrief, at: float, end: float) -> dict:
    moments = [m for m in debrief.timeline if m.at_s <= at]
    marks = sorted({m.at_s for m in debrief.timeline if m.kind in ("event", "alarm", "action")})
    jump = 60 * max(1, round(end / JUMPS / 60))
    day = first_day(run.snapshot)
    step = None
    for candidate in run.snapshot["steps"]:
        if candidate["starts_at_s"] <= at:
            step = candidate
    return {
        "at_s": at,
        "clock": clock(at, day, end=at >= end),
        "end_s": end,
        "end_clock": clock(end, day, end=True),
        "step": pick(step, "title") if step else "",
        "alarms": [a for a in debrief.alarms if a.at_s <= at],
        "actions": [m for m in moments if m.kind == "action"],
        "previous_mark": max((t for t in marks if t < at), default=None),
        "next_mark": min((t for t in marks if t > at), default=None),
        "jump": debriefs.span(jump),
        "back": max(at - jump, 0.0),
        "forward": min(at + jump, end),
        "start": 0.0,
        "slider_step": max(1, round(end / SLIDER_STEPS)),
    }


@login_required
@require_GET
def simulation_run(request, cohort_id: int, public_id):
    """One run of the cohort: its debrief (once it has ended) and a replay up to ?t=
    simulated seconds, with no data later than that. Who: see the module docstring."""
    cohort = _cohort_for(request, cohort_id)
    run = _run_in(cohort, public_id)
    end = debriefs.ended_at(run) if run.finished else engine.sim_time(run)
    at = _replay_time(request, end)
    pdf_url = reverse("trainer:simulation_pdf", args=[cohort.pk, run.public_id])
    if run.finished:
        context = page_context(run, pdf_url=pdf_url)
        matches, again = _replay_matches(run)
        context |= {"replay_matches": matches, "replay_score": again.get("score")}
    else:
        context = {"run": run, "debrief": debriefs.build(run, until_s=end), "pdf_url": ""}
    context |= _frame(cohort)
    context |= {
        "replay": _replay(run, context["debrief"], at, end),
        "charts": chart_data(run, until_s=at, x_max=end),
        "replay_focus": "t" in request.GET,
    }
    return render(request, "courses/trainer_simulation_run.html", context)


@login_required
@require_GET
def simulation_pdf(request, cohort_id: int, public_id):
    """The run's debrief PDF, once ready. Who: see the module docstring."""
    cohort = _cohort_for(request, cohort_id)
    return pdf_response(_run_in(cohort, public_id))
