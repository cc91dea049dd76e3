"""Installing H5P content types and storing uploaded content: the one write path.

All or nothing: rows are written first (their unique constraints settle concurrent installs
of the same library), files are staged and renamed into place last, and any failure removes
whatever this call placed before the transaction rolls back.
"""

import json
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import ReferenceIndex

from atmp_platform.audit.services import record_event
from atmp_platform.outbox.services import enqueue_task

from . import storage
from .models import H5PContent, H5PLibrary, H5PUpload
from .package import (
    MAX_FILES,
    LibraryRef,
    PackagedLibrary,
    PackageRefused,
    ValidatedPackage,
    check_library_file,
    library_dependencies,
    packaged_library,
    read_package,
)

logger = logging.getLogger(__name__)

INSTALL_PERMISSION = "h5p.install_h5p_content_types"
PROCESS_UPLOAD_TASK = "h5p.process_upload"
CHUNK = 1024 * 1024


@dataclass
class _Placement:
    """Folders this call renamed into the store, undone if anything fails afterwards."""

    placed: list[Path] = field(default_factory=list)
    replaced: list[tuple[Path, Path]] = field(default_factory=list)

    def put(self, files: dict[str, bytes], destination: Path) -> None:
        staged = storage.stage_files(files)
        try:
            previous = storage.place(staged, destination)
        except BaseException:
            storage.remove_tree(staged)
            raise
        self.placed.append(destination)
        if previous is not None:
            self.replaced.append((previous, destination))

    def undo(self) -> None:
        for destination in reversed(self.placed):
            storage.remove_tree(destination)
        for previous, destination in self.replaced:
            os.replace(previous, destination)
            storage.remove_tree(previous.parent)

    def forget_replaced(self) -> None:
        for previous, _destination in self.replaced:
            storage.remove_tree(previous)


def may_install_content_types(user) -> bool:
    return bool(user and user.is_active and user.has_perm(INSTALL_PERMISSION))


def upload_h5p(
    *,
    file: IO[bytes],
    uploaded_by,
    original_filename: str = "",
    content_uuid: uuid.UUID | None = None,
) -> H5PContent:
    """Validate an uploaded `.h5p` file and store it as new H5P content.

    Content types the package brings that are not installed yet are installed only for a
    user with the "install H5P content types" permission; anyone else gets PackageRefused
    naming them. Raises PackageRefused (a ValidationError) for every problem with the
    package; on any failure (an OSError while writing files too) no row and no file stays
    behind.
    """
    name = original_filename or os.path.basename(getattr(file, "name", "") or "")
    data = _read_upload(file, name)
    package = read_package(data, filename=name)
    return _store_package(
        package=package,
        uploaded_by=uploaded_by,
        original_filename=name,
        content_uuid=content_uuid,
    )


def queue_h5p_upload(*, file: IO[bytes], uploaded_by, original_filename: str = "") -> H5PUpload:
    """Keep a large upload in the spool and process it in the background (tasks.py).

    The task is enqueued once the transaction commits; the spool file is removed if the
    transaction fails here.
    """
    name = original_filename or os.path.basename(getattr(file, "name", "") or "")
    upload = H5PUpload(original_filename=name[:255], size=0, uploaded_by=uploaded_by)
    spool = spool_path(upload)
    size = _spool(file, spool)
    try:
        with transaction.atomic():
            upload.size = size
            upload.full_clean()
            upload.save()
            record_event(
                action="h5p.upload_queued",
                actor=uploaded_by,
                target=upload,
                new_value={"file": upload.original_filename, "size": size},
            )
            # By name: tasks.py imports this module.
            enqueue_task(task=PROCESS_UPLOAD_TASK, args=[upload.pk])
    except BaseException:
        spool.unlink(missing_ok=True)
        raise
    return upload


