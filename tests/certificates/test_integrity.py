"""eddsa-jcs-2022 and its encodings against published vectors: RFC 8785 (JCS), the Bitcoin
base58 alphabet, and the W3C test vector of VC Data Integrity EdDSA Cryptosuites v1.0."""

import copy
import json
import struct

import pytest

from certificates import integrity

# RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
NUMBER_VECTORS = {
    "0000000000000000": "0",
    "8000000000000000": "0",
    "0000000000000001": "5e-324",
    "8000000000000001": "-5e-324",
    "7fefffffffffffff": "1.7976931348623157e+308",
    "ffefffffffffffff": "-1.7976931348623157e+308",
    "4340000000000000": "9007199254740992",
    "c340000000000000": "-9007199254740992",
    "4430000000000000": "295147905179352830000",
    "44b52d02c7e14af5": "9.999999999999997e+22",
    "44b52d02c7e14af6": "1e+23",
    "44b52d02c7e14af7": "1.0000000000000001e+23",
    "444b1ae4d6e2ef4e": "999999999999999700000",
    "444b1ae4d6e2ef4f": "999999999999999900000",
    "444b1ae4d6e2ef50": "1e+21",
    "3eb0c6f7a0b5ed8c": "9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d": "0.000001",
    "41b3de4355555553": "333333333.3333332",
    "41b3de4355555554": "333333333.33333325",
    "41b3de4355555555": "333333333.3333333",
    "41b3de4355555556": "333333333.3333334",
    "41b3de4355555557": "333333333.33333343",
    "becbf647612f3696": "-0.0000033333333333333333",
    "43143ff3c1cb0959": "1424953923781206.2",
}

# The key pair and credential of the W3C vc-di-eddsa test vectors (eddsa-jcs-2022).
W3C_PRIVATE_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_METHOD = f"https://vc.example/issuers/5678#{W3C_PUBLIC_KEY}"
W3C_CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_PROOF_VALUE = (
    "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4"
)


@pytest.mark.parametrize(("bits", "expected"), NUMBER_VECTORS.items())
def test_numbers_serialise_as_rfc_8785_says(bits, expected):
    number = struct.unpack(">d", bytes.fromhex(bits))[0]

    assert integrity.serialize_number(number) == expected


@pytest.mark.parametrize("bits", ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"])
def test_nan_and_infinities_are_refused(bits):
    with pytest.raises(ValueError):
        integrity.serialize_number(struct.unpack(">d", bytes.fromhex(bits))[0])


def test_the_rfc_8785_example_canonicalises_byte_for_byte():
    source = json.loads(
        r"""{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"""
    )

    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert integrity.canonicalize(source) == expected.encode("utf-8")


def test_keys_sort_by_utf16_code_units_as_in_rfc_8785():
    source = json.loads(
        r"""{"\u20ac": "Euro Sign", "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"}"""
    )

    order = list(json.loads(integrity.canonicalize(source)).values())

    assert order == [
        "Carriage Return",
        "One",
        "Control",
        "Latin Small Letter O With Diaeresis",
        "Euro Sign",
        "Emoji: Grinning Face",
        "Hebrew Letter Dalet With Dagesh",
    ]


def test_an_integer_beyond_the_double_range_is_refused():
    with pytest.raises(ValueError, match="too large"):
        integrity.serialize_number(10**400)


def test_values_json_cannot_hold_are_refused():
    with pytest.raises(ValueError):
        integrity.canonicalize({"when": object()})
    with pytest.raises(ValueError):
        integrity.canonicalize({1: "not a string key"})


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", ""),
        (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
        (bytes.fromhex("000000287fb4cd"), "111233QC4"),
        (b"\0", "1"),
    ],
)
def test_base58btc_round_trips_known_values(data, text):
    assert integrity.base58_encode(data) == text
    assert integrity.base58_decode(text) == data


def test_base58btc_refuses_characters_outside_the_alphabet():
    with pytest.raises(ValueError):
        integrity.base58_decode("0OIl")


def test_the_w3c_key_pair_gives_its_published_multikey():
    private_key = integrity.private_key_from_multibase(W3C_PRIVATE_KEY)

    assert integrity.public_key_multibase(private_key.public_key()) == W3C_PUBLIC_KEY


def test_signing_the_w3c_credential_gives_the_published_proof_value():
    private_key = integrity.private_key_from_multibase(W3C_PRIVATE_KEY)

    signed = integrity.add_proof(
        W3C_CREDENTIAL,
        private_key=private_key,
        verification_method=W3C_METHOD,
        created="2023-02-24T23:36:38Z",
    )

    assert signed["proof"]["proofValue"] == W3C_PROOF_VALUE
    assert signed["proof"]["@context"] == W3C_CREDENTIAL["@context"]


def _w3c_signed() -> dict:
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": W3C_METHOD,
        "proofPurpose": "assertionMethod",
        "@context": W3C_CREDENTIAL["@context"],
        "proofValue": W3C_PROOF_VALUE,
    }
    return {**copy.deepcopy(W3C_CREDENTIAL), "proof": proof}


def _w3c_key(method):
    return integrity.public_key_from_multibase(W3C_PUBLIC_KEY) if method == W3C_METHOD else None


def test_the_published_w3c_credential_verifies():
    proof = integrity.verify_proof(_w3c_signed(), resolve_key=_w3c_key)

    assert proof["proofValue"] == W3C_PROOF_VALUE


def test_a_changed_w3c_credential_fails():
    document = _w3c_signed()
    document["credentialSubject"]["alumniOf"] = "The School of Exampler"

    with pytest.raises(integrity.ProofError, match="does not match"):
        integrity.verify_proof(document, resolve_key=_w3c_key)


def test_an_appended_context_fails_although_the_suite_would_allow_it():
    document = _w3c_signed()
    document["@context"] = [*document["@context"], "https://example.org/more"]

    with pytest.raises(integrity.ProofError, match="@context"):
        integrity.verify_proof(document, resolve_key=_w3c_key)


def test_an_unknown_verification_method_fails():
    with pytest.raises(integrity.ProofError, match="not a known key"):
        integrity.verify_proof(_w3c_signed(), resolve_key=lambda method: None)


@pytest.mark.parametrize("proof_value", ["not multibase", "z0OIl", "z2NEpo7TZRRrLZSi2U", None])
def test_an_unreadable_proof_value_fails(proof_value):
    document = _w3c_signed()
    document["proof"]["proofValue"] = proof_value

    with pytest.raises(integrity.ProofError):
        integrity.verify_proof(document, resolve_key=_w3c_key)
