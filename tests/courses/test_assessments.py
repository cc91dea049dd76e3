"""Trainer assessments through the screens: form, re-authentication, review, signature,
detail and correction."""

import time

from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certificates import signatures
from certificates.models import Assessment, Evidence
from courses.models import Enrolment
from tests.certificates import conftest as framework
from tests.factories import DEFAULT_PASSWORD, activate_totp, current_totp_code, make_user

from .conftest import enrol, make_cohort

pytestmark = pytest.mark.django_db
# The framework fixtures (a four-level scale, competency T1 with two criteria).
levels = framework.levels
competency = framework.competency

MEANING_EN = "I observed and assessed this performance."


@pytest.fixture(autouse=True)
def _in_english():
    """English URLs and messages: the screens answer in the language of the URL."""
    with translation.override("en"):
        yield


@pytest.fixture
def totp_secret(trainer):
    return activate_totp(trainer)


@pytest.fixture
def signed_in(client, trainer, totp_secret):
    client.force_login(trainer)
    return client


def confirm_identity(client, user, *methods, ago: float = 0) -> None:
    """Record allauth re-authentications in the session, as its views do."""
    session = client.session
    records = list(session.get("account_authentication_methods", []))
    records += [{"method": m, "at": time.time() - ago, "reauthenticated": True} for m in methods]
    session["account_authentication_methods"] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def urls(cohort, student, competency) -> dict[str, str]:
    args = [cohort.pk, student.pk, competency.code]
    return {
        "list": reverse("trainer:assessments", args=[cohort.pk]),
        "form": reverse("trainer:assess", args=args),
        "review": reverse("trainer:assess_review", args=args),
    }


