"""In Chromium: a student opens a lesson with an H5P exercise of our own content type, does
it in the sandboxed player, sees the result on the page, and the server stored the statement
as a verified result. The relay sends the statements as an xAPI batch, and what is still
waiting when the student leaves the page arrives all the same."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.db import OperationalError
from django.utils import translation

import pytest

from courses.h5p.models import H5PResult, XAPIStatement
from courses.models import LessonCompletion
from tests.browser_session import log_in
from tests.conftest import skip_or_fail

from .h5p_lessons import (  # noqa: F401 (the fixtures register under their names)
    h5p_store_fixture,
    make_h5p_lesson,
    step_content_fixture,
    step_ids,
    step_library_fixture,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PLAYER_DIST = Path(settings.BASE_DIR) / "node_modules" / "h5p-standalone" / "dist"


def player_frame(page):
    page.wait_for_selector("iframe[data-h5p-frame]")
    for _attempt in range(100):
        frames = [frame for frame in page.frames if "/h5p/t/" in frame.url]
        if frames:
            return frames[0]
        page.wait_for_timeout(100)
    raise AssertionError("the player iframe did not load")


def displayed_order(frame) -> list[str]:
    return frame.eval_on_selector_all("li.h5p-atmp-step", "items => items.map(i => i.dataset.id)")


def put_in_order(frame, correct: list[str]) -> None:
    for target, step in enumerate(correct):
        for _move in range(displayed_order(frame).index(step) - target):
            frame.click(f'li[data-id="{step}"] button[data-direction="-1"]')


def test_a_student_does_an_exercise_in_the_player_and_sees_the_verified_result(
    page, live_server, module, lessons, cohort, enrolled_student, step_content
):
    if not (PLAYER_DIST / "main.bundle.js").is_file():
        skip_or_fail("h5p-standalone is not installed (npm install)")
    lesson = make_h5p_lesson(module, 4, step_content)
    errors, outside, violations = [], [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "about:", "blob:"))
            else outside.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    posted = []
    page.on(
        "request",
        lambda request: posted.append(request.post_data) if "/xapi/" in request.url else None,
    )
    log_in(page, live_server, enrolled_student)
    page.goto(f"{live_server.url}{lesson.url}")
    result = page.locator("[data-h5p-result]")
    with translation.override("nl"):
        assert result.inner_text() == translation.gettext("You have not done this exercise yet.")
    assert page.get_attribute("iframe[data-h5p-frame]", "sandbox") == "allow-scripts"

    frame = player_frame(page)
    frame.wait_for_selector("li.h5p-atmp-step")
    assert frame.evaluate("document.documentElement.dataset.h5pReady") == "true"
    # The sandbox holds: the player cannot reach into the lesson page.
    reach = (
        "() => { try { return window.parent.document && 'reached'; }"
        " catch (error) { return 'blocked'; } }"
    )
    assert frame.evaluate(reach) == "blocked"

    correct = step_ids(step_content)
    put_in_order(frame, correct)
    frame.click("button.h5p-atmp-button-check")
    frame.wait_for_selector("li.h5p-atmp-right")

    page.wait_for_function(
        "() => document.querySelector('[data-h5p-result]').dataset.state === 'recorded'"
    )
    shown = result.inner_text()
    assert "100%" in shown
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("section.h5p-block").screenshot(path=str(ARTIFACTS / "h5p-lesson-result.png"))

    # One attempt is one statement, sent as a batch of one.
    assert len(posted) == 1, posted
    batch = json.loads(posted[0])
    assert isinstance(batch, list) and len(batch) == 1
    assert batch[0]["verb"]["id"].endswith("/answered")
    assert batch[0]["object"]["id"] == f"urn:atmp-xb:h5p:{step_content.uuid}"
    stored = XAPIStatement.objects.get(student=enrolled_student, content=step_content)
    assert stored.verified is True
    assert stored.scaled_score == 1
    assert stored.page_id == lesson.pk
    h5p_result = H5PResult.objects.get(student=enrolled_student, content=step_content)
    assert (h5p_result.best_score, h5p_result.best_verified, h5p_result.attempts) == (1, True, 1)
    assert LessonCompletion.objects.filter(
        student=enrolled_student, lesson_key=lesson.translation_key
    ).exists()
    # The iframe grew to its content rather than scrolling.
    height = page.eval_on_selector("iframe[data-h5p-frame]", "frame => frame.clientHeight")
    assert height > 200
    assert not errors, errors
    assert not outside, outside
    assert not violations, violations


def test_a_statement_still_waiting_when_the_student_leaves_is_delivered(
    page, live_server, module, lessons, cohort, enrolled_student, step_content
):
    if not (PLAYER_DIST / "main.bundle.js").is_file():
        skip_or_fail("h5p-standalone is not installed (npm install)")
    lesson = make_h5p_lesson(module, 4, step_content)
    log_in(page, live_server, enrolled_student)
    page.goto(f"{live_server.url}{lesson.url}")
    frame = player_frame(page)
    frame.wait_for_selector("li.h5p-atmp-step")
    put_in_order(frame, step_ids(step_content))
    # Leave within the relay's batching window: the statement is only queued yet.
    frame.click("button.h5p-atmp-button-check")
    page.goto(f"{live_server.url}{lessons[0].url}")
    for _attempt in range(50):
        try:
            stored = XAPIStatement.objects.filter(student=enrolled_student, content=step_content)
            if stored.exists():
                break
        except OperationalError:
            # The in-memory SQLite database is shared with the server's thread by table
            # locks: while the server writes the batch, this read has to wait its turn.
            pass
        page.wait_for_timeout(100)
    stored = XAPIStatement.objects.get(student=enrolled_student, content=step_content)
    assert stored.verified is True
    assert H5PResult.objects.get(student=enrolled_student, content=step_content).attempts == 1
