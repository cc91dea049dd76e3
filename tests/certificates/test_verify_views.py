"""The public verify pages: a certificate's status page and the credential check."""

import datetime
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certificates import credentials, status_list
from certificates.models import Certificate
from certificates.views.verify import MAX_CREDENTIAL_BYTES

from .credential_helpers import TEST_SEED, make_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED


@pytest.fixture
def certificate(student, certificate_type):
    return make_certificate(student, certificate_type)


def page_url(certificate, language="en"):
    with translation.override(language):
        return reverse("verify:certificate", kwargs={"public_id": certificate.public_id})


def index_url(language="en"):
    with translation.override(language):
        return reverse("verify:index")


def english(text):
    with translation.override("en"):
        return str(text)


def dutch(message):
    with translation.override("nl"):
        return translation.gettext(message)


# ---------- the status page ----------


def test_a_valid_certificate_says_so_with_what_it_attests(client, home_page, certificate):
    response = client.get(page_url(certificate))

    text = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in text
    assert "Test operator" in text and "Sam Student" in text
    assert "Attests trainer-observed competence." in text
    assert "does not qualify the holder for unsupervised work in EU GMP Grade A or" in text
    assert str(certificate.public_id) in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in text


def test_the_status_page_speaks_dutch_under_nl(client, home_page, certificate):
    response = client.get(page_url(certificate, "nl"))

    text = response.content.decode()
    assert dutch("This certificate is valid.") in text
    assert "Testoperator" in text
    assert "Bevestigt door een trainer waargenomen bekwaamheid." in text


def test_an_expired_certificate_says_expired(client, home_page, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )

    text = client.get(page_url(certificate)).content.decode()

    assert "This certificate has expired." in text
    assert "This certificate is valid." not in text


def test_a_revoked_certificate_says_revoked_with_the_date_but_not_the_reason(
    client, home_page, certificate
):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 10, 0)),
        revocation_reason="Private matter of the holder",
    )

    text = client.get(page_url(certificate)).content.decode()

    assert "This certificate has been revoked." in text
    assert "4 March 2026" in text
    assert "Private matter" not in text


def test_a_certificate_being_issued_says_so(client, home_page, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.PENDING)

    text = client.get(page_url(certificate)).content.decode()

    assert "This certificate is being issued." in text
    assert "This certificate is valid." not in text


def test_an_unknown_number_gets_a_clear_404(client, home_page):
    url = reverse(
        "verify:certificate", kwargs={"public_id": "6f1c1e52-8d2b-4c55-9a0e-000000000000"}
    )

    response = client.get(url)

    assert response.status_code == 404
    text = response.content.decode()
    assert dutch("No certificate has this number.") in text
    assert "6f1c1e52-8d2b-4c55-9a0e-000000000000" in text


def test_a_malformed_number_is_not_found(client, home_page):
    assert client.get("/en/verify/not-a-number/").status_code == 404


def _queries(client, url) -> int:
    """Queries of a request in the steady state: the first requests create the site settings
    row, which starts a new generation of the cached site chrome."""
    for _ in range(2):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_status_page_needs_at_most_five_queries(client, home_page, certificate):
    assert _queries(client, page_url(certificate)) <= 5


def test_the_status_page_needs_at_most_five_queries_for_a_logged_in_visitor(
    client, home_page, certificate, student
):
    client.force_login(student)

    assert _queries(client, page_url(certificate)) <= 5


# ---------- the credential check ----------


@pytest.fixture
def signed(certificate):
    return credentials.signed_credential_for(certificate)


