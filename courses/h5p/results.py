"""xAPI statements in, H5P results out.

The lesson page relays the player's statements to the xAPI endpoint; the endpoint has already
replaced nothing and trusts nothing but the session user, the content and the page it checked.
Here a statement is checked, its result normalised (scores scaled 0..1), recomputed where our
own content types allow it (courses.h5p.scoring: then the result is "verified"), stored raw
with the actor replaced, and folded into the student's H5PResult (best and last attempt,
attempts counted) under a row lock, so simultaneous statements cannot lose an attempt.

Only statements with a result verb (answered, completed, scored) and a score change the
H5PResult; any other statement is stored and nothing more. A verified score always ranks above
a self-reported one: a claim from the browser never replaces a best score the server computed.

A batch (`record_statements`) is all or nothing: every statement is checked and scored before
anything is written, so one refused statement stores none. Its statements are inserted in one
query and each content's result is read and written once, whatever the batch size.
`fold_attempts` is the one place where a student's result on a content is recorded.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import H5PContent, H5PResult, XAPIStatement
from .scoring import recompute_score

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
RESULT_VERBS = frozenset(f"{ADL_VERBS}{verb}" for verb in ("answered", "completed", "scored"))
MAX_RAW_SCORE = Decimal("999999")
MAX_RESPONSE_CHARS = 10_000
SCALED = Decimal("0.0001")
RAW = Decimal("0.001")


class StatementRefused(ValueError):
    """The statement cannot be stored; the message says why, for the person who sent it.

    `index` is the statement's position in its batch, when it came in one.
    """

    def __init__(self, message: str, *, index: int | None = None):
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class ScoredResult:
    """A statement's result, normalised; `verified` when the server computed the score."""

    raw: Decimal | None
    max: Decimal | None
    scaled: Decimal | None
    success: bool | None
    completion: bool | None
    response: str
    verified: bool

    @property
    def counts(self) -> bool:
        """True when it is an attempt with a score, to fold into the H5PResult."""
        return self.scaled is not None


def check_statement(statement) -> None:
    """Refuse anything that is not an xAPI statement of the shape the player sends."""
    if not isinstance(statement, dict):
        raise StatementRefused(_("The statement must be a JSON object."))
    verb = statement.get("verb")
    if not isinstance(verb, dict) or not _is_iri(verb.get("id")):
        raise StatementRefused(_("The statement has no verb with an id."))
    activity = statement.get("object")
    if not isinstance(activity, dict) or not _is_iri(activity.get("id")):
        raise StatementRefused(_("The statement has no object with an id."))
    for key in ("result", "context"):
        if key in statement and not isinstance(statement[key], dict):
            raise StatementRefused(
                _("The statement's %(field)s must be a JSON object.") % {"field": key}
            )


def score_statement(*, content: H5PContent, statement: dict) -> ScoredResult:
    """The statement's result, recomputed from the response for our own content types."""
    check_statement(statement)
    result = statement.get("result") or {}
    response = result.get("response", "")
    if not isinstance(response, str) or len(response) > MAX_RESPONSE_CHARS:
        raise StatementRefused(_("The statement's response must be text of reasonable length."))
    success = _optional_bool(result, "success")
    completion = _optional_bool(result, "completion")
    if statement["verb"]["id"] not in RESULT_VERBS:
        return ScoredResult(None, None, None, success, completion, response, verified=False)
    recomputed = recompute_score(content=content, statement=statement)
    if recomputed is not None:
        return ScoredResult(
            raw=_decimal(recomputed.raw, RAW),
            max=_decimal(recomputed.max, RAW),
            scaled=_decimal(recomputed.scaled, SCALED),
            success=recomputed.success,
            completion=True if completion is None else completion,
            response=response,
            verified=True,
        )
    raw, maximum, scaled = _self_reported_score(result.get("score"))
    return ScoredResult(raw, maximum, scaled, success, completion, response, verified=False)


def agent_for(student) -> dict:
    """The actor stored in place of whatever the browser claimed."""
    return {
        "objectType": "Agent",
        "name": student.get_full_name() if hasattr(student, "get_full_name") else str(student),
        "account": {"homePage": settings.WAGTAILADMIN_BASE_URL, "name": str(student.pk)},
    }


