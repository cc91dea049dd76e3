"""Who is acting in the current request, for audit events written far from any view.

Signal handlers (such as the role-change audit) have no request. The middleware below puts
the request in a context variable for the duration of one request; `acting_as` does the same
for management commands and services that act on someone's behalf.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current_request = ContextVar("atmp_current_request", default=None)
_explicit_actor = ContextVar("atmp_explicit_actor", default=None)


def current_actor():
    """The authenticated user acting now, or None (the audit trail then says "system")."""
    actor = _explicit_actor.get()
    if actor is None:
        request = _current_request.get()
        actor = getattr(request, "user", None) if request is not None else None
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor
    return None


@contextmanager
def acting_as(user) -> Iterator[None]:
    token = _explicit_actor.set(user)
    try:
        yield
    finally:
        _explicit_actor.reset(token)


class ActorMiddleware:
    """Make the request's user known to `current_actor` until the response is built."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
