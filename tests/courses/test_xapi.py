"""The xAPI endpoint: what it stores, for whom, and everything it refuses."""

import json
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from courses.h5p.models import H5PResult, XAPIStatement
from courses.models import LessonCompletion
from tests.factories import make_user

from .conftest import enrol, make_cohort, make_module
from .h5p_lessons import (  # noqa: F401 (the fixtures register under their names)
    demo_content_fixture,
    h5p_lesson_fixture,
    h5p_store_fixture,
    statement,
    step_content_fixture,
    step_ids,
    step_library_fixture,
)

pytestmark = pytest.mark.django_db
CSRF_SECRET = "k" * 32


def url_for(lesson, language="nl") -> str:
    return f"/{language}/learn/xapi/{lesson.pk}/statements/"


def post(client, lesson, body, *, language="nl", raw=False, **headers):
    data = body if raw else json.dumps(body)
    return client.post(url_for(lesson, language), data, content_type="application/json", **headers)


@pytest.fixture
def student_client(enrolled_student):
    client = Client()
    client.force_login(enrolled_student)
    return client


def nothing_stored():
    return not XAPIStatement.objects.exists() and not H5PResult.objects.exists()


def test_a_correct_answer_is_stored_verified_and_completes_the_lesson(
    student_client, enrolled_student, h5p_lesson, step_content, demo_content
):
    order = "[,]".join(step_ids(step_content))
    response = post(student_client, h5p_lesson, statement(step_content, order, raw=10, maximum=10))
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["recorded"] is True
    assert answer["verified"] is True
    assert answer["best_percent"] == 100
    assert answer["attempts"] == 1
    assert answer["passed"] is True
    # The lesson also needs the self-reported exercise passed.
    assert answer["lesson_completed"] is False
    post(student_client, h5p_lesson, statement(demo_content, "x", raw=9, maximum=10))
    assert LessonCompletion.objects.filter(
        student=enrolled_student, lesson_key=h5p_lesson.translation_key
    ).exists()
    stored = XAPIStatement.objects.get(content=step_content)
    assert stored.student == enrolled_student
    assert stored.page_id == h5p_lesson.pk
    assert stored.verified is True


def test_without_a_csrf_token_the_statement_is_refused(enrolled_student, h5p_lesson, step_content):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled_student)
    response = post(client, h5p_lesson, statement(step_content, "", raw=0, maximum=10))
    assert response.status_code == 403
    assert nothing_stored()


def test_with_the_csrf_token_the_statement_is_accepted(enrolled_student, h5p_lesson, step_content):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled_student)
    client.cookies["csrftoken"] = CSRF_SECRET
    body = statement(step_content, "", raw=0, maximum=10)
    response = post(client, h5p_lesson, body, HTTP_X_CSRFTOKEN=CSRF_SECRET)
    assert response.status_code == 200
    assert XAPIStatement.objects.count() == 1


def test_another_users_actor_is_replaced_by_the_session_user(
    student_client, enrolled_student, other_student, h5p_lesson, step_content
):
    body = statement(step_content, "", raw=0, maximum=10)
    body["actor"] = {"objectType": "Agent", "mbox": f"mailto:{other_student.email}"}
    assert post(student_client, h5p_lesson, body).status_code == 200
    stored = XAPIStatement.objects.get()
    assert stored.student == enrolled_student
    assert stored.statement["actor"]["account"]["name"] == str(enrolled_student.pk)
    assert other_student.email not in json.dumps(stored.statement)
    assert not H5PResult.objects.filter(student=other_student).exists()


