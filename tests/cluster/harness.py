"""A scale-out set-up on loopback: PostgreSQL, Redis, gunicorn web processes, Celery workers.

Plain Python (no pytest), so that the cluster tests, the fault tests and `make load` share it.
Everything listens on 127.0.0.1 on free ports and lives under one root directory; the web and
worker processes run the production settings over plain HTTP. As root (CI), PostgreSQL runs
as the postgres user, which it insists on: the root directory must then be one that user can
enter (a fresh directory under /tmp, as tests/cluster/conftest.py makes).

    with Cluster(Path("/tmp/somewhere")) as cluster:
        cluster.webs[0].url, cluster.workers[1].hostname, cluster.shell("print(1)")
"""

import atexit
import base64
import contextlib
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PRODUCTION_SETTINGS = "atmp_platform.settings.production"
# load_demo creates accounts with a published password and so runs only under the dev
# settings; it writes into the same database the production processes then read.
DEMO_SETTINGS = "atmp_platform.settings.dev"
DEMO_COMMANDS = ("load_demo", "load_scenarios", "load_simulation_demo")
# Seconds a process may take to come up on a busy two-core machine.
START_TIMEOUT = 120
# Inherited variables that would point a cluster process somewhere else.
FOREIGN_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "PYTEST_XDIST_WORKER")
LOG_TAIL_LINES = 30
DJANGO_PRELUDE = "import django\ndjango.setup()\n"


class ClusterError(RuntimeError):
    """A part of the cluster did not start, or a command in it failed."""


class CommandFailed(subprocess.CalledProcessError):
    """A failed manage.py or shell command; its message carries the command's output."""

    def __str__(self) -> str:
        return f"{super().__str__()}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def postgres_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL's bin directory, or None when there is none."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name)
    )
    found = [path for path in found if (path / "initdb").exists() and (path / "pg_ctl").exists()]
    return found[-1] if found else None


