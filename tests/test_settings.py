"""The settings modules, each imported fresh in a subprocess with a controlled environment."""

import json
import os
import re

from django.conf import settings

import pytest

from .processes import run_python

MACHINE_VARIABLES = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_")
READER = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
print(json.dumps({name: getattr(module, name) for name in sys.argv[2:]}, default=str))
"""


def read_settings(module: str, *names: str, **variables: str) -> dict:
    """The named settings of `module` as the environment `variables` make them."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(MACHINE_VARIABLES)
    }
    result = run_python(
        "-c",
        READER,
        f"atmp_platform.settings.{module}",
        *names,
        environment=environment | variables,
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout)


def test_base_settings_default_to_https_only():
    values = read_settings(
        "base",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
    )

    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECRET_KEY": "",
        "ALLOWED_HOSTS": [],
    }


def test_production_settings_refuse_to_start_without_a_secret_key():
    with pytest.raises(RuntimeError, match="DJANGO_SECRET_KEY"):
        read_settings("production", "SECRET_KEY")


def test_production_settings_take_secret_and_hosts_from_the_environment():
    values = read_settings(
        "production",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DEBUG",
        DJANGO_SECRET_KEY="x" * 60,
        ATMP_CREDENTIAL_SIGNING_KEY="A" * 43,
        DJANGO_ALLOWED_HOSTS="atmp-xb.example.org,www.atmp-xb.example.org",
        DJANGO_DEBUG="true",
    )

    assert values == {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": ["atmp-xb.example.org", "www.atmp-xb.example.org"],
        "DEBUG": False,
    }


def test_sqlite_is_the_default_database_with_wal_and_a_busy_timeout():
    database = read_settings("base", "DATABASES")["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith("var/db.sqlite3")
    assert database["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql_with_persistent_connections():
    database = read_settings(
        "base", "DATABASES", DATABASE_URL="postgres://atmp:secret@db.internal:5432/atmp"
    )["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5432, "atmp")
    assert database["CONN_MAX_AGE"] == 60
    assert "OPTIONS" not in database or "init_command" not in database["OPTIONS"]


def test_redis_url_makes_redis_the_cache_and_the_broker():
    values = read_settings(
        "base",
        "CACHES",
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
        REDIS_URL="redis://cache.internal:6379/1",
    )

    assert values["CACHES"]["default"]["BACKEND"] == "atmp_platform.ops_cache.TolerantRedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    assert values["CELERY_BROKER_URL"] == "redis://cache.internal:6379/1"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False


def test_without_a_broker_tasks_run_eagerly_and_the_cache_is_local():
    values = read_settings("base", "CACHES", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER")

    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["CELERY_BROKER_URL"] == ""
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True


def test_an_explicit_broker_wins_over_redis_url():
    values = read_settings(
        "base",
        "CELERY_BROKER_URL",
        REDIS_URL="redis://cache.internal:6379/1",
        CELERY_BROKER_URL="redis://broker.internal:6379/0",
    )

    assert values["CELERY_BROKER_URL"] == "redis://broker.internal:6379/0"


def test_dev_settings_serve_plain_http_with_console_email():
    values = read_settings(
        "dev",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "EMAIL_BACKEND",
        "ALLOWED_HOSTS",
    )

    assert values == {
        "DEBUG": True,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
    }


def test_email_comes_from_the_environment():
    values = read_settings(
        "production",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        DJANGO_SECRET_KEY="x" * 60,
        ATMP_CREDENTIAL_SIGNING_KEY="A" * 43,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="ATMP XB <info@example.org>",
    )

    assert values == {
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "ATMP XB <info@example.org>",
    }


def test_every_variable_the_settings_read_is_documented():
    settings_dir = settings.BASE_DIR / "atmp_platform" / "settings"
    source = "\n".join(path.read_text() for path in settings_dir.glob("*.py"))
    variables = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", source))
    readme = (settings.BASE_DIR / "README.md").read_text()
    example = (settings.BASE_DIR / ".env.example").read_text()

    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= variables
    assert sorted(name for name in variables if f"`{name}`" not in readme) == []
    assert sorted(name for name in variables if f"{name}=" not in example) == []


@pytest.mark.django_db
def test_behind_the_proxy_rate_limits_count_each_client_not_the_proxy(settings, rf):
    """nginx connects from 127.0.0.1 and appends the client to X-Forwarded-For: with
    ATMP_TRUSTED_PROXY_COUNT=1 one client's exhausted limit leaves another client alone; a
    client that writes its own X-Forwarded-For entry still counts as the address nginx saw."""
    from allauth.core import ratelimit

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "1/m/ip"}

    def attempt(forwarded_for: str) -> bool:
        request = rf.post("/nl/accounts/login/", REMOTE_ADDR="127.0.0.1")
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
        return ratelimit.consume(request, action="login_failed")

    assert attempt("203.0.113.5")
    assert not attempt("203.0.113.5")
    assert attempt("203.0.113.6")
    assert not attempt("198.51.100.1, 203.0.113.5")
