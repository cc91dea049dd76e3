from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import AuditIndexView, VerifyTrailView
from .models import AuditEvent


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The trail can be read by those with `view_auditevent`, and changed by nobody."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit trail")
    menu_order = 900
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["occurred_at", "actor_label", "action", "object_repr", "reason"]
    index_view_class = AuditIndexView
    list_filter = ["action", "object_type", "occurred_at"]
    search_fields = ["actor_label", "action", "object_repr", "reason"]
    inspect_view_fields = [
        "occurred_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "old_value",
        "new_value",
        "reason",
        "previous_hash",
        "entry_hash",
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path(
                "verify/",
                VerifyTrailView.as_view(permission_policy=self.permission_policy),
                name="verify",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet("audit")
