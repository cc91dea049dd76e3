"""The load test's people and places, made in the cluster's database (run through
Cluster.shell, with Django set up): students enrolled in a running cohort whose module has a
lesson with our step-order exercise, trainers of that cohort with a TOTP second factor, and
the public pages and certificates visitors look at. Prints the plan as JSON.

Every account of a run carries the run's tag in its e-mail address, so that the check after
the run reads exactly that run's statements and actions.
"""

import datetime
import json
import secrets
from urllib.parse import urlsplit

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from atmp_platform.home.models import HomePage
from atmp_platform.news.models import NewsIndexPage
from atmp_platform.partners.models import PartnerIndexPage
from certificates.models import Certificate
from courses.h5p.models import H5PContent
from courses.models import Cohort, Enrolment, LessonPage, ModulePage, ProgrammePage
from simulations.models import Scenario

LANGUAGE = "nl"
STEP_ORDER_LIBRARY = "ATMP.StepOrder"
ACTION = "document_deviation"


def email_domain(tag: str) -> str:
    return f"load-{tag}.example.org"


def main(tag: str, *, students: int, trainers: int) -> None:
    print(json.dumps(plan(tag, students=students, trainers=trainers)))


@transaction.atomic
def plan(tag: str, *, students: int, trainers: int) -> dict:
    lesson, content = _lesson_with_exercise()
    module = lesson.get_parent().specific
    cohort = _running_cohort(module)
    password = secrets.token_urlsafe(16)
    # One hash for every account: each would otherwise cost a deliberately slow hashing.
    hashed = make_password(password)
    student_emails = _accounts(tag, "student", students, roles.STUDENT, hashed)
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, student=user, status=Enrolment.Status.ENROLLED)
        for user in User.objects.filter(email__in=student_emails)
    )
    trainer_accounts = []
    for email in _accounts(tag, "trainer", trainers, roles.TRAINER, hashed):
        user = User.objects.get(email=email)
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        cohort.trainers.add(user)
        trainer_accounts.append({"email": email, "totp_secret": secret})
    return {
        "tag": tag,
        "password": password,
        "students": student_emails,
        "trainers": trainer_accounts,
        "cohort_id": cohort.pk,
        "lesson": {
            "id": lesson.pk,
            "url": _path(lesson.url),
            "content_uuid": str(content.uuid),
            "step_ids": [step["id"] for step in content.parameters["steps"]],
        },
        "scenario": _scenario().slug,
        "public_pages": _public_pages(),
        "certificates": [
            str(public_id)
            for public_id in Certificate.objects.values_list("public_id", flat=True)[:20]
        ],
    }


def _lesson_with_exercise() -> tuple[LessonPage, H5PContent]:
    """A live lesson in the default language with a step-order exercise in its body."""
    contents = {
        content.pk: content
        for content in H5PContent.objects.filter(main_library__machine_name=STEP_ORDER_LIBRARY)
    }
    lessons = LessonPage.objects.live().filter(locale__language_code=LANGUAGE).order_by("path")
    for lesson in lessons:
        for raw in lesson.body.raw_data:
            value = raw.get("value")
            if raw.get("type") == "h5p" and isinstance(value, dict):
                content = contents.get(value.get("content"))
                if content is not None:
                    return lesson, content
    raise LookupError("No live lesson has a step-order exercise: is the demo loaded?")


def _running_cohort(module: ModulePage) -> Cohort:
    today = timezone.localdate()
    cohorts = Cohort.objects.filter(module__translation_key=module.translation_key)
    running = cohorts.filter(starts_on__lte=today, ends_on__gte=today).first()
    if running is not None:
        return running
    return Cohort.objects.create(
        module=module,
        name="Load test",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
        capacity=1000,
    )


def _accounts(tag: str, kind: str, count: int, role: str, hashed: str) -> list[str]:
    domain = email_domain(tag)
    emails = [f"{kind}-{number}@{domain}" for number in range(count)]
    User.objects.bulk_create(
        User(email=email, full_name=f"Load {kind} {number}", password=hashed)
        for number, email in enumerate(emails)
    )
    users = list(User.objects.filter(email__in=emails))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Group.objects.get(name=role).user_set.add(*users)
    return emails


def _path(url: str) -> str:
    """The path of a page's URL: the people send it to whichever web process is next."""
    return urlsplit(url).path


def _scenario() -> Scenario:
    for scenario in Scenario.objects.filter(active=True, practice=True).order_by("slug"):
        if ACTION in scenario.offered_actions:
            return scenario
    raise LookupError(f"No practice scenario offers {ACTION}: are the scenarios loaded?")


def _public_pages() -> dict[str, str]:
    def url(model) -> str:
        page = model.objects.live().filter(locale__language_code=LANGUAGE).first()
        if page is None:
            raise LookupError(f"No live {model.__name__}: is the demo loaded?")
        return _path(page.url)

    return {
        "home": url(HomePage),
        "news": url(NewsIndexPage),
        "partners": url(PartnerIndexPage),
        "programme": url(ProgrammePage),
        "verify": f"/{LANGUAGE}/verify/",
    }
