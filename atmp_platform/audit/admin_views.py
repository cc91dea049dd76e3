"""The audit trail's admin screens beyond Wagtail's generic listing."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.widgets.button import HeaderButton

from .models import AuditEvent
from .services import verify_chain


class AuditIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Verify the trail"), url=reverse("audit:verify"), icon_name="success")
        ]


class VerifyTrailView(WagtailAdminTemplateMixin, TemplateView):
    """Who: whoever may read the trail (programme administrators). It walks the whole hash
    chain, as `manage.py verify_audit_trail` does, and names the first broken link."""

    template_name = "audit/admin/verify.html"
    page_title = _("Verify the audit trail")
    header_icon = "history"
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("audit:index"), "label": _("Audit trail")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        broken = verify_chain()
        context = super().get_context_data(**kwargs)
        context["broken"] = broken
        context["event_count"] = AuditEvent.objects.count()
        if broken is not None:
            context["broken_url"] = reverse("audit:inspect", args=[broken.event_id])
        return context
