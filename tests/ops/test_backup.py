"""deploy/backup and deploy/restore: a backup of real certificates and audit events, restored
into a fresh database and fresh folders on the same PostgreSQL server, verifies as the
original does. The script's refusals are checked without a database."""

import hashlib
import json
import os
import subprocess
import uuid
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates.models import Certificate
from tests.certificates.conftest import certificate_type, competency, levels  # noqa: F401
from tests.certificates.document_helpers import BASE_URL, TEST_SEED, meet_requirements
from tests.conftest import services_missing
from tests.factories import make_user

DEPLOY = Path(django_settings.BASE_DIR) / "deploy"
VERIFY = """
import json
from io import StringIO
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from certificates.credentials import verify_credential
from certificates.models import Certificate

trail = StringIO()
call_command("verify_audit_trail", stdout=trail)
certificates = {
    str(certificate.public_id): [
        verify_credential(certificate.credential).state,
        Path(certificate.pdf.path).read_bytes()[:5].decode(),
    ]
    for certificate in Certificate.objects.all()
}
print(json.dumps({"trail": trail.getvalue().strip(), "certificates": certificates}))
"""


def database_url(name: str) -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name}"
    )


def script(name: str, *args: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_MEDIA_ROOT", "H5P_ROOT"}
    }
    environment |= {"ATMP_ENV_FILE": "/nonexistent/atmp.env", **variables}
    return subprocess.run(
        [str(DEPLOY / name), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        services_missing("Backups are of PostgreSQL: DATABASE_URL does not point at it")
    for program in ("pg_dump", "pg_restore", "psql"):
        if not any((Path(folder) / program).exists() for folder in os.environ["PATH"].split(":")):
            services_missing(f"{program} is not installed (apt-get install postgresql-client)")


@pytest.fixture
def fresh_database(postgresql):
    name = f"atmp_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def issued(settings, eager_tasks, certificate_type, competency):  # noqa: F811
    """Two certificates issued the real way: evidence, then the task (eager) renders the PDF
    and signs the credential after the commit; each step writes its audit events."""
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    for number in (1, 2):
        meet_requirements(make_user("Student", email=f"backup-{number}@example.org"), competency)
    certificates = list(Certificate.objects.all())
    assert [c.status for c in certificates] == [Certificate.Status.ISSUED] * 2
    return certificates


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_verifies_its_certificates_and_audit_trail(
    issued, fresh_database, settings, tmp_path
):
    (settings.H5P_ROOT / "libraries" / "ATMP.Demo-1.0").mkdir(parents=True)
    (settings.H5P_ROOT / "libraries" / "ATMP.Demo-1.0" / "library.json").write_text("{}")
    original = {
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "H5P_ROOT": str(settings.H5P_ROOT),
    }
    backup = script("backup", str(tmp_path / "backups"), **original)
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["migrations"]["latest"]["certificates"]
    assert set(manifest["files"]) == {"database.dump", "media.tar", "h5p.tar", "migrations.txt"}

    refused = script("restore", str(folder), **original)
    assert refused.returncode == 1
    assert "already has" in refused.stderr and "--force" in refused.stderr

    restored = {
        "DATABASE_URL": database_url(fresh_database),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "H5P_ROOT": str(tmp_path / "restored-h5p"),
    }
    restore = script("restore", str(folder), **restored)
    assert restore.returncode == 0, restore.stderr
    assert (tmp_path / "restored-h5p" / "libraries" / "ATMP.Demo-1.0" / "library.json").exists()

    check = subprocess.run(
        [os.sys.executable, "-c", VERIFY],
        cwd=django_settings.BASE_DIR,
        env={
            **os.environ,
            **restored,
            "DJANGO_SETTINGS_MODULE": "atmp_platform.settings.test",
            "ATMP_CREDENTIAL_SIGNING_KEY": TEST_SEED,
            "WAGTAILADMIN_BASE_URL": BASE_URL,
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    result = json.loads(check.stdout.strip().splitlines()[-1])
    assert result["trail"] == f"Audit trail intact: {AuditEvent.objects.count()} events verified."
    assert result["certificates"] == {
        str(certificate.public_id): ["valid", "%PDF-"] for certificate in issued
    }


def fake_backup(folder: Path) -> Path:
    folder.mkdir()
    sums = []
    for name in ("database.dump", "media.tar", "h5p.tar", "migrations.txt"):
        (folder / name).write_bytes(b"original")
        sums.append(f"{hashlib.sha256(b'original').hexdigest()}  {name}\n")
    (folder / "SHA256SUMS").write_text("".join(sums))
    (folder / "manifest.json").write_text("{}")
    return folder


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    folder = fake_backup(tmp_path / "atmp-20261127T000000Z")
    (folder / "media.tar").write_bytes(b"changed")

    result = script(
        "restore",
        str(folder),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        DJANGO_MEDIA_ROOT=str(tmp_path / "target-media"),
        H5P_ROOT=str(tmp_path / "target-h5p"),
    )

    assert result.returncode == 1
    assert "damaged; nothing was restored" in result.stderr
    assert not (tmp_path / "target-media").exists()


def test_backups_are_of_postgresql_only(tmp_path):
    result = script(
        "backup",
        str(tmp_path / "backups"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path),
        H5P_ROOT=str(tmp_path),
    )

    assert result.returncode == 1
    assert "DATABASE_URL must be a postgres:// URL" in result.stderr
    assert not (tmp_path / "backups").exists()


def test_the_scripts_read_what_the_environment_lacks_from_the_environment_file(tmp_path):
    environment_file = tmp_path / "atmp.env"
    environment_file.write_text(
        "# comment\nDEFAULT_FROM_EMAIL=ATMP XB <noreply@atmp-xb.eu>\n"
        "DATABASE_URL='mysql://elsewhere/atmp'\n"
    )

    result = script(
        "backup",
        str(tmp_path),
        ATMP_ENV_FILE=str(environment_file),
        DJANGO_MEDIA_ROOT=str(tmp_path),
        H5P_ROOT=str(tmp_path),
    )

    assert result.returncode == 1
    assert "DATABASE_URL must be a postgres:// URL" in result.stderr
