"""The H5P library's own admin screens: upload, background upload status, safe delete."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.snippets import DeleteView

from .forms import H5PUploadForm
from .models import H5PLibrary, H5PUpload
from .services import (
    content_deletion_problem,
    delete_content,
    may_install_content_types,
    queue_h5p_upload,
    upload_h5p,
)

RECENT_UPLOADS = 10


class UploadView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Upload an .h5p package. Who: users who may add H5P content (programme administrators
    and trainers); others are refused. Content types not installed yet are installed only
    for users with the "install H5P content types" permission (services.upload_h5p)."""

    permission_required = "add"
    model = None
    index_url_name = None
    status_url_name = None
    breadcrumbs_items = None
    header_icon = "upload"
    page_title = gettext_lazy("Upload H5P")
    template_name = "h5p/admin/upload.html"
    form_class = H5PUploadForm

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("H5P content")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["content_types"] = H5PLibrary.objects.filter(runnable=True).order_by("title")
        context["may_install"] = may_install_content_types(self.request.user)
        context["uploads"] = H5PUpload.objects.filter(uploaded_by=self.request.user).select_related(
            "content"
        )[:RECENT_UPLOADS]
        context["status_url_name"] = self.status_url_name
        return context

    def form_valid(self, form):
        file = form.cleaned_data["file"]
        try:
            if file.size > settings.H5P_BACKGROUND_UPLOAD_BYTES:
                upload = queue_h5p_upload(
                    file=file, uploaded_by=self.request.user, original_filename=file.name
                )
                return redirect(self.status_url_name, upload.uuid)
            content = upload_h5p(
                file=file, uploaded_by=self.request.user, original_filename=file.name
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” is uploaded.") % {"title": content.title})
        return redirect(self.index_url_name)


class UploadStatusView(WagtailAdminTemplateMixin, TemplateView):
    """Where a background upload stands. Who: its uploader, and users who may view all
    uploads (programme administrators); anyone else is refused. Refreshes itself until done."""

    index_url_name = None
    add_url_name = None
    edit_url_name = None
    breadcrumbs_items = None
    header_icon = "upload"
    page_title = gettext_lazy("H5P upload")
    template_name = "h5p/admin/upload_status.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.upload = get_object_or_404(
            H5PUpload.objects.select_related("content"), uuid=kwargs["upload_uuid"]
        )

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if self.upload.uploaded_by_id != user.pk and not user.has_perm("h5p.view_h5pupload"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.upload.original_filename

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("H5P content")},
            {"url": "", "label": self.upload.original_filename},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = self.upload.status in (H5PUpload.Status.WAITING, H5PUpload.Status.PROCESSING)
        context.update(
            upload=self.upload,
            pending=pending,
            add_url=reverse(self.add_url_name),
            edit_url_name=self.edit_url_name,
        )
        return context


class H5PContentDeleteView(DeleteView):
    """Delete H5P content with its files. Who: users who may delete H5P content (programme
    administrators). Refused, with the reason, while pages use it or students have results."""

    template_name = "h5p/admin/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deletion_problem"] = content_deletion_problem(self.object)
        return context

    def form_valid(self, form):
        problem = content_deletion_problem(self.object)
        if problem:
            messages.error(self.request, problem)
            return redirect(self.get_delete_url())
        return super().form_valid(form)

    def delete_action(self):
        try:
            delete_content(content=self.object, actor=self.request.user)
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error
