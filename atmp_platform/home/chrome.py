"""The site's chrome (navigation, footer, language links), cached between requests.

Building it takes the site settings, the chosen pages in the visitor's language and a page's
translations: three queries on every page. The result is cached under a generation key; any
saved, deleted or moved page and any change to a site or its settings starts a new
generation, so a cached title or URL never outlives what it shows. With several web
processes the cache must be shared (Redis in production) for that to hold everywhere.
"""

from dataclasses import dataclass
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page, Site

from .models import SiteSettings

GENERATION_KEY = "atmp:chrome:generation"
TIMEOUT = 60 * 60


@dataclass(frozen=True)
class ChosenPage:
    title: str
    url: str
    path: str
    depth: int


@dataclass(frozen=True)
class Chrome:
    navigation: tuple[ChosenPage, ...]
    footer_links: tuple[ChosenPage, ...]
    footer_text: str
    contact_email: str


def start_new_generation(**kwargs) -> None:
    cache.set(GENERATION_KEY, uuid4().hex, None)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def cached(key: str, build):
    """The value under `key` in the cache's current generation, built and stored if missing."""
    full_key = f"atmp:chrome:{_generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, TIMEOUT)
    return value


def _cached(request, key: str, build):
    """Memoised on the request, then in the cache under the current generation."""
    memo = request.__dict__.setdefault("_atmp_chrome", {})
    if key not in memo:
        memo[key] = cached(key, build)
    return memo[key]


def site_chrome(request) -> Chrome:
    """Navigation and footer for the request's site in the active language."""
    language = translation.get_language()
    return _cached(
        request,
        f"site:{request.get_host()}:{language}",
        lambda: _build_chrome(request),
    )


def _build_chrome(request) -> Chrome:
    if Site.find_for_request(request) is None:
        # No site answers for this host and none is the default: a 404 or 500 page still
        # renders, with no navigation, rather than failing on the missing settings.
        return Chrome(navigation=(), footer_links=(), footer_text="", contact_email="")
    site_settings = SiteSettings.for_request(request)
    navigation_ids = _chosen_ids(site_settings.navigation)
    footer_ids = _chosen_ids(site_settings.footer_links)
    pages = _in_active_language(request, navigation_ids + footer_ids)
    return Chrome(
        navigation=tuple(pages[pk] for pk in navigation_ids if pk in pages),
        footer_links=tuple(pages[pk] for pk in footer_ids if pk in pages),
        footer_text=site_settings.footer_text,
        contact_email=site_settings.contact_email,
    )


def _chosen_ids(stream) -> list[int]:
    return [item["value"] for item in stream.raw_data if item.get("value")]


def _in_active_language(request, chosen_ids: list[int]) -> dict[int, ChosenPage]:
    """Each chosen live page, replaced by its live translation in the active language if any.

    Editors choose what goes in the navigation, so a private page there is deliberate: no
    .public(), which would cost a query for the view restrictions.
    """
    if not chosen_ids:
        return {}
    candidates = list(
        Page.objects.live()
        .filter(
            translation_key__in=Page.objects.filter(pk__in=chosen_ids).values("translation_key")
        )
        .select_related("locale")
        .only("title", "url_path", "path", "depth", "translation_key", "locale__language_code")
    )
    language = translation.get_language()
    in_language = {p.translation_key: p for p in candidates if p.locale.language_code == language}
    by_pk = {page.pk: page for page in candidates}
    chosen = {}
    for pk in chosen_ids:
        if pk in by_pk:
            page = in_language.get(by_pk[pk].translation_key, by_pk[pk])
            chosen[pk] = ChosenPage(page.title, page.get_url(request), page.path, page.depth)
    return chosen


def translation_urls(request, page: Page) -> dict[str, str]:
    """The URL of `page` in each language: its live translation, else that language's home."""
    return _cached(request, f"translations:{page.pk}", lambda: _build_translations(request, page))


def _build_translations(request, page: Page) -> dict[str, str]:
    translations = (
        page.get_translations(inclusive=True)
        .live()
        .select_related("locale")
        .only("url_path", "locale__language_code")
    )
    by_language = {t.locale.language_code: t.get_url(request) for t in translations}
    return {code: by_language.get(code) or language_home(code) for code, _ in settings.LANGUAGES}


def language_home(code: str) -> str:
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])
