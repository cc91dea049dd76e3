"""A student's journey. A newcomer signs up with a new address, verifies it through the
e-mail, enrols in the open cohort of ATMP-101 and reads a lesson, then finds practice mode on
their dashboard and plays a simulation run with the keyboard alone (acknowledging the action
alarm, stopping the process, answering the question about its cause, ending the run) and
reads the debrief.

A new account holds no certificate, so the second half continues as the demo's Eva Peeters,
who holds the foundation certificate: she does the Grade A exercise of her ATMP-201 lesson in
the H5P player, reads her competencies, downloads her certificate and makes a share link,
downloads her data, signs out and opens the link as an employer would.
"""

import json
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from courses.demo import exercises, gmp, monitoring
from simulations.regulatory import ANNEX1_2022

from .keyboard import assert_focus_visible, has_focus, press_to_load, tab_to
from .support import DEMO_PASSWORD, Journey, link_in, text_of

EVA = "eva.peeters@demo.atmp-xb.eu"
NEWCOMER = "Jolien Journey"


def test_a_student_signs_up_enrols_practises_and_shares_a_certificate(journey_for, lang):
    journey = journey_for("student")
    sign_up(journey)
    enrol_and_read_a_lesson(journey)
    play_a_simulation_with_the_keyboard(journey)
    journey.sign_out()
    journey.sign_in(EVA)
    do_the_grade_a_exercise(journey)
    link, number = share_the_certificate(journey)
    download_my_data(journey)
    journey.sign_out()
    open_the_share_link_signed_out(journey, link, number)
    journey.finish()


def sign_up(journey: Journey) -> str:
    page = journey.page
    address = f"newcomer.{journey.lang}.{secrets.token_hex(4)}@example.org"
    journey.visit(journey.path("/"))
    journey.follow(page.locator(".account-nav").get_by_role("link", name=journey._("Sign up")))
    page.fill("#id_email", address)
    page.fill("#id_full_name", NEWCOMER)
    page.fill("#id_organisation", "Karel de Grote Hogeschool")
    page.fill("#id_password1", DEMO_PASSWORD)
    page.fill("#id_password2", DEMO_PASSWORD)
    journey.shot("sign-up")
    journey.submit(page.locator("main form.account-form [type=submit]").first)
    assert urlsplit(page.url).path == journey.path("/accounts/confirm-email/")

    (message,) = journey.server.mails_to(address)
    link = urlsplit(link_in(text_of(message)))
    assert link.path.startswith(journey.path("/accounts/confirm-email/")), link
    journey.visit(link.path)
    journey.shot("confirm-email")
    journey.submit(page.locator("main form [type=submit]").first)
    assert urlsplit(page.url).path == journey.path("/me/")
    assert page.input_value("#id_full_name") == NEWCOMER
    return address


def enrol_and_read_a_lesson(journey: Journey) -> None:
    page = journey.page
    module = gmp.MODULE[journey.lang]["title"]
    journey.follow(page.locator("#main-nav").get_by_role("link").first)
    journey.follow(page.locator("main .module-card a", has_text=module))
    # The demo's open cohort; the administrator's journey may have opened others beside it.
    cohort = page.get_by_role("listitem").filter(has_text="Winter 2027")
    journey.submit(cohort.get_by_role("button", name=journey._("Enrol"), exact=True))
    enrolled = journey._("You are enrolled in %(cohort)s.") % {"cohort": f"{module} · Winter 2027"}
    assert enrolled in page.locator(".messages").inner_text()
    journey.shot("enrolled")

    lesson = gmp.LESSON_ATMP[journey.lang]["title"]
    journey.follow(page.locator("main").get_by_role("link", name=lesson))
    assert lesson in page.locator("h1").inner_text()
    journey.shot("lesson")
    journey.follow(page.locator(".account-nav").get_by_role("link", name=journey._("My learning")))
    assert module in page.locator("main").inner_text()


def play_a_simulation_with_the_keyboard(journey: Journey) -> None:
    """From the dashboard to the debrief with Tab, Shift+Tab, Enter, Space and arrow keys."""
    page = journey.page
    quick = journey.server.facts["practice"]["title"][journey.lang]
    tab_to(page, page.get_by_role("link", name=journey._("Practise in the simulations")))
    press_to_load(journey, "Enter")
    tab_to(page, page.get_by_role("button", name=re.compile(re.escape(quick))))
    press_to_load(journey, "Enter")
    assert re.search(rf"/{journey.lang}/simulations/runs/[0-9a-f-]+/$", page.url)

    acknowledge_the_action_alarm(journey)
    stop = page.locator(".sim-action-buttons button", has_text=journey._("Stop the process"))
    tab_to(page, stop)
    page.keyboard.press("Space")
    page.locator("[data-sim-log] li").nth(1).wait_for()
    assert has_focus(stop), "Stopping the process moved the focus away from its button."
    assert journey._("Stop the process") in page.locator("[data-sim-done]").inner_text()

    answer_the_root_cause(journey)
    end_the_run(journey)
    assert_the_debrief(journey, quick)


