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
from atmp_platform.home.images import CARD_IMAGE, with_renditions
from atmp_platform.home.models import ReservedSlugMixin
from atmp_platform.home.querysets import without_restricted
from atmp_platform.home.routing import SpecificChildRoutingMixin

from .feeds import NewsAtomFeed, NewsRssFeed

NEWS_PER_PAGE = 10


class NewsIndexPage(ReservedSlugMixin, RoutablePageMixin, SpecificChildRoutingMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    child_select_related = ("image",)

    class Meta:
        verbose_name = _("news index page")

    def news_items(self):
        items = NewsPage.objects.live().child_of(self).order_by("-date", "-pk")
        return without_restricted(items)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = with_renditions(self.news_items().defer_streamfields(), "image", CARD_IMAGE)
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            items = items.filter(tags__name=tag)
        news_page = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        news_page.object_list = list(news_page.object_list)
        context["news_page"] = news_page
        context["tags"] = attach_tags(news_page.object_list, self.news_items())
        context["active_tag"] = tag
        context["feed_urls"] = self.feed_urls(request)
        return context

    def feed_urls(self, request) -> dict[str, str]:
        url = self.get_url(request)
        return {name: url + self.reverse_subpage(name) for name in ("atom_feed", "rss_feed")}

    @path("")
    def index(self, request):
        return self.render(request)

    @path("feed/", name="atom_feed")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)


def attach_tags(shown_pages, all_pages) -> list[str]:
    """Set `tag_names` on each shown page and return the tags of all pages, sorted.

    One query for both: the tag filter needs every tag of the index, the cards their own.
    """
    shown = {page.pk: page for page in shown_pages}
    for page in shown.values():
        page.tag_names = []
    all_names = set()
    rows = NewsPageTag.objects.filter(content_object__in=all_pages.values("pk"))
    for page_id, name in rows.order_by("tag__name").values_list("content_object_id", "tag__name"):
        all_names.add(name)
        if page_id in shown:
            shown[page_id].tag_names.append(name)
    return sorted(all_names, key=str.casefold)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(Page):
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
