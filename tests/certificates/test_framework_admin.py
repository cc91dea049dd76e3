"""The competency framework in the admin: managed by programme administrators, every change
audited, records in use never deleted; evidence and assessments read-only; the import view."""

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates.admin_import import SIGNING_SALT
from certificates.models import (
    Assessment,
    Certificate,
    CertificateType,
    Competency,
    Evidence,
    ProficiencyLevel,
    RubricCriterion,
)
from certificates.services import record_evidence
from tests.factories import activate_totp

from .test_importing import ROW_1, ROW_2, _csv, framework_events


@pytest.fixture
def admin_client(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    return client


def admin_text(msgid: str, **values) -> str:
    """The message as the administrator (Dutch profile) reads it."""
    with translation.override("nl"):
        return gettext(msgid) % values if values else gettext(msgid)


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data.setdefault(f"{prefix}-{index}-ORDER", str(index + 1))
    return data


def competency_data(**changes) -> dict:
    data = {
        "code": "N1",
        "title_en": "Material transfer",
        "title_nl": "Materiaaltransfer",
        "description_en": "",
        "description_nl": "",
        "category": "contamination",
        "regulatory_anchor": "Annex 1 §8",
        "validity_months": "12",
        "active": "on",
        "sort_order": "11",
    }
    criteria = [
        {"text_en": "Wipes down materials", "text_nl": "Neemt materialen af", "required": "on"},
        {"text_en": "Uses the airlock", "text_nl": "Gebruikt de sluis"},
    ]
    return {**data, **formset("criteria", criteria), **changes}


def test_an_administrator_creates_a_competency_with_its_criteria(admin_client, levels):
    response = admin_client.post("/admin/competencies/new/", competency_data())
    assert response.status_code == 302, response.context["form"].errors
    competency = Competency.objects.get(code="N1")
    criteria = list(competency.criteria.order_by("sort_order"))
    assert [(c.text_en, c.required) for c in criteria] == [
        ("Wipes down materials", True),
        ("Uses the airlock", False),
    ]
    event = AuditEvent.objects.get(action="competency.created")
    assert event.old_value is None
    assert event.new_value["title_nl"] == "Materiaaltransfer"
    assert [c["en"] for c in event.new_value["criteria"]] == [
        "Wipes down materials",
        "Uses the airlock",
    ]


def test_a_change_is_audited_with_old_and_new_values(admin_client, competency, administrator):
    criteria = [
        {"id": str(c.pk), "text_en": c.text_en, "text_nl": c.text_nl, "required": "on"}
        for c in competency.criteria.order_by("sort_order")
    ]
    criteria[1]["DELETE"] = "on"
    data = competency_data(code="T1", title_en="Gowning for Grade B")
    data.update(formset("criteria", criteria, initial=2))
    response = admin_client.post(f"/admin/competencies/edit/{competency.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    competency.refresh_from_db()
    assert competency.title_en == "Gowning for Grade B"
    assert competency.criteria.count() == 1
    event = AuditEvent.objects.get(action="competency.changed")
    assert event.actor == administrator
    assert event.old_value["title_en"] == "Aseptic gowning"
    assert event.new_value["title_en"] == "Gowning for Grade B"
    assert len(event.old_value["criteria"]) == 2
    assert len(event.new_value["criteria"]) == 1


def test_a_save_without_changes_is_not_audited(admin_client, competency):
    criteria = [
        {
            "id": str(c.pk),
            "text_en": c.text_en,
            "text_nl": c.text_nl,
            **({"required": "on"} if c.required else {}),
        }
        for c in competency.criteria.order_by("sort_order")
    ]
    data = {
        "code": "T1",
        "title_en": competency.title_en,
        "title_nl": competency.title_nl,
        "description_en": competency.description_en,
        "description_nl": competency.description_nl,
        "category": competency.category,
        "regulatory_anchor": competency.regulatory_anchor,
        "validity_months": "12",
        "active": "on",
        "sort_order": "0",
        **formset("criteria", criteria, initial=2),
    }
    response = admin_client.post(f"/admin/competencies/edit/{competency.pk}/", data)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="competency.changed").exists()


def test_a_competency_with_evidence_is_not_deleted(admin_client, competency, student):
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.MODULE,
        source_ref="module:1",
        verification=Evidence.Verification.SERVER,
        level=1,
    )
    response = admin_client.post(f"/admin/competencies/delete/{competency.pk}/", follow=True)
    expected = admin_text(
        "%(code)s has evidence recorded against it and cannot be deleted: the evidence "
        "must stay traceable. Make the competency inactive instead.",
        code="T1",
    )
    assert expected in _messages(response)
    assert Competency.objects.filter(pk=competency.pk).exists()
    assert not AuditEvent.objects.filter(action="competency.deleted").exists()


