from certificates.models import CertificateType, Competency, ProficiencyLevel


def test_fixtures_give_a_scale_a_competency_and_a_certificate_type(certificate_type):
    assert list(ProficiencyLevel.objects.values_list("value", flat=True)) == [1, 2, 3, 4]
    competency = Competency.objects.get(code="T1")
    assert competency.criteria.count() == 2
    assert CertificateType.objects.get().requirements.get().competency == competency


def test_framework_fixture_is_the_seeded_framework(framework):
    assert sorted(framework, key=lambda code: int(code[1:])) == [f"C{n}" for n in range(1, 11)]
    assert CertificateType.objects.count() == 2
