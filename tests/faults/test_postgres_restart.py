"""PostgreSQL restarted under the web processes: they answer again at once, without being
restarted themselves, and no request after the restart gets an error. Their persistent
connections (CONN_MAX_AGE) are all broken by the restart; CONN_HEALTH_CHECKS is what makes
each thread notice and reconnect instead of failing its first request."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
import requests

from .cluster_helpers import value

pytestmark = pytest.mark.cluster

# More requests at once than a web process has threads (2 workers x 4): every thread serves.
BURST = 32
# What the site's own 500 page says (templates/500.html), in either language.
STYLED_500 = ("Something went wrong", "Er ging iets mis")


def restart_postgres(cluster) -> None:
    """A fast shutdown (every session ended) and a start, as an operator's restart."""
    cluster.postgres.stop()
    cluster.postgres.start()


def _get(url: str) -> tuple[int, str]:
    try:
        response = requests.get(url, timeout=30)
    except requests.RequestException as error:
        return 0, str(error)
    return response.status_code, response.text


def _burst(urls: list[str]) -> list[tuple[int, str]]:
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        return list(pool.map(_get, urls * (BURST // len(urls))))


def _processes(cluster) -> set[int]:
    found = set()
    for web in cluster.webs:
        master = psutil.Process(web.pid)
        found |= {master.pid, *(child.pid for child in master.children())}
    return found


def _site_connections(cluster) -> int:
    return value(
        cluster,
        "SELECT count(*) FROM pg_stat_activity WHERE usename = 'atmp' AND pid <> pg_backend_pid()",
    )


def test_after_a_restart_every_thread_reconnects_without_an_error(cluster):
    urls = [f"{web.url}/nl/" for web in cluster.webs]
    assert {status for status, _ in _burst(urls)} == {200}
    processes = _processes(cluster)
    assert _site_connections(cluster) >= 4

    restart_postgres(cluster)
    results = _burst(urls)

    assert [status for status, _ in results].count(200) == len(results), [
        (status, text[:300]) for status, text in results if status != 200
    ]
    assert _processes(cluster) == processes


def test_requests_during_a_restart_get_the_sites_error_page_and_all_after_it_succeed(cluster):
    urls = [f"{web.url}/nl/" for web in cluster.webs]
    results: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def keep_asking(url: str) -> None:
        while not stop.is_set():
            began = time.monotonic()
            status, text = _get(url)
            results.append((began, status, text))

    askers = [threading.Thread(target=keep_asking, args=(url,)) for url in urls * 3]
    for asker in askers:
        asker.start()
    try:
        time.sleep(1)
        restart_postgres(cluster)
        restarted = time.monotonic()
        time.sleep(2)
    finally:
        stop.set()
        for asker in askers:
            asker.join(timeout=60)

    assert any(at > restarted and status == 200 for at, status, _ in results)
    for _at, status, text in results:
        assert status in (200, 500), status
        if status == 500:
            assert any(words in text for words in STYLED_500), text[:500]
    # A request that began before the restart was over may have failed; none that began after.
    started_after = [(status, text[:200]) for at, status, text in results if at > restarted]
    assert started_after and all(status == 200 for status, _ in started_after), started_after
