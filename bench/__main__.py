import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from bench import courses, xapi  # noqa: E402
from bench.run import main  # noqa: E402

# Every bench runs, whatever the one before found; any missed target fails the exit status.
pages_passed = main() == 0
courses_passed = courses.run()
xapi_passed = xapi.run()
sys.exit(0 if pages_passed and courses_passed and xapi_passed else 1)
