"""Player tokens: signed for one user, content and page; forged, altered or stale ones fail."""

import uuid
from types import SimpleNamespace

from django.core import signing

import pytest

from courses.h5p.tokens import (
    SALT,
    InvalidPlayerToken,
    PlayerGrant,
    make_player_token,
    read_player_token,
)

CONTENT = uuid.UUID("0b6f3c1e-8a55-4c2e-9d7a-3f1c2b4d5e6f")
START = 1_800_000_000


@pytest.fixture
def clock(monkeypatch):
    """The time signing sees, set by the test (seconds since the epoch)."""
    now = SimpleNamespace(value=START)
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now.value))
    return now


def test_a_token_carries_its_user_content_and_page():
    token = make_player_token(content_uuid=CONTENT, user_id=7, page_id=42)
    assert read_player_token(token) == PlayerGrant(content_uuid=CONTENT, user_id=7, page_id=42)


def test_a_token_is_usable_in_a_url_path():
    token = make_player_token(content_uuid=CONTENT, user_id=7, page_id=42)
    assert "/" not in token
    assert "?" not in token
    assert "#" not in token


def test_an_altered_token_is_refused():
    token = make_player_token(content_uuid=CONTENT, user_id=7, page_id=42)
    other = make_player_token(content_uuid=CONTENT, user_id=8, page_id=42)
    payload_of_other = other.split(":")[0]
    forged = ":".join([payload_of_other, *token.split(":")[1:]])
    with pytest.raises(InvalidPlayerToken):
        read_player_token(forged)


def test_a_token_signed_for_another_purpose_is_refused():
    token = signing.dumps({"c": str(CONTENT), "u": 7, "p": 42}, salt="another.purpose")
    with pytest.raises(InvalidPlayerToken):
        read_player_token(token)


def test_a_token_signed_with_another_key_is_refused(settings):
    token = make_player_token(content_uuid=CONTENT, user_id=7, page_id=42)
    settings.SECRET_KEY = "a-different-secret-key-for-this-test"
    with pytest.raises(InvalidPlayerToken):
        read_player_token(token)


@pytest.mark.parametrize("garbage", ["", "abc", "a:b:c", "é:é", "x" * 500])
def test_garbage_is_refused(garbage):
    with pytest.raises(InvalidPlayerToken):
        read_player_token(garbage)


def test_a_signed_payload_without_a_grant_is_refused():
    token = signing.dumps({"c": "not-a-uuid", "u": "x"}, salt=SALT)
    with pytest.raises(InvalidPlayerToken):
        read_player_token(token)


def test_a_token_expires_after_the_maximum_age(settings, clock):
    settings.H5P_PLAYER_TOKEN_MAX_AGE = 60 * 60
    token = make_player_token(content_uuid=CONTENT, user_id=7, page_id=42)
    clock.value = START + 59 * 60
    assert read_player_token(token).user_id == 7
    clock.value = START + 61 * 60
    with pytest.raises(InvalidPlayerToken):
        read_player_token(token)


def test_tokens_last_a_few_hours_by_default(clock):
    token = make_player_token(content_uuid=CONTENT, user_id=7, page_id=42)
    clock.value = START + 3 * 60 * 60 + 30 * 60
    assert read_player_token(token).page_id == 42
    clock.value = START + 4 * 60 * 60 + 60
    with pytest.raises(InvalidPlayerToken):
        read_player_token(token)
