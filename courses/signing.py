"""What an electronic signature needs from the session: a recent re-authentication and the
filled-in form, kept while the signer confirms their identity.

Re-authentication is allauth's: its views record each confirmation in the session
(`get_authentication_records`, entries with `reauthenticated` and the time). A signer
confirms with their password, and also with their second factor when they have one, so that a
signature always rests on every identification component (21 CFR 11.200(a)(1)); each
confirmation must be at most ATMP_SIGNATURE_REAUTH_SECONDS old when the signature is made.

The form is kept as a signed draft in the session, never as a row: nothing about an unsigned
assessment is stored in the database.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from django.core import signing
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from allauth.account.authentication import get_authentication_records

from atmp_platform.accounts.middleware import has_second_factor
from certificates.signatures import reauth_window

REAUTHENTICATION_URLS = {"password": "account_reauthenticate", "mfa": "mfa_reauthenticate"}
# The steps that send a signer to confirm their identity, and back.
SIGNING_VIEWS = frozenset({"trainer:assess_review", "trainer:correct_assessment_review"})
DRAFT_SALT = "courses.assessment-draft"
DRAFT_MAX_AGE = 2 * 60 * 60


@dataclass(frozen=True)
class Reauthentication:
    # The oldest of the confirmations the signer needs (None: one is missing or too old).
    at: datetime | None
    with_mfa: bool
    # The method to confirm next when `at` is None.
    next_method: str | None = None


def required_methods(user) -> list[str]:
    return ["password", "mfa"] if has_second_factor(user) else ["password"]


def _latest(records: list[dict], method: str) -> float | None:
    times = [
        record["at"]
        for record in records
        if record.get("reauthenticated")
        and record.get("method") == method
        and isinstance(record.get("at"), int | float)
    ]
    return max(times, default=None)


def reauthentication_of(request) -> Reauthentication:
    """Whether the user confirmed every method recently enough to sign now."""
    records = get_authentication_records(request, request.user)
    window = reauth_window().total_seconds()
    now = time.time()
    confirmed = []
    for method in required_methods(request.user):
        at = _latest(records, method)
        if at is None or not (0 <= now - at <= window):
            return Reauthentication(at=None, with_mfa=False, next_method=method)
        confirmed.append(at)
    oldest = datetime.fromtimestamp(min(confirmed), tz=UTC)
    return Reauthentication(at=oldest, with_mfa=len(confirmed) > 1)


def reauthenticate(request, method: str, next_url: str):
    """Send the user to allauth's confirmation for `method`, then back to `next_url`."""
    url = reverse(REAUTHENTICATION_URLS[method])
    return redirect(f"{url}?{urlencode({'next': next_url})}")


def leads_to_signature(next_url: str | None) -> bool:
    """Whether a confirmation of identity returns to a signing step: its page then says
    what the confirmation is for."""
    if not next_url:
        return False
    path = urlsplit(next_url).path
    # The page may be in the other language than the step it leads back to.
    language = translation.get_language_from_path(path) or translation.get_language()
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in SIGNING_VIEWS


def draft_key(*parts) -> str:
    return "assessment_draft:" + ":".join(str(part) for part in parts)


def save_draft(request, key: str, data: dict) -> None:
    payload = {"user": request.user.pk, "key": key, "data": data}
    request.session[key] = signing.dumps(payload, salt=DRAFT_SALT)


def load_draft(request, key: str) -> dict | None:
    """The draft saved under `key` by this user, unless it is missing, altered or stale."""
    token = request.session.get(key)
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=DRAFT_SALT, max_age=DRAFT_MAX_AGE)
    except signing.BadSignature:
        drop_draft(request, key)
        return None
    if payload.get("user") != request.user.pk or payload.get("key") != key:
        return None
    return payload.get("data")


def drop_draft(request, key: str) -> None:
    request.session.pop(key, None)
