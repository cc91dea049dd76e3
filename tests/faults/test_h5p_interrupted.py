"""A large H5P upload whose worker dies while it stores the content: the files are in place,
the transaction is not committed. Nothing stays half-written: the re-delivered task stores the
content over the same folder, and the store holds exactly the content the database knows."""

import os
import signal
from pathlib import Path

import psutil
import psycopg
import pytest

from tests.courses.h5p import corpus

from .cluster_helpers import (
    pause_workers,
    pool_processes,
    rows,
    shell_json,
    value,
    wait_for,
    worker_that_received,
)

pytestmark = pytest.mark.cluster

TASK = "h5p.process_upload"

QUEUE = """
import json
from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from atmp_platform.outbox.models import Message
from courses.h5p import services
administrator = (
    User.objects.filter(groups__name=roles.PROGRAMME_ADMINISTRATOR, is_active=True)
    .order_by("pk").first()
)
with open({path!r}, "rb") as stream:
    upload = services.queue_h5p_upload(
        file=stream, uploaded_by=administrator, original_filename="large.h5p"
    )
message = Message.objects.get(task=services.PROCESS_UPLOAD_TASK, args=[upload.pk])
print(json.dumps({{
    "id": upload.pk, "uuid": str(upload.uuid), "uploader": administrator.pk,
    "task_id": str(message.key), "spool": str(services.spool_path(upload)),
}}))
"""

# The content's commit checks its foreign key to the uploader (deferred constraints) with a
# key-share lock, which waits while the test holds the uploader's row FOR UPDATE.
WAITING_COMMIT = (
    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'COMMIT%%'"
)


def large_package() -> bytes:
    """A valid package above H5P_BACKGROUND_UPLOAD_BYTES (5 MB): processed by a worker."""
    return corpus.with_files({"content/images/large.jpg": os.urandom(6 * 1024 * 1024)})


def _contents(cluster, uuid: str) -> int:
    return value(cluster, "SELECT count(*) FROM h5p_h5pcontent WHERE uuid = %s", [uuid])


def store_folders(h5p_root: Path) -> set[str]:
    content = h5p_root / "content"
    return {path.name for path in content.iterdir()} if content.exists() else set()


def test_an_upload_whose_worker_dies_mid_store_leaves_nothing_half_written(cluster):
    h5p_root = Path(cluster.env["H5P_ROOT"])
    package = cluster.root / "large.h5p"
    package.write_bytes(large_package())
    pause_workers(cluster, signal.SIGSTOP)
    try:
        upload = shell_json(cluster, QUEUE.format(path=str(package)))
    finally:
        pause_workers(cluster, signal.SIGCONT)

    with psycopg.connect(cluster.postgres.url) as holder:
        holder.execute("SELECT 1 FROM accounts_user WHERE id = %s FOR UPDATE", [upload["uploader"]])
        wait_for(lambda: rows(cluster, WAITING_COMMIT), "the upload to reach its commit", cluster)
        assert upload["uuid"] in store_folders(h5p_root)
        worker = worker_that_received(cluster, upload["task_id"])
        killed = pool_processes(worker)
        for process in killed:
            process.send_signal(signal.SIGKILL)
        psutil.wait_procs(killed, timeout=30)
        # What PostgreSQL does when it notices the client is gone: the commit never happens.
        for (pid,) in rows(cluster, WAITING_COMMIT):
            rows(cluster, "SELECT pg_terminate_backend(%s)", [pid])
        holder.rollback()
    assert (
        value(cluster, "SELECT count(*) FROM h5p_h5pcontent WHERE uuid = %s", [upload["uuid"]]) == 0
    )

    wait_for(
        lambda: (
            value(cluster, "SELECT status FROM h5p_h5pupload WHERE id = %s", [upload["id"]])
            == "done"
        ),
        "the re-delivered task to store the upload",
        cluster,
    )
    assert (
        value(cluster, "SELECT count(*) FROM h5p_h5pcontent WHERE uuid = %s", [upload["uuid"]]) == 1
    )
    known = {str(uuid) for (uuid,) in rows(cluster, "SELECT uuid FROM h5p_h5pcontent")}
    assert store_folders(h5p_root) == known
    assert list(h5p_root.glob(".staging/*")) == []
    assert not Path(upload["spool"]).exists()
    succeeded = [w.tasks_succeeded(TASK).count(upload["task_id"]) for w in cluster.workers]
    assert sum(succeeded) == 1
