"""The public verify pages in Chromium: a certificate's status page in both languages and the
credential check by pasting and by uploading, without a login, a CSP violation or an outside
request; screenshots under test-artifacts/verify/."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import translation

import pytest

from certificates import credentials

from .credential_helpers import TEST_SEED, make_certificate

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "verify"


def watch(page, live_server) -> list[str]:
    """Collect CSP violations, console errors and requests to any other origin."""
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on(
        "request",
        lambda r: (
            r.url.startswith(("http://", "https://"))
            and not r.url.startswith(live_server.url)
            and problems.append(f"outside request: {r.url}")
        ),
    )
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_checks_a_certificate_and_its_credential(
    page, live_server, home_page, student, certificate_type, settings, tmp_path
):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    certificate = make_certificate(student, certificate_type)
    document = credentials.signed_credential_for(certificate)
    problems = watch(page, live_server)

    page.goto(f"/nl/verify/{certificate.public_id}/")
    page.screenshot(path=ARTIFACTS / "status-nl.png", full_page=True)
    with translation.override("nl"):
        valid_nl = translation.gettext("This certificate is valid.")
    assert valid_nl in page.get_by_role("status").inner_text()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"

    page.goto(f"/en/verify/{certificate.public_id}/")
    assert "Sam Student" in page.content()
    page.get_by_role("link", name="Check the credential").click()
    page.get_by_label("Paste the credential (JSON)").fill(json.dumps(document, indent=2))
    page.get_by_role("button", name="Check the credential").click()
    page.screenshot(path=ARTIFACTS / "result-valid-en.png", full_page=True)
    assert "This certificate is valid." in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", name="What was checked").is_visible()

    document["credentialSubject"]["name"] = "Sam Studant"
    tampered = tmp_path / "credential.json"
    tampered.write_text(json.dumps(document), encoding="utf-8")
    page.goto("/en/verify/")
    page.get_by_label("Or upload the credential file (.json)").set_input_files(tampered)
    page.get_by_role("button", name="Check the credential").click()
    page.screenshot(path=ARTIFACTS / "result-tampered-en.png", full_page=True)
    assert "This credential cannot be trusted." in page.get_by_role("status").inner_text()
    assert "Sam Student" not in page.content()

    page.goto("/en/verify/6f1c1e52-8d2b-4c55-9a0e-000000000000/")
    page.screenshot(path=ARTIFACTS / "unknown-en.png", full_page=True)
    assert "No certificate has this number." in page.content()
    assert [p for p in problems if "404" not in p] == []
