"""The content the bench measures: a Dutch home page with its English translation, a news
index with many articles, a partner index with the thirteen partners, one knowledge article."""

import datetime
import json

from django.utils.text import slugify

from wagtail.models import Locale, Page, Site

from atmp_platform.home.models import HomePage
from atmp_platform.news.models import NewsIndexPage, NewsPage
from atmp_platform.partners.models import (
    KnowledgeArticlePage,
    PartnerIndexPage,
    PartnerKind,
    PartnerPage,
    ProjectRole,
    Region,
)

PARAGRAPH = (
    "<p>Geavanceerde therapieën (ATMP's) worden gemaakt uit levende cellen, vaak die van de "
    "patiënt zelf. Wie ze produceert of test, werkt aseptisch in cleanrooms van klasse A en B "
    "en volgt elke stap van het proces nauwgezet.</p>"
)
BODY = json.dumps(
    [
        {"type": "heading", "value": {"text": "Waarom dit ertoe doet", "level": "h2"}},
        {"type": "paragraph", "value": PARAGRAPH},
        {"type": "paragraph", "value": PARAGRAPH},
    ]
)
PARTNER_KINDS = list(PartnerKind.values)
REGIONS = [Region.FLANDERS, Region.NETHERLANDS]
PARTNER_COUNT = 13
FIRST_NEWS_DATE = datetime.date(2025, 1, 6)


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_news(index: NewsIndexPage, *, start: int, count: int) -> None:
    """Live news pages without revisions: what visitors see is the same, and building 200
    of them takes seconds instead of minutes."""
    for number in range(start, start + count):
        page = NewsPage(
            title=f"Nieuwsbericht {number}: nieuwe opleiding in aseptisch werken",
            slug=f"nieuwsbericht-{number}",
            date=FIRST_NEWS_DATE + datetime.timedelta(days=number),
            introduction="Een korte inleiding op het bericht, voor het overzicht en de feed.",
            body=BODY,
            live=True,
        )
        page.tags.add("opleiding", f"thema-{number % 5}")
        index.add_child(instance=page)


def build_site(*, news_count: int = 200) -> dict[str, str]:
    """Build the content on an empty site tree; return the URL of each page to measure."""
    root = Page.get_first_root_node()
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    Site.objects.all().delete()
    for page in root.get_children():
        page.delete()

    home = publish(
        root,
        HomePage(
            title="ATMP XB",
            slug="home",
            locale=dutch,
            hero_title="Sneller en veiliger naar cel- en gentherapie",
            hero_introduction="Een grensoverschrijdend leernetwerk voor ATMP's.",
            body=BODY,
        ),
    )
    home_en = home.copy_for_translation(english)
    home_en.hero_title = "Faster and safer to cell and gene therapy"
    home_en.save_revision().publish()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)

    news_index = publish(home, NewsIndexPage(title="Nieuws", slug="nieuws", introduction="Nieuws"))
    add_news(news_index, start=1, count=news_count)

    partner_index = publish(
        home, PartnerIndexPage(title="Partners", slug="partners", introduction="Het netwerk")
    )
    partners = [
        publish(
            partner_index,
            PartnerPage(
                title=f"Partnerorganisatie {number}",
                slug=slugify(f"partner-{number}"),
                kind=PARTNER_KINDS[number % len(PARTNER_KINDS)],
                region=REGIONS[number % len(REGIONS)],
                role=ProjectRole.LEAD_PARTNER if number == 1 else ProjectRole.PARTNER,
                role_description="Opleiding en onderzoek in celtherapie",
                website=f"https://partner{number}.example.org/",
                description=PARAGRAPH,
            ),
        )
        for number in range(1, PARTNER_COUNT + 1)
    ]
    article = publish(
        partners[0],
        KnowledgeArticlePage(
            title="Omgevingsmonitoring in een cleanroom van klasse A",
            slug="omgevingsmonitoring",
            author="Dr. An Peeters",
            summary="Wat deeltjestellers en contactplaten vertellen over aseptisch werken.",
            body=BODY,
        ),
    )
    news_page = NewsPage.objects.child_of(news_index).order_by("-date").first()
    return {
        "home (nl)": home.get_url(),
        "home (en)": home_en.get_url(),
        f"news index ({news_count} articles)": news_index.get_url(),
        "news page": news_page.get_url(),
        f"partner index ({PARTNER_COUNT} partners)": partner_index.get_url(),
        "partner page": partners[0].get_url(),
        "knowledge article": article.get_url(),
    }
