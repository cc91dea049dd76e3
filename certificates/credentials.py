"""Open Badges 3.0 credentials: signing a certificate, and verifying a credential someone shows.

A credential is an OpenBadgeCredential (VC Data Model 2.0) secured with an eddsa-jcs-2022
Data Integrity proof (see `integrity` for why JCS). It is written in English; the achievement
names its Dutch edition through OB3's `related` mechanism (an Achievement with `inLanguage`),
published at credentials:achievement. The holder is named, and identified by a salted SHA-256
of their e-mail address (never the address itself).
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import integrity, keys, status_list
from .models import Certificate, CertificateType, ProficiencyLevel
from .urls_absolute import achievement_url, issuer_url, site_url, status_list_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = [VC_CONTEXT, OB3_CONTEXT]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
ISSUER_NAME = "ATMP XB"
LANGUAGES = ("en", "nl")


@dataclass
class VerificationResult:
    ok: bool
    state: str  # "valid", "expired", "revoked" or "invalid"
    certificate: Certificate | None = None
    errors: list[str] = field(default_factory=list)
    # What was checked and passed, in order, as sentences for the result page.
    checks: list[str] = field(default_factory=list)


# ---------- building ----------


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _day_start(day: date) -> str:
    return _timestamp(datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)))


def _day_end(day: date) -> str:
    return _timestamp(datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE)))


def issuer_profile() -> dict:
    return {"id": issuer_url(), "type": ["Profile"], "name": ISSUER_NAME, "url": site_url()}


def issuer_document() -> dict:
    """The issuer profile published at credentials:issuer, with every accepted public key."""
    issuer = issuer_url()
    methods = [
        {
            "id": f"{issuer}#{key.key_id}",
            "type": "Multikey",
            "controller": issuer,
            "publicKeyMultibase": key.multibase,
        }
        for key in keys.published_keys()
    ]
    return {
        "@context": [*CONTEXTS, "https://w3id.org/security/multikey/v1"],
        **issuer_profile(),
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def _criteria_narrative(certificate_type: CertificateType) -> str:
    levels = {level.value: level.name for level in ProficiencyLevel.objects.all()}
    requirements = certificate_type.requirements.select_related("competency").order_by(
        "competency__sort_order", "competency__code"
    )
    lines = [
        _(
            "Holds each of these competencies at or above the level shown, backed by evidence "
            "verified by the platform or a trainer and still valid on the day of issue:"
        ),
        "",
    ]
    for requirement in requirements:
        competency = requirement.competency
        lines.append(
            "- "
            + _("%(code)s %(title)s: level %(level)s (%(name)s) or higher")
            % {
                "code": competency.code,
                "title": competency.title,
                "level": requirement.minimum_level,
                "name": levels.get(requirement.minimum_level, ""),
            }
        )
    lines += ["", limitation()]
    return "\n".join(lines)


def limitation() -> str:
    """DESIGN.md decision 9, said on every certificate and credential."""
    return _(
        "This certificate attests knowledge, simulated proficiency and trainer-observed "
        "competence. It does not qualify the holder for unsupervised work in EU GMP Grade A or "
        "B areas: that needs gowning qualification and an aseptic process simulation at the "
        "employer's site."
    )


def achievement_for(certificate_type: CertificateType, language: str) -> dict:
    """The type's OB3 Achievement in `language` ("en" or "nl"), naming its other edition."""
    with translation.override(language):
        other = "nl" if language == "en" else "en"
        return {
            "id": achievement_url(certificate_type.code, language),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "humanCode": certificate_type.code,
            "name": getattr(certificate_type, f"name_{language}") or certificate_type.name_en,
            "description": getattr(certificate_type, f"statement_{language}")
            or certificate_type.statement_en,
            "criteria": {"narrative": _criteria_narrative(certificate_type)},
            "inLanguage": language,
            "related": [
                {
                    "id": achievement_url(certificate_type.code, other),
                    "type": ["Related"],
                    "inLanguage": other,
                }
            ],
        }


def _identifier(email: str) -> dict:
    salt = secrets.token_hex(16)
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def _subject(certificate: Certificate) -> dict:
    subject = {
        "type": ["AchievementSubject"],
        "name": certificate.holder_name,
        "achievement": achievement_for(certificate.certificate_type, "en"),
    }
    if certificate.holder is not None and certificate.holder.email:
        subject["identifier"] = [_identifier(certificate.holder.email)]
    return subject


def _status_entry(certificate: Certificate) -> dict:
    url = status_list_url(status_list.LIST_ID)
    return {
        "id": f"{url}#{certificate.status_list_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.status_list_index),
        "statusListCredential": url,
    }


def unsigned_credential_for(certificate: Certificate) -> dict:
    certificate_type = certificate.certificate_type
    with translation.override("en"):
        return {
            "@context": CONTEXTS,
            "id": certificate.public_id.urn,
            "type": CREDENTIAL_TYPES,
            "issuer": issuer_profile(),
            "validFrom": _day_start(certificate.issued_on),
            "validUntil": _day_end(certificate.valid_until),
            "name": certificate_type.name_en,
            "description": limitation(),
            "credentialSubject": _subject(certificate),
            "credentialStatus": _status_entry(certificate),
        }


