"""A short run of `make load`'s load against the shared cluster: no server error, and every
xAPI statement and simulation action the site accepted is stored exactly once."""

import pytest

from load.run import run_load
from tests.cluster import fixtures

pytestmark = pytest.mark.cluster

USERS = 12
SECONDS = 15


def test_a_short_load_loses_nothing_and_meets_no_server_error(cluster, tmp_path):
    result = run_load(cluster, users=USERS, spawn_rate=USERS, duration=SECONDS, workdir=tmp_path)
    fixtures.summary.append(result.report())

    assert result.problems == [], result.report()
    assert result.verdict["statements"]["accepted"] > 0
    assert result.verdict["actions"]["accepted"] > 0
    assert {"student: lesson", "trainer: training matrix", "visitor: home"} <= {
        endpoint.name for endpoint in result.endpoints
    }
