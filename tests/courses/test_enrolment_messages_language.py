"""Enrolment messages name the module in the language of the pages: on the English site the
English title, not the Dutch one the cohort hangs under."""

from django.contrib.messages import get_messages
from django.utils import translation

from .conftest import enrol


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_enrolling_on_the_english_site_names_the_english_module(
    client, student, cohort, module, module_en
):
    client.force_login(student)
    response = client.post(f"/en/learn/cohorts/{cohort.pk}/enrol/")
    with translation.override("en"):
        expected = translation.gettext("You are enrolled in %(cohort)s.") % {
            "cohort": f"{module_en.title} · {cohort.name}"
        }
    assert texts(response) == [expected]


def test_withdrawing_on_the_english_site_names_the_english_module(
    client, student, cohort, module, module_en
):
    enrolment = enrol(student, cohort)
    client.force_login(student)
    response = client.post(f"/en/learn/enrolments/{enrolment.pk}/withdraw/")
    (message,) = texts(response)
    assert module_en.title in message
    assert module.title not in message


def test_enrolling_on_the_dutch_site_names_the_dutch_module(client, student, cohort, module_en):
    client.force_login(student)
    response = client.post(f"/nl/learn/cohorts/{cohort.pk}/enrol/")
    (message,) = texts(response)
    assert f"{cohort.module.title} · {cohort.name}" in message
    assert module_en.title not in message