def acknowledge_the_action_alarm(journey: Journey) -> None:
    page = journey.page
    alarm = page.locator(".sim-alarm--action").first
    alarm.wait_for()
    assert journey._("Action") in page.locator('[data-sim-announce="assertive"]').inner_text()
    journey.check()
    journey.shot("simulation-alarm", key=True)
    tab_to(page, alarm.get_by_role("button"))
    page.keyboard.press("Enter")
    page.locator(".sim-alarm--action.is-acknowledged").first.wait_for()
    # The button is gone with the acknowledgement: the focus stays on its alarm.
    assert has_focus(page.locator(".sim-alarm--action.is-acknowledged").first)
    assert_focus_visible(page, "on the acknowledged alarm")


def answer_the_root_cause(journey: Journey) -> None:
    """The question opens above the actions: Shift+Tab back to it, arrows to the answer."""
    page = journey.page
    question = page.locator('[data-decision="root_cause"]')
    question.locator("input[type=radio]").first.wait_for()
    journey.check()
    choice = question.locator("input[value=intervention]")
    options = question.locator("input[type=radio]")
    tab_to(page, question.get_by_role("button"), backwards=True)
    page.keyboard.press("Shift+Tab")
    assert options.and_(page.locator(":focus")).count() == 1, "Shift+Tab missed the options."
    for _option in range(options.count()):
        if has_focus(choice):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert choice.is_checked()
    # Arrow keys move through the options and choose as they go.
    page.keyboard.press("ArrowDown")
    assert not choice.is_checked()
    page.keyboard.press("ArrowUp")
    assert has_focus(choice) and choice.is_checked()
    tab_to(page, question.get_by_role("button"))
    journey.shot("simulation-question")
    page.keyboard.press("Enter")
    page.locator('[data-decision="root_cause"] .sim-decision__answer').wait_for()
    assert has_focus(question), "The answered question did not keep the focus."
    assert_focus_visible(page, "on the answered question")


def end_the_run(journey: Journey) -> None:
    page = journey.page
    tab_to(page, page.locator(".sim-end summary"), backwards=True)
    page.keyboard.press("Enter")
    end = page.locator('[data-sim-control="end"] button')
    tab_to(page, end)
    # Ending scores the run and renders its debrief PDF, here in the request itself.
    with page.expect_navigation(url=re.compile(r"/debrief/$"), timeout=90_000):
        page.keyboard.press("Enter")
    journey.check()


def assert_the_debrief(journey: Journey, scenario_title: str) -> None:
    page = journey.page
    assert scenario_title in page.locator("main").inner_text()
    assert journey._("Stop the process") in page.locator("main").inner_text()
    journey.shot("debrief")


def do_the_grade_a_exercise(journey: Journey) -> None:
    """Tick every Grade A result that exceeds the action limit, in the sandboxed player."""
    page = journey.page
    module = monitoring.MODULE[journey.lang]["title"]
    lesson = monitoring.LESSON_GRADE_A[journey.lang]["title"]
    journey.visit(journey.path("/learn/"))
    journey.follow(page.locator("main .cohort-card__title").get_by_role("link", name=module))
    journey.follow(page.locator("main").get_by_role("link", name=lesson))
    frame = page.frame_locator("iframe[data-h5p-frame]")
    for item_id, sample, cfu, *_where in exercises.GRADE_A_RESULTS:
        if ANNEX1_2022.exceeds(grade="A", sample=sample, cfu=cfu):
            frame.locator(f"input[value='{item_id}']").check()
    frame.locator("button.h5p-atmp-button-check").click()
    frame.locator("li.h5p-atmp-right").first.wait_for()
    page.wait_for_function(
        "() => document.querySelector('[data-h5p-result]').dataset.state === 'recorded'"
    )
    result = page.locator("[data-h5p-result]").inner_text()
    assert "100%" in result, result
    journey.check()
    journey.shot("h5p-exercise")


def share_the_certificate(journey: Journey) -> tuple[str, str]:
    """Her competencies, her certificate's PDF and a new share link; the link and number."""
    page = journey.page
    number = journey.server.facts["certificates"]["valid"]
    journey.follow(
        page.locator(".account-nav").get_by_role("link", name=journey._("My certificates"))
    )
    competencies = page.locator("#competencies-heading ~ *").first.inner_text()
    assert "C5" in competencies and journey._("Current") in competencies, competencies
    card = page.locator(f"#certificate-{number}")
    with page.expect_download() as download:
        card.get_by_role("link", name=re.compile(journey._("Download PDF"))).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # "Create a share link", or "Make a new link" where an earlier run left one.
    journey.submit(card.locator("button[name=action][value=share]"))
    link = card.locator("input.share-box__url").input_value()
    journey.shot("certificate-shared")
    return link, number


def open_the_share_link_signed_out(journey: Journey, link: str, number: str) -> None:
    """The link as an employer would open it, without an account."""
    journey.visit(link)
    assert number in journey.page.locator("main").inner_text()
    journey.shot("certificate-shared-link")


def download_my_data(journey: Journey) -> None:
    page = journey.page
    journey.follow(page.locator(".account-nav").get_by_role("link", name=journey._("My profile")))
    with page.expect_download() as download:
        page.get_by_role("button", name=journey._("Download my data")).click()
    data = json.loads(Path(download.value.path()).read_text())
    assert EVA in json.dumps(data)
    journey.shot("profile")
