from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from atmp_platform.blocks import BaseStreamBlock

from .cards import (
    LEAD_PARTNER,
    NEWS_CARD_FIELDS,
    PARTNER_CARD_FIELDS,
    PageLink,
    news_cards,
    news_image_wanted,
    partner_cards,
    partner_logo_wanted,
)
from .images import renditions_for
from .querysets import restricted_paths, without_restricted
from .routing import SpecificChildRoutingMixin, ViewRestrictionsInOneQueryMixin

LATEST_NEWS = 3

# First-level URL segments that belong to the site's own views (see atmp_platform/urls.py):
# a page directly under a home page may not take one of these slugs.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "me",
        "search",
        "trainer",
        "learn",
        "h5p",
        "admin",
        "documents",
        "api",
        "verify",
        "certificates",
        "credentials",
        "simulations",
    }
)


class ReservedSlugPageForm(WagtailAdminPageForm):
    """Lets the model's clean() see the parent of a page that the admin is about to create."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        self.instance._parent_for_clean = parent_page


class ReservedSlugMixin:
    """Refuses, directly under a home page, a slug that one of the site's own URLs uses.

    Checked in clean(), which runs both when the admin validates its form (the parent comes
    from ReservedSlugPageForm) and when Page.save() runs full_clean() inside add_child()
    (the parent comes from the tree path that treebeard has just assigned).
    """

    base_form_class = ReservedSlugPageForm

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS and _is_home_page(self._parent_for_slug_check()):
            raise ValidationError(
                {"slug": _("The slug “%(slug)s” is reserved by the site.") % {"slug": self.slug}}
            )

    def _parent_for_slug_check(self):
        if self.path:
            return self.get_parent()
        return getattr(self, "_parent_for_clean", None)


def _is_home_page(page) -> bool:
    return page is not None and issubclass(page.specific_class or Page, HomePage)


class HomePage(ViewRestrictionsInOneQueryMixin, SpecificChildRoutingMixin, Page):
    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_introduction = models.TextField(_("hero introduction"), max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    programme_title = models.CharField(_("programme teaser title"), max_length=200, blank=True)
    programme_text = models.TextField(_("programme teaser text"), blank=True)
    programme_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("programme page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_introduction"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("programme_title"),
                FieldPanel("programme_text"),
                FieldPanel("programme_page"),
            ],
            heading=_("Programme teaser"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def latest_news(self, restricted: frozenset[str]):
        """The latest news under this home page, as rows of NEWS_CARD_FIELDS."""
        news_page = apps.get_model("news", "NewsPage")
        pages = news_page.objects.live().descendant_of(self).order_by("-date", "-pk")
        pages = without_restricted(pages, restricted)
        return list(pages.values(*NEWS_CARD_FIELDS)[:LATEST_NEWS])

    def partners(self, restricted: frozenset[str]):
        """Partner profiles for the strip as rows of PARTNER_CARD_FIELDS: the lead partner
        first, then by name (a stable partition of the query's order by title)."""
        partner_page = apps.get_model("partners", "PartnerPage")
        pages = without_restricted(partner_page.objects.live().descendant_of(self), restricted)
        rows = list(pages.order_by("title").values(*PARTNER_CARD_FIELDS))
        return sorted(rows, key=lambda row: row["role"] != LEAD_PARTNER)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root = PageLink(self.get_url(request), self.url_path)
        restricted = restricted_paths()
        latest_news, partners = self.latest_news(restricted), self.partners(restricted)
        renditions = renditions_for(news_image_wanted(latest_news) + partner_logo_wanted(partners))
        sections = self.section_urls(root)
        context.update(
            latest_news=news_cards(latest_news, root=root, renditions=renditions),
            partners=partner_cards(
                partners,
                model=apps.get_model("partners", "PartnerPage"),
                root=root,
                renditions=renditions,
            ),
            news_index_url=sections.get("news.newsindexpage"),
            partner_index_url=sections.get("partners.partnerindexpage"),
            programme_url=self.programme_url(request, sections),
        )
        return context

    def section_urls(self, root: PageLink) -> dict[str, str]:
        """The URLs of the news and partner index pages under this home page, by model label,
        and of the programme page under "programme" when it is a live child of this page."""
        index_models = [
            apps.get_model("news", "NewsIndexPage"),
            apps.get_model("partners", "PartnerIndexPage"),
        ]
        labels = {
            ContentType.objects.get_for_model(model).pk: model._meta.label_lower
            for model in index_models
        }
        wanted = Q(content_type__in=labels)
        if self.programme_page_id is not None:
            wanted |= Q(pk=self.programme_page_id)
        children = (
            self.get_children()
            .live()
            .filter(wanted)
            .order_by("path")
            .values_list("pk", "content_type", "url_path")
        )
        urls = {}
        for pk, content_type, url_path in children:
            if content_type in labels:
                urls[labels[content_type]] = root.below(url_path)
            if pk == self.programme_page_id:
                urls["programme"] = root.below(url_path)
        return urls

    def programme_url(self, request, sections: dict[str, str]) -> str | None:
        """The chosen programme page's URL; one found among the sections costs no query."""
        if self.programme_page_id is None:
            return None
        return sections.get("programme") or self.programme_page.get_url(request)


class StandardPage(ViewRestrictionsInOneQueryMixin, ReservedSlugMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Navigation and footer. Link labels come from the linked page in the visitor's language."""

    navigation = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        verbose_name=_("main navigation"),
        blank=True,
    )
    footer_links = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        verbose_name=_("footer links"),
        blank=True,
    )
    footer_text_nl = models.TextField(_("footer text (Dutch)"), blank=True)
    footer_text_en = models.TextField(_("footer text (English)"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [
        FieldPanel("navigation"),
        FieldPanel("footer_links"),
        FieldPanel("footer_text_nl"),
        FieldPanel("footer_text_en"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def footer_text(self) -> str:
        language = (get_language() or "nl")[:2]
        return self.footer_text_en if language == "en" else self.footer_text_nl