def record_statement(*, student, content: H5PContent, page, statement: dict) -> XAPIStatement:
    """Store `statement` as `student`'s about `content` on `page` and update their result.

    Precondition: the caller has checked that the student may play this content on this page
    and that the statement's object is this content. Raises StatementRefused for a statement
    that is malformed or whose score makes no sense. The returned statement's `h5p_result` is
    the updated H5PResult, or None when the statement counted no attempt.
    """
    recorded = record_statements(student=student, page=page, statements=[(content, statement)])
    stored = recorded.statements[0]
    stored.h5p_result = recorded.results.get(content.pk)
    return stored


@dataclass
class RecordedBatch:
    """What a batch stored: its statements in order, the results it changed by content id,
    and the ids of the contents whose best score (or its verification) it changed."""

    statements: list[XAPIStatement]
    results: dict[int, H5PResult] = field(default_factory=dict)
    new_best: set[int] = field(default_factory=set)

    def with_new_best_only(self) -> "RecordedBatch":
        """The same statements, with only the results whose best this batch changed."""
        return RecordedBatch(
            statements=self.statements,
            results={pk: self.results[pk] for pk in self.new_best},
            new_best=self.new_best,
        )


def record_statements(
    *, student, page, statements: Sequence[tuple[H5PContent, dict]]
) -> RecordedBatch:
    """Store each (content, statement) pair as `student`'s, in order, and update their results.

    Precondition as for record_statement, for every pair. Raises StatementRefused, with the
    `index` of the first refused statement, before anything is written.
    """
    scored = []
    for index, (content, statement) in enumerate(statements):
        try:
            scored.append(score_statement(content=content, statement=statement))
        except StatementRefused as error:
            raise StatementRefused(str(error), index=index) from error
    # No savepoint of its own inside a caller's transaction (the endpoint's): a database
    # error rolls the whole of it back.
    with transaction.atomic(savepoint=False):
        return _store(student=student, page=page, statements=statements, scored=scored)


def _store(*, student, page, statements, scored: list[ScoredResult]) -> RecordedBatch:
    actor = agent_for(student)
    stored = XAPIStatement.objects.bulk_create(
        XAPIStatement(
            student=student,
            content=content,
            page=page,
            verb=statement["verb"]["id"][:255],
            raw_score=result.raw,
            max_score=result.max,
            scaled_score=result.scaled,
            success=result.success,
            completion=result.completion,
            response=result.response,
            verified=result.verified,
            statement={**statement, "actor": actor},
        )
        for (content, statement), result in zip(statements, scored, strict=True)
    )
    attempts: dict[int, tuple[H5PContent, list]] = {}
    for row, result in zip(stored, scored, strict=True):
        if result.counts:
            attempts.setdefault(row.content.pk, (row.content, []))[1].append(
                (result, row.received_at)
            )
    batch = RecordedBatch(statements=stored)
    for content_id, (content, counted) in attempts.items():
        result, new_best = _fold(student=student, content=content, attempts=counted)
        batch.results[content_id] = result
        if new_best:
            batch.new_best.add(content_id)
    return batch


@transaction.atomic
def fold_into_result(*, student, content: H5PContent, scored: ScoredResult, at=None) -> H5PResult:
    """Count one attempt with score `scored` in the student's H5PResult for `content`."""
    return fold_attempts(student=student, content=content, attempts=[(scored, at)])


def fold_attempts(*, student, content: H5PContent, attempts: list[tuple]) -> H5PResult:
    """Count `attempts` ((ScoredResult, time or None) in the order they were made) in the
    student's H5PResult for `content`, and return it saved.

    The one place where a result is recorded: it is read under a row lock (or created) and
    written once, so simultaneous statements cannot lose an attempt. Call inside a transaction.
    """
    return _fold(student=student, content=content, attempts=attempts)[0]


