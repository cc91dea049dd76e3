"""The issuer's Ed25519 key, and the public keys a credential may have been signed with.

Production: ATMP_CREDENTIAL_SIGNING_KEY holds the 32-byte private seed, base64url-encoded
(production.py refuses to start without it). Rotation: put the old key's public Multikey
(z6Mk…, shown on the issuer profile) in ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS, so credentials
signed with it still verify. Development and tests without the variable: a key is generated
once and kept in ATMP_CREDENTIAL_KEY_DIR (git-ignored var/keys/, mode 0600), so credentials
stay verifiable across restarts.
"""

import base64
import binascii
import hashlib
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import integrity

DEV_KEY_FILE = "credential-signing-key"


@dataclass(frozen=True)
class PublicKey:
    key: Ed25519PublicKey
    # "key-" + the first 16 hex digits of the SHA-256 of the raw key: stable per key, so a
    # verification method names the key it was made with.
    key_id: str
    multibase: str


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    public: PublicKey


def encode_seed(seed: bytes) -> str:
    return base64.urlsafe_b64encode(seed).rstrip(b"=").decode("ascii")


def generate_seed_text() -> str:
    """A new value for ATMP_CREDENTIAL_SIGNING_KEY."""
    return encode_seed(secrets.token_bytes(32))


def parse_seed(text: str) -> Ed25519PrivateKey:
    """Raises ImproperlyConfigured unless `text` is a base64url 32-byte seed."""
    value = text.strip()
    try:
        seed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured(
            "ATMP_CREDENTIAL_SIGNING_KEY is not base64url text (see .env.example)."
        ) from error
    if len(seed) != 32:
        raise ImproperlyConfigured(
            "ATMP_CREDENTIAL_SIGNING_KEY must encode exactly 32 bytes (an Ed25519 seed)."
        )
    return Ed25519PrivateKey.from_private_bytes(seed)


def describe(public_key: Ed25519PublicKey) -> PublicKey:
    raw = public_key.public_bytes_raw()
    key_id = "key-" + hashlib.sha256(raw).hexdigest()[:16]
    return PublicKey(public_key, key_id, integrity.public_key_multibase(public_key))


def _dev_key_text(directory: Path) -> str:
    """The development key, created on first use. Several processes may start at once: the
    file appears whole or not at all (written aside, then linked, which fails if it exists)."""
    path = directory / DEV_KEY_FILE
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        spare = directory / f".{DEV_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(generate_seed_text() + "\n")
        try:
            os.link(spare, path)
        except FileExistsError:
            pass
        finally:
            spare.unlink()
    return path.read_text(encoding="ascii")


@lru_cache(maxsize=4)
def _load(seed_text: str, directory: str, previous: tuple[str, ...]) -> tuple:
    private_key = parse_seed(seed_text or _dev_key_text(Path(directory)))
    signing = SigningKey(private_key, describe(private_key.public_key()))
    published = [signing.public]
    for text in previous:
        try:
            public_key = integrity.public_key_from_multibase(text.strip())
        except ValueError as error:
            raise ImproperlyConfigured(
                f"ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS: {text!r} is not an Ed25519 public "
                "Multikey (z6Mk…)."
            ) from error
        if public_key.public_bytes_raw() != signing.public.key.public_bytes_raw():
            published.append(describe(public_key))
    return signing, tuple(published)


def _current() -> tuple:
    return _load(
        settings.ATMP_CREDENTIAL_SIGNING_KEY,
        str(settings.ATMP_CREDENTIAL_KEY_DIR),
        tuple(key for key in settings.ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS if key.strip()),
    )


def signing_key() -> SigningKey:
    return _current()[0]


def published_keys() -> tuple[PublicKey, ...]:
    """The current key first, then the previous ones still accepted."""
    return _current()[1]


def public_key_for(key_id: str) -> Ed25519PublicKey | None:
    for published in published_keys():
        if published.key_id == key_id:
            return published.key
    return None
