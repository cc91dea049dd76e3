"""The xAPI endpoint: statements relayed by a lesson page from its H5P player.

Who may use it: a signed-in user who may open the lesson. A student with an active enrolment
in a cohort of the lesson's module has the statement stored as theirs (the actor in the
statement is replaced by the session user) and their result updated; trainers of the module
and programme administrators get their attempt scored but not stored. Everyone else gets 403;
a lesson that is not live, or that has no H5P block of the statement's content, 404. CSRF is
enforced; a body that is too large (413), not JSON or not a statement (400) changes nothing.
"""

import json
import uuid

from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.h5p.models import H5PContent, H5PResult
from courses.h5p.player import object_iri
from courses.h5p.results import (
    StatementRefused,
    check_statement,
    record_statement,
    score_statement,
)
from courses.lesson_h5p import (
    Player,
    h5p_block_for,
    live_lesson,
    passed,
    percent,
    player_kind,
    preview_summary,
    result_summary,
)
from courses.models import LessonPage
from courses.progress import complete_lesson_if_due

MAX_BODY_BYTES = 64 * 1024
OBJECT_PREFIX = "urn:atmp-xb:h5p:"
# What scoring reads of a content: its package metadata and the library's own JSON are not
# parsed with every statement.
CONTENT_FIELDS = (
    "id", "uuid", "title", "parameters", "main_library__id", "main_library__machine_name",
    "main_library__major_version", "main_library__minor_version",
)  # fmt: skip


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _read_statement(request):
    """The statement in the body, or a JsonResponse saying why there is none."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return _error(
            _("The statement is too large: at most %(size)s KB is accepted.")
            % {"size": MAX_BODY_BYTES // 1024},
            413,
        )
    try:
        statement = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return _error(_("The statement is not valid JSON."), 400)
    if not isinstance(statement, dict):
        return _error(_("The statement must be a JSON object."), 400)
    return statement


def _content_named(statement: dict) -> H5PContent | JsonResponse:
    """The content the statement's object id names, or a refusal."""
    object_id = statement["object"]["id"]
    if "?subContentId=" in object_id:
        return _error(_("Only results of the exercise as a whole are recorded."), 400)
    if not object_id.startswith(OBJECT_PREFIX):
        return _error(_("The statement is not about an exercise of this lesson."), 400)
    try:
        content_uuid = uuid.UUID(object_id.removeprefix(OBJECT_PREFIX))
    except ValueError:
        return _error(_("The statement is not about an exercise of this lesson."), 400)
    content = (
        H5PContent.objects.select_related("main_library")
        .only(*CONTENT_FIELDS)
        .filter(uuid=content_uuid)
        .order_by()
        .first()
    )
    if content is None or object_iri(content) != object_id:
        return _error(_("The statement is not about an exercise of this lesson."), 400)
    return content


def _result_answer(*, student, lesson: LessonPage, block, result: H5PResult | None) -> dict:
    completion = complete_lesson_if_due(student=student, lesson=lesson)
    return {
        "recorded": True,
        "attempts": result.attempts if result else 0,
        "best": str(result.best_score) if result else None,
        "last": str(result.last_score) if result else None,
        "best_percent": percent(result.best_score) if result else None,
        "last_percent": percent(result.last_score) if result else None,
        "verified": bool(result and result.last_verified),
        "best_verified": bool(result and result.best_verified),
        "passed": passed(result, block),
        "lesson_completed": completion is not None,
        "message": result_summary(result, block),
    }


@require_POST
def statements(request, page_id: int):
    """Store one xAPI statement about an H5P exercise of lesson `page_id`."""
    if not request.user.is_authenticated:
        return _error(_("Log in to have your results recorded."), 403)
    statement = _read_statement(request)
    if isinstance(statement, JsonResponse):
        return statement
    lesson = live_lesson(page_id)
    if lesson is None:
        return _error(_("This lesson does not exist."), 404)
    kind = player_kind(request.user, lesson)
    if kind is None:
        return _error(_("You may not do the exercises of this lesson."), 403)
    try:
        check_statement(statement)
    except StatementRefused as error:
        return _error(str(error), 400)
    content = _content_named(statement)
    if isinstance(content, JsonResponse):
        return content
    block = h5p_block_for(lesson, content)
    if block is None:
        return _error(_("This lesson has no such exercise."), 404)
    try:
        if kind is Player.PREVIEW:
            scored = score_statement(content=content, statement=statement)
            return JsonResponse(
                {
                    "recorded": False,
                    "verified": scored.verified,
                    "last_percent": percent(scored.scaled),
                    "message": preview_summary(scored.scaled),
                }
            )
        with transaction.atomic():
            stored = record_statement(
                student=request.user, content=content, page=lesson, statement=statement
            )
            result = stored.h5p_result or (
                H5PResult.objects.filter(student=request.user, content=content).first()
            )
            answer = _result_answer(student=request.user, lesson=lesson, block=block, result=result)
    except StatementRefused as error:
        return _error(str(error), 400)
    return JsonResponse(answer)
