"""In Chromium: a trainer opens the training matrix of the seeded framework, filters it with
and without a page load, drills down to a cell's evidence, and reads it on a tablet; axe-core
on the matrix and the evidence page."""

import os
import re
from pathlib import Path

from django.conf import settings

import pytest
from playwright.sync_api import expect

from certificates.models import Competency
from certificates.seed import seed_framework
from tests.browser_session import log_in
from tests.factories import activate_totp, make_user

from .conftest import enrol
from .matrix_helpers import give

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def fill_cohort(cohort) -> dict:
    """Eight students at every stage of the ten seeded competencies."""
    competencies = list(Competency.objects.filter(active=True).order_by("sort_order", "code"))
    people = {}
    names = ["Ann Actueel", "Bram Binnenkort", "Cas Verlopen", "Dirk Leeg"]
    names += ["Eva Evers", "Fien Fransen", "Gert Goossens", "Hanne Hermans"]
    for number, name in enumerate(names):
        person = make_user("Student", email=f"matrix{number}@example.org", full_name=name)
        enrol(person, cohort)
        people[name] = person
    give(people["Ann Actueel"], competencies[0], 3, days_left=300)
    give(people["Bram Binnenkort"], competencies[0], 2, days_left=12)
    give(people["Cas Verlopen"], competencies[0], 4, days_left=-20)
    for number, name in enumerate(names[4:]):
        for index, competency in enumerate(competencies):
            if (number + index) % 3:
                give(people[name], competency, 1 + (number + index) % 4, days_left=index * 40 - 60)
    return {"people": people, "competencies": competencies}


def test_a_trainer_filters_the_matrix_and_drills_down_in_chromium(
    page, live_server, cohort, trainer
):
    ARTIFACTS.mkdir(exist_ok=True)
    seed_framework()
    data = fill_cohort(cohort)
    first = data["competencies"][0]
    activate_totp(trainer)
    log_in(page, live_server, trainer)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/nl/trainer/cohorts/{cohort.pk}/matrix/")
    table = page.locator("table.matrix-table")
    assert table.locator("tbody tr").count() == 8
    assert table.locator("thead th").count() == 1 + len(data["competencies"])
    assert page.locator(".cohort-nav__link.is-current").count() == 1
    page.screenshot(path=str(ARTIFACTS / "matrix-desktop.png"), full_page=True)

    # The scroll region takes the keyboard: focus, then scroll sideways with the arrow key.
    region = page.locator(".matrix-scroll")
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('matrix-scroll')")
    page.keyboard.press("End")
    page.set_viewport_size({"width": 768, "height": 1024})
    region.evaluate("element => { element.scrollLeft = 400; element.scrollTop = 120; }")
    # The first column and the header row stay in view while the table scrolls under them.
    sticky = page.evaluate(
        """() => {
            const region = document.querySelector('.matrix-scroll').getBoundingClientRect();
            const name = document.querySelector('tbody th').getBoundingClientRect();
            const head = document.querySelector('thead th:nth-child(4)').getBoundingClientRect();
            return {nameLeft: name.left - region.left, headTop: head.top - region.top};
        }"""
    )
    assert abs(sticky["nameLeft"]) <= 2
    assert abs(sticky["headTop"]) <= 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "matrix-tablet.png"), full_page=False)
    region.evaluate("element => { element.scrollLeft = 0; element.scrollTop = 0; }")

    # With JavaScript the filters swap the results in place and put the filters in the URL.
    page.select_option("#matrix-state", "expiring")
    page.wait_for_url("**/matrix/?state=expiring*")
    rows = page.locator("table.matrix-table tbody tr")
    expect(rows.first).to_contain_text("Bram Binnenkort")
    names = rows.locator("th").all_inner_texts()
    assert any("Bram Binnenkort" in name for name in names)
    assert not any("Ann Actueel" in name for name in names)
    status = page.locator("#matrix-status").inner_text()
    assert re.match(rf"{len(names)} \D+ 8 ", status), status
    page.fill("#matrix-search", "bram")
    page.wait_for_url("**/matrix/?state=expiring*q=bram*")
    expect(rows).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "matrix-filtered-tablet.png"), full_page=True)

    # Drill down: the cell of Bram in the first competency.
    cell = page.locator(f"td.matrix-cell--expiring a[href*='/competencies/{first.code}/']")
    cell.click()
    page.wait_for_url(f"**/competencies/{first.code}/?state=expiring&q=bram")
    assert "Bram Binnenkort" in page.locator("h2#evidence-heading").inner_text()
    assert page.locator(".evidence-item").count() == 1
    assert page.locator(".counts--yes").count() == 1
    page.screenshot(path=str(ARTIFACTS / "matrix-evidence-tablet.png"), full_page=True)
    page.locator(".evidence-back a").click()
    page.wait_for_url("**/matrix/?state=expiring&q=bram")
    assert page.locator("table.matrix-table tbody tr").count() == 1
    assert problems == []


def test_the_filters_work_without_javascript(browser, live_server, cohort, trainer):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    seed_framework()
    fill_cohort(cohort)
    activate_totp(trainer)
    log_in(page, live_server, trainer)
    page.goto(f"/nl/trainer/cohorts/{cohort.pk}/matrix/")
    page.select_option("#matrix-state", "expired")
    page.locator(".matrix-filters button[type=submit]").click()
    page.wait_for_url("**/matrix/?state=expired*")
    names = page.locator("table.matrix-table tbody th").all_inner_texts()
    assert any("Cas Verlopen" in name for name in names)
    assert not any("Ann Actueel" in name for name in names)
    context.close()


def test_the_matrix_and_its_evidence_have_no_serious_accessibility_violations(
    browser, live_server, cohort, trainer
):
    seed_framework()
    data = fill_cohort(cohort)
    bram = data["people"]["Bram Binnenkort"]
    activate_totp(trainer)
    # Injecting axe is an inline script, which our Content Security Policy rightly blocks.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    tab = context.new_page()
    log_in(tab, live_server, trainer)
    found = {}
    code = data["competencies"][0].code
    for url in (
        f"/nl/trainer/cohorts/{cohort.pk}/matrix/",
        f"/nl/trainer/cohorts/{cohort.pk}/matrix/?state=bogus",
        f"/nl/trainer/cohorts/{cohort.pk}/students/{bram.pk}/competencies/{code}/",
    ):
        tab.goto(url)
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
        )
        if violations:
            found[url] = violations
    context.close()
    assert found == {}
