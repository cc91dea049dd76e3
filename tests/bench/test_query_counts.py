"""The bench's promise: a page's query count does not grow with the number of articles."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from atmp_platform.news.models import NewsIndexPage
from bench.content import add_news, build_site


def count_queries(client, url: str) -> int:
    """Queries of a request on an empty cache, after one request has filled the per-process
    caches (content types), so that both counts start from the same state."""
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_home_and_news_index_take_as_many_queries_with_200_articles_as_with_20(client):
    pages = build_site(news_count=20)
    urls = [pages["home (nl)"], pages["news index (20 articles)"]]
    with_20 = [count_queries(client, url) for url in urls]

    add_news(NewsIndexPage.objects.get(), start=21, count=180)

    with_200 = [count_queries(client, url) for url in urls]
    assert with_200 == with_20
