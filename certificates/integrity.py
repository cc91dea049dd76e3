"""Data Integrity proofs with the eddsa-jcs-2022 cryptosuite (W3C VC Data Integrity EdDSA
Cryptosuites v1.0), and the encodings it needs: JCS (RFC 8785), base58btc and multibase.

Why JCS and not RDF canonicalisation (eddsa-rdfc-2022): JCS signs the JSON exactly as it is, so
every character of every field is covered, including fields that a JSON-LD context does not
define (RDFC drops those, and a change to them would go unnoticed). It also needs no JSON-LD
context fetching, so a credential verifies offline and no remote context can change its meaning.

Pure Python on top of `cryptography`; no Django.
"""

import hashlib
import math
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_TYPE = "DataIntegrityProof"
# Multicodec prefixes (varint) of Multikey values.
ED25519_PUBLIC_PREFIX = b"\xed\x01"
ED25519_PRIVATE_PREFIX = b"\x80\x26"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {character: value for value, character in enumerate(BASE58_ALPHABET)}
_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
_JSON_ESCAPES["\t"] = "\\t"


class ProofError(Exception):
    """A proof that does not verify; the message says why (English, for logs and tests)."""


# ---------- JCS (RFC 8785) ----------


def canonicalize(value) -> bytes:
    """The RFC 8785 canonical UTF-8 form of a JSON value (dicts, lists, str, int, float,
    bool, None). Raises ValueError for NaN, infinities and values JSON cannot hold."""
    return _serialize(value).encode("utf-8")


def _serialize(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _serialize_string(value)
    if isinstance(value, int | float):
        return serialize_number(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_serialize(item) for item in value) + "]"
    if isinstance(value, dict):
        return _serialize_object(value)
    raise ValueError(f"{type(value).__name__} is not a JSON value.")


def _serialize_object(value: dict) -> str:
    if not all(isinstance(key, str) for key in value):
        raise ValueError("JSON object keys must be strings.")
    # RFC 8785 §3.2.3: keys sorted by their UTF-16 code units, not by code points.
    keys = sorted(value, key=lambda key: key.encode("utf-16-be"))
    members = (f"{_serialize_string(key)}:{_serialize(value[key])}" for key in keys)
    return "{" + ",".join(members) + "}"


def _serialize_string(value: str) -> str:
    parts = []
    for character in value:
        if character in _JSON_ESCAPES:
            parts.append(_JSON_ESCAPES[character])
        elif character < " ":
            parts.append(f"\\u{ord(character):04x}")
        else:
            parts.append(character)
    return '"' + "".join(parts) + '"'


def serialize_number(number: int | float) -> str:
    """ECMAScript's Number.prototype.toString of the IEEE 754 double (RFC 8785 §3.2.2.3)."""
    try:
        number = float(number)
    except OverflowError as error:
        raise ValueError("The number is too large for an IEEE 754 double.") from error
    if math.isnan(number) or math.isinf(number):
        raise ValueError("NaN and infinities are not JSON numbers.")
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    digits, point = _shortest_digits(abs(number))
    return sign + _format_digits(digits, point)


def _shortest_digits(number: float) -> tuple[str, int]:
    """(digits, n) with number = 0.digits × 10^n, digits the shortest that round-trip
    (Python's repr finds them, as ECMAScript does)."""
    text = repr(number)
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0"), point


def _format_digits(digits: str, n: int) -> str:
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return f"{digits[:n]}.{digits[n:]}"
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    exponent = n - 1
    sign = "+" if exponent >= 0 else "-"
    head = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
    return f"{head}e{sign}{abs(exponent)}"


# ---------- base58btc and multibase ----------


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58_decode(text: str) -> bytes:
    """Raises ValueError on a character outside the Bitcoin alphabet."""
    number = 0
    for character in text:
        if character not in _BASE58_INDEX:
            raise ValueError(f"{character!r} is not a base58btc character.")
        number = number * 58 + _BASE58_INDEX[character]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_zeros + body


def multibase_base58btc(data: bytes) -> str:
    return "z" + base58_encode(data)


def decode_multibase_base58btc(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("Not a base58btc multibase value (it must start with “z”).")
    return base58_decode(text[1:])


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The Multikey form of an Ed25519 public key: z6Mk…"""
    return multibase_base58btc(ED25519_PUBLIC_PREFIX + public_key.public_bytes_raw())


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    raw = decode_multibase_base58btc(text)
    if len(raw) != 34 or not raw.startswith(ED25519_PUBLIC_PREFIX):
        raise ValueError("Not an Ed25519 Multikey public key.")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_from_multibase(text: str) -> Ed25519PrivateKey:
    raw = decode_multibase_base58btc(text)
    if len(raw) != 34 or not raw.startswith(ED25519_PRIVATE_PREFIX):
        raise ValueError("Not an Ed25519 Multikey private key.")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


# ---------- eddsa-jcs-2022 ----------


def _hash_data(document: dict, proof_config: dict) -> bytes:
    return (
        hashlib.sha256(canonicalize(proof_config)).digest()
        + hashlib.sha256(canonicalize(document)).digest()
    )


def add_proof(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
) -> dict:
    """A copy of `document` with an eddsa-jcs-2022 DataIntegrityProof (spec §3.3.1)."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = private_key.sign(_hash_data(unsecured, proof))
    proof["proofValue"] = multibase_base58btc(signature)
    return {**unsecured, "proof": proof}


def verify_proof(
    document: dict,
    *,
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    proof_purpose: str = "assertionMethod",
) -> dict:
    """Check the document's eddsa-jcs-2022 proof (spec §3.3.2); return the proof.

    `resolve_key(verification_method)` returns the public key for that method, or None when
    the method is not one the caller trusts. Raises ProofError saying what failed.
    """
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("The document has no single proof object.")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("The proof is not an eddsa-jcs-2022 DataIntegrityProof.")
    if proof.get("proofPurpose") != proof_purpose:
        raise ProofError(f"The proof's purpose is not {proof_purpose}.")
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    _check_context(options, unsecured)
    public_key = resolve_key(proof.get("verificationMethod"))
    if public_key is None:
        raise ProofError("The proof's verification method is not a known key.")
    signature = _signature(proof.get("proofValue"))
    try:
        public_key.verify(signature, _hash_data(unsecured, options))
    except InvalidSignature as error:
        raise ProofError("The signature does not match the document.") from error
    return proof


def _check_context(options: dict, unsecured: dict) -> None:
    if "@context" not in options:
        return
    context = options["@context"]
    document_context = unsecured.get("@context")
    if not isinstance(context, list) or not isinstance(document_context, list):
        raise ProofError("The proof's @context does not match the document's.")
    # The suite lets a document's @context start with the proof's and then go on; ours must
    # be equal, so that nothing, not even an appended context, changes unnoticed.
    if document_context != context:
        raise ProofError("The proof's @context does not match the document's.")


def _signature(proof_value) -> bytes:
    try:
        signature = decode_multibase_base58btc(proof_value)
    except ValueError as error:
        raise ProofError(f"The proof value cannot be read: {error}") from error
    if len(signature) != 64:
        raise ProofError("The proof value is not an Ed25519 signature.")
    return signature
