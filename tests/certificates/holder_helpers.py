"""Certificates made directly, for the holder and revocation tests: the issuing path has its
own tests, and these need certificates in every state without a worker."""

import datetime
import itertools
import re
import zlib

from django.core.files.base import ContentFile
from django.utils import timezone

from certificates.models import Certificate

PDF_BYTES = b"%PDF-1.7\n% a stand-in for the rendered certificate\n%%EOF\n"
CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Testoperator · Test operator",
    "proof": {"type": "DataIntegrityProof", "proofValue": "z3stand-in"},
}
_indexes = itertools.count(1000)


def make_certificate(holder, certificate_type, *, status=Certificate.Status.ISSUED, **fields):
    """A certificate of `certificate_type` for `holder`; issued ones have a PDF and a
    credential, as the task leaves them."""
    today = timezone.localdate()
    values = {
        "certificate_type": certificate_type,
        "holder": holder,
        "holder_name": holder.full_name if holder else "Erased Person",
        "cycle": Certificate.objects.filter(
            holder=holder, certificate_type=certificate_type
        ).count()
        + 1,
        "status": status,
        "issued_on": today - datetime.timedelta(days=10),
        "valid_until": today + datetime.timedelta(days=355),
        "basis": [{"competency": "T1", "level": 3, "valid_until": "2027-11-17", "evidence": None}],
        "status_list_index": next(_indexes),
        **fields,
    }
    certificate = Certificate(**values)
    if status != Certificate.Status.PENDING:
        certificate.credential = values.get("credential", CREDENTIAL)
        certificate.pdf.save(f"{certificate.public_id}.pdf", ContentFile(PDF_BYTES), save=False)
    certificate.save()
    return certificate


def pdf_titles(content: bytes) -> list[str]:
    """The /Title strings of a PDF (the document's and its bookmarks'), read from its
    compressed object streams as well: what a PDF reader shows as the document's title."""
    chunks = [content]
    for start in re.finditer(rb"stream\r?\n", content):
        try:
            chunks.append(zlib.decompressobj().decompress(content[start.end() :]))
        except zlib.error:
            continue
    titles = []
    for value in re.findall(rb"/Title\s*(<[0-9a-fA-F]+>|\((?:[^()\\]|\\.)*\))", b"".join(chunks)):
        if value.startswith(b"<"):
            titles.append(bytes.fromhex(value[1:-1].decode()).decode("utf-16"))
        else:
            titles.append(value[1:-1].decode("latin-1"))
    return titles
