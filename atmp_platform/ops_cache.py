"""A Redis cache that degrades instead of failing, and the page that says so.

Django's RedisCache raises when Redis is down, which turns every page that touches the cache
(rate limits, the cached site chrome, the certificate status list) into a 500. This backend
logs a warning and carries on: reads miss, writes are dropped, with short socket timeouts so
that a hung Redis cannot hang a page. After a failure it leaves Redis alone for a few seconds
(per process), so that a page touching the cache twenty times pays the timeout once.

Rate limits (allauth's, kept in this cache) then fail in a stated way. Fail open, so that the
site keeps working for the people already on it: a student's simulation actions, the public
credential check and other limits count nothing while Redis is down. Fail closed for the limits
that stand between an attacker and an account (RATE_LIMITS_FAILING_CLOSED: sign-in, sign-up,
password reset and change, re-authentication, e-mail verification): without their counters a
password could be guessed at full speed, so those attempts are refused, with a page that says
why (`rate_limited`), until Redis is back. People already signed in stay signed in: sessions
live in the database.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds: Redis answers on a local network in well under a millisecond.
SOCKET_TIMEOUT = 0.5
# Seconds after a failure during which this process does not try Redis again.
RETRY_AFTER = 5.0
# allauth keeps each rate limit under "allauth:rl:<app>:<action>:..." and locks it with add()
# before counting: answering False to that add() refuses the attempt.
RATE_LIMIT_PREFIX = "allauth:rl:"
RATE_LIMITS_FAILING_CLOSED = frozenset(
    {
        "login",
        "login_failed",
        "signup",
        "reset_password",
        "reset_password_from_key",
        "reauthenticate",
        "change_password",
        "confirm_email",
        "manage_email",
    }
)

_unavailable_until = 0.0


def unavailable() -> bool:
    """Whether the cache failed in this process within the last RETRY_AFTER seconds."""
    return time.monotonic() < _unavailable_until


def _failed(operation: str, error: Exception) -> None:
    global _unavailable_until  # one flag per process, on purpose: it only saves timeouts
    if not unavailable():
        logger.warning(
            "The cache is unavailable (%s: %s); pages carry on without it for %.0f s.",
            operation,
            error,
            RETRY_AFTER,
        )
    _unavailable_until = time.monotonic() + RETRY_AFTER


def fails_closed(key: str) -> bool:
    """Whether `key` is the lock of a rate limit that refuses attempts while Redis is down."""
    if not key.startswith(RATE_LIMIT_PREFIX):
        return False
    parts = key.split(":")
    return len(parts) > 3 and parts[3] in RATE_LIMITS_FAILING_CLOSED


class TolerantRedisCache(RedisCache):
    """RedisCache whose every operation answers as a cache without the entry when Redis
    fails: get misses, set and delete are dropped, add succeeds except for the rate limits
    that fail closed (see the module docstring)."""

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": SOCKET_TIMEOUT,
            "socket_timeout": SOCKET_TIMEOUT,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})

    def _tolerant(self, operation: str, call: Callable[[], Any], fallback: Any) -> Any:
        if unavailable():
            return fallback
        try:
            return call()
        except RedisError as error:
            _failed(operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            "add",
            lambda: super(TolerantRedisCache, self).add(key, value, timeout, version),
            not fails_closed(key),
        )

    def get(self, key, default=None, version=None):
        return self._tolerant(
            "get", lambda: super(TolerantRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._tolerant(
            "set", lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            "touch", lambda: super(TolerantRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._tolerant(
            "delete", lambda: super(TolerantRedisCache, self).delete(key, version), False
        )

    def get_many(self, keys, version=None):
        return self._tolerant(
            "get_many", lambda: super(TolerantRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key, version=None):
        return self._tolerant(
            "has_key", lambda: super(TolerantRedisCache, self).has_key(key, version), False
        )

    def incr(self, key, delta=1, version=None):
        result = self._tolerant(
            "incr", lambda: super(TolerantRedisCache, self).incr(key, delta, version), None
        )
        if result is None:
            # What a cache without the key answers.
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            "set_many",
            lambda: super(TolerantRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def delete_many(self, keys, version=None):
        self._tolerant(
            "delete_many", lambda: super(TolerantRedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self._tolerant("clear", lambda: super(TolerantRedisCache, self).clear(), False)


def rate_limited(request, exception=None):
    """Who: anyone whom a rate limit refused (allauth renders this through handler429).

    While the cache is down, the limits that fail closed refuse every attempt: the page then
    says so, as 503 with Retry-After, instead of blaming the person for too many requests.
    """
    down = unavailable()
    response = render(request, "429.html", {"cache_unavailable": down}, status=503 if down else 429)
    if down:
        response["Retry-After"] = str(int(RETRY_AFTER * 12))
    return response
