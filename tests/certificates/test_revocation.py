"""Revoking a certificate: programme administrators only, with a reason, once; audited, the
status list invalidated and the holder told in their language."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates import status_list
from certificates.issuing import issue_certificate
from certificates.models import Certificate
from certificates.revocation import revoke_certificate

from ..factories import make_user
from .holder_helpers import make_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """PDFs go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


REASON = "The assessment it rests on was signed for the wrong student."


@pytest.fixture
def certificate(student, certificate_type):
    return make_certificate(student, certificate_type)


def revoked_events():
    return AuditEvent.objects.filter(action="certificate.revoked")


def test_an_administrator_revokes_with_a_reason(
    certificate, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=certificate, actor=administrator, reason=f"  {REASON} ")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == administrator
    assert certificate.revocation_reason == REASON
    assert certificate.revoked_at is not None
    event = revoked_events().get()
    assert event.actor == administrator
    assert event.old_value == {"status": "issued"}
    assert event.new_value == {"status": "revoked"}
    assert event.reason == REASON
    assert event.object_id == str(certificate.pk)


def test_the_object_passed_in_reads_revoked_afterwards(certificate, administrator):
    revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.state_on(certificate.issued_on) == Certificate.Status.REVOKED


def test_an_expired_certificate_can_still_be_revoked(student, certificate_type, administrator):
    expired = make_certificate(student, certificate_type, status=Certificate.Status.EXPIRED)
    revoke_certificate(certificate=expired, actor=administrator, reason=REASON)
    expired.refresh_from_db()
    assert expired.status == Certificate.Status.REVOKED
    assert revoked_events().get().old_value == {"status": "expired"}


def test_a_superuser_may_revoke(certificate):
    superuser = make_user(email="root@example.org", is_superuser=True, is_staff=True)
    revoke_certificate(certificate=certificate, actor=superuser, reason=REASON)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(certificate, administrator, reason):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        revoke_certificate(certificate=certificate, actor=administrator, reason=reason)
    assert "Give the reason" in error.value.messages[0]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert not revoked_events().exists()


def test_revoking_twice_is_refused_and_changes_nothing(certificate, administrator):
    revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    other = make_user("Programme administrator", email="second@example.org")
    stale = Certificate.objects.get(pk=certificate.pk)
    stale.status = Certificate.Status.ISSUED  # as read before the first revocation
    with pytest.raises(ValidationError) as error, translation.override("en"):
        revoke_certificate(certificate=stale, actor=other, reason="Another reason.")
    assert "already been revoked" in error.value.messages[0]
    certificate.refresh_from_db()
    assert certificate.revoked_by == administrator
    assert certificate.revocation_reason == REASON
    assert revoked_events().count() == 1


@pytest.mark.parametrize("role", ["Student", "Trainer", "Partner editor", None])
def test_only_programme_administrators_may_revoke(certificate, role):
    actor = make_user(role, email=f"not-admin-{role}@example.org".replace(" ", "-"))
    with pytest.raises(PermissionDenied):
        revoke_certificate(certificate=certificate, actor=actor, reason=REASON)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.revoked_at is None
    assert not revoked_events().exists()


def test_the_holder_cannot_revoke_their_own_certificate(certificate, student):
    with pytest.raises(PermissionDenied):
        revoke_certificate(certificate=certificate, actor=student, reason=REASON)


def test_a_certificate_still_being_issued_cannot_be_revoked(
    student, certificate_type, administrator
):
    pending = make_certificate(student, certificate_type, status=Certificate.Status.PENDING)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        revoke_certificate(certificate=pending, actor=administrator, reason=REASON)
    assert "still being issued" in error.value.messages[0]
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.PENDING


def test_the_published_status_list_says_revoked_after_commit(
    certificate, administrator, django_capture_on_commit_callbacks
):
    index = certificate.status_list_index
    assert not status_list.is_revoked(index)  # the list is built and cached now
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    assert not status_list.is_revoked(index)
    for callback in callbacks:
        callback()
    assert status_list.is_revoked(index)


def test_the_holder_is_emailed_in_their_language_after_commit(
    certificate, administrator, student, django_capture_on_commit_callbacks
):
    student.preferred_language = "nl"
    student.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    message = mail.outbox[0]
    assert message.to == [student.email]
    with translation.override("nl"):
        subject = gettext("Your certificate %(name)s has been revoked") % {"name": "Testoperator"}
    assert message.subject == "[ATMP XB] " + subject
    assert REASON in message.body
    assert "/nl/certificates/" in message.body
    assert REASON in message.alternatives[0][0]


def test_no_email_when_the_holders_account_is_gone(
    certificate, administrator, django_capture_on_commit_callbacks
):
    Certificate.objects.filter(pk=certificate.pk).update(holder=None)
    certificate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    assert mail.outbox == []
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_a_failing_mail_server_does_not_undo_the_revocation(
    certificate, administrator, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert "was not sent" in caplog.text


def test_a_revoked_certificate_closes_its_cycle(
    student, certificate_type, administrator, competency
):
    certificate = make_certificate(student, certificate_type)
    revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    assert issue_certificate(holder=student, certificate_type=certificate_type) == certificate
    assert Certificate.objects.count() == 1


def test_the_verify_page_says_revoked_once_revoked(client, certificate, administrator):
    url = f"/en/verify/{certificate.public_id}/"
    assert "This certificate is valid." in client.get(url).text
    revoke_certificate(certificate=certificate, actor=administrator, reason=REASON)
    text = client.get(url).text
    assert "This certificate has been revoked." in text
    assert "This certificate is valid." not in text
    assert REASON not in text
