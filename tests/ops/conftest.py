from django.db import connections

import pytest

from atmp_platform.ops import health


@pytest.fixture(autouse=True)
def _private_roots(settings, tmp_path):
    """Media and the H5P store of each test's own, existing (the disk check looks at them)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.MEDIA_ROOT.mkdir()
    settings.H5P_ROOT.mkdir()


@pytest.fixture(autouse=True)
def _close_health_check_connections():
    """/healthz's database check runs in a thread that keeps its connection between requests
    (as a web process should); a test database cannot be dropped while it is open."""
    yield
    health._threads["database"].submit(connections.close_all).result(timeout=30)
