"""The journeys' server: a fresh database of the run's kind, the demo loaded into it, and
gunicorn serving it on a free loopback port.

The session fixture (conftest.py) brings one up per test run. While writing a journey, keep one
running instead (`python -m tests.journeys.server /tmp/my-journeys`, Ctrl+C stops it; add
`--again` to serve the same database after a code change) and point the tests at it with
JOURNEYS_SERVER=/tmp/my-journeys/server.json. Journeys change the demo data: start afresh
before a final run. A PostgreSQL database made this way is kept; drop it when done.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path

import environ

from .support import Server

BASE_DIR = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60
# Variables the server must not inherit from a services run: it runs its tasks eagerly and
# keeps its cache (rate limits included) in its own memory.
NOT_INHERITED = {"REDIS_URL", "CELERY_BROKER_URL", "PYTEST_XDIST_WORKER", "DJANGO_SETTINGS_MODULE"}
DIRECTORIES = {
    "JOURNEYS_MAIL_DIR": "mail",
    "JOURNEYS_MEDIA_ROOT": "media",
    "JOURNEYS_H5P_ROOT": "h5p",
    "JOURNEYS_H5P_SPOOL_ROOT": "h5p-spool",
    "JOURNEYS_KEY_DIR": "keys",
}


class ServerFailed(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresDatabase:
    """`<name>_journeys` beside the run's own database, made afresh and dropped after."""

    def __init__(self, url: str):
        self.config = environ.Env.db_url_config(url)
        self.name = f"{self.config['NAME']}_journeys"
        self.url = url.rsplit("/", 1)[0] + f"/{self.name}"

    def _execute(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(
            host=self.config["HOST"],
            port=self.config["PORT"] or 5432,
            user=self.config["USER"],
            password=self.config["PASSWORD"],
            dbname="postgres",
            autocommit=True,
        ) as connection:
            for statement in statements:
                connection.execute(statement)

    def create(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def server_environment(folder: Path, database_url: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    for name, child in DIRECTORIES.items():
        (folder / child).mkdir(exist_ok=True)
        environment[name] = str(folder / child)
    environment["DATABASE_URL"] = database_url
    environment["DJANGO_SETTINGS_MODULE"] = "tests.journeys.settings"
    return environment


def prepare(environment: dict[str, str]) -> dict:
    """Migrate and load the demo in one Python process; what it reports (see prepare.py)."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.journeys.prepare"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise ServerFailed(f"Preparing the journeys' database failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    """Return once the home page answers 200; gunicorn has no readiness signal of its own."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"gunicorn exited ({process.returncode}):\n{log.read_text()}")
        try:
            # The first request renders the home page cold: give it the time that takes.
            with urllib.request.urlopen(f"{url}/nl/", timeout=READY_TIMEOUT) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise ServerFailed(f"gunicorn did not answer within {READY_TIMEOUT} s:\n{log.read_text()}")


class RunningServer:
    """Bring-up and tear-down of one journeys server in `folder`."""

    def __init__(
        self, folder: Path, *, database_url: str, postgresql: bool, template: Path | None = None
    ):
        """`template`: a migrated SQLite file to start from (tests/database_template.py)."""
        self.folder = folder
        self.template = template
        self.postgres = PostgresDatabase(database_url) if postgresql else None
        self.database_url = (
            self.postgres.url if self.postgres else f"sqlite:///{folder / 'journeys.sqlite3'}"
        )
        self.process: subprocess.Popen | None = None

    def start(self, *, facts: dict | None = None) -> Server:
        """Prepare the database and serve it; with `facts`, serve the one already prepared."""
        started = time.monotonic()
        environment = server_environment(self.folder, self.database_url)
        if facts is None:
            if self.postgres:
                self.postgres.create()
            elif self.template:
                shutil.copyfile(self.template, self.folder / "journeys.sqlite3")
            facts = prepare(environment)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        environment["JOURNEYS_BASE_URL"] = url
        log = self.folder / "gunicorn.log"
        with log.open("w") as output:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "atmp_platform.wsgi:application",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=1",
                    "--worker-class=gthread",
                    "--threads=8",
                    "--timeout=120",
                    "--graceful-timeout=5",
                ],
                cwd=BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_until_serving(url, self.process, log)
        server = Server(
            url=url,
            mail_dir=self.folder / "mail",
            log=log,
            facts=facts,
            bring_up_seconds=round(time.monotonic() - started, 1),
        )
        (self.folder / "server.json").write_text(json.dumps(asdict(server), default=str))
        return server

    def stop(self, *, keep_database: bool = False) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.postgres and not keep_database:
            self.postgres.drop()


def load_running(path: str) -> Server:
    """The server a developer keeps running (JOURNEYS_SERVER=<folder>/server.json)."""
    data = json.loads(Path(path).read_text())
    return Server(
        url=data["url"],
        mail_dir=Path(data["mail_dir"]),
        log=Path(data["log"]),
        facts=data["facts"],
        bring_up_seconds=0.0,
    )


def main() -> None:
    """`python -m tests.journeys.server <folder> [--again]`: --again serves the database the
    folder already holds (after a change to the code), without preparing it anew."""
    folder = Path(sys.argv[1]).resolve()
    again = "--again" in sys.argv[2:]
    folder.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", "")
    running = RunningServer(
        folder, database_url=database_url, postgresql=database_url.startswith("postgres")
    )
    facts = json.loads((folder / "server.json").read_text())["facts"] if again else None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server = running.start(facts=facts)
        sys.stdout.write(f"Serving {server.url}; JOURNEYS_SERVER={folder / 'server.json'}\n")
        sys.stdout.flush()
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop(keep_database=True)


if __name__ == "__main__":
    main()
