from django.urls import path

from ..views import credentials

app_name = "credentials"
urlpatterns = [
    path("issuer.json", credentials.issuer, name="issuer"),
    path("status/<int:list_id>.json", credentials.status_list_credential, name="status_list"),
    path(
        "achievements/<slug:code>/<slug:language>.json",
        credentials.achievement,
        name="achievement",
    ),
]
