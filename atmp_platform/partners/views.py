"""Stricter access to one Wagtail admin report that would show a partner others' drafts."""

from django.core.exceptions import PermissionDenied

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

_report = PageTypesUsageReportView.as_view()
_report_results = PageTypesUsageReportView.as_view(results_only=True)


def _require_publisher(request) -> None:
    if not PagePermissionPolicy().user_has_permission(request.user, "publish"):
        raise PermissionDenied


@require_admin_access
def page_types_usage_report(request, *args, **kwargs):
    """Wagtail's page-types report, for those who may publish pages (administrators) only.

    Wagtail offers it to anyone who may add a page, and it names the most recently edited page
    of every type: for a partner editor that can be another partner's draft.
    """
    _require_publisher(request)
    return _report(request, *args, **kwargs)


@require_admin_access
def page_types_usage_report_results(request, *args, **kwargs):
    """The same report's results fragment, under the same restriction."""
    _require_publisher(request)
    return _report_results(request, *args, **kwargs)