@pytest.mark.parametrize(
    "object_id",
    [
        "http://testserver/h5p/t/whatever/",
        "urn:atmp-xb:h5p:not-a-uuid",
        "urn:atmp-xb:h5p:00000000-0000-0000-0000-000000000000",
        "urn:other:h5p:{uuid}",
        "urn:atmp-xb:h5p:{uuid}?subContentId=1234",
        "urn:atmp-xb:h5p:{uuid}/extra",
    ],
)
def test_a_wrong_object_id_is_refused(student_client, h5p_lesson, step_content, object_id):
    body = statement(step_content, "", raw=10, maximum=10)
    body["object"]["id"] = object_id.format(uuid=step_content.uuid)
    response = post(student_client, h5p_lesson, body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert nothing_stored()


def test_content_that_is_not_in_the_lesson_is_refused(
    student_client, module, lessons, h5p_lesson, step_content
):
    plain_lesson = lessons[0]
    response = post(student_client, plain_lesson, statement(step_content, "", raw=1, maximum=10))
    assert response.status_code == 404
    assert nothing_stored()


def test_a_student_not_enrolled_in_the_module_is_refused(h5p_lesson, step_content, other_student):
    client = Client()
    client.force_login(other_student)
    response = post(client, h5p_lesson, statement(step_content, "", raw=1, maximum=10))
    assert response.status_code == 403
    assert nothing_stored()


def test_a_student_enrolled_in_another_module_is_refused(
    programme, h5p_lesson, step_content, other_student
):
    other_module = make_module(programme, code="ATMP-103", title="Ander")
    enrol(other_student, make_cohort(other_module))
    client = Client()
    client.force_login(other_student)
    response = post(client, h5p_lesson, statement(step_content, "", raw=1, maximum=10))
    assert response.status_code == 403
    assert nothing_stored()


@pytest.mark.parametrize("status", ["applied", "waitlisted", "refused", "withdrawn"])
def test_an_enrolment_that_is_not_active_is_refused(
    h5p_lesson, step_content, cohort, other_student, status
):
    enrol(other_student, cohort, status=status)
    client = Client()
    client.force_login(other_student)
    response = post(client, h5p_lesson, statement(step_content, "", raw=1, maximum=10))
    assert response.status_code == 403


def test_a_lesson_that_is_not_live_is_not_found(student_client, h5p_lesson, step_content):
    h5p_lesson.unpublish()
    response = post(student_client, h5p_lesson, statement(step_content, "", raw=1, maximum=10))
    assert response.status_code == 404
    assert nothing_stored()


def test_anonymous_visitors_are_refused(h5p_lesson, step_content):
    response = post(Client(), h5p_lesson, statement(step_content, "", raw=1, maximum=10))
    assert response.status_code == 403
    assert nothing_stored()


def test_only_post_is_answered(student_client, h5p_lesson):
    assert student_client.get(url_for(h5p_lesson)).status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "",
        "[1, 2]",
        '"a string"',
        b"\xff\xfe{",
        '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}',
        '{"verb": "answered", "object": {"id": "urn:x"}}',
        '{"verb": {"id": ""}, "object": {"id": "urn:x"}}',
    ],
)
def test_malformed_json_is_refused(student_client, h5p_lesson, body):
    response = post(student_client, h5p_lesson, body, raw=True)
    assert response.status_code == 400
    assert response.json()["error"]
    assert nothing_stored()


def test_an_oversized_body_is_refused(student_client, h5p_lesson, step_content):
    body = statement(step_content, "", raw=1, maximum=10, padding="x" * 70_000)
    response = post(student_client, h5p_lesson, body)
    assert response.status_code == 413
    assert "64" in response.json()["error"]
    assert nothing_stored()


@pytest.mark.parametrize(
    "score",
    [
        {"raw": 11, "max": 10},
        {"raw": -1, "max": 10},
        {"raw": 1, "max": 0},
        {"raw": "10", "max": 10},
        {"raw": True, "max": 10},
        {"scaled": 1.5},
        {"scaled": float("nan")},
    ],
)
def test_a_nonsensical_self_reported_score_is_refused(
    student_client, h5p_lesson, demo_content, score
):
    body = statement(demo_content, "x")
    body["result"]["score"] = score
    response = post(student_client, h5p_lesson, body)
    assert response.status_code == 400
    assert nothing_stored()


