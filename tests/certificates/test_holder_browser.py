"""In Chromium, end to end: a student holding a certificate downloads its PDF and opens the
verify page at the URL its QR code encodes, which says valid; a programme administrator revokes
it in the admin; the same page then says revoked. On the way: the holder's list, the share link
and the public page it opens, and the dashboard summary."""

import os
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

import pytest

from certificates import pdf
from certificates.models import Certificate, Evidence
from certificates.services import record_evidence
from tests.browser_session import log_in

from ..factories import activate_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
REASON = "De beoordeling waarop het steunt, werd voor de verkeerde student ondertekend."


def dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"holder-{name}.png"), full_page=True)


@pytest.fixture
def issued_certificate(
    settings, tmp_path, live_server, eager_tasks, home_page, student, certificate_type
):
    """The student meets the type's requirement through a trainer's evidence; the task after
    commit renders, signs and issues the certificate, as in production."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    record_evidence(
        person=student,
        competency=certificate_type.requirements.get().competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref="assessment:browser",
        source_label="Omkleden voor klasse B, waargenomen",
        verification=Evidence.Verification.TRAINER,
        level=3,
    )
    certificate = Certificate.objects.get(holder=student)
    assert certificate.status == Certificate.Status.ISSUED
    return certificate


def test_holder_downloads_verifies_and_sees_the_revocation(
    page, live_server, issued_certificate, student, administrator
):
    ARTIFACTS.mkdir(exist_ok=True)
    certificate = issued_certificate
    qr_url = pdf.verify_url(certificate)
    assert qr_url.startswith(live_server.url)

    log_in(page, live_server, student)
    page.goto("/nl/learn/")
    summary = page.locator("#holder-summary-heading + .holder-summary")
    assert certificate.certificate_type.name_nl in summary.inner_text()
    summary.scroll_into_view_if_needed()
    shot(page, "dashboard")
    page.goto("/nl/certificates/")
    card = page.locator(f"#certificate-{certificate.public_id}")
    assert dutch("Valid") in card.locator(".holder-state").inner_text()
    shot(page, "list")

    with page.expect_download() as download_info:
        card.locator(f"a[href$='{certificate.public_id}/certificate.pdf']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("atmp-xb-test-operator-")
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    page.goto(qr_url)
    assert dutch("This certificate is valid.") in page.locator(".verify-status").inner_text()
    shot(page, "verify-valid")

    page.goto("/nl/certificates/")
    card.locator("button[value=share]").click()
    share_url = card.locator("input.share-box__url").input_value()
    assert f"/nl/certificates/s/{Certificate.objects.get().share_token}/" in share_url
    shot(page, "list-shared")

    page.context.clear_cookies()
    page.goto(share_url)
    assert dutch("This certificate is valid.") in page.locator(".verify-status").inner_text()
    assert page.locator(".basis-list__item").count() == 1
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
    shot(page, "shared")

    activate_totp(administrator)
    log_in(page, live_server, administrator)
    page.goto(f"/admin/certificates/?status={Certificate.Status.ISSUED}")
    page.goto(f"/admin/certificates/inspect/{certificate.pk}/")
    page.locator(f"a[href='/admin/certificates/revoke/{certificate.pk}/']").first.click()
    page.locator("textarea[name=reason]").fill(REASON)
    page.locator("input[name=confirm]").check()
    shot(page, "admin-revoke-form")
    page.locator("form button.serious[type=submit]").click()
    page.wait_for_url(f"**/admin/certificates/revoke/{certificate.pk}/")
    assert REASON in page.locator("main").inner_text()
    shot(page, "admin-revoked")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    page.context.clear_cookies()
    page.goto(qr_url)
    banner = page.locator(".verify-status").inner_text()
    assert dutch("This certificate has been revoked.") in banner
    assert REASON not in page.content()
    shot(page, "verify-revoked")
    page.goto(share_url)
    assert (
        dutch("This certificate has been revoked.") in page.locator(".verify-status").inner_text()
    )

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, student)
    page.goto("/nl/certificates/")
    page.locator(".evidence-details summary").first.click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Each competency is a card: its state is in view without scrolling the table sideways.
    region = page.locator(".holder-page .table-scroll")
    assert region.evaluate("element => element.scrollWidth <= element.clientWidth")
    state = page.locator(".competency-table .holder-state").first.bounding_box()
    assert state["x"] + state["width"] <= 375
    shot(page, "list-phone")
