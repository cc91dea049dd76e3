"""Timing and counting the requests of the in-process screen benches (courses, matrix, verify).

Times are this process's CPU time per request, so that other work on the machine does not
count; the requests take turns, round by round, so that what remains of that noise falls on
all alike. A request that does not answer 200 stops the bench: its figures would mean nothing.
"""

import os
import statistics
import time
from collections.abc import Sequence

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WARM_UP = 3


def get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")


def count_queries(client: Client, url: str) -> int:
    """The queries of a repeated request: the first one may fill caches the next ones use."""
    get(client, url)
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries.captured_queries)


def median_cpu_ms(requests: Sequence[tuple[Client, str]]) -> list[float]:
    """The median CPU milliseconds of each (client, url) over RUNS rounds after WARM_UP."""
    timings: list[list[float]] = [[] for _request in requests]
    for _round in range(WARM_UP):
        for client, url in requests:
            get(client, url)
    for _round in range(RUNS):
        for index, (client, url) in enumerate(requests):
            started = time.process_time()
            get(client, url)
            timings[index].append(time.process_time() - started)
    return [statistics.median(values) * 1000 for values in timings]
