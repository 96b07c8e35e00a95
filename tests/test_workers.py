"""kg.workers, the one killable pool, with the query task that `kg query --timeout` and the console
give it: answers, errors with their positions, a store that cannot be opened, a task that overruns."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sysconfig
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

from kg import store as kgstore
from kg.cache import Query, query_pool
from kg.errors import KgError
from kg.results import Layout
from kg.workers import Stopped
from tests.conftest import ARTICLES

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def pool(built_store):
    pool = query_pool(built_store)
    yield pool
    pool.close()


def test_a_query_is_answered_and_the_worker_serves_the_next(pool):
    pool.warm()
    assert b"Armenia" in pool.run(Query("SELECT ?n WHERE { ?a skos:prefLabel ?n }", Layout.of("csv")), 30).data
    assert pool.run(Query("ASK {}", Layout.of("table")), 30).data == b"true\n"


def test_a_syntax_error_keeps_its_position_across_processes(pool):
    with pytest.raises(KgError) as caught:
        pool.run(Query("SELECT ?x\nWHERE { ?x ?y }", Layout.of("table")), 30)
    assert (caught.value.line, caught.value.message.startswith("SPARQL syntax error")) == (2, True)


def test_an_overrunning_task_is_stopped_and_its_worker_replaced(pool):
    with pytest.raises(Stopped) as caught:
        pool.run(Query(SLOW, Layout.of("table")), 1)
    assert caught.value.why == "timeout"
    assert pool.run(Query("ASK {}", Layout.of("table")), 30).data == b"true\n"


def test_a_store_that_cannot_be_opened_says_why(tmp_path):
    pool = query_pool(tmp_path / "nothing")
    try:
        with pytest.raises(KgError, match="no store here"):
            pool.run(Query("ASK {}", Layout.of("table")), 30)
    finally:
        pool.close()


# ---------------------------------------------------------------------------------------------------
# The processes of a build and of `kg serve`: they end with their parent, and signals end them cleanly
# ---------------------------------------------------------------------------------------------------

KG = Path(sysconfig.get_path("scripts")) / "kg"
INTERRUPTED = "interrupted: the articles finished so far are kept; run the same build again to finish\n"


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory) -> Path:
    """Two bulk writes of the store (kg.build.FLUSH_EVERY), and more than two batches, so that a build
    with --workers 2 starts its worker processes."""
    folder = tmp_path_factory.mktemp("many")
    for i in range(100):
        for article in ARTICLES.glob("*.txt"):
            (folder / f"{article.stem}_{i:03d}.txt").write_text(article.read_text() + f"\nCopy {i} of the wire report.\n")
    return folder


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def children_once(parent: subprocess.Popen, at_least: int) -> list[psutil.Process]:
    """The parent's processes once it has `at_least`: its workers and multiprocessing's resource tracker."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and parent.poll() is None:
        found = psutil.Process(parent.pid).children(recursive=True)
        if len(found) >= at_least:
            return found
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} worker processes started")


def left_after_kill(parent: subprocess.Popen, processes: list[psutil.Process]) -> list[psutil.Process]:
    """`kill -9` of the parent alone, as the out-of-memory killer does; its processes still alive 20 s later."""
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(p) for p in processes):
        time.sleep(0.2)
    left = [p for p in processes if alive(p)]
    for process in left:  # not to leave them to the next test
        process.kill()
    return left


def test_a_killed_build_leaves_no_process_behind(many_articles, tmp_path):
    build = subprocess.Popen([KG, "build", many_articles, "--store", tmp_path / "s", "--workers", "2"], stderr=subprocess.DEVNULL)
    processes = children_once(build, 3)
    assert left_after_kill(build, processes) == []


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def ask(url: str, query: bytes) -> None:
    """A query whose answer never comes: the server is killed while it runs."""
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, query, 600)


def test_a_killed_server_leaves_no_process_behind_even_one_running_a_query(built_store):
    """A worker waiting for a query sees its pipe close; one running a query must notice by itself."""
    server = subprocess.Popen([KG, "serve", "--store", built_store, "-p", "0", "--workers", "2", "--timeout", "600"],
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        url = server.stderr.readline().split("SPARQL endpoint at ")[1].split(",")[0]
        processes = children_once(server, 3)
        before = {p.pid: cpu_seconds(p) for p in processes}
        query = urllib.parse.urlencode({"query": SLOW}).encode()
        threading.Thread(target=ask, args=(url, query), daemon=True).start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(cpu_seconds(p) - before[p.pid] > 0.5 for p in processes):
            time.sleep(0.1)
        assert left_after_kill(server, processes) == []
    finally:
        server.stderr.close()


def built_keys(store: Path) -> int:
    """How many articles the store holds whole (with their content hash); 0 while it cannot be read yet."""
    try:
        db = kgstore.open_store(store, read_only=True)
        return sum(1 for graph in kgstore.article_graphs(db) if kgstore.stored_key(db, graph))
    except (KgError, OSError, RuntimeError):
        return 0


@pytest.mark.parametrize("interrupt", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_says_so_in_one_line_and_keeps_what_it_finished(many_articles, tmp_path, interrupt):
    store = tmp_path / "s"
    # its own process group, which Ctrl-C in a terminal reaches as a whole
    build = subprocess.Popen([KG, "build", many_articles, "--store", store, "--workers", "2"], stderr=subprocess.PIPE, text=True,
                             start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build.poll() is None and built_keys(store) == 0:
            time.sleep(0.05)
        if interrupt == signal.SIGINT:
            os.killpg(build.pid, signal.SIGINT)
        else:
            os.kill(build.pid, signal.SIGTERM)
        assert build.wait(60) == 130, "the build ended before it was interrupted"
        assert build.stderr.read() == INTERRUPTED
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        build.stderr.close()
    kept = built_keys(store)
    assert kept >= 1
    again = subprocess.run([KG, "build", many_articles, "--store", store], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    total = len(list(many_articles.iterdir()))
    assert f"built {total - kept}, unchanged {kept}," in again.stderr
