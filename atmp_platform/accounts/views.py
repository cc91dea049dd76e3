from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def profile(request):
    """Who: any logged-in user, for their own profile only."""
    return render(request, "accounts/profile.html")
