"""The tolerant cache against a real Redis that is stopped or hung: pages keep working, rate
limits fail open except for those guarding accounts, which refuse with a page that says why."""

import signal
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

import pytest
from allauth.core import ratelimit

from atmp_platform import ops_cache
from atmp_platform.ops_cache import TolerantRedisCache, rate_limited

from .redis_server import own_redis


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with own_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis(redis_server):
    """The module's Redis, running and empty, and a process that has seen no failure yet."""
    redis_server.kill(signal.SIGCONT)
    if not redis_server.running:
        redis_server.stop()
        redis_server.start()
    ops_cache._unavailable_until = 0.0
    yield redis_server
    ops_cache._unavailable_until = 0.0


@pytest.fixture
def tolerant(redis) -> TolerantRedisCache:
    backend = TolerantRedisCache(f"{redis.url}/0", {"KEY_PREFIX": "faults"})
    backend.clear()
    return backend


@pytest.fixture
def site_cache(settings, redis):
    """The site's default cache is the tolerant backend on this test's Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "atmp_platform.ops_cache.TolerantRedisCache",
            "LOCATION": f"{redis.url}/0",
            "KEY_PREFIX": "faults",
        }
    }
    cache.clear()
    return cache


def test_with_redis_up_it_is_an_ordinary_redis_cache(tolerant):
    tolerant.set("a", 1)

    assert tolerant.get("a") == 1
    assert tolerant.add("a", 2) is False
    assert tolerant.incr("a") == 2
    assert tolerant.get_many(["a", "b"]) == {"a": 2}
    assert tolerant.delete("a") is True
    assert tolerant.get("a", "missing") == "missing"


def test_with_redis_stopped_reads_miss_and_writes_are_dropped_at_once(tolerant, redis, caplog):
    tolerant.set("kept", "value")
    redis.stop()
    started = time.monotonic()

    assert tolerant.get("kept", "default") == "default"
    tolerant.set("new", 1)
    assert tolerant.get_many(["kept", "new"]) == {}
    assert tolerant.has_key("kept") is False
    assert tolerant.add("lock", True) is True
    assert tolerant.touch("kept") is False
    assert tolerant.delete("kept") is False
    assert tolerant.set_many({"x": 1, "y": 2}) == ["x", "y"]
    tolerant.delete_many(["x", "y"])
    assert tolerant.clear() is False
    with pytest.raises(ValueError, match="not found"):
        tolerant.incr("kept")

    assert time.monotonic() - started < 1
    warnings = [r for r in caplog.records if r.name == "atmp_platform.ops_cache"]
    assert len(warnings) == 1
    assert "The cache is unavailable" in warnings[0].getMessage()


def test_a_hung_redis_costs_one_short_timeout_then_pages_skip_it(tolerant, redis):
    tolerant.set("kept", "value")
    redis.kill(signal.SIGSTOP)
    try:
        started = time.monotonic()
        assert tolerant.get("kept") is None
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(20):
            assert tolerant.get("kept") is None
        following = time.monotonic() - started
    finally:
        redis.kill(signal.SIGCONT)

    assert ops_cache.SOCKET_TIMEOUT * 0.8 <= first < ops_cache.SOCKET_TIMEOUT * 4
    assert following < 0.05


class Clock:
    """The monotonic clock ops_cache reads, moved by hand: how long Redis takes to start
    again on a busy machine must not decide what the test sees."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_once_redis_is_back_the_cache_is_used_again(tolerant, redis, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(ops_cache, "time", clock)
    redis.stop()
    assert tolerant.get("k") is None
    redis.start()
    clock.now += ops_cache.RETRY_AFTER - 0.1
    tolerant.set("k", "dropped while the process waits")
    assert tolerant.get("k") is None

    clock.now += 0.2
    tolerant.set("k", "v")

    assert tolerant.get("k") == "v"
    assert not ops_cache.unavailable()


@pytest.mark.parametrize(
    ("key", "closed"),
    [
        ("allauth:rl:allauth.account:login:30/60/ip:ip:127.0.0.1:lock", True),
        ("allauth:rl:allauth.account:login_failed:5/300/key:abc:lock", True),
        ("allauth:rl:allauth.account:reset_password:5/3600/ip:ip:1.2.3.4:lock", True),
        ("allauth:rl:allauth.account:signup:10/3600/ip:ip:1.2.3.4:lock", True),
        ("allauth:rl:allauth.account:reauthenticate:10/60/user:user:7:lock", True),
        ("allauth:rl:allauth.account:simulation_action:60/60/user:user:7:lock", False),
        ("allauth:rl:allauth.account:verify_credential:20/60/ip:ip:1.2.3.4:lock", False),
        ("atmp:chrome:generation", False),
    ],
)
def test_only_the_rate_limits_guarding_accounts_fail_closed(key, closed):
    assert ops_cache.fails_closed(key) is closed


def _post(path: str, user=None):
    request = RequestFactory().post(path)
    request.user = user or AnonymousUser()
    return request


def test_with_redis_stopped_a_students_rate_limited_actions_go_through(site_cache, redis, student):
    redis.stop()

    assert ratelimit.consume(_post("/"), action="simulation_action", user=student)
    assert ratelimit.consume(_post("/"), action="verify_credential")


def test_with_redis_stopped_sign_in_is_refused_with_a_page_that_says_why(
    site_cache, redis, home_page, client, student
):
    redis.stop()
    with translation.override("en"):
        login = reverse("account_login")

        response = client.post(login, {"login": student.email, "password": "whatever-it-is"})

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "_auth_user_id" not in client.session
    with translation.override("en"):
        page = client.get("/en/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    content = response.content.decode()
    assert "Signing in is paused" in content


def test_with_redis_up_a_refused_rate_limit_says_there_were_too_many_attempts(
    site_cache, home_page
):
    request = _post("/")

    with translation.override("en"):
        response = rate_limited(request)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not response.has_header("Retry-After")
