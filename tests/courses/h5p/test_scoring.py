"""Server-side scores of our own content types, recomputed from the response alone."""

from decimal import Decimal

import pytest

from courses.h5p.scoring import MAX_RESPONSE_LENGTH, Score, parse_response, recompute_score
from tests.courses.h5p.our_types import (
    LIMIT_CHECK_EXAMPLE,
    STEP_ORDER_EXAMPLE,
    content_of,
    example_content,
)

STEPS = [{"id": name, "text": f"Step {name}"} for name in ("wash", "mask", "hood", "suit")]
ITEMS = [
    {"id": "air-3", "label": "Air 3 CFU/m³", "exceeds": False, "explanation": ""},
    {"id": "air-14", "label": "Air 14 CFU/m³", "exceeds": True, "explanation": ""},
    {"id": "settle-7", "label": "Settle plate 7 CFU", "exceeds": True, "explanation": ""},
    {"id": "contact-2", "label": "Contact plate 2 CFU", "exceeds": False, "explanation": ""},
]


def answered(response, *, raw=None, maximum=None) -> dict:
    """An 'answered' statement as the players send it; `raw`/`maximum` forge the claim."""
    result = {"completion": True, "success": True}
    if response is not None:
        result["response"] = response
    if raw is not None:
        result["score"] = {"min": 0, "raw": raw, "max": maximum, "scaled": 1}
    return {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"definition": {"interactionType": "sequencing"}},
        "result": result,
    }


@pytest.fixture
def step_order():
    return content_of("ATMP.StepOrder", {"taskDescription": "Order", "steps": STEPS})


@pytest.fixture
def limit_check():
    return content_of("ATMP.LimitCheck", {"grade": "B", "question": "Which?", "items": ITEMS})


def test_the_correct_order_scores_every_step_and_succeeds(step_order):
    score = recompute_score(content=step_order, statement=answered("wash[,]mask[,]hood[,]suit"))
    assert score == Score(raw=4, max=4, scaled=Decimal("1.0000"), success=True)


def test_a_step_order_scores_one_point_per_step_in_its_place(step_order):
    score = recompute_score(content=step_order, statement=answered("wash[,]hood[,]mask[,]suit"))
    assert (score.raw, score.max, score.scaled, score.success) == (2, 4, Decimal("0.5000"), False)


def test_a_forged_full_score_is_replaced_by_the_score_of_the_response(step_order):
    forged = answered("suit[,]hood[,]mask[,]wash", raw=4, maximum=4)
    score = recompute_score(content=step_order, statement=forged)
    assert (score.raw, score.max, score.success) == (0, 4, False)


def test_a_forged_maximum_does_not_change_the_maximum(step_order):
    forged = answered("wash[,]mask[,]hood[,]suit", raw=1, maximum=1)
    assert recompute_score(content=step_order, statement=forged).max == 4


@pytest.mark.parametrize(
    "response",
    [
        "wash[,]mask[,]hood",  # a step left out
        "wash[,]mask[,]hood[,]suit[,]gloves",  # a step that does not exist
        "wash[,]mask[,]hood[,]hood",  # a step twice
        "wash[,]mask[,]hood[,]hood[,]suit",  # a step twice, every step present
        "wash,mask,hood,suit",  # the wrong separator
        "wash[,] mask[,]hood[,]suit",  # padding is not an id
        "WASH[,]MASK[,]HOOD[,]SUIT",  # ids are case-sensitive
        "",  # no order at all
        4,
        ["wash", "mask", "hood", "suit"],
        {"order": "wash[,]mask[,]hood[,]suit"},
        None,  # no response in the result
    ],
)
def test_a_malformed_step_order_response_scores_zero(step_order, response):
    score = recompute_score(content=step_order, statement=answered(response, raw=4, maximum=4))
    assert score == Score(raw=0, max=4, scaled=Decimal("0.0000"), success=False)


