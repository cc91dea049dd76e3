"""Read and validate an uploaded `.h5p` package, more strictly than pyh5p does on its own.

Every check runs on the archive's directory before a byte is decompressed; then the files are
read, our checks run on their contents and pyh5p validates the package they make up. Any
problem, whatever raised it, becomes one `PackageRefused` with a translated sentence that
names the problem and the file. Nothing here touches the database or the disk: the caller
decides what is installed and where it is stored.
"""

import hashlib
import html
import io
import json
import lzma
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import nh3
import pyh5p
from pyh5p.package import PackagedLibrary as PyH5PLibrary

MAX_FILES = 3000
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 250 * 1024 * 1024
MAX_NAME_LENGTH = 255
# Highly repetitive small files (JSON, CSS) compress well beyond any media file; a bomb
# needs size, so the ratio is only judged above this size.
MAX_COMPRESSION_RATIO = 100
RATIO_FREE_BYTES = 64 * 1024
# What zipfile, its decompressors and json can raise on hostile input, besides BadZipFile.
READ_ERRORS = (
    pyh5p.H5PError,
    ValueError,
    TypeError,
    KeyError,
    OSError,
    EOFError,
    RuntimeError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
)

CONTENT_EXTENSIONS = frozenset(
    {
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "svg",
        "mp4",
        "webm",
        "ogv",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "vtt",
        "webvtt",
        "pdf",
    }
)
# H5P's own allow-list for library files, without Flash.
LIBRARY_EXTENSIONS = frozenset(
    {
        "js",
        "css",
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "svg",
        "bmp",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "mp3",
        "ogg",
        "wav",
        "m4a",
        "mp4",
        "webm",
        "vtt",
        "webvtt",
        "txt",
        "md",
        "map",
    }
)
ARCHIVE_EXTENSIONS = frozenset(
    {"zip", "h5p", "jar", "tar", "gz", "tgz", "bz2", "xz", "7z", "rar", "cab", "iso"}
)
ARCHIVE_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh")
LIBRARY_FOLDER = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*-\d+\.\d+$")
MACHINE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*$")

