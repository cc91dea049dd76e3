"""The shortcuts that keep public pages fast show exactly what Wagtail's own ways would."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from atmp_platform.home.cards import PageLink
from atmp_platform.home.images import LOGO_IMAGE, renditions_for
from atmp_platform.home.models import StandardPage
from tests.pages import publish, translate

from .builders import make_image, make_news, make_partner


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def restrict(page: Page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, restriction_type="login")


@pytest.mark.django_db
def test_card_links_are_the_urls_wagtail_gives_in_each_language(client, site_content):
    dutch = client.get("/nl/").content.decode()
    english = client.get("/en/").content.decode()
    news_index = client.get("/nl/nieuws/").content.decode()
    partners = client.get("/nl/partners/").content.decode()

    for news in site_content.news:
        assert news.get_url() in hrefs(dutch) & hrefs(news_index)
    for partner in (site_content.lead, site_content.partner):
        assert partner.get_url() in hrefs(dutch) & hrefs(partners)
    assert site_content.news_en.get_url() == "/en/news/project-launched/"
    assert site_content.news_en.get_url() in hrefs(english)
    assert site_content.article.get_url() in hrefs(
        client.get("/nl/partners/sure-laboratories/").content.decode()
    )


@pytest.mark.django_db
def test_card_link_of_a_slug_with_accents_is_quoted_as_wagtail_quotes_it(client, site_content):
    news = make_news(site_content.news_index, 9, slug="café-van-de-week")

    html = client.get("/nl/nieuws/").content.decode()

    assert news.get_url() == "/nl/nieuws/caf%C3%A9-van-de-week/"
    assert news.get_url() in hrefs(html)
    assert client.get(news.get_url()).status_code == 200


def test_page_link_appends_the_path_below_its_page():
    link = PageLink("/en/", "/home/")

    assert link.below("/home/news/a b/") == "/en/news/a%20b/"
    assert link.below("/home/") == "/en/"


@pytest.mark.django_db
def test_restricted_pages_stay_out_of_every_listing_and_the_tag_filter(client, site_content):
    secret = make_news(site_content.news_index, 8, tags=["geheim"])
    restrict(secret)
    hidden_partner = make_partner(site_content.partner_index, "Verborgen Partner")
    restrict(hidden_partner)

    home = client.get("/nl/").content.decode()
    news_index = client.get("/nl/nieuws/").content.decode()
    partners = client.get("/nl/partners/").content.decode()

    assert "Nieuwsbericht 8" not in home and "Nieuwsbericht 8" not in news_index
    assert "geheim" not in news_index
    assert "Verborgen Partner" not in home and "Verborgen Partner" not in partners
    assert "Nieuwsbericht 3" in home and "Sure Laboratories" in partners


@pytest.mark.django_db
def test_articles_below_a_restricted_partner_are_not_listed(client, site_content):
    restrict(site_content.article)

    html = client.get("/nl/partners/sure-laboratories/").content.decode()

    assert "Kennisartikel 1" not in html


@pytest.mark.django_db
def test_view_restrictions_are_those_wagtail_finds_for_pages_and_their_aliases(site_content):
    restriction = restrict(site_content.news_index)
    alias = site_content.news[0].create_alias(update_slug="alias-van-bericht")
    own = restrict(site_content.partner)
    alias_partner = site_content.partner.create_alias(update_slug="sure-alias")
    alias_restriction = PageViewRestriction.objects.get(page=alias_partner)

    for page in (
        site_content.news[1],
        alias,
        site_content.partner,
        alias_partner,
        site_content.home,
    ):
        ours = set(page.get_view_restrictions())
        wagtails = set(Page.get_view_restrictions(page))
        assert ours == wagtails, page

    assert set(site_content.news[1].get_view_restrictions()) == {restriction}
    assert set(alias_partner.get_view_restrictions()) == {own}
    assert alias_restriction not in set(alias_partner.get_view_restrictions())


@pytest.mark.django_db
def test_a_restricted_page_still_asks_for_a_login(client, site_content):
    restrict(site_content.news_index)

    response = client.get("/nl/nieuws/nieuws-1/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_unknown_slug_below_the_home_page_is_not_found(client, site_content):
    assert client.get("/nl/bestaat-niet/").status_code == 404
    assert client.get("/nl/partners/bestaat-niet/").status_code == 404
    assert client.get("/en/partners/").status_code == 200


@pytest.mark.django_db
def test_a_draft_child_is_not_served(client, site_content):
    site_content.partner.unpublish()

    assert client.get("/nl/partners/sure-laboratories/").status_code == 404


@pytest.mark.django_db
def test_missing_renditions_are_made_once_then_read_in_one_query():
    logo = make_image("Logo")
    wanted = [(logo.pk, LOGO_IMAGE), (None, LOGO_IMAGE)]

    made = renditions_for(wanted)
    with CaptureQueriesContext(connection) as queries:
        again = renditions_for(wanted)

    assert made[logo.pk, LOGO_IMAGE].pk == again[logo.pk, LOGO_IMAGE].pk
    assert len(queries) == 1
    assert list(made) == [(logo.pk, LOGO_IMAGE)]


@pytest.mark.django_db
def test_a_rendition_of_an_old_focal_point_is_not_used():
    image = make_image("Focus")
    old = renditions_for([(image.pk, "fill-640x360")])[image.pk, "fill-640x360"]
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width, image.focal_point_height = 20, 20
    image.save()

    new = renditions_for([(image.pk, "fill-640x360")])[image.pk, "fill-640x360"]

    assert new.pk != old.pk
    assert new.focal_point_key != old.focal_point_key


@pytest.mark.django_db
def test_the_site_comes_from_the_cache_until_a_site_changes(client, site_content):
    client.get("/nl/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/nl/").status_code == 200
    assert not [q for q in queries if 'FROM "wagtailcore_site"' in q["sql"]]

    Site.objects.create(hostname="testserver", root_page=site_content.partner_index)

    html = client.get("/nl/").content.decode()
    assert "Het netwerk." in html and "Sure Laboratories" in html


@pytest.mark.django_db
def test_english_partner_translation_is_linked_from_the_english_index(client, site_content):
    english = translate(site_content.partner, title="Sure Labs", slug="sure-labs")

    html = client.get("/en/partners/").content.decode()

    assert english.get_url() == "/en/partners/sure-labs/"
    assert english.get_url() in hrefs(html)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["child", "elsewhere"])
def test_programme_links_go_to_the_chosen_page_wherever_it_is(client, site_content, where):
    if where == "child":
        chosen = publish(site_content.home, StandardPage(title="Programma", slug="programma"))
    else:
        chosen = site_content.article
    home = site_content.home
    home.programme_title = "Het postgraduaat"
    home.programme_page = chosen
    home.save_revision().publish()

    html = client.get("/nl/").content.decode()

    assert html.count(f'href="{chosen.get_url()}"') == 2
