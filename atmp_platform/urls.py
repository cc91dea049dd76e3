from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from atmp_platform.accounts import views as accounts_views
from atmp_platform.home import views as home_views
from atmp_platform.home.sitemaps import MultilingualSitemap
from atmp_platform.partners import views as partners_views

# Every app's own URLs come before Wagtail's catch-all, under prefixes that
# atmp_platform.home.models.RESERVED_SLUGS keeps page slugs from taking.
urlpatterns = [
    # The admin logs in and out through allauth (MFA, rate limits, e-mail verification).
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    path("admin/logout/", accounts_views.admin_logout, name="admin_logout"),
    # Wagtail shows this report to partner editors; it can name other partners' drafts.
    path(
        "admin/reports/page-types-usage/",
        partners_views.page_types_usage_report,
        name="page_types_usage_for_publishers",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        partners_views.page_types_usage_report_results,
        name="page_types_usage_results_for_publishers",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("h5p/", include("courses.h5p.urls")),
    path("credentials/", include("certificates.urls.credentials")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("me/", include("atmp_platform.accounts.urls")),
    path("search/", home_views.search, name="search"),
    path("learn/", include("courses.urls.learn")),
    path("trainer/", include("courses.urls.trainer")),
    path("verify/", include("certificates.urls.verify")),
    path("certificates/", include("certificates.urls.holder")),
    path("simulations/", include("simulations.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler404 = "atmp_platform.home.views.page_not_found"
handler500 = "atmp_platform.home.views.server_error"
# allauth answers a refused rate limit with this (see atmp_platform/ops_cache.py).
handler429 = "atmp_platform.ops_cache.rate_limited"
