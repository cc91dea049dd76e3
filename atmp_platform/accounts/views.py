import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allauth.account.views import LogoutView

from . import services
from .adapters import remember_language
from .forms import DeleteAccountForm, ProfileForm
from .middleware import has_second_factor, safe_next
from .roles import ROLE_LABELS, needs_mfa, role_names


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Who: any logged-in user, for their own profile only."""
    user = request.user
    form = ProfileForm(_posted(request), instance=user)
    if request.method == "POST":
        old_language = user.preferred_language
        if form.is_valid():
            return _save_profile(request, form, old_language)
        messages.error(request, _("Your profile was not saved. Please correct the errors below."))
        user.refresh_from_db()
    return render(request, "accounts/profile.html", _profile_context(request, form))


def _save_profile(request, form, old_language: str):
    user = services.update_profile(user=request.user, **form.cleaned_data)
    if user.preferred_language == old_language:
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    translation.activate(user.preferred_language)
    messages.success(request, _("Your profile has been saved."))
    response = redirect(translate_url(reverse("accounts:profile"), user.preferred_language))
    remember_language(response, user.preferred_language)
    return response


def _profile_context(request, form) -> dict:
    user = request.user
    return {
        "form": form,
        # Only the four roles: the per-partner groups behind them are an implementation detail.
        "roles": [label for name, label in ROLE_LABELS.items() if name in role_names(user)],
        "has_second_factor": has_second_factor(user),
        "needs_mfa": needs_mfa(user),
        "is_superuser": user.is_superuser,
    }


@login_required
@require_POST
def export_data(request):
    """Who: any logged-in user, for their own data only."""
    data = services.export_personal_data(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"atmp-xb-my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Who: any logged-in user, for their own account only (not a superuser)."""
    form = DeleteAccountForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("/")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)


def _posted(request):
    """The submitted data, so that an empty POST still counts as a (failed) submission."""
    return request.POST if request.method == "POST" else None


@require_GET
def admin_login(request):
    """Who: anyone. The admin logs in through allauth (MFA, rate limits, verification)."""
    next_url = safe_next(request, request.GET.get("next")) or reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


# Who: anyone. The admin's log-out button posts here, so that allauth ends the session.
admin_logout = LogoutView.as_view()
