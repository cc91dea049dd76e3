"""The content the bench measures: the demo site of `manage.py load_demo` (home page in Dutch
and English, the partners with their logos, news, a knowledge article), with the Dutch news
index filled up to 200 articles."""

import datetime
import io
import json

from django.core.management import call_command

from wagtail.models import Page

from atmp_platform.home.models import HomePage
from atmp_platform.news.models import NewsIndexPage, NewsPage
from atmp_platform.partners.models import KnowledgeArticlePage, PartnerIndexPage, PartnerPage

NEWS_COUNT = 200
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
FIRST_NEWS_DATE = datetime.date(2025, 1, 6)


def add_news(index: NewsIndexPage, *, count: int) -> None:
    """Live news pages without revisions: what visitors see is the same, and building them
    takes seconds instead of minutes."""
    for number in range(1, count + 1):
        page = NewsPage(
            title=f"Nieuwsbericht {number}: nieuwe opleiding in aseptisch werken",
            slug=f"bench-nieuwsbericht-{number}",
            date=FIRST_NEWS_DATE + datetime.timedelta(days=number),
            introduction="Een korte inleiding op het bericht, voor het overzicht en de feed.",
            body=BODY,
            live=True,
        )
        page.tags.add("opleiding", f"thema-{number % 5}")
        index.add_child(instance=page)


def dutch(model: type[Page]):
    return model.objects.live().filter(locale__language_code="nl")


def build_site() -> dict[str, str]:
    """Load the demo site, fill the news index; return the URL of each page to measure."""
    call_command("load_demo", stdout=io.StringIO())
    news_index = dutch(NewsIndexPage).get()
    add_news(news_index, count=NEWS_COUNT - NewsPage.objects.child_of(news_index).count())
    home = dutch(HomePage).get()
    partner_index = dutch(PartnerIndexPage).get()
    partners = PartnerPage.objects.live().child_of(partner_index)
    article = dutch(KnowledgeArticlePage).first()
    return {
        "home (nl)": home.get_url(),
        "home (en)": HomePage.objects.live().get(locale__language_code="en").get_url(),
        f"news index ({NewsPage.objects.child_of(news_index).count()} articles)": (
            news_index.get_url()
        ),
        "news page": NewsPage.objects.child_of(news_index).order_by("-date").first().get_url(),
        f"partner index ({partners.count()} partners)": partner_index.get_url(),
        "partner page": article.get_parent().get_url(),
        "knowledge article": article.get_url(),
    }