def test_a_forged_score_for_our_content_type_is_recomputed(
    student_client, enrolled_student, h5p_lesson, step_content
):
    steps = step_ids(step_content)
    swapped = [steps[1], steps[0], *steps[2:]]
    body = statement(step_content, "[,]".join(swapped), raw=10, maximum=10)
    response = post(student_client, h5p_lesson, body)
    assert response.status_code == 200
    assert response.json()["best_percent"] == 80
    assert response.json()["passed"] is True
    stored = XAPIStatement.objects.get()
    assert (stored.raw_score, stored.max_score, stored.scaled_score) == (
        Decimal("8.000"),
        Decimal("10.000"),
        Decimal("0.8000"),
    )
    assert stored.verified is True
    assert stored.statement["result"]["score"]["raw"] == 10  # the claim is kept, not believed
    result = H5PResult.objects.get(student=enrolled_student)
    assert result.best_score == Decimal("0.8000")
    assert result.best_verified is True


def test_a_garbled_response_for_our_content_type_scores_zero(
    student_client, enrolled_student, h5p_lesson, step_content
):
    body = statement(step_content, "mirror-check[,]mirror-check", raw=10, maximum=10)
    assert post(student_client, h5p_lesson, body).status_code == 200
    assert H5PResult.objects.get(student=enrolled_student).best_score == 0


def test_a_self_reported_score_is_kept_apart_from_verified_ones(
    student_client, enrolled_student, h5p_lesson, demo_content
):
    response = post(student_client, h5p_lesson, statement(demo_content, "x", raw=9, maximum=10))
    assert response.status_code == 200
    assert response.json()["verified"] is False
    stored = XAPIStatement.objects.get()
    assert stored.verified is False
    assert stored.scaled_score == Decimal("0.9000")
    result = H5PResult.objects.get(student=enrolled_student, content=demo_content)
    assert (result.best_score, result.best_verified) == (Decimal("0.9000"), False)
    with translation.override("en"):
        assert (
            "reported by the exercise"
            in post(
                student_client,
                h5p_lesson,
                statement(demo_content, "x", raw=9, maximum=10),
                language="en",
            ).json()["message"]
        )


def test_statements_without_a_result_verb_are_stored_but_change_no_result(
    student_client, h5p_lesson, step_content
):
    body = statement(step_content, "", raw=10, maximum=10, verb="interacted")
    response = post(student_client, h5p_lesson, body)
    assert response.status_code == 200
    assert XAPIStatement.objects.get().verb.endswith("/interacted")
    assert not H5PResult.objects.exists()
    assert response.json()["attempts"] == 0


def test_the_answer_speaks_the_language_of_the_page(student_client, h5p_lesson, step_content):
    body = statement(step_content, "", raw=0, maximum=10)
    message = post(student_client, h5p_lesson, body, language="nl").json()["message"]
    with translation.override("nl"):
        expected = translation.gettext("Not passed yet (pass mark %(pass_mark)s%%).") % {
            "pass_mark": 80
        }
    assert expected in message


@pytest.mark.parametrize("who", ["trainer", "administrator"])
def test_trainers_and_administrators_try_exercises_without_a_record(
    h5p_lesson, step_content, cohort, who, trainer, administrator
):
    from tests.factories import activate_totp

    user = {"trainer": trainer, "administrator": administrator}[who]
    activate_totp(user)
    client = Client()
    client.force_login(user)
    order = "[,]".join(step_ids(step_content))
    response = post(client, h5p_lesson, statement(step_content, order, raw=10, maximum=10))
    assert response.status_code == 200
    assert response.json() == {
        "recorded": False,
        "verified": True,
        "last_percent": 100,
        "message": response.json()["message"],
    }
    assert nothing_stored()
    assert not LessonCompletion.objects.exists()


def test_a_trainer_of_another_module_is_refused(programme, h5p_lesson, step_content):
    outsider = make_user("Trainer", email="outsider@example.org")
    make_cohort(make_module(programme, code="ATMP-104", title="Ander"), trainers=[outsider])
    client = Client()
    client.force_login(outsider)
    response = post(client, h5p_lesson, statement(step_content, "", raw=1, maximum=10))
    assert response.status_code == 403