def process_queued_upload(*, upload_id: int) -> H5PUpload | None:
    """Turn a spooled upload into content, or record why it was refused.

    Idempotent: an upload that is done or failed is left as it is. The spool file is
    deleted whatever the outcome; an upload whose file is gone fails with a message.
    Messages are in the uploader's language, since the page that shows them is theirs.
    """
    upload = H5PUpload.objects.select_related("uploaded_by").filter(pk=upload_id).first()
    if upload is None:
        return None
    spool = spool_path(upload)
    try:
        if upload.status in (H5PUpload.Status.DONE, H5PUpload.Status.FAILED):
            return upload
        with translation.override(_language_of(upload.uploaded_by)):
            _process(upload, spool)
    finally:
        spool.unlink(missing_ok=True)
    return upload


def _process(upload: H5PUpload, spool: Path) -> None:
    _set_status(upload, H5PUpload.Status.PROCESSING)
    # The content takes the upload's identifier: a re-delivery after a worker died writes over
    # the folder the dead attempt placed instead of leaving it behind, and finds the content
    # that attempt committed just before it died.
    committed = H5PContent.objects.filter(uuid=upload.uuid).first()
    if committed is not None:
        upload.content = committed
        _set_status(upload, H5PUpload.Status.DONE)
        return
    if not spool.is_file():
        _set_status(upload, H5PUpload.Status.FAILED, error=_("The uploaded file was lost."))
        return
    try:
        with spool.open("rb") as stream:
            content = upload_h5p(
                file=stream,
                uploaded_by=upload.uploaded_by,
                original_filename=upload.original_filename,
                content_uuid=upload.uuid,
            )
    except ValidationError as error:
        _set_status(upload, H5PUpload.Status.FAILED, error=" ".join(error.messages))
    except Exception:  # noqa: BLE001 - the job must end with a status the uploader can read
        logger.exception("H5P upload %s failed unexpectedly", upload.pk)
        _set_status(
            upload,
            H5PUpload.Status.FAILED,
            error=_("The package could not be processed because of an error on our side."),
        )
    else:
        upload.content = content
        _set_status(upload, H5PUpload.Status.DONE)


def _set_status(upload: H5PUpload, status: str, *, error: str = "") -> None:
    upload.status = status
    upload.error = error
    finished = status in (H5PUpload.Status.DONE, H5PUpload.Status.FAILED)
    upload.finished_at = timezone.now() if finished else None
    upload.save(update_fields=["status", "error", "content", "finished_at"])


