"""Server-side scores for our own content types, recomputed from an xAPI statement's response.

The browser's score is a claim; for ATMP.StepOrder and ATMP.LimitCheck the server knows the
answer (the stored parameters) and reads only `result.response`, in the xAPI interaction format
the players send: ids joined by "[,]". Parsing is strict: a response that is not exactly that
(unknown or repeated ids, an incomplete order, not a string, too long) scores 0 out of the
maximum, whatever score the statement claims. A pass mark is not decided here.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .content_types import ITEM_LISTS, LIMIT_CHECK, STEP_ORDER, parameter_problems
from .models import H5PContent

SEPARATOR = "[,]"
# Far above any real response (at most 30 ids of 64 characters), far below a costly one.
MAX_RESPONSE_LENGTH = 4096
SCALED_PLACES = Decimal("0.0001")
SCORED_MAJOR_VERSION = 1


@dataclass(frozen=True, slots=True)
class Score:
    raw: int
    max: int
    scaled: Decimal
    success: bool

    @classmethod
    def of(cls, raw: int, maximum: int) -> "Score":
        scaled = (Decimal(raw) / Decimal(maximum)).quantize(SCALED_PLACES, ROUND_HALF_UP)
        return cls(raw=raw, max=maximum, scaled=scaled, success=raw == maximum)


def recompute_score(*, content: H5PContent, statement: dict) -> Score | None:
    """The score `statement` earns on `content`, or None when the server cannot tell.

    None means: not one of our content types (or a major version we don't know), content
    whose stored parameters cannot be scored, or a statement without a `result` (nothing is
    claimed). For our content types every statement with a `result` gets a Score, and a
    malformed response gets 0.
    """
    library = content.main_library
    scorer = SCORERS.get(library.machine_name)
    if scorer is None or library.major_version != SCORED_MAJOR_VERSION:
        return None
    if parameter_problems(library.machine_name, content.parameters):
        return None
    if not isinstance(statement, Mapping) or "result" not in statement:
        return None
    items = content.parameters[ITEM_LISTS[library.machine_name]]
    result = statement["result"]
    response = result.get("response") if isinstance(result, Mapping) else None
    ids = parse_response(response, known={item["id"] for item in items})
    return scorer(items, ids)


def parse_response(response: Any, *, known: set[str]) -> list[str] | None:
    """The ids of an xAPI choice/sequencing response, or None if it is not well formed.

    The empty string is a well-formed answer: no id (nothing ticked).
    """
    if not isinstance(response, str) or len(response) > MAX_RESPONSE_LENGTH:
        return None
    if response == "":
        return []
    ids = response.split(SEPARATOR)
    if len(set(ids)) != len(ids) or not set(ids) <= known:
        return None
    return ids


def score_step_order(steps: Sequence[Mapping[str, Any]], order: list[str] | None) -> Score:
    """One point per step in its right place; the order must contain every step once."""
    correct = [step["id"] for step in steps]
    if order is None or len(order) != len(correct):
        return Score.of(0, len(correct))
    right = sum(given == expected for given, expected in zip(order, correct, strict=True))
    return Score.of(right, len(correct))


def score_limit_check(items: Sequence[Mapping[str, Any]], ticked: list[str] | None) -> Score:
    """One point per right decision: ticked if and only if the result exceeds the limit."""
    if ticked is None:
        return Score.of(0, len(items))
    chosen = set(ticked)
    right = sum((item["id"] in chosen) == (item.get("exceeds") is True) for item in items)
    return Score.of(right, len(items))


SCORERS: dict[str, Callable[[Sequence[Mapping[str, Any]], list[str] | None], Score]] = {
    STEP_ORDER: score_step_order,
    LIMIT_CHECK: score_limit_check,
}
