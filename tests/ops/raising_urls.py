"""A URLconf whose one view fails, for the log and Sentry tests."""

from django.urls import path


def explode(request):
    who = request.GET.get("who", "")
    raise RuntimeError(f"the enrolment of {who} could not be read")


urlpatterns = [path("explode/", explode)]


def plain_server_error(request):
    """Without the site's page tree (the Sentry probe has no database), a bare 500."""
    from django.http import HttpResponseServerError

    return HttpResponseServerError("error")


handler500 = plain_server_error