def test_the_form_offers_a_textarea_and_a_file_upload(client, home_page):
    response = client.get(index_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="credential"' in text and 'name="credential_file"' in text
    assert 'enctype="multipart/form-data"' in text


def test_a_pasted_credential_is_checked_and_every_check_listed(client, home_page, signed):
    response = client.post(index_url(), {"credential": json.dumps(signed)})

    text = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in text
    assert "The signature matches: no field has been changed since it was signed." in text
    assert "It is not on the revocation list." in text
    assert "Sam Student" in text


def test_an_uploaded_credential_file_is_checked(client, home_page, signed):
    upload = SimpleUploadedFile(
        "credential.json", json.dumps(signed).encode(), content_type="application/json"
    )

    response = client.post(index_url(), {"credential_file": upload})

    assert "This certificate is valid." in response.content.decode()


def test_a_tampered_credential_is_refused_and_shows_no_certificate(client, home_page, signed):
    signed["credentialSubject"]["name"] = "Someone Else"

    response = client.post(index_url(), {"credential": json.dumps(signed)})

    text = response.content.decode()
    assert response.status_code == 200
    assert "This credential cannot be trusted." in text
    assert "The signature does not match" in text
    assert "Sam Student" not in text


def test_a_revoked_credential_is_shown_revoked(client, home_page, signed, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED, revoked_at=timezone.now()
    )
    status_list.invalidate()

    text = client.post(index_url(), {"credential": json.dumps(signed)}).content.decode()

    assert "This certificate has been revoked." in text


def test_a_credential_signed_with_an_unknown_key_is_refused(
    client, home_page, certificate, settings
):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = "C" * 43
    foreign = credentials.signed_credential_for(certificate)
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED

    text = client.post(index_url(), {"credential": json.dumps(foreign)}).content.decode()

    assert "signed with a key that ATMP XB does not know" in text


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('{"@context": [', "This is not valid JSON (line 1, column"),
        ("[1, 2, 3]", "This is not a credential: a credential is a JSON object."),
        ('{"name": "hello"}', "This is not an Open Badges credential"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client, home_page, certificate, payload, message
):
    before = list(Certificate.objects.values())

    response = client.post(index_url(), {"credential": payload})

    assert message in response.content.decode()
    assert list(Certificate.objects.values()) == before


def test_corrupt_json_is_answered_with_400_and_the_form_again(client, home_page):
    response = client.post(index_url(), {"credential": "{not json"})

    assert response.status_code == 400
    assert 'name="credential"' in response.content.decode()


def test_an_oversize_upload_is_refused(client, home_page):
    upload = SimpleUploadedFile("credential.json", b" " * (MAX_CREDENTIAL_BYTES + 1))

    response = client.post(index_url(), {"credential_file": upload})

    assert response.status_code == 400
    assert "larger than 256 KB" in response.content.decode()


def test_oversize_pasted_text_is_refused(client, home_page):
    response = client.post(index_url(), {"credential": "x" * (MAX_CREDENTIAL_BYTES + 1)})

    assert response.status_code == 400
    assert "larger than 256 KB" in response.content.decode()


def test_a_file_that_is_not_text_is_refused(client, home_page):
    upload = SimpleUploadedFile("credential.json", b"\xff\xfe\x00binary")

    response = client.post(index_url(), {"credential_file": upload})

    assert "The file is not text" in response.content.decode()


def test_an_empty_form_asks_for_one_of_the_two(client, home_page):
    response = client.post(index_url(), {})

    assert response.status_code == 400
    assert "Paste a credential or upload a credential file" in response.content.decode()


def test_both_pasted_and_uploaded_is_refused(client, home_page, signed):
    upload = SimpleUploadedFile("credential.json", json.dumps(signed).encode())

    response = client.post(
        index_url(), {"credential": json.dumps(signed), "credential_file": upload}
    )

    assert response.status_code == 400


def test_checks_are_rate_limited_per_address(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "verify_credential": "3/m/ip"}
    for _ in range(3):
        assert client.post(index_url(), {"credential": "{}"}).status_code == 200

    response = client.post(index_url(), {"credential": "{}"})

    assert response.status_code == 429
    assert "Too many checks from your address" in response.content.decode()


def test_the_footer_links_to_the_check(client, home_page):
    text = client.get(index_url()).content.decode()

    assert f'href="{index_url()}"' in text


# ---------- the look-up by number ----------


def test_the_check_page_offers_a_number_field(client, home_page):
    text = client.get(index_url()).content.decode()
    assert 'name="number"' in text
    assert 'method="get"' in text


def test_a_number_leads_to_its_status_page(client, home_page, certificate):
    response = client.get(index_url(), {"number": f"  {str(certificate.public_id).upper()} "})
    assert response.status_code == 302
    assert response["Location"] == page_url(certificate)


@pytest.mark.parametrize(
    "pasted",
    ["http://example.org/nl/verify/{id}/", "urn:uuid:{id}", "{hex}"],
)
def test_a_number_pasted_with_its_surroundings_is_found(client, home_page, certificate, pasted):
    number = pasted.format(id=certificate.public_id, hex=certificate.public_id.hex)
    response = client.get(index_url(), {"number": number})
    assert response["Location"] == page_url(certificate)


def test_an_unknown_number_leads_to_the_not_found_page(client, home_page):
    number = "6f1c1e52-8d2b-4c55-9a0e-000000000000"
    response = client.get(index_url(), {"number": number}, follow=True)
    assert response.status_code == 404
    assert "No certificate has this number." in response.content.decode()


@pytest.mark.parametrize("number", ["ABC-123", "6f1c1e52-8d2b-4c55-9a0e", "<script>"])
def test_a_malformed_number_is_named_with_an_example(client, home_page, number):
    response = client.get(index_url(), {"number": number})
    assert response.status_code == 400
    text = response.content.decode()
    assert "This is not a certificate number." in text
    assert 'aria-invalid="true"' in text
    assert "<script>" not in text.split("<main", 1)[1].split("</main>", 1)[0]


def test_an_empty_number_says_where_to_find_it(client, home_page):
    response = client.get(index_url(), {"number": ""})
    assert response.status_code == 400
    assert "Enter the certificate number printed on the certificate" in response.content.decode()


def test_the_number_look_up_speaks_dutch(client, home_page):
    response = client.get(index_url("nl"), {"number": "ABC-123"})
    with translation.override("nl"):
        expected = translation.gettext("Look up the certificate")
    assert expected in response.content.decode()
