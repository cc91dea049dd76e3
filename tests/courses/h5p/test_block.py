"""The lesson's H5P block as rendered: a sandboxed iframe with the signed player URL for
those who may play, a sentence for everyone else, the pass mark and the current result."""

import importlib
import re
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

import pytest

from atmp_platform import security
from courses.h5p.models import H5PResult
from courses.h5p.tokens import read_player_token

from ..h5p_lessons import (  # noqa: F401 (the fixtures register under their names)
    demo_content_fixture,
    h5p_lesson_fixture,
    h5p_store_fixture,
    step_content_fixture,
    step_library_fixture,
)

pytestmark = pytest.mark.django_db


def render_block(lesson, user, index=0) -> str:
    request = RequestFactory().get(lesson.url)
    request.user = user
    blocks = [block for block in lesson.body if block.block_type == "h5p"]
    with translation.override("en"):
        return render_to_string(
            "blocks/h5p_block.html",
            {"value": blocks[index].value, "page": lesson, "request": request},
            request=request,
        )


def iframe_of(html: str) -> str:
    match = re.search(r"<iframe[^>]*>", html, re.S)
    assert match, html
    return match.group(0)


def test_an_enrolled_student_gets_a_sandboxed_player_signed_for_them(
    enrolled_student, h5p_lesson, step_content
):
    html = render_block(h5p_lesson, enrolled_student)
    frame = iframe_of(html)
    assert 'sandbox="allow-scripts"' in frame
    assert "allow-same-origin" not in html
    assert 'title="Exercise: Oefening"' in frame
    assert f'data-object-id="urn:atmp-xb:h5p:{step_content.uuid}"' in frame
    assert f'data-xapi-url="/en/learn/xapi/{h5p_lesson.pk}/statements/"' in frame
    token = re.search(r'src="/h5p/t/([^/"]+)/"', frame).group(1)
    grant = read_player_token(token)
    assert (grant.content_uuid, grant.user_id, grant.page_id) == (
        step_content.uuid,
        enrolled_student.pk,
        h5p_lesson.pk,
    )
    assert re.search(r'data-csrf-token="[^"]{32,}"', frame)
    assert "Pass mark: 80%" in html
    assert 'aria-live="polite"' in html
    assert "You have not done this exercise yet." in html
    assert "js/h5p-relay.js" in html


def test_the_block_shows_the_current_result(enrolled_student, h5p_lesson, step_content):
    now = timezone.now()
    H5PResult.objects.create(
        student=enrolled_student,
        content=step_content,
        attempts=2,
        last_score=Decimal("0.5"),
        best_score=Decimal("0.9"),
        best_verified=True,
        last_verified=True,
        first_attempt_at=now,
        last_attempt_at=now,
    )
    html = render_block(h5p_lesson, enrolled_student)
    assert "Best score 90% (checked by the server), last score 50%, attempts: 2." in html
    assert "You passed (pass mark 80%)." in html


def test_a_trainer_previews_without_a_record(trainer, cohort, h5p_lesson):
    html = render_block(h5p_lesson, trainer)
    assert "<iframe" in html
    assert "Preview: your answers are not recorded." in html


def test_anonymous_visitors_get_a_sentence_not_a_player(h5p_lesson):
    html = render_block(h5p_lesson, AnonymousUser())
    assert "<iframe" not in html
    assert "Log in and enrol in this module to do this exercise." in html


def test_a_student_of_another_module_gets_a_sentence_not_a_player(other_student, h5p_lesson):
    html = render_block(h5p_lesson, other_student)
    assert "<iframe" not in html
    assert "Enrol in this module to do this exercise." in html


def test_with_a_player_origin_the_iframe_loads_from_there(settings, enrolled_student, h5p_lesson):
    settings.H5P_PLAYER_ORIGIN = "https://player.example.org"
    frame = iframe_of(render_block(h5p_lesson, enrolled_student))
    assert 'src="https://player.example.org/h5p/t/' in frame
    assert 'sandbox="allow-scripts"' in frame


def test_lesson_pages_may_frame_the_player_origin(settings):
    settings.H5P_PLAYER_ORIGIN = "https://player.example.org"
    try:
        policy = importlib.reload(security).SITE_HEADER
        assert "frame-src 'self' https://player.example.org;" in policy
    finally:
        settings.H5P_PLAYER_ORIGIN = ""
        importlib.reload(security)
    assert "frame-src 'self';" in security.SITE_HEADER