# Session, user, lesson, the enrolment (its module's key a subquery), the content, the
# savepoint pair the test's own transaction puts around the endpoint's, the stored statement,
# the result read under lock and updated, and whether the lesson is complete.
QUERIES_ONCE_COMPLETE = 11
# Until the lesson is complete, its rule reads the best scores and, as they do not all pass
# yet, the exercises of the lesson's translations.
COMPLETION_RULE_QUERIES = 2
# A statement that raises a best to a pass reads the module's outcomes linked to
# competencies, with the evidence already recorded (none is linked here: nothing written).
EVIDENCE_QUERIES = 1


def wrong_answer(content):
    return statement(content, "[,]".join(reversed(step_ids(content))), raw=10, maximum=10)


def test_a_statement_costs_an_exact_number_of_queries_before_and_after_completion(
    student_client, h5p_lesson, step_content, demo_content, django_assert_num_queries
):
    post(student_client, h5p_lesson, wrong_answer(step_content))  # the result created
    before_complete = QUERIES_ONCE_COMPLETE + COMPLETION_RULE_QUERIES
    with django_assert_num_queries(before_complete):
        post(student_client, h5p_lesson, wrong_answer(step_content))
    with django_assert_num_queries(before_complete + EVIDENCE_QUERIES):
        response = post(student_client, h5p_lesson, right_order(step_content))
    assert response.json()["lesson_completed"] is False
    # Equalling the best passed changes no pass state: no evidence query.
    with django_assert_num_queries(before_complete):
        post(student_client, h5p_lesson, right_order(step_content))
    post(student_client, h5p_lesson, statement(demo_content, "x", raw=9, maximum=10))
    for body in (right_order(step_content), wrong_answer(step_content)):
        with django_assert_num_queries(QUERIES_ONCE_COMPLETE):
            response = post(student_client, h5p_lesson, body)
        assert response.json()["lesson_completed"] is True


def test_the_queries_of_a_statement_do_not_grow_with_earlier_statements_and_results(
    student_client, enrolled_student, cohort, h5p_lesson, step_content, demo_content
):
    """The same count after 2 and after 32 earlier statements of the student, with other
    students' results in between."""
    passing = [right_order(step_content), statement(demo_content, "x", raw=9, maximum=10)]
    post(student_client, h5p_lesson, passing)

    def one_statement() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = post(student_client, h5p_lesson, wrong_answer(step_content))
        assert response.status_code == 200
        return len(queries.captured_queries)

    after_few = one_statement()
    for number in range(5):
        classmate = make_user("Student", email=f"classmate-{number}@example.org")
        enrol(classmate, cohort)
        client = Client()
        client.force_login(classmate)
        post(client, h5p_lesson, [right_order(step_content)] * 3)
    for _ in range(6):
        post(student_client, h5p_lesson, [wrong_answer(step_content)] * 4 + passing[:1])
    assert XAPIStatement.objects.filter(student=enrolled_student).count() == 33
    assert after_few == one_statement() == QUERIES_ONCE_COMPLETE


# ---------- Batches: an array of statements, all or none ----------


def right_order(content):
    return statement(content, "[,]".join(step_ids(content)), raw=10, maximum=10)


