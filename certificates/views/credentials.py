"""The issuer's public JSON: its profile with the public keys, the revocation list and the
achievements. Anyone may read them, from any origin (CORS *): verifiers elsewhere fetch them."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .. import credentials, status_list
from ..models import CertificateType

ISSUER_MAX_AGE = 60 * 60
# Short: a revocation must reach verifiers that cache the list within minutes.
STATUS_LIST_MAX_AGE = 5 * 60


def _public_json(document: dict, max_age: int) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


@require_GET
def issuer(request):
    """Who: anyone. The OB3 issuer profile with every public key a credential may name."""
    return _public_json(credentials.issuer_document(), ISSUER_MAX_AGE)


@require_GET
def status_list_credential(request, list_id: int):
    """Who: anyone. The signed Bitstring Status List (revocation) credential."""
    if list_id != status_list.LIST_ID:
        raise Http404("No status list has this number.")
    return _public_json(status_list.status_list_credential(list_id), STATUS_LIST_MAX_AGE)


@require_GET
def achievement(request, code: str, language: str):
    """Who: anyone. A certificate type as an OB3 Achievement in English or Dutch."""
    if language not in credentials.LANGUAGES:
        raise Http404("No achievement in this language.")
    certificate_type = get_object_or_404(CertificateType, code=code)
    document = {
        "@context": credentials.CONTEXTS,
        **credentials.achievement_for(certificate_type, language),
    }
    return _public_json(document, ISSUER_MAX_AGE)
