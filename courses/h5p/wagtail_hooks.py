"""The H5P library in the Wagtail admin: content (a snippet, so that H5PBlock can choose it),
uploads in place of the plain create form, and the installed content types, read-only.

Who: programme administrators everything; trainers upload content for installed content
types and see the library (permissions granted by migrations/0002). Nobody edits a content
type here: they are installed by uploading a package (services.upload_h5p).
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import H5PContentDeleteView, UploadStatusView, UploadView
from .models import H5PContent, H5PLibrary, H5PUpload


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Installed content types are listed to whoever may view them and changed by nobody."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(H5PLibrary, ViewOnlyPermissionPolicy(H5PLibrary))
register_permission_policy(H5PUpload, ViewOnlyPermissionPolicy(H5PUpload))


class LibraryUsersOnly:
    """Wagtail's snippet chooser lets anyone with admin access list every item; the H5P
    chooser is for users who may work with the library (partner editors may not)."""

    def dispatch(self, request, *args, **kwargs):
        policy = H5PContent.snippet_viewset.permission_policy
        if not policy.user_has_any_permission(request.user, ["add", "change", "delete", "view"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class H5PChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (LibraryUsersOnly, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (LibraryUsersOnly, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type("ChosenView", (LibraryUsersOnly, chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (LibraryUsersOnly, chooser.SnippetChosenMultipleView), {}
    )


class H5PContentViewSet(SnippetViewSet):
    model = H5PContent
    chooser_viewset_class = H5PChooserViewSet
    icon = "form"
    menu_label = _("Content")
    menu_order = 100
    list_display = ["title", "main_library", "uploaded_by", "uploaded_at"]
    list_filter = ["main_library"]
    search_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "uuid",
        "main_library",
        "language",
        "original_filename",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    panels = [FieldPanel("title")]
    delete_view_class = H5PContentDeleteView
    delete_template_name = "h5p/admin/confirm_delete.html"

    def get_queryset(self, request):
        return H5PContent.objects.select_related("main_library", "uploaded_by")

    @property
    def add_view(self):
        return self.construct_view(UploadView, status_url_name=self.get_url_name("upload_status"))

    @property
    def upload_status_view(self):
        return self.construct_view(UploadStatusView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("uploads/<uuid:upload_uuid>/", self.upload_status_view, name="upload_status"),
        ]


class H5PLibraryViewSet(ModelViewSet):
    model = H5PLibrary
    name = "h5p_content_types"
    url_prefix = "h5p/content-types"
    icon = "cogs"
    menu_label = _("Content types")
    menu_order = 200
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["title", "machine_name", "version", "runnable", "installed_at", "installed_by"]
    list_filter = ["runnable"]
    search_fields = ["title", "machine_name"]
    inspect_view_fields = [
        "title",
        "machine_name",
        "version",
        "runnable",
        "folder",
        "installed_at",
        "installed_by",
        "library_json",
    ]

    def get_queryset(self, request):
        return H5PLibrary.objects.select_related("installed_by")

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class H5PUploadViewSet(ModelViewSet):
    """Every background upload and how it ended, for whoever may view them all."""

    model = H5PUpload
    name = "h5p_uploads"
    url_prefix = "h5p/uploads"
    icon = "upload"
    menu_label = _("Background uploads")
    menu_order = 300
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["original_filename", "uploaded_by", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["original_filename"]
    inspect_view_fields = [
        "original_filename",
        "size",
        "uploaded_by",
        "status",
        "error",
        "content",
        "created_at",
        "finished_at",
    ]

    def get_queryset(self, request):
        return H5PUpload.objects.select_related("uploaded_by")

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class H5PViewSetGroup(ViewSetGroup):
    menu_label = _("H5P")
    menu_icon = "form"
    menu_order = 250
    items = (H5PContentViewSet, H5PLibraryViewSet, H5PUploadViewSet)


register_snippet(H5PViewSetGroup)
