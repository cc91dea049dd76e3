"""The holder's pages: my competencies and certificates, the downloads, the share link and the
public page it opens."""

import datetime
import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates.credentials import verify_credential
from certificates.models import Certificate, CertificateType, Competency, Evidence
from certificates.pdf import render_certificate_pdf
from certificates.services import record_evidence

from ..factories import make_user
from .holder_helpers import CREDENTIAL, PDF_BYTES, make_certificate, pdf_titles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """PDFs go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


LIST_EN = "/en/certificates/"


@pytest.fixture
def holder_client(client, student):
    client.force_login(student)
    return client


def assess(person, competency, *, level=3, trainer=None, ref="1", **fields):
    return record_evidence(
        person=person,
        competency=competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref=f"assessment:{ref}",
        source_label="Gowning observed in the cleanroom",
        verification=Evidence.Verification.TRAINER,
        level=level,
        recorded_by=trainer,
        **fields,
    )


def make_competency(code: str, **fields) -> Competency:
    values = {
        "code": code,
        "title_en": f"Competency {code}",
        "title_nl": f"Competentie {code}",
        "category": Competency.Category.QUALITY,
        "validity_months": 12,
        **fields,
    }
    return Competency.objects.create(**values)


def make_type(code: str) -> CertificateType:
    return CertificateType.objects.create(
        code=code,
        name_en=f"Type {code}",
        name_nl=f"Type {code} NL",
        statement_en="Attests knowledge.",
        statement_nl="Bevestigt kennis.",
        validity_months=12,
    )


# ---------- The list ----------


def test_a_visitor_is_sent_to_the_login_page(client, home_page):
    response = client.get(LIST_EN)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_without_anything_held_the_page_says_how_certificates_come(holder_client, levels):
    response = holder_client.get(LIST_EN)
    assert response.status_code == 200
    assert "You hold no certificates yet." in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_every_active_competency_is_listed_with_its_state_in_words(
    holder_client, student, trainer, competency
):
    lapsed = make_competency("T2", validity_months=1)
    make_competency("T3")
    make_competency("OLD", active=False)
    assess(student, competency, level=3, trainer=trainer)
    long_ago = timezone.now() - datetime.timedelta(days=90)
    assess(student, lapsed, level=2, ref="2", occurred_at=long_ago)
    response = holder_client.get(LIST_EN)
    holdings = {h.competency.code: h for h in response.context["holdings"]}
    assert list(holdings) == ["T1", "T2", "T3"]
    assert holdings["T1"].state == "current"
    assert holdings["T2"].state == "expired"
    assert holdings["T3"].state == "missing"
    text = response.text
    assert "3 · Performs independently" in text
    assert "2 · Performs under supervision" in text
    for label in ("Current", "Expired", "Missing"):
        assert f">{label}</span>" in text
    valid_until = holdings["T1"].status.valid_until
    assert f"{valid_until:%-d %B %Y}" in text
    assert "Competency OLD" not in text


def test_a_competency_lapsing_within_30_days_reads_expiring_soon(
    holder_client, student, competency
):
    occurred = timezone.now() - datetime.timedelta(days=350)
    assess(student, competency, occurred_at=occurred)
    response = holder_client.get(LIST_EN)
    assert response.context["holdings"][0].state == "expiring"
    assert ">Expiring soon</span>" in response.text


def test_the_evidence_says_its_source_when_and_who_verified_it(
    holder_client, student, trainer, competency
):
    assess(student, competency, trainer=trainer)
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.H5P,
        source_ref="h5p-result:9",
        source_label="Gowning order quiz",
        verification=Evidence.Verification.SELF_REPORTED,
        level=1,
    )
    text = holder_client.get(LIST_EN).text
    assert "2 pieces of evidence" in text
    assert "<strong>Trainer assessment</strong>: Gowning observed in the cleanroom" in text
    assert "Verified by a trainer (Tess Trainer)" in text
    assert "<strong>Interactive exercise</strong>: Gowning order quiz" in text
    assert "self-reported: does not count toward a level" in text


def test_another_persons_competencies_and_certificates_are_not_shown(
    holder_client, competency, certificate_type, other_person
):
    assess(other_person, competency)
    make_certificate(other_person, certificate_type)
    response = holder_client.get(LIST_EN)
    assert response.context["holdings"][0].state == "missing"
    assert response.context["certificates"] == []


@pytest.fixture
def other_person(db):
    return make_user("Student", email="other@example.org", full_name="Olga Other")


def test_a_certificate_shows_its_dates_state_and_buttons(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    text = holder_client.get(LIST_EN).text
    assert "Test operator" in text
    assert ">Valid</span>" in text
    assert f"{certificate.valid_until:%-d %B %Y}" in text
    assert f'href="/en/certificates/{certificate.public_id}/certificate.pdf"' in text
    assert f'href="/en/certificates/{certificate.public_id}/credential.json"' in text
    assert f'href="/en/verify/{certificate.public_id}/"' in text
    assert "Create a share link" in text


def test_a_pending_certificate_says_it_is_being_issued_without_downloads(
    holder_client, student, certificate_type
):
    certificate = make_certificate(student, certificate_type, status=Certificate.Status.PENDING)
    text = holder_client.get(LIST_EN).text
    assert ">Being issued</span>" in text
    assert "This certificate is still being issued." in text
    assert f"{certificate.public_id}/certificate.pdf" not in text


def test_a_revoked_certificate_says_so_and_why(
    holder_client, student, certificate_type, administrator
):
    make_certificate(
        student,
        certificate_type,
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.now(),
        revoked_by=administrator,
        revocation_reason="Signed for the wrong person.",
    )
    text = holder_client.get(LIST_EN).text
    assert ">Revoked</span>" in text
    assert "It is no longer valid. Reason: Signed for the wrong person." in text
    assert "Download PDF, marked revoked" in text


def test_the_list_reads_in_dutch(client, student, certificate_type):
    make_certificate(student, certificate_type)
    client.force_login(student)
    text = client.get("/nl/certificates/").text
    with translation.override("nl"):
        assert gettext("My competencies and certificates") in text
        assert gettext("Valid") in text
    assert "Testoperator" in text
    assert "Aseptisch omkleden" in text


def list_queries(client) -> int:
    """Queries of a warm request (the first two fill the site's cached chrome)."""
    for _warm_up in range(2):
        client.get(LIST_EN)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_EN)
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_for_one_or_many_competencies_and_certificates(
    holder_client, student, trainer, competency, certificate_type
):
    assess(student, competency, trainer=trainer)
    make_certificate(student, certificate_type)
    small = list_queries(holder_client)
    for number in range(6):
        extra = make_competency(f"X{number}")
        for attempt in range(3):
            assess(student, extra, trainer=trainer, ref=f"{number}-{attempt}")
        make_certificate(student, make_type(f"type-{number}"), share_token=f"token-{number}")
    large = list_queries(holder_client)
    shown = holder_client.get(LIST_EN).context["certificates"]
    assert len(shown) == Certificate.objects.filter(holder=student).count() == 8
    assert small == large
    assert large <= 12


