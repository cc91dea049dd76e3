"""The trainer's cohort list and cohort view: content, sub-navigation and query counts."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from courses import progress
from courses.models import Enrolment, ModuleCompletion

from ..factories import activate_totp, make_user
from .conftest import enrol, make_cohort
from .progress_helpers import give_result, h5p_block, make_content, set_h5p_blocks

pytestmark = pytest.mark.django_db

COHORTS_URL = "/en/trainer/"


def cohort_url(cohort, language="en") -> str:
    return f"/{language}/trainer/cohorts/{cohort.pk}/"


@pytest.fixture
def signed_in_trainer(client, trainer):
    activate_totp(trainer)
    client.force_login(trainer)
    return trainer


@pytest.fixture
def signed_in_administrator(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    return administrator


@pytest.fixture
def other_cohort(curriculum, other_trainer):
    return make_cohort(curriculum.module, trainers=[other_trainer], name="Zomer 2027")


# ---------- The cohort list ----------


def test_a_trainer_lists_only_the_cohorts_they_teach(
    client, cohort, other_cohort, signed_in_trainer
):
    response = client.get(COHORTS_URL)
    assert response.status_code == 200
    assert f'href="{cohort_url(cohort)}"' in response.text
    assert other_cohort.name not in response.text
    assert "My cohorts" in response.text


def test_an_administrator_lists_every_cohort(client, cohort, other_cohort, signed_in_administrator):
    response = client.get(COHORTS_URL)
    assert f'href="{cohort_url(cohort)}"' in response.text
    assert f'href="{cohort_url(other_cohort)}"' in response.text
    assert "All cohorts" in response.text


def test_the_cohort_list_counts_students_applications_and_waitlist(
    client, curriculum, cohort, signed_in_trainer
):
    for number, status in enumerate(
        ["enrolled", "enrolled", "completed", "applied", "waitlisted", "waitlisted", "withdrawn"]
    ):
        enrol(make_user("Student", email=f"s{number}@example.org"), cohort, status=status)
    summary = client.get(COHORTS_URL).context["summaries"][0]
    assert summary.cohort.active_count == 3
    assert summary.cohort.applied_count == 1
    assert summary.cohort.waitlisted_count == 2
    assert summary.module.title == curriculum.module_en.title


def test_a_trainer_without_cohorts_is_told_who_adds_them(client, home_page, signed_in_trainer):
    response = client.get(COHORTS_URL)
    assert "You do not teach a cohort yet." in response.text


# ---------- The cohort view ----------


@pytest.fixture
def class_of_three(curriculum, cohort):
    """Three students of the cohort at different stages, one exercise in lesson 2."""
    content = make_content("Gowning order")
    set_h5p_blocks(curriculum.lessons[1], h5p_block(content, title="Put the steps in order"))
    ann = make_user("Student", email="ann@example.org", full_name="Ann Early")
    bob = make_user("Student", email="bob@example.org", full_name="Bob Middle")
    cas = make_user("Student", email="cas@example.org", full_name="Cas Done")
    for student in (ann, bob, cas):
        enrol(student, cohort)
    progress.complete_lesson_if_due(student=bob, lesson=curriculum.lessons[0])
    give_result(bob, content, "0.5", attempts=2, verified=False)
    give_result(cas, content, "0.9", last="0.7", attempts=3)
    for lesson in curriculum.lessons:
        progress.complete_lesson_if_due(student=cas, lesson=lesson)
    return {"ann": ann, "bob": bob, "cas": cas, "content": content}


def rows_by_name(response) -> dict:
    return {row.student.full_name: row for row in response.context["overview"].rows}


def test_the_cohort_view_shows_each_students_lessons_and_module_completion(
    client, curriculum, cohort, class_of_three, signed_in_trainer
):
    response = client.get(cohort_url(cohort))
    assert response.status_code == 200
    rows = rows_by_name(response)
    assert [rows[name].completed for name in ("Ann Early", "Bob Middle", "Cas Done")] == [0, 1, 3]
    assert rows["Bob Middle"].lessons[0].completed_at is not None
    assert rows["Bob Middle"].lessons[1].completed_at is None
    completion = ModuleCompletion.objects.get(student=class_of_three["cas"])
    assert rows["Cas Done"].module_completion == completion
    assert f"{timezone.localtime(completion.completed_at):%-d %b %Y} · 90%" in response.text
    for lesson in curriculum.lessons_en:
        assert f'<a href="{lesson.url}">{lesson.title}</a>' in response.text
    assert "Ann Early" in response.text


def test_the_cohort_view_shows_h5p_results_with_best_last_attempts_and_source(
    client, cohort, class_of_three, signed_in_trainer
):
    response = client.get(cohort_url(cohort))
    overview = response.context["overview"]
    assert [column.title for column in overview.exercises] == ["Put the steps in order"]
    rows = rows_by_name(response)
    assert rows["Ann Early"].exercises[0].result is None
    bob = rows["Bob Middle"].exercises[0]
    assert (bob.result.best_score, bob.result.attempts, bob.passed) == (Decimal("0.5"), 2, False)
    cas = rows["Cas Done"].exercises[0]
    assert (cas.result.best_score, cas.result.last_score, cas.passed) == (
        Decimal("0.9"),
        Decimal("0.7"),
        True,
    )
    text = response.text
    assert '<span class="score">50%</span> <span class="score-source score-source--self">' in text
    assert "last 70% · 3 attempts" in text
    assert "last 50%* · 2 attempts" in text


def test_an_exercise_done_in_english_shows_in_the_dutch_column(
    client, curriculum, cohort, enrolled_student, signed_in_trainer
):
    dutch, english = make_content("Nederlands"), make_content("English", "en")
    set_h5p_blocks(curriculum.lessons[0], h5p_block(dutch, title="Volgorde"))
    set_h5p_blocks(curriculum.lessons_en[0], h5p_block(english, title="Order"))
    give_result(enrolled_student, english, "0.95")
    response = client.get(cohort_url(cohort, "nl"))
    column = response.context["overview"].exercises[0]
    assert column.title == "Volgorde"
    assert column.content_ids == {dutch.pk, english.pk}
    assert response.context["overview"].rows[0].exercises[0].result.content_id == english.pk


def test_pending_applications_and_waitlist_are_listed_oldest_first_without_other_statuses(
    client, cohort, signed_in_trainer
):
    people = {
        status: make_user("Student", email=f"{status}@example.org", full_name=status.title())
        for status in ("waitlisted", "applied", "refused", "withdrawn")
    }
    for status, person in people.items():
        enrol(person, cohort, status=status, motivation=f"Motivation of {status}")
    response = client.get(cohort_url(cohort))
    pending = response.context["overview"].pending
    assert [enrolment.status for enrolment in pending] == ["waitlisted", "applied"]
    assert "Motivation of applied" in response.text
    assert "Motivation of refused" not in response.text
    assert response.context["overview"].rows == []


def test_each_pending_request_has_decision_buttons_posting_back_to_this_page(
    client, cohort, signed_in_trainer
):
    applicant = make_user("Student", email="applicant@example.org", full_name="Abe Applicant")
    waiting = make_user("Student", email="waiting@example.org", full_name="Wim Waiting")
    applied = enrol(applicant, cohort, status=Enrolment.Status.APPLIED)
    waitlisted = enrol(waiting, cohort, status=Enrolment.Status.WAITLISTED)
    text = client.get(cohort_url(cohort)).text
    for enrolment in (applied, waitlisted):
        action = reverse("trainer:decide_enrolment", args=[enrolment.pk])
        assert f'<form method="post" action="{action}" class="decision-form">' in text
    assert f'<input type="hidden" name="next" value="{cohort_url(cohort)}">' in text
    assert text.count('name="decision" value="accept"') == 2
    assert text.count('name="decision" value="refuse"') == 2
    # A waitlisted student cannot be waitlisted again.
    assert text.count('name="decision" value="waitlist"') == 1
    assert "csrfmiddlewaretoken" in text


def test_accepting_from_the_cohort_view_comes_back_to_it_with_the_student_enrolled(
    client, cohort, signed_in_trainer
):
    applicant = make_user("Student", email="applicant@example.org", full_name="Abe Applicant")
    applied = enrol(applicant, cohort, status=Enrolment.Status.APPLIED)
    response = client.post(
        reverse("trainer:decide_enrolment", args=[applied.pk]),
        {"decision": "accept", "next": cohort_url(cohort)},
    )
    assert response.status_code == 302
    assert response["Location"] == cohort_url(cohort)
    applied.refresh_from_db()
    assert applied.status == Enrolment.Status.ENROLLED
    page = client.get(cohort_url(cohort))
    assert [row.student for row in page.context["overview"].rows] == [applicant]
    assert page.context["overview"].pending == []


def test_the_cohort_view_carries_the_cohort_sub_navigation(client, cohort, signed_in_trainer):
    text = client.get(cohort_url(cohort)).text
    assert '<nav class="cohort-nav"' in text
    assert (
        f'<a class="cohort-nav__link is-current" href="{cohort_url(cohort)}" aria-current="page">'
        in text
    )


def test_an_administrator_opens_any_cohort(client, other_cohort, signed_in_administrator):
    assert client.get(cohort_url(other_cohort)).status_code == 200


def test_a_trainer_gets_404_for_a_cohort_they_do_not_teach(client, other_cohort, signed_in_trainer):
    assert client.get(cohort_url(other_cohort)).status_code == 404


def test_an_unknown_cohort_is_404(client, home_page, signed_in_administrator):
    assert client.get("/en/trainer/cohorts/999999/").status_code == 404


def test_the_trainer_screens_answer_only_get(client, cohort, signed_in_trainer):
    assert client.post(COHORTS_URL).status_code == 405
    assert client.post(cohort_url(cohort)).status_code == 405


# ---------- Queries ----------


def cohort_view_queries(client, cohort) -> int:
    """Queries of a warm request: the very first one creates the site settings, which starts
    a new generation of the site's cached chrome, so the second fills that cache."""
    for _warm_up in range(2):
        client.get(cohort_url(cohort))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(cohort_url(cohort))
    assert response.status_code == 200
    return len(queries)


