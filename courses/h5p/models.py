"""H5P content types (libraries), uploaded content, upload jobs and xAPI results.

Files live in the H5P store (settings.H5P_ROOT): one shared `libraries/` folder for every
installed content type, and `content/<uuid>/` (h5p.json + content/) per upload. The rows here
say what is installed and who may see it; the files are never the source of truth for access.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class H5PLibrary(models.Model):
    """One installed version of an H5P library (a content type when `runnable`)."""

    machine_name = models.CharField(_("machine name"), max_length=127)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"))
    title = models.CharField(_("title"), max_length=255)
    runnable = models.BooleanField(_("content type"), default=False)
    # Folder name inside the library store, e.g. "ATMP.StepOrder-1.0".
    folder = models.CharField(_("folder"), max_length=160, unique=True)
    library_json = models.JSONField(_("library.json"))
    installed_at = models.DateTimeField(_("installed at"), auto_now_add=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("installed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("H5P content type library")
        verbose_name_plural = _("H5P content type libraries")
        ordering = ["machine_name", "-major_version", "-minor_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"],
                name="h5p_library_unique_minor_version",
            )
        ]
        permissions = [("install_h5p_content_types", _("Can install H5P content types"))]

    def __str__(self) -> str:
        return f"{self.title} ({self.machine_name} {self.version})"

    @property
    def version(self) -> str:
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"


class H5PContent(index.Indexed, models.Model):
    """One uploaded H5P package: its parameters and the content type that plays it."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=10, blank=True)
    main_library = models.ForeignKey(
        H5PLibrary,
        verbose_name=_("content type"),
        on_delete=models.PROTECT,
        related_name="contents",
    )
    libraries = models.ManyToManyField(
        H5PLibrary, verbose_name=_("libraries used"), blank=True, related_name="+"
    )
    h5p_json = models.JSONField(_("h5p.json"), default=dict, blank=True)
    # content.json after sanitising: what the player gets and what server-side scoring reads.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    original_filename = models.CharField(_("uploaded file"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the upload"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("H5P content")
        verbose_name_plural = _("H5P content")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class H5PUpload(models.Model):
    """An upload waiting for, or done with, background processing (large packages).

    The package waits in the private spool (settings.H5P_SPOOL_ROOT) until the task has
    processed it, then is deleted whatever the outcome; a failed upload keeps only its message.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        PROCESSING = "processing", _("Processing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    original_filename = models.CharField(_("uploaded file"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    error = models.TextField(_("problem"), blank=True)
    content = models.ForeignKey(
        H5PContent,
        verbose_name=_("content"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("H5P upload")
        verbose_name_plural = _("H5P uploads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_filename


class H5PResultQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified=True)


class H5PResult(models.Model):
    """A student's results on one H5P content: best and last attempt, attempts counted.

    Scores are scaled 0..1. `verified` is true only when the server recomputed the last
    score from the response (our own content types); otherwise it is self-reported.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="h5p_results",
    )
    content = models.ForeignKey(
        H5PContent, verbose_name=_("content"), on_delete=models.CASCADE, related_name="results"
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_score = models.DecimalField(_("last score"), max_digits=5, decimal_places=4)
    last_verified = models.BooleanField(_("last score verified"), default=False)
    best_score = models.DecimalField(_("best score"), max_digits=5, decimal_places=4)
    best_verified = models.BooleanField(_("best score verified"), default=False)
    first_attempt_at = models.DateTimeField(_("first attempt"))
    last_attempt_at = models.DateTimeField(_("last attempt"))

    objects = H5PResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("H5P result")
        verbose_name_plural = _("H5P results")
        constraints = [
            models.UniqueConstraint(fields=["student", "content"], name="h5p_result_unique"),
            models.CheckConstraint(
                condition=models.Q(last_score__gte=0, last_score__lte=1)
                & models.Q(best_score__gte=0, best_score__lte=1),
                name="h5p_result_scores_scaled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.content}"


class XAPIStatement(models.Model):
    """One stored xAPI statement, actor already replaced by the session user."""

    uuid = models.UUIDField(_("statement id"), default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="xapi_statements",
    )
    content = models.ForeignKey(
        H5PContent, verbose_name=_("content"), on_delete=models.CASCADE, related_name="statements"
    )
    # The lesson page the statement was sent from (any page type: h5p does not know courses).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("verb"), max_length=255)
    raw_score = models.DecimalField(
        _("raw score"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    scaled_score = models.DecimalField(
        _("scaled score"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    success = models.BooleanField(_("success"), null=True, blank=True)
    completion = models.BooleanField(_("completion"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    # True when the server recomputed the score from the response; else self-reported.
    verified = models.BooleanField(_("verified"), default=False)
    statement = models.JSONField(_("statement"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["student", "content"], name="h5p_stmt_student_content")]

    def __str__(self) -> str:
        return f"{self.student} {self.verb} {self.content}"