def missing_binaries() -> list[str]:
    """What the cluster needs and this machine lacks, in words."""
    missing = []
    if postgres_bin_dir() is None:
        missing.append("PostgreSQL (initdb, pg_ctl under /usr/lib/postgresql/*/bin)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    for tool in ("gunicorn", "celery"):
        if not (VENV_BIN / tool).exists():
            missing.append(f"{tool} in {VENV_BIN}")
    return missing


def wait_until(check: Callable[[], bool], *, timeout: float, what: str, interval=0.1) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise ClusterError(f"{what} within {timeout:.0f} s")
        time.sleep(interval)


def tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    if not path.exists():
        return "(no log)"
    with path.open("rb") as log:
        log.seek(0, os.SEEK_END)
        log.seek(max(0, log.tell() - 16_384))
        text = log.read().decode("utf-8", "replace")
    return "\n".join(text.splitlines()[-lines:])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _running_as_root() -> bool:
    return os.geteuid() == 0


class Postgres:
    """A throwaway PostgreSQL cluster of its own (durability off: it is thrown away)."""

    def __init__(self, root: Path, *, port: int | None = None):
        self.bin_dir = postgres_bin_dir()
        self.data = root / "pg"
        self.run_dir = root / "pg-run"
        self.log = self.run_dir / "postgres.log"
        self.port = port or free_port()
        self.url = f"postgres://atmp:atmp@{HOST}:{self.port}/atmp"

    def _as_postgres(self, *command) -> list[str]:
        if _running_as_root():
            return ["runuser", "-u", "postgres", "--", *map(str, command)]
        return [str(part) for part in command]

    def initdb(self) -> None:
        self.data.mkdir(parents=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if _running_as_root():
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.run_dir, "postgres", "postgres")
        subprocess.run(
            self._as_postgres(
                self.bin_dir / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ),
            check=True, capture_output=True, text=True,
        )  # fmt: skip

    @property
    def running(self) -> bool:
        result = subprocess.run(
            self._as_postgres(self.bin_dir / "pg_ctl", "-D", self.data, "status"),
            capture_output=True, check=False,
        )  # fmt: skip
        return result.returncode == 0

    def start(self) -> None:
        options = (
            f"-c listen_addresses={HOST} -p {self.port} -k {self.run_dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._pg_ctl("start", "-l", self.log, "-t", START_TIMEOUT, "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; `mode` as pg_ctl's: smart, fast or immediate (a crash)."""
        self._pg_ctl("stop", "-m", mode)

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast", "-t", START_TIMEOUT)

    def _pg_ctl(self, action: str, *options) -> None:
        result = subprocess.run(
            self._as_postgres(self.bin_dir / "pg_ctl", "-D", self.data, "-w", action, *options),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise ClusterError(f"pg_ctl {action} failed: {result.stderr.strip()}\n{tail(self.log)}")

    def restore(self, dump: Path) -> None:
        """Load a `pg_dump --format=custom` of a migrated database into `atmp`."""
        result = subprocess.run(
            [
                self.bin_dir / "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                "-h", HOST, "-p", str(self.port), "-U", "atmp", "-d", "atmp", dump,
            ],
            capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise ClusterError(f"pg_restore of {dump} failed: {result.stderr.strip()}")

    def create_database(self) -> None:
        import psycopg

        admin = f"postgresql://postgres@{HOST}:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE ROLE atmp LOGIN PASSWORD 'atmp' CREATEDB")
            connection.execute("CREATE DATABASE atmp OWNER atmp")


class Redis:
    """A Redis server that keeps its data across stop() and start() (append-only file)."""

    def __init__(self, root: Path, *, port: int | None = None):
        self.dir = root / "redis"
        self.log = root / "redis.log"
        self.port = port or free_port()
        self.url = f"redis://{HOST}:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None and self.answers()

    def answers(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind", HOST, "--port", str(self.port), "--dir", str(self.dir),
                "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
                "--logfile", str(self.log), "--protected-mode", "yes",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_until(self.answers, timeout=START_TIMEOUT, what="Redis did not answer PING")

    def stop(self) -> None:
        _terminate(self.process, timeout=10)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        _signal_group(self.process, sig)


def _signal_group(process: subprocess.Popen | None, sig: int) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _terminate(process: subprocess.Popen | None, *, timeout: float) -> None:
    """SIGTERM to the process, then SIGKILL to its whole group if it lingers."""
    _ask_to_stop(process)
    _reap(process, timeout=timeout)


def _ask_to_stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()


def _reap(process: subprocess.Popen | None, *, timeout: float) -> None:
    if process is None:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        process.wait(timeout=10)
    # Children the main process left behind (a pool process busy with a task).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


class _Process:
    """A long-running process of the cluster, started in a process group of its own."""

    log: Path

    def __init__(self, cluster: "Cluster", name: str):
        self.cluster = cluster
        self.name = name
        self.log = cluster.root / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self._log_offset = 0

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        return self.cluster.env

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self) -> None:
        if self.alive:
            return
        self._log_offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=BASE_DIR,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start(self) -> None:
        self.spawn()
        self.wait_ready()

    def wait_ready(self) -> None:
        def ready() -> bool:
            if not self.alive:
                raise ClusterError(f"{self.name} exited while starting:\n{tail(self.log)}")
            return self.is_ready()

        wait_until(ready, timeout=START_TIMEOUT, what=f"{self.name} did not get ready")

    def is_ready(self) -> bool:
        raise NotImplementedError

    def child_pids(self) -> list[int]:
        """The process's children (a worker's pool processes, gunicorn's workers)."""
        if not self.alive:
            return []
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def log_since_start(self) -> str:
        with self.log.open("rb") as log:
            log.seek(self._log_offset)
            return log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        _terminate(self.process, timeout=30)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the process and its children (SIGKILL: as a machine crash would)."""
        _signal_group(self.process, sig)
        if sig in (signal.SIGKILL, signal.SIGTERM) and self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)


class Web(_Process):
    """A gunicorn process (its own workers and threads) serving the production settings."""

    WORKERS = 2
    THREADS = 4

    def __init__(self, cluster: "Cluster", number: int):
        super().__init__(cluster, f"web{number}")
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        return [
            str(VENV_BIN / "gunicorn"), "atmp_platform.wsgi",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.WORKERS), "--threads", str(self.THREADS),
            # Django loaded once, then forked: half the start-up work on a two-core machine.
            "--preload", "--timeout", "60", "--graceful-timeout", "10",
            # The tests talk to gunicorn directly, with no proxy in between: a connection kept
            # open longer than a client stays idle, so that a request never races its closing.
            "--keep-alive", "30",
            "--name", f"atmp-{self.name}", "--no-control-socket",
        ]  # fmt: skip

    def is_ready(self) -> bool:
        return self.answers()

    def answers(self) -> bool:
        """True when Django answers (robots.txt reads the site from the database)."""
        try:
            with urllib.request.urlopen(f"{self.url}/robots.txt", timeout=5) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False


class Worker(_Process):
    """A Celery worker (prefork, one pool process) with a hostname of its own."""

    def __init__(self, cluster: "Cluster", number: int):
        super().__init__(cluster, f"worker{number}")
        self.hostname = f"worker{number}@atmp-cluster"

    def command(self) -> list[str]:
        return [
            str(VENV_BIN / "celery"), "-A", "atmp_platform", "worker",
            f"--hostname={self.hostname}", "--pool=prefork", "--concurrency=1",
            "--without-gossip", "--without-mingle", "--loglevel=INFO",
        ]  # fmt: skip

    def environment(self) -> dict[str, str]:
        # The worker logs each task it received and finished at INFO: its own record of them.
        return {**self.cluster.env, "DJANGO_LOG_LEVEL": "INFO"}

    def is_ready(self) -> bool:
        return " ready." in self.log_since_start()

    def tasks_succeeded(self, task_name: str) -> list[str]:
        """Ids of the `task_name` tasks this worker's log says succeeded, over all its runs."""
        marker = f"Task {task_name}["
        ids = []
        for line in self.log.read_text("utf-8", "replace").splitlines():
            start = line.find(marker)
            if start >= 0 and "] succeeded in " in line:
                ids.append(line[start + len(marker) :].split("]", 1)[0])
        return ids


class Cluster:
    """PostgreSQL, Redis, `webs` gunicorn processes and `workers` Celery workers on loopback.

    A context manager: entering brings everything up (database migrated, demo content loaded
    when `demo`), leaving stops it all. Times of the bring-up steps are in `timings`.
    """

    def __init__(
        self,
        root: Path,
        *,
        webs: int = 2,
        workers: int = 2,
        demo: bool = True,
        static_root: Path | None = None,
    ):
        """`static_root`: static files already collected (with their staticfiles.json) to
        serve instead of collecting them again; ATMP_CLUSTER_STATIC_ROOT gives it too."""
        self.root = Path(root)
        static_root = static_root or os.environ.get("ATMP_CLUSTER_STATIC_ROOT") or None
        self.static_root = Path(static_root) if static_root else self.root / "static"
        self.collect_static = not (self.static_root / "staticfiles.json").exists()
        self.root.mkdir(parents=True, exist_ok=True)
        # The postgres user (as root) must be able to enter it.
        self.root.chmod(0o755)
        self.demo = demo
        self.postgres = Postgres(self.root)
        self.redis = Redis(self.root)
        self.env = self._environment()
        self.webs = [Web(self, number) for number in range(1, webs + 1)]
        self.workers = [Worker(self, number) for number in range(1, workers + 1)]
        self.timings: dict[str, float] = {}
        self.cpu_timings: dict[str, float] = {}

    def _environment(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if name not in FOREIGN_VARIABLES}
        for folder in ("static", "media", "h5p", "h5p-spool", "mail", "keys"):
            (self.root / folder).mkdir(exist_ok=True)
        env.update(
            DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
            ATMP_CREDENTIAL_SIGNING_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32))
            .rstrip(b"=")
            .decode(),
            DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
            # Plain HTTP on loopback: no HTTPS redirect, cookies without the Secure flag.
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_SECURE_COOKIES="false",
            DJANGO_SECURE_HSTS_SECONDS="0",
            DJANGO_LOG_LEVEL="WARNING",
            DATABASE_URL=self.postgres.url,
            # Cache and broker in separate Redis databases, as the README advises.
            REDIS_URL=f"{self.redis.url}/1",
            CELERY_BROKER_URL=f"{self.redis.url}/0",
            DJANGO_STATIC_ROOT=str(self.static_root),
            DJANGO_MEDIA_ROOT=str(self.root / "media"),
            H5P_ROOT=str(self.root / "h5p"),
            H5P_SPOOL_ROOT=str(self.root / "h5p-spool"),
            ATMP_CREDENTIAL_KEY_DIR=str(self.root / "keys"),
            # Every e-mail a file under mail/, for tests to read.
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(self.root / "mail"),
            WAGTAILADMIN_BASE_URL=f"http://{HOST}",
            PYTHONUNBUFFERED="1",
        )
        return env

    @property
    def mail_dir(self) -> Path:
        return self.root / "mail"

    # --- bring-up -----------------------------------------------------------------------

    def __enter__(self) -> "Cluster":
        atexit.register(self.stop)
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        """Bring everything up from nothing: services, schema, static files, demo, processes."""
        began = time.monotonic()
        self._timed("postgres and redis", self._start_services)
        # collectstatic (a minute of CPU: hashing and compressing) and the database work use
        # one core each.
        collect = self._start_collectstatic() if self.collect_static else None
        self._prepare_database()
        if collect is not None:
            self._timed("collectstatic, waited for", lambda: self._finish(collect, "collectstatic"))
        self._timed("webs and workers", self._start_processes)
        self.timings["total"] = time.monotonic() - began

    def _start_collectstatic(self) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def _timed(self, name: str, step: Callable[[], None]) -> None:
        """Run `step`, noting its wall time and the CPU time of the commands it waited for
        (on a busy machine the second says more about what the step costs)."""
        began, cpu_before = time.monotonic(), _children_cpu()
        step()
        self.timings[name] = time.monotonic() - began
        self.cpu_timings[name] = _children_cpu() - cpu_before
        with (self.root / "bring-up.log").open("a") as log:
            log.write(f"{name}: {self.timings[name]:.1f} s, {self.cpu_timings[name]:.1f} s CPU\n")

    def _start_services(self) -> None:
        initdb = threading.Thread(target=self.postgres.initdb)
        initdb.start()
        self.redis.start()
        initdb.join()
        self.postgres.start()
        self.postgres.create_database()

    def _prepare_database(self) -> None:
        # .ci/run hands over a dump of the migrated template its services run made
        # (tests/database_template.py): restoring it takes seconds, migrating over a minute.
        # migrate then applies whatever the dump lacks, normally nothing.
        dump = os.environ.get("ATMP_MIGRATED_DUMP")
        if dump and Path(dump).is_file():
            self._timed("restore the migrated schema", lambda: self.postgres.restore(Path(dump)))
        self._timed("migrate", lambda: self.manage("migrate", "--noinput", "-v", "0"))
        if not self.demo:
            return
        # Eager tasks: the demo's certificates are made while it loads, not by the workers
        # in the first minute of the tests.
        demo_env = {**self.env, "DJANGO_SETTINGS_MODULE": DEMO_SETTINGS, "CELERY_BROKER_URL": ""}
        for command in DEMO_COMMANDS:
            arguments = [sys.executable, "manage.py", command]
            self._timed(command, lambda arguments=arguments: self._run(arguments, env=demo_env))

    @staticmethod
    def _finish(process: subprocess.Popen, name: str) -> None:
        output, _ = process.communicate()
        if process.returncode != 0:
            raise ClusterError(f"{name} failed:\n{output.decode('utf-8', 'replace')[-4000:]}")

    def _start_processes(self) -> None:
        for process in [*self.webs, *self.workers]:
            process.spawn()
        for process in [*self.webs, *self.workers]:
            process.wait_ready()

    # --- use ------------------------------------------------------------------------------

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        """manage.py `args` with the cluster's environment; raises CommandFailed."""
        return self._run([sys.executable, "manage.py", *args])

    def shell(self, code: str) -> str:
        """Run `code` in a Django-configured Python process of the cluster; its stdout."""
        return self._run([sys.executable, "-c", DJANGO_PRELUDE + code]).stdout

    def _run(self, command: list[str], *, env=None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            command, cwd=BASE_DIR, env=env or self.env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise CommandFailed(result.returncode, command, result.stdout, result.stderr)
        return result

    def ensure_up(self) -> None:
        """Restart whatever a test stopped or killed, and wait until all of it is healthy."""
        if not self.redis.running:
            self.redis.stop()
            self.redis.start()
        if not self.postgres.running:
            self.postgres.start()
        for process in [*self.webs, *self.workers]:
            if not process.alive:
                process.stop()
                process.spawn()
        for web in self.webs:
            if not web.answers():
                wait_until(web.answers, timeout=START_TIMEOUT, what=f"{web.name} did not answer")
        for worker in self.workers:
            worker.wait_ready()

    def flush_cache(self) -> None:
        """Empty the shared cache (rate-limit counters, cached pages); the broker keeps its
        queue."""
        with socket.create_connection((HOST, self.redis.port), timeout=5) as connection:
            connection.sendall(b"SELECT 1\r\nFLUSHDB\r\n")
            reply = b""
            while reply.count(b"\r\n") < 2:
                reply += connection.recv(64)
        if reply != b"+OK\r\n+OK\r\n":
            raise ClusterError(f"Redis did not flush the cache: {reply!r}")

    def logs(self) -> str:
        """The last lines of every process's log, for a failure message."""
        parts = [("postgres", self.postgres.log), ("redis", self.redis.log)]
        parts += [(process.name, process.log) for process in [*self.webs, *self.workers]]
        return "\n".join(f"--- {name} ({path})\n{tail(path)}" for name, path in parts)

    def stop(self) -> None:
        """Stop everything that runs, all at once; safe to call twice."""
        processes = [*self.webs, *self.workers]
        for process in processes:
            _ask_to_stop(process.process)
        for process in processes:
            _reap(process.process, timeout=30)
        self.redis.stop()
        if self.postgres.bin_dir is not None and self.postgres.data.exists():
            with contextlib.suppress(ClusterError):
                if self.postgres.running:
                    self.postgres.stop()
        atexit.unregister(self.stop)
