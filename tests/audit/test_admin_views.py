from django.db import connection
from django.urls import reverse
from django.utils import translation

import pytest

from atmp_platform.audit.services import record_event

from ..factories import activate_totp, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return record_event(action="role.granted", object_repr="someone", reason="joined")


def test_programme_administrator_reads_the_trail(client, administrator, event):
    activate_totp(administrator)
    client.force_login(administrator)
    response = client.get(reverse("audit:index"))
    assert response.status_code == 200
    assert "role.granted" in response.content.decode()
    detail = client.get(reverse("audit:inspect", args=[event.pk]))
    assert detail.status_code == 200
    assert event.entry_hash in detail.content.decode()


def test_the_trail_offers_no_way_to_change_it(client, administrator, event):
    activate_totp(administrator)
    client.force_login(administrator)
    for url in (f"/admin/audit/edit/{event.pk}/", f"/admin/audit/delete/{event.pk}/"):
        assert client.get(url, follow=True).status_code == 404
        assert client.post(url, follow=True).status_code == 404
    assert client.get("/admin/audit/new/", follow=True).status_code == 404


def test_administrator_verifies_an_intact_trail_from_the_listing(client, administrator, event):
    activate_totp(administrator)
    client.force_login(administrator)
    listing = client.get(reverse("audit:index")).content.decode()
    assert reverse("audit:verify") in listing
    with translation.override("en"):
        page = client.get(reverse("audit:verify"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The audit trail is intact" in page
    assert "broken" not in page


def test_administrator_is_shown_the_first_broken_event(client, administrator, event):
    later = record_event(action="role.revoked", object_repr="someone", reason="left")
    # The ORM refuses to change an event; someone with database access does not.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'edited' WHERE id = %s", [event.pk])
    activate_totp(administrator)
    client.force_login(administrator)
    page = client.get(reverse("audit:verify")).content.decode()
    assert reverse("audit:inspect", args=[event.pk]) in page
    assert reverse("audit:inspect", args=[later.pk]) not in page


@pytest.mark.parametrize("role", [None, "Student", "Trainer", "Partner editor"])
def test_other_roles_cannot_read_the_trail(client, event, role):
    user = make_user(role)
    if role == "Trainer":
        activate_totp(user)
    client.force_login(user)
    for url in (reverse("audit:index"), reverse("audit:verify")):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "role.granted" not in response.content.decode()
        assert "intact" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, event):
    for url in (reverse("audit:index"), reverse("audit:verify")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
