"""record_statement: normalised results, verified and self-reported kept apart, attempts."""

from decimal import Decimal

import pytest

from courses.h5p.models import H5PResult, XAPIStatement
from courses.h5p.results import (
    ScoredResult,
    StatementRefused,
    _first_result,
    _fold,
    fold_into_result,
    ranks_above,
    record_statement,
    record_statements,
)

from ..h5p_lessons import (  # noqa: F401 (the fixtures register under their names)
    demo_content_fixture,
    h5p_store_fixture,
    statement,
    step_content_fixture,
    step_ids,
    step_library_fixture,
)

pytestmark = pytest.mark.django_db


def record(student, content, body):
    return record_statement(student=student, content=content, page=None, statement=body)


def best_and_last(student, content):
    result = H5PResult.objects.get(student=student, content=content)
    return (
        (result.best_score, result.best_verified),
        (result.last_score, result.last_verified),
        result.attempts,
    )


def test_the_first_attempt_creates_the_result(student, demo_content):
    stored = record(student, demo_content, statement(demo_content, "a", raw=3, maximum=4))
    assert stored.scaled_score == Decimal("0.7500")
    assert (stored.raw_score, stored.max_score) == (Decimal("3.000"), Decimal("4.000"))
    assert stored.success is False
    assert stored.completion is True
    assert stored.response == "a"
    assert best_and_last(student, demo_content) == (
        (Decimal("0.7500"), False),
        (Decimal("0.7500"), False),
        1,
    )


def test_best_keeps_the_highest_and_last_the_latest(student, demo_content):
    for raw in (5, 9, 2):
        record(student, demo_content, statement(demo_content, "a", raw=raw, maximum=10))
    assert best_and_last(student, demo_content) == (
        (Decimal("0.9000"), False),
        (Decimal("0.2000"), False),
        3,
    )


def test_results_are_per_student(student, other_student, demo_content):
    record(student, demo_content, statement(demo_content, "a", raw=5, maximum=10))
    record(other_student, demo_content, statement(demo_content, "a", raw=7, maximum=10))
    assert H5PResult.objects.get(student=student).best_score == Decimal("0.5000")
    assert H5PResult.objects.get(student=other_student).best_score == Decimal("0.7000")


def test_our_content_type_is_scored_by_the_server(student, step_content):
    order = "[,]".join(reversed(step_ids(step_content)))
    stored = record(student, step_content, statement(step_content, order, raw=10, maximum=10))
    assert stored.verified is True
    assert stored.scaled_score == Decimal("0.0000")
    assert stored.success is False
    assert best_and_last(student, step_content)[0] == (Decimal("0.0000"), True)


def test_a_verified_best_is_never_replaced_by_a_self_reported_claim(student, demo_content):
    verified = ScoredResult(Decimal(6), Decimal(10), Decimal("0.6"), False, True, "", True)
    claimed = ScoredResult(Decimal(10), Decimal(10), Decimal("1"), True, True, "", False)
    fold_into_result(student=student, content=demo_content, scored=verified)
    fold_into_result(student=student, content=demo_content, scored=claimed)
    assert best_and_last(student, demo_content) == (
        (Decimal("0.6000"), True),
        (Decimal("1.0000"), False),
        2,
    )


def test_a_verified_score_replaces_a_self_reported_best(student, demo_content):
    claimed = ScoredResult(None, None, Decimal("0.9"), None, None, "", False)
    verified = ScoredResult(None, None, Decimal("0.5"), None, None, "", True)
    fold_into_result(student=student, content=demo_content, scored=claimed)
    fold_into_result(student=student, content=demo_content, scored=verified)
    assert best_and_last(student, demo_content)[0] == (Decimal("0.5000"), True)


@pytest.mark.parametrize(
    ("new", "best", "expected"),
    [
        ((Decimal("0.9"), True), (Decimal("0.8"), True), True),
        ((Decimal("0.7"), True), (Decimal("0.8"), True), False),
        ((Decimal("0.8"), True), (Decimal("0.8"), True), False),
        ((Decimal("0.1"), True), (Decimal("0.9"), False), True),
        ((Decimal("1.0"), False), (Decimal("0.1"), True), False),
        ((Decimal("0.9"), False), (Decimal("0.8"), False), True),
    ],
)
def test_what_ranks_above_the_best(new, best, expected):
    assert ranks_above(*new, *best) is expected


def test_the_scaled_score_is_used_when_raw_and_max_are_missing(student, demo_content):
    body = statement(demo_content, "a")
    body["result"]["score"] = {"scaled": 0.6666666}
    stored = record(student, demo_content, body)
    assert stored.scaled_score == Decimal("0.6667")
    assert stored.raw_score is None


def test_scaled_is_computed_from_raw_and_max(student, demo_content):
    body = statement(demo_content, "a")
    body["result"]["score"] = {"raw": 1, "max": 3}
    assert record(student, demo_content, body).scaled_score == Decimal("0.3333")


def test_a_result_without_score_is_stored_and_counts_no_attempt(student, demo_content):
    body = statement(demo_content, "a")
    del body["result"]["score"]
    stored = record(student, demo_content, body)
    assert stored.scaled_score is None
    assert not H5PResult.objects.exists()


