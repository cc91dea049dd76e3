from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from atmp_platform.blocks import BaseStreamBlock
from atmp_platform.home.cards import NEWS_CARD_FIELDS, PageLink, news_cards, news_image_wanted
from atmp_platform.home.images import renditions_for
from atmp_platform.home.models import ReservedSlugMixin
from atmp_platform.home.querysets import restricted_paths, without_restricted
from atmp_platform.home.routing import (
    SpecificChildRoutingMixin,
    ViewRestrictionsInOneQueryMixin,
)

from .feeds import NewsAtomFeed, NewsRssFeed

NEWS_PER_PAGE = 10


class NewsIndexPage(
    ViewRestrictionsInOneQueryMixin,
    ReservedSlugMixin,
    RoutablePageMixin,
    SpecificChildRoutingMixin,
    Page,
):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    child_select_related = ("image",)

    class Meta:
        verbose_name = _("news index page")

    def news_items(self, restricted: frozenset[str] | None = None):
        items = NewsPage.objects.live().child_of(self).order_by("-date", "-pk")
        return without_restricted(items, restricted_paths() if restricted is None else restricted)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        restricted = restricted_paths()
        items = self.news_items(restricted)
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            items = items.filter(tags__name=tag)
        rows = items.values(*NEWS_CARD_FIELDS)
        news_page = Paginator(rows, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        rows = list(news_page.object_list)
        all_tags, tags_by_page = self.tags_of([row["pk"] for row in rows], restricted)
        index_url = self.get_url(request)
        news_page.object_list = news_cards(
            rows,
            root=PageLink(index_url, self.url_path),
            renditions=renditions_for(news_image_wanted(rows)),
            tags=tags_by_page,
        )
        context.update(
            news_page=news_page,
            tags=all_tags,
            active_tag=tag,
            index_url=index_url,
            feed_urls=self.feed_urls(index_url),
        )
        return context

    def feed_urls(self, index_url: str) -> dict[str, str]:
        return {name: index_url + self.reverse_subpage(name) for name in ("atom_feed", "rss_feed")}

    def tags_of(self, shown_pks, restricted: frozenset[str]):
        """The tags of all listed pages, sorted, and the tag names of each shown page by pk.

        One query for both: the tag filter needs every tag of the index, the cards their own.
        """
        by_page: dict[int, list[str]] = {pk: [] for pk in shown_pks}
        all_names = set()
        rows = NewsPageTag.objects.filter(
            content_object__live=True,
            content_object__path__startswith=self.path,
            content_object__depth=self.depth + 1,
        )
        rows = without_restricted(rows, restricted, path_field="content_object__path")
        for page_id, name in rows.order_by("tag__name").values_list(
            "content_object_id", "tag__name"
        ):
            all_names.add(name)
            if page_id in by_page:
                by_page[page_id].append(name)
        return sorted(all_names, key=str.casefold), by_page

    @path("")
    def index(self, request):
        return self.render(request)

    @path("feed/", name="atom_feed")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(ViewRestrictionsInOneQueryMixin, Page):
    date = models.DateField(_("date"))
    introduction = models.TextField(_("introduction"), max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        ordering = ["-date"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self.get_parent()
        return context
