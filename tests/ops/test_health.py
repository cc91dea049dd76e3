"""/healthz: each check passing and failing for real, its timeout, and how it is reached."""

import os
import socket
import threading
import time

from django.test import Client

import pytest

from atmp_platform.ops import health
from tests.factories import make_user
from tests.processes import run_python

pytestmark = pytest.mark.django_db

ALL_CHECKS = {"database", "cache", "broker", "disk"}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_health(client=None, **headers):
    return (client or Client()).get("/healthz", **headers)


def failing(response) -> set[str]:
    return {name for name, check in response.json()["checks"].items() if not check["ok"]}


def test_everything_ok_answers_200_with_every_check_timed():
    response = get_health()

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == ALL_CHECKS
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


def test_without_a_broker_the_broker_check_passes_and_says_tasks_run_eagerly(settings):
    settings.CELERY_BROKER_URL = ""

    check = get_health().json()["checks"]["broker"]

    assert check["ok"] is True
    assert check["detail"].startswith("eager")


def test_a_redis_cache_with_nothing_listening_fails_the_cache_check(settings):
    port = closed_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }

    response = get_health()

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert failing(response) == {"cache"}
    assert str(port) not in response.json()["checks"]["cache"]["detail"]


def test_a_broker_with_nothing_listening_fails_the_broker_check(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"

    response = get_health()

    assert response.status_code == 503
    assert failing(response) == {"broker"}


def test_less_free_space_than_the_minimum_fails_the_disk_check(settings):
    settings.ATMP_HEALTH_MIN_FREE_BYTES = 2**62

    response = get_health()

    assert response.status_code == 503
    assert failing(response) == {"disk"}
    assert "below the minimum" in response.json()["checks"]["disk"]["detail"]


def test_a_missing_media_folder_fails_the_disk_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"

    response = get_health()

    assert failing(response) == {"disk"}
    assert response.json()["checks"]["disk"]["detail"] == "the media folder does not exist"


@pytest.fixture
def silent_redis():
    """A server that accepts connections and never answers, like a hung Redis. Closing it
    at the end frees the check's thread, which would otherwise wait for ever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in accepted:
        connection.close()
    health._threads["cache"].submit(lambda: None).result(timeout=10)


def test_a_hung_cache_costs_no_more_than_the_timeout(settings, silent_redis):
    settings.ATMP_HEALTH_TIMEOUT_SECONDS = 0.5
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{silent_redis}/0",
        }
    }
    started = time.monotonic()

    response = get_health()

    # Without the timeout the silent server holds the check for ever; the bound leaves room
    # for a busy machine.
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert failing(response) == {"cache"}
    assert response.json()["checks"]["cache"]["detail"] == "no answer within 0.5 s"


def test_an_unreachable_database_fails_the_database_check(tmp_path):
    """In a process of its own: the database of a running process cannot be swapped."""
    probe = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(response.status_code, sorted(n for n, c in response.json()['checks'].items()"
        " if not c['ok']))\n"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "CELERY_BROKER_URL"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "atmp_platform.settings.test",
        "DATABASE_URL": f"postgres://atmp:atmp@127.0.0.1:{closed_port()}/atmp",
        "DJANGO_MEDIA_ROOT": str(tmp_path),
        "H5P_ROOT": str(tmp_path),
        "ATMP_HEALTH_MIN_FREE_BYTES": "0",
    }

    result = run_python("-c", probe, environment=environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 ['database']"


def test_it_is_not_redirected_to_https_nor_refused_for_an_unknown_host(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["atmp-xb.example.org"]

    response = get_health(HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


def test_it_sets_no_cookie_and_needs_no_csrf_token_or_language_prefix(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    response = get_health(client)

    assert response.status_code == 200
    assert not response.cookies
    assert "Content-Language" not in response


def test_only_get_and_head_are_answered():
    client = Client()

    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.services
def test_with_the_services_every_check_passes_against_postgresql_and_redis(services):
    response = get_health()

    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert checks["database"]["detail"] == "postgresql"
    assert checks["cache"]["detail"].endswith("RedisCache")
    assert "redis" in checks["broker"]["detail"].lower()


@pytest.mark.parametrize(
    "role", [None, "Student", "Trainer", "Partner editor", "Programme administrator"]
)
def test_every_role_and_a_visitor_get_the_same_answer(role):
    """Who: anyone. The answer holds no personal data and differs for no one."""
    client = Client()
    if role is not None:
        client.force_login(make_user(role))

    response = get_health(client)

    assert response.status_code == 200
    assert set(response.json()["checks"]) == ALL_CHECKS
