"""Scenarios in the Wagtail admin: a snippet, so that a lesson's simulation block can choose one.

Who: programme administrators and trainers add, change and view scenarios; only programme
administrators (and superusers) delete them, and nobody deletes a scenario that has runs, as
the runs keep their scenario (permissions granted by migrations/0003_scenario_permissions).
Everyone else with admin access, partner editors included, is refused, the chooser too.

Every create, change and delete is audited here, in the views' save and delete paths and in
the bulk delete, with the scenario's old and new values (scenario_audit).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from .admin_forms import JSONTextarea, ScenarioForm
from .models import Run, Scenario
from .scenario_audit import audit_scenario_change, snapshot


class ScenarioPermissionPolicy(ModelPermissionPolicy):
    """A scenario with runs is never deletable: its runs keep it (Run.scenario is PROTECT)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and Run.objects.filter(scenario=instance).exists():
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(Scenario, ScenarioPermissionPolicy(Scenario))


def _fresh(scenario: Scenario) -> Scenario:
    return Scenario.objects.prefetch_related(
        "steps", "events", "decisions", "responses__competency"
    ).get(pk=scenario.pk)


class ScenarioCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        fresh = _fresh(instance)
        audit_scenario_change(
            actor=self.request.user, scenario=fresh, old=None, new=snapshot(fresh)
        )
        return instance


class ScenarioEditView(EditView):
    def save_instance(self):
        # The form has already written the new values onto its instance: read the old ones.
        old = snapshot(_fresh(self.form.instance))
        instance = super().save_instance()
        fresh = _fresh(instance)
        audit_scenario_change(actor=self.request.user, scenario=fresh, old=old, new=snapshot(fresh))
        return instance


def runs_refusal(scenario: Scenario) -> str | None:
    if not Run.objects.filter(scenario=scenario).exists():
        return None
    return _(
        "Trainees have played “%(scenario)s”, and their runs keep their scenario for their "
        "debriefs and evidence, so it cannot be deleted. Make it unavailable instead."
    ) % {"scenario": scenario}


class ScenarioDeleteView(DeleteView):
    """Deletes a scenario nobody has played; says why otherwise, and deletes nothing."""

    def _refuse(self, message: str):
        messages.error(self.request, message)
        return redirect(reverse(self.edit_url_name, args=[self.object.pk]))

    def get(self, request, *args, **kwargs):
        refusal = runs_refusal(self.object)
        if refusal:
            return self._refuse(refusal)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        refusal = runs_refusal(self.object)
        if refusal:
            return self._refuse(refusal)
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                audit_scenario_change(
                    actor=self.request.user,
                    scenario=self.object,
                    old=snapshot(_fresh(self.object)),
                    new=None,
                )
                self.delete_action()
        except ProtectedError:
            # A run started between the check and the delete.
            return self._refuse(runs_refusal(self.object) or "")
        messages.success(self.request, self.get_success_message())
        return redirect(success_url)


class ScenarioUsersOnly:
    """Wagtail's snippet chooser lets anyone with admin access list every item; the scenario
    chooser is for those who may work with scenarios (partner editors may not)."""

    def dispatch(self, request, *args, **kwargs):
        policy = Scenario.snippet_viewset.permission_policy
        if not policy.user_has_any_permission(request.user, ["add", "change", "delete", "view"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScenarioChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (ScenarioUsersOnly, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (ScenarioUsersOnly, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type("ChosenView", (ScenarioUsersOnly, chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (ScenarioUsersOnly, chooser.SnippetChosenMultipleView), {}
    )


def _bilingual(*names: str) -> list:
    return [
        MultiFieldPanel(
            [FieldPanel(f"{name}_en") for name in names], heading=gettext_lazy("English")
        ),
        MultiFieldPanel(
            [FieldPanel(f"{name}_nl") for name in names], heading=gettext_lazy("Dutch")
        ),
    ]


SCENARIO_PANELS = [
    FieldPanel("slug"),
    *_bilingual("title", "briefing"),
    FieldRowPanel([FieldPanel("setting"), FieldPanel("profile_code")]),
    FieldRowPanel([FieldPanel("duration_s"), FieldPanel("time_compression"), FieldPanel("step_s")]),
    FieldPanel("setup", widget=JSONTextarea(rows=18)),
    FieldPanel("intervention_s"),
    FieldPanel("offered_actions"),
    FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("sort_order")]),
    FieldRowPanel([FieldPanel("active"), FieldPanel("practice")]),
]
TIMELINE_PANELS = [
    InlinePanel(
        "steps",
        heading=gettext_lazy("Process steps"),
        label=gettext_lazy("Step"),
        panels=[
            FieldPanel("starts_at_s"),
            FieldPanel("title_en"),
            FieldPanel("title_nl"),
            FieldPanel("instruction_en"),
            FieldPanel("instruction_nl"),
        ],
    ),
    InlinePanel(
        "events",
        heading=gettext_lazy("Events"),
        label=gettext_lazy("Event"),
        panels=[
            FieldRowPanel([FieldPanel("code"), FieldPanel("kind"), FieldPanel("target")]),
            FieldRowPanel(
                [
                    FieldPanel("at_s"),
                    FieldPanel("latest_s"),
                    FieldPanel("duration_s"),
                    FieldPanel("magnitude"),
                ]
            ),
            FieldPanel("note_en"),
            FieldPanel("note_nl"),
        ],
    ),
]
SCORING_PANELS = [
    InlinePanel(
        "decisions",
        heading=gettext_lazy("Decision points"),
        label=gettext_lazy("Decision point"),
        panels=[
            FieldRowPanel([FieldPanel("code"), FieldPanel("opens_at_s")]),
            FieldPanel("prompt_en"),
            FieldPanel("prompt_nl"),
            FieldPanel("options", widget=JSONTextarea(rows=8)),
        ],
    ),
    InlinePanel(
        "responses",
        heading=gettext_lazy("Expected responses"),
        label=gettext_lazy("Expected response"),
        panels=[
            FieldRowPanel([FieldPanel("code"), FieldPanel("action")]),
            FieldRowPanel([FieldPanel("target"), FieldPanel("value")]),
            FieldRowPanel(
                [
                    FieldPanel("trigger"),
                    FieldPanel("trigger_ref"),
                    FieldPanel("trigger_channel"),
                    FieldPanel("within_s"),
                ]
            ),
            FieldRowPanel(
                [
                    FieldPanel("competency"),
                    FieldPanel("level"),
                    FieldPanel("points"),
                    FieldPanel("critical"),
                ]
            ),
            FieldPanel("explanation_en"),
            FieldPanel("explanation_nl"),
            FieldPanel("reference"),
        ],
    ),
]


class ScenarioViewSet(SnippetViewSet):
    model = Scenario
    icon = "time"
    menu_label = gettext_lazy("Scenarios")
    menu_name = "scenarios"
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "scenarios"
    copy_view_enabled = False
    chooser_viewset_class = ScenarioChooserViewSet
    add_view_class = ScenarioCreateView
    edit_view_class = ScenarioEditView
    delete_view_class = ScenarioDeleteView
    # "__str__" first: Wagtail links the first column to the edit view (the title, in the
    # editor's language).
    list_display = [
        "__str__",
        "slug",
        "setting",
        "profile_code",
        BooleanColumn("active", label=gettext_lazy("Available")),
        BooleanColumn("practice", label=gettext_lazy("In practice mode")),
    ]
    list_filter = ["setting", "active", "practice"]
    search_fields = ["slug", "title_en", "title_nl"]
    edit_handler = TabbedInterface(
        [
            ObjectList(SCENARIO_PANELS, heading=gettext_lazy("Scenario")),
            ObjectList(TIMELINE_PANELS, heading=gettext_lazy("Steps and events")),
            ObjectList(SCORING_PANELS, heading=gettext_lazy("Decisions and scoring")),
        ],
        base_form_class=ScenarioForm,
    )


register_snippet(ScenarioViewSet)


@hooks.register("before_bulk_action")
def audit_scenario_bulk_delete(request, action_type, objects, action_class_instance):
    """The listing's bulk delete: scenarios with runs are left out by the permission policy;
    the others are audited in the transaction that deletes them."""
    if action_type != "delete" or getattr(action_class_instance, "model", None) is not Scenario:
        return None
    for scenario in objects:
        audit_scenario_change(
            actor=request.user, scenario=scenario, old=snapshot(_fresh(scenario)), new=None
        )
    return None