def _fold(*, student, content: H5PContent, attempts: list[tuple]) -> tuple[H5PResult, bool]:
    """fold_attempts, and whether the attempts changed the best score or its verification
    (always so for a new result)."""
    # At most one row (unique per student and content): no ordering to compile.
    locked = H5PResult.objects.select_for_update().filter(student=student, content=content)
    result = next(iter(locked.order_by()[:1]), None)
    if result is None:
        result = _first_result(student=student, content=content, attempts=attempts)
        if result.pk is not None:
            return result, True
        result = H5PResult.objects.select_for_update().get(student=student, content=content)
    best = (result.best_score, result.best_verified)
    for scored, at in attempts:
        _count(result, scored, at)
    # The student and content are known to exist and the database checks the constraints:
    # validating them here would cost three queries per statement.
    result.full_clean(
        exclude=["student", "content"], validate_unique=False, validate_constraints=False
    )
    result.save(
        update_fields=[
            "attempts", "last_score", "last_verified", "last_attempt_at", "best_score",
            "best_verified",
        ]
    )  # fmt: skip
    return result, (result.best_score, result.best_verified) != best


def _first_result(*, student, content: H5PContent, attempts: list[tuple]) -> H5PResult:
    """A new result counting `attempts`, saved; unsaved (no pk) when a simultaneous request
    created the student's result first."""
    first, at = attempts[0]
    at = at or timezone.now()
    result = H5PResult(
        student=student,
        content=content,
        attempts=1,
        last_score=first.scaled,
        last_verified=first.verified,
        best_score=first.scaled,
        best_verified=first.verified,
        first_attempt_at=at,
        last_attempt_at=at,
    )
    for scored, later in attempts[1:]:
        _count(result, scored, later)
    result.full_clean(
        exclude=["student", "content"], validate_unique=False, validate_constraints=False
    )
    try:
        # The unique constraint decides a race: the loser's insert fails in this savepoint.
        with transaction.atomic():
            result.save(force_insert=True)
    except IntegrityError:
        result.pk = None
    return result


def _count(result: H5PResult, scored: ScoredResult, at) -> None:
    result.attempts += 1
    result.last_score = scored.scaled
    result.last_verified = scored.verified
    result.last_attempt_at = at or timezone.now()
    if ranks_above(scored.scaled, scored.verified, result.best_score, result.best_verified):
        result.best_score = scored.scaled
        result.best_verified = scored.verified


def ranks_above(score: Decimal, verified: bool, best: Decimal, best_verified: bool) -> bool:
    """Whether a new score replaces the best: verified beats self-reported, then higher."""
    if verified != best_verified:
        return verified
    return score > best


def _self_reported_score(score) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    if score is None:
        return None, None, None
    if not isinstance(score, dict):
        raise StatementRefused(_("The statement's score must be a JSON object."))
    raw = _optional_number(score, "raw")
    maximum = _optional_number(score, "max")
    scaled = _optional_number(score, "scaled")
    if raw is not None and maximum is not None:
        if maximum <= 0 or maximum > MAX_RAW_SCORE or raw < 0 or raw > maximum:
            raise StatementRefused(
                _("The statement's score must lie between 0 and a positive maximum.")
            )
        if scaled is None:
            scaled = raw / maximum
    if scaled is None:
        return _decimal(raw, RAW), _decimal(maximum, RAW), None
    if not 0 <= scaled <= 1:
        raise StatementRefused(_("The statement's scaled score must lie between 0 and 1."))
    return _decimal(raw, RAW), _decimal(maximum, RAW), _decimal(scaled, SCALED)


def _optional_number(score: dict, key: str) -> Decimal | None:
    value = score.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StatementRefused(
            _("The statement's score %(field)s must be a number.") % {"field": key}
        )
    if abs(value) > MAX_RAW_SCORE:
        raise StatementRefused(_("The statement's score is out of range."))
    return Decimal(str(value))


def _optional_bool(result: dict, key: str) -> bool | None:
    value = result.get(key)
    if value is not None and not isinstance(value, bool):
        raise StatementRefused(
            _("The statement's %(field)s must be true or false.") % {"field": key}
        )
    return value


def _decimal(value, step: Decimal) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)


def _is_iri(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 2048 and ":" in value
