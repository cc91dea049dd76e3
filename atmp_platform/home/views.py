from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

from courses.models import LessonPage

SEARCH_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@require_GET
def robots_txt(request):
    """Who: anyone."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /nl/accounts/",
        "Disallow: /en/accounts/",
        "Disallow: /nl/me/",
        "Disallow: /en/me/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def search(request):
    """Who: anyone. Searches live, public pages in the current language, a page at a time."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results_page = None
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        # Lessons are for enrolled students only; their module pages are what search finds.
        pages = pages.not_type(LessonPage).specific()
        paginator = Paginator(pages.search(query), SEARCH_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "results_page": results_page})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Renders without a request context: the failure may be in the database or a context
    processor, so the template must need neither."""
    return HttpResponseServerError(loader.get_template("500.html").render())
