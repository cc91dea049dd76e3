"""Certificates in the Wagtail admin: a read-only list for programme administrators, with
filters, and the revoke screen (reason, confirmation, result).

Who: programme administrators and superusers (the same test as the revoke service); anyone
else reaching these URLs gets Wagtail's "permission denied". Nothing here edits a certificate
except `revoke_certificate`.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from .models import EXPIRING_SOON_DAYS, Certificate, CertificateType
from .revocation import may_revoke, revoke_certificate

REVOCABLE = (Certificate.Status.ISSUED, Certificate.Status.EXPIRED)


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Certificates are read and revoked by programme administrators and changed by nobody
    else: issuing is the services' work, never a form's."""

    def user_has_permission(self, user, action):
        return action == "view" and may_revoke(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_revoke(user)


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


class CertificateFilterSet(WagtailFilterSet):
    certificate_type = django_filters.ModelChoiceFilter(
        label=_("Certificate type"), queryset=CertificateType.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Certificate.Status.choices)
    expiring = django_filters.BooleanFilter(
        label=_("Expiring within %(days)d days") % {"days": EXPIRING_SOON_DAYS},
        method="filter_expiring",
    )

    class Meta:
        model = Certificate
        fields = ["certificate_type", "status"]

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=EXPIRING_SOON_DAYS)
        expiring = queryset.filter(
            status=Certificate.Status.ISSUED, valid_until__gte=today, valid_until__lte=soon
        )
        return expiring if value else queryset.exclude(pk__in=expiring.values("pk"))


def revoke_url(certificate: Certificate) -> str:
    return reverse("certificates_admin:revoke", args=[certificate.pk])


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("certificate_type")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status in REVOCABLE:
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=revoke_url(instance),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class CertificateInspectView(InspectView):
    @cached_property
    def header_buttons(self):
        if self.object.status not in REVOCABLE:
            return []
        return [HeaderButton(_("Revoke"), url=revoke_url(self.object), icon_name="cross")]

    def get_field_display_value(self, field_name, field):
        # An empty field (not revoked, not yet rendered) reads as a dash, not Python's "None".
        value = super().get_field_display_value(field_name, field)
        return "–" if value is None or value == "" else value


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the audit trail and sent to the holder."),
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that revocation cannot be undone: the certificate will show as "
            "revoked to anyone who verifies it."
        ),
    )


class RevokeView(WagtailAdminTemplateMixin, FormView):
    """Who: programme administrators. GET shows the certificate and the form (or, once
    revoked, who revoked it, when and why); POST revokes it through the service."""

    template_name = "certificates/admin/revoke.html"
    form_class = RevokeForm
    page_title = _("Revoke certificate")
    header_icon = "cross"

    def dispatch(self, request, *args, **kwargs):
        if not may_revoke(request.user):
            raise PermissionDenied
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("certificate_type", "holder", "revoked_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_admin:index"), "label": _("Certificates")},
            {
                "url": reverse("certificates_admin:inspect", args=[self.certificate.pk]),
                "label": str(self.certificate),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = self.certificate
        context["revocable"] = self.certificate.status in REVOCABLE
        context["state"] = self.certificate.state_on(timezone.localdate())
        return context

    def form_valid(self, form):
        try:
            revoke_certificate(
                certificate=self.certificate,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The certificate of %(holder)s is revoked. The holder has been told by e-mail.")
            % {"holder": self.certificate.holder_name},
        )
        return redirect(revoke_url(self.certificate))


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    url_prefix = "certificates"
    url_namespace = "certificates_admin"
    menu_order = 310
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    filterset_class = CertificateFilterSet
    search_fields = ["holder_name"]
    list_display = [
        "holder_name",
        Column("certificate_type", label=_("Certificate type")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        # Calendar days, written out: Wagtail's DateColumn tells a time relative to now
        # ("12 hours ago"), which for a day in the future says "just now".
        Column("issued_on", label=_("Issued on")),
        Column("valid_until", label=_("Valid until")),
    ]
    inspect_view_fields = [
        "public_id",
        "holder_name",
        "holder",
        "certificate_type",
        "cycle",
        "status",
        "issued_on",
        "valid_until",
        "rendered_at",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "created_at",
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("revoke/<int:pk>/", RevokeView.as_view(), name="revoke"),
        ]
