"""Completion rules and the one write path: courses.progress."""

from decimal import Decimal

import pytest

from atmp_platform.audit.models import AuditEvent
from courses import progress
from courses.models import Enrolment, LessonCompletion, LessonPage, ModuleCompletion

from .progress_helpers import give_result, h5p_block, make_content, set_h5p_blocks

pytestmark = pytest.mark.django_db


def events(action: str):
    return AuditEvent.objects.filter(action=action)


def complete_all(student, lessons):
    return [progress.complete_lesson_if_due(student=student, lesson=lesson) for lesson in lessons]


# ---------- Viewed ----------


def test_opening_a_viewed_lesson_completes_it_with_its_keys_and_rule(curriculum, enrolled_student):
    lesson = curriculum.lessons[0]
    completion = progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson)
    assert completion.lesson_key == lesson.translation_key
    assert completion.module_key == curriculum.module.translation_key
    assert completion.rule == LessonPage.CompletionRule.VIEWED
    assert completion.lesson_id == lesson.pk
    assert completion.completed_at is not None
    event = events("course.lesson_completed").get()
    assert event.actor == enrolled_student
    assert event.object_id == str(lesson.pk)


def test_completing_twice_returns_the_first_completion_and_audits_once(
    curriculum, enrolled_student
):
    lesson = curriculum.lessons[0]
    first = progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson)
    second = progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson)
    assert second.pk == first.pk
    assert second.completed_at == first.completed_at
    assert events("course.lesson_completed").count() == 1


def test_the_dutch_and_english_page_are_one_lesson(curriculum, enrolled_student):
    dutch = progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons[1])
    english = progress.complete_lesson_if_due(
        student=enrolled_student, lesson=curriculum.lessons_en[1]
    )
    assert english.pk == dutch.pk
    assert LessonCompletion.objects.filter(student=enrolled_student).count() == 1


def test_completions_of_one_student_do_not_count_for_another(
    curriculum, enrolled_student, other_student
):
    progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons[0])
    assert not LessonCompletion.objects.filter(student=other_student).exists()


# ---------- H5P passed ----------


@pytest.fixture
def exercise(curriculum):
    """The first Dutch lesson with one required exercise at a pass mark of 80 %."""
    content = make_content()
    lesson = set_h5p_blocks(curriculum.lessons[0], h5p_block(content, pass_mark=80))
    return lesson, content


def test_an_h5p_lesson_is_not_completed_before_any_attempt(exercise, enrolled_student):
    lesson, _content = exercise
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is None
    assert not LessonCompletion.objects.exists()
    assert not events("course.lesson_completed").exists()


def test_a_score_below_the_pass_mark_does_not_complete_the_lesson(exercise, enrolled_student):
    lesson, content = exercise
    give_result(enrolled_student, content, "0.7999")
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is None


def test_a_best_score_at_the_pass_mark_completes_the_lesson(exercise, enrolled_student):
    lesson, content = exercise
    give_result(enrolled_student, content, "0.8000", last="0.5000")
    completion = progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson)
    assert completion.rule == LessonPage.CompletionRule.H5P_PASSED


def test_a_self_reported_pass_counts_for_completion(exercise, enrolled_student):
    lesson, content = exercise
    give_result(enrolled_student, content, "1", verified=False)
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is not None


def test_another_students_pass_does_not_complete_my_lesson(
    exercise, enrolled_student, other_student
):
    lesson, content = exercise
    give_result(other_student, content, "1")
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is None


def test_every_required_exercise_must_be_passed(curriculum, enrolled_student):
    first, second = make_content("Eerste"), make_content("Tweede")
    lesson = set_h5p_blocks(
        curriculum.lessons[0], h5p_block(first, pass_mark=50), h5p_block(second, pass_mark=90)
    )
    give_result(enrolled_student, first, "0.6")
    give_result(enrolled_student, second, "0.85")
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is None
    give_result(enrolled_student, second, "0.9", attempts=2)
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is not None


def test_an_optional_exercise_does_not_hold_the_lesson_back(curriculum, enrolled_student):
    required, optional = make_content("Verplicht"), make_content("Facultatief")
    lesson = set_h5p_blocks(
        curriculum.lessons[0], h5p_block(required), h5p_block(optional, required=False)
    )
    give_result(enrolled_student, required, "0.9")
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is not None


