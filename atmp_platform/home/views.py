from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.models import Page


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
    """Who: anyone. Searches live, public pages in the current language."""
    query = request.GET.get("q", "").strip()
    results = Page.objects.live().public().specific().search(query) if query else []
    return render(request, "home/search.html", {"query": query, "results": results})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
