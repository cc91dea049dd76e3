"""Set up the journeys' database in one process (one Django start-up instead of five): migrate,
load the demo a newcomer sees, then add only what production-like settings or repeatable
journeys need, and print as JSON what the journeys must know:

- the demo trainer and administrator get a TOTP authenticator (staff need MFA here), whose
  secrets the journeys use to answer the second step of the login;
- two extra holders, one per journey language, each with a foundation certificate earned
  through transcribed records (the demo's own path for Daan Visser), for the administrator's
  journey to revoke: the demo's certificates stay as a newcomer finds them for the others;
- the public numbers of the demo's certificates (Eva Peeters' valid and revoked ones), which a
  visitor would read off the certificate;
- a quick copy of the demo's Grade A scenario (tests/journeys/practice.py), which the
  student's keyboard-only run plays in seconds instead of the demo's ten minutes.

Run by the session fixture as `python -m tests.journeys.prepare` with
DJANGO_SETTINGS_MODULE=tests.journeys.settings.
"""

import io
import json
import sys
from datetime import datetime, time, timedelta

import django

from .practice import add_quick_scenario

STAFF_WITH_TOTP = ("trainer@demo.atmp-xb.eu", "admin@demo.atmp-xb.eu")
EVA = "eva.peeters@demo.atmp-xb.eu"
FOUNDATION_LEVELS = {"C1": 2, "C2": 2, "C3": 2, "C6": 2}
HOLDERS_TO_REVOKE = {
    "nl": ("wout.vermeulen@journeys.atmp-xb.eu", "Wout Vermeulen"),
    "en": ("grace.hughes@journeys.atmp-xb.eu", "Grace Hughes"),
}


def load_demo() -> None:
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    for command in ("load_demo", "load_scenarios", "load_simulation_demo"):
        call_command(command, stdout=quiet)


def give_totp() -> dict[str, str]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from atmp_platform.accounts.models import User

    secrets = {}
    for address in STAFF_WITH_TOTP:
        secrets[address] = generate_totp_secret()
        TOTP.activate(User.objects.get(email=address), secrets[address])
    return secrets


def certificate_to_revoke(address: str, name: str) -> dict[str, str]:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from atmp_platform.accounts import roles
    from atmp_platform.accounts.models import User
    from certificates.models import Certificate, Competency, Evidence
    from certificates.services import record_evidence

    administrator = User.objects.get(email="admin@demo.atmp-xb.eu")
    holder = User.objects.create_user(email=address, full_name=name, password=None)
    holder.groups.add(Group.objects.get(name=roles.STUDENT))
    occurred = timezone.make_aware(datetime.combine(timezone.localdate(), time(10)))
    for code, level in FOUNDATION_LEVELS.items():
        record_evidence(
            person=holder,
            competency=Competency.objects.get(code=code),
            source=Evidence.Source.IMPORT,
            source_ref=f"journey-record:{code}",
            source_label="Paper assessment record (transcribed)",
            verification=Evidence.Verification.TRAINER,
            level=level,
            occurred_at=occurred - timedelta(days=30),
            recorded_by=administrator,
        )
    certificate = Certificate.objects.get(holder=holder, status=Certificate.Status.ISSUED)
    return {"holder": name, "email": address, "public_id": str(certificate.public_id)}


def demo_certificates() -> dict[str, str]:
    from certificates.models import Certificate

    eva = Certificate.objects.filter(holder__email=EVA)
    return {
        "valid": str(eva.get(status=Certificate.Status.ISSUED).public_id),
        "revoked": str(eva.get(status=Certificate.Status.REVOKED).public_id),
    }


def main() -> None:
    django.setup()
    load_demo()
    facts = {
        "totp": give_totp(),
        "to_revoke": {
            lang: certificate_to_revoke(*holder) for lang, holder in HOLDERS_TO_REVOKE.items()
        },
        "certificates": demo_certificates(),
        "practice": add_quick_scenario(),
    }
    json.dump(facts, sys.stdout)


if __name__ == "__main__":
    main()