def test_a_batch_is_stored_in_order_with_one_answer_per_exercise(
    student_client, enrolled_student, h5p_lesson, step_content, demo_content
):
    steps = step_ids(step_content)
    wrong = statement(
        step_content, "[,]".join([steps[1], steps[0], *steps[2:]]), raw=10, maximum=10
    )
    batch = [
        wrong,
        right_order(step_content),
        statement(demo_content, "x", raw=9, maximum=10),
        wrong,
    ]
    response = post(student_client, h5p_lesson, batch)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["recorded"] is True
    assert answer["statements"] == 4
    assert answer["lesson_completed"] is True
    by_object = {result["object"]: result for result in answer["results"]}
    assert list(by_object) == [
        f"urn:atmp-xb:h5p:{step_content.uuid}",
        f"urn:atmp-xb:h5p:{demo_content.uuid}",
    ]
    step_answer = by_object[f"urn:atmp-xb:h5p:{step_content.uuid}"]
    assert (step_answer["attempts"], step_answer["best_percent"], step_answer["last_percent"]) == (
        3,
        100,
        80,
    )
    assert step_answer["verified"] is True and step_answer["message"]
    assert by_object[f"urn:atmp-xb:h5p:{demo_content.uuid}"]["verified"] is False
    stored = XAPIStatement.objects.filter(student=enrolled_student).order_by("pk")
    assert [row.scaled_score for row in stored] == [
        Decimal("0.8000"),
        Decimal("1.0000"),
        Decimal("0.9000"),
        Decimal("0.8000"),
    ]
    assert all(row.page_id == h5p_lesson.pk for row in stored)
    result = H5PResult.objects.get(student=enrolled_student, content=step_content)
    assert (result.attempts, result.best_score, result.last_score) == (
        3,
        Decimal("1.0000"),
        Decimal("0.8000"),
    )
    assert LessonCompletion.objects.filter(student=enrolled_student).count() == 1


def test_a_batch_adds_to_the_attempts_already_counted(
    student_client, enrolled_student, h5p_lesson, step_content
):
    post(student_client, h5p_lesson, right_order(step_content))
    response = post(
        student_client, h5p_lesson, [statement(step_content, "", raw=0, maximum=10)] * 2
    )
    assert response.json()["results"][0]["attempts"] == 3
    result = H5PResult.objects.get(student=enrolled_student, content=step_content)
    assert (result.attempts, result.best_score, result.last_score) == (3, 1, 0)


def test_the_actor_of_every_statement_in_a_batch_is_the_session_user(
    student_client, enrolled_student, other_student, h5p_lesson, step_content
):
    batch = []
    for claimed in (other_student.email, "someone@example.org", enrolled_student.email):
        body = statement(step_content, "", raw=0, maximum=10)
        body["actor"] = {"objectType": "Agent", "mbox": f"mailto:{claimed}"}
        batch.append(body)
    assert post(student_client, h5p_lesson, batch).status_code == 200
    stored = XAPIStatement.objects.all()
    assert len(stored) == 3
    for row in stored:
        assert row.student == enrolled_student
        assert row.statement["actor"]["account"]["name"] == str(enrolled_student.pk)
        assert "mbox" not in row.statement["actor"]
    assert not H5PResult.objects.filter(student=other_student).exists()


def wrong_object(body):
    body["object"]["id"] = "urn:atmp-xb:h5p:00000000-0000-0000-0000-000000000000"


def sub_content(body):
    body["object"]["id"] += "?subContentId=1"


def malformed_verb(body):
    body["verb"] = "answered"


def forged_scale(body):
    body["result"]["score"] = {"scaled": 7}


def not_an_object(body):
    body.clear()


@pytest.mark.parametrize(
    "spoil", [wrong_object, sub_content, malformed_verb, forged_scale, not_an_object]
)
@pytest.mark.parametrize("index", [0, 2])
def test_one_bad_statement_refuses_the_whole_batch_and_names_it(
    student_client, h5p_lesson, demo_content, spoil, index
):
    batch = [statement(demo_content, "x", raw=5, maximum=10) for _ in range(3)]
    if spoil is not_an_object:
        batch[index] = "not a statement"
    else:
        spoil(batch[index])
    with translation.override("en"):
        response = post(student_client, h5p_lesson, batch, language="en")
    assert response.status_code == 400
    assert response.json()["index"] == index
    assert f"index {index}" in response.json()["error"]
    assert nothing_stored()


