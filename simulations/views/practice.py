"""Practice mode: the scenarios offered for practice outside any module, and the user's runs.

Who: students, trainers and programme administrators (simulations.views.access); anonymous
visitors log in first, everyone else gets a 403. A constant number of queries, whatever the
number of scenarios and runs: the runs come a page at a time, with their scenario.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wagtail.models import Page

from simulations import engine
from simulations.models import Run, Scenario

from . import display
from .access import simulation_user_required

RUNS_PER_PAGE = 20


@simulation_user_required
@require_GET
def practice(request):
    scenarios = [
        {
            "scenario": scenario,
            "simulated": display.simulated_duration(scenario.duration_s),
            "real": display.real_duration(scenario.duration_s / scenario.time_compression),
        }
        for scenario in Scenario.objects.filter(active=True, practice=True)
    ]
    runs = (
        Run.objects.filter(trainee=request.user)
        .select_related("scenario")
        .defer("snapshot", "outcome", "scenario__setup")
    )
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"scenarios": scenarios, "page_obj": page, "runs": _run_rows(page.object_list)}
    return render(request, "simulations/practice.html", context)


def _run_rows(runs) -> list[dict]:
    runs = list(runs)
    lesson_ids = {_lesson_id(run.context) for run in runs} - {None}
    titles = dict(Page.objects.filter(pk__in=lesson_ids).values_list("pk", "title"))
    return [
        {
            "run": run,
            "lesson_title": titles.get(_lesson_id(run.context)),
            "time_up": run.status == Run.Status.RUNNING and engine.sim_time(run) >= run.duration_s,
            "status_label": display.STATUS[run.status],
        }
        for run in runs
    ]


def _lesson_id(context: str) -> int | None:
    kind, _colon, ident = context.partition(":")
    return int(ident) if kind == "lesson" and ident.isdigit() else None