def test_a_response_longer_than_the_limit_scores_zero_without_being_split(limit_check):
    response = "[,]".join(["air-3"] * (MAX_RESPONSE_LENGTH // 8 + 1))
    assert len(response) > MAX_RESPONSE_LENGTH
    assert recompute_score(content=limit_check, statement=answered(response)).raw == 0


def test_a_result_that_is_not_an_object_scores_zero(step_order):
    statement = {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "result": "4/4"}
    assert recompute_score(content=step_order, statement=statement).raw == 0


def test_a_statement_without_a_result_claims_nothing_and_gets_no_score(step_order):
    statement = {"verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"}}
    assert recompute_score(content=step_order, statement=statement) is None


def test_a_statement_that_is_not_an_object_gets_no_score(step_order):
    assert recompute_score(content=step_order, statement=["result"]) is None


def test_ticking_exactly_the_results_above_the_limit_scores_every_decision(limit_check):
    score = recompute_score(content=limit_check, statement=answered("air-14[,]settle-7"))
    assert score == Score(raw=4, max=4, scaled=Decimal("1.0000"), success=True)


def test_the_order_of_the_ticked_results_does_not_matter(limit_check):
    score = recompute_score(content=limit_check, statement=answered("settle-7[,]air-14"))
    assert score.raw == 4


def test_a_limit_check_scores_one_point_per_right_decision(limit_check):
    # air-14 right (ticked), settle-7 wrong (not ticked), air-3 wrong (ticked), contact-2 right
    score = recompute_score(content=limit_check, statement=answered("air-3[,]air-14"))
    assert (score.raw, score.max, score.scaled, score.success) == (2, 4, Decimal("0.5000"), False)


def test_ticking_nothing_is_an_answer_that_earns_the_results_within_the_limit(limit_check):
    score = recompute_score(content=limit_check, statement=answered("", raw=4, maximum=4))
    assert (score.raw, score.max) == (2, 4)


def test_ticking_everything_earns_the_results_above_the_limit(limit_check):
    everything = "[,]".join(item["id"] for item in ITEMS)
    assert recompute_score(content=limit_check, statement=answered(everything)).raw == 2


@pytest.mark.parametrize(
    "response",
    ["air-14[,]air-14", "air-14[,]air-15", "air-14,settle-7", "[,]", "air-14[,]", 1, None, True],
)
def test_a_malformed_limit_check_response_scores_zero(limit_check, response):
    score = recompute_score(content=limit_check, statement=answered(response, raw=4, maximum=4))
    assert (score.raw, score.max, score.success) == (0, 4, False)


def test_only_a_true_exceeds_flag_counts_as_above_the_limit():
    items = [{"id": "a", "label": "A", "exceeds": "yes"}, {"id": "b", "label": "B", "exceeds": 1}]
    content = content_of("ATMP.LimitCheck", {"items": items})
    assert recompute_score(content=content, statement=answered("")).raw == 2


def test_a_scaled_score_is_rounded_to_four_places():
    steps = [{"id": name, "text": name} for name in ("a", "b", "c")]
    content = content_of("ATMP.StepOrder", {"steps": steps})
    score = recompute_score(content=content, statement=answered("a[,]c[,]b"))
    assert score.scaled == Decimal("0.3333")


@pytest.mark.parametrize("machine_name", ["H5P.MultiChoice", "H5P.DragText", "ATMP.Unknown"])
def test_other_content_types_are_not_scored_by_the_server(machine_name):
    content = content_of(machine_name, {"steps": STEPS, "items": ITEMS})
    statement = answered("wash[,]mask[,]hood[,]suit", raw=4, maximum=4)
    assert recompute_score(content=content, statement=statement) is None


def test_an_unknown_major_version_of_our_content_type_is_not_scored():
    content = content_of("ATMP.StepOrder", {"steps": STEPS}, major_version=2)
    assert recompute_score(content=content, statement=answered("wash[,]mask")) is None


@pytest.mark.parametrize(
    "steps",
    [
        [],
        [{"id": "a", "text": "A"}, {"id": "a", "text": "A again"}],
        [{"id": "a", "text": "A"}, {"text": "no id"}],
        [{"id": "a", "text": "A"}, {"id": "Has Spaces", "text": "B"}],
        [{"id": "a", "text": "A"}, "b"],
        "a[,]b",
    ],
)
def test_content_whose_stored_steps_cannot_be_scored_is_left_self_reported(steps):
    content = content_of("ATMP.StepOrder", {"steps": steps})
    assert recompute_score(content=content, statement=answered("a[,]b")) is None


def test_content_without_its_item_list_is_left_self_reported():
    content = content_of("ATMP.LimitCheck", {"question": "Which?"})
    assert recompute_score(content=content, statement=answered("")) is None


def test_parse_response_keeps_the_order_given():
    assert parse_response("c[,]a[,]b", known={"a", "b", "c"}) == ["c", "a", "b"]


@pytest.mark.parametrize(
    ("definition", "response", "expected"),
    [
        (
            STEP_ORDER_EXAMPLE,
            "check-packs[,]disinfect-hands[,]first-gloves[,]mask[,]hood[,]coverall[,]overboots"
            "[,]goggles[,]second-gloves[,]mirror-check",
            Score(raw=10, max=10, scaled=Decimal("1.0000"), success=True),
        ),
        (
            LIMIT_CHECK_EXAMPLE,
            "air-door[,]settle-bench[,]glove-left",
            Score(raw=6, max=6, scaled=Decimal("1.0000"), success=True),
        ),
    ],
)
def test_the_built_example_exercises_are_scored_from_their_packaged_parameters(
    definition, response, expected
):
    content = example_content(definition)
    assert recompute_score(content=content, statement=answered(response)) == expected
