"""sitemap.xml for every language of the site.

Wagtail's own Sitemap lists the descendants of the site's root page only; each translation of
that root page is a separate tree beside it, so the other languages would be missing.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = reduce(or_, (Q(path__startswith=root.path) for root in roots))
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
