"""The sub-navigation of a cohort's trainer screens.

The cohort view is the home of every cohort-scoped trainer screen: a later screen (training
matrix, assessments, debriefs) appends its tab here, with a URL name in the `trainer`
namespace that takes the cohort id, and extends templates/courses/trainer_cohort_base.html.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CohortTab:
    url_name: str
    label: str | Promise


COHORT_TABS: list[CohortTab] = [
    CohortTab("trainer:cohort", _("Progress and results")),
    CohortTab("trainer:matrix", _("Training matrix")),
    CohortTab("trainer:assessments", _("Assessments")),
    CohortTab("trainer:simulations", _("Simulations")),
]


def cohort_tabs(cohort_id: int, *, current: str) -> list[dict]:
    """The tabs of a cohort's screens, with the current one marked."""
    return [
        {
            "url": reverse(tab.url_name, args=[cohort_id]),
            "label": tab.label,
            "current": tab.url_name == current,
        }
        for tab in COHORT_TABS
    ]
