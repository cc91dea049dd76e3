"""Navigation, footer links and the language switcher, each in a constant number of queries."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from wagtail.models import Page

from atmp_platform.home.models import SiteSettings

register = template.Library()


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    is_current: bool = False
    is_ancestor: bool = False


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def navigation_links(context) -> list[Link]:
    """The main navigation from the site settings, each page in the visitor's language."""
    request = context["request"]
    stream = SiteSettings.for_request(request).navigation
    return _localized_links(request, stream, _current_page(context))


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[Link]:
    request = context["request"]
    stream = SiteSettings.for_request(request).footer_links
    return _localized_links(request, stream, _current_page(context))


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """A link per language to this same page in that language.

    A Wagtail page links to its translations (their slugs differ); a page without a
    translation in some language links to that language's home page. Any other view keeps
    its path and query string under the other language prefix.
    """
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    page = _current_page(context)
    if page is not None:
        urls = _page_translation_urls(request, page)
    else:
        urls = {code: _translated_path(request, code) for code, _name in settings.LANGUAGES}
    return [
        LanguageLink(code, translation.get_language_info(code)["name_local"], url, code == current)
        for code, url in urls.items()
    ]


def _current_page(context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _localized_links(request, stream, current_page: Page | None) -> list[Link]:
    """Resolve chosen pages to their live translation in the active language in one query.

    A page without a live translation in that language is shown in its own language.
    """
    chosen_ids = [item["value"] for item in stream.raw_data if item.get("value")]
    if not chosen_ids:
        return []
    chosen_keys = Page.objects.filter(pk__in=chosen_ids).values("translation_key")
    # Editors choose what goes in the navigation, so a private page there is deliberate:
    # no .public(), which would cost a query for the view restrictions.
    candidates = list(
        Page.objects.live()
        .filter(translation_key__in=chosen_keys)
        .select_related("locale")
        .only("title", "url_path", "path", "depth", "translation_key", "locale__language_code")
    )
    language = translation.get_language()
    key_of_chosen = {page.pk: page.translation_key for page in candidates}
    in_language = {p.translation_key: p for p in candidates if p.locale.language_code == language}
    by_pk = {page.pk: page for page in candidates}
    links = []
    for page_id in chosen_ids:
        if page_id in by_pk:
            page = in_language.get(key_of_chosen[page_id], by_pk[page_id])
            links.append(_link(request, page, current_page))
    return links


def _link(request, page: Page, current_page: Page | None) -> Link:
    is_current = current_page is not None and current_page.pk == page.pk
    is_ancestor = (
        current_page is not None
        and not is_current
        and page.depth > 2
        and current_page.path.startswith(page.path)
    )
    return Link(page.title, page.get_url(request), is_current, is_ancestor)


def _page_translation_urls(request, page: Page) -> dict[str, str]:
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    by_language = {
        translated.locale.language_code: translated.get_url(request)
        for translated in translations.only("url_path", "locale__language_code")
    }
    return {
        code: by_language.get(code) or _language_home(code) for code, _name in settings.LANGUAGES
    }


def _language_home(code: str) -> str:
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


def _translated_path(request, code: str) -> str:
    path = translate_url(request.path, code)
    query = request.META.get("QUERY_STRING")
    return f"{path}?{query}" if query else path


@register.filter
def summary_of(page: Page) -> str:
    """The short text a listing shows for a page of any type."""
    for field in ("search_description", "introduction", "summary", "hero_introduction"):
        text = getattr(page, field, "")
        if text:
            return text
    return ""
