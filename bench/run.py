"""Measure each page in-process with Django's test client: the median CPU time of repeated
requests after a warm-up, the SQL queries of one request, and the ratio to the baseline view."""

import json
import os
import platform
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .urls import BASELINE_URL

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
# BENCH_SHOW_QUERIES=1 prints each page's SQL, to find where a query count comes from.
SHOW_QUERIES = os.environ.get("BENCH_SHOW_QUERIES") == "1"
WARM_UP = 3
MAX_QUERIES = 12
MAX_RATIO = 8.0
RESULTS_FILE = Path(settings.BASE_DIR) / "bench-results.json"


@dataclass
class Measurement:
    name: str
    url: str
    median_ms: float
    queries: int
    ratio: float
    passed: bool | None


def fresh_database() -> None:
    database = Path(settings.DATABASES["default"]["NAME"])
    database.parent.mkdir(parents=True, exist_ok=True)
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    if SHOW_QUERIES:
        print(f"\n{url}")
        for number, query in enumerate(queries.captured_queries, start=1):
            print(f"  {number:>2}. {query['sql'][:300]}")
    return len(queries.captured_queries)


def median_cpu_ms(client: Client, urls: list[str]) -> dict[str, float]:
    """CPU time of this process per request, so that other work on the machine does not
    count; the pages take turns, so that what remains of that noise falls on all alike."""
    timings: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(RUNS):
        for url in urls:
            started = time.process_time()
            get(client, url)
            timings[url].append(time.process_time() - started)
    return {url: statistics.median(values) * 1000 for url, values in timings.items()}


def measure(pages: dict[str, str]) -> list[Measurement]:
    client = Client()
    named = {"baseline (base.html)": BASELINE_URL, **pages}
    for _ in range(WARM_UP):
        for url in named.values():
            get(client, url)
    medians = median_cpu_ms(client, list(named.values()))
    baseline_ms = medians[BASELINE_URL]
    results = []
    for name, url in named.items():
        ratio = medians[url] / baseline_ms
        queries = count_queries(client, url)
        passed = None if url == BASELINE_URL else queries <= MAX_QUERIES and ratio <= MAX_RATIO
        results.append(Measurement(name, url, medians[url], queries, ratio, passed))
    return results


def verdict(passed: bool | None) -> str:
    return {None: "", True: "PASS", False: "FAIL"}[passed]


def print_table(results: list[Measurement]) -> None:
    print(
        f"\nMedian CPU time of {RUNS} requests per page after {WARM_UP} warm-up rounds,"
        " in-process, no page cache."
    )
    print(f"Targets: at most {MAX_QUERIES} queries and at most {MAX_RATIO:g}x the baseline.\n")
    print(f"{'page':<30} {'CPU ms':>10} {'queries':>8} {'ratio':>7}  target")
    for row in results:
        print(
            f"{row.name:<30} {row.median_ms:>10.2f} {row.queries:>8} {row.ratio:>6.1f}x"
            f"  {verdict(row.passed)}"
        )


def write_results(results: list[Measurement]) -> None:
    document = {
        "runs": RUNS,
        "warm_up": WARM_UP,
        "targets": {"max_queries": MAX_QUERIES, "max_ratio": MAX_RATIO},
        "python": platform.python_version(),
        "measurements": [
            {**asdict(row), "median_ms": round(row.median_ms, 3), "ratio": round(row.ratio, 2)}
            for row in results
        ],
    }
    RESULTS_FILE.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nWritten to {RESULTS_FILE.name}")


def main() -> int:
    from .content import build_site

    started = time.perf_counter()
    fresh_database()
    pages = build_site()
    print(f"Database migrated and content built in {time.perf_counter() - started:.1f} s")
    results = measure(pages)
    print_table(results)
    write_results(results)
    return 0 if all(row.passed is not False for row in results) else 1
