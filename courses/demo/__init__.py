"""The programme's demo content: pages in Dutch and English, H5P exercises, cohorts and
students at different stages. `manage.py load_demo` calls `load`; every step finds what is
already there first, so loading twice changes nothing."""

from wagtail.models import Locale, Page

from atmp_platform.accounts import roles
from courses.models import ProgrammePage
from simulations.seed import load_scenarios

from . import car_t, cleanroom, cohorts, competencies, gmp, h5p, monitoring, pages

MODULES = [gmp.MODULE, cleanroom.MODULE, monitoring.MODULE, car_t.MODULE]


def load(*, home: Page, english: Locale, users: dict, password: str) -> ProgrammePage:
    """Load the programme under `home`; `users` are the demo accounts by role, `password` the
    one the demo publishes for its accounts. Returns the Dutch programme page."""
    trainer = users[roles.TRAINER]
    contents = h5p.ensure_contents(actor=users[roles.PROGRAMME_ADMINISTRATOR])
    # The lessons' simulation blocks choose shipped scenarios (an unchanged file writes nothing).
    load_scenarios()
    programmes = pages.ensure_programme(home, english)
    pages.link_from_home(home, programmes)
    modules = {}
    for spec in MODULES:
        modules[spec["code"]] = pair = pages.ensure_module(
            programmes,
            spec,
            english,
            trainers=[trainer],
            prerequisites=[modules[code] for code in spec["prerequisites"]],
        )
        for lesson in spec["lessons"]:
            pages.ensure_lesson(pair, lesson, english, contents)
    # Before the students follow the modules: their completions are then evidence.
    competencies.link_outcomes(modules, actor=users[roles.PROGRAMME_ADMINISTRATOR])
    students = [cohorts.ensure_student(spec=spec, password=password) for spec in cohorts.STUDENTS]
    cohorts.ensure_cohorts(
        modules={code: pair[0] for code, pair in modules.items()},
        trainer=trainer,
        students=students,
    )
    return programmes[0]