def test_an_h5p_rule_without_required_exercises_completes_on_opening(curriculum, enrolled_student):
    lesson = set_h5p_blocks(curriculum.lessons[0], h5p_block(make_content(), required=False))
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is not None


def test_an_exercise_whose_content_was_deleted_no_longer_blocks(curriculum, enrolled_student):
    kept, deleted = make_content("Blijft"), make_content("Verdwijnt")
    lesson = set_h5p_blocks(curriculum.lessons[0], h5p_block(kept), h5p_block(deleted))
    deleted.delete()
    give_result(enrolled_student, kept, "1")
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is not None


def test_an_exercise_passed_in_english_completes_the_dutch_page(curriculum, enrolled_student):
    dutch_content, english_content = make_content("Nederlands"), make_content("English", "en")
    dutch = set_h5p_blocks(curriculum.lessons[0], h5p_block(dutch_content))
    set_h5p_blocks(curriculum.lessons_en[0], h5p_block(english_content))
    give_result(enrolled_student, english_content, "0.95")
    completion = progress.complete_lesson_if_due(student=enrolled_student, lesson=dutch)
    assert completion is not None
    assert completion.lesson_key == dutch.translation_key


def test_a_viewed_rule_ignores_the_exercises(curriculum, enrolled_student):
    lesson = set_h5p_blocks(
        curriculum.lessons[0], h5p_block(make_content()), rule=LessonPage.CompletionRule.VIEWED
    )
    assert progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson) is not None


# ---------- Module completion ----------


def test_the_module_is_not_completed_while_a_lesson_remains(curriculum, enrolled_student):
    complete_all(enrolled_student, curriculum.lessons[:2])
    assert not ModuleCompletion.objects.exists()
    assert Enrolment.objects.get().status == Enrolment.Status.ENROLLED


def test_the_last_lesson_completes_the_module_with_date_cohort_and_enrolment(
    curriculum, cohort, enrolled_student
):
    complete_all(enrolled_student, curriculum.lessons)
    completion = ModuleCompletion.objects.get(student=enrolled_student)
    assert completion.module_key == curriculum.module.translation_key
    assert completion.cohort == cohort
    assert completion.completed_at is not None
    assert completion.result is None
    assert Enrolment.objects.get().status == Enrolment.Status.COMPLETED
    assert events("course.module_completed").get().object_id == str(curriculum.module.pk)
    enrolment_event = events("course.enrolment_completed").get()
    assert enrolment_event.old_value == {"status": "enrolled"}
    assert enrolment_event.new_value == {"status": "completed"}


def test_lessons_completed_in_both_languages_complete_the_module(curriculum, enrolled_student):
    complete_all(
        enrolled_student, [curriculum.lessons[0], curriculum.lessons_en[1], curriculum.lessons[2]]
    )
    assert ModuleCompletion.objects.filter(student=enrolled_student).exists()


def test_an_unpublished_lesson_is_not_required_for_the_module(curriculum, enrolled_student):
    curriculum.lessons[2].unpublish()
    curriculum.lessons_en[2].unpublish()
    complete_all(enrolled_student, curriculum.lessons[:2])
    assert ModuleCompletion.objects.filter(student=enrolled_student).exists()


def test_a_lesson_live_in_one_language_only_is_still_required(curriculum, enrolled_student):
    curriculum.lessons[2].unpublish()
    complete_all(enrolled_student, curriculum.lessons[:2])
    assert not ModuleCompletion.objects.exists()
    progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons_en[2])
    assert ModuleCompletion.objects.filter(student=enrolled_student).exists()


def test_the_module_result_is_the_mean_of_the_required_best_scores(curriculum, enrolled_student):
    first, second, optional = make_content("Een"), make_content("Twee"), make_content("Extra")
    set_h5p_blocks(curriculum.lessons[0], h5p_block(first, pass_mark=50))
    set_h5p_blocks(
        curriculum.lessons[1],
        h5p_block(second, pass_mark=50),
        h5p_block(optional, required=False),
    )
    give_result(enrolled_student, first, "0.9", last="0.6", attempts=3)
    give_result(enrolled_student, second, "0.8")
    give_result(enrolled_student, optional, "0.1")
    lessons = [LessonPage.objects.get(pk=lesson.pk) for lesson in curriculum.lessons]
    complete_all(enrolled_student, lessons)
    assert ModuleCompletion.objects.get().result == Decimal("0.8500")


