"""Programme, module and lesson pages: rendering, the lesson access matrix and query counts."""

from courses.models import ModulePage


def test_the_english_module_keeps_its_outcomes_and_lessons(curriculum, cohort, enrolled_student):
    module_en = curriculum.module_en
    assert module_en.translation_key == curriculum.module.translation_key
    assert [o.code for o in module_en.learning_outcomes.all()] == ["LO1", "LO2"]
    assert [lesson.title for lesson in module_en.get_children().specific()] == [
        "Gowning rules",
        "Hand washing",
        "Material transfer",
    ]
    assert isinstance(module_en, ModulePage)
