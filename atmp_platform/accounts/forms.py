from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress

User = get_user_model()


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the profile fields that certificates and e-mails need.

    A used e-mail address gets a form error instead of allauth's enumeration-safe "check your
    inbox" page: issue 2 asks for a clear message, and the sign-up rate limit keeps probing
    slow. Password reset stays enumeration-safe.
    """

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As it should appear on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    field_order = [
        "email",
        "full_name",
        "organisation",
        "preferred_language",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["email"].widget.attrs.pop("placeholder", None)
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        # The language of the pages someone signs up on is the likeliest preference.
        if translation.get_language() in dict(settings.LANGUAGES):
            self.fields["preferred_language"].initial = translation.get_language()

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your full name."))
        return name

    def validate_unique_email(self, value: str) -> str:
        if User.objects.filter(email__iexact=value).exists() or _is_known_address(value):
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or reset "
                    "your password if you have forgotten it."
                ),
                code="email_taken",
            )
        return value


def _is_known_address(email: str) -> bool:
    return EmailAddress.objects.filter(email__iexact=email).exists()


class ProfileForm(forms.ModelForm):
    """The details a person may change about themselves (e-mail has its own allauth page)."""

    class Meta:
        model = User
        fields = ["full_name", "organisation", "preferred_language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {"full_name": _("As it should appear on your certificates.")}

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your full name."))
        return name


class DeleteAccountForm(forms.Form):
    """Asks for the password and a typed word, so that a stray click deletes nothing.

    The word is translated (the Dutch page asks for its own word); the English word is
    accepted in every language.
    """

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=_("Confirmation"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["confirmation"].help_text = _("Type the word %(word)s in capital letters.") % {
            "word": confirmation_word()
        }

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not correct."))
        return password

    def clean_confirmation(self) -> str:
        word = self.cleaned_data["confirmation"].strip()
        if word not in {confirmation_word(), "DELETE"}:
            raise forms.ValidationError(
                _("Type %(word)s to confirm that you want to delete your account.")
                % {"word": confirmation_word()}
            )
        return word


def confirmation_word() -> str:
    return str(pgettext_lazy("typed to confirm account deletion", "DELETE"))
