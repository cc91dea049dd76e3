"""Error reports to Sentry, only when SENTRY_DSN is set (called at the end of settings/base.py).

No personal data leaves: send_default_pii=False keeps out cookies, headers that identify, the
user's e-mail and IP address, and request bodies; local variables stay out of stack traces;
and any e-mail address left in a message, a breadcrumb or a URL is masked before sending.
"""

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
MASK = "[e-mail]"


def _scrub(value):
    if isinstance(value, str):
        return EMAIL.sub(MASK, value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def scrub_event(event: dict, hint: dict) -> dict:
    """before_send / before_send_transaction: mask e-mail addresses anywhere in the event."""
    return _scrub(event)


def scrub_breadcrumb(crumb: dict, hint: dict) -> dict:
    return _scrub(crumb)


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start the SDK with the Django and Celery integrations; nothing at all without a DSN.
    Returns whether it started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger

    # Its error line for a 500 would be a second event beside the exception's own.
    ignore_logger("atmp.request")

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
    )
    return True
