"""The certificate PDF: what it says in both languages, its QR code, its fonts, and that
rendering loads nothing but our own static files."""

import datetime
import re

from django.utils import timezone, translation
from django.utils.dates import MONTHS

import pytest
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from certificates import pdf
from certificates.issuing import issue_certificate
from certificates.models import (
    Certificate,
    CertificateRequirement,
    CertificateType,
    Competency,
)

from .document_helpers import (
    BASE_URL,
    TEST_SEED,
    in_both,
    laid_out_text,
    matrix_modules,
    meet_requirements,
    pending_certificate,
    qr_modules,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.WAGTAILADMIN_BASE_URL = BASE_URL


@pytest.fixture
def certificate(student, competency, certificate_type):
    return pending_certificate(student, competency, certificate_type)


def test_the_pdf_is_one_a4_page(certificate):
    document = pdf.certificate_document(certificate)

    assert len(document.pages) == 1
    width, height = document.pages[0].width, document.pages[0].height
    # CSS pixels at 96 per inch: 210 × 297 mm.
    assert round(width * 25.4 / 96) == 210
    assert round(height * 25.4 / 96) == 297
    assert pdf.render_certificate_pdf(certificate).startswith(b"%PDF-")


def test_the_certificate_says_who_holds_what_until_when_in_both_languages(certificate):
    text = laid_out_text(certificate)
    certificate_type = certificate.certificate_type

    assert "Sam Student" in text
    assert "ATMP XB" in text
    for value in (
        certificate_type.name_nl,
        certificate_type.name_en,
        certificate_type.statement_nl,
        certificate_type.statement_en,
        str(certificate.public_id),
    ):
        assert value in text
    for day in (certificate.issued_on, certificate.valid_until):
        for language in ("nl", "en"):
            with translation.override(language):
                month = str(MONTHS[day.month])
            assert f"{day.day} {month} {day.year}" in text
        assert f"{day.day} {day.strftime('%B')} {day.year}" in text
    for key in ("awarded_to", "issued_on", "valid_until", "number", "statement"):
        for label in in_both(pdf.LABELS[key]):
            assert label in text or label.upper() in text


def test_the_certificate_lists_each_competency_with_the_level_achieved(certificate):
    text = laid_out_text(certificate)

    assert "T1 Aseptisch omkleden Aseptic gowning" in text
    assert "3 Voert zelfstandig uit Performs independently" in text
    assert certificate.basis[0]["valid_until"] in text


def test_the_disclaimer_of_decision_9_is_there_in_both_languages(certificate):
    text = laid_out_text(certificate)

    for sentence in in_both(pdf.LABELS["disclaimer"]):
        assert sentence in text
    assert "not qualify the holder for unsupervised work in Grade A or B" in text


def test_the_qr_code_encodes_the_verify_url_in_the_holders_language(certificate):
    expected = f"{BASE_URL}/nl/verify/{certificate.public_id}/"
    html = pdf.certificate_html(certificate)
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)

    assert pdf.verify_url(certificate) == expected
    assert qr_modules(svg) == matrix_modules(expected)
    # The printed URL may wrap, anywhere; the text joins its lines with a space.
    assert expected in "".join(laid_out_text(certificate).split())


def test_an_english_speaking_holder_gets_the_english_verify_page(certificate):
    certificate.holder.preferred_language = "en"
    certificate.holder.save()
    expected = f"{BASE_URL}/en/verify/{certificate.public_id}/"
    svg = re.search(r"<svg.*?</svg>", pdf.certificate_html(certificate), re.DOTALL).group(0)

    assert qr_modules(svg) == matrix_modules(expected)
    assert qr_modules(svg) != matrix_modules(expected.replace("/en/", "/nl/"))


def test_the_qr_code_reader_of_these_tests_tells_codes_apart():
    one = pdf.qr_svg(f"{BASE_URL}/nl/verify/1/")

    assert qr_modules(one) == matrix_modules(f"{BASE_URL}/nl/verify/1/")
    assert qr_modules(one) != matrix_modules(f"{BASE_URL}/nl/verify/2/")


def box_of(document, class_name: str):
    """(page number, first laid-out box) of the element with `class_name`."""
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants(placeholders=True):
            element = getattr(box, "element", None)
            if element is not None and class_name in (element.get("class") or "").split():
                return number, box
    raise AssertionError(f"No box of class {class_name}")


def below(upper, lower) -> bool:
    """Whether box `lower` starts after box `upper` ends (on a later page, or further down)."""
    (upper_page, upper_box), (lower_page, lower_box) = upper, lower
    if lower_page != upper_page:
        return lower_page > upper_page
    return lower_box.position_y >= upper_box.position_y + upper_box.height


def uncompressed_pdf(certificate) -> bytes:
    return pdf.certificate_document(certificate).write_pdf(uncompressed_pdf=True)


def test_the_pdf_embeds_the_fonts_installed_from_npm(certificate):
    content = uncompressed_pdf(certificate)

    assert b"Certificate-Serif" in content
    assert b"Certificate-Sans" in content
    assert b"DejaVu" not in content


def test_letters_beyond_latin_1_come_from_the_extended_font(certificate):
    certificate.holder_name = "Łukasz Żółkiewski"

    content = uncompressed_pdf(certificate)

    assert "Łukasz Żółkiewski" in laid_out_text(certificate)
    assert b"Certificate-Serif-Extended" in content


