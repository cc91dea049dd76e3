"""`make load`: bring up the scale-out set-up, run the load against it, report and judge.

Exits non-zero when a request met an error, a simulated person could not go on, or an accepted
xAPI statement or simulation action is missing or stored twice.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from load.run import run_load
from tests.cluster.harness import Cluster, missing_binaries


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--spawn-rate", type=float, default=4.0, help="people arriving a second")
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--keep", action="store_true", help="keep the cluster's directory")
    return parser.parse_args()


def main() -> int:
    options = arguments()
    missing = missing_binaries()
    if missing:
        print(f"The load test needs {', '.join(missing)}.", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="atmp-load-"))
    try:
        with Cluster(root) as cluster:
            print(
                "Bring-up: "
                + ", ".join(f"{name} {took:.1f} s" for name, took in cluster.timings.items())
            )
            result = run_load(
                cluster,
                users=options.users,
                spawn_rate=options.spawn_rate,
                duration=options.duration,
                workdir=root / "load",
            )
            print(result.report())
            if result.problems:
                print(cluster.logs(), file=sys.stderr)
            return 1 if result.problems else 0
    finally:
        if options.keep:
            print(f"Kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