def test_a_batch_with_content_of_another_lesson_is_refused(
    student_client, module, h5p_lesson, step_content, demo_content
):
    from .h5p_lessons import make_h5p_lesson

    other_lesson = make_h5p_lesson(module, 9, demo_content)
    batch = [statement(demo_content, "x", raw=5, maximum=10), right_order(step_content)]
    response = post(student_client, other_lesson, batch)
    assert response.status_code == 400
    assert response.json()["index"] == 1
    assert nothing_stored()
    assert not LessonCompletion.objects.exists()


def test_a_batch_of_more_than_the_maximum_is_refused(student_client, h5p_lesson, step_content):
    from courses.views.xapi import MAX_BATCH

    small = {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": f"urn:atmp-xb:h5p:{step_content.uuid}"},
        "result": {"response": ""},
    }
    response = post(student_client, h5p_lesson, [small] * (MAX_BATCH + 1))
    assert response.status_code == 413
    assert str(MAX_BATCH) in response.json()["error"]
    assert nothing_stored()
    assert post(student_client, h5p_lesson, [small] * MAX_BATCH).status_code == 200


def test_a_batch_over_the_byte_limit_is_refused(student_client, h5p_lesson, step_content):
    batch = [statement(step_content, "", raw=0, maximum=10, padding="x" * 9_000)] * 8
    response = post(student_client, h5p_lesson, batch)
    assert response.status_code == 413
    assert nothing_stored()


def test_an_empty_batch_is_refused(student_client, h5p_lesson):
    response = post(student_client, h5p_lesson, [])
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_batch_without_a_csrf_token_is_refused(enrolled_student, h5p_lesson, step_content):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled_student)
    client.cookies["csrftoken"] = CSRF_SECRET
    batch = [right_order(step_content)] * 2
    assert post(client, h5p_lesson, batch).status_code == 403
    assert nothing_stored()
    assert post(client, h5p_lesson, batch, HTTP_X_CSRFTOKEN=CSRF_SECRET).status_code == 200


def test_a_batch_from_a_student_not_enrolled_is_refused(h5p_lesson, step_content, other_student):
    client = Client()
    client.force_login(other_student)
    response = post(client, h5p_lesson, [right_order(step_content)] * 2)
    assert response.status_code == 403
    assert nothing_stored()


def test_a_trainer_previews_a_batch_without_a_record(h5p_lesson, step_content, cohort, trainer):
    from tests.factories import activate_totp

    activate_totp(trainer)
    client = Client()
    client.force_login(trainer)
    batch = [statement(step_content, "", raw=10, maximum=10), right_order(step_content)]
    response = post(client, h5p_lesson, batch)
    assert response.status_code == 200
    answer = response.json()
    assert answer["recorded"] is False
    assert answer["results"] == [
        {
            "object": f"urn:atmp-xb:h5p:{step_content.uuid}",
            "verified": True,
            "last_percent": 100,
            "message": answer["results"][0]["message"],
        }
    ]
    assert nothing_stored()


# A batch costs what one statement costs: the session, user, lesson, enrolment, the contents
# (one query), the statements (one insert), per content its result read and written, whether
# the lesson is complete, and the test transaction's savepoint pair around the endpoint's.
# Its passing attempts read the module's outcomes linked to competencies once for the batch
# (courses.evidence), whatever the number of contents passed.
QUERIES_PER_BATCH_OF_TWO_CONTENTS = 14


@pytest.mark.parametrize("size", [2, 10, 50])
def test_the_queries_of_a_batch_do_not_grow_with_its_size(
    student_client, h5p_lesson, step_content, demo_content, size
):
    first = [right_order(step_content), statement(demo_content, "x", raw=9, maximum=10)]
    post(student_client, h5p_lesson, first)  # results created, lesson completed
    batch = [right_order(step_content)] * (size - 1) + [statement(demo_content, "y", raw=1)]
    with CaptureQueriesContext(connection) as queries:
        response = post(student_client, h5p_lesson, batch)
    assert response.status_code == 200
    assert response.json()["statements"] == size
    assert XAPIStatement.objects.count() == 2 + size
    assert len(queries.captured_queries) == QUERIES_PER_BATCH_OF_TWO_CONTENTS
