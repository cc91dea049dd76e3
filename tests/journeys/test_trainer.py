"""A trainer's journey. The demo trainer signs in with a password and a TOTP code (staff need a
second factor under these production-like settings), opens the cleanroom cohort, its training
matrix and a student's Grade A run, which they replay with the keyboard, and then assesses a
student with the keyboard alone: the rubric, an outcome forgotten and found again through the
error summary, the level and a comment, the re-authentication with password and a fresh TOTP
code, the review and the signature, ending on the signed record with its hash.
"""

import re

from certificates.signatures import signature_meaning
from courses.demo import cleanroom

from .keyboard import assert_focus_visible, focused, has_focus, press_to_load, tab_to
from .support import DEMO_PASSWORD, Journey

TRAINER = "trainer@demo.atmp-xb.eu"
STUDENT = "Lars De Smet"
COMPETENCY = "C3"


def test_a_trainer_signs_in_with_totp_follows_a_cohort_and_signs_an_assessment(journey_for, lang):
    journey = journey_for("trainer")
    journey.sign_in(TRAINER)
    continue_in_the_journeys_language(journey)
    assert journey._("Two-factor authentication is on.") in journey.page.inner_text("main")
    open_the_cohort_and_its_matrix(journey)
    replay_a_simulation_run(journey)
    assess_with_the_keyboard(journey)
    journey.finish()


def continue_in_the_journeys_language(journey: Journey) -> None:
    """The demo trainer prefers Dutch, so signing in continues in Dutch; in the English run
    they switch with the language switcher, and the links keep them in English."""
    page = journey.page
    assert page.locator("html").get_attribute("lang") == "nl"
    if journey.lang != "nl":
        journey.follow(page.locator(f".language-switcher a[hreflang={journey.lang}]"))
    assert page.locator("html").get_attribute("lang") == journey.lang


def open_the_cohort_and_its_matrix(journey: Journey) -> None:
    page = journey.page
    module = cleanroom.MODULE[journey.lang]["title"]
    journey.follow(page.locator(".account-nav").get_by_role("link", name=journey._("My cohorts")))
    row = page.locator("main tr", has_text=module)
    journey.follow(row.get_by_role("link"))
    assert module in page.locator("main").inner_text()
    assert STUDENT in page.locator("main").inner_text()
    journey.shot("cohort")

    journey.follow(page.get_by_role("link", name=journey._("Training matrix")))
    matrix = page.locator("main table").first
    assert STUDENT in matrix.inner_text()
    assert COMPETENCY in matrix.inner_text()
    # The README shows the part of the page in view: the matrix itself.
    matrix.evaluate("table => table.scrollIntoView({block: 'center'})")
    journey.shot("matrix", key=True)


def replay_a_simulation_run(journey: Journey) -> None:
    """The demo student's Grade A run, replayed from the beginning with the keyboard."""
    page = journey.page
    journey.follow(page.get_by_role("link", name=journey._("Simulations"), exact=True))
    run = page.locator("main tr", has_text="Grade A" if journey.lang == "en" else "Klasse A")
    journey.follow(run.get_by_role("link"))
    reproduced = journey._(
        "Replaying this run from its seed, scenario and actions reproduces the recorded score "
        "(%(score)s %%)."
    )
    assert reproduced.split("(")[0].strip() in page.locator("main").inner_text()

    slider = page.get_by_label(journey._("Simulated time"))
    tab_to(page, slider)
    with page.expect_navigation(url=re.compile(r"\?t=0(\.0)?$")):
        page.keyboard.press("Home")
    journey.check()
    assert has_focus(page.get_by_label(journey._("Simulated time")))
    assert journey._("No alarm yet.") in page.locator("main").inner_text()
    tab_to(page, page.get_by_role("link", name=journey._("Next event, alarm or action")))
    press_to_load(journey, "Enter")
    assert re.search(r"\?t=[1-9]", page.url)
    journey.shot("replay")


