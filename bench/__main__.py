import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from bench import courses, issuing, matrix, verify, xapi  # noqa: E402
from bench.run import main  # noqa: E402
from bench.simulation_runs import run as run_simulation_runs  # noqa: E402
from bench.simulators import run as run_simulators  # noqa: E402

# Every bench runs, whatever the one before found; any missed target fails the exit status.
pages_passed = main() == 0
courses_passed = courses.run()
xapi_passed = xapi.run()
matrix_passed = matrix.run()
verify_passed = verify.run()
issuing_passed = issuing.run()
passed = (
    pages_passed
    and courses_passed
    and xapi_passed
    and matrix_passed
    and verify_passed
    and issuing_passed
)
passed = run_simulators() and passed
passed = run_simulation_runs() and passed
sys.exit(0 if passed else 1)
