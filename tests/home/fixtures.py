"""Fixtures for the public-site tests; test modules import the ones they use."""

from types import SimpleNamespace

from django.core.cache import cache

from wagtail.models import Site

import pytest

from atmp_platform.home.models import SiteSettings
from tests.pages import translate

from .builders import (
    make_article,
    make_image,
    make_news,
    make_news_index,
    make_partner,
    make_partner_index,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """The site chrome is cached; each test starts from nothing."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_content(home_page):
    """News and partners in Dutch with English translations, and the site's navigation."""
    image = make_image("Cleanroom")
    news_index = make_news_index(home_page)
    news = [
        make_news(news_index, number, tags=["celtherapie"], image=image) for number in (1, 2, 3)
    ]
    news_index_en = translate(news_index, title="News", slug="news")
    news_en = translate(news[0], title="Project launched", slug="project-launched")
    partner_index = make_partner_index(home_page)
    lead = make_partner(partner_index, "FBM", role="lead_partner", kind="", region="")
    partner = make_partner(partner_index, "Sure Laboratories", kind="company")
    article = make_article(partner, 1)
    partner_index_en = translate(partner_index, title="Partners", slug="partners")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.navigation = [("page", news_index), ("page", partner_index)]
    settings.footer_links = [("page", partner_index)]
    settings.footer_text_nl = "Een Interreg-project."
    settings.footer_text_en = "An Interreg project."
    settings.contact_email = "info@atmp-xb.eu"
    settings.save()
    return SimpleNamespace(
        home=home_page,
        image=image,
        news_index=news_index,
        news=news,
        news_index_en=news_index_en,
        news_en=news_en,
        partner_index=partner_index,
        partner_index_en=partner_index_en,
        lead=lead,
        partner=partner,
        article=article,
    )
