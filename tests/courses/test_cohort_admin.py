"""The cohort admin: programme administrators manage cohorts and read enrolments."""

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

import pytest

from courses.models import Cohort, Enrolment
from tests.factories import activate_totp

from .conftest import enrol


@pytest.fixture
def admin_client(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    return client


def form_data(module, trainer, **changes) -> dict:
    data = {
        "module": module.pk,
        "name": "Najaar 2027",
        "starts_on": "2027-09-01",
        "ends_on": "2027-12-15",
        "capacity": "12",
        "enrolment_mode": "open",
        "enrolment_open": "on",
        "trainers": [trainer.pk],
    }
    return {**data, **changes}


def admin_text(message: str, **values) -> str:
    with translation.override("nl"):
        return gettext(message) % values if values else gettext(message)


def test_the_list_shows_places_taken_and_links_the_enrolments(admin_client, cohort, student):
    enrol(student, cohort)
    response = admin_client.get("/admin/cohorts/")
    html = response.content.decode()
    assert response.status_code == 200
    assert cohort.name in html
    assert "1 / 10" in html
    assert f"/admin/enrolments/?cohort={cohort.pk}" in html


def test_an_administrator_creates_a_cohort(admin_client, module, trainer):
    response = admin_client.post("/admin/cohorts/new/", form_data(module, trainer))
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Najaar 2027")
    assert (cohort.module_id, cohort.capacity) == (module.pk, 12)
    assert list(cohort.trainers.all()) == [trainer]


def test_a_cohort_cannot_end_before_it_starts(admin_client, module, trainer):
    data = form_data(module, trainer, ends_on="2027-08-01")
    response = admin_client.post("/admin/cohorts/new/", data)
    assert response.status_code == 200
    assert admin_text("A cohort cannot end before it starts.") in response.content.decode()
    assert not Cohort.objects.filter(name="Najaar 2027").exists()


def test_the_capacity_cannot_drop_below_the_places_taken(
    admin_client, cohort, module, trainer, student, other_student
):
    enrol(student, cohort)
    enrol(other_student, cohort)
    data = form_data(module, trainer, name=cohort.name, capacity="1")
    response = admin_client.post(f"/admin/cohorts/edit/{cohort.pk}/", data)
    assert response.status_code == 200
    expected = admin_text(
        "%(taken)d students already have a place: the capacity cannot be lower.", taken=2
    )
    assert expected in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 10


def test_only_modules_in_the_default_language_can_be_chosen(admin_client, curriculum, trainer):
    response = admin_client.get("/admin/cohorts/new/")
    choices = [page.pk for page in response.context["form"].fields["module"].queryset]
    assert choices == [curriculum.module.pk]
    data = form_data(curriculum.module_en, trainer)
    assert admin_client.post("/admin/cohorts/new/", data).status_code == 200
    assert not Cohort.objects.filter(name="Najaar 2027").exists()


def test_only_trainers_can_be_chosen_as_trainers(admin_client, module, student):
    data = form_data(module, student)
    assert admin_client.post("/admin/cohorts/new/", data).status_code == 200
    assert not Cohort.objects.filter(name="Najaar 2027").exists()


def test_a_cohort_with_enrolments_is_not_deleted(admin_client, cohort, student):
    enrol(student, cohort, status=Enrolment.Status.WITHDRAWN)
    response = admin_client.post(f"/admin/cohorts/delete/{cohort.pk}/")
    assert response.status_code == 302
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_an_empty_cohort_is_deleted(admin_client, cohort):
    admin_client.post(f"/admin/cohorts/delete/{cohort.pk}/")
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


def test_enrolments_are_listed_per_cohort_and_read_only(
    admin_client, cohort, application_cohort, student, other_student
):
    enrolment = enrol(student, cohort)
    enrol(other_student, application_cohort, status=Enrolment.Status.APPLIED, motivation="QC")
    response = admin_client.get(f"/admin/enrolments/?cohort={cohort.pk}")
    html = response.content.decode()
    assert student.full_name in html
    assert other_student.full_name not in html
    inspect = admin_client.get(f"/admin/enrolments/inspect/{enrolment.pk}/")
    assert inspect.status_code == 200
    with pytest.raises(NoReverseMatch):
        reverse("enrolments:edit", args=[enrolment.pk])


def test_a_trainer_cannot_manage_cohorts(client, trainer, cohort, module):
    activate_totp(trainer)
    client.force_login(trainer)
    assert client.get("/admin/cohorts/").status_code == 302
    response = client.post(f"/admin/cohorts/edit/{cohort.pk}/", form_data(module, trainer))
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "Najaar 2026"


def test_raising_the_capacity_of_an_open_cohort_admits_the_waiting_list(
    admin_client, cohort, module, trainer, student, other_student
):
    cohort.capacity = 1
    cohort.save()
    enrol(student, cohort)
    waiting = enrol(other_student, cohort, status=Enrolment.Status.WAITLISTED)
    data = form_data(module, trainer, name=cohort.name, capacity="2")
    assert admin_client.post(f"/admin/cohorts/edit/{cohort.pk}/", data).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED
