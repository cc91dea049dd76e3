"""The competency framework in the Wagtail admin.

Who: programme administrators (and superusers) manage proficiency levels, competencies with
their rubric criteria, and certificate types with their requirements, import framework files,
and read the evidence and the signed assessments (permissions granted by
migrations/0003_framework_permissions). Everyone else is refused, trainers included: they
reach the admin for H5P uploads, but the framework is the programme's.

Every create, change and delete of a framework record is audited here, in the views' save
and delete paths, with the record's old and new values (framework_audit).
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from .admin_import import FrameworkImportViewSet
from .framework_audit import audit_framework_change, snapshot
from .models import (
    Assessment,
    CertificateRequirement,
    CertificateType,
    Competency,
    Evidence,
    ProficiencyLevel,
)


class AuditedCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        fresh = type(instance).objects.get(pk=instance.pk)
        audit_framework_change(
            actor=self.request.user, instance=fresh, old=None, new=snapshot(fresh)
        )
        return instance


class AuditedEditView(EditView):
    def save_instance(self):
        model = type(self.form.instance)
        # The form has already written the new values onto its instance: read the old ones.
        old = snapshot(model.objects.get(pk=self.form.instance.pk))
        instance = super().save_instance()
        fresh = model.objects.get(pk=instance.pk)
        audit_framework_change(
            actor=self.request.user, instance=fresh, old=old, new=snapshot(fresh)
        )
        return instance


class AuditedDeleteView(DeleteView):
    """Deletes only what nothing depends on; says why otherwise, and deletes nothing."""

    def refusal(self) -> str | None:
        return None

    def _refuse(self, message: str):
        messages.error(self.request, message)
        return redirect(reverse(self.edit_url_name, args=[self.object.pk]))

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            return self._refuse(refusal)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        refusal = self.refusal()
        if refusal:
            return self._refuse(refusal)
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                audit_framework_change(
                    actor=self.request.user,
                    instance=self.object,
                    old=snapshot(self.object),
                    new=None,
                )
                self.delete_action()
        except ProtectedError:
            return self._refuse(
                _("Other records still refer to “%(object)s”, so it cannot be deleted.")
                % {"object": self.object}
            )
        messages.success(self.request, self.get_success_message())
        return redirect(success_url)


class CompetencyDeleteView(AuditedDeleteView):
    def refusal(self):
        competency = self.object
        if Evidence.objects.filter(competency=competency).exists():
            return _(
                "%(code)s has evidence recorded against it and cannot be deleted: the evidence "
                "must stay traceable. Make the competency inactive instead."
            ) % {"code": competency.code}
        if Assessment.objects.filter(competency=competency).exists():
            return _(
                "%(code)s has signed assessments and cannot be deleted. Make the competency "
                "inactive instead."
            ) % {"code": competency.code}
        types = CertificateType.objects.filter(requirements__competency=competency)
        if types.exists():
            return _(
                "Certificate types require %(code)s (%(types)s). Remove it from their "
                "requirements first."
            ) % {"code": competency.code, "types": ", ".join(t.name for t in types)}
        return None


class LevelDeleteView(AuditedDeleteView):
    def refusal(self):
        value = self.object.value
        in_use = (
            Evidence.objects.filter(level=value).exists()
            or Assessment.objects.filter(level=value).exists()
            or CertificateRequirement.objects.filter(minimum_level=value).exists()
        )
        if in_use:
            return _(
                "Level %(level)s is used by evidence, assessments or certificate requirements "
                "and cannot be deleted."
            ) % {"level": value}
        return None


class CertificateTypeDeleteView(AuditedDeleteView):
    def refusal(self):
        if self.object.certificates.exists():
            return _(
                "Certificates of this type have been issued, and they keep their type. Make the "
                "type inactive instead."
            )
        return None


class CompetencyIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if FrameworkImportViewSet.may_import(self.request.user):
            buttons.append(
                HeaderButton(
                    gettext_lazy("Import"),
                    url=reverse("framework_import:upload"),
                    icon_name="upload",
                )
            )
        return buttons


def _level_choices():
    return [(level.value, str(level)) for level in ProficiencyLevel.objects.all()]


class ProficiencyLevelViewSet(ModelViewSet):
    model = ProficiencyLevel
    icon = "list-ol"
    menu_label = gettext_lazy("Proficiency scale")
    url_prefix = "proficiency-levels"
    url_namespace = "proficiency_levels"
    copy_view_enabled = False
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = LevelDeleteView
    list_display = ["value", "name_en", "name_nl"]
    panels = [
        FieldPanel("value"),
        FieldPanel("name_en"),
        FieldPanel("name_nl"),
        FieldPanel("description_en"),
        FieldPanel("description_nl"),
    ]


class CompetencyViewSet(ModelViewSet):
    model = Competency
    icon = "tasks"
    menu_label = gettext_lazy("Competencies")
    url_prefix = "competencies"
    url_namespace = "competencies"
    copy_view_enabled = False
    index_view_class = CompetencyIndexView
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = CompetencyDeleteView
    list_display = [
        "code",
        Column("title", label=gettext_lazy("Title")),
        "category",
        "regulatory_anchor",
        "validity_months",
        BooleanColumn("active", label=gettext_lazy("Active")),
    ]
    list_filter = ["category", "active"]
    search_fields = ["code", "title_en", "title_nl", "regulatory_anchor"]
    panels = [
        FieldPanel("code"),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("description_en")], heading=gettext_lazy("English")
        ),
        MultiFieldPanel(
            [FieldPanel("title_nl"), FieldPanel("description_nl")], heading=gettext_lazy("Dutch")
        ),
        FieldPanel("category"),
        FieldPanel("regulatory_anchor"),
        FieldPanel("validity_months"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
        InlinePanel(
            "criteria",
            heading=gettext_lazy("Rubric criteria"),
            label=gettext_lazy("Criterion"),
            panels=[FieldPanel("text_en"), FieldPanel("text_nl"), FieldPanel("required")],
        ),
    ]


class CertificateTypeViewSet(ModelViewSet):
    model = CertificateType
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificate types")
    url_prefix = "certificate-types"
    url_namespace = "certificate_types"
    copy_view_enabled = False
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = CertificateTypeDeleteView
    list_display = [
        "code",
        Column("name", label=gettext_lazy("Name")),
        "validity_months",
        BooleanColumn("active", label=gettext_lazy("Active")),
    ]
    list_filter = ["active"]
    search_fields = ["code", "name_en", "name_nl"]
    panels = [
        FieldPanel("code"),
        MultiFieldPanel(
            [FieldPanel("name_en"), FieldPanel("statement_en")], heading=gettext_lazy("English")
        ),
        MultiFieldPanel(
            [FieldPanel("name_nl"), FieldPanel("statement_nl")], heading=gettext_lazy("Dutch")
        ),
        FieldPanel("validity_months"),
        FieldPanel("active"),
        InlinePanel(
            "requirements",
            heading=gettext_lazy("Requirements"),
            label=gettext_lazy("Requirement"),
            panels=[
                FieldPanel("competency"),
                FieldPanel("minimum_level", widget=forms.Select(choices=_level_choices)),
            ],
        ),
    ]


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Evidence and signed assessments are read here and changed by nobody: they are written
    only through their services."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Evidence, ViewOnlyPermissionPolicy(Evidence))
register_permission_policy(Assessment, ViewOnlyPermissionPolicy(Assessment))


class ReadOnlyViewSet(ModelViewSet):
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class EvidenceIndexView(IndexView):
    def get_base_queryset(self):
        return Evidence.objects.select_related("person", "competency")


class AssessmentIndexView(IndexView):
    def get_base_queryset(self):
        return Assessment.objects.select_related("student", "competency")


# The trainer's judgement ("uitkomst"), not a module's learning outcome ("leerresultaat").
OUTCOME_LABEL = capfirst(Assessment._meta.get_field("outcome").verbose_name)


class AssessmentFilterSet(WagtailFilterSet):
    outcome = django_filters.ChoiceFilter(label=OUTCOME_LABEL, choices=Assessment.Outcome.choices)

    class Meta:
        model = Assessment
        fields = ["competency", "outcome"]


class AssessmentInspectView(InspectView):
    def get_criteria_display_value(self):
        """The rubric as signed: each criterion with observed or not, in words and a mark."""
        rows = (
            (
                "✓" if item.get("observed") else "✗",
                _("observed") if item.get("observed") else _("not observed"),
                item.get("text", ""),
                _(" (required)") if item.get("required") else "",
            )
            for item in self.object.criteria
        )
        items = format_html_join("", "<li>{} <strong>{}</strong>: {}{}</li>", rows)
        return format_html("<ul>{}</ul>", items)


class EvidenceViewSet(ReadOnlyViewSet):
    model = Evidence
    icon = "clipboard-list"
    menu_label = gettext_lazy("Evidence")
    url_prefix = "evidence"
    url_namespace = "evidence"
    index_view_class = EvidenceIndexView
    list_display = [
        "person",
        "competency",
        "level",
        "score",
        "source",
        "verification",
        DateColumn("occurred_at", label=gettext_lazy("When")),
        Column("valid_until", label=gettext_lazy("Counts until")),
    ]
    list_filter = ["competency", "source", "verification"]
    search_fields = ["person__full_name", "person__email", "source_ref", "source_label"]
    inspect_view_fields = [
        "person",
        "competency",
        "level",
        "score",
        "source",
        "source_ref",
        "source_label",
        "verification",
        "occurred_at",
        "valid_until",
        "recorded_at",
        "recorded_by",
        "superseded_by",
    ]


class AssessmentViewSet(ReadOnlyViewSet):
    model = Assessment
    icon = "edit"
    menu_label = gettext_lazy("Assessments")
    url_prefix = "assessments"
    url_namespace = "assessments_admin"
    index_view_class = AssessmentIndexView
    inspect_view_class = AssessmentInspectView
    list_display = [
        "student",
        "competency",
        Column("outcome", label=OUTCOME_LABEL, accessor="get_outcome_display", sort_key="outcome"),
        "level",
        "signer_name",
        DateColumn("signed_at", label=gettext_lazy("Signed at")),
    ]
    filterset_class = AssessmentFilterSet
    search_fields = ["student__full_name", "student__email", "signer_name"]
    inspect_view_fields = [
        "student",
        "competency",
        "context_label",
        "observed_on",
        "outcome",
        "level",
        "criteria",
        "comments",
        "corrects",
        "correction_reason",
        "signer_name",
        "signed_at",
        "signature_meaning",
        "reauthenticated_at",
        "signed_with_mfa",
        "content_hash",
    ]


class FrameworkAdminGroup(ViewSetGroup):
    menu_label = gettext_lazy("Competency framework")
    menu_icon = "tasks"
    menu_order = 300
    items = (
        CompetencyViewSet,
        ProficiencyLevelViewSet,
        CertificateTypeViewSet,
        EvidenceViewSet,
        AssessmentViewSet,
        FrameworkImportViewSet,
    )


@hooks.register("register_admin_viewset")
def register_framework_admin():
    return FrameworkAdminGroup()


# Certificates list and revocation (holder helper)
from .admin_views import CertificateViewSet  # noqa: E402


@hooks.register("register_admin_viewset")
def register_certificates_admin():
    return CertificateViewSet()
