from django.urls import reverse

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


@pytest.mark.parametrize("role", [None, "Student", "Trainer", "Partner editor"])
def test_other_roles_cannot_read_the_trail(client, event, role):
    user = make_user(role)
    if role == "Trainer":
        activate_totp(user)
    client.force_login(user)
    response = client.get(reverse("audit:index"))
    assert response.status_code in (302, 403)
    assert "role.granted" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, event):
    response = client.get(reverse("audit:index"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
