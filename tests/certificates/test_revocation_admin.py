"""The certificates list in the Wagtail admin and the revoke screen."""

import datetime

from django.utils import formats, timezone, translation

from wagtail.users.models import UserProfile

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates.models import Certificate, CertificateType

from ..factories import activate_totp, make_user
from .holder_helpers import make_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """PDFs go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


INDEX = "/admin/certificates/"
REASON = "The assessment it rests on was signed for the wrong student."


@pytest.fixture
def admin_client(client, administrator):
    """The administrator in the admin, reading it in English (their Wagtail profile)."""
    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = "en"
    profile.save(update_fields=["preferred_language"])
    activate_totp(administrator)
    client.force_login(administrator)
    return client


@pytest.fixture
def issued(student, certificate_type):
    return make_certificate(student, certificate_type)


def revoke_url(certificate) -> str:
    return f"/admin/certificates/revoke/{certificate.pk}/"


def listed(response) -> set[int]:
    return {certificate.pk for certificate in response.context["object_list"]}


def test_the_list_shows_every_certificate_with_its_holder_and_status(
    admin_client, issued, other_holder, certificate_type
):
    revoked = make_certificate(other_holder, certificate_type, status="revoked")
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    assert listed(response) == {issued.pk, revoked.pk}
    assert "Sam Student" in response.text
    assert "Revoked" in response.text
    assert revoke_url(issued) in response.text
    assert revoke_url(revoked) not in response.text


@pytest.fixture
def other_holder(db):
    return make_user("Student", email="olga@example.org", full_name="Olga Other")


def test_the_list_filters_by_type_status_and_expiry(
    admin_client, student, other_holder, certificate_type
):
    other_type = CertificateType.objects.create(
        code="qc",
        name_en="QC analyst",
        name_nl="QC-analist",
        statement_en="Attests knowledge.",
        statement_nl="Bevestigt kennis.",
        validity_months=12,
    )
    soon = timezone.localdate() + datetime.timedelta(days=10)
    expiring = make_certificate(student, certificate_type, valid_until=soon)
    later = make_certificate(other_holder, other_type)
    revoked = make_certificate(other_holder, certificate_type, status="revoked")
    assert listed(admin_client.get(INDEX, {"certificate_type": other_type.pk})) == {later.pk}
    assert listed(admin_client.get(INDEX, {"status": "revoked"})) == {revoked.pk}
    assert listed(admin_client.get(INDEX, {"expiring": "true"})) == {expiring.pk}
    assert listed(admin_client.get(INDEX, {"expiring": "false"})) == {later.pk, revoked.pk}


def test_the_revoke_screen_asks_for_a_reason_and_confirmation(admin_client, issued):
    response = admin_client.get(revoke_url(issued))
    assert response.status_code == 200
    assert 'name="reason"' in response.text
    assert 'name="confirm"' in response.text
    assert "Revoke this certificate" in response.text


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "", "confirm": "on"},
        {"reason": "   ", "confirm": "on"},
        {"reason": REASON},
    ],
)
def test_without_a_reason_or_confirmation_nothing_is_revoked(admin_client, issued, data):
    response = admin_client.post(revoke_url(issued), data)
    assert response.status_code == 200
    assert "This field is required." in response.text
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.ISSUED
    assert not AuditEvent.objects.filter(action="certificate.revoked").exists()


def test_revoking_shows_the_result(admin_client, administrator, issued):
    response = admin_client.post(revoke_url(issued), {"reason": REASON, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == revoke_url(issued)
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.REVOKED
    assert issued.revoked_by == administrator
    assert issued.revocation_reason == REASON
    result = admin_client.get(revoke_url(issued))
    assert "The certificate of Sam Student is revoked." in result.text
    assert "by admin@example.org" in result.text
    assert REASON in result.text
    assert 'name="reason"' not in result.text


def test_a_second_revocation_is_refused_with_the_reason(admin_client, issued):
    admin_client.post(revoke_url(issued), {"reason": REASON, "confirm": "on"})
    response = admin_client.post(revoke_url(issued), {"reason": "Again.", "confirm": "on"})
    issued.refresh_from_db()
    assert issued.revocation_reason == REASON
    assert AuditEvent.objects.filter(action="certificate.revoked").count() == 1
    assert response.status_code in (200, 302)


def test_a_pending_certificate_offers_no_revocation(admin_client, student, certificate_type):
    pending = make_certificate(student, certificate_type, status="pending")
    response = admin_client.get(revoke_url(pending))
    assert "still being issued" in response.text
    assert 'name="reason"' not in response.text
    response = admin_client.post(revoke_url(pending), {"reason": REASON, "confirm": "on"})
    assert "still being issued" in response.text
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.PENDING


def test_the_inspect_view_offers_revocation(admin_client, issued):
    response = admin_client.get(f"/admin/certificates/inspect/{issued.pk}/")
    assert response.status_code == 200
    assert revoke_url(issued) in response.text
    assert str(issued.public_id) in response.text


def test_an_unknown_certificate_is_not_found(admin_client, levels):
    response = admin_client.get("/admin/certificates/revoke/999999/", follow=True)
    assert response.status_code == 404


def test_a_trainer_in_the_admin_cannot_revoke(client, trainer, issued):
    activate_totp(trainer)
    client.force_login(trainer)
    response = client.post(revoke_url(issued), {"reason": REASON, "confirm": "on"})
    assert response.status_code in (302, 403)
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.ISSUED


def test_the_list_writes_out_the_days_of_issue_and_expiry(admin_client, issued):
    issued.valid_until = timezone.localdate() + datetime.timedelta(days=400)
    issued.save(update_fields=["valid_until"])
    text = admin_client.get(INDEX).text
    with translation.override("en"):
        assert formats.date_format(issued.issued_on) in text
        assert formats.date_format(issued.valid_until) in text
    assert "Just now" not in text
    assert "hours ago" not in text


def test_the_inspect_view_shows_a_dash_for_what_has_not_happened(admin_client, issued):
    response = admin_client.get(f"/admin/certificates/inspect/{issued.pk}/")
    with translation.override("en"):
        fields = {str(field["label"]): field["value"] for field in response.context["fields"]}
    assert fields["Revoked at"] == "–"
    assert fields["Revoked by"] == "–"
    assert ">None<" not in response.text.replace(" ", "").replace("\n", "")
