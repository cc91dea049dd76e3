"""The xAPI endpoint: statements relayed by a lesson page from its H5P players.

Who may use it: a signed-in user who may open the lesson. A student with an active enrolment
in a cohort of the lesson's module has the statements stored as theirs (the actor in each
statement is replaced by the session user) and their results updated; trainers of the module
and programme administrators get their attempts scored but not stored. Everyone else gets 403;
a lesson that is not live 404. CSRF is enforced; a body that is too large (413), not JSON or
not a statement (400) changes nothing.

The body is one statement (a JSON object) or, as the xAPI lets POST /statements carry, a batch:
an array of at most MAX_BATCH statements, stored in one transaction, all or none. A batch with
one statement the endpoint refuses changes nothing and the error names its index. A single
statement is answered as it always was: 404 when the lesson has no block of its content.
"""

import json
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.blocks import H5PValue
from courses.evidence import record_h5p_evidence
from courses.h5p.models import H5PContent, H5PResult
from courses.h5p.player import object_iri
from courses.h5p.results import (
    StatementRefused,
    check_statement,
    record_statements,
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
from courses.models import LessonCompletion, LessonPage
from courses.progress import complete_lesson_if_due

MAX_BODY_BYTES = 64 * 1024
# A lesson page sends what its players said within a moment: a handful of statements.
MAX_BATCH = 50
OBJECT_PREFIX = "urn:atmp-xb:h5p:"
# What scoring reads of a content: its package metadata and the library's own JSON are not
# parsed with every statement.
CONTENT_FIELDS = (
    "id", "uuid", "title", "parameters", "main_library__id", "main_library__machine_name",
    "main_library__major_version", "main_library__minor_version",
)  # fmt: skip


class Refusal(Exception):
    """A request the endpoint refuses; `index` names the statement of a batch at fault."""

    def __init__(self, message: str, status: int, *, index: int | None = None):
        super().__init__(message)
        self.status = status
        self.index = index

    def response(self, *, batch: bool) -> JsonResponse:
        if not batch or self.index is None:
            return JsonResponse({"error": str(self)}, status=self.status)
        message = _("The statement at index %(index)s of the batch is refused: %(problem)s") % {
            "index": self.index,
            "problem": str(self),
        }
        # A batch is refused as a whole: it is a bad request, whichever statement is at fault.
        return JsonResponse({"error": message, "index": self.index}, status=400)


@dataclass
class Exercise:
    """A statement's content and the lesson's block that shows it."""

    content: H5PContent
    block: H5PValue


def _read_body(request) -> tuple[list, bool]:
    """The statements in the body and whether they came as a batch; raises Refusal."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise Refusal(
            _("The statement is too large: at most %(size)s KB is accepted.")
            % {"size": MAX_BODY_BYTES // 1024},
            413,
        )
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        raise Refusal(_("The statement is not valid JSON."), 400) from None
    if isinstance(body, dict):
        return [body], False
    if not isinstance(body, list):
        raise Refusal(_("The statement must be a JSON object."), 400)
    if not body:
        raise Refusal(_("The batch holds no statement."), 400)
    if len(body) > MAX_BATCH:
        raise Refusal(
            _("The batch is too large: at most %(count)s statements are accepted.")
            % {"count": MAX_BATCH},
            413,
        )
    return body, True


def _content_uuid(statement: dict, index: int) -> uuid.UUID:
    object_id = statement["object"]["id"]
    if "?subContentId=" in object_id:
        raise Refusal(_("Only results of the exercise as a whole are recorded."), 400, index=index)
    try:
        if object_id.startswith(OBJECT_PREFIX):
            return uuid.UUID(object_id.removeprefix(OBJECT_PREFIX))
    except ValueError:
        pass
    raise Refusal(_("The statement is not about an exercise of this lesson."), 400, index=index)


def _exercises(lesson: LessonPage, statements: list) -> list[Exercise]:
    """Each statement's exercise, all contents read in one query; raises Refusal."""
    for index, statement in enumerate(statements):
        try:
            check_statement(statement)
        except StatementRefused as error:
            raise Refusal(str(error), 400, index=index) from None
    uuids = [_content_uuid(statement, index) for index, statement in enumerate(statements)]
    contents = {
        content.uuid: content
        for content in H5PContent.objects.select_related("main_library")
        .only(*CONTENT_FIELDS)
        .filter(uuid__in=set(uuids))
        .order_by()
    }
    exercises: dict[uuid.UUID, Exercise] = {}
    for index, (statement, content_uuid) in enumerate(zip(statements, uuids, strict=True)):
        content = contents.get(content_uuid)
        if content is None or object_iri(content) != statement["object"]["id"]:
            raise Refusal(
                _("The statement is not about an exercise of this lesson."), 400, index=index
            )
        if content_uuid not in exercises:
            block = h5p_block_for(lesson, content)
            if block is None:
                raise Refusal(_("This lesson has no such exercise."), 404, index=index)
            exercises[content_uuid] = Exercise(content, block)
    return [exercises[content_uuid] for content_uuid in uuids]


def _result_fields(result: H5PResult | None, block: H5PValue) -> dict:
    return {
        "attempts": result.attempts if result else 0,
        "best": str(result.best_score) if result else None,
        "last": str(result.last_score) if result else None,
        "best_percent": percent(result.best_score) if result else None,
        "last_percent": percent(result.last_score) if result else None,
        "verified": bool(result and result.last_verified),
        "best_verified": bool(result and result.best_verified),
        "passed": passed(result, block),
        "message": result_summary(result, block),
    }


def _record(*, student, lesson: LessonPage, statements: list, exercises: list[Exercise]):
    """Store the statements; the answer for each content, and whether the lesson is complete."""
    with transaction.atomic():
        batch = record_statements(
            student=student,
            page=lesson,
            statements=[
                (exercise.content, statement)
                for exercise, statement in zip(exercises, statements, strict=True)
            ],
        )
        # Only a best this batch changed can have changed a pass state: a best it merely
        # equalled passed (and was recorded as evidence) when it was first reached.
        record_h5p_evidence(
            student=student, lesson=lesson, exercises=exercises, batch=batch.with_new_best_only()
        )
        unchanged = {exercise.content.pk for exercise in exercises} - set(batch.results)
        results = dict(batch.results)
        if unchanged:
            results.update(
                (result.content_id, result)
                for result in H5PResult.objects.filter(student=student, content__in=unchanged)
            )
        if batch.results:
            completed = complete_lesson_if_due(student=student, lesson=lesson) is not None
        else:
            # Nothing counted: the lesson's completion cannot have changed.
            completed = LessonCompletion.objects.filter(
                student=student, lesson_key=lesson.translation_key
            ).exists()
    return results, completed


def _answer_recorded(*, student, lesson, statements, exercises, batch: bool) -> JsonResponse:
    results, completed = _record(
        student=student, lesson=lesson, statements=statements, exercises=exercises
    )
    answers = [
        {"object": object_iri(exercise.content), **_result_fields(results.get(pk), exercise.block)}
        # Each content once, in the order it first appears in the batch.
        for pk, exercise in {exercise.content.pk: exercise for exercise in exercises}.items()
    ]
    if not batch:
        single = answers[0]
        del single["object"]
        return JsonResponse({"recorded": True, **single, "lesson_completed": completed})
    return JsonResponse(
        {
            "recorded": True,
            "statements": len(statements),
            "lesson_completed": completed,
            "results": answers,
        }
    )


def _answer_preview(*, statements, exercises, batch: bool) -> JsonResponse:
    """Score each statement, store nothing; each content answered with its last score."""
    last = {}
    for index, (statement, exercise) in enumerate(zip(statements, exercises, strict=True)):
        try:
            scored = score_statement(content=exercise.content, statement=statement)
        except StatementRefused as error:
            raise Refusal(str(error), 400, index=index) from None
        last[exercise.content.pk] = (exercise, scored)
    answers = [
        {
            "object": object_iri(exercise.content),
            "verified": scored.verified,
            "last_percent": percent(scored.scaled),
            "message": preview_summary(scored.scaled),
        }
        for exercise, scored in last.values()
    ]
    if not batch:
        single = answers[0]
        del single["object"]
        return JsonResponse({"recorded": False, **single})
    return JsonResponse({"recorded": False, "statements": len(statements), "results": answers})


@require_POST
def statements(request, page_id: int):
    """Store one xAPI statement, or a batch of them, about the H5P exercises of lesson
    `page_id`."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in to have your results recorded.")}, status=403)
    batch = False
    try:
        body, batch = _read_body(request)
        lesson = live_lesson(page_id)
        if lesson is None:
            raise Refusal(_("This lesson does not exist."), 404)
        kind = player_kind(request.user, lesson)
        if kind is None:
            raise Refusal(_("You may not do the exercises of this lesson."), 403)
        exercises = _exercises(lesson, body)
        if kind is Player.PREVIEW:
            return _answer_preview(statements=body, exercises=exercises, batch=batch)
        return _answer_recorded(
            student=request.user, lesson=lesson, statements=body, exercises=exercises, batch=batch
        )
    except StatementRefused as error:
        return Refusal(str(error), 400, index=error.index).response(batch=batch)
    except Refusal as refusal:
        return refusal.response(batch=batch)
