"""Modules run on their own (python -m …) import before Django is set up."""

import os
import subprocess
import sys

from django.conf import settings


def test_the_journeys_server_imports_before_django_is_set_up():
    """`python -m tests.journeys.server` sets Django up itself, after its imports."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    finished = subprocess.run(
        [sys.executable, "-c", "import tests.journeys.server"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
