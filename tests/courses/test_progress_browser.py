"""In Chromium: the student dashboard and the trainer's cohort view render their progress bars,
results and decision forms, reachable by keyboard and readable on a phone."""

import os
from pathlib import Path

from django.conf import settings

import pytest

from courses import progress
from tests.browser_session import log_in
from tests.factories import activate_totp, make_user

from .conftest import enrol
from .progress_helpers import give_result, h5p_block, make_content, set_h5p_blocks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def test_dashboard_and_cohort_view_in_chromium(page, live_server, curriculum, cohort, trainer):
    ARTIFACTS.mkdir(exist_ok=True)
    content = make_content("Omkleden in volgorde")
    set_h5p_blocks(curriculum.lessons[1], h5p_block(content, title="Zet de stappen in volgorde"))
    student = make_user("Student", email="browser.student@example.org", full_name="Bo Browser")
    enrol(student, cohort)
    applicant = make_user("Student", email="browser.applicant@example.org", full_name="Ada Apply")
    enrol(applicant, cohort, status="applied", motivation="Ik werk in een cleanroom.")
    progress.complete_lesson_if_due(student=student, lesson=curriculum.lessons[0])
    give_result(student, content, "0.9", last="0.6", attempts=2)

    log_in(page, live_server, student)
    page.goto("/nl/learn/")
    bar = page.locator("progress.progress-meter__bar").first
    assert bar.get_attribute("value") == "1"
    assert bar.get_attribute("max") == "3"
    assert page.locator("h3.cohort-card__title").inner_text() == curriculum.module.title
    next_link = page.locator(".cohort-card__next a")
    assert next_link.inner_text() == curriculum.lessons[1].title
    assert page.locator(".score").first.inner_text() == "90%"
    page.screenshot(path=str(ARTIFACTS / "progress-dashboard.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "progress-dashboard-phone.png"), full_page=True)

    page.context.clear_cookies()
    activate_totp(trainer)
    log_in(page, live_server, trainer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/nl/trainer/cohorts/{cohort.pk}/")
    assert page.locator(".cohort-nav__link.is-current").count() == 1
    row = page.locator("table.progress-table--matrix").nth(1).locator("tbody tr").first
    assert "90%" in row.inner_text()
    page.locator(".decision-form button[value=accept]").focus()
    assert page.evaluate("document.activeElement.value") == "accept"
    page.screenshot(path=str(ARTIFACTS / "progress-cohort-view.png"), full_page=True)
    # The tables scroll inside their regions; the page itself never scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".decision-form button[value=accept]").click()
    page.wait_for_url(f"**/nl/trainer/cohorts/{cohort.pk}/")
    assert page.locator("text=Ada Apply").count() >= 1
    assert page.locator(".decision-form").count() == 0
