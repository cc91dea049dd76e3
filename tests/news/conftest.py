from tests.home.fixtures import empty_cache, site_content  # noqa: F401
