"""Navigation, footer and language links from the cached site chrome (see home.chrome)."""

from dataclasses import dataclass

from django import template
from django.apps import apps
from django.conf import settings
from django.template.defaulttags import querystring
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from wagtail.models import Page

from atmp_platform.home import chrome

register = template.Library()


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    is_current: bool = False
    is_ancestor: bool = False


@dataclass(frozen=True)
class PageNumberLink:
    number: int
    url: str = ""
    is_current: bool = False
    is_gap: bool = False


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def site_chrome(context) -> chrome.Chrome | None:
    request = context.get("request")
    return chrome.site_chrome(request) if request is not None else None


@register.simple_tag(takes_context=True)
def navigation_links(context) -> list[Link]:
    """The main navigation from the site settings, each page in the visitor's language."""
    site = site_chrome(context)
    return _links(site.navigation, _current_page(context)) if site else []


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[Link]:
    site = site_chrome(context)
    return _links(site.footer_links, _current_page(context)) if site else []


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
    page = _current_page(context)
    if page is not None:
        urls = chrome.translation_urls(request, page)
    else:
        urls = {code: _translated_path(request, code) for code, _name in settings.LANGUAGES}
    current = translation.get_language()
    return [
        LanguageLink(code, translation.get_language_info(code)["name_local"], url, code == current)
        for code, url in urls.items()
    ]


@register.filter
def summary_of(page: Page) -> str:
    """The short text a listing shows for a page of any type."""
    for field in (
        "search_description",
        "introduction",
        "summary",
        "role_description",
        "hero_introduction",
    ):
        text = getattr(page, field, "")
        if text:
            return text
    return ""


def _current_page(context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _links(chosen_pages, current_page: Page | None) -> list[Link]:
    current_path = current_page.path if current_page is not None else None
    return [
        Link(
            chosen.title,
            chosen.url,
            is_current=chosen.path == current_path,
            # A home page is everyone's ancestor; only sections light up.
            is_ancestor=bool(current_path)
            and chosen.depth > 2
            and chosen.path != current_path
            and current_path.startswith(chosen.path),
        )
        for chosen in chosen_pages
    ]


def _translated_path(request, code: str) -> str:
    path = translate_url(request.path, code)
    query = request.META.get("QUERY_STRING")
    return f"{path}?{query}" if query else path


@register.simple_tag
def rendition_tag(rendition, **attributes) -> str:
    """The <img> of a rendition fetched beforehand (home.images.renditions_for), as the
    {% image %} tag writes it (Rendition.img_tag()); nothing without a rendition.

    Written out here because img_tag() builds the same few attributes through flatatt()
    and format_html() at several times the cost, once per card.
    """
    if rendition is None:
        return ""
    attrs = {"src": rendition.url, "width": rendition.width, "height": rendition.height}
    if "alt" not in attributes:
        attrs["alt"] = rendition.alt
    attrs.update(apps.get_app_config("wagtailimages").default_attrs)
    attrs.update(attributes)
    values = sorted(
        (name, value)
        for name, value in attrs.items()
        if value is not None and not isinstance(value, bool)
    )
    flags = sorted(name for name, value in attrs.items() if value is True)
    html = "".join(f' {name}="{conditional_escape(value)}"' for name, value in values)
    html += "".join(f" {name}" for name in flags)
    return mark_safe(f"<img{html}>")  # noqa: S308 - every value is escaped above


@register.simple_tag(takes_context=True)
def page_number_links(context, page_obj) -> list[PageNumberLink]:
    """Links to the first, the last and the two pages either side of the current page of
    a Django Page object, with a gap marker where numbers are left out; each link keeps the
    other query parameters."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    links = []
    for number in page_obj.paginator.page_range:
        if number in (1, last) or abs(number - current) <= 2:
            url = querystring(context, page=number)
            links.append(PageNumberLink(number, url, is_current=number == current))
        elif abs(number - current) == 3:
            links.append(PageNumberLink(number, is_gap=True))
    return links
