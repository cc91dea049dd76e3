"""The H5P store on disk (settings.H5P_ROOT).

    libraries/<Machine-major.minor>/...   shared by all content
    content/<uuid>/h5p.json               per upload
    content/<uuid>/content/...            content.json (sanitised) and media

Writes are atomic: files go into a temporary folder inside H5P_ROOT (same filesystem), which
is then renamed into place, so a reader never sees half a library or half a content folder.
Readers get paths only through `content_file_path` and `library_file_path`, which refuse
anything outside the store.
"""

import os
import shutil
import tempfile
import uuid
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path, PurePosixPath

from django.conf import settings

LIBRARIES = "libraries"
CONTENT = "content"
STAGING = ".staging"


class OutsideStore(LookupError):
    """The requested file is not inside the H5P store."""


def root() -> Path:
    return Path(settings.H5P_ROOT)


def libraries_root() -> Path:
    return root() / LIBRARIES


def content_root(content_uuid: uuid.UUID | str) -> Path:
    return root() / CONTENT / str(uuid.UUID(str(content_uuid)))


def library_root(folder: str) -> Path:
    return _inside(libraries_root(), folder)


def content_file_path(content, relative: str) -> Path:
    """The stored file `relative` (e.g. "content/images/a.png") of an H5PContent.

    Raises OutsideStore for any path that leaves the content's folder or does not exist.
    """
    return _existing_file(content_root(content.uuid), relative)


def library_file_path(folder: str, relative: str) -> Path:
    """The stored file `relative` of the library folder `folder` (e.g. "H5P.Foo-1.0").

    Raises OutsideStore for any path that leaves the library's folder or does not exist.
    """
    return _existing_file(library_root(folder), relative)


def installed_library_folders() -> list[str]:
    """The library folders present on disk, sorted (the rows say what is installed)."""
    base = libraries_root()
    if not base.is_dir():
        return []
    return sorted(entry.name for entry in base.iterdir() if entry.is_dir())


def stage_files(files: Mapping[str, bytes]) -> Path:
    """Write `files` (relative path → bytes) into a new temporary folder inside the store."""
    staging = root() / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=staging))
    try:
        for relative, data in files.items():
            target = _inside(folder, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as stream:
                stream.write(data)
    except BaseException:
        remove_tree(folder)
        raise
    return folder


def place(staged: Path, destination: Path) -> Path | None:
    """Move a staged folder to `destination` in one rename.

    An existing `destination` is swapped out first and returned (as a path inside the
    staging area) so that the caller can put it back or delete it.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    previous = None
    if destination.exists():
        previous = Path(tempfile.mkdtemp(dir=root() / STAGING)) / "previous"
        os.replace(destination, previous)
    try:
        os.replace(staged, destination)
    except BaseException:
        if previous is not None:
            os.replace(previous, destination)
        raise
    return previous


def remove_tree(path: Path | None) -> None:
    """Delete a folder of the store, and an emptied staging parent; never raises."""
    if path is None:
        return
    shutil.rmtree(path, ignore_errors=True)
    staging = root() / STAGING
    if path.parent != staging and path.parent.parent == staging:
        with suppress(OSError):
            path.parent.rmdir()


def _inside(base: Path, relative: str) -> Path:
    parts = PurePosixPath(relative).parts
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or relative.startswith("/")
        or any(part in {"", ".", ".."} for part in parts)
    ):
        raise OutsideStore(relative)
    target = base.joinpath(*parts)
    resolved_base = base.resolve()
    if os.path.commonpath([resolved_base, target.resolve()]) != str(resolved_base):
        raise OutsideStore(relative)
    return target


def _existing_file(base: Path, relative: str) -> Path:
    target = _inside(base, relative)
    if target.is_symlink() or not target.is_file():
        raise OutsideStore(relative)
    return target