@pytest.mark.parametrize("verb", ["attempted", "interacted", "progressed", "passed", "failed"])
def test_other_verbs_are_stored_without_touching_the_result(student, demo_content, verb):
    record(student, demo_content, statement(demo_content, "a", raw=1, maximum=1, verb=verb))
    assert XAPIStatement.objects.get().verb.endswith(f"/{verb}")
    assert not H5PResult.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body.update(result="not an object"),
        lambda body: body["result"].update(success="yes"),
        lambda body: body["result"].update(completion=1),
        lambda body: body["result"].update(response=["a"]),
        lambda body: body["result"].update(response="x" * 10_001),
        lambda body: body["result"].update(score=[1, 2]),
        lambda body: body["result"]["score"].update(raw=10**9, max=10**9 + 1),
        lambda body: body["result"]["score"].update(scaled=-0.5, raw=None, max=None),
        lambda body: body.update(verb={"id": 7}),
        lambda body: body.update(object={"id": "no-colon"}),
        lambda body: body.update(context=[]),
    ],
)
def test_malformed_results_are_refused_and_nothing_is_stored(student, demo_content, change):
    body = statement(demo_content, "a", raw=1, maximum=2)
    change(body)
    with pytest.raises(StatementRefused):
        record(student, demo_content, body)
    assert not XAPIStatement.objects.exists()
    assert not H5PResult.objects.exists()


def test_the_stored_actor_is_the_student_whatever_was_claimed(student, demo_content):
    stored = record(student, demo_content, statement(demo_content, "a", raw=1, maximum=2))
    assert stored.statement["actor"] == {
        "objectType": "Agent",
        "name": student.get_full_name(),
        "account": {
            "homePage": stored.statement["actor"]["account"]["homePage"],
            "name": str(student.pk),
        },
    }
    assert "mbox" not in stored.statement["actor"]


def test_a_batch_is_folded_in_order(student, demo_content):
    batch = [(demo_content, statement(demo_content, "a", raw=raw, maximum=10)) for raw in (4, 9, 3)]
    recorded = record_statements(student=student, page=None, statements=batch)
    assert [row.scaled_score for row in recorded.statements] == [
        Decimal("0.4000"),
        Decimal("0.9000"),
        Decimal("0.3000"),
    ]
    assert recorded.results[demo_content.pk].attempts == 3
    assert best_and_last(student, demo_content) == (
        (Decimal("0.9000"), False),
        (Decimal("0.3000"), False),
        3,
    )


def test_a_batch_with_a_refused_statement_names_it_and_stores_nothing(student, demo_content):
    bad = statement(demo_content, "a", raw=11, maximum=10)
    good = statement(demo_content, "a", raw=1, maximum=10)
    with pytest.raises(StatementRefused) as refused:
        record_statements(
            student=student, page=None, statements=[(demo_content, good), (demo_content, bad)]
        )
    assert refused.value.index == 1
    assert not XAPIStatement.objects.exists()
    assert not H5PResult.objects.exists()


def test_a_result_created_meanwhile_by_another_request_keeps_its_attempts(student, demo_content):
    """The insert loses the race on the unique constraint; the attempts go to the winner's row."""
    scored = ScoredResult(None, None, Decimal("0.5"), None, None, "", False)
    fold_into_result(student=student, content=demo_content, scored=scored)
    lost = _first_result(student=student, content=demo_content, attempts=[(scored, None)])
    assert lost.pk is None
    assert H5PResult.objects.get(student=student, content=demo_content).attempts == 1


def batch_of(student, content, *raws, maximum=10):
    pairs = [(content, statement(content, "a", raw=raw, maximum=maximum)) for raw in raws]
    return record_statements(student=student, page=None, statements=pairs)


def test_a_first_attempt_sets_a_new_best(student, demo_content):
    assert batch_of(student, demo_content, 4).new_best == {demo_content.pk}


def test_a_higher_score_sets_a_new_best_and_an_equal_or_lower_one_does_not(student, demo_content):
    batch_of(student, demo_content, 6)
    assert batch_of(student, demo_content, 6).new_best == set()
    assert batch_of(student, demo_content, 2).new_best == set()
    assert batch_of(student, demo_content, 3, 7, 1).new_best == {demo_content.pk}


def test_a_verified_score_equal_to_a_self_reported_best_is_a_new_best(student, demo_content):
    claimed = ScoredResult(None, None, Decimal("0.5000"), None, None, "", False)
    verified = ScoredResult(None, None, Decimal("0.5000"), None, None, "", True)
    fold_into_result(student=student, content=demo_content, scored=claimed)
    assert _fold(student=student, content=demo_content, attempts=[(claimed, None)])[1] is False
    assert _fold(student=student, content=demo_content, attempts=[(verified, None)])[1] is True
    assert _fold(student=student, content=demo_content, attempts=[(claimed, None)])[1] is False


def test_a_statement_without_a_score_sets_no_new_best(student, demo_content):
    body = statement(demo_content, "a", raw=5, maximum=10)
    del body["result"]["score"]
    assert (
        record_statements(student=student, page=None, statements=[(demo_content, body)]).new_best
        == set()
    )


def test_a_batch_keeps_only_the_results_whose_best_it_changed(student, step_content, demo_content):
    right = "[,]".join(step_ids(step_content))
    batch_of(student, demo_content, 9)
    recorded = record_statements(
        student=student,
        page=None,
        statements=[
            (demo_content, statement(demo_content, "a", raw=2, maximum=10)),
            (step_content, statement(step_content, right, raw=10, maximum=10)),
        ],
    )
    assert set(recorded.results) == {demo_content.pk, step_content.pk}
    narrowed = recorded.with_new_best_only()
    assert set(narrowed.results) == {step_content.pk}
    assert narrowed.statements == recorded.statements
