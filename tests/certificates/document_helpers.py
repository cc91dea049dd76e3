"""Helpers for the tests of the certificate documents: a pending certificate made the way
issuing makes it, the text WeasyPrint laid out, and the QR code's modules read back from its
SVG."""

import re

from django.utils import translation

from weasyprint.formatting_structure.boxes import TextBox

from certificates import pdf
from certificates.issuing import issue_certificate
from certificates.models import Certificate, Evidence
from certificates.services import record_evidence

# A fixed Ed25519 seed (base64url), so that no test writes a development key file.
TEST_SEED = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
BASE_URL = "https://atmp-xb.example.org"


def meet_requirements(person, competency, level: int = 3, ref: str = "assessment:1") -> None:
    """Evidence that meets the test certificate type (its competency at level 2 or more).
    record_evidence issues the certificate; its task waits for a commit that tests without
    transactions never make."""
    record_evidence(
        person=person,
        competency=competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref=ref,
        verification=Evidence.Verification.TRAINER,
        level=level,
    )


def pending_certificate(person, competency, certificate_type) -> Certificate:
    meet_requirements(person, competency)
    certificate = issue_certificate(holder=person, certificate_type=certificate_type)
    assert certificate.status == Certificate.Status.PENDING
    return certificate


def laid_out_text(certificate: Certificate) -> str:
    """Every piece of text on the certificate's pages, in reading order, spaces collapsed."""
    document = pdf.certificate_document(certificate)
    pieces = []
    for page in document.pages:
        pieces.extend(
            box.text
            for box in page._page_box.descendants(placeholders=True)
            if isinstance(box, TextBox)
        )
    return re.sub(r"\s+", " ", " ".join(pieces))


def in_both(message) -> tuple[str, str]:
    with translation.override("nl"):
        dutch = str(message)
    with translation.override("en"):
        english = str(message)
    return dutch, english


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (column, row) that segno's SVG path draws: "M x y" moves to a point,
    "m dx dy" moves by an offset, "h n" draws n modules to the right (or back when negative),
    each line drawn at row y - 0.5 with a stroke one module wide."""
    path = re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([MmHhVv])([^MmHhVv]*)", path):
        values = [float(value) for value in re.findall(r"-?\d*\.?\d+", numbers)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            start, x = x, x + values[0]
            row = int(y - 0.5)
            dark.update((column, row) for column in range(int(min(start, x)), int(max(start, x))))
        elif command == "V":
            y = values[0]
        elif command == "v":
            y += values[0]
        else:
            x = values[0]
    return dark


def matrix_modules(url: str) -> set[tuple[int, int]]:
    """The dark modules of the QR code segno encodes for `url`, without the quiet zone."""
    code = pdf.qr_code(url)
    return {
        (column, row)
        for row, line in enumerate(code.matrix)
        for column, value in enumerate(line)
        if value
    }
