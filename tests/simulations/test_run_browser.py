"""In Chromium: a student plays a short Grade A run on the dashboard: starts it from practice
mode, sees the particle action alarm arrive and be announced, acknowledges it by keyboard,
stops the process, documents a deviation, ends the run and lands on the debrief. The charts
draw under the site's Content Security Policy; axe-core finds no serious violations; the
dashboard fits a tablet and a phone."""

import os
import re
from pathlib import Path

from django.conf import settings

import pytest

from simulations.models import Run, RunAction
from tests.browser_session import log_in
from tests.factories import make_user

from .ui_fixtures import make_grade_a_scenario

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "simulations"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# 30 simulated minutes at 30×: one real minute. The intervention at 60 s raises the Grade A
# action alarm on the counter's sample at 120 s, four real seconds in.
FAST = {"duration_s": 1800, "time_compression": 30.0}


def make_fast_scenario():
    scenario = make_grade_a_scenario(slug="fast-grade-a", **FAST)
    scenario.events.update(at_s=60)
    return scenario


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
    )


def test_a_student_plays_a_grade_a_run_to_the_debrief(page, browser, live_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    scenario = make_fast_scenario()
    student = make_user("Student", email="sim.browser@example.org", full_name="Sim Student")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, student)

    page.goto("/nl/simulations/")
    page.screenshot(path=str(ARTIFACTS / "practice-1280.png"), full_page=True)
    page.get_by_role("button", name=re.compile(scenario.title_nl)).click()
    page.wait_for_url(re.compile(r"/nl/simulations/runs/[0-9a-f-]+/$"))
    run = Run.objects.get(trainee=student)
    assert page.evaluate(
        "Chart.getChart(document.querySelector('.sim-chart canvas')) !== undefined"
    )

    alarm = page.locator(".sim-alarm--action").first
    alarm.wait_for(timeout=30_000)
    announced = page.locator('[data-sim-announce="assertive"]')
    assert "zone" in announced.inner_text()
    assert page.locator(".sim-plan__area.is-alarm").count() >= 1
    page.wait_for_timeout(1500)  # another poll or two: the charts hold a few samples
    page.screenshot(path=str(ARTIFACTS / "dashboard-1280.png"), full_page=False)

    alarm.locator("button").focus()
    page.keyboard.press("Enter")
    page.locator(".sim-alarm--action.is-acknowledged").first.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('sim-alarm')")

    page.locator('input[value="stop_process"] ~ button').click()
    page.locator("[data-sim-log] li").first.wait_for()
    reason = "Deeltjes boven de actiegrens in klasse A tijdens de ingreep; proces gestopt."
    page.get_by_label(re.compile("Afwijking|Deviation")).fill(reason)
    page.locator('input[value="document_deviation"] ~ button').click()
    page.locator("[data-sim-log] li").nth(2).wait_for()
    assert page.get_by_label(re.compile("Afwijking|Deviation")).input_value() == ""
    kinds = list(RunAction.objects.filter(run=run).values_list("kind", flat=True))
    assert kinds == ["acknowledge", "stop_process", "document_deviation"]

    page.set_viewport_size({"width": 768, "height": 1024})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "dashboard-768.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "dashboard-375.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 800})

    # axe needs its script injected, which the Content Security Policy rightly blocks: it
    # reads the paused run in a context of its own, while this tab waits.
    page.locator('[data-sim-control="pause"] button').click()
    page.locator('[data-sim-control="resume"]:not([hidden])').wait_for()
    axe_context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    axe_page = axe_context.new_page()
    log_in(axe_page, live_server, student)
    axe_page.goto(f"/nl/simulations/runs/{run.public_id}/")
    dashboard_violations = serious_violations(axe_page)
    axe_page.goto("/nl/simulations/")
    practice_violations = serious_violations(axe_page)
    axe_context.close()
    assert dashboard_violations == []
    assert practice_violations == []
    page.locator('[data-sim-control="resume"] button').click()
    page.locator('[data-sim-control="pause"]:not([hidden])').wait_for()

    page.locator(".sim-end summary").click()
    page.locator('[data-sim-control="end"] button').click()
    page.wait_for_url(f"**/nl/simulations/runs/{run.public_id}/debrief/")
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED and run.ended_early
    page.goto("/nl/simulations/")
    assert page.locator(f'a[href="/nl/simulations/runs/{run.public_id}/debrief/"]').count() == 1
    page.screenshot(path=str(ARTIFACTS / "practice-after-run-1280.png"), full_page=True)
    assert errors == []
