"""Open Badges 3.0 credentials: what a signed one says, and that verification catches every
change, revocation and expiry."""

import copy
import datetime
import hashlib
import uuid

from django.utils import timezone, translation

import pytest

from certificates import credentials, status_list
from certificates.models import Certificate

from .credential_helpers import (
    TEST_SEED,
    changed,
    get_path,
    leaf_paths,
    make_certificate,
    set_path,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.WAGTAILADMIN_BASE_URL = "https://atmp-xb.example.org"


@pytest.fixture
def certificate(student, certificate_type):
    return make_certificate(student, certificate_type)


@pytest.fixture
def signed(certificate):
    return credentials.signed_credential_for(certificate)


def test_a_credential_is_an_open_badge_with_the_current_contexts(signed, certificate):
    assert signed["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert signed["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert signed["id"] == f"urn:uuid:{certificate.public_id}"
    assert signed["issuer"] == {
        "id": "https://atmp-xb.example.org/credentials/issuer.json",
        "type": ["Profile"],
        "name": "ATMP XB",
        "url": "https://atmp-xb.example.org/",
    }


def test_a_credential_hashes_the_holders_email_address_with_a_salt(signed, student):
    identifier = signed["credentialSubject"]["identifier"][0]
    salt = identifier["salt"]

    expected = hashlib.sha256((student.email + salt).encode()).hexdigest()
    assert identifier == {
        "type": "IdentityObject",
        "identityHash": f"sha256${expected}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }
    assert student.email not in str(signed)
    assert signed["credentialSubject"]["name"] == "Sam Student"


def test_the_achievement_lists_the_requirements_and_names_its_dutch_edition(signed):
    achievement = signed["credentialSubject"]["achievement"]

    assert achievement["id"] == (
        "https://atmp-xb.example.org/credentials/achievements/test-operator/en.json"
    )
    assert achievement["name"] == "Test operator"
    assert achievement["achievementType"] == "Certificate"
    assert achievement["description"] == "Attests trainer-observed competence."
    assert (
        "T1 Aseptic gowning: level 2 (Performs under supervision)"
        in (achievement["criteria"]["narrative"])
    )
    assert achievement["related"] == [
        {
            "id": "https://atmp-xb.example.org/credentials/achievements/test-operator/nl.json",
            "type": ["Related"],
            "inLanguage": "nl",
        }
    ]


def test_a_credential_never_claims_unsupervised_grade_a_or_b_work(signed):
    text = (
        signed["description"] + signed["credentialSubject"]["achievement"]["criteria"]["narrative"]
    )

    assert "does not qualify the holder for unsupervised work in EU GMP Grade A or B" in text


def test_a_credential_is_written_in_english_whatever_language_is_active(certificate):
    with translation.override("nl"):
        signed = credentials.signed_credential_for(certificate)

    assert signed["credentialSubject"]["achievement"]["criteria"]["narrative"].startswith(
        "Holds each of these competencies"
    )


def test_the_status_entry_points_at_the_certificates_bit_in_list_one(signed, certificate):
    assert signed["credentialStatus"] == {
        "id": (
            f"https://atmp-xb.example.org/credentials/status/1.json#{certificate.status_list_index}"
        ),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.status_list_index),
        "statusListCredential": "https://atmp-xb.example.org/credentials/status/1.json",
    }


def test_the_proof_is_eddsa_jcs_2022_with_the_issuers_key(signed):
    proof = signed["proof"]

    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"].startswith(
        "https://atmp-xb.example.org/credentials/issuer.json#key-"
    )
    assert proof["proofValue"].startswith("z")


def test_an_untouched_credential_is_valid(signed, certificate):
    result = credentials.verify_credential(signed)

    assert result.ok is True
    assert result.state == "valid"
    assert result.certificate == certificate
    assert result.errors == []
    assert len(result.checks) == 4


def test_a_credential_survives_a_round_trip_through_json_text(signed):
    import json

    assert credentials.verify_credential(json.loads(json.dumps(signed))).ok


def test_changing_one_character_of_any_field_fails_verification(signed):
    """Every string, number and boolean of the credential, proof included."""
    paths = list(leaf_paths(signed))
    assert len(paths) > 30
    passed = []
    for path in paths:
        document = copy.deepcopy(signed)
        set_path(document, path, changed(get_path(document, path)))
        result = credentials.verify_credential(document)
        if result.ok or result.state != "invalid":
            passed.append(path)
    assert passed == []


def test_removing_or_adding_a_field_fails_verification(signed):
    removed = copy.deepcopy(signed)
    del removed["credentialSubject"]["achievement"]["criteria"]
    added = copy.deepcopy(signed)
    added["credentialSubject"]["extra"] = "claimed"

    assert credentials.verify_credential(removed).state == "invalid"
    assert credentials.verify_credential(added).state == "invalid"


def test_a_credential_signed_with_another_key_fails(signed, certificate, settings):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = "A" * 43
    foreign = credentials.signed_credential_for(certificate)
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED

    with translation.override("en"):
        result = credentials.verify_credential(foreign)

    assert result.state == "invalid"
    assert "does not know" in result.errors[0]


def test_a_credential_signed_with_a_previous_key_still_verifies(certificate, settings):
    from certificates import keys

    old_seed = "B" * 43
    settings.ATMP_CREDENTIAL_SIGNING_KEY = old_seed
    old = credentials.signed_credential_for(certificate)
    old_public = keys.signing_key().public.multibase
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS = [old_public]

    assert credentials.verify_credential(old).ok


def test_a_revoked_certificate_shows_revoked(signed, certificate):
    revoked_at = timezone.now() - datetime.timedelta(days=2)
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED, revoked_at=revoked_at
    )
    status_list.invalidate()

    result = credentials.verify_credential(signed)

    assert (result.ok, result.state) == (False, "revoked")
    with translation.override("en"):
        assert "revoked on" in credentials.verify_credential(signed).errors[0]


