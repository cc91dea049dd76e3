"""Test databases made from one migrated template instead of migrating each one.

Migrating an empty database takes about 30 s of one core (some 260 migrations, most of them
Wagtail's); every pytest-xdist worker used to do it, on both runs of CI. Now the first worker
migrates a template once, under a file lock the others wait on, and each worker's test
database starts as a copy of it:

- SQLite: the template is a file under var/test-db/, copied into the worker's in-memory
  database with SQLite's backup API;
- PostgreSQL: the template is a database on the same server, named after the test database,
  and the test database is created from it (`CREATE DATABASE ... TEMPLATE`, Django's TEST
  TEMPLATE setting).

A template is named by a fingerprint of every migration file (ours and the installed
packages'), so a changed or added migration makes a new one. Django's own test-database set-up
then runs `migrate` as usual, which finds nothing to apply.
"""

import fcntl
import hashlib
import importlib.util
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import django
from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "test-db"


def use_a_migrated_template(alias: str = "default") -> None:
    """Make the test database of `alias` start from a migrated template (built if missing)."""
    connection = connections[alias]
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.creation._get_test_db_name()
    ):
        _from_sqlite_template(connection, sqlite_template())
    elif connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["TEMPLATE"] = _postgresql_template(connection)
        # Two workers copying the template at once can find it "accessed by other users".
        create = connection.creation._create_test_db

        def create_under_the_lock(verbosity, autoclobber, keepdb=False):
            with _Lock():
                return create(verbosity, autoclobber, keepdb)

        connection.creation._create_test_db = create_under_the_lock


def fingerprint() -> str:
    """A hash of Django's version and every migration file, read without importing them: a
    migration of wagtail-localize queries the database on import."""
    digest = hashlib.sha256(django.get_version().encode())
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        module, _ = MigrationLoader.migrations_module(app.label)
        try:
            spec = importlib.util.find_spec(module) if module else None
        except ModuleNotFoundError:
            spec = None
        for folder in (spec and spec.submodule_search_locations) or ():
            for path in sorted(Path(folder).glob("*.py")):
                digest.update(f"{module}.{path.stem}".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _migrate(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0", "--skip-checks"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "atmp_platform.settings.test",
            "DATABASE_URL": database_url,
        },
        check=True,
    )


class _Lock:
    """An exclusive lock on a file shared by the workers of this machine."""

    def __enter__(self):
        FOLDER.mkdir(parents=True, exist_ok=True)
        self.file = open(FOLDER / "build.lock", "w")  # noqa: SIM115
        fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def sqlite_template() -> Path:
    """The migrated SQLite template file, built if missing."""
    template = FOLDER / f"migrated-{fingerprint()}.sqlite3"
    with _Lock():
        if not template.exists():
            for old in FOLDER.glob("migrated-*.sqlite3*"):
                old.unlink()
            building = template.with_suffix(f".building-{os.getpid()}")
            building.unlink(missing_ok=True)
            _migrate(f"sqlite:///{building}")
            os.replace(building, template)
    return template


def _from_sqlite_template(connection, template: Path) -> None:
    """Copy the template into the in-memory test database as Django creates it.

    The in-memory database lives while a connection to it is open: the one made here is kept
    open until Django's own connection (which it never closes in a test run) is there."""
    creation = connection.creation
    create = creation._create_test_db

    def create_from_template(verbosity, autoclobber, keepdb=False):
        name = create(verbosity, autoclobber, keepdb)
        target = sqlite3.connect(name, uri=True)
        source = sqlite3.connect(template)
        source.backup(target)
        source.close()
        _kept_open.append(target)
        return name

    creation._create_test_db = create_from_template


_kept_open: list[sqlite3.Connection] = []


def _postgresql_template(connection) -> str:
    """A migrated database next to the test database, named after it and the fingerprint."""
    base = connection.creation._get_test_db_name().removesuffix(
        "_" + os.environ.get("PYTEST_XDIST_WORKER", "-")
    )
    name = f"{base}_migrated_{fingerprint()}"
    with _Lock(), connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            building = f"{name}_building"
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
            cursor.execute(f'CREATE DATABASE "{building}"')
            _migrate(_url(connection.settings_dict, building))
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name


def _url(database: dict, name: str) -> str:
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"
