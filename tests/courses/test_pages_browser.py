"""A student in Chromium: from the module page through login and enrolment to a lesson;
axe-core on the curriculum pages."""

import os
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

import pytest

from courses.models import Enrolment, LessonCompletion
from tests.factories import DEFAULT_PASSWORD

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "curriculum"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def allow_sync_orm_beside_playwright():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def test_a_student_logs_in_enrols_and_opens_a_lesson(page, module, lessons, cohort, student):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(module.url)
    page.screenshot(path=str(SCREENSHOTS / "module-anonymous.png"), full_page=True)
    assert page.get_by_role("link", name=lessons[0].title).count() == 0
    page.get_by_role("link", name=nl("Log in to enrol")).click()

    page.fill("#id_login", student.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.locator("main form.account-form button[type=submit]").first.click()
    page.wait_for_url(f"**{module.url}")
    page.get_by_role("button", name=nl("Enrol"), exact=True).click()

    page.wait_for_url(f"**{module.url}")
    assert page.locator(".message--success").is_visible()
    assert page.get_by_text(nl("You are enrolled.")).is_visible()
    page.screenshot(path=str(SCREENSHOTS / "module-enrolled.png"), full_page=True)
    assert Enrolment.objects.get(student=student).status == Enrolment.Status.ENROLLED

    page.get_by_role("link", name=lessons[0].title).click()
    page.wait_for_url(f"**{lessons[0].url}")
    assert page.locator("h1").inner_text() == lessons[0].title
    assert page.locator(".lesson__state--done").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "lesson.png"), full_page=True)
    assert LessonCompletion.objects.filter(student=student).count() == 1

    page.locator(".lesson-nav__link--next").click()
    page.wait_for_url(f"**{lessons[1].url}")


def test_curriculum_pages_have_no_serious_accessibility_violations(
    browser, live_server, programme, module, lessons, application_cohort, enrolled_student
):
    # Injecting axe is an inline script, which our Content Security Policy rightly blocks.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    tab = context.new_page()
    tab.goto("/nl/accounts/login/")
    tab.fill("#id_login", enrolled_student.email)
    tab.fill("#id_password", DEFAULT_PASSWORD)
    tab.locator("main form.account-form button[type=submit]").first.click()
    tab.wait_for_load_state()
    found = {}
    for url in (
        programme.url,
        module.url,
        lessons[1].url,
        f"/nl/learn/cohorts/{application_cohort.pk}/apply/",
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
