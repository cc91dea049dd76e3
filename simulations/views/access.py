"""Who may use the trainee's simulation screens, and finding one's own run.

Students, trainers and programme administrators (and superusers) practise; a run is only ever
shown to and changed by its own trainee. Everyone else signed in gets a 403, and a run that is
not theirs does not exist for them (404), so its id reveals nothing.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from atmp_platform.accounts.roles import PROGRAMME_ADMINISTRATOR, STUDENT, TRAINER, role_names
from simulations.models import Run

SIMULATION_ROLES = frozenset({STUDENT, TRAINER, PROGRAMME_ADMINISTRATOR})


def may_simulate(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or bool(SIMULATION_ROLES & role_names(user))
    )


def simulation_user_required(view):
    """Anonymous visitors log in first; signed-in users without a simulating role get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_simulate(request.user):
            raise PermissionDenied(
                _("Simulations are for students, trainers and programme administrators.")
            )
        return view(request, *args, **kwargs)

    return wrapped


def own_run(request, public_id) -> Run:
    """The signed-in user's run with this id, or a 404."""
    return get_object_or_404(
        Run.objects.select_related("scenario"), public_id=public_id, trainee=request.user
    )
