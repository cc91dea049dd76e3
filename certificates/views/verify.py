"""The public verify pages: a certificate's status by its number (the PDF's QR code leads
here), and a check of a credential file that someone pastes or uploads.

Who: anyone, logged in or not, with the same answer for everyone. Nothing here writes.
"""

import json
import re
import uuid

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from allauth.core import ratelimit

from ..credentials import VerificationResult, limitation, verify_credential
from ..models import Certificate

MAX_CREDENTIAL_BYTES = 256 * 1024
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-?(?:[0-9a-f]{4}-?){3}[0-9a-f]{12}", re.IGNORECASE)
RATE_LIMIT_ACTION = "verify_credential"


def _noindex(response):
    # A certificate check is for the person holding the link, not for search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD"])
def certificate(request, public_id):
    """Who: anyone. Valid, expired, revoked or being issued, with what the certificate says.

    A revocation shows its date, never its reason: the reason is an internal record that may
    concern the holder's conduct or health (personal data a verifier has no need of), and an
    employer's decision rests on the fact and the date alone.
    """
    found = (
        Certificate.objects.select_related("certificate_type").filter(public_id=public_id).first()
    )
    if found is None:
        response = render(
            request, "certificates/verify_not_found.html", {"public_id": public_id}, status=404
        )
        return _noindex(response)
    context = {
        "certificate": found,
        "state": found.state_on(timezone.localdate()),
        "limitation": limitation(),
    }
    return _noindex(render(request, "certificates/verify_certificate.html", context))


class CredentialForm(forms.Form):
    credential = forms.CharField(
        label=gettext_lazy("Paste the credential (JSON)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
    )
    credential_file = forms.FileField(
        label=gettext_lazy("Or upload the credential file (.json)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,application/json,application/ld+json"}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("credential"), cleaned.get("credential_file")
        if self.errors:
            return cleaned
        if bool(text) == bool(upload):
            raise forms.ValidationError(
                _("Paste a credential or upload a credential file, one of the two.")
            )
        cleaned["document"] = _parse(_read_upload(upload) if upload else _text_bytes(text))
        return cleaned


def _too_large() -> forms.ValidationError:
    return forms.ValidationError(
        _("The credential is larger than %(size)s KB; a certificate's credential is far smaller.")
        % {"size": MAX_CREDENTIAL_BYTES // 1024}
    )


def _text_bytes(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) > MAX_CREDENTIAL_BYTES:
        raise _too_large()
    return data


def _read_upload(upload) -> bytes:
    if upload.size > MAX_CREDENTIAL_BYTES:
        raise _too_large()
    return upload.read(MAX_CREDENTIAL_BYTES + 1)


def _parse(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(
            _("The file is not text: a credential is a JSON file in UTF-8.")
        ) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise forms.ValidationError(
            _(
                "This is not valid JSON (line %(line)s, column %(column)s): the credential may "
                "be damaged or incomplete. Copy or download it again."
            )
            % {"line": error.lineno, "column": error.colno}
        ) from error
    except RecursionError as error:
        raise forms.ValidationError(
            _("This JSON is nested too deeply to be a credential.")
        ) from error


class NumberForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Certificate number"),
        help_text=gettext_lazy("Printed on the certificate, next to its QR code."),
        max_length=200,
        strip=True,
        error_messages={
            "required": gettext_lazy(
                "Enter the certificate number printed on the certificate, next to its QR code."
            )
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}
        ),
    )

    def clean_number(self) -> uuid.UUID:
        # The number alone, or pasted with what surrounds it (the verify URL, "urn:uuid:").
        found = UUID_PATTERN.search(self.cleaned_data["number"])
        try:
            return uuid.UUID(found.group(0) if found else self.cleaned_data["number"])
        except ValueError as error:
            raise forms.ValidationError(
                _(
                    "This is not a certificate number. A number has 32 digits and letters a "
                    "to f in five groups, like 3f2b8c1e-5a7d-4e2f-9b1c-0d4e6f8a2b3c."
                )
            ) from error


def _index_page(request, *, form=None, number_form=None, status=200, **context):
    context = {
        "form": form or CredentialForm(),
        "number_form": number_form or NumberForm(),
        **context,
    }
    return _noindex(render(request, "certificates/verify_index.html", context, status=status))


def _look_up(request):
    """A certificate number typed into the form leads to its status page."""
    number_form = NumberForm(request.GET)
    if not number_form.is_valid():
        return _index_page(request, number_form=number_form, status=400)
    public_id = number_form.cleaned_data["number"]
    return redirect("verify:certificate", public_id=public_id)


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    """Who: anyone. GET: the forms, or with `number` the way to that certificate's status
    page. POST: check the pasted or uploaded credential and list what was checked;
    rate-limited per address through allauth's limiter on the shared cache."""
    if request.method != "POST":
        if "number" in request.GET:
            return _look_up(request)
        return _index_page(request)
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION):
        return _index_page(request, status=429, rate_limited=True)
    form = CredentialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index_page(request, form=form, status=400)
    result = verify_credential(form.cleaned_data["document"])
    return _noindex(render(request, "certificates/verify_result.html", _result_context(result)))


def _result_context(result: VerificationResult) -> dict:
    return {"result": result, "certificate": result.certificate, "limitation": limitation()}
