"""Every public page costs the same few SQL queries, however long its lists are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from .builders import (
    add_articles_quickly,
    add_news_quickly,
    add_partners_quickly,
    make_image,
)

MAX_QUERIES = 12
NEWS_URLS = ("/nl/", "/en/", "/nl/nieuws/", "/nl/nieuws/?page=2", "/nl/nieuws/?tag=thema-1")
PARTNER_URLS = ("/nl/partners/", "/nl/partners/sure-laboratories/")


def queries_for(client, url: str) -> int:
    """Queries of a repeat visit: renditions exist and the site chrome is cached by then."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def counts(client, urls) -> dict[str, int]:
    return {url: queries_for(client, url) for url in urls}


@pytest.mark.django_db
def test_news_pages_cost_the_same_queries_with_20_or_200_articles(client, site_content):
    images = [make_image(f"Beeld {n}", colour) for n, colour in enumerate(["#123", "#456"])]
    index = site_content.news_index
    add_news_quickly(index, range(10, 27), images=images)
    urls = (*NEWS_URLS, "/nl/nieuws/nieuws-20/", "/en/news/project-launched/")

    with_20 = counts(client, urls)
    add_news_quickly(index, range(27, 207), images=images)
    with_200 = counts(client, urls)

    assert with_200 == with_20
    assert max(with_200.values()) <= MAX_QUERIES, with_200


@pytest.mark.django_db
def test_partner_pages_cost_the_same_queries_with_20_or_200_items(client, site_content):
    logos = [make_image(f"Logo {n}", colour) for n, colour in enumerate(["#0a4", "#a40"])]
    add_partners_quickly(site_content.partner_index, range(1, 19), logos=logos)
    add_articles_quickly(site_content.partner, range(2, 21))
    urls = (*PARTNER_URLS, "/nl/partners/sure-laboratories/kennisartikel-1/", "/nl/")

    with_20 = counts(client, urls)
    add_partners_quickly(site_content.partner_index, range(19, 199), logos=logos)
    add_articles_quickly(site_content.partner, range(21, 201))
    with_200 = counts(client, urls)

    assert with_200 == with_20
    assert max(with_200.values()) <= MAX_QUERIES, with_200
