"""`/healthz` for load balancers: the database, the cache, the Celery broker and the disk.

Answered by a middleware placed first, before anything that could redirect, rate-limit, read a
session, set a cookie or refuse the Host header a load balancer sends (a bare IP address): the
answer is the same for every caller, and it holds no personal data. Details are for operators
and stay in English; they name what failed and never the address it failed on (the reasons go
to the log).

Each check runs in a thread of its own so that one hung service (a Redis that accepts the
connection and never answers) costs at most ATMP_HEALTH_TIMEOUT_SECONDS; while a check is still
hung, the next request's check queues behind it and times out as well, so no threads pile up.
"""

import logging
import shutil
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse

from kombu import Connection

logger = logging.getLogger("atmp.health")

PATH = "/healthz"


@dataclass(frozen=True)
class Result:
    ok: bool
    detail: str
    ms: float = 0.0

    def as_dict(self) -> dict:
        return {"ok": self.ok, "ms": round(self.ms, 1), "detail": self.detail}


class CheckFailed(Exception):
    """A check's own verdict, with the operator-facing detail as its message."""


def check_database() -> str:
    connection = connections["default"]
    # This thread lives on between requests: drop its connection once CONN_MAX_AGE says so,
    # as Django does for request threads.
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise CheckFailed("SELECT 1 did not return 1")
    return connection.vendor


def check_cache() -> str:
    cache = caches["default"]
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise CheckFailed("a value written to the cache did not read back")
    finally:
        cache.delete(key)
    return cache.__class__.__name__


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager: no broker configured, tasks run in the web process"
    timeout = settings.ATMP_HEALTH_TIMEOUT_SECONDS
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    with Connection(
        settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options
    ) as broker:
        broker.ensure_connection(max_retries=0, timeout=timeout)
        return f"{broker.transport_cls} broker reachable"


def check_disk() -> str:
    minimum = settings.ATMP_HEALTH_MIN_FREE_BYTES
    reports = []
    for name, root in (("media", settings.MEDIA_ROOT), ("h5p", settings.H5P_ROOT)):
        path = Path(root)
        if not path.is_dir():
            raise CheckFailed(f"the {name} folder does not exist")
        free = shutil.disk_usage(path).free
        if free < minimum:
            raise CheckFailed(f"{name}: {free} bytes free, below the minimum of {minimum}")
        reports.append(f"{name} {free // 2**20} MiB free")
    return ", ".join(reports)


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "disk": check_disk,
}
_threads = {name: ThreadPoolExecutor(1, thread_name_prefix=f"healthz-{name}") for name in CHECKS}


def _timed(name: str, check: Callable[[], str]) -> Result:
    started = time.perf_counter()
    try:
        detail = check()
    except CheckFailed as error:
        result = Result(False, str(error))
    except Exception as error:  # noqa: BLE001 - any failure of a service is a failed check
        logger.warning("health check %s failed: %r", name, error)
        result = Result(False, f"{type(error).__name__} (see the log)")
    else:
        result = Result(True, detail)
    return Result(result.ok, result.detail, (time.perf_counter() - started) * 1000)


def run_checks() -> dict[str, Result]:
    """Every check at once, each given ATMP_HEALTH_TIMEOUT_SECONDS in all."""
    futures = {name: _threads[name].submit(_timed, name, check) for name, check in CHECKS.items()}
    timeout = settings.ATMP_HEALTH_TIMEOUT_SECONDS
    wait(futures.values(), timeout=timeout)
    results = {}
    for name, future in futures.items():
        if future.done():
            results[name] = future.result()
        else:
            logger.warning("health check %s did not answer within %ss", name, timeout)
            results[name] = Result(False, f"no answer within {timeout} s", timeout * 1000)
    return results


def health_response() -> JsonResponse:
    results = run_checks()
    healthy = all(result.ok for result in results.values())
    body = {
        "status": "ok" if healthy else "fail",
        "checks": {name: result.as_dict() for name, result in results.items()},
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """Who: anyone, without logging in (load balancers and monitoring). GET and HEAD of
    exactly /healthz; every other request passes on untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "fail", "detail": "use GET"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return health_response()
