from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from atmp_platform.blocks import (
    RICH_TEXT_FEATURES,
    CalloutBlock,
    DocumentBlock,
    HeadingBlock,
    ImageBlock,
    ParagraphBlock,
    QuoteBlock,
)
from atmp_platform.home.cards import (
    PARTNER_CARD_FIELDS,
    PageLink,
    partner_cards,
    partner_logo_wanted,
)
from atmp_platform.home.images import renditions_for
from atmp_platform.home.models import ReservedSlugMixin
from atmp_platform.home.querysets import restricted_paths, without_restricted
from atmp_platform.home.routing import (
    SpecificChildRoutingMixin,
    ViewRestrictionsInOneQueryMixin,
)

from .sanitising import clean_rich_text, clean_stream_value

ARTICLE_LIST_FIELDS = ("title", "url_path", "author", "first_published_at", "summary")


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    UNIVERSITY_COLLEGE = "university_college", _("University college")
    HOSPITAL = "hospital", _("Hospital")
    COMPANY = "company", _("Company")
    CLUSTER = "cluster", _("Cluster organisation")
    FOUNDATION = "foundation", _("Foundation")
    PUBLIC_BODY = "public_body", _("Public body")


class Region(models.TextChoices):
    FLANDERS = "flanders", _("Flanders")
    NETHERLANDS = "netherlands", _("The Netherlands")
    BRUSSELS = "brussels", _("Brussels")
    OTHER = "other", _("Elsewhere")


class ProjectRole(models.TextChoices):
    LEAD_PARTNER = "lead_partner", _("Lead partner")
    PARTNER = "partner", _("Project partner")
    COORDINATION = "coordination", _("Coordination")
    ASSOCIATED = "associated", _("Associated partner")


class SanitisedContentMixin:
    """Cleans the rich text of a page before it reaches the database.

    Both write paths are covered: save() (creation, publishing) and save_revision() (drafts,
    which Wagtail stores as revisions without saving the page row).
    """

    sanitised_rich_text_fields: tuple[str, ...] = ()
    sanitised_stream_fields: tuple[str, ...] = ()

    def sanitise_content(self) -> None:
        for name in self.sanitised_rich_text_fields:
            setattr(self, name, clean_rich_text(getattr(self, name)))
        for name in self.sanitised_stream_fields:
            setattr(self, name, clean_stream_value(getattr(self, name)))

    def save(self, *args, **kwargs):
        self.sanitise_content()
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        self.sanitise_content()
        return super().save_revision(*args, **kwargs)


class PartnerIndexPage(
    ViewRestrictionsInOneQueryMixin, ReservedSlugMixin, SpecificChildRoutingMixin, Page
):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.PartnerPage"]
    child_select_related = ("logo",)

    class Meta:
        verbose_name = _("partner index page")

    def partners(self):
        """The partners to list, as rows of PARTNER_CARD_FIELDS ordered by name."""
        pages = without_restricted(PartnerPage.objects.live().child_of(self), restricted_paths())
        return list(pages.order_by("title").values(*PARTNER_CARD_FIELDS))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rows = self.partners()
        partners = partner_cards(
            rows,
            model=PartnerPage,
            root=PageLink(self.get_url(request), self.url_path),
            renditions=renditions_for(partner_logo_wanted(rows)),
        )
        context["lead_partners"] = [p for p in partners if p.is_lead]
        context["partners"] = [p for p in partners if not p.is_lead]
        return context


class PartnerPage(
    ViewRestrictionsInOneQueryMixin, SanitisedContentMixin, SpecificChildRoutingMixin, Page
):
    """A partner organisation's profile; its knowledge articles are its children.

    Kind and region may stay empty: the demo and the admin record only what is known.
    `editors_group` and `collection` are set up by `services.create_partner`; they are links,
    not names, so that renaming the partner keeps its editors' permissions.
    """

    kind = models.CharField(
        _("kind of organisation"), max_length=32, choices=PartnerKind.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    role = models.CharField(
        _("role in the project"),
        max_length=32,
        choices=ProjectRole.choices,
        default=ProjectRole.PARTNER,
    )
    role_description = models.CharField(_("what they contribute"), max_length=300, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    editors_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("editors group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("media collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sanitised_rich_text_fields = ("description",)
    # A translation is edited by administrators; the editors' links stay with the original.
    exclude_fields_in_copy = ["editors_group", "collection"]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("region"),
                FieldPanel("role"),
                FieldPanel("role_description"),
            ],
            heading=_("Organisation"),
        ),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("role_description"),
        index.FilterField("kind"),
        index.FilterField("region"),
    ]
    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types = ["partners.KnowledgeArticlePage"]

    class Meta:
        verbose_name = _("partner page")

    def with_content_json(self, content):
        """Keep the editors' links of the live row: they belong to the partner, not to a draft.

        Without this, publishing a revision saved before the links were set would drop them.
        """
        page = super().with_content_json(content)
        page.editors_group_id = self.editors_group_id
        page.collection_id = self.collection_id
        return page

    def articles(self):
        """The knowledge articles to list, newest first, as rows of ARTICLE_LIST_FIELDS."""
        pages = KnowledgeArticlePage.objects.live().child_of(self)
        pages = without_restricted(pages, restricted_paths())
        return pages.order_by("-first_published_at", "-pk").values(*ARTICLE_LIST_FIELDS)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        link = PageLink(self.get_url(request), self.url_path)
        context["articles"] = [
            {**row, "url": link.below(row["url_path"])} for row in self.articles()
        ]
        return context


class KnowledgeArticleStreamBlock(blocks.StreamBlock):
    """What partners may put in an article: text and figures, no embeds or raw HTML."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    document = DocumentBlock()


class KnowledgeArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "partners.KnowledgeArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class KnowledgeArticlePage(ViewRestrictionsInOneQueryMixin, SanitisedContentMixin, Page):
    """An article a partner writes; published only after moderation (see services)."""

    author = models.CharField(_("author"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(KnowledgeArticleStreamBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(
        through=KnowledgeArticlePageTag, blank=True, verbose_name=_("tags")
    )
    sanitised_stream_fields = ("body",)

    content_panels = [
        *Page.content_panels,
        FieldPanel("author"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author"),
    ]
    parent_page_types = ["partners.PartnerPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("knowledge article")

    @property
    def partner(self):
        return self.get_parent().specific