def signed_credential_for(certificate: Certificate) -> dict:
    """The certificate's OpenBadgeCredential with its proof, signed with the current key.

    Pure apart from reading the framework: the caller stores it (documents helper). Each call
    draws a new salt for the holder's hashed e-mail address, so two calls differ.
    """
    signing = keys.signing_key()
    return integrity.add_proof(
        unsigned_credential_for(certificate),
        private_key=signing.private_key,
        verification_method=f"{issuer_url()}#{signing.public.key_id}",
        created=_timestamp(timezone.now()),
    )


# ---------- verifying ----------


class Invalid(Exception):
    """The credential fails; the message is a full sentence for the person who checks it."""


def _structure(document) -> uuid.UUID:
    if not isinstance(document, dict):
        raise Invalid(_("This is not a credential: a credential is a JSON object."))
    types = document.get("type")
    if not isinstance(types, list) or not all(isinstance(kind, str) for kind in types):
        raise Invalid(_("This is not an Open Badges credential: its type is missing or wrong."))
    if not set(CREDENTIAL_TYPES) <= set(types):
        raise Invalid(_("This is not an Open Badges credential: its type is missing or wrong."))
    if document.get("@context") != CONTEXTS:
        raise Invalid(_("This is not an Open Badges 3.0 credential: its @context is not ours."))
    issuer = document.get("issuer")
    if not isinstance(issuer, dict) or issuer.get("id") != issuer_url():
        raise Invalid(_("This credential was not issued by ATMP XB."))
    return _certificate_number(document.get("id"))


def _certificate_number(value) -> uuid.UUID:
    message = _("The credential's id is not an ATMP XB certificate number.")
    if not isinstance(value, str) or not value.startswith("urn:uuid:"):
        raise Invalid(message)
    try:
        number = uuid.UUID(value.removeprefix("urn:uuid:"))
    except ValueError as error:
        raise Invalid(message) from error
    if number.urn != value:
        raise Invalid(message)
    return number


def _resolve_key(method):
    prefix = issuer_url() + "#"
    if not isinstance(method, str) or not method.startswith(prefix):
        return None
    return keys.public_key_for(method.removeprefix(prefix))


def _signature(document: dict) -> None:
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise Invalid(_("The credential has no proof: it is not signed."))
    if _resolve_key(proof.get("verificationMethod")) is None:
        raise Invalid(
            _("The credential is signed with a key that ATMP XB does not know or no longer uses.")
        )
    try:
        integrity.verify_proof(document, resolve_key=_resolve_key)
    except integrity.ProofError as error:
        raise Invalid(
            _(
                "The signature does not match: the credential has been changed since ATMP XB "
                "signed it, or it was not signed by ATMP XB."
            )
        ) from error
    except (ValueError, TypeError) as error:
        raise Invalid(_("The credential holds values that are not valid JSON.")) from error


def _moment(document: dict, name: str) -> datetime:
    value = document.get(name)
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise Invalid(_("The credential's %(field)s is not a date.") % {"field": name}) from error
    if moment.tzinfo is None:
        raise Invalid(_("The credential's %(field)s has no time zone.") % {"field": name})
    return moment


def verify_credential(document) -> VerificationResult:
    """Check a credential: its shape, ATMP XB's signature, its dates and its certificate's
    status (database and published status list). Reads only; changes nothing."""
    checks = []
    try:
        number = _structure(document)
        checks.append(_("It is an Open Badges 3.0 credential issued by ATMP XB."))
        _signature(document)
        checks.append(_("The signature matches: no field has been changed since it was signed."))
        valid_from, valid_until = _moment(document, "validFrom"), _moment(document, "validUntil")
        certificate = (
            Certificate.objects.select_related("certificate_type").filter(public_id=number).first()
        )
        if certificate is None:
            raise Invalid(_("No certificate has this number."))
    except Invalid as error:
        return VerificationResult(ok=False, state="invalid", errors=[str(error)], checks=checks)
    return _state(certificate, document, valid_from, valid_until, checks)


def _state(certificate, document, valid_from, valid_until, checks) -> VerificationResult:
    now = timezone.now()
    if valid_from > now:
        message = _("The credential is not valid yet.")
        return VerificationResult(False, "invalid", certificate, [message], checks)
    if certificate.status == Certificate.Status.REVOKED or _listed_as_revoked(certificate):
        when = certificate.revoked_at or now
        message = _("This certificate was revoked on %(date)s.") % {
            "date": date_format(timezone.localdate(when), "DATE_FORMAT")
        }
        return VerificationResult(False, "revoked", certificate, [message], checks)
    checks.append(_("It is not on the revocation list."))
    if valid_until < now or certificate.state_on(timezone.localdate()) == "expired":
        message = _("This certificate expired on %(date)s.") % {
            "date": date_format(certificate.valid_until, "DATE_FORMAT")
        }
        return VerificationResult(False, "expired", certificate, [message], checks)
    checks.append(
        _("It is valid until %(date)s.")
        % {"date": date_format(certificate.valid_until, "DATE_FORMAT")}
    )
    return VerificationResult(True, "valid", certificate, [], checks)


def _listed_as_revoked(certificate: Certificate) -> bool:
    return status_list.is_revoked(certificate.status_list_index)
