"""The Wagtail admin's user forms, for our user model and for programme administrators.

Passwords are never typed by an administrator: a new user gets an e-mail to choose their own
(allauth's password reset), and e-mail addresses are verified by their owner on first login.
Only a superuser sees or changes the superuser flag.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm

from allauth.account.models import EmailAddress

User = get_user_model()
FIELDS = ["email", "full_name", "organisation", "preferred_language", "is_active", "groups"]


class _AccountFieldsMixin:
    first_name = None
    last_name = None
    password_enabled = False
    password_required = False

    def __init__(self, *args, acting_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["groups"].label = _("Roles")
        if not (acting_user and acting_user.is_superuser):
            self.fields.pop("is_superuser", None)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        other_address = EmailAddress.objects.filter(email__iexact=email).exclude(
            user_id=self.instance.pk
        )
        if taken.exists() or other_address.exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter the person's full name."))
        return name


class AdminUserCreateForm(_AccountFieldsMixin, UserCreationForm):
    class Meta:
        model = User
        fields = [*FIELDS, "is_superuser"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
        return user


class AdminUserEditForm(_AccountFieldsMixin, UserEditForm):
    class Meta:
        model = User
        fields = [*FIELDS, "is_superuser"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    def save(self, commit=True):
        email_changed = "email" in self.changed_data
        user = super().save(commit=commit)
        if commit and email_changed:
            # The new address belongs to the person only once they have confirmed it.
            EmailAddress.objects.filter(user=user).delete()
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
        return user


class AdminAccountNameForm(forms.ModelForm):
    """The name on the admin's own account page (Wagtail's form asks for first and last)."""

    class Meta:
        model = User
        fields = ["full_name"]
