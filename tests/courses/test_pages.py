"""Programme, module and lesson pages: rendering, the lesson access matrix and query counts."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import pytest

from atmp_platform.accounts import roles
from courses.models import Enrolment, LessonCompletion, LessonPage, ModulePage
from tests.factories import make_user

from .conftest import enrol, make_cohort, make_lesson, make_module, translate

Status = Enrolment.Status


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def test_the_english_module_keeps_its_outcomes_and_lessons(curriculum):
    module_en = curriculum.module_en
    assert module_en.translation_key == curriculum.module.translation_key
    assert [outcome.code for outcome in module_en.learning_outcomes.all()] == ["LO1", "LO2"]
    assert [lesson.title for lesson in module_en.get_children().specific()] == [
        "Gowning rules",
        "Hand washing",
        "Material transfer",
    ]
    assert isinstance(module_en, ModulePage)


def test_the_programme_lists_its_modules_as_cards_in_tree_order(client, programme, module):
    second = make_module(
        programme, code="ATMP-201", title="CAR-T-productie", summary="Van aferese."
    )
    response = client.get(programme.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Analisten en operatoren." in html
    assert "Een bachelordiploma in de life sciences." in html
    assert "Vier modules van elk 5 ECTS." in html
    assert html.index("ATMP-102") < html.index("ATMP-201")
    assert second.url in html
    assert "Van aferese." in html
    assert nl("Introductory") in html
    assert [page.pk for page in response.context["modules"]] == [module.pk, second.pk]


def test_the_module_page_shows_outcomes_trainers_prerequisites_and_a_syllabus(
    client, programme, module, lessons, trainer
):
    basics = make_module(programme, code="ATMP-101", title="GMP voor ATMP's")
    module.trainers.add(trainer)
    module.prerequisites.add(basics)
    module.save_revision().publish()
    response = client.get(module.url)
    html = response.content.decode()
    assert "Je kleedt je correct om voor graad B." in html
    assert "Tess Trainer" in html
    assert f'href="{basics.url}"' in html
    for lesson in lessons:
        assert lesson.title in html
        assert f'href="{lesson.url}"' not in html


def test_the_english_module_links_the_english_prerequisite(client, curriculum, programme):
    basics = make_module(programme, code="ATMP-101", title="GMP voor ATMP's")
    basics_en = translate(basics, title="GMP for ATMPs", slug="gmp")
    module_en = curriculum.module_en
    # A translated page keeps the prerequisites chosen on the Dutch page.
    module_en.prerequisites.add(basics)
    module_en.save_revision().publish()
    html = client.get(module_en.url).content.decode()
    assert f'href="{basics_en.url}"' in html
    assert "GMP for ATMPs" in html


def test_an_enrolled_student_sees_lesson_links_and_what_is_completed(
    client, module, lessons, enrolled_student
):
    LessonCompletion.objects.create(
        student=enrolled_student,
        lesson_key=lessons[0].translation_key,
        module_key=module.translation_key,
        lesson=lessons[0],
        rule="viewed",
        completed_at=datetime.datetime.now(tz=datetime.UTC),
    )
    client.force_login(enrolled_student)
    response = client.get(module.url)
    html = response.content.decode()
    for lesson in lessons:
        assert f'href="{lesson.url}"' in html
    assert response.context["completed_keys"] == {lessons[0].translation_key}
    assert "syllabus__item--done" in html
    assert reverse("learn:withdraw", args=[enrolled_student.enrolments.get().pk]) in html


def test_an_anonymous_visitor_is_asked_to_log_in_to_enrol(client, module, cohort):
    html = client.get(module.url).content.decode()
    assert f"{reverse('account_login')}?next={module.url}" in html
    assert reverse("learn:enrol", args=[cohort.pk]) not in html


def test_a_student_gets_an_enrol_button_with_the_places_left(client, module, cohort, other_student):
    enrol(other_student, cohort)
    student = make_user(roles.STUDENT)
    client.force_login(student)
    response = client.get(module.url)
    html = response.content.decode()
    assert reverse("learn:enrol", args=[cohort.pk]) in html
    (card,) = response.context["cohort_cards"]
    assert (card.action, card.places_left) == ("enrol", 9)
    assert "9" in html


def test_a_full_open_cohort_offers_the_waiting_list(client, module, cohort, other_student):
    cohort.capacity = 1
    cohort.save()
    enrol(other_student, cohort)
    client.force_login(make_user(roles.STUDENT))
    response = client.get(module.url)
    assert response.context["cohort_cards"][0].action == "waitlist"
    assert nl("Join the waiting list") in response.content.decode()


def test_a_cohort_by_application_offers_the_application_form(client, module, application_cohort):
    client.force_login(make_user(roles.STUDENT))
    html = client.get(module.url).content.decode()
    assert reverse("learn:apply", args=[application_cohort.pk]) in html


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.WAITLISTED, "waitlisted"),
        (Status.APPLIED, "applied"),
        (Status.REFUSED, "refused"),
        (Status.COMPLETED, "completed"),
    ],
)
def test_the_student_sees_the_state_of_their_enrolment(
    client, module, cohort, student, status, action
):
    enrolment = enrol(student, cohort, status=status)
    client.force_login(student)
    response = client.get(module.url)
    (card,) = response.context["cohort_cards"]
    assert card.action == action
    withdraw_url = reverse("learn:withdraw", args=[enrolment.pk])
    assert (withdraw_url in response.content.decode()) == (action in ("waitlisted", "applied"))


def test_a_student_keeps_seeing_a_closed_cohort_they_are_in(client, module, cohort, student):
    enrol(student, cohort)
    cohort.enrolment_open = False
    cohort.save()
    client.force_login(student)
    assert client.get(module.url).context["cohort_cards"][0].action == "enrolled"
    client.force_login(make_user(roles.STUDENT))
    assert client.get(module.url).context["cohort_cards"] == []


def test_finished_cohorts_are_not_offered(client, module, lessons):
    make_cohort(module, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 6, 1))
    assert client.get(module.url).context["cohort_cards"] == []


def test_a_trainer_is_told_only_students_enrol(client, module, cohort, other_trainer):
    client.force_login(other_trainer)
    response = client.get(module.url)
    assert response.context["cohort_cards"][0].action == ""
    assert nl("Only students can enrol.") in response.content.decode()


def test_the_english_module_page_offers_the_same_cohorts(client, curriculum, cohort, student):
    enrol(student, cohort)
    client.force_login(student)
    with translation.override("en"):
        response = client.get(curriculum.module_en.url)
    assert response.status_code == 200
    assert response.context["cohort_cards"][0].cohort == cohort
    assert response.context["may_open_lessons"]
    for lesson in curriculum.lessons_en:
        assert f'href="{lesson.url}"' in response.content.decode()


# The lesson access matrix.


def test_an_anonymous_visitor_is_sent_to_log_in(client, lessons):
    response = client.get(lessons[0].url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert lessons[0].url in response.url


def test_an_enrolled_student_opens_a_lesson_and_completes_it(client, lessons, enrolled_student):
    client.force_login(enrolled_student)
    response = client.get(lessons[1].url)
    assert response.status_code == 200
    assert "Lestekst 2" in response.content.decode()
    completion = LessonCompletion.objects.get(student=enrolled_student)
    assert completion.lesson_key == lessons[1].translation_key
    assert response.context["completion"] == completion
    assert nl("Completed") in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_a_student_enrolled_through_the_dutch_module_opens_the_english_lesson(
    client, curriculum, enrolled_student
):
    client.force_login(enrolled_student)
    with translation.override("en"):
        response = client.get(curriculum.lessons_en[0].url)
    assert response.status_code == 200
    assert LessonCompletion.objects.get().lesson_key == curriculum.lessons[0].translation_key


@pytest.mark.parametrize(
    "status", [Status.APPLIED, Status.WAITLISTED, Status.REFUSED, Status.WITHDRAWN]
)
def test_a_student_without_an_active_enrolment_is_refused(
    client, module, lessons, cohort, student, status
):
    enrol(student, cohort, status=status)
    client.force_login(student)
    response = client.get(lessons[0].url)
    assert response.status_code == 403
    assert f'href="{module.url}"' in response.content.decode()
    assert not LessonCompletion.objects.exists()


def test_a_student_enrolled_in_another_module_is_refused(client, programme, lessons, student):
    other = make_module(programme, code="ATMP-301")
    make_lesson(other, 1)
    enrol(student, make_cohort(other))
    client.force_login(student)
    assert client.get(lessons[0].url).status_code == 403


@pytest.mark.parametrize("who", ["trainer", "administrator", "module_trainer"])
def test_trainers_and_administrators_preview_without_progress(
    client, lessons, cohort, module, who, request
):
    if who == "module_trainer":
        user = make_user(roles.TRAINER)
        module.trainers.add(user)
        module.save_revision().publish()
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(lessons[0].url)
    assert response.status_code == 200
    assert response.context["preview"] is True
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize("who", ["other_trainer", "partner_editor", "other_student"])
def test_others_get_a_403_that_points_to_the_module(client, lessons, cohort, module, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(lessons[0].url)
    assert response.status_code == 403
    assert f'href="{module.url}"' in response.content.decode()


def test_a_lesson_links_its_neighbours_and_its_module(client, module, lessons, enrolled_student):
    client.force_login(enrolled_student)
    response = client.get(lessons[1].url)
    assert response.context["previous_lesson"] == lessons[0]
    assert response.context["next_lesson"] == lessons[2]
    html = response.content.decode()
    assert f'href="{lessons[0].url}"' in html
    assert f'href="{lessons[2].url}"' in html
    assert f'href="{module.url}"' in html
    first = client.get(lessons[0].url).context
    assert first["previous_lesson"] is None
    assert first["next_lesson"] == lessons[1]


def test_an_unpublished_lesson_is_skipped_by_the_neighbour_links(client, lessons, enrolled_student):
    lessons[1].unpublish()
    client.force_login(enrolled_student)
    assert client.get(lessons[0].url).context["next_lesson"] == lessons[2]


def test_lessons_stay_out_of_search_and_sitemap(wagtail_index_tasks, client, module, lessons):
    with translation.override("nl"):
        search = client.get(reverse("search"), {"q": "Handen wassen"})
    found = [page.specific_class for page in search.context["results_page"]]
    assert LessonPage not in found
    with translation.override("nl"):
        search = client.get(reverse("search"), {"q": "Cleanroomgedrag"})
    assert [page.pk for page in search.context["results_page"]] == [module.pk]
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert module.full_url in sitemap
    for lesson in lessons:
        assert lesson.full_url not in sitemap


# Query counts: constant whatever the number of cohorts, lessons and enrolments.


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(module, trainer, student, extra: int) -> None:
    for number in range(extra):
        cohort = make_cohort(module, trainers=[trainer], name=f"Editie {number}")
        enrol(make_user(roles.STUDENT), cohort)
        enrol(student, cohort, status=Status.WAITLISTED)
        make_lesson(module, 10 + number)


def test_the_module_page_costs_the_same_queries_at_any_size(
    client, module, cohort, trainer, enrolled_student
):
    client.force_login(enrolled_student)
    client.get(module.url)
    small = count_queries(client, module.url)
    grow(module, trainer, enrolled_student, 6)
    module.refresh_from_db()
    assert count_queries(client, module.url) == small
    assert small <= 25


def test_the_lesson_page_costs_the_same_queries_at_any_size(
    client, module, lessons, cohort, trainer, enrolled_student
):
    client.force_login(enrolled_student)
    client.get(lessons[1].url)
    small = count_queries(client, lessons[1].url)
    grow(module, trainer, enrolled_student, 6)
    assert count_queries(client, lessons[1].url) == small
    assert small <= 25
