from django.urls import path

from ..views import verify

app_name = "verify"
urlpatterns = [
    path("", verify.index, name="index"),
    path("<uuid:public_id>/", verify.certificate, name="certificate"),
]
