from .assessments import Assessment
from .certificates import Certificate, CertificateRequirement, CertificateType
from .evidence import EXPIRING_SOON_DAYS, CompetencyStatus, Evidence
from .framework import Competency, ProficiencyLevel, RubricCriterion

__all__ = [
    "EXPIRING_SOON_DAYS",
    "Assessment",
    "Certificate",
    "CertificateRequirement",
    "CertificateType",
    "Competency",
    "CompetencyStatus",
    "Evidence",
    "ProficiencyLevel",
    "RubricCriterion",
]
