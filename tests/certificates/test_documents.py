"""Completing a certificate: its PDF, signed credential, status, audit event and e-mail."""

from pathlib import Path

from django.core import mail
from django.core.files.storage import default_storage
from django.utils import translation

import pytest

from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import verify_chain
from certificates import credentials, documents, emails
from certificates.models import Certificate

from .document_helpers import BASE_URL, TEST_SEED, pending_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def certificate(student, competency, certificate_type):
    return pending_certificate(student, competency, certificate_type)


def test_completing_issues_the_certificate_with_its_pdf_and_a_credential_that_verifies(
    certificate,
):
    documents.complete_certificate(certificate_id=certificate.pk)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.rendered_at is not None
    assert certificate.pdf.name == f"certificates/{certificate.public_id}.pdf"
    assert Path(default_storage.path(certificate.pdf.name)).read_bytes().startswith(b"%PDF-")
    result = credentials.verify_credential(certificate.credential)
    assert result.ok, result.errors
    assert result.state == "valid"
    assert result.certificate == certificate


def test_completing_is_audited_in_the_chain(certificate):
    documents.complete_certificate(certificate_id=certificate.pk)

    event = AuditEvent.objects.get(action="certificate.completed")
    assert event.object_id == str(certificate.pk)
    assert event.old_value == {"status": "pending"}
    assert event.new_value["status"] == "issued"
    assert event.new_value["pdf"] == f"certificates/{certificate.public_id}.pdf"
    assert len(event.new_value["pdf_sha256"]) == 64
    assert event.new_value["credential"] == certificate.public_id.urn
    assert verify_chain() is None


def test_the_holder_gets_one_email_with_the_pdf_and_links_in_their_language(certificate):
    certificate.holder.preferred_language = "en"
    certificate.holder.save()

    documents.complete_certificate(certificate_id=certificate.pk)

    certificate.refresh_from_db()
    [message] = mail.outbox
    assert message.to == ["student@example.org"]
    with translation.override("en"):
        expected_subject = emails.SUBJECT_PREFIX + translation.gettext(
            "Your certificate: %(type)s"
        ) % {"type": "Test operator"}
    assert message.subject == expected_subject
    assert f"{BASE_URL}/en/certificates/" in message.body
    assert f"{BASE_URL}/en/verify/{certificate.public_id}/" in message.body
    html = message.alternatives[0][0]
    assert f'href="{BASE_URL}/en/certificates/"' in html
    [(name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    assert name.endswith(".pdf")
    assert content == Path(default_storage.path(certificate.pdf.name)).read_bytes()
    assert certificate.emailed_at is not None


def test_a_dutch_speaking_holder_gets_the_dutch_email(certificate):
    documents.complete_certificate(certificate_id=certificate.pk)

    [message] = mail.outbox
    with translation.override("nl"):
        expected_subject = emails.SUBJECT_PREFIX + translation.gettext(
            "Your certificate: %(type)s"
        ) % {"type": "Testoperator"}
    assert message.subject == expected_subject
    assert f"{BASE_URL}/nl/verify/{certificate.public_id}/" in message.body
    assert f"{BASE_URL}/nl/certificates/" in message.body


def test_a_certificate_revoked_before_its_documents_were_made_stays_revoked(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)

    documents.complete_certificate(certificate_id=certificate.pk)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert not certificate.pdf
    assert certificate.credential is None
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="certificate.completed").exists()


def test_a_certificate_whose_holder_was_erased_is_issued_without_an_email(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(holder=None)

    documents.complete_certificate(certificate_id=certificate.pk)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert mail.outbox == []
    assert certificate.emailed_at is None


def test_an_unknown_certificate_id_raises_and_changes_nothing(certificate):
    with pytest.raises(Certificate.DoesNotExist):
        documents.complete_certificate(certificate_id=certificate.pk + 1000)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert mail.outbox == []
