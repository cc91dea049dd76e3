"""The Wagtail site of a request from the cache, instead of a query on every request.

Wagtail finds the site of a request with a query (Site.find_for_request) and keeps it on
the request as `_wagtail_site`, where every later lookup in that request finds it. This
middleware puts it there from the cache, under the generation of the site chrome
(home.chrome): any saved, deleted or moved page and any change to a site starts a new
generation, so a cached site never outlives its row nor its root page's place in the tree.
Only routing data comes from the cache: Wagtail reads the root page's content afresh when
it takes the specific page to route and serve.
"""

from wagtail.models import Site

from . import chrome


class CachedSiteMiddleware:
    """Place after CommonMiddleware, which refuses hosts outside ALLOWED_HOSTS first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            key = f"site:{request.get_host()}:{request.get_port()}"
            request._wagtail_site = chrome.cached(key, lambda: Site.find_for_request(request))
        return self.get_response(request)
