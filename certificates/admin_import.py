"""Importing a framework file in the admin: upload, preview what would change, confirm.

Who: programme administrators and superusers (whoever may add and change competencies);
everyone else is refused. The preview carries the file, signed, to the confirm step, which
checks it again against the database and applies it only if it still changes what the
preview showed.
"""

import base64

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .importing import MAX_BYTES, ImportPlan, apply_plan, plan_import
from .models import CertificateType, Competency, ProficiencyLevel

SIGNING_SALT = "certificates.framework-import"
PREVIEW_MAX_AGE = 60 * 60


def may_import(user) -> bool:
    policy = ModelPermissionPolicy(Competency)
    return policy.user_has_permission(user, "add") and policy.user_has_permission(user, "change")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Framework file"),
        help_text=gettext_lazy(
            "A CSV or YAML file of at most 1 MB, in the format described in the README. "
            "Nothing changes until you confirm the preview."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.yaml,.yml"}),
    )


KIND_LABELS = {
    "level": gettext_lazy("Proficiency level"),
    "competency": gettext_lazy("Competency"),
    "certificate_type": gettext_lazy("Certificate type"),
}
ACTION_LABELS = {
    "create": gettext_lazy("New"),
    "update": gettext_lazy("Changed"),
    "unchanged": gettext_lazy("Unchanged"),
}


def _shown(value) -> str:
    if isinstance(value, list):
        return " | ".join(
            " / ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
            for item in value
        )
    return "—" if value in (None, "") else str(value)


KIND_MODELS = {
    "level": ProficiencyLevel,
    "competency": Competency,
    "certificate_type": CertificateType,
}
# Keys of the file that are not fields of the model: the rows of an inline.
LIST_LABELS = {
    "criteria": gettext_lazy("Rubric criteria"),
    "requirements": gettext_lazy("Requirements"),
}


def _field_label(kind: str, name: str) -> str:
    """The name the admin's forms give the field, for a key of the file."""
    try:
        return capfirst(KIND_MODELS[kind]._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return LIST_LABELS.get(name, name)


def preview_rows(plan: ImportPlan) -> list[dict]:
    """What the preview table shows: per record, what happens and which values change (named
    as in the admin's forms, with the key of the file)."""
    rows = []
    for change in plan.changes:
        details = [
            {
                "field": name,
                "label": _field_label(change.kind, name),
                "old": _shown(change.old.get(name)),
                "new": _shown(change.new[name]),
            }
            for name in change.changed_fields
        ]
        rows.append(
            {
                "kind": KIND_LABELS[change.kind],
                "key": change.key,
                "action": change.action,
                "action_label": ACTION_LABELS[change.action],
                "details": details,
            }
        )
    return rows


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UploadView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Who: programme administrators and superusers. Upload a file; see what it would change."""

    template_name = "certificates/admin/framework_import.html"
    preview_template_name = "certificates/admin/framework_import_preview.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import competencies")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("competencies:index"), "label": _("Competencies")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        try:
            plan = plan_import(data=data, filename=upload.name)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        payload = signing.dumps(
            {"name": upload.name, "data": base64.b64encode(data).decode(), "digest": plan.digest},
            salt=SIGNING_SALT,
            compress=True,
        )
        context = self.get_context_data(
            plan=plan,
            rows=preview_rows(plan),
            payload=payload,
            changes=plan.count("create") + plan.count("update"),
        )
        return TemplateResponse(self.request, self.preview_template_name, context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_bytes"] = MAX_BYTES
        return context


class ConfirmView(ImportPermissionMixin, View):
    """Who: programme administrators and superusers. POST only: apply a previewed file."""

    http_method_names = ["post"]

    def post(self, request):
        upload_url = reverse("framework_import:upload")
        try:
            payload = signing.loads(
                request.POST.get("payload", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(
                request, _("The preview has expired or is not valid. Upload the file again.")
            )
            return redirect(upload_url)
        data = base64.b64decode(payload["data"])
        try:
            with transaction.atomic():
                plan = plan_import(data=data, filename=payload["name"])
                if plan.digest != payload["digest"]:
                    messages.error(
                        request,
                        _(
                            "The framework has changed since the preview. Upload the file again "
                            "to see what it would change now."
                        ),
                    )
                    return redirect(upload_url)
                apply_plan(plan=plan, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(upload_url)
        messages.success(
            request,
            _("Imported %(file)s: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
            % {
                "file": plan.filename,
                "created": plan.count("create"),
                "updated": plan.count("update"),
                "unchanged": plan.count("unchanged"),
            },
        )
        return redirect("competencies:index")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


class FrameworkImportViewSet(ViewSet):
    name = "framework_import"
    url_prefix = "competency-import"
    icon = "upload"
    menu_label = gettext_lazy("Import")
    menu_item_class = ImportMenuItem
    may_import = staticmethod(may_import)

    def get_urlpatterns(self):
        return [
            path("", UploadView.as_view(), name="upload"),
            path("confirm/", ConfirmView.as_view(), name="confirm"),
        ]