def test_the_delete_page_of_a_competency_with_evidence_says_why_at_once(
    admin_client, competency, student
):
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.MODULE,
        source_ref="module:1",
        verification=Evidence.Verification.SERVER,
        level=1,
    )
    response = admin_client.get(f"/admin/competencies/delete/{competency.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/competencies/edit/{competency.pk}/"


def test_a_competency_a_certificate_type_requires_is_not_deleted(
    admin_client, certificate_type, competency
):
    response = admin_client.post(f"/admin/competencies/delete/{competency.pk}/", follow=True)
    expected = admin_text(
        "Certificate types require %(code)s (%(types)s). Remove it from their requirements first.",
        code="T1",
        types=certificate_type.name_nl,
    )
    assert expected in _messages(response)
    assert Competency.objects.filter(pk=competency.pk).exists()


def test_an_unused_competency_is_deleted_and_audited(admin_client, competency):
    response = admin_client.post(f"/admin/competencies/delete/{competency.pk}/")
    assert response.status_code == 302
    assert not Competency.objects.filter(pk=competency.pk).exists()
    assert not RubricCriterion.objects.exists()
    event = AuditEvent.objects.get(action="competency.deleted")
    assert event.old_value["code"] == "T1"
    assert len(event.old_value["criteria"]) == 2
    assert event.new_value is None


def test_a_level_in_use_is_not_deleted(admin_client, certificate_type, levels):
    level = ProficiencyLevel.objects.get(value=2)
    response = admin_client.post(f"/admin/proficiency-levels/delete/{level.pk}/", follow=True)
    expected = admin_text(
        "Level %(level)s is used by evidence, assessments or certificate requirements "
        "and cannot be deleted.",
        level=2,
    )
    assert expected in _messages(response)
    assert ProficiencyLevel.objects.filter(value=2).exists()


def test_an_unused_level_is_deleted_and_audited(admin_client, certificate_type, levels):
    level = ProficiencyLevel.objects.get(value=4)
    admin_client.post(f"/admin/proficiency-levels/delete/{level.pk}/")
    assert not ProficiencyLevel.objects.filter(value=4).exists()
    assert AuditEvent.objects.get(action="proficiency_level.deleted").old_value["value"] == 4


def test_a_level_change_is_audited(admin_client, levels):
    level = ProficiencyLevel.objects.get(value=1)
    data = {"value": "1", "name_en": "Knows of it", "name_nl": "Bewust"}
    response = admin_client.post(f"/admin/proficiency-levels/edit/{level.pk}/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="proficiency_level.changed")
    assert (event.old_value["name_en"], event.new_value["name_en"]) == ("Aware", "Knows of it")


def type_data(competency, level: str = "2") -> dict:
    return {
        "code": "new-type",
        "name_en": "New type",
        "name_nl": "Nieuw type",
        "statement_en": "Attests knowledge; not unsupervised Grade A/B work.",
        "statement_nl": "Bevestigt kennis; geen werk zonder toezicht in klasse A/B.",
        "validity_months": "12",
        "active": "on",
        **formset("requirements", [{"competency": str(competency.pk), "minimum_level": level}]),
    }


def test_an_administrator_creates_a_certificate_type_with_requirements(admin_client, competency):
    response = admin_client.post("/admin/certificate-types/new/", type_data(competency))
    assert response.status_code == 302
    certificate_type = CertificateType.objects.get(code="new-type")
    assert certificate_type.requirements.get().minimum_level == 2
    event = AuditEvent.objects.get(action="certificate_type.created")
    assert event.new_value["requirements"] == [{"competency": "T1", "minimum_level": 2}]


def test_a_minimum_level_off_the_scale_is_refused(admin_client, competency):
    response = admin_client.post("/admin/certificate-types/new/", type_data(competency, "7"))
    assert response.status_code == 200
    assert not CertificateType.objects.filter(code="new-type").exists()
    assert not framework_events().exists()


def test_a_certificate_type_with_certificates_is_not_deleted(
    admin_client, certificate_type, competency, student
):
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref="assessment:1",
        verification=Evidence.Verification.TRAINER,
        level=2,
    )
    assert Certificate.objects.exists()
    url = f"/admin/certificate-types/delete/{certificate_type.pk}/"
    response = admin_client.post(url, follow=True)
    expected = admin_text(
        "Certificates of this type have been issued, and they keep their type. Make the "
        "type inactive instead."
    )
    assert expected in _messages(response)
    assert CertificateType.objects.filter(pk=certificate_type.pk).exists()


def _evidence(person, competency, source, verification, ref):
    return record_evidence(
        person=person,
        competency=competency,
        source=source,
        source_ref=ref,
        verification=verification,
        level=1,
        source_label=f"label {ref}",
    )


def test_the_evidence_list_filters_by_competency_source_and_verification(
    admin_client, competency, student
):
    other = Competency.objects.create(
        code="T2", title_en="Other", title_nl="Ander", category="quality"
    )
    _evidence(student, competency, "module", "server", "module:1")
    _evidence(student, competency, "h5p", "server", "h5p:1")
    _evidence(student, other, "module", "self", "module:2")
    response = admin_client.get(f"/admin/evidence/?competency={competency.pk}")
    assert {e.source_ref for e in response.context["object_list"]} == {"h5p:1", "module:1"}
    response = admin_client.get(f"/admin/evidence/?competency={other.pk}")
    assert {e.source_ref for e in response.context["object_list"]} == {"module:2"}
    response = admin_client.get("/admin/evidence/?source=h5p")
    assert {e.source_ref for e in response.context["object_list"]} == {"h5p:1"}
    response = admin_client.get("/admin/evidence/?verification=self")
    assert {e.source_ref for e in response.context["object_list"]} == {"module:2"}


def test_evidence_is_never_changed_in_the_admin(admin_client, competency, student):
    evidence = _evidence(student, competency, "module", "server", "module:1")
    assert admin_client.get(f"/admin/evidence/inspect/{evidence.pk}/").status_code == 200
    for view in ("add", "edit", "delete"):
        for namespace in ("evidence", "assessments_admin"):
            with pytest.raises(NoReverseMatch):
                reverse(f"{namespace}:{view}", args=[evidence.pk] if view != "add" else [])
    response = admin_client.post(f"/admin/evidence/delete/{evidence.pk}/", follow=True)
    assert response.status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_competency_list_offers_the_import(admin_client, competency):
    html = admin_client.get("/admin/competencies/").content.decode()
    assert "/admin/competency-import/" in html
    assert "T1" in html


def _upload(client, data: bytes, name: str = "framework.csv"):
    return client.post("/admin/competency-import/", {"file": SimpleUploadedFile(name, data)})


def test_an_upload_shows_a_preview_and_changes_nothing(admin_client, levels):
    response = _upload(admin_client, _csv(ROW_1, ROW_2))
    assert response.status_code == 200
    assert [row["action"] for row in response.context["rows"]] == ["create", "create"]
    assert response.context["changes"] == 2
    assert "payload" in response.context
    assert not Competency.objects.exists()
    assert not framework_events().exists()


def test_confirming_the_preview_imports_and_audits(admin_client, administrator, levels):
    payload = _upload(admin_client, _csv(ROW_1, ROW_2)).context["payload"]
    response = admin_client.post("/admin/competency-import/confirm/", {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == "/admin/competencies/"
    assert set(Competency.objects.values_list("code", flat=True)) == {"X1", "X2"}
    events = AuditEvent.objects.filter(action="competency.created")
    assert events.count() == 2
    assert {event.actor for event in events} == {administrator}


def test_a_preview_of_an_update_lists_the_changed_values(admin_client, levels):
    _upload_and_confirm(admin_client, _csv(ROW_1))
    response = _upload(admin_client, _csv(ROW_1.replace("Gowning", "Aseptic gowning")))
    row = response.context["rows"][0]
    assert row["action"] == "update"
    label = capfirst(Competency._meta.get_field("title_en").verbose_name)
    assert row["details"] == [
        {"field": "title_en", "label": label, "old": "Gowning", "new": "Aseptic gowning"}
    ]
    shown = f"<dt>{capfirst(admin_text('title (English)'))} <code>title_en</code></dt>"
    assert shown in response.content.decode()


def _upload_and_confirm(client, data: bytes):
    payload = _upload(client, data).context["payload"]
    return client.post("/admin/competency-import/confirm/", {"payload": payload})


def test_a_bad_file_shows_its_errors_and_changes_nothing(admin_client, levels):
    response = _upload(admin_client, _csv(ROW_2.replace("documentation", "cooking")))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    where = admin_text(
        "Line %(line)s, field “%(field)s”: %(message)s", line=2, field="category", message=""
    )
    assert errors[0].startswith(where)
    assert errors[0] in response.content.decode()
    assert not Competency.objects.exists()


def test_a_tampered_preview_is_refused(admin_client, levels):
    payload = _upload(admin_client, _csv(ROW_1)).context["payload"]
    tampered = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")
    response = admin_client.post(
        "/admin/competency-import/confirm/", {"payload": tampered}, follow=True
    )
    assert admin_text("The preview has expired or is not valid. Upload the file again.") in (
        _messages(response)
    )
    assert not Competency.objects.exists()


def test_a_preview_overtaken_by_another_change_is_not_applied(admin_client, levels):
    payload = _upload(admin_client, _csv(ROW_1)).context["payload"]
    Competency.objects.create(
        code="X1", title_en="Made meanwhile", title_nl="Intussen", category="quality"
    )
    response = admin_client.post(
        "/admin/competency-import/confirm/", {"payload": payload}, follow=True
    )
    assert admin_text(
        "The framework has changed since the preview. Upload the file again "
        "to see what it would change now."
    ) in _messages(response)
    assert Competency.objects.get(code="X1").title_en == "Made meanwhile"


def test_the_payload_is_signed_for_the_import_only(admin_client, levels):
    payload = _upload(admin_client, _csv(ROW_1)).context["payload"]
    assert signing.loads(payload, salt=SIGNING_SALT)["name"] == "framework.csv"
    with pytest.raises(signing.BadSignature):
        signing.loads(payload, salt="another-purpose")


def make_assessment(competency, student, trainer) -> Assessment:
    assessment = Assessment(
        student=student,
        competency=competency,
        observed_on="2026-11-20",
        outcome=Assessment.Outcome.NOT_YET,
        criteria=[
            {"criterion": 1, "text": "Checks the packs", "observed": True, "required": True},
            {"criterion": 2, "text": "Tucks <hair>", "observed": False, "required": False},
        ],
        signer=trainer,
        signer_name="Tess Trainer",
        signed_at="2026-11-20T10:00:00Z",
        signature_meaning="I observed and assessed this performance",
        reauthenticated_at="2026-11-20T09:59:30Z",
        content_hash="0" * 64,
    )
    assessment.save()
    return assessment


def test_an_assessment_shows_its_rubric_in_words(admin_client, competency, student, trainer):
    assessment = make_assessment(competency, student, trainer)
    html = admin_client.get(f"/admin/assessments/inspect/{assessment.pk}/").content.decode()
    observed = admin_text("observed")
    not_observed = admin_text("not observed")
    assert f"<strong>{observed}</strong>: Checks the packs{admin_text(' (required)')}" in html
    assert f"<strong>{not_observed}</strong>: Tucks &lt;hair&gt;</li>" in html


def test_an_assessments_outcome_is_called_so_not_a_learning_outcome(
    admin_client, competency, student, trainer
):
    assessment = make_assessment(competency, student, trainer)
    outcome = admin_text("Outcome")
    learning_outcome = capfirst(admin_text("outcome"))
    for url in ("/admin/assessments/", f"/admin/assessments/inspect/{assessment.pk}/"):
        html = admin_client.get(url).content.decode()
        assert outcome in html
        assert admin_text("Not yet competent") in html
        if learning_outcome != outcome:
            assert learning_outcome not in html
