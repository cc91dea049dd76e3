"""A Redis server of a test's own, to stop and start: the suite's shared Redis (the services
run's broker and cache) must never go down under the other tests."""

import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.cluster.harness import Redis


@contextmanager
def own_redis(root: Path) -> Iterator[Redis]:
    from tests.conftest import services_missing

    if shutil.which("redis-server") is None:
        services_missing("redis-server is not installed")
    server = Redis(root)
    server.start()
    try:
        yield server
    finally:
        server.kill(signal.SIGCONT)
        server.stop()