def _language_of(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def spool_path(upload: H5PUpload) -> Path:
    return Path(settings.H5P_SPOOL_ROOT) / f"{upload.uuid}.h5p"


@transaction.atomic
def install_library_folder(*, path: Path | str, actor=None) -> H5PLibrary:
    """Install (or update) one library from a folder holding its library.json.

    For the content types this repository ships (courses/h5p/libraries/). Idempotent: the
    same files again change nothing; other files under the same machine name and
    major.minor version replace the stored ones (the repository is their source of truth).
    """
    library = _library_from_folder(Path(path))
    existing = H5PLibrary.objects.select_for_update().filter(folder=library.folder).first()
    if existing is not None and _same_files(existing, library):
        return existing
    placement = _Placement()
    try:
        row = _save_library_row(library, existing=existing, actor=actor)
        placement.put(library.files, storage.library_root(library.folder))
    except BaseException:
        placement.undo()
        raise
    placement.forget_replaced()
    return row


def delete_content(*, content: H5PContent, actor) -> None:
    """Delete content and its files. Refused while a page uses it or students have results.

    The files go once the transaction has committed, so a rollback keeps them.
    """
    problem = content_deletion_problem(content)
    if problem:
        raise ValidationError(problem)
    folder = storage.content_root(content.uuid)
    with transaction.atomic():
        record_event(
            action="h5p.content_deleted",
            actor=actor,
            target=content,
            old_value={"title": content.title, "uuid": str(content.uuid)},
        )
        content.delete()
        transaction.on_commit(lambda: storage.remove_tree(folder))


def content_deletion_problem(content: H5PContent) -> str:
    """Why `content` cannot be deleted now, as a sentence; empty when it can."""
    if ReferenceIndex.get_references_to(content).exists():
        return _("Pages still use this H5P content; remove it from those lessons first.")
    if content.results.exists():
        return _("Students have results for this H5P content; it cannot be deleted.")
    return ""


def installed_library_folders() -> dict[str, H5PLibrary]:
    """Installed libraries by store folder (e.g. "H5P.Foo-1.0")."""
    return {library.folder: library for library in H5PLibrary.objects.all()}


def _store_package(
    *,
    package: ValidatedPackage,
    uploaded_by,
    original_filename: str,
    content_uuid: uuid.UUID | None = None,
) -> H5PContent:
    placement = _Placement()
    try:
        with transaction.atomic():
            content = _save_content(
                package, uploaded_by, original_filename, placement, content_uuid
            )
    except IntegrityError as error:
        # Another upload installed one of the same libraries between our read and our write.
        placement.undo()
        raise PackageRefused(
            _(
                "Another upload installed the same content types at the same moment; upload "
                "the file again."
            )
        ) from error
    except BaseException:
        placement.undo()
        raise
    placement.forget_replaced()
    return content


def _save_content(
    package: ValidatedPackage,
    uploaded_by,
    original_filename: str,
    placement: _Placement,
    content_uuid: uuid.UUID | None,
) -> H5PContent:
    installed, new = _resolve_libraries(package)
    if new and not may_install_content_types(uploaded_by):
        raise PackageRefused(
            _(
                "This package needs content types that are not installed yet: %(types)s. Ask a "
                "programme administrator to upload it, or to install them first."
            )
            % {"types": ", ".join(f"{item.title} ({item.ref})" for item in new)}
        )
    for library in new:
        installed[library.folder] = _save_library_row(library, existing=None, actor=uploaded_by)
    if new:
        record_event(
            action="h5p.content_types_installed",
            actor=uploaded_by,
            object_type="h5p.h5plibrary",
            object_repr=", ".join(str(item.ref) for item in new)[:255],
            new_value=[{"folder": item.folder, "patch": item.patch} for item in new],
            reason=original_filename,
        )
    content = _create_content(package, installed, uploaded_by, original_filename, content_uuid)
    for library in new:
        placement.put(library.files, storage.library_root(library.folder))
    placement.put(package.content_files(), storage.content_root(content.uuid))
    return content


def _create_content(
    package: ValidatedPackage,
    installed: dict[str, H5PLibrary],
    uploaded_by,
    original_filename: str,
    content_uuid: uuid.UUID | None,
) -> H5PContent:
    content = H5PContent(
        uuid=content_uuid or uuid.uuid4(),
        title=package.title,
        language=package.language,
        main_library=installed[package.main_library.folder],
        h5p_json=package.h5p_json,
        parameters=package.parameters,
        original_filename=original_filename[:255],
        sha256=package.sha256,
        size=package.size,
        uploaded_by=uploaded_by,
    )
    content.full_clean()
    content.save()
    content.libraries.set(installed.values())
    record_event(
        action="h5p.content_uploaded",
        actor=uploaded_by,
        target=content,
        new_value={
            "uuid": str(content.uuid),
            "file": content.original_filename,
            "sha256": content.sha256,
            "content_type": package.main_library.folder,
        },
    )
    return content


def _resolve_libraries(
    package: ValidatedPackage,
) -> tuple[dict[str, H5PLibrary], list[PackagedLibrary]]:
    """The libraries the content needs at run time: those installed, those to install.

    Walks the dependencies from h5p.json through each library.json (the packaged one when
    the library is not installed yet). Libraries the package brings but the content does
    not need (editor libraries) are left out.
    """
    needed = _dependency_closure(package)
    rows = H5PLibrary.objects.select_for_update().filter(folder__in=needed)
    installed = {row.folder: row for row in rows}
    new = [package.libraries[folder] for folder in needed if folder not in installed]
    main = installed.get(package.main_library.folder) or package.libraries.get(
        package.main_library.folder
    )
    if main is None or not main.runnable:
        raise PackageRefused(
            _("%(library)s is not a content type that can be played on its own.")
            % {"library": str(package.main_library)}
        )
    return installed, new


def _dependency_closure(package: ValidatedPackage) -> list[str]:
    pending: list[LibraryRef] = [package.main_library, *package.dependencies]
    seen: dict[str, None] = {}
    known = {row.folder: row.library_json for row in H5PLibrary.objects.all()}
    missing: list[str] = []
    while pending:
        ref = pending.pop(0)
        if ref.folder in seen:
            continue
        seen[ref.folder] = None
        if ref.folder in known:
            pending.extend(library_dependencies(known[ref.folder]))
        elif ref.folder in package.libraries:
            pending.extend(package.libraries[ref.folder].dependencies)
        else:
            missing.append(str(ref))
    if missing:
        raise PackageRefused(
            _(
                "This package needs content types that are neither installed nor in the "
                "package: %(types)s."
            )
            % {"types": ", ".join(missing)}
        )
    return list(seen)


def _save_library_row(
    library: PackagedLibrary, *, existing: H5PLibrary | None, actor
) -> H5PLibrary:
    row = existing or H5PLibrary(folder=library.folder)
    row.machine_name = library.ref.machine_name
    row.major_version = library.ref.major
    row.minor_version = library.ref.minor
    row.patch_version = library.patch
    row.title = library.title
    row.runnable = library.runnable
    row.library_json = library.library_json
    row.installed_by = actor if getattr(actor, "is_authenticated", False) else None
    # The database settles uniqueness: a concurrent install only shows up there.
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    return row


def _library_from_folder(path: Path) -> PackagedLibrary:
    """The library in a folder of the repository, checked as an uploaded one would be."""
    folder = _library_folder_name(path)
    files: dict[str, bytes] = {}
    for item in sorted(path.rglob("*")):
        if item.is_symlink():
            raise PackageRefused(_("%(path)s is a symbolic link.") % {"path": item})
        if item.is_file():
            relative = item.relative_to(path).as_posix()
            check_library_file(folder, relative)
            files[relative] = item.read_bytes()
        if len(files) > MAX_FILES:
            raise PackageRefused(_("%(path)s holds too many files.") % {"path": path})
    return packaged_library(folder, files)


def _library_folder_name(path: Path) -> str:
    if not (path / "library.json").is_file():
        raise PackageRefused(_("%(path)s holds no library.json.") % {"path": path})
    try:
        metadata = json.loads((path / "library.json").read_text("utf-8"))
        return LibraryRef(
            metadata["machineName"], int(metadata["majorVersion"]), int(metadata["minorVersion"])
        ).folder
    except (UnicodeDecodeError, ValueError, TypeError, KeyError) as error:
        raise PackageRefused(
            _("%(path)s/library.json has no valid machine name and version.") % {"path": path}
        ) from error


def _same_files(row: H5PLibrary, library: PackagedLibrary) -> bool:
    if row.library_json != library.library_json:
        return False
    try:
        stored = {
            path.relative_to(storage.library_root(row.folder)).as_posix(): path.read_bytes()
            for path in storage.library_root(row.folder).rglob("*")
            if path.is_file()
        }
    except OSError:
        return False
    return stored == library.files


def _read_upload(file: IO[bytes], name: str) -> bytes:
    limit = settings.H5P_MAX_UPLOAD_BYTES
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise PackageRefused(
            _("%(file)s is larger than %(limit)d MB, the most an upload may be.")
            % {"file": name or _("The upload"), "limit": limit // (1024 * 1024)}
        )
    return data


def _spool(file: IO[bytes], target: Path) -> int:
    """Copy the upload into the spool atomically; return its size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    limit = settings.H5P_MAX_UPLOAD_BYTES
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    size = 0
    try:
        with os.fdopen(handle, "wb") as stream:
            if hasattr(file, "seek"):
                file.seek(0)
            while chunk := file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise PackageRefused(
                        _("The upload is larger than %(limit)d MB, the most an upload may be.")
                        % {"limit": limit // (1024 * 1024)}
                    )
                stream.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return size