def test_a_certificate_after_the_holders_account_is_erased_still_renders(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(holder=None)
    certificate.refresh_from_db()

    assert "Sam Student" in laid_out_text(certificate)
    assert pdf.verify_url(certificate).startswith(f"{BASE_URL}/nl/verify/")


def test_the_foot_follows_the_competencies_and_never_covers_them(
    student, certificate_type, competency
):
    for number in range(2, 10):
        extra = Competency.objects.create(
            code=f"T{number}",
            title_en=f"Skill {number}",
            title_nl=f"Vaardigheid {number}",
            category=Competency.Category.QUALITY,
            sort_order=number,
        )
        CertificateRequirement.objects.create(
            certificate_type=certificate_type, competency=extra, minimum_level=1
        )
        meet_requirements(student, extra, ref=f"assessment:{number}")
    certificate = pending_certificate(student, competency, certificate_type)

    document = pdf.certificate_document(certificate)

    assert len(pdf.certificate_context(certificate)["competencies"]) == 9
    assert below(box_of(document, "competencies"), box_of(document, "foot"))
    assert "Vaardigheid 9" in laid_out_text(certificate)


@pytest.mark.parametrize("is_revoked", [False, True], ids=["issued", "revoked"])
@pytest.mark.parametrize(
    "code", ["atmp-cleanroom-operator-foundation", "qc-analyst-environmental-monitoring"]
)
def test_each_seeded_certificate_type_fits_on_one_page(framework, student, code, is_revoked):
    certificate_type = CertificateType.objects.get(code=code)
    for requirement in certificate_type.requirements.select_related("competency"):
        meet_requirements(
            student, requirement.competency, requirement.minimum_level, ref=f"a:{requirement.pk}"
        )
    certificate = issue_certificate(holder=student, certificate_type=certificate_type)
    certificate.holder_name = "Maria Fernández-Vandenberghe de la Cruz"
    if is_revoked:
        revoked(certificate)

    document = pdf.certificate_document(certificate)

    assert len(document.pages) == 1
    assert below(box_of(document, "competencies"), box_of(document, "foot"))


def test_rendering_refuses_any_url_that_is_not_our_static_files():
    fetcher = pdf.StaticOnlyFetcher(pdf.static_base())
    html = HTML(
        string='<img src="https://example.com/tracker.png">',
        base_url=pdf.static_base(),
        url_fetcher=fetcher,
    )

    with pytest.raises(FatalURLFetchingError):
        html.render()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/static/css/certificate-pdf.css",
        "file:///etc/passwd",
        "{static}../../etc/passwd",
        "{static}css/no-such-file.css",
    ],
)
def test_the_fetcher_refuses_other_hosts_files_and_unknown_static_names(url):
    base = pdf.static_base()
    fetcher = pdf.StaticOnlyFetcher(base)

    with pytest.raises(ValueError, match=r"may not load|No static file"):
        fetcher.fetch(url.format(static=base))


def test_the_fetcher_serves_the_stylesheet_and_fonts_from_disk():
    base = pdf.static_base()
    fetcher = pdf.StaticOnlyFetcher(base)

    stylesheet = fetcher.fetch(base + pdf.STYLESHEET)
    font_url = re.search(r'url\("\.\./([^"]+\.woff)"\)', stylesheet.read().decode()).group(1)
    font = fetcher.fetch(base + font_url)

    assert stylesheet.content_type == "text/css"
    assert font.content_type == "font/woff"
    assert font.read(4) == b"wOFF"


def test_the_fetcher_falls_back_on_the_collected_static_files(settings, tmp_path, monkeypatch):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "collected-only.css").write_text("p { color: red }")
    monkeypatch.setattr(pdf.finders, "find", lambda name: None)
    base = pdf.static_base()

    response = pdf.StaticOnlyFetcher(base).fetch(base + "css/collected-only.css")

    assert response.read() == b"p { color: red }"


def revoked(certificate: Certificate) -> Certificate:
    """The certificate as revocation leaves it (in memory: rendering reads nothing else)."""
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))
    return certificate


def test_a_revoked_certificate_says_so_in_both_languages_without_moving_anything(certificate):
    issued = pdf.certificate_document(certificate)
    assert "REVOKED" not in laid_out_text(certificate).upper()

    text = laid_out_text(revoked(certificate))
    document = pdf.certificate_document(certificate)

    # Both set in capitals.
    assert "INGETROKKEN REVOKED" in text  # the watermark
    assert "INGETROKKEN OP 20 NOVEMBER 2026" in text
    assert "REVOKED ON 20 NOVEMBER 2026" in text
    for name in ("title", "statements", "competencies", "foot"):
        assert box_of(document, name)[1].position_y == box_of(issued, name)[1].position_y
    assert len(document.pages) == 1


def test_every_font_in_the_pdf_is_one_of_ours_revoked_or_not(certificate):
    for state in ("issued", "revoked"):
        if state == "revoked":
            revoked(certificate)
        content = uncompressed_pdf(certificate)
        fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", content))

        assert fonts and all(font.startswith(b"Certificate-") for font in fonts), fonts