SVG_DANGER = re.compile(
    rb"<\s*script|<\s*foreignobject|<\s*iframe|<\s*embed|<\s*object|<!entity|<!doctype"
    rb"|javascript\s*:|[\s/]on[a-z]+\s*=|xlink:href\s*=\s*[\"']?\s*(?!#)",
    re.IGNORECASE,
)
TEXT_DANGER = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|link|meta|base|form|svg|math|template)\b"
    r"|<[^>]*[\s/]on[a-z]+\s*="
    r"|(java|vb)script\s*:"
    r"|data\s*:\s*text/html",
    re.IGNORECASE,
)
# The inline HTML that H5P's text fields use (H5P core's own "tags" lists).
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "del",
        "sub",
        "sup",
        "span",
        "a",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "code",
        "pre",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "target"}, "th": {"scope"}, "td": {"colspan"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Values the player reads as identifiers or paths, not text: escaping would break them.
VERBATIM_KEYS = frozenset({"path", "mime", "library", "subContentId"})


class PackageRefused(ValidationError):
    """The package cannot be accepted; `message` says why, naming the file."""

    def __init__(self, message: str):
        super().__init__(message, code="h5p_package_refused")


@dataclass(frozen=True)
class LibraryRef:
    """A library version as dependencies name it: machine name, major and minor."""

    machine_name: str
    major: int
    minor: int

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass(frozen=True)
class PackagedLibrary:
    """A library folder inside the package: its library.json and every file in it."""

    ref: LibraryRef
    patch: int
    title: str
    runnable: bool
    library_json: dict[str, Any]
    files: dict[str, bytes] = field(repr=False)

    @property
    def folder(self) -> str:
        return self.ref.folder

    @property
    def dependencies(self) -> tuple[LibraryRef, ...]:
        return library_dependencies(self.library_json)


@dataclass(frozen=True)
class ValidatedPackage:
    """What an accepted package holds, ready to be stored."""

    h5p_json: dict[str, Any]
    parameters: dict[str, Any]
    main_library: LibraryRef
    dependencies: tuple[LibraryRef, ...]
    libraries: dict[str, PackagedLibrary]
    media: dict[str, bytes] = field(repr=False)
    sha256: str
    size: int

    @property
    def title(self) -> str:
        """The title as plain text (h5p.json holds it as sanitised HTML)."""
        plain = html.unescape(nh3.clean(str(self.h5p_json.get("title", "")), tags=set()))
        return " ".join(plain.split())[:255]

    @property
    def language(self) -> str:
        return str(self.h5p_json.get("language", ""))[:10]

    def content_files(self) -> dict[str, bytes]:
        """The files of `content/<uuid>/` in the store: h5p.json and sanitised content/."""
        files = {f"content/{name}": data for name, data in self.media.items()}
        files["content/content.json"] = json.dumps(self.parameters, ensure_ascii=False).encode()
        files["h5p.json"] = json.dumps(self.h5p_json, ensure_ascii=False).encode()
        return files


def read_package(data: bytes, *, filename: str = "") -> ValidatedPackage:
    """Validate the bytes of an `.h5p` upload; raise PackageRefused on any problem."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive.infolist())
            files = _read_members(archive)
        package = _assemble(files, data)
        _check_pyh5p_issues(_as_pyh5p_package(package, files))
        return package
    except PackageRefused:
        raise
    except zipfile.BadZipFile as error:
        raise PackageRefused(
            _("%(file)s is not a valid .h5p file: it cannot be opened as a ZIP archive.")
            % {"file": filename or _("The upload")}
        ) from error
    except READ_ERRORS as error:
        raise PackageRefused(
            _("%(file)s could not be read as an H5P package: %(problem)s")
            % {"file": filename or _("The upload"), "problem": _describe(error)}
        ) from error


def check_library_file(folder: str, relative: str) -> None:
    """Refuse a library file that would not be accepted inside an uploaded package."""
    name = f"{folder}/{relative}"
    _check_name(name)
    _check_place(name)


def library_dependencies(library_json: dict[str, Any]) -> tuple[LibraryRef, ...]:
    """The libraries a library needs at run time (preloaded and dynamic, not editor)."""
    refs: list[LibraryRef] = []
    for key in ("preloadedDependencies", "dynamicDependencies"):
        for item in library_json.get(key) or []:
            refs.append(_dependency_ref(item, source="library.json"))
    return tuple(refs)


def _describe(error: BaseException) -> str:
    text = str(error).strip() or error.__class__.__name__
    return text[:300]


def _as_pyh5p_package(package: "ValidatedPackage", files: dict[str, bytes]) -> pyh5p.H5PPackage:
    """pyh5p's view of the files already read: its validation without decompressing twice."""
    libraries = tuple(
        PyH5PLibrary(
            pyh5p.LibraryId.parse(library.library_json), library.files, library.library_json
        )
        for library in package.libraries.values()
    )
    content = json.loads(files["content/content.json"].decode("utf-8"))
    return pyh5p.H5PPackage(package.h5p_json, content, libraries, files)


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_FILES:
        raise PackageRefused(
            _("The package holds %(count)d files; at most %(limit)d are accepted.")
            % {"count": len(infos), "limit": MAX_FILES}
        )
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name)
        key = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
        if key in seen:
            raise PackageRefused(
                _(
                    "The package holds both %(first)s and %(second)s: file names must differ by "
                    "more than upper and lower case."
                )
                % {"first": seen[key], "second": name}
            )
        seen[key] = name
        _check_kind(info)
        if info.is_dir():
            continue
        _check_place(name)
        _check_size(info)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageRefused(
                _("The package expands to more than %(limit)d MB; it may be a ZIP bomb.")
                % {"limit": MAX_TOTAL_BYTES // (1024 * 1024)}
            )


def _check_name(name: str) -> None:
    stripped = name.rstrip("/")
    parts = stripped.split("/")
    if (
        not stripped
        or name.startswith("/")
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or any(part in {"", ".", ".."} for part in parts)
    ):
        raise PackageRefused(
            _(
                "The package holds a file outside its own folder (%(name)s): absolute paths and "
                "“..” are not accepted."
            )
            % {"name": name}
        )
    if len(name) > MAX_NAME_LENGTH or any(unicodedata.category(c)[0] == "C" for c in name):
        raise PackageRefused(
            _("The package holds a file with an unusable name: %(name)s.") % {"name": name[:80]}
        )


def _check_kind(info: zipfile.ZipInfo) -> None:
    mode = (info.external_attr >> 16) & 0o170000
    if mode == 0o120000:
        raise PackageRefused(
            _("The package holds a symbolic link (%(name)s); links are not accepted.")
            % {"name": info.filename}
        )
    if mode not in (0, 0o100000, 0o040000):
        raise PackageRefused(
            _("The package holds %(name)s, which is not an ordinary file or folder.")
            % {"name": info.filename}
        )
    if info.flag_bits & 0x1:
        raise PackageRefused(
            _(
                "The package holds an encrypted file (%(name)s); encrypted packages are not "
                "accepted."
            )
            % {"name": info.filename}
        )


def _check_place(name: str) -> None:
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension in ARCHIVE_EXTENSIONS:
        raise PackageRefused(
            _(
                "The package holds another archive (%(name)s); packages inside packages are not "
                "accepted."
            )
            % {"name": name}
        )
    top = name.split("/", 1)[0]
    if name == "h5p.json":
        return
    if top == "content" and "/" in name:
        if extension not in CONTENT_EXTENSIONS:
            raise PackageRefused(
                _(
                    "The package holds %(name)s under content/; only images, audio, video, PDF "
                    "and JSON files are accepted there, no scripts, styles or web pages."
                )
                % {"name": name}
            )
        return
    if "/" in name and LIBRARY_FOLDER.match(top):
        if extension not in LIBRARY_EXTENSIONS:
            raise PackageRefused(
                _(
                    "The content type folder %(folder)s holds %(name)s, a kind of file that is not "
                    "accepted in H5P libraries."
                )
                % {"folder": top, "name": name}
            )
        return
    raise PackageRefused(
        _("The package holds %(name)s, outside h5p.json, content/ and the content type folders.")
        % {"name": name}
    )


def _check_size(info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_FILE_BYTES:
        raise PackageRefused(
            _("%(name)s expands to more than %(limit)d MB.")
            % {"name": info.filename, "limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FREE_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise PackageRefused(
            _(
                "%(name)s is compressed %(ratio)d times; that is how ZIP bombs look, so the "
                "package is refused."
            )
            % {"name": info.filename, "ratio": ratio}
        )


def _read_members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Read every file; zipfile stops at the declared size and checks the CRC."""
    files: dict[str, bytes] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        data = archive.read(info)
        _check_payload(info.filename, data)
        files[info.filename] = data
    return files


def _check_payload(name: str, data: bytes) -> None:
    if data.startswith(ARCHIVE_SIGNATURES):
        raise PackageRefused(
            _(
                "The package holds another archive (%(name)s); packages inside packages are not "
                "accepted."
            )
            % {"name": name}
        )
    if name.lower().endswith(".svg") and SVG_DANGER.search(data):
        raise PackageRefused(
            _(
                "%(name)s is an SVG image with scripts, event handlers or external references; "
                "it is not accepted."
            )
            % {"name": name}
        )


def _check_pyh5p_issues(package: pyh5p.H5PPackage) -> None:
    issues = package.validate(require_content=True, allow_content_only=True)
    if issues:
        problems = "; ".join(str(issue) for issue in issues[:5])
        raise PackageRefused(
            _("h5p.json or content/content.json is not valid: %(problems)s")
            % {"problems": problems}
        )


def _assemble(files: dict[str, bytes], data: bytes) -> ValidatedPackage:
    h5p_json = sanitise_json(_parse_json_object(files, "h5p.json"), source="h5p.json")
    content = _parse_json_object(files, "content/content.json")
    dependencies = tuple(
        _dependency_ref(item, source="h5p.json")
        for item in h5p_json.get("preloadedDependencies") or []
    )
    main = _main_library(h5p_json, dependencies)
    libraries = _packaged_libraries(files)
    media = {
        name.removeprefix("content/"): payload
        for name, payload in files.items()
        if name.startswith("content/") and name != "content/content.json"
    }
    _check_media_paths(content, media)
    return ValidatedPackage(
        h5p_json=h5p_json,
        parameters=sanitise_json(content, source="content/content.json"),
        main_library=main,
        dependencies=dependencies,
        libraries=libraries,
        media=media,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def _parse_json_object(files: dict[str, bytes], name: str, *, shown: str = "") -> dict[str, Any]:
    shown = shown or name
    if name not in files:
        raise PackageRefused(_("The package has no %(name)s.") % {"name": shown})
    try:
        value = json.loads(files[name].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise PackageRefused(
            _("%(name)s is not valid JSON: %(problem)s") % {"name": shown, "problem": error}
        ) from error
    if not isinstance(value, dict):
        raise PackageRefused(_("%(name)s must hold a JSON object.") % {"name": shown})
    return value


def _dependency_ref(item: Any, *, source: str) -> LibraryRef:
    try:
        name = item["machineName"]
        major, minor = int(item["majorVersion"]), int(item["minorVersion"])
    except (TypeError, KeyError, ValueError) as error:
        raise PackageRefused(
            _("%(source)s names a dependency without a valid machine name and version.")
            % {"source": source}
        ) from error
    if not isinstance(name, str) or not MACHINE_NAME.match(name) or major < 0 or minor < 0:
        raise PackageRefused(
            _("%(source)s names a dependency without a valid machine name and version.")
            % {"source": source}
        )
    return LibraryRef(name, major, minor)


def _main_library(h5p_json: dict[str, Any], dependencies: tuple[LibraryRef, ...]) -> LibraryRef:
    name = h5p_json.get("mainLibrary")
    if not isinstance(name, str) or not str(h5p_json.get("title", "")).strip():
        raise PackageRefused(_("h5p.json must give a title and a main library."))
    for ref in dependencies:
        if ref.machine_name == name:
            return ref
    raise PackageRefused(
        _(
            "h5p.json names %(library)s as its content type but not among its dependencies, so "
            "its version is unknown."
        )
        % {"library": name[:80]}
    )


def _packaged_libraries(files: dict[str, bytes]) -> dict[str, PackagedLibrary]:
    grouped: dict[str, dict[str, bytes]] = {}
    for name, payload in files.items():
        top, _sep, rest = name.partition("/")
        if top != "content" and rest:
            grouped.setdefault(top, {})[rest] = payload
    return {folder: packaged_library(folder, data) for folder, data in sorted(grouped.items())}


def packaged_library(folder: str, files: dict[str, bytes]) -> PackagedLibrary:
    """The library in `folder` (its files by path inside it), checked against its name."""
    if "library.json" not in files:
        raise PackageRefused(
            _("The content type folder %(folder)s has no library.json.") % {"folder": folder}
        )
    metadata = _parse_json_object(files, "library.json", shown=f"{folder}/library.json")
    try:
        ref = _dependency_ref(metadata, source=f"{folder}/library.json")
        patch = int(metadata.get("patchVersion", 0))
    except (TypeError, ValueError) as error:
        raise PackageRefused(
            _("%(folder)s/library.json has no valid version.") % {"folder": folder}
        ) from error
    if ref.folder != folder:
        raise PackageRefused(
            _(
                "The content type folder %(folder)s holds %(library)s: folder and library.json "
                "must agree."
            )
            % {"folder": folder, "library": str(ref)}
        )
    library_dependencies(metadata)
    return PackagedLibrary(
        ref=ref,
        patch=patch,
        title=str(metadata.get("title") or ref.machine_name)[:255],
        runnable=bool(metadata.get("runnable")),
        library_json=metadata,
        files=files,
    )


def _check_media_paths(content: dict[str, Any], media: dict[str, bytes]) -> None:
    for where, value in _walk_strings(content):
        if where.rsplit(".", 1)[-1] != "path":
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
            raise PackageRefused(
                _(
                    "content/content.json refers to %(path)s, outside the package; the player "
                    "only plays files that come with the content."
                )
                % {"path": value[:120]}
            )
        if value not in media:
            raise PackageRefused(
                _("content/content.json refers to %(path)s, which is not in the package.")
                % {"path": value[:120]}
            )


def sanitise_json(content: dict[str, Any], *, source: str) -> dict[str, Any]:
    """`content` (parsed from the file `source`) with every text value made safe HTML.

    Script, event handlers and script URLs are refused outright (someone meant harm, and
    silently removing them would hide it); other markup is reduced to H5P's inline HTML.
    """
    for where, value in _walk_strings(content):
        if TEXT_DANGER.search(value):
            raise PackageRefused(
                _(
                    "%(file)s holds a script or event handler in its text (at %(where)s); such "
                    "packages are refused."
                )
                % {"file": source, "where": where}
            )
    return _sanitise(content)


def _sanitise(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {name: _sanitise(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_sanitise(item, key) for item in value]
    if isinstance(value, str) and key not in VERBATIM_KEYS:
        return nh3.clean(
            value,
            tags=set(ALLOWED_TAGS),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
        )
    return value


def _walk_strings(value: Any, where: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _walk_strings(item, f"{where}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_strings(item, f"{where}[{index}]")
    elif isinstance(value, str):
        yield where, value
