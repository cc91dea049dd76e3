"""Cohorts and their enrolments in the Wagtail admin.

Who: programme administrators create, change and delete cohorts and read the enrolments
(permissions granted by migrations/0002_cohort_permissions). Trainers work with their cohorts
in the trainer screens (/trainer/), not here. Enrolments are read-only: students change them
through the enrolment services, trainers through their decisions.
"""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from atmp_platform.accounts.models import User
from atmp_platform.accounts.roles import TRAINER

from .enrolment import fill_free_places
from .models import Cohort, Enrolment, ModulePage


class CohortForm(WagtailAdminModelForm):
    """Cohorts of modules in the default language (the translations share them)."""

    class Meta:
        model = Cohort
        fields = [
            "module",
            "name",
            "starts_on",
            "ends_on",
            "capacity",
            "enrolment_mode",
            "enrolment_open",
            "trainers",
        ]
        widgets = {"trainers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = ModulePage.objects.filter(
            locale=Locale.get_default()
        ).order_by("path")
        self.fields["module"].label_from_instance = lambda page: f"{page.code} {page.title}"
        self.fields["trainers"].queryset = User.objects.filter(groups__name=TRAINER).order_by(
            "full_name"
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A cohort cannot end before it starts."))
        capacity = cleaned.get("capacity")
        if capacity is not None and self.instance.pk:
            taken = self.instance.enrolments.active().count()
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _("%(taken)d students already have a place: the capacity cannot be lower.")
                    % {"taken": taken},
                )
        return cleaned


class CohortDeleteView(DeleteView):
    """A cohort with enrolments is history: close its enrolment instead of deleting it."""

    def form_valid(self, form):
        if self.object.enrolments.exists():
            messages.error(
                self.request,
                _("This cohort has enrolments and cannot be deleted. Close its enrolment instead."),
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


class CohortEditView(EditView):
    """A raised capacity goes to the waiting list of an open cohort straight away."""

    def save_instance(self):
        cohort = super().save_instance()
        fill_free_places(cohort=cohort, actor=self.request.user)
        return cohort


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        active = Q(enrolments__status__in=Enrolment.ACTIVE_STATUSES)
        return Cohort.objects.select_related("module").annotate(
            taken=Count("enrolments", filter=active)
        )


class EnrolmentIndexView(IndexView):
    def get_base_queryset(self):
        return Enrolment.objects.select_related("student", "cohort__module", "decided_by")


class PlacesColumn(Column):
    def get_value(self, instance):
        return f"{instance.taken} / {instance.capacity}"


class EnrolmentsLinkColumn(Column):
    def get_value(self, instance):
        url = reverse("enrolments:index") + f"?cohort={instance.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Enrolments"))


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    url_prefix = "cohorts"
    url_namespace = "cohorts"
    copy_view_enabled = False
    index_view_class = CohortIndexView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    list_display = [
        "name",
        Column("module", label=_("module")),
        "starts_on",
        "ends_on",
        PlacesColumn("places", label=_("places taken")),
        "enrolment_mode",
        "enrolment_open",
        EnrolmentsLinkColumn("enrolments", label=_("enrolments")),
    ]
    list_filter = ["enrolment_mode", "enrolment_open", "starts_on"]
    search_fields = ["name", "module__title", "module__code"]

    def get_form_class(self, for_update=False):
        return CohortForm


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Enrolments are shown to whoever may view them and changed by nobody here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Enrolment, ViewOnlyPermissionPolicy(Enrolment))


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")
    url_prefix = "enrolments"
    url_namespace = "enrolments"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EnrolmentIndexView
    list_display = ["student", "cohort", "status", "created_at", "decided_at", "decided_by"]
    list_filter = ["cohort", "status"]
    search_fields = ["student__full_name", "student__email"]
    inspect_view_fields = [
        "student",
        "cohort",
        "status",
        "motivation",
        "created_at",
        "decided_at",
        "decided_by",
        "withdrawn_at",
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class CohortAdminGroup(ViewSetGroup):
    menu_label = _("Cohorts")
    menu_icon = "group"
    menu_order = 250
    items = (CohortViewSet, EnrolmentViewSet)


@hooks.register("register_admin_viewset")
def register_cohort_admin():
    return CohortAdminGroup()