def add_students(cohort, content, lessons, count: int, start: int) -> None:
    for number in range(start, start + count):
        student = make_user("Student", email=f"student{number}@example.org")
        enrol(student, cohort)
        progress.complete_lesson_if_due(student=student, lesson=lessons[0])
        give_result(student, content, "0.6", attempts=number % 4 + 1)
    enrol(make_user("Student", email=f"applicant{start}@example.org"), cohort, status="applied")


def test_the_cohort_view_takes_the_same_few_queries_for_two_or_twenty_students(
    client, curriculum, cohort, signed_in_trainer
):
    content = make_content()
    lesson = set_h5p_blocks(curriculum.lessons[1], h5p_block(content))
    lessons = [curriculum.lessons[0], lesson, curriculum.lessons[2]]
    add_students(cohort, content, lessons, 2, start=0)
    small = cohort_view_queries(client, cohort)
    add_students(cohort, content, lessons, 18, start=2)
    large = cohort_view_queries(client, cohort)
    assert small == large
    assert large <= 15


def test_the_cohort_list_takes_the_same_few_queries_for_one_or_eight_cohorts(
    client, curriculum, cohort, signed_in_administrator
):
    client.get(COHORTS_URL)
    client.get(COHORTS_URL)
    with CaptureQueriesContext(connection) as small:
        client.get(COHORTS_URL)
    for number in range(7):
        enrol(make_user("Student"), make_cohort(curriculum.module, name=f"Editie {number}"))
    client.get(COHORTS_URL)
    with CaptureQueriesContext(connection) as large:
        response = client.get(COHORTS_URL)
    assert len(response.context["summaries"]) == 8
    assert len(small) == len(large) <= 15


def test_one_attempt_is_counted_in_the_singular(client, cohort, class_of_three, signed_in_trainer):
    give_result(class_of_three["ann"], class_of_three["content"], "0.4", attempts=1)
    text = client.get(cohort_url(cohort)).text
    assert "last 40% · 1 attempt<" in text
    assert "1 attempts" not in text
    assert "last 70% · 3 attempts" in text
