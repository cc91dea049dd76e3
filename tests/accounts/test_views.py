import json

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from allauth.account.models import EmailAddress

from atmp_platform.accounts.forms import confirmation_word
from atmp_platform.accounts.models import User
from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import verify_chain
from tests.factories import DEFAULT_PASSWORD, make_user

PROFILE_URL = "/en/me/"


def test_the_profile_needs_a_login(client, db):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_profile_shows_the_persons_details_roles_and_account_links(client, student):
    client.force_login(student)

    html = client.get(PROFILE_URL).content.decode()

    assert student.email in html
    assert 'value="Sam Student"' in html
    assert "Student" in html
    for url in ("/en/accounts/email/", "/en/accounts/password/change/", "/en/accounts/2fa/"):
        assert f'href="{url}"' in html


def test_editing_the_profile_saves_it_and_audits_the_change(client, student):
    client.force_login(student)

    response = client.post(
        PROFILE_URL,
        {"full_name": "Samira Student", "organisation": "KdG", "preferred_language": "nl"},
    )

    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.full_name, student.organisation) == ("Samira Student", "KdG")
    event = AuditEvent.objects.get(action="account.profile_updated")
    assert event.old_value == {"full_name": "Sam Student", "organisation": "ATMP XB"}


def test_changing_the_language_moves_the_profile_to_that_language(client, student):
    client.force_login(student)

    response = client.post(
        "/nl/me/",
        {"full_name": student.full_name, "organisation": "", "preferred_language": "en"},
    )

    assert response["Location"] == "/en/me/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_profile_with_bad_input_shows_errors_and_changes_nothing(client, student):
    client.force_login(student)

    response = client.post(
        PROFILE_URL, {"full_name": "  ", "organisation": "x" * 201, "preferred_language": "fr"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "full_name",
        "organisation",
        "preferred_language",
    }
    assert 'aria-invalid="true"' in response.content.decode()
    student.refresh_from_db()
    assert student.full_name == "Sam Student"
    assert not AuditEvent.objects.filter(action="account.profile_updated").exists()


def test_the_data_export_is_a_json_attachment_of_the_persons_own_data(client, student, trainer):
    client.force_login(student)

    response = client.post("/en/me/data/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == student.email
    assert data["roles"] == ["Student"]
    assert trainer.email not in response.content.decode()


def test_the_data_export_refuses_get_and_anonymous_visitors(client, student):
    assert client.post("/en/me/data/").status_code == 302
    client.force_login(student)
    assert client.get("/en/me/data/").status_code == 405
    assert not AuditEvent.objects.filter(action="account.data_exported").exists()


def test_deleting_with_a_wrong_password_changes_nothing(client, student):
    client.force_login(student)

    response = client.post(
        "/en/me/delete/", {"password": "not my password", "confirmation": "DELETE"}
    )

    assert response.status_code == 400
    assert "That password is not correct." in response.content.decode()
    student.refresh_from_db()
    assert student.is_active and student.email == "student@example.org"
    assert not AuditEvent.objects.filter(action="account.deleted").exists()


def test_deleting_without_the_typed_confirmation_changes_nothing(client, student):
    client.force_login(student)

    response = client.post("/en/me/delete/", {"password": DEFAULT_PASSWORD, "confirmation": "ok"})

    assert response.status_code == 400
    assert "confirmation" in response.context["form"].errors
    assert User.objects.filter(email="student@example.org", is_active=True).exists()


def test_deleting_the_account_erases_it_logs_out_and_keeps_the_audit_trail(client, student):
    client.force_login(student)
    client.post(
        PROFILE_URL, {"full_name": "Sam S.", "organisation": "", "preferred_language": "nl"}
    )
    events_before = list(AuditEvent.objects.order_by("id").values_list("id", "entry_hash"))

    response = client.post(
        "/en/me/delete/", {"password": DEFAULT_PASSWORD, "confirmation": "DELETE"}
    )

    assert response.status_code == 302
    assert client.get(PROFILE_URL).status_code == 302
    tombstone = User.objects.get(pk=student.pk)
    assert tombstone.email == f"deleted-{student.pk}@deleted.invalid"
    assert (tombstone.full_name, tombstone.is_active) == ("", False)
    assert not tombstone.has_usable_password()
    assert not tombstone.groups.exists()
    assert not EmailAddress.objects.filter(user=tombstone).exists()
    kept = AuditEvent.objects.filter(id__in=[pk for pk, _hash in events_before])
    assert list(kept.order_by("id").values_list("id", "entry_hash")) == events_before
    assert AuditEvent.objects.filter(action="account.deleted", actor_id=student.pk).exists()
    assert verify_chain() is None
    login = client.post(
        "/en/accounts/login/", {"login": "student@example.org", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 200
    assert client.get(PROFILE_URL).status_code == 302


def test_a_superuser_cannot_delete_their_own_account(client, db):
    root = make_user(email="root@example.org", is_superuser=True, is_staff=True)
    client.force_login(root)

    response = client.post(
        "/en/me/delete/", {"password": DEFAULT_PASSWORD, "confirmation": "DELETE"}
    )

    assert response.status_code == 400
    assert "remove your administrator rights first" in response.content.decode()
    root.refresh_from_db()
    assert root.is_active and root.email == "root@example.org"


def test_the_dutch_confirmation_word_is_accepted_on_the_dutch_page(client, student):
    client.force_login(student)
    with translation.override("nl"):
        word = confirmation_word()

    response = client.post("/nl/me/delete/", {"password": DEFAULT_PASSWORD, "confirmation": word})

    assert response.status_code == 302
    assert not User.objects.get(pk=student.pk).is_active


def test_an_empty_delete_submission_is_refused_with_errors(client, student):
    client.force_login(student)

    response = client.post("/en/me/delete/", {})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"password", "confirmation"}
    assert User.objects.get(pk=student.pk).is_active


def test_the_profile_lists_roles_but_not_the_groups_behind_them(client, student):
    student.groups.add(Group.objects.create(name="Partner editors: Sure Laboratories"))
    client.force_login(student)

    html = client.get("/en/me/").content.decode()

    assert "Student" in html
    assert "Partner editors: Sure Laboratories" not in html
