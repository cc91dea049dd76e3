"""The student dashboard (/<language>/learn/): cohorts, progress, next lesson, results,
applications and completed modules, in a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest

from courses import progress
from courses.models import Enrolment

from .conftest import enrol, make_cohort, make_lesson, make_module
from .progress_helpers import give_result, make_content

pytestmark = pytest.mark.django_db

DASHBOARD_NL = "/nl/learn/"
DASHBOARD_EN = "/en/learn/"


def get_dashboard(client, user, url=DASHBOARD_EN):
    client.force_login(user)
    return client.get(url)


def test_a_visitor_is_sent_to_the_login_page(client, home_page):
    response = client.get(DASHBOARD_NL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "next=/nl/learn/" in response["Location"]


def test_the_dashboard_answers_only_get(client, enrolled_student):
    client.force_login(enrolled_student)
    assert client.post(DASHBOARD_EN).status_code == 405


def test_a_student_without_cohorts_is_told_how_to_start(client, student, home_page):
    response = get_dashboard(client, student)
    assert response.status_code == 200
    assert "You are not enrolled in a cohort yet." in response.text
    assert "No exercise results yet." in response.text


def test_the_dashboard_shows_the_cohort_with_its_progress_bar(
    client, curriculum, cohort, enrolled_student
):
    progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons[0])
    response = get_dashboard(client, enrolled_student)
    assert response.status_code == 200
    assert curriculum.module_en.title in response.text
    assert cohort.name in response.text
    assert (
        '<progress class="progress-meter__bar" max="3" value="1" '
        f'aria-labelledby="cohort-{cohort.pk}"' in response.text
    )
    assert "1 of 3 lessons completed" in response.text
    assert "(33%)" in response.text


def test_the_next_lesson_is_the_first_not_completed_in_the_students_language(
    client, curriculum, cohort, enrolled_student
):
    progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons[0])
    english = get_dashboard(client, enrolled_student, DASHBOARD_EN)
    assert f'href="{curriculum.lessons_en[1].url}"' in english.text
    assert "Continue with" in english.text
    dutch = client.get(DASHBOARD_NL)
    assert f'href="{curriculum.lessons[1].url}"' in dutch.text
    assert f'href="{curriculum.lessons_en[1].url}"' not in dutch.text


def test_a_lesson_completed_in_english_is_skipped_on_the_dutch_dashboard(
    client, curriculum, cohort, enrolled_student
):
    progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons_en[0])
    response = get_dashboard(client, enrolled_student, DASHBOARD_NL)
    assert f'href="{curriculum.lessons[1].url}"' in response.text
    assert f'href="{curriculum.lessons[0].url}"' not in response.text


def test_a_fresh_student_starts_with_the_first_lesson(client, curriculum, cohort, enrolled_student):
    response = get_dashboard(client, enrolled_student)
    assert "Start with" in response.text
    assert f'href="{curriculum.lessons_en[0].url}"' in response.text


def test_a_completed_module_shows_its_date_and_result_and_no_next_lesson(
    client, curriculum, cohort, enrolled_student
):
    for lesson in curriculum.lessons:
        progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson)
    completion = enrolled_student.module_completions.get()
    completion.result = "0.8750"
    completion.save()
    response = get_dashboard(client, enrolled_student)
    date = f"{timezone.localtime(completion.completed_at):%-d %B %Y}"
    assert f"Module completed on {date}." in response.text
    assert "Result: 88%" in response.text
    assert "3 of 3 lessons completed" in response.text
    assert "Continue with" not in response.text
    assert f"completed on {date}" in response.text
    assert Enrolment.objects.get().status == Enrolment.Status.COMPLETED
    assert cohort.name in response.text


def test_recent_results_show_best_last_attempts_and_who_checked_them(
    client, curriculum, cohort, enrolled_student
):
    verified = make_content("Gowning order")
    reported = make_content("Limits of grade B")
    give_result(enrolled_student, verified, "0.9", last="0.6", attempts=3)
    result = give_result(enrolled_student, reported, "0.75", attempts=1, verified=False)
    response = get_dashboard(client, enrolled_student)
    text = response.text
    assert "Gowning order" in text
    assert "Limits of grade B" in text
    assert '<span class="score">90%</span>' in text
    assert '<span class="score">60%</span>' in text
    assert "<td>3</td>" in text
    assert text.count("checked by the server") >= 2
    assert text.count("self-reported") >= 2
    assert response.context["progress"].recent_results[0] == result


def test_only_the_ten_latest_results_are_shown_newest_first(client, curriculum, enrolled_student):
    start = timezone.now() - datetime.timedelta(days=30)
    for number in range(12):
        give_result(
            enrolled_student,
            make_content(f"Oefening {number}"),
            "0.5",
            when=start + datetime.timedelta(days=number),
        )
    response = get_dashboard(client, enrolled_student)
    shown = [result.content.title for result in response.context["progress"].recent_results]
    assert shown == [f"Oefening {number}" for number in range(11, 1, -1)]
    assert "Oefening 1<" not in response.text


def test_another_students_results_and_cohorts_are_not_shown(
    client, curriculum, cohort, student, other_student
):
    enrol(other_student, cohort)
    give_result(other_student, make_content("Somebody else's exercise"), "1")
    response = get_dashboard(client, student)
    assert "Somebody else" not in response.text
    assert cohort.name not in response.text


def test_applications_waitlist_and_refusals_are_listed_but_not_withdrawals(
    client, curriculum, student, trainer
):
    statuses = [
        Enrolment.Status.APPLIED,
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.REFUSED,
        Enrolment.Status.WITHDRAWN,
    ]
    for number, status in enumerate(statuses):
        enrol(student, make_cohort(curriculum.module, name=f"Editie {number}"), status=status)
    response = get_dashboard(client, student)
    for number, label in enumerate(("Applied", "Waitlisted", "Refused")):
        assert f"Editie {number}" in response.text
        assert f'<span class="status status--{statuses[number]}">{label}</span>' in response.text
    assert "Editie 3" not in response.text
    assert response.context["progress"].cohorts == []


@pytest.mark.parametrize("role", ["trainer", "administrator", "partner_editor"])
def test_people_who_are_not_students_are_refused_with_a_sentence(client, home_page, role, request):
    user = request.getfixturevalue(role)
    response = get_dashboard(client, user)
    assert response.status_code == 403
    assert "This dashboard is for students" in response.text
    has_link = 'href="/en/trainer/"' in response.text
    assert has_link == (role != "partner_editor")


def test_the_refusal_speaks_dutch_on_the_dutch_dashboard(client, partner_editor, home_page):
    response = get_dashboard(client, partner_editor, DASHBOARD_NL)
    with translation.override("nl"):
        sentence = gettext(
            "This dashboard is for students: it shows the progress of those who follow a module."
        )
    assert sentence in response.text


# ---------- Queries ----------


def add_modules(curriculum, student, count: int, *, results_per_module: int) -> None:
    """`count` more modules of three lessons, each with a cohort the student follows, a
    lesson completed and some results."""
    for number in range(count):
        module = make_module(curriculum.programme, code=f"ATMP-2{number:02}")
        lessons = [make_lesson(module, lesson) for lesson in range(1, 4)]
        enrol(student, make_cohort(module, name=f"Editie {number}"))
        progress.complete_lesson_if_due(student=student, lesson=lessons[0])
        for exercise in range(results_per_module):
            give_result(student, make_content(f"Oefening {number}.{exercise}"), "0.7")


def dashboard_queries(client, url=DASHBOARD_EN) -> int:
    """Queries of a warm request: the very first one creates the site settings, which starts
    a new generation of the site's cached chrome, so the second fills that cache."""
    for _warm_up in range(2):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_takes_the_same_few_queries_for_one_or_five_cohorts(
    client, curriculum, cohort, enrolled_student
):
    client.force_login(enrolled_student)
    progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons[0])
    give_result(enrolled_student, make_content(), "0.5")
    small = dashboard_queries(client)
    add_modules(curriculum, enrolled_student, 4, results_per_module=4)
    for lesson in curriculum.lessons:
        progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson)
    large = dashboard_queries(client)
    assert len(client.get(DASHBOARD_EN).context["progress"].cohorts) == 5
    assert small == large
    assert large <= 15
