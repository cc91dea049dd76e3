"""The revocation list: a signed Bitstring Status List, cached until a revocation."""

import base64
import gzip

import pytest

from certificates import credentials, integrity, status_list
from certificates.issuing import STATUS_LIST_SIZE
from certificates.models import Certificate

from .credential_helpers import TEST_SEED, make_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED


def test_index_zero_is_the_leftmost_bit_of_the_first_byte():
    encoded = status_list.encode_list([0, 9], size=16)

    assert encoded.startswith("u")
    body = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert raw == bytes([0b1000_0000, 0b0100_0000])


def test_the_list_has_the_minimum_size_of_the_specification():
    bits = status_list.decode_list(status_list.encode_list([]))

    assert len(bits) * 8 == STATUS_LIST_SIZE >= 131_072
    assert not any(bits)


@pytest.mark.parametrize("encoded", ["", "zabc", "u!!!", "uAAAA"])
def test_an_unreadable_list_is_refused(encoded):
    with pytest.raises(ValueError):
        status_list.decode_list(encoded)


def test_the_list_credential_is_signed_and_marks_revoked_certificates(student, certificate_type):
    revoked = make_certificate(student, certificate_type, status=Certificate.Status.REVOKED)
    valid = make_certificate(None, certificate_type)

    listed = status_list.build_credential()

    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = listed["credentialSubject"]
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    bits = status_list.decode_list(subject["encodedList"])
    assert status_list.bit_is_set(bits, revoked.status_list_index)
    assert not status_list.bit_is_set(bits, valid.status_list_index)
    integrity.verify_proof(listed, resolve_key=credentials._resolve_key)


def test_the_list_is_cached_until_invalidated(student, certificate_type):
    certificate = make_certificate(student, certificate_type)
    assert not status_list.is_revoked(certificate.status_list_index)
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)

    stale = status_list.is_revoked(certificate.status_list_index)
    status_list.invalidate()

    assert stale is False
    assert status_list.is_revoked(certificate.status_list_index) is True


def test_an_index_outside_the_list_is_not_revoked():
    assert not status_list.bit_is_set(bytes(2), 16)
    assert not status_list.bit_is_set(bytes(2), -1)
