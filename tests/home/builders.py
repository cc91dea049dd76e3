"""Build public-site content under the `home_page` fixture: news, partners, articles, images."""

import datetime
import io

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Page

from PIL import Image as PillowImage

from atmp_platform.news.models import NewsIndexPage, NewsPage
from atmp_platform.partners.models import (
    KnowledgeArticlePage,
    PartnerIndexPage,
    PartnerPage,
    ProjectRole,
)
from tests.pages import publish

BODY = [
    ("heading", {"text": "Waarom dit telt", "level": "h2"}),
    ("paragraph", "<p>Cel- en gentherapieën worden gemaakt uit levende cellen.</p>"),
    ("quote", {"quote": "Snelheid en veiligheid zijn cruciaal.", "attribution": "ATMP XB"}),
    (
        "callout",
        {"kind": "regulation", "title": "EU GMP Annex 1", "text": "<p>Graad A: geen groei.</p>"},
    ),
]


def make_image(title: str = "Cleanroom", colour: str = "#0a4d8c", size=(960, 540)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title,
        description=f"{title}: foto",
        file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png"),
    )


def make_news_index(home: Page, title: str = "Nieuws", slug: str = "nieuws") -> NewsIndexPage:
    return publish(home, NewsIndexPage(title=title, slug=slug, introduction="Het laatste nieuws."))


def make_news(index: NewsIndexPage, number: int, *, tags=(), image=None, **fields) -> NewsPage:
    defaults = {
        "title": f"Nieuwsbericht {number}",
        "slug": f"nieuws-{number}",
        "date": datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
        "introduction": f"Inleiding bij bericht {number}.",
        "image": image,
        "body": BODY,
    }
    page = NewsPage(**{**defaults, **fields})
    page.tags.add(*tags)
    return publish(index, page)


def make_many_news(index: NewsIndexPage, count: int, *, image=None) -> list[NewsPage]:
    return [
        make_news(index, number, tags=["celtherapie", f"thema-{number % 4}"], image=image)
        for number in range(1, count + 1)
    ]


def make_partner_index(home: Page, title="Partners", slug="partners") -> PartnerIndexPage:
    return publish(home, PartnerIndexPage(title=title, slug=slug, introduction="Het netwerk."))


def make_partner(index: PartnerIndexPage, name: str, *, logo=None, **fields) -> PartnerPage:
    defaults = {
        "title": name,
        "slug": name.lower().replace(" ", "-"),
        "kind": "company",
        "region": "flanders",
        "role": ProjectRole.PARTNER,
        "role_description": "Kwaliteitscontrole en opleiding.",
        "website": "https://example.org/",
        "description": "<p>Een organisatie in het netwerk.</p>",
        "logo": logo,
    }
    return publish(index, PartnerPage(**{**defaults, **fields}))


def make_article(partner: PartnerPage, number: int, **fields) -> KnowledgeArticlePage:
    defaults = {
        "title": f"Kennisartikel {number}",
        "slug": f"kennisartikel-{number}",
        "author": "Eva Editor",
        "summary": f"Samenvatting van artikel {number}.",
        "body": BODY[:2],
    }
    page = KnowledgeArticlePage(**{**defaults, **fields})
    page.tags.add("aseptiek")
    return publish(partner, page)


def add_news_quickly(index: NewsIndexPage, numbers, *, images=()) -> None:
    """Live articles without revisions: enough for listings, much faster to create."""
    for number in numbers:
        page = NewsPage(
            title=f"Nieuwsbericht {number}",
            slug=f"nieuws-{number}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            introduction=f"Inleiding bij bericht {number}.",
            image=images[number % len(images)] if images else None,
            body=BODY[:2],
        )
        page.tags.add("celtherapie", f"thema-{number % 5}")
        index.add_child(instance=page)


def add_partners_quickly(index: PartnerIndexPage, numbers, *, logos=()) -> None:
    for number in numbers:
        index.add_child(
            instance=PartnerPage(
                title=f"Partner {number:03d}",
                slug=f"partner-{number}",
                kind="company",
                region="netherlands",
                logo=logos[number % len(logos)] if logos else None,
            )
        )


def add_articles_quickly(partner: PartnerPage, numbers) -> None:
    for number in numbers:
        page = KnowledgeArticlePage(
            title=f"Kennisartikel {number}",
            slug=f"kennisartikel-{number}",
            author="Eva Editor",
            summary=f"Samenvatting {number}.",
            body=BODY[:2],
        )
        page.tags.add("aseptiek")
        partner.add_child(instance=page)
