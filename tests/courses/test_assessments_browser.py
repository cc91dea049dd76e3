"""A trainer with TOTP signs an assessment in Chromium: the form, allauth's re-authentication
(password, then the authenticator code), the review with the meaning of the signature, and the
signed record with its verified hash. The signature meets the last requirement of a
certificate type, so the student then holds the certificate, downloads its PDF and finds the
verify page at the QR code's URL saying valid, and revoked once it is revoked."""

import os
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

import pytest

from certificates import pdf, signatures
from certificates.models import Assessment, Certificate, Evidence
from certificates.revocation import revoke_certificate
from tests.certificates import conftest as framework
from tests.factories import DEFAULT_PASSWORD, activate_totp, current_totp_code

from .conftest import enrol

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "assessments"
levels = framework.levels
competency = framework.competency
certificate_type = framework.certificate_type


def sign_in(page, live_server, user) -> None:
    """Carry a server-side session into the browser (the login itself is tested elsewhere;
    here the TOTP code of this period stays unused for the re-authentication)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_trainer_with_totp_signs_an_assessment_through_reauthentication(
    page,
    live_server,
    settings,
    tmp_path,
    eager_tasks,
    cohort,
    trainer,
    student,
    administrator,
    competency,
    certificate_type,
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    secret = activate_totp(trainer)
    enrol(student, cohort)
    sign_in(page, live_server, trainer)

    page.goto(f"/nl/trainer/cohorts/{cohort.pk}/assessments/")
    page.select_option("select[name=student]", str(student.pk))
    page.select_option("select[name=competency]", competency.code)
    page.click(".assessment-start button[type=submit]")
    page.wait_for_url(f"**/assess/{student.pk}/{competency.code}/")
    page.check("input[name=outcome][value=competent]")
    page.select_option("select[name=level]", "3")
    page.click(".assessment-form button[type=submit]")
    assert page.locator(".form-errors[role=alert]").count() == 1
    assert page.locator(".form-field--error input[name=outcome]").count() == 2
    target = page.locator(".form-errors a").first.get_attribute("href")
    assert page.locator(target).get_attribute("name") == "outcome"
    page.screenshot(path=str(ARTIFACTS / "0-errors.png"), full_page=True)
    for criterion in competency.criteria.all():
        page.check(f"input[name=criterion_{criterion.pk}]")
    page.fill("textarea[name=comments]", "Omkleden volgens SOP, zonder aarzelen.")
    page.screenshot(path=str(ARTIFACTS / "1-form.png"), full_page=True)
    page.click(".assessment-form button[type=submit]")

    page.wait_for_url("**/accounts/reauthenticate/**")
    page.screenshot(path=str(ARTIFACTS / "2-password.png"), full_page=True)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/accounts/2fa/reauthenticate/**")
    page.fill("input[name=code]", current_totp_code(secret))
    page.press("input[name=code]", "Enter")

    page.wait_for_url("**/review/")
    with translation.override("nl"):
        meaning = signatures.signature_meaning("nl")
    assert page.locator(".signature-meaning").inner_text() == meaning
    assert "Omkleden volgens SOP" in page.content()
    page.screenshot(path=str(ARTIFACTS / "3-review.png"), full_page=True)
    assert Assessment.objects.count() == 0
    page.click(".signature-form button[type=submit]")

    page.wait_for_url("**/trainer/assessments/*/")
    assessment = Assessment.objects.get()
    assert (assessment.level, assessment.signed_with_mfa) == (3, True)
    assert assessment.signature_meaning == meaning
    assert page.locator(".signature-hash").inner_text() == assessment.content_hash
    assert page.locator(".hash-state--ok").count() == 1
    assert Evidence.objects.get(person=student).level == 3
    page.screenshot(path=str(ARTIFACTS / "4-signed.png"), full_page=True)
    page.click(".assessment-actions a:not(.button)")
    page.wait_for_url(f"**/cohorts/{cohort.pk}/assessments/")
    assert page.locator(f"a[href$='/assessments/{assessment.pk}/']").count() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "5-list-phone.png"), full_page=True)

    certificate = Certificate.objects.get(holder=student, certificate_type=certificate_type)
    assert certificate.status == Certificate.Status.ISSUED
    page.context.clear_cookies()
    sign_in(page, live_server, student)
    page.goto("/nl/certificates/")
    card = page.locator(f"#certificate-{certificate.public_id}")
    with page.expect_download() as download_info:
        card.locator(f"a[href$='{certificate.public_id}/certificate.pdf']").click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF")
    page.goto(pdf.verify_url(certificate))
    with translation.override("nl"):
        valid, revoked = (
            gettext("This certificate is valid."),
            gettext("This certificate has been revoked."),
        )
    assert valid in page.locator(".verify-status").inner_text()
    page.screenshot(path=str(ARTIFACTS / "6-verify-valid.png"), full_page=True)

    revoke_certificate(certificate=certificate, actor=administrator, reason="Issued in error.")
    page.reload()
    assert valid not in page.locator(".verify-status").inner_text()
    assert revoked in page.locator(".verify-status").inner_text()
    page.screenshot(path=str(ARTIFACTS / "7-verify-revoked.png"), full_page=True)
