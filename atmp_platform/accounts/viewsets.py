"""The Wagtail admin's user screens, adapted to our user model (see admin_forms.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wagtail.users.views import users

from allauth.account.adapter import get_adapter

from .admin_forms import AdminUserCreateForm, AdminUserEditForm
from .services import erase_account


class IndexView(users.IndexView):
    @property
    def search_fields(self):
        return ["email", "full_name", "organisation"]

    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):
            return queryset.order_by(self.ordering.replace("name", "full_name"))
        return super().order_queryset(queryset)


class CreateView(users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}

    def save_instance(self):
        user = super().save_instance()
        get_adapter(self.request).send_invitation(user)
        messages.info(
            self.request,
            _("%(email)s has been sent a link to choose a password.") % {"email": user.email},
        )
        return user


class EditView(users.EditView):
    """Who: users with the change-user permission; a superuser only by a superuser."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}


class DeleteView(users.DeleteView):
    """Who: users with the delete-user permission (superusers by default).

    "Delete" erases the person's data and keeps an anonymised row, as the person's own
    deletion does: removing the row would break the audit trail's hash chain.
    """

    def delete_action(self):
        erase_account(user=self.object, actor=self.request.user)


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreateForm
