"""The LOGGING setting, built by the settings modules (so it imports nothing from Django).

DJANGO_LOG_FORMAT picks the shape of each line: "json" (one object per line, for a log
collector; production's default) or "plain" (for a person at a terminal; dev's default).
"""

FORMATS = ("json", "plain")
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, log_format: str, level: str) -> dict:
    if log_format not in FORMATS:
        raise ValueError(
            f"DJANGO_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "atmp_platform.ops.logs.RequestContextFilter"}},
        "formatters": {
            "json": {"()": "atmp_platform.ops.logs.JsonFormatter"},
            "plain": {"format": PLAIN_FORMAT},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # The request middleware logs every request once; runserver's own access line and
        # Django's 4xx warnings would say the same again.
        "loggers": {
            "django.server": {"level": "WARNING"},
            "django.request": {"level": "ERROR"},
            # WeasyPrint narrates every step of every PDF at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
