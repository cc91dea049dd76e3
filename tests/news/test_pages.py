from xml.etree import ElementTree

import pytest

from tests.home.builders import make_many_news, make_news, make_news_index

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.django_db
def test_news_index_lists_the_dutch_articles_newest_first(client, site_content):
    response = client.get("/nl/nieuws/")

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        html.index("Nieuwsbericht 3")
        < html.index("Nieuwsbericht 2")
        < html.index("Nieuwsbericht 1")
    )
    assert '<html lang="nl"' in html


@pytest.mark.django_db
def test_english_news_index_lists_only_the_english_articles(client, site_content):
    response = client.get("/en/news/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Project launched" in html
    assert "Nieuwsbericht 2" not in html
    assert '<html lang="en"' in html


@pytest.mark.django_db
def test_news_index_is_paginated_ten_at_a_time(client, home_page):
    index = make_news_index(home_page)
    make_many_news(index, 12)

    first = client.get("/nl/nieuws/").content.decode()
    second = client.get("/nl/nieuws/?page=2").content.decode()

    assert "Nieuwsbericht 12<" in first and "Nieuwsbericht 3<" in first
    assert "Nieuwsbericht 2<" not in first
    assert "Nieuwsbericht 2<" in second and "Nieuwsbericht 1<" in second
    assert "Nieuwsbericht 3<" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


@pytest.mark.django_db
@pytest.mark.parametrize("page_number", ["abc", "-1", "0", "999", "1.5", ""])
def test_bad_page_numbers_show_a_page_instead_of_an_error(client, site_content, page_number):
    response = client.get(f"/nl/nieuws/?page={page_number}")

    assert response.status_code == 200
    assert "Nieuwsbericht 1" in response.content.decode()


@pytest.mark.django_db
def test_tag_filter_shows_only_articles_with_that_tag(client, site_content):
    make_news(site_content.news_index, 4, tags=["aseptiek"])

    response = client.get("/nl/nieuws/?tag=aseptiek")

    html = response.content.decode()
    assert "Nieuwsbericht 4" in html
    assert "Nieuwsbericht 1" not in html
    assert 'aria-current="true">aseptiek</a>' in html


@pytest.mark.django_db
def test_unknown_tag_shows_an_empty_list(client, site_content):
    response = client.get("/nl/nieuws/?tag=bestaat-niet")

    assert response.status_code == 200
    assert "Nieuwsbericht" not in response.content.decode().split('id="main"')[1]


@pytest.mark.django_db
def test_news_index_advertises_its_feeds_in_the_head(client, site_content):
    html = client.get("/nl/nieuws/").content.decode()
    head = html.split("</head>")[0]

    assert 'type="application/atom+xml"' in head and 'href="/nl/nieuws/feed/"' in head
    assert 'type="application/rss+xml"' in head and 'href="/nl/nieuws/feed/rss/"' in head


@pytest.mark.django_db
def test_atom_feed_is_valid_xml_with_the_articles(client, site_content):
    response = client.get("/nl/nieuws/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Nieuwsbericht 3",
        "Nieuwsbericht 2",
        "Nieuwsbericht 1",
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://localhost/nl/nieuws/nieuws-3/"


@pytest.mark.django_db
def test_rss_feed_is_valid_xml_with_the_articles(client, site_content):
    response = client.get("/en/news/feed/rss/")

    assert response.status_code == 200
    rss = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    channel = rss.find("channel")
    assert channel.findtext("language") == "en"
    assert [item.findtext("title") for item in channel.findall("item")] == ["Project launched"]
    assert channel.find("item").findtext("link") == "http://localhost/en/news/project-launched/"


@pytest.mark.django_db
def test_news_page_shows_date_introduction_image_body_and_tags(client, site_content):
    response = client.get("/nl/nieuws/nieuws-1/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<time datetime="2026-01-02">' in html
    assert "Inleiding bij bericht 1." in html
    assert 'alt="Cleanroom: foto"' in html and "/images/cleanroom" in html
    assert "Waarom dit telt" in html and "EU GMP Annex 1" in html
    assert 'href="/nl/nieuws/?tag=celtherapie"' in html


@pytest.mark.django_db
def test_english_news_page_renders_in_english(client, site_content):
    response = client.get("/en/news/project-launched/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html and "Project launched" in html
    assert 'href="/en/news/?tag=celtherapie"' in html


@pytest.mark.django_db
def test_draft_news_is_not_listed_or_served(client, site_content):
    draft = site_content.news[1]
    draft.unpublish()

    assert "Nieuwsbericht 2" not in client.get("/nl/nieuws/").content.decode()
    assert client.get("/nl/nieuws/nieuws-2/").status_code == 404
    assert "Nieuwsbericht 2" not in client.get("/nl/nieuws/feed/").content.decode()
