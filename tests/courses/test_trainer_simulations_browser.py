"""In Chromium: a trainer replays a student's run from the cohort's Simulations tab with the
keyboard alone, the charts drawn by Chart.js under the site's Content Security Policy; the
student reads the debrief; axe-core finds no serious violation on either page."""

import os
import re
from pathlib import Path

from django.conf import settings

import pytest
from playwright.sync_api import expect

from tests.browser_session import log_in
from tests.factories import activate_totp
from tests.simulations.debrief_fixtures import make_grade_a_scenario, play_mixed_run

from .conftest import enrol

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "debrief"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def run(cohort, lessons, student, trainer):
    enrol(student, cohort)
    activate_totp(trainer)
    return play_mixed_run(make_grade_a_scenario(), student, context=f"lesson:{lessons[0].pk}")


def drawn_charts(page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll("canvas[data-chart-index]")]
            .filter(canvas => window.Chart && Chart.getChart(canvas)).length"""
    )


def test_a_trainer_replays_a_run_with_the_keyboard_in_chromium(
    page, live_server, cohort, trainer, run
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    log_in(page, live_server, trainer)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"/en/trainer/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Simulations").click()
    page.get_by_role("link", name=re.compile("^Debrief and replay")).click()
    expect(page.get_by_text("reproduces the recorded score (50 %)")).to_be_visible()
    assert drawn_charts(page) == page.locator("canvas[data-chart-index]").count() > 0

    slider = page.get_by_label("Simulated time")
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_url(re.compile(r"\?t=0(\.0)?$"))
    expect(page.get_by_role("heading", name="At 00:00:00")).to_be_visible()
    expect(page.get_by_text("No alarm yet.")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "replay-t"

    for _ in range(4):
        page.keyboard.press("PageUp")
    page.wait_for_url(re.compile(r"\?t=[1-9]"))
    at = float(re.search(r"t=([\d.]+)", page.url).group(1))
    assert 0 < at <= 1200
    page.get_by_role("link", name="Next event, alarm or action").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?t="))
    page.screenshot(path=str(ARTIFACTS / "replay-1280.png"), full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.screenshot(path=str(ARTIFACTS / "replay-768.png"), full_page=True)
    assert drawn_charts(page) > 0
    assert problems == []


def test_the_debrief_and_the_replay_have_no_serious_accessibility_violations(
    browser, live_server, cohort, trainer, student, run
):
    found = {}
    for user, url in (
        (student, f"/en/simulations/runs/{run.public_id}/debrief/"),
        (trainer, f"/nl/trainer/cohorts/{cohort.pk}/simulations/"),
        (trainer, f"/nl/trainer/cohorts/{cohort.pk}/simulations/{run.public_id}/?t=430"),
    ):
        # Injecting axe is an inline script, which our Content Security Policy rightly blocks.
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        tab = context.new_page()
        log_in(tab, live_server, user)
        tab.goto(url)
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
        )
        if violations:
            found[url] = violations
        if "debrief" in url:
            tab.set_viewport_size({"width": 390, "height": 844})
            tab.screenshot(path=str(ARTIFACTS / "debrief-390.png"), full_page=True)
        context.close()
    assert found == {}
