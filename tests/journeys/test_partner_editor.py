"""A partner editor (Sure Laboratories' Pim Partner) writes a knowledge article in the Wagtail
admin and submits it for moderation; a programme administrator signs in with a TOTP code and
approves it; the article is then public on the partner's page.

Two people, two browsers, one screenshots folder. Each uses the admin in the journey's
language (chosen in the account settings, as the admin follows the profile, not the browser).
The article lives where the editor may write: under the partner's page in the site's main
(Dutch) tree, so its public page is the Dutch one in both runs; translating it is the
administrators' work through wagtail-localize, outside this journey.
"""

import re

from playwright.sync_api import expect

EDITOR = "partner@demo.atmp-xb.eu"
ADMINISTRATOR = "admin@demo.atmp-xb.eu"
PARTNER = "Sure Laboratories"
ARTICLE = {
    "nl": {
        "title": "Partikeltellers kalibreren: wat de partner leerde",
        "summary": "Hoe Sure Laboratories de jaarlijkse kalibratie van zijn tellers plant.",
        "text": "Kalibreer elke teller minstens jaarlijks volgens ISO 21501-4.",
    },
    "en": {
        "title": "Calibrating particle counters: what the partner learnt",
        "summary": "How Sure Laboratories plans the yearly calibration of its counters.",
        "text": "Calibrate every counter at least once a year to ISO 21501-4.",
    },
}


def write_and_submit(editor, article: dict) -> None:
    page = editor.page
    editor.visit("/admin/")
    # The dashboard's summary leads the editor to the partner's own pages.
    editor.follow(page.locator("main li a[href^='/admin/pages/']").first)
    expect(page.locator("h1").first).to_contain_text(PARTNER)
    editor.follow(page.locator("a[href$='/add_subpage/']").first)
    page.fill("#id_title", article["title"])
    page.fill("#id_author", "Pim Partner")
    page.fill("#id_summary", article["summary"])
    page.click("button.c-sf-add-button")
    page.locator("[role=option]", has_text=re.compile(editor._("Paragraph"), re.I)).first.click()
    body = page.locator(".public-DraftEditor-content").first
    body.click()
    body.press_sequentially(article["text"])
    # Draftail copies its content into the form's hidden input on its own schedule.
    expect(page.locator('input[name="body-0-value"]')).to_have_value(re.compile("ISO 21501"))
    editor.check()
    editor.shot("article-written", key=True)
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    editor.submit(page.locator("button[name=action-submit]"))
    expect(page.locator(".messages .success").first).to_be_visible()
    editor.shot("article-submitted")


def approve(administrator, title: str) -> None:
    page = administrator.page
    administrator.visit("/admin/")
    row = page.locator("tr", has_text=title)
    expect(row).to_be_visible()
    administrator.shot("awaiting-moderation")
    row.locator("[data-w-dropdown-target=toggle]").first.click()
    approve_button = row.locator(
        'button[data-workflow-action-url*="/approve/"]:not([data-launch-modal])'
    )
    administrator.submit(approve_button)
    # Approved, the article leaves the administrator's review list.
    expect(page.locator("tr", has_text=title)).to_have_count(0)
    administrator.shot("approved")


def test_a_partner_editor_publishes_an_article_after_moderation(journey_for, lang):
    article = ARTICLE[lang]
    editor = journey_for("partner-editor")
    editor.sign_in(EDITOR)
    editor.choose_admin_language()
    assert editor.page.locator("html").get_attribute("lang") == lang
    write_and_submit(editor, article)

    # Not public before moderation.
    response = editor.page.goto("/nl/partners/sure-laboratories/")
    assert response.ok
    assert article["title"] not in editor.page.locator("main").inner_text()

    administrator = journey_for("administrator", folder="partner-editor")
    administrator.sign_in(ADMINISTRATOR)
    administrator.choose_admin_language()
    approve(administrator, article["title"])

    editor.visit("/nl/partners/sure-laboratories/")
    editor.follow(editor.page.locator("main a", has_text=article["title"]))
    assert article["title"] in editor.page.locator("h1").inner_text()
    assert article["text"] in editor.page.locator("main").inner_text()
    editor.shot("article-public")
    editor.finish()
    administrator.finish()
