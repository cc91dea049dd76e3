"""Listing cards built from a few columns of each page, instead of whole page objects.

A card's URL comes from the URL of a page above it (the listing's own page, whose URL is
computed once) and the card page's url_path: what Page.get_url() would give for a page of
the same site and language, without its site and language lookups for every card.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils.http import RFC3986_SUBDELIMS

from .images import CARD_IMAGE, LOGO_IMAGE

NEWS_CARD_FIELDS = ("pk", "title", "url_path", "date", "introduction", "image_id")
PARTNER_CARD_FIELDS = (
    "title",
    "url_path",
    "role",
    "kind",
    "region",
    "role_description",
    "logo_id",
)
LEAD_PARTNER = "lead_partner"


@dataclass(frozen=True)
class PageLink:
    """Where a page below `url_path` lives: `url` is that page's own URL."""

    url: str
    url_path: str

    def below(self, url_path: str) -> str:
        # Quoted as Django's reverse() quotes the path of wagtail_serve.
        suffix = url_path[len(self.url_path) :]
        return self.url + quote(suffix, safe=RFC3986_SUBDELIMS + "/~:@")


@dataclass(frozen=True)
class NewsCard:
    pk: int
    title: str
    url: str
    date: datetime.date
    introduction: str
    image: object = None
    tag_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PartnerCard:
    title: str
    url: str
    role: str
    role_display: str
    kind: str
    kind_display: str
    region: str
    region_display: str
    role_description: str
    logo: object = None

    @property
    def is_lead(self) -> bool:
        return self.role == LEAD_PARTNER


def news_image_wanted(rows) -> list[tuple[int, str]]:
    return [(row["image_id"], CARD_IMAGE) for row in rows]


def partner_logo_wanted(rows) -> list[tuple[int, str]]:
    return [(row["logo_id"], LOGO_IMAGE) for row in rows]


def news_cards(rows, *, root: PageLink, renditions, tags=None) -> list[NewsCard]:
    tags = tags or {}
    return [
        NewsCard(
            pk=row["pk"],
            title=row["title"],
            url=root.below(row["url_path"]),
            date=row["date"],
            introduction=row["introduction"],
            image=renditions.get((row["image_id"], CARD_IMAGE)),
            tag_names=tags.get(row["pk"], []),
        )
        for row in rows
    ]


def partner_cards(rows, *, model, root: PageLink, renditions) -> list[PartnerCard]:
    labels = {name: _labels(model, name) for name in ("role", "kind", "region")}
    return [
        PartnerCard(
            title=row["title"],
            url=root.below(row["url_path"]),
            role=row["role"],
            role_display=labels["role"].get(row["role"], row["role"]),
            kind=row["kind"],
            kind_display=labels["kind"].get(row["kind"], row["kind"]),
            region=row["region"],
            region_display=labels["region"].get(row["region"], row["region"]),
            role_description=row["role_description"],
            logo=renditions.get((row["logo_id"], LOGO_IMAGE)),
        )
        for row in rows
    ]


def _labels(model, field_name: str) -> dict:
    """The choice labels of a field, as get_FOO_display() shows them."""
    return dict(model._meta.get_field(field_name).flatchoices)
