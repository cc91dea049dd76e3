from django.urls import path

from ..views import holder

app_name = "holder"
urlpatterns = [
    path("", holder.certificate_list, name="list"),
    path("<uuid:public_id>/certificate.pdf", holder.certificate_pdf, name="pdf"),
    path("<uuid:public_id>/credential.json", holder.certificate_credential, name="credential"),
    path("<uuid:public_id>/share/", holder.share, name="share"),
    path("s/<str:token>/", holder.shared, name="shared"),
    path("s/<str:token>/credential.json", holder.shared_credential, name="shared_credential"),
]
