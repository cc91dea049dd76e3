from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.users.views.bulk_actions.user_bulk_action import UserBulkAction

from .services import erase_account


@hooks.register("before_bulk_action")
def erase_instead_of_deleting_users(request, action_type, objects, action_class_instance):
    """Bulk "delete" of users erases them (see services.erase_account), keeping the audit
    trail's hash chain intact; the action's own permission checks have already run."""
    if action_type != "delete" or not isinstance(action_class_instance, UserBulkAction):
        return None
    for user in objects:
        erase_account(user=user, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d user has been deleted; their personal data is erased.",
            "%(count)d users have been deleted; their personal data is erased.",
            len(objects),
        )
        % {"count": len(objects)},
    )
    return redirect(action_class_instance.next_url)
