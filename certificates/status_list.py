"""The revocation list: a W3C Bitstring Status List v1.0 credential, signed like the
certificates' own credentials.

Every certificate has a random index in list 1 (`issuing.STATUS_LIST_SIZE` entries); the bit
at that index is 1 once the certificate is revoked. The signed list is built from the database
and kept in the shared cache until `invalidate()` (the revoke service calls it).
"""

import base64
import gzip
from datetime import UTC, datetime

from django.core.cache import cache

from . import integrity, keys
from .issuing import STATUS_LIST_SIZE
from .models import Certificate
from .urls_absolute import issuer_url, status_list_url

LIST_ID = 1
CACHE_KEY = "certificates:status-list:{list_id}"
# Kept until invalidated; the bound only limits how long a missed invalidation could last.
CACHE_SECONDS = 60 * 60
STATUS_LIST_CONTEXT = ["https://www.w3.org/ns/credentials/v2"]


def revoked_indexes() -> list[int]:
    revoked = Certificate.objects.filter(status=Certificate.Status.REVOKED)
    return list(revoked.values_list("status_list_index", flat=True))


def encode_list(indexes, size: int = STATUS_LIST_SIZE) -> str:
    """Multibase base64url (no padding) of the GZIP-compressed bitstring; index 0 is the
    most significant bit of the first byte (Bitstring Status List v1.0 §3.2)."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_list(encoded: str) -> bytes:
    """Raises ValueError when `encoded` is not a multibase base64url GZIP bitstring."""
    if not encoded.startswith("u"):
        raise ValueError("The encoded list is not multibase base64url.")
    body = encoded[1:]
    try:
        compressed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
        bits = gzip.decompress(compressed)
    except (OSError, EOFError, ValueError) as error:
        raise ValueError("The encoded list cannot be decompressed.") from error
    if not bits:
        raise ValueError("The encoded list is empty.")
    return bits


def bit_is_set(bitstring: bytes, index: int) -> bool:
    if not 0 <= index < len(bitstring) * 8:
        return False
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_credential(list_id: int = LIST_ID) -> dict:
    url = status_list_url(list_id)
    document = {
        "@context": STATUS_LIST_CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(),
        "validFrom": _now(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_list(revoked_indexes()),
        },
    }
    signing = keys.signing_key()
    return integrity.add_proof(
        document,
        private_key=signing.private_key,
        verification_method=f"{issuer_url()}#{signing.public.key_id}",
        created=document["validFrom"],
    )


def status_list_credential(list_id: int = LIST_ID) -> dict:
    """The signed list, from the cache when it is there."""
    key = CACHE_KEY.format(list_id=list_id)
    credential = cache.get(key)
    if credential is None:
        credential = build_credential(list_id)
        cache.set(key, credential, CACHE_SECONDS)
    return credential


def invalidate(list_id: int = LIST_ID) -> None:
    """Drop the cached list: the next request builds it again from the database."""
    cache.delete(CACHE_KEY.format(list_id=list_id))


def is_revoked(index: int, list_id: int = LIST_ID) -> bool:
    """Whether the published list has the bit at `index` set."""
    encoded = status_list_credential(list_id)["credentialSubject"]["encodedList"]
    return bit_is_set(decode_list(encoded), index)
