"""Who may do what with the curriculum: open a lesson, enrol, decide on enrolments.

Modules and lessons are matched by translation key, so the Dutch and English pages of a
module give the same rights. Each check costs at most one query (plus the role lookup, which
is cached on the user for the request).
"""

from typing import TYPE_CHECKING

from django.apps import apps

from atmp_platform.accounts.roles import PROGRAMME_ADMINISTRATOR, STUDENT, TRAINER, has_role

# Only the cohorts module: the page models import this one to decide who may open a lesson.
from courses.models.cohorts import Cohort, Enrolment

if TYPE_CHECKING:
    from courses.models.pages import LessonPage, ModulePage


def is_programme_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, PROGRAMME_ADMINISTRATOR))


def is_student(user) -> bool:
    return user.is_authenticated and has_role(user, STUDENT)


def module_of(lesson: "LessonPage") -> "ModulePage":
    return lesson.get_parent().specific


def is_enrolled_in_module(user, module: "ModulePage") -> bool:
    """True when `user` has an active enrolment in a cohort of `module` (any language)."""
    return (
        user.is_authenticated
        and Enrolment.objects.active()
        .filter(student=user, cohort__module__translation_key=module.translation_key)
        .exists()
    )


def teaches_module(user, module: "ModulePage") -> bool:
    """True for a trainer listed on `module` (any language) or on one of its cohorts."""
    if not (user.is_authenticated and has_role(user, TRAINER)):
        return False
    on_cohort = Cohort.objects.filter(
        trainers=user, module__translation_key=module.translation_key
    ).exists()
    listed = apps.get_model("courses", "ModulePage").objects.filter(
        translation_key=module.translation_key, trainers=user
    )
    return on_cohort or listed.exists()


def may_preview_module(user, module: "ModulePage") -> bool:
    """Trainers of the module and programme administrators may open its lessons unenrolled."""
    return is_programme_administrator(user) or teaches_module(user, module)


def may_open_lessons(user, module: "ModulePage") -> bool:
    """Whether `user` may open the lessons of `module` (enrolled, or previewing)."""
    return is_enrolled_in_module(user, module) or may_preview_module(user, module)


def manages_cohort(user, cohort: Cohort) -> bool:
    """Trainers of `cohort` and programme administrators decide on its enrolments."""
    if is_programme_administrator(user):
        return True
    return (
        user.is_authenticated
        and has_role(user, TRAINER)
        and cohort.trainers.filter(pk=user.pk).exists()
    )
