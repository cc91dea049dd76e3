"""`{% h5p_player value as player %}`: what a lesson's H5P block shows to the current viewer.

The block gets the request and the page from the lesson's context (`{% include_block %}`
passes the parent context). The player token is signed for this user, content and page.
"""

from django import template
from django.urls import reverse

from courses.h5p.models import H5PResult
from courses.h5p.player import object_iri, player_url
from courses.h5p.tokens import make_player_token
from courses.lesson_h5p import Player, player_kind, preview_summary, result_summary
from courses.models import LessonPage

register = template.Library()


def _kind_for(request, lesson: LessonPage) -> Player | None:
    """player_kind, asked once per request and lesson however many blocks it has."""
    cache = request.__dict__.setdefault("_h5p_player_kinds", {})
    if lesson.pk not in cache:
        cache[lesson.pk] = player_kind(request.user, lesson)
    return cache[lesson.pk]


@register.simple_tag(takes_context=True)
def h5p_player(context, value) -> dict:
    """A dict with `state` ("play", "login" or "closed") and, to play: the iframe's src, the
    xAPI URL, the object id and a sentence on the viewer's result."""
    request = context.get("request")
    page = context.get("page")
    content = value.get("content")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"state": "login"}
    lesson = getattr(page, "specific", page)
    if content is None or not isinstance(lesson, LessonPage) or lesson.pk is None:
        return {"state": "closed"}
    kind = _kind_for(request, lesson)
    if kind is None:
        return {"state": "closed"}
    token = make_player_token(content_uuid=content.uuid, user_id=user.pk, page_id=lesson.pk)
    if kind is Player.STUDENT:
        result = H5PResult.objects.filter(student=user, content=content).first()
        summary = result_summary(result, value)
    else:
        summary = preview_summary(None)
    return {
        "state": "play",
        "src": player_url(token),
        "xapi_url": reverse("learn:xapi_statements", args=[lesson.pk]),
        "object_id": object_iri(content),
        "summary": summary,
        "preview": kind is Player.PREVIEW,
        "uid": f"{lesson.pk}-{content.pk}",
    }
