"""Structured logs: a request id on every line, one JSON object per line.

The request id comes from a sane incoming X-Request-ID (set by the proxy, see deploy/nginx) or
is made here; it goes back on the response, onto every record logged while the request runs,
and into the headers of the Celery tasks the request enqueues, whose log lines carry it too.
Personal data stays out: a record names the user by id only, and the logged path has its
secrets (reset keys, share and player tokens) replaced by their names.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.utils.functional import empty

from celery import current_task

logger = logging.getLogger("atmp.request")

_request = ContextVar("atmp_log_request", default=None)
_request_id = ContextVar("atmp_request_id", default="")

HEADER = "X-Request-ID"
TASK_HEADER = "atmp_request_id"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
# URL parameters that grant access on their own: the logged path names them instead.
SECRET_KWARGS = ("key", "token", "uidb36", "uidb64")
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "task_id", "task_name")


def current_request_id() -> str:
    return _request_id.get()


def _loaded_user_id(request) -> int | None:
    """The user's id if the request already loaded its user: a log line never costs a query."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    user = user.__dict__.get("_wrapped", user)
    if user is empty or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id (and the Celery task, in a task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get() or "-"
        if not hasattr(record, "user_id"):
            request = _request.get()
            record.user_id = _loaded_user_id(request) if request is not None else None
        task = current_task
        if task and getattr(task.request, "id", None) and not hasattr(record, "task_id"):
            record.task_id = task.request.id
            record.task_name = task.name
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, user_id,
    the request's method, path, status and duration_ms where known, and the exception."""

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", "-")
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": None if request_id == "-" else request_id,
            "user_id": getattr(record, "user_id", None),
        }
        entry.update(
            {field: getattr(record, field) for field in EXTRA_FIELDS if hasattr(record, field)}
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _incoming_request_id(request) -> str:
    candidate = request.headers.get(HEADER, "")
    return candidate if SANE_REQUEST_ID.fullmatch(candidate) else uuid.uuid4().hex


def loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name in SECRET_KWARGS:
        value = match.kwargs.get(name) if match else None
        if value:
            path = path.replace(str(value), f"<{name}>")
    return path


class RequestIdMiddleware:
    """Gives each request its id and logs one line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _incoming_request_id(request)
        tokens = (_request_id.set(request.request_id), _request.set(request))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            self._log(request, response, started)
            return response
        finally:
            _request_id.reset(tokens[0])
            _request.reset(tokens[1])

    @staticmethod
    def _log(request, response, started: float) -> None:
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.INFO
        path = loggable_path(request)
        user = getattr(request, "user", None)
        logger.log(
            level,
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "method": request.method,
                "path": path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )


def send_request_id(headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: a task enqueued while a request runs carries its id."""
    request_id = _request_id.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens: dict[str, object] = {}


def adopt_request_id(task_id: str | None = None, task=None, **kwargs) -> None:
    """task_prerun: the worker's log lines for this task carry the request's id. An eager task
    runs inside the request and has its id already."""
    request_id = None
    if task is not None:
        # A worker puts custom message headers on the request; Task.apply keeps them apart.
        headers = getattr(task.request, "headers", None) or {}
        request_id = getattr(task.request, TASK_HEADER, None) or headers.get(TASK_HEADER)
    if request_id and task_id:
        _task_tokens[task_id] = _request_id.set(request_id)


def drop_request_id(task_id: str | None = None, **kwargs) -> None:
    """task_postrun: the next task on this worker starts without it."""
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        _request_id.reset(token)
