"""Player tokens: what authorises the H5P player and its files.

The player runs in a sandboxed iframe (an opaque origin) or on a separate cookieless origin
(H5P_PLAYER_ORIGIN), so it has no session. The lesson page signs a token for one user, one
content and one page; every player, content and library request carries it in its path. A
token expires after H5P_PLAYER_TOKEN_MAX_AGE seconds: a reload of the lesson gives a new one.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "courses.h5p.player-token"


class InvalidPlayerToken(Exception):
    """The token is forged, damaged or expired."""


@dataclass(frozen=True)
class PlayerGrant:
    content_uuid: uuid.UUID
    user_id: int
    page_id: int


def max_age() -> int:
    return settings.H5P_PLAYER_TOKEN_MAX_AGE


def make_player_token(*, content_uuid: uuid.UUID, user_id: int, page_id: int) -> str:
    payload = {"c": str(content_uuid), "u": int(user_id), "p": int(page_id)}
    return signing.dumps(payload, salt=SALT)


def read_player_token(token: str) -> PlayerGrant:
    """The grant a token carries; InvalidPlayerToken unless it is ours, intact and fresh."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature too
        raise InvalidPlayerToken(str(error)) from error
    try:
        return PlayerGrant(
            content_uuid=uuid.UUID(payload["c"]),
            user_id=int(payload["u"]),
            page_id=int(payload["p"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidPlayerToken("The token does not carry a player grant.") from error
