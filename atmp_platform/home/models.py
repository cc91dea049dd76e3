from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from atmp_platform.blocks import BaseStreamBlock

# First-level URL segments that belong to the site's own views (see atmp_platform/urls.py):
# a page directly under a home page may not take one of these slugs.
RESERVED_SLUGS = frozenset({"accounts", "me", "search", "trainer", "admin", "documents", "api"})


class ReservedSlugMixin:
    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else getattr(self, "_parent_for_clean", None)
        parent = parent.specific if parent is not None else None
        if isinstance(parent, HomePage) and self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("The slug “%(slug)s” is reserved by the site.") % {"slug": self.slug}}
            )


class HomePage(Page):
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


class StandardPage(ReservedSlugMixin, Page):
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
