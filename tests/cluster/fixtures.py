"""The `cluster` fixture: one scale-out set-up (tests/cluster/harness.py) for the whole run.

tests/conftest.py imports these, so that the scale-out tests here and the fault tests in
tests/faults share one cluster: bringing it up (migrations, demo content, static files) is
the expensive part. A test that uses it must be marked `cluster`, which `make test` leaves out
and `make test-services` runs; it gets the cluster healthy, whatever the test before it
stopped or killed, and a failure report carries the tails of every process's log.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from .harness import Cluster, missing_binaries

# Lines for the end of the run's output (tests/cluster/conftest.py prints them): the cluster's
# bring-up times and the load test's figures, which CI's log should show.
summary: list[str] = []


@pytest.fixture(scope="session")
def cluster_session():
    """The run's one Cluster, brought up on first use and stopped at the end of the run."""
    # Here, not at the top: tests/conftest.py imports this module.
    from tests.conftest import services_missing

    missing = missing_binaries()
    if missing:
        services_missing(f"The scale-out set-up needs {', '.join(missing)}")
    # Not pytest's tmp_path: its parents are private to the current user, and PostgreSQL
    # runs as the postgres user under root.
    root = Path(tempfile.mkdtemp(prefix="atmp-cluster-"))
    try:
        with Cluster(root) as cluster:
            timings = ", ".join(
                f"{name} {seconds:.1f} s ({cluster.cpu_timings.get(name, 0):.1f} s CPU)"
                for name, seconds in cluster.timings.items()
                if name != "total"
            )
            timings += f"; in all {cluster.timings['total']:.1f} s"
            summary.append(f"Cluster bring-up: {timings}")
            yield cluster
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def cluster(request) -> Cluster:
    """The shared cluster, with everything running and healthy."""
    if request.node.get_closest_marker("cluster") is None:
        pytest.fail("A test that uses the cluster must be marked @pytest.mark.cluster.")
    shared = request.getfixturevalue("cluster_session")
    shared.ensure_up()
    return shared


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    cluster = getattr(item, "funcargs", {}).get("cluster")
    if report.failed and isinstance(cluster, Cluster):
        report.sections.append(("cluster logs", cluster.logs()))
    return report
