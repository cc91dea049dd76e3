"""The demo modules' learning outcomes linked to the seeded ATMP framework (C1–C10).

Every link is at level 1, aware: the modules teach and test knowledge, and the scale's level 2
and up ("performs under supervision" …) need a performance a trainer has observed. So a
completed module alone never meets a certificate's requirements (DESIGN.md decision 9): the
trainer's signed assessments do that.

The framework is seeded first (certificates.seed, idempotent). Links are made on the Dutch
source page and its English translation alike, as wagtail-localize would synchronise them,
through a published revision so that the next edit in the admin keeps them. An outcome that
already names a competency is left as an editor set it, so loading twice changes nothing.
"""

from certificates.models import Competency
from certificates.seed import seed_framework
from courses.models import ModulePage

AWARE = 1

# Module code → outcome code → competency code; the outcomes are those of the module specs
# (courses.demo.gmp, cleanroom, monitoring, car_t), in their order.
OUTCOME_COMPETENCIES = {
    "ATMP-101": {"LO1": "C1", "LO2": "C1", "LO3": "C5", "LO4": "C6"},
    "ATMP-102": {"LO1": "C2", "LO2": "C2", "LO3": "C3", "LO4": "C4"},
    "ATMP-201": {"LO1": "C5", "LO2": "C5", "LO3": "C5", "LO4": "C5"},
    "ATMP-202": {"LO1": "C8", "LO2": "C7", "LO3": "C8", "LO4": "C9"},
}


def link_outcomes(modules: dict[str, tuple[ModulePage, ModulePage]], *, actor=None) -> int:
    """Link the outcomes of each module (code → (Dutch, English) page) that name no
    competency yet; returns how many outcome rows were linked."""
    seed_framework(actor=actor)
    competencies = {competency.code: competency for competency in Competency.objects.all()}
    linked = 0
    for code, pages in modules.items():
        links = OUTCOME_COMPETENCIES.get(code, {})
        for page in pages:
            linked += _link_page(ModulePage.objects.get(pk=page.pk), links, competencies)
    return linked


def _link_page(page: ModulePage, links: dict[str, str], competencies: dict) -> int:
    outcomes = list(page.learning_outcomes.all())
    changed = 0
    for outcome in outcomes:
        competency = competencies.get(links.get(outcome.code, ""))
        if outcome.competency_id is None and competency is not None:
            outcome.competency, outcome.level_id = competency, AWARE
            changed += 1
    if changed:
        page.learning_outcomes = outcomes
        page.save_revision().publish()
    return changed