# ---------- Downloads ----------


def test_the_holder_downloads_the_pdf_as_an_attachment(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    response = holder_client.get(f"/en/certificates/{certificate.public_id}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected = (
        f"atmp-xb-test-operator-{certificate.issued_on:%Y-%m-%d}-{certificate.public_id.hex[:8]}"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{expected}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF_BYTES


def revoked_certificate(holder, certificate_type, administrator) -> Certificate:
    return make_certificate(
        holder,
        certificate_type,
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30)),
        revoked_by=administrator,
        revocation_reason="Signed for the wrong person.",
    )


@pytest.mark.parametrize("who", ["holder", "administrator"])
def test_a_revoked_certificates_pdf_is_made_again_saying_revoked(
    client, student, administrator, certificate_type, levels, settings, who
):
    settings.WAGTAILADMIN_BASE_URL = "https://atmp-xb.example.org"
    certificate = revoked_certificate(student, certificate_type, administrator)
    client.force_login(student if who == "holder" else administrator)

    response = client.get(f"/en/certificates/{certificate.public_id}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-revoked.pdf"')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    assert response.content != PDF_BYTES
    assert any(
        title.startswith("Ingetrokken op 20 november 2026: ")
        for title in pdf_titles(response.content)
    )
    # The PDF issued stays on file as it was signed.
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_a_valid_certificates_pdf_title_says_nothing_of_revocation(
    student, certificate_type, levels, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://atmp-xb.example.org"
    certificate = make_certificate(student, certificate_type)

    titles = pdf_titles(render_certificate_pdf(certificate))

    assert any(title.startswith("Certificaat ") for title in titles)
    assert not any("Ingetrokken" in title for title in titles)


def test_remaking_revoked_pdfs_is_rate_limited_per_user(
    holder_client, student, administrator, certificate_type, levels, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://atmp-xb.example.org"
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "revoked_certificate_pdf": "2/m/user",
    }
    certificate = revoked_certificate(student, certificate_type, administrator)
    url = f"/en/certificates/{certificate.public_id}/certificate.pdf"

    assert [holder_client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    refused = holder_client.get(url)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.text
    # Another user's downloads are counted apart.
    other = Client()
    other.force_login(administrator)
    assert other.get(url).status_code == 200


def test_the_credential_is_the_stored_json_as_json_ld(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    response = holder_client.get(f"/en/certificates/{certificate.public_id}/credential.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Content-Disposition"].endswith('-credential.json"')
    assert response["Content-Disposition"].startswith('attachment; filename="atmp-xb-')
    assert json.loads(response.content) == CREDENTIAL


def test_a_programme_administrator_may_download_a_holders_files(
    client, administrator, student, certificate_type
):
    certificate = make_certificate(student, certificate_type)
    client.force_login(administrator)
    for name in ("certificate.pdf", "credential.json"):
        response = client.get(f"/en/certificates/{certificate.public_id}/{name}")
        assert response.status_code == 200


@pytest.mark.parametrize("name", ["certificate.pdf", "credential.json"])
def test_someone_elses_certificate_is_not_found(
    client, other_person, student, certificate_type, name
):
    certificate = make_certificate(student, certificate_type)
    client.force_login(other_person)
    assert client.get(f"/en/certificates/{certificate.public_id}/{name}").status_code == 404


@pytest.mark.parametrize("name", ["certificate.pdf", "credential.json"])
def test_an_unknown_certificate_number_is_not_found(holder_client, levels, name):
    response = holder_client.get(f"/en/certificates/{'0' * 8}-0000-4000-8000-{'0' * 12}/{name}")
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["certificate.pdf", "credential.json"])
def test_a_pending_certificate_says_it_is_still_being_issued(
    holder_client, student, certificate_type, name
):
    certificate = make_certificate(student, certificate_type, status=Certificate.Status.PENDING)
    response = holder_client.get(f"/en/certificates/{certificate.public_id}/{name}")
    assert response.status_code == 409
    assert "is still being issued" in response.text
    assert "Content-Disposition" not in response


# ---------- Sharing ----------


def share(client, certificate, action="share"):
    return client.post(f"/en/certificates/{certificate.public_id}/share/", {"action": action})


def shared_url(certificate) -> str:
    return f"/en/certificates/s/{certificate.share_token}/"


def test_the_holder_creates_a_share_link(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    response = share(holder_client, certificate)
    assert response.status_code == 302
    assert response["Location"] == f"/en/certificates/#certificate-{certificate.public_id}"
    certificate.refresh_from_db()
    assert len(certificate.share_token) == 43
    event = AuditEvent.objects.get(action="certificate.share_link_created")
    assert event.actor == student
    assert certificate.share_token not in json.dumps(event.new_value)
    page = holder_client.get(LIST_EN)
    assert f"http://testserver{shared_url(certificate)}" in page.text
    assert "Your share link is ready." in page.text


def test_rotating_the_link_makes_the_old_one_stop_working(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    share(holder_client, certificate)
    certificate.refresh_from_db()
    old_url = shared_url(certificate)
    share(holder_client, certificate)
    certificate.refresh_from_db()
    visitor = Client()
    gone = visitor.get(old_url)
    assert gone.status_code == 404
    assert "This share link no longer works" in gone.text
    assert visitor.get(shared_url(certificate)).status_code == 200
    assert AuditEvent.objects.filter(action="certificate.share_link_rotated").count() == 1


def test_switching_the_link_off(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    share(holder_client, certificate)
    certificate.refresh_from_db()
    url = shared_url(certificate)
    share(holder_client, certificate, action="stop")
    certificate.refresh_from_db()
    assert certificate.share_token == ""
    assert Client().get(url).status_code == 404
    assert Client().get(f"{url}credential.json").status_code == 404
    assert AuditEvent.objects.filter(action="certificate.share_link_disabled").count() == 1
    assert "Create a share link" in holder_client.get(LIST_EN).text


def test_an_unknown_share_action_changes_nothing(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    response = share(holder_client, certificate, action="publish-everything")
    certificate.refresh_from_db()
    assert certificate.share_token == ""
    assert "Choose whether to share" in holder_client.get(response["Location"]).text


def test_a_pending_certificate_cannot_be_shared(holder_client, student, certificate_type):
    certificate = make_certificate(student, certificate_type, status=Certificate.Status.PENDING)
    response = share(holder_client, certificate)
    certificate.refresh_from_db()
    assert certificate.share_token == ""
    assert "You can share it once it is ready." in holder_client.get(response["Location"]).text


def test_sharing_answers_only_post_with_the_csrf_token(student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    url = f"/en/certificates/{certificate.public_id}/share/"
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "share"}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.share_token == ""


def test_nobody_but_the_holder_shares_a_certificate(
    client, student, administrator, certificate_type
):
    certificate = make_certificate(student, certificate_type)
    client.force_login(administrator)
    assert share(client, certificate).status_code == 404
    certificate.refresh_from_db()
    assert certificate.share_token == ""


# ---------- The shared page ----------


@pytest.fixture
def shared_certificate(student, certificate_type):
    return make_certificate(student, certificate_type, share_token="a" * 43)


def test_the_shared_page_shows_the_status_and_the_competencies_it_rests_on(
    client, shared_certificate
):
    response = client.get(shared_url(shared_certificate))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    text = response.text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "This certificate is valid." in text
    assert "Sam Student" in text
    assert "It does not qualify the holder for unsupervised work" in text
    assert "Aseptic gowning" in text
    assert "level 3 · Performs independently" in text
    assert "valid until 17 November 2027 at issue" in text
    assert f'href="{shared_url(shared_certificate)}credential.json"' in text
    assert f'href="/en/verify/{shared_certificate.public_id}/"' in text


def test_the_shared_page_says_revoked_without_the_reason(client, shared_certificate, administrator):
    Certificate.objects.filter(pk=shared_certificate.pk).update(
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.now(),
        revoked_by=administrator,
        revocation_reason="A private matter.",
    )
    text = client.get(shared_url(shared_certificate)).text
    assert "This certificate has been revoked." in text
    assert "A private matter." not in text


def test_the_shared_credential_downloads_as_stored(client, shared_certificate):
    response = client.get(f"{shared_url(shared_certificate)}credential.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert json.loads(response.content) == CREDENTIAL


def test_an_unknown_token_says_the_link_no_longer_works(client, levels):
    response = client.get("/en/certificates/s/not-a-real-token/")
    assert response.status_code == 404
    assert "This share link no longer works" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_downloaded_credential_of_an_issued_certificate_verifies(
    holder_client,
    student,
    competency,
    certificate_type,
    eager_tasks,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.WAGTAILADMIN_BASE_URL = "https://atmp-xb.example"
    with django_capture_on_commit_callbacks(execute=True):
        assess(student, competency, level=3)
    certificate = Certificate.objects.get(holder=student)
    assert certificate.status == Certificate.Status.ISSUED
    response = holder_client.get(f"/en/certificates/{certificate.public_id}/credential.json")
    document = json.loads(response.content)
    assert document == certificate.credential
    result = verify_credential(document)
    assert result.ok, result.errors
    assert result.state == "valid"


def test_a_certificate_lapsing_within_30_days_says_until_when_and_what_to_do(
    holder_client, student, certificate_type
):
    today = timezone.localdate()
    soon = make_certificate(student, certificate_type, valid_until=today + datetime.timedelta(19))
    text = holder_client.get(LIST_EN).text
    assert f"it is valid until {soon.valid_until:%-d %B %Y}, 19 more days." in text
    assert "Renew the competencies it rests on to earn it again." in text


def test_a_certificate_on_its_last_day_says_so(holder_client, student, certificate_type):
    make_certificate(student, certificate_type, valid_until=timezone.localdate())
    text = holder_client.get(LIST_EN).text
    assert "Today is the last day this certificate is valid." in text


def test_a_certificate_valid_for_longer_gives_no_warning(holder_client, student, certificate_type):
    make_certificate(student, certificate_type, valid_until=timezone.localdate().replace(year=2099))
    assert "expires soon" not in holder_client.get(LIST_EN).text


def test_a_revoked_certificate_offers_no_share_link(
    holder_client, student, certificate_type, administrator
):
    certificate = make_certificate(student, certificate_type, status=Certificate.Status.REVOKED)
    text = holder_client.get(LIST_EN).text
    assert "Create a share link" not in text
    response = share(holder_client, certificate)
    certificate.refresh_from_db()
    assert certificate.share_token == ""
    assert (
        "A revoked certificate can no longer be shared."
        in holder_client.get(response["Location"]).text
    )
    assert not AuditEvent.objects.filter(action__startswith="certificate.share_link").exists()


def test_a_link_made_before_the_revocation_can_still_be_switched_off(
    holder_client, student, certificate_type
):
    certificate = make_certificate(student, certificate_type)
    share(holder_client, certificate)
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)
    text = holder_client.get(LIST_EN).text
    assert "Stop sharing" in text
    assert "Make a new link" not in text
    share(holder_client, certificate, action="stop")
    certificate.refresh_from_db()
    assert certificate.share_token == ""


def test_the_dashboard_marks_a_certificate_lapsing_within_30_days(
    client, student, certificate_type, home_page
):
    today = timezone.localdate()
    make_certificate(student, certificate_type, valid_until=today + datetime.timedelta(30))
    client.force_login(student)
    text = client.get("/en/learn/").text
    assert 'holder-state--expiring">Expiring soon</span></li>' in text


def test_the_dashboard_leaves_a_certificate_valid_for_longer_unmarked(
    client, student, certificate_type, home_page
):
    today = timezone.localdate()
    make_certificate(student, certificate_type, valid_until=today + datetime.timedelta(31))
    client.force_login(student)
    text = client.get("/en/learn/").text
    assert "Test operator, valid until" in text
    assert 'holder-state--expiring">Expiring soon</span></li>' not in text
