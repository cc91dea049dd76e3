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
from atmp_platform.home.models import ReservedSlugMixin

NEWS_PER_PAGE = 10


class NewsIndexPage(ReservedSlugMixin, RoutablePageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def news_items(self):
        return (
            NewsPage.objects.live()
            .public()
            .child_of(self)
            .select_related("image")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.news_items()
        tag = request.GET.get("tag", "").strip()
        if tag:
            items = items.filter(tags__name=tag)
        paginator = Paginator(items, NEWS_PER_PAGE)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        context["active_tag"] = tag
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        from .feeds import NewsFeed

        return NewsFeed(self)(request)


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
