"""A pass sent by the player can complete a certificate: the xAPI request issues it for the
signed-in student (request.user, a lazy object until it is read), and answers as usual."""

import json

from django.test import Client

import pytest

from certificates.models import Certificate, CertificateRequirement, CertificateType

from .evidence_helpers import link, make_competency, make_levels
from .h5p_lessons import (  # noqa: F401 (the fixtures register under their names)
    demo_content_fixture,
    h5p_lesson_fixture,
    h5p_store_fixture,
    statement,
    step_content_fixture,
    step_ids,
    step_library_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate_type(module):
    make_levels()
    competency = make_competency("T1")
    link(module, "LO1", competency, 2)
    certificate_type = CertificateType.objects.create(
        code="exercise-operator",
        name_en="Exercise operator",
        name_nl="Oefenoperator",
        statement_en="Attests a passed exercise.",
        statement_nl="Bevestigt een geslaagde oefening.",
        validity_months=12,
    )
    CertificateRequirement.objects.create(
        certificate_type=certificate_type, competency=competency, minimum_level=1
    )
    return certificate_type


def test_a_pass_that_completes_a_certificate_issues_it_within_the_request(
    enrolled_student, h5p_lesson, step_content, certificate_type, eager_tasks
):
    client = Client()
    client.force_login(enrolled_student)
    body = statement(step_content, "[,]".join(step_ids(step_content)), raw=10, maximum=10)
    response = client.post(
        f"/nl/learn/xapi/{h5p_lesson.pk}/statements/",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["passed"] is True
    certificate = Certificate.objects.get(holder=enrolled_student)
    assert certificate.certificate_type == certificate_type
