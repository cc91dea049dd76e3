"""The public partner pages: index, profile and knowledge article, in Dutch and English."""

from django.utils import translation

import pytest

from atmp_platform.partners.models import PartnerKind, ProjectRole, Region
from tests.home import fixtures
from tests.home.builders import make_article, make_image, make_partner
from tests.pages import translate

site_content = fixtures.site_content
empty_cache = fixtures.empty_cache


@pytest.mark.django_db
def test_partner_index_shows_the_lead_partner_first_with_kind_and_region(client, site_content):
    make_partner(site_content.partner_index, "Anabiotec", region="netherlands")

    html = client.get("/nl/partners/").content.decode()

    assert (
        html.index(">FBM</a>") < html.index(">Anabiotec</a>") < html.index(">Sure Laboratories</a>")
    )
    with translation.override("nl"):
        for label in (
            ProjectRole.LEAD_PARTNER.label,
            PartnerKind.COMPANY.label,
            Region.FLANDERS.label,
        ):
            assert str(label) in html


@pytest.mark.django_db
def test_partner_index_renders_in_english(client, site_content):
    translate(site_content.lead, title="FBM")

    response = client.get("/en/partners/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html and ">FBM</a>" in html
    assert "Sure Laboratories" not in html


@pytest.mark.django_db
def test_partner_page_shows_the_profile_and_published_articles(client, site_content):
    logo = make_image("Sure logo")
    partner = site_content.partner
    partner.logo = logo
    partner.save_revision().publish()
    draft = make_article(partner, 2, title="Nog niet gepubliceerd")
    draft.unpublish()

    html = client.get("/nl/partners/sure-laboratories/").content.decode()

    assert "<h1" in html and "Sure Laboratories" in html
    assert 'alt="Sure Laboratories"' in html
    assert "Kwaliteitscontrole en opleiding." in html
    assert 'href="https://example.org/"' in html
    assert "Een organisatie in het netwerk." in html
    assert 'href="/nl/partners/sure-laboratories/kennisartikel-1/"' in html
    assert "Nog niet gepubliceerd" not in html


@pytest.mark.django_db
def test_partner_without_articles_says_so(client, site_content):
    html = client.get("/nl/partners/fbm/").content.decode()

    assert 'class="empty-state"' in html


@pytest.mark.django_db
def test_knowledge_article_shows_author_partner_summary_body_and_tags(client, site_content):
    html = client.get("/nl/partners/sure-laboratories/kennisartikel-1/").content.decode()

    assert "Kennisartikel 1" in html
    assert "Eva Editor" in html
    assert 'href="/nl/partners/sure-laboratories/"' in html
    assert "Samenvatting van artikel 1." in html
    assert "Waarom dit telt" in html
    assert ">aseptiek<" in html


@pytest.mark.django_db
def test_knowledge_article_renders_in_english(client, site_content):
    partner_en = translate(site_content.partner, title="Sure Laboratories")
    translate(site_content.article, title="Knowledge article 1", slug="knowledge-article-1")

    response = client.get(f"{partner_en.url}knowledge-article-1/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html and "Knowledge article 1" in html
    assert 'href="/nl/partners/sure-laboratories/kennisartikel-1/" lang="nl"' in html


@pytest.mark.django_db
def test_unpublished_article_is_not_served(client, site_content):
    site_content.article.unpublish()

    assert client.get("/nl/partners/sure-laboratories/kennisartikel-1/").status_code == 404
