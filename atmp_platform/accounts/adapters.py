from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.organisation = data.get("organisation", "")
        user.preferred_language = data.get("preferred_language") or user.preferred_language
        if commit:
            user.save()
        return user
