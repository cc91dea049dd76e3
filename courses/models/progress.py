"""Completion records. Lessons and modules are referred to by translation key, so that the
Dutch and English page of a lesson are one lesson for progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonCompletion(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson_key = models.UUIDField(_("lesson"))
    module_key = models.UUIDField(_("module"), db_index=True)
    # The page (in the language the student used) that completed it.
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule = models.CharField(_("completion rule"), max_length=20)
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "lesson_key"], name="lesson_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.lesson_key}"


class ModuleCompletion(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="module_completions",
    )
    module_key = models.UUIDField(_("module"))
    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name=_("cohort"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("completed at"))
    # Mean of the best scores on the module's required H5P exercises (0..1), if it has any.
    result = models.DecimalField(_("result"), max_digits=5, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "module_key"], name="module_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.module_key}"
