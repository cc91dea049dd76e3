"""What the fault tests read and do on the cluster: SQL on its PostgreSQL, its pool processes,
its e-mail, a prepared student, and waiting for a condition with a deadline."""

import contextlib
import json
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import psycopg

from tests.cluster.harness import Cluster, Worker

# Seconds a step may take on a busy two-core machine before the test gives up.
STEP_TIMEOUT = 90
# pg_advisory_xact_lock key of the audit chain (atmp_platform/audit/services.py): every
# audited write waits for it, so a test holding it stops a task right there.
AUDIT_CHAIN_LOCK = 727_1001


def wait_for(check: Callable[[], bool], what: str, cluster: Cluster, timeout=STEP_TIMEOUT):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout} s for {what}.\n{cluster.logs()}")
        time.sleep(0.1)


def rows(cluster: Cluster, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(cluster.postgres.url, autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def value(cluster: Cluster, sql: str, params=()):
    found = rows(cluster, sql, params)
    return found[0][0] if found else None


@contextlib.contextmanager
def audit_chain_held(cluster: Cluster) -> Iterator[None]:
    """Hold the audit chain's lock: any audited write in the cluster waits until the block
    ends."""
    with psycopg.connect(cluster.postgres.url) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        try:
            yield
        finally:
            connection.rollback()


def waiting_on_audit_chain(cluster: Cluster) -> int:
    return value(
        cluster,
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND wait_event = 'advisory'",
    )


def worker_that_received(cluster: Cluster, task_id: str) -> Worker:
    for worker in cluster.workers:
        if f"[{task_id}] received" in worker.log.read_text("utf-8", "replace"):
            return worker
    raise AssertionError(f"No worker received task {task_id}.\n{cluster.logs()}")


def pool_processes(worker: Worker) -> list[psutil.Process]:
    """The prefork pool's processes: the ones that run the tasks."""
    return psutil.Process(worker.pid).children()


def pause_workers(cluster: Cluster, sig) -> None:
    for worker in cluster.workers:
        worker.kill(sig)


def mails_to(cluster: Cluster, address: str) -> list[str]:
    found = []
    for path in Path(cluster.mail_dir).iterdir():
        text = path.read_text("utf-8", "replace")
        if f"To: {address}" in text:
            found.append(text)
    return found


def prepared(cluster: Cluster, *, students: int = 1) -> dict:
    """A plan of load/prepare.py: fresh students (enrolled in a running cohort), their
    password, the public pages."""
    tag = secrets.token_hex(4)
    code = f"from load.prepare import main\nmain({tag!r}, students={students}, trainers=0)"
    return json.loads(cluster.shell(code))


def shell_json(cluster: Cluster, code: str):
    """Run `code` (which prints one JSON document last) in the cluster; that document."""
    return json.loads(cluster.shell(code).strip().splitlines()[-1])
