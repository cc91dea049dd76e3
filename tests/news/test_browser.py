"""A visitor in Chromium: reading the news in both languages, and axe-core on the pages."""

import os
from pathlib import Path

from django.conf import settings

import pytest

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "public-site"
AXE_PAGES = (
    "/nl/",
    "/nl/nieuws/",
    "/nl/nieuws/nieuws-1/",
    "/nl/partners/",
    "/nl/partners/sure-laboratories/",
    "/en/news/project-launched/",
    "/nl/search/?q=nieuws",
)


@pytest.fixture(autouse=True)
def allow_sync_orm_beside_playwright():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_reads_the_news_in_dutch_then_in_english_and_back(page, site_content):
    page.goto("/nl/nieuws/")
    page.get_by_role("link", name="Nieuwsbericht 1", exact=True).click()
    assert page.locator("h1").inner_text() == "Nieuwsbericht 1"
    assert page.locator("html").get_attribute("lang") == "nl"

    page.locator(".language-switcher").get_by_role("link", name="English").click()

    page.wait_for_url("**/en/news/project-launched/")
    assert page.locator("h1").inner_text() == "Project launched"
    assert page.locator("html").get_attribute("lang") == "en"

    page.locator(".language-switcher").get_by_role("link", name="Nederlands").click()

    page.wait_for_url("**/nl/nieuws/nieuws-1/")
    assert page.locator("h1").inner_text() == "Nieuwsbericht 1"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_language_switch_works_without_javascript(browser, live_server, site_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/nl/nieuws/nieuws-1/")

    tab.locator(".language-switcher").get_by_role("link", name="English").click()

    tab.wait_for_url("**/en/news/project-launched/")
    assert tab.locator("h1").inner_text() == "Project launched"
    assert tab.get_by_role("link", name="Nieuws", exact=False).count() == 0
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_menu_button_opens_the_navigation_on_a_phone(browser, live_server, site_content):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    tab = context.new_page()
    tab.goto("/nl/")
    menu = tab.get_by_role("button", name="Menu")
    assert tab.locator("#main-nav").is_hidden()

    menu.click()

    assert menu.get_attribute("aria-expanded") == "true"
    assert tab.locator("#main-nav").get_by_role("link", name="Nieuws").is_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_have_no_serious_accessibility_violations(browser, live_server, site_content):
    # Injecting axe is an inline script, which our Content Security Policy rightly blocks.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    tab = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for url in AXE_PAGES:
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
