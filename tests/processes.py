"""Running Python or manage.py in a fresh process from the project root, for tests that need
settings, environment variables or imports as a new process sees them."""

import subprocess
import sys

from django.conf import settings


def run_python(
    *args: str, environment: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess:
    """`python *args` in the project root with `environment` (the current one when None);
    output captured as text, the exit code left to the caller."""
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