def test_an_exercise_done_in_english_counts_for_the_module_result(curriculum, enrolled_student):
    dutch_content, english_content = make_content("Nederlands"), make_content("English", "en")
    set_h5p_blocks(curriculum.lessons[0], h5p_block(dutch_content, pass_mark=50))
    english = set_h5p_blocks(curriculum.lessons_en[0], h5p_block(english_content, pass_mark=50))
    give_result(enrolled_student, dutch_content, "0.2")
    give_result(enrolled_student, english_content, "0.7")
    complete_all(enrolled_student, [english, *curriculum.lessons[1:]])
    assert ModuleCompletion.objects.get().result == Decimal("0.7000")


def test_completing_a_module_without_enrolment_records_no_cohort(curriculum, student):
    complete_all(student, curriculum.lessons)
    assert ModuleCompletion.objects.get(student=student).cohort is None
    assert not events("course.enrolment_completed").exists()


def test_the_running_enrolment_is_completed_rather_than_an_old_completed_one(
    curriculum, cohort, application_cohort, student
):
    Enrolment.objects.create(
        student=student, cohort=application_cohort, status=Enrolment.Status.COMPLETED
    )
    running = Enrolment.objects.create(
        student=student, cohort=cohort, status=Enrolment.Status.ENROLLED
    )
    complete_all(student, curriculum.lessons)
    running.refresh_from_db()
    assert running.status == Enrolment.Status.COMPLETED
    assert ModuleCompletion.objects.get().cohort == cohort


def test_a_refused_enrolment_is_never_set_to_completed(curriculum, cohort, student):
    refused = Enrolment.objects.create(
        student=student, cohort=cohort, status=Enrolment.Status.REFUSED
    )
    complete_all(student, curriculum.lessons)
    refused.refresh_from_db()
    assert refused.status == Enrolment.Status.REFUSED


def test_completing_the_module_again_returns_the_first_completion(curriculum, enrolled_student):
    complete_all(enrolled_student, curriculum.lessons)
    first = ModuleCompletion.objects.get()
    again = progress.complete_module_if_due(student=enrolled_student, module=curriculum.module_en)
    assert again.pk == first.pk
    assert events("course.module_completed").count() == 1


def test_module_completion_check_returns_none_while_lessons_remain(curriculum, enrolled_student):
    assert (
        progress.complete_module_if_due(student=enrolled_student, module=curriculum.module) is None
    )


# ---------- Simultaneous requests ----------


def test_a_lesson_completed_by_a_simultaneous_request_is_returned_not_duplicated(
    curriculum, enrolled_student, monkeypatch
):
    """The other request inserts its row after our check and before our insert."""
    lesson = curriculum.lessons[0]
    winner = {}
    real_rule_met = progress.rule_met

    def rule_met_while_another_request_completes(**kwargs):
        winner["row"] = LessonCompletion.objects.create(
            student=enrolled_student,
            lesson_key=lesson.translation_key,
            module_key=curriculum.module.translation_key,
            lesson=lesson,
            rule="viewed",
            completed_at=lesson.first_published_at,
        )
        return real_rule_met(**kwargs)

    monkeypatch.setattr(progress, "rule_met", rule_met_while_another_request_completes)
    completion = progress.complete_lesson_if_due(student=enrolled_student, lesson=lesson)
    assert completion.pk == winner["row"].pk
    assert LessonCompletion.objects.count() == 1
    assert not events("course.lesson_completed").exists()


def test_a_module_completed_by_a_simultaneous_request_is_returned_not_duplicated(
    curriculum, cohort, enrolled_student, monkeypatch
):
    complete_all(enrolled_student, curriculum.lessons[:2])
    winner = {}
    real_result = progress.module_result

    def result_while_another_request_completes(**kwargs):
        winner["row"] = ModuleCompletion.objects.create(
            student=enrolled_student,
            module_key=curriculum.module.translation_key,
            cohort=cohort,
            completed_at=cohort.enrolments.get().created_at,
        )
        return real_result(**kwargs)

    monkeypatch.setattr(progress, "module_result", result_while_another_request_completes)
    progress.complete_lesson_if_due(student=enrolled_student, lesson=curriculum.lessons[2])
    assert ModuleCompletion.objects.get().pk == winner["row"].pk
    assert not events("course.module_completed").exists()
    assert LessonCompletion.objects.count() == 3