def assess_with_the_keyboard(journey: Journey) -> None:
    page = journey.page
    journey.follow(page.get_by_role("link", name=journey._("Assessments"), exact=True))
    student = page.locator("select[name=student]")
    tab_to(page, student)
    page.keyboard.type(STUDENT.split()[0])
    assert STUDENT in student.locator("option:checked").inner_text()
    competency = page.locator("select[name=competency]")
    tab_to(page, competency)
    while competency.input_value() != COMPETENCY:
        page.keyboard.press("ArrowDown")
    tab_to(page, page.locator(".assessment-start [type=submit]"))
    press_to_load(journey, "Enter")

    fill_the_rubric_but_not_the_outcome(journey)
    choose_the_outcome_from_the_error_summary(journey)
    tab_to(page, page.locator(".assessment-form [type=submit]"))
    press_to_load(journey, "Enter")
    reauthenticate(journey)
    sign(journey)


def fill_the_rubric_but_not_the_outcome(journey: Journey) -> None:
    page = journey.page
    criteria = page.locator(".rubric input[type=checkbox]")
    for index in range(criteria.count()):
        tab_to(page, criteria.nth(index))
        page.keyboard.press("Space")
    assert page.locator(".rubric input:checked").count() == criteria.count() > 0
    tab_to(page, page.locator("select[name=level]"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("select[name=level]").input_value() == "2"
    tab_to(page, page.locator("textarea[name=comments]"))
    page.keyboard.type("Omkleden volgens de SOP, zonder aarzelen; kap en mouwen correct.")
    journey.shot("assessment-form")
    tab_to(page, page.locator(".assessment-form [type=submit]"))
    # The form answers 400 with its errors: the browser logs that response as an error.
    before = len(journey.problems)
    press_to_load(journey, "Enter")
    assert all(" 400 " in problem for problem in journey.problems[before:])
    del journey.problems[before:]


def choose_the_outcome_from_the_error_summary(journey: Journey) -> None:
    """The summary has the focus on arrival; its link leads to the first outcome option."""
    page = journey.page
    summary = page.locator(".form-errors[role=alert]")
    assert has_focus(summary), f"The focus is on {focused(page)}, not on the error summary."
    journey.shot("assessment-errors")
    tab_to(page, summary.get_by_role("link"))
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.name === 'outcome'")
    assert_focus_visible(page, "on the outcome the error summary leads to")
    # Arrow keys move through the options and choose as they go.
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=outcome][value=not_yet]").is_checked()
    page.keyboard.press("ArrowUp")
    assert page.locator("input[name=outcome][value=competent]").is_checked()
    assert page.locator(".rubric input:checked").count() > 0
    assert page.locator("select[name=level]").input_value() == "2"


def reauthenticate(journey: Journey) -> None:
    page = journey.page
    assert "/accounts/reauthenticate/" in page.url
    password = page.locator("input[name=password]")
    if not has_focus(password):
        tab_to(page, password)
    page.keyboard.type(DEMO_PASSWORD)
    press_to_load(journey, "Enter")

    assert "/accounts/2fa/reauthenticate/" in page.url
    code = page.locator("input[name=code]")
    if not has_focus(code):
        tab_to(page, code)
    # Not the sign-in's code: the server takes each code once (totp_code waits for a new one).
    page.keyboard.type(journey.server.totp_code(TRAINER))
    press_to_load(journey, "Enter")
    assert page.url.endswith("/review/"), page.url


def sign(journey: Journey) -> None:
    page = journey.page
    assert page.locator(".signature-meaning").inner_text() == signature_meaning(journey.lang)
    journey.shot("assessment-review")
    tab_to(page, page.locator(".signature-form [type=submit]"))
    press_to_load(journey, "Enter")
    assert re.search(r"/trainer/assessments/\d+/$", page.url), page.url
    assert page.locator(".hash-state--ok").count() == 1
    assert re.fullmatch(r"[0-9a-f]{64}", page.locator(".signature-hash").inner_text().strip())
    journey.shot("assessment-signed")
