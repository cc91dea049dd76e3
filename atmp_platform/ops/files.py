"""Private files (certificate and debrief PDFs, H5P content and libraries), served after the
calling view has decided who may have them.

With ATMP_X_ACCEL_REDIRECT_PREFIX set (production behind deploy/nginx/atmp.conf), the answer is
an empty response whose X-Accel-Redirect header tells nginx which internal location to send:
the Python process is free again at once and nginx handles ranges and slow clients. Without it
(the embedded default, tests), Django streams the file itself. Either way the file must lie
under MEDIA_ROOT or H5P_ROOT, the two folders the proxy's internal locations map.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

HEADER = "X-Accel-Redirect"


class NotAPrivateFile(ValueError):
    """The path lies outside the folders the proxy serves from."""


def _internal_uri(path: Path, prefix: str) -> str:
    roots = {"media": settings.MEDIA_ROOT, "h5p": settings.H5P_ROOT}
    for name, root in roots.items():
        root = Path(root).resolve()
        if path.is_relative_to(root):
            relative = path.relative_to(root).as_posix()
            return f"{prefix.rstrip('/')}/{name}/{quote(relative)}"
    raise NotAPrivateFile(f"{path} is not under MEDIA_ROOT or H5P_ROOT.")


def protected_file_response(
    path: Path | str, *, content_type: str, filename: str | None = None, inline: bool = True
) -> HttpResponse:
    """The file at `path` for a caller already allowed to have it; Http404 if it is missing.

    `filename` names the download (default: the file's own name); `inline` False makes it an
    attachment."""
    path = Path(path).resolve()
    if not path.is_file():
        raise Http404
    prefix = settings.ATMP_X_ACCEL_REDIRECT_PREFIX
    name = filename or path.name
    if not prefix:
        file = path.open("rb")
        return FileResponse(
            file, content_type=content_type, as_attachment=not inline, filename=name
        )
    response = HttpResponse(content_type=content_type)
    response[HEADER] = _internal_uri(path, prefix)
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    return response
