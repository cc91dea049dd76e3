"""What a production deployment relies on: a clean deploy check and no missing migrations."""

import base64
import os
import secrets
import subprocess
from io import StringIO

from django.core.management import call_command

from .processes import run_python

# Variables that would make the deploy check read this machine rather than the production
# defaults under test.
MACHINE_VARIABLES = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")


def production_environment(tmp_path) -> dict[str, str]:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(MACHINE_VARIABLES)
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="atmp_platform.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="atmp-xb.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        # Production refuses to start without the credential signing key (certificates/keys.py).
        ATMP_CREDENTIAL_SIGNING_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    )
    return environment


def manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, environment=environment)


def test_deploy_check_with_production_settings_reports_no_issues(tmp_path):
    result = manage("check", "--deploy", environment=production_environment(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, (
        result.stdout + result.stderr
    )


def test_deploy_check_flags_a_short_secret_key(tmp_path):
    environment = production_environment(tmp_path) | {"DJANGO_SECRET_KEY": "short"}

    result = manage("check", "--deploy", environment=environment)

    assert "security.W009" in result.stdout + result.stderr


def test_models_and_migrations_agree(db):
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()
