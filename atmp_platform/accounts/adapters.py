from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import translate_url
from django.utils import translation

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str

from .models import User
from .roles import STUDENT


def remember_language(response, language: str) -> None:
    """Set the cookie that Django's language switcher sets, so later visits agree."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or settings.SESSION_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.organisation = data.get("organisation", "")
        user.preferred_language = data.get("preferred_language") or user.preferred_language
        if commit:
            user.save()
            # Whoever signs up on the public site is a student; other roles are given by staff.
            user.groups.add(Group.objects.get(name=STUDENT))
        return user

    def send_mail(self, template_prefix, email, context):
        """Write to people in their preferred language, whoever triggered the e-mail."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def send_invitation(self, user) -> None:
        """Invite an account made by an administrator to choose its password.

        The link is allauth's password-reset link, so it expires and works once like one.
        """
        key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
        url = self.get_reset_password_from_key_url(key)
        self.send_mail("account/email/invitation", user.email, {"user": user, "url": url})

    def post_login(self, request, user, **kwargs):
        """Continue in the person's preferred language, unless they picked one themselves.

        A language cookie means the visitor chose with the switcher (or an earlier login
        or profile change set it); that choice wins over the stored preference.
        """
        response = super().post_login(request, user, **kwargs)
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return response
        language = user.preferred_language
        location = response.get("Location") if response.status_code in (301, 302) else None
        if location and language in dict(settings.LANGUAGES):
            response["Location"] = translate_url(location, language)
            translation.activate(language)
            remember_language(response, language)
        return response
