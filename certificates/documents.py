"""Completing a certificate after issue: PDF, signed credential, status and e-mail, once.

`issuing.issue_certificate` creates a `pending` certificate and enqueues the task after commit;
the task (acks late, re-delivered when its worker dies) calls `complete_certificate`, which
may therefore run more than once, or twice at the same time, for one certificate. Each step is
guarded so that, however often it runs, there is one PDF file, one credential, one
"certificate.completed" event and one e-mail:

1. Under a row lock, a pending certificate gets its PDF (written to a fixed temporary name,
   then moved over its final name, so that a crashed attempt leaves nothing a retry does not
   overwrite), its signed credential and status `issued`, in one transaction. A crash before
   commit leaves it pending: the retry starts over.
2. After that commit, under the row lock again, the holder is e-mailed if `emailed_at` is
   empty, and `emailed_at` is set in the same transaction. A failed send leaves it empty for
   the retry. Only a worker that dies between the mail server accepting the message and the
   commit (milliseconds) can cause a second message; no order of the two steps avoids both a
   lost and a doubled message without the mail server's help.
"""

import hashlib
import os
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from atmp_platform.audit.services import record_event

from . import credentials, emails, pdf
from .models import Certificate

PDF_FOLDER = "certificates"


def pdf_name(certificate: Certificate) -> str:
    """The PDF's storage name: one per certificate, the same on every attempt."""
    return f"{PDF_FOLDER}/{certificate.public_id}.pdf"


def _partial_path(final: Path) -> Path:
    # Fixed, not random: a worker killed mid-write leaves a file the next attempt overwrites.
    return final.with_name(f".{final.name}.part")


def write_pdf(certificate: Certificate, content: bytes) -> str:
    """Write the PDF under its fixed name atomically; return that name.

    Overwrites what an earlier, crashed attempt left. The caller holds the row lock, so no
    two writers share the temporary file.
    """
    name = pdf_name(certificate)
    final = Path(default_storage.path(name))
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial_path(final)
    try:
        with open(partial, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return name


def _locked(certificate_id: int) -> Certificate:
    """The certificate, its row locked until the transaction ends. Raises DoesNotExist."""
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("certificate_type", "holder")
        .get(pk=certificate_id)
    )


@transaction.atomic
def issue_documents(*, certificate_id: int) -> bool:
    """Render, sign and mark issued a pending certificate; False if it was not pending
    (already issued by an earlier attempt, or revoked before its documents were made)."""
    certificate = _locked(certificate_id)
    if certificate.status != Certificate.Status.PENDING:
        return False
    content = pdf.render_certificate_pdf(certificate)
    credential = credentials.signed_credential_for(certificate)
    certificate.pdf.name = write_pdf(certificate, content)
    certificate.credential = credential
    certificate.rendered_at = timezone.now()
    certificate.status = Certificate.Status.ISSUED
    certificate.save(update_fields=["pdf", "credential", "rendered_at", "status"])
    record_event(
        action="certificate.completed",
        target=certificate,
        old_value={"status": Certificate.Status.PENDING},
        new_value={
            "status": Certificate.Status.ISSUED,
            "pdf": certificate.pdf.name,
            "pdf_sha256": hashlib.sha256(content).hexdigest(),
            "credential": credential.get("id", ""),
        },
    )
    return True


@transaction.atomic
def email_holder_once(*, certificate_id: int) -> bool:
    """E-mail the holder their issued certificate unless that was done; True if sent now."""
    certificate = _locked(certificate_id)
    if certificate.status != Certificate.Status.ISSUED or certificate.emailed_at is not None:
        return False
    if certificate.holder is None or not certificate.holder.email:
        return False
    emails.send_certificate_issued(certificate)
    certificate.emailed_at = timezone.now()
    certificate.save(update_fields=["emailed_at"])
    return True


def complete_certificate(*, certificate_id: int) -> None:
    """Give a pending certificate its PDF and signed credential, mark it issued and e-mail the
    holder. Idempotent and safe to run again after a crash at any point (see the module's
    docstring). Raises Certificate.DoesNotExist for an unknown id."""
    issue_documents(certificate_id=certificate_id)
    email_holder_once(certificate_id=certificate_id)