def test_a_bit_set_on_the_status_list_shows_revoked(signed, certificate, monkeypatch):
    listed = status_list.build_credential()
    listed["credentialSubject"]["encodedList"] = status_list.encode_list(
        [certificate.status_list_index]
    )
    monkeypatch.setattr(status_list, "status_list_credential", lambda list_id=1: listed)

    assert credentials.verify_credential(signed).state == "revoked"


def test_an_expired_certificate_shows_expired(student, certificate_type):
    today = timezone.localdate()
    certificate = make_certificate(
        student,
        certificate_type,
        issued_on=today - datetime.timedelta(days=400),
        valid_until=today - datetime.timedelta(days=1),
    )

    result = credentials.verify_credential(credentials.signed_credential_for(certificate))

    assert (result.ok, result.state) == (False, "expired")


def test_a_credential_whose_certificate_is_gone_is_invalid(signed, certificate):
    Certificate.objects.filter(pk=certificate.pk).delete()

    result = credentials.verify_credential(signed)

    assert result.state == "invalid"
    with translation.override("en"):
        assert credentials.verify_credential(signed).errors == ["No certificate has this number."]


@pytest.mark.parametrize(
    "document",
    [
        [],
        "text",
        None,
        {},
        {"type": ["VerifiableCredential"]},
        {"type": ["VerifiableCredential", "OpenBadgeCredential"], "@context": []},
        {"type": [{}, []]},
        {"type": "OpenBadgeCredential"},
    ],
)
def test_things_that_are_not_our_credentials_are_invalid_with_a_reason(document):
    result = credentials.verify_credential(document)

    assert (result.ok, result.state, result.certificate) == (False, "invalid", None)
    assert result.errors and result.errors[0].endswith(".")


def test_an_unsigned_credential_is_invalid(signed):
    unsigned = {key: value for key, value in signed.items() if key != "proof"}

    assert credentials.verify_credential(unsigned).state == "invalid"


def test_a_credential_with_a_made_up_number_is_invalid(signed):
    document = copy.deepcopy(signed)
    document["id"] = f"urn:uuid:{uuid.uuid4()}"

    assert credentials.verify_credential(document).state == "invalid"


def test_a_holder_erased_before_signing_gets_no_identifier(certificate_type):
    certificate = make_certificate(None, certificate_type)

    signed = credentials.signed_credential_for(certificate)

    assert "identifier" not in signed["credentialSubject"]
    assert credentials.verify_credential(signed).ok


@pytest.mark.parametrize("value", [float("inf"), float("nan"), {"deep": [[[]]]}, 10**400])
def test_values_json_numbers_cannot_hold_make_a_credential_invalid_not_an_error(signed, value):
    document = copy.deepcopy(signed)
    document["credentialSubject"]["extra"] = value

    result = credentials.verify_credential(document)

    assert (result.ok, result.state) == (False, "invalid")
