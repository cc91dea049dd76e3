import re

from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth keeps rate-limit counters in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def link_in(message, path_fragment: str) -> str:
    """The first link in an e-mail whose path contains `path_fragment`."""
    for url in re.findall(r"https?://\S+", message.body):
        if path_fragment in url:
            return url
    raise AssertionError(f"no link containing {path_fragment!r} in: {message.body}")