def form_data(competency, **changes) -> dict:
    data = {
        "outcome": "competent",
        "level": "2",
        "observed_on": timezone.localdate().isoformat(),
        "comments": "Correct gowning, calm and deliberate.",
    }
    for criterion in competency.criteria.all():
        data[f"criterion_{criterion.pk}"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def fill_in(client, cohort, student, competency, **changes):
    return client.post(urls(cohort, student, competency)["form"], form_data(competency, **changes))


def test_the_form_shows_the_rubric_the_outcome_and_the_scale(
    signed_in, cohort, enrolled_student, competency
):
    response = signed_in.get(urls(cohort, enrolled_student, competency)["form"])
    assert response.status_code == 200
    html = response.content.decode()
    for criterion in competency.criteria.all():
        assert f'name="criterion_{criterion.pk}"' in html
        assert criterion.text_en in html
    assert 'name="outcome"' in html
    assert "2 · Performs under supervision" in html
    assert 'type="date"' in html


def test_signing_goes_through_password_and_second_factor_then_the_review(
    signed_in, trainer, totp_secret, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    response = fill_in(signed_in, cohort, enrolled_student, competency)
    assert response.status_code == 302
    assert response["Location"] == page["review"]
    response = signed_in.get(page["review"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = signed_in.post(response["Location"], {"password": DEFAULT_PASSWORD})
    assert response["Location"] == page["review"]
    response = signed_in.get(page["review"])
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = signed_in.post(response["Location"], {"code": current_totp_code(totp_secret)})
    assert response["Location"] == page["review"]
    assert Assessment.objects.count() == 0
    review = signed_in.get(page["review"])
    assert review.status_code == 200
    assert MEANING_EN in review.content.decode()
    assert "Correct gowning, calm and deliberate." in review.content.decode()
    response = signed_in.post(page["review"])
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("trainer:assessment", args=[assessment.pk])
    assert assessment.signed_with_mfa
    assert (assessment.signer, assessment.student, assessment.level) == (
        trainer,
        enrolled_student,
        2,
    )
    assert (assessment.context_ref, assessment.context_label) == (
        f"cohort:{cohort.pk}",
        cohort.name,
    )
    assert assessment.signature_meaning == MEANING_EN
    assert Evidence.objects.get().level == 2
    detail = signed_in.get(response["Location"]).content.decode()
    assert assessment.content_hash in detail
    assert "The record matches its hash." in detail


def test_a_wrong_password_shows_allauths_error_and_signs_nothing(
    signed_in, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency)
    reauthenticate = signed_in.get(page["review"])["Location"]
    response = signed_in.post(reauthenticate, {"password": "not the password"})
    assert response.status_code == 200
    assert "form" in response.context
    assert response.context["form"].errors["password"]
    assert signed_in.get(page["review"])["Location"].startswith(reverse("account_reauthenticate"))
    assert signed_in.post(page["review"]).status_code == 302
    assert Assessment.objects.count() == 0
    assert Evidence.objects.count() == 0


SIGNATURE_NOTICE = "You are about to sign an assessment."
GENERIC_NOTICE = "For this step we ask you to confirm your identity again"


def test_the_confirmation_says_it_is_for_a_signature_and_that_nothing_is_signed_yet(
    signed_in, trainer, totp_secret, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency)
    password_step = signed_in.get(page["review"])["Location"]

    text = signed_in.get(password_step).text
    assert SIGNATURE_NOTICE in text and GENERIC_NOTICE not in text
    assert "Nothing is signed until you press Sign on the next page." in text
    # Still so after a wrong password (the form posts to allauth's bare URL) and on the
    # second factor's step.
    assert SIGNATURE_NOTICE in signed_in.post(password_step, {"password": "wrong"}).text
    signed_in.post(password_step, {"password": DEFAULT_PASSWORD})
    mfa_step = signed_in.get(page["review"])["Location"]
    assert SIGNATURE_NOTICE in signed_in.get(mfa_step).text


def test_a_confirmation_for_anything_else_says_so_in_general_terms(signed_in):
    for next_url in ("/en/me/", "https://elsewhere.example/en/trainer/", "", "/no/such/page/"):
        url = reverse("account_reauthenticate") + (f"?next={next_url}" if next_url else "")
        text = signed_in.get(url).text

        assert GENERIC_NOTICE in text and SIGNATURE_NOTICE not in text


def test_the_confirmation_reads_in_dutch(signed_in, cohort, enrolled_student, competency):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency)
    password_step = signed_in.get(page["review"])["Location"]

    assert password_step.startswith("/en/")
    text = signed_in.get(password_step.replace("/en/", "/nl/", 1)).text

    assert "Bevestig dat jij het bent" in text
    assert "Je staat op het punt een beoordeling te ondertekenen." in text


def test_a_wrong_second_factor_code_signs_nothing(
    signed_in, trainer, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency)
    confirm_identity(signed_in, trainer, "password")
    mfa = signed_in.get(page["review"])["Location"]
    assert mfa.startswith(reverse("mfa_reauthenticate"))
    response = signed_in.post(mfa, {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    signed_in.post(page["review"])
    assert Assessment.objects.count() == 0


def test_a_confirmation_that_is_too_old_at_signing_stores_nothing_and_asks_again(
    signed_in, trainer, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency, comments="Kept across.")
    confirm_identity(signed_in, trainer, "password", "mfa", ago=61)
    response = signed_in.post(page["review"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert f"next={page['review']}".replace("/", "%2F") in response["Location"]
    assert Assessment.objects.count() == 0
    form = signed_in.get(page["form"])
    assert "Kept across." in form.content.decode()


def test_a_password_alone_is_not_enough_for_a_signer_with_a_second_factor(
    signed_in, trainer, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency)
    confirm_identity(signed_in, trainer, "password")
    response = signed_in.post(page["review"])
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Assessment.objects.count() == 0


def test_a_login_is_not_a_confirmation(signed_in, trainer, cohort, enrolled_student, competency):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency)
    session = signed_in.session
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(trainer.pk)
    session.save()
    signed_in.post(page["review"])
    assert Assessment.objects.count() == 0


def test_a_signer_without_a_second_factor_confirms_with_the_password(
    client, cohort, enrolled_student, competency, settings
):
    settings.ATMP_REQUIRE_MFA_FOR_STAFF = False
    trainer = make_user("Trainer", full_name="Nina No-MFA")
    cohort.trainers.add(trainer)
    client.force_login(trainer)
    page = urls(cohort, enrolled_student, competency)
    fill_in(client, cohort, enrolled_student, competency)
    confirm_identity(client, trainer, "password")
    client.post(page["review"])
    assert Assessment.objects.get().signed_with_mfa is False


def test_errors_show_inline_and_nothing_is_kept(
    signed_in, trainer, cohort, enrolled_student, competency
):
    required = competency.criteria.get(required=True)
    response = fill_in(
        signed_in, cohort, enrolled_student, competency, **{f"criterion_{required.pk}": None}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["outcome"]
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html or "form-field--error" in html
    confirm_identity(signed_in, trainer, "password", "mfa")
    response = signed_in.get(urls(cohort, enrolled_student, competency)["review"])
    assert response["Location"] == urls(cohort, enrolled_student, competency)["form"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": None}, "level"),
        ({"outcome": "not_yet"}, "level"),
        ({"level": "9"}, "level"),
        ({"observed_on": "2999-01-01"}, "observed_on"),
        ({"observed_on": "yesterday"}, "observed_on"),
        ({"outcome": "excellent"}, "outcome"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_the_field(
    signed_in, cohort, enrolled_student, competency, changes, field
):
    response = fill_in(signed_in, cohort, enrolled_student, competency, **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field]


def test_a_trainer_cannot_assess_a_student_outside_their_cohorts(
    signed_in, cohort, competency, other_student
):
    elsewhere = make_cohort(cohort.module, name="Elders")
    enrol(other_student, elsewhere)
    page = urls(cohort, other_student, competency)
    assert signed_in.get(page["form"]).status_code == 404
    assert fill_in(signed_in, cohort, other_student, competency).status_code == 404
    assert signed_in.post(page["review"]).status_code == 404
    foreign = urls(elsewhere, other_student, competency)
    assert signed_in.get(foreign["form"]).status_code == 404
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("status", [Enrolment.Status.WITHDRAWN, Enrolment.Status.APPLIED])
def test_a_withdrawn_or_applied_student_cannot_be_assessed(
    signed_in, trainer, cohort, student, competency, status
):
    enrolment = enrol(student, cohort)
    page = urls(cohort, student, competency)
    fill_in(signed_in, cohort, student, competency)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
    confirm_identity(signed_in, trainer, "password", "mfa")
    assert signed_in.post(page["review"]).status_code == 404
    assert signed_in.get(page["form"]).status_code == 404
    assert Assessment.objects.count() == 0


def test_a_trainer_cannot_assess_themself(signed_in, trainer, cohort, competency):
    trainer.groups.add(*make_user("Student").groups.all())
    enrol(trainer, cohort)
    response = fill_in(signed_in, cohort, trainer, competency)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["You cannot assess yourself."]
    assert Assessment.objects.count() == 0


def test_an_altered_draft_in_the_session_is_ignored(
    signed_in, trainer, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    fill_in(signed_in, cohort, enrolled_student, competency)
    session = signed_in.session
    key = next(k for k in session.keys() if k.startswith("assessment_draft:"))  # noqa: SIM118
    token = session[key]
    session[key] = token[:-1] + ("A" if token[-1] != "A" else "B")
    session.save()
    confirm_identity(signed_in, trainer, "password", "mfa")
    assert signed_in.post(page["review"])["Location"] == page["form"]
    assert Assessment.objects.count() == 0


def sign_directly(trainer, student, cohort, competency, **changes) -> Assessment:
    values = {
        "signer": trainer,
        "student": student,
        "competency": competency,
        "context_ref": f"cohort:{cohort.pk}",
        "context_label": cohort.name,
        "observed_on": timezone.localdate(),
        "outcome": "competent",
        "level": 2,
        "criteria": {c.pk: True for c in competency.criteria.all()},
        "comments": "",
        "reauthenticated_at": timezone.now(),
        "signed_with_mfa": True,
    }
    return signatures.sign_assessment(**{**values, **changes})


def test_a_correction_is_signed_through_the_same_flow_and_keeps_the_chain(
    signed_in, trainer, cohort, enrolled_student, competency
):
    original = sign_directly(trainer, enrolled_student, cohort, competency)
    form_url = reverse("trainer:correct_assessment", args=[original.pk])
    review_url = reverse("trainer:correct_assessment_review", args=[original.pk])
    form = signed_in.get(form_url)
    assert form.status_code == 200
    assert form.context["form"].initial["level"] == 2
    data = form_data(competency, level="3")
    missing_reason = signed_in.post(form_url, data)
    assert missing_reason.status_code == 400
    assert missing_reason.context["form"].errors["reason"] == [
        "Say what was wrong in the assessment you correct."
    ]
    assert signed_in.post(form_url, {**data, "reason": "It was level 3."})["Location"] == review_url
    confirm_identity(signed_in, trainer, "password", "mfa")
    review = signed_in.get(review_url)
    assert "It was level 3." in review.content.decode()
    signed_in.post(review_url)
    correction = Assessment.objects.get(corrects=original)
    assert (correction.level, correction.correction_reason) == (3, "It was level 3.")
    old = Evidence.objects.get(source_ref=f"assessment:{original.pk}")
    assert old.superseded_by.source_ref == f"assessment:{correction.pk}"
    detail = signed_in.get(reverse("trainer:assessment", args=[original.pk]))
    assert detail.context["corrected_by"] == correction
    assert [a.pk for a in detail.context["chain"]] == [original.pk, correction.pk]
    again = signed_in.get(form_url)
    assert again["Location"] == reverse("trainer:assessment", args=[correction.pk])


def test_the_detail_says_when_a_record_no_longer_matches_its_hash(
    signed_in, trainer, cohort, enrolled_student, competency
):
    assessment = sign_directly(trainer, enrolled_student, cohort, competency)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Assessment._meta.db_table} SET comments = 'x' WHERE id = %s",  # noqa: S608
            [assessment.pk],
        )
    response = signed_in.get(reverse("trainer:assessment", args=[assessment.pk]))
    assert response.context["hash_verified"] is False


def test_the_start_form_leads_to_the_assessment_form(
    signed_in, cohort, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    response = signed_in.get(page["list"], {"student": enrolled_student.pk, "competency": "T1"})
    assert response["Location"] == page["form"]
    refused = signed_in.get(page["list"], {"student": 999999, "competency": "T1"})
    assert refused.status_code == 400
    assert refused.context["start"].errors["student"]


def test_the_list_costs_the_same_queries_for_few_and_many_assessments(
    signed_in, trainer, cohort, enrolled_student, competency, django_assert_max_num_queries
):
    list_url = urls(cohort, enrolled_student, competency)["list"]
    sign_directly(trainer, enrolled_student, cohort, competency)
    signed_in.get(list_url)  # the first request of a site creates its settings row
    # Both measured with a cold cache: the site's chrome is cached for a while.
    cache.clear()
    with django_assert_max_num_queries(15) as few:
        assert signed_in.get(list_url).status_code == 200
    for number in range(12):
        student = make_user("Student", email=f"many{number}@example.org")
        enrol(student, cohort)
        original = sign_directly(trainer, student, cohort, competency)
        if number % 3 == 0:
            signatures.correct_assessment(
                original=original,
                signer=trainer,
                reason="Level 3.",
                context_ref=original.context_ref,
                context_label=original.context_label,
                observed_on=original.observed_on,
                outcome="competent",
                level=3,
                criteria={c.pk: True for c in competency.criteria.all()},
                comments="",
                reauthenticated_at=timezone.now(),
                signed_with_mfa=True,
            )
    cache.clear()
    with django_assert_max_num_queries(15) as many:
        response = signed_in.get(list_url)
    assert len(response.context["assessments"]) == 17
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_assessment_screens_name_the_module_in_the_language_of_the_url(
    signed_in, cohort, module_en, enrolled_student, competency
):
    page = urls(cohort, enrolled_student, competency)
    for url in (page["list"], page["form"]):
        html = signed_in.get(url).content.decode()
        assert "Cleanroom behaviour and aseptic technique" in html
        assert "Cleanroomgedrag en aseptische techniek" not in html


def test_starting_without_a_choice_says_what_to_choose(
    signed_in, cohort, enrolled_student, competency
):
    response = signed_in.get(
        reverse("trainer:assessments", args=[cohort.pk]), {"student": "", "competency": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the student you assess." in html
    assert "Choose the competency you assess." in html
    assert "This field is required." not in html


def test_a_form_without_outcome_or_day_says_what_is_missing(
    signed_in, cohort, enrolled_student, competency
):
    response = fill_in(
        signed_in, cohort, enrolled_student, competency, outcome=None, observed_on=None
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose competent or not yet competent." in html
    assert "Enter the day you observed the performance." in html
    assert "This field is required." not in html
    assert 'id="form-errors" autofocus' in html


def test_the_signature_time_names_its_time_zone(
    signed_in, trainer, cohort, enrolled_student, competency
):
    assessment = sign_directly(trainer, enrolled_student, cohort, competency)
    html = signed_in.get(reverse("trainer:assessment", args=[assessment.pk])).content.decode()
    signed = timezone.localtime(assessment.signed_at)
    assert f"{signed:%H:%M:%S} {signed.tzname()}" in html
