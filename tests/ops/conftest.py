import pytest


@pytest.fixture(autouse=True)
def _private_roots(settings, tmp_path):
    """Media and the H5P store of each test's own, existing (the disk check looks at them)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.MEDIA_ROOT.mkdir()
    settings.H5P_ROOT.mkdir()
