"""Readers follow finished writes (kg.store.publish and Reader): an open console and a running `kg serve`
see what a build wrote once it is done, without a restart, and never an error or half an article while
it writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pexpect

from kg.vocab import ONTOLOGY_IRI
from tests.conftest import ARTICLES
from tests.servers import KG, kg_serve
from tests.test_console import Screen

ARTICLES_NOW = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?a a kg:Article } }"
# every article graph (every named graph but the ontology's) and every article with its content hash,
# which a graph's last write adds: equal unless a reader sees half a write
WHOLE = (
    "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(DISTINCT ?h) AS ?hashed) "
    f"WHERE {{ {{ GRAPH ?g {{ }} FILTER(?g != <{ONTOLOGY_IRI}>) }} UNION {{ GRAPH ?h {{ ?h kg:contentHash ?x }} }} }}"
)


def copies(folder: Path, n: int) -> Path:
    """`n` distinct articles, each a bundled one with a last line of its own."""
    folder.mkdir()
    sources = sorted(ARTICLES.glob("*.txt"))
    for i in range(n):
        source = sources[i % len(sources)]
        (folder / f"{source.stem}_{i:03d}.txt").write_text(source.read_text() + f"\nCopy {i} of the wire report.\n")
    return folder


def store_copy(built_store: Path, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    return store


def console(store: Path, tmp_path: Path) -> Screen:
    """A read-only `kg console` on the store, in a terminal of 40 lines of 200 columns, at its first prompt."""
    env = {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "cat", "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    screen = Screen(pexpect.spawn(str(KG), ["console", "--store", str(store)], env=env, dimensions=(40, 200), encoding="utf-8"))
    try:
        screen.wait(r"Alt-Enter")
        screen.wait_prompt()
    except BaseException:
        screen.child.terminate(force=True)
        raise
    return screen


def build(articles: Path, store: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([KG, "build", str(articles), "--store", str(store), *options], stderr=subprocess.PIPE, text=True)


def test_an_open_console_sees_a_build_that_finished_while_it_was_open(built_store, tmp_path):
    store = store_copy(built_store, tmp_path)
    screen = console(store, tmp_path)
    try:
        screen.send(ARTICLES_NOW + ";\r")
        screen.wait(r"\| 2 +\|")
        screen.wait_prompt()
        done = build(copies(tmp_path / "more", 3), store)
        assert done.wait(300) == 0, done.stderr.read()
        screen.send(ARTICLES_NOW + ";\r")
        screen.wait(r"\| 5 +\|")
        screen.wait_prompt()
        screen.send("\\d\r")  # read in the console's own process, not its query worker
        screen.wait(r"\| kg:Article +\| 5 +\|")
    finally:
        screen.child.terminate(force=True)
        screen.child.close()


def ask(url: str, sparql: str) -> dict[str, int]:
    request = urllib.request.Request(url, urllib.parse.urlencode({"query": sparql}).encode(), {"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        row = json.load(response)["results"]["bindings"][0]
    return {name: int(value["value"]) for name, value in row.items()}


def test_serve_answers_new_articles_after_a_build_without_a_restart(built_store, tmp_path):
    store = store_copy(built_store, tmp_path)
    with kg_serve("--store", str(store)) as url:
        assert ask(url, ARTICLES_NOW)["n"] == 2
        done = build(copies(tmp_path / "more", 3), store)
        assert done.wait(300) == 0, done.stderr.read()
        deadline = time.monotonic() + 30
        while ask(url, ARTICLES_NOW)["n"] != 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ask(url, ARTICLES_NOW)["n"] == 5


def test_soak_four_clients_for_a_minute_while_a_build_of_100_articles_runs(built_store, tmp_path):
    """The clients ask for a minute, and on for a few seconds after the build's end if it takes longer."""
    store = store_copy(built_store, tmp_path)
    errors: list[str] = []
    seen: list[list[int]] = [[] for _ in range(4)]
    finished = threading.Event()

    def client(answers: list[int]) -> None:
        while not finished.is_set():
            try:
                row = ask(url, WHOLE)
            except Exception as err:  # any failure at all is what the test counts
                errors.append(repr(err))
                continue
            if row["graphs"] != row["hashed"]:
                errors.append(f"half a write: {row}")
            answers.append(row["graphs"])

    with kg_serve("--store", str(store), "--workers", "2") as url:
        started = time.monotonic()
        clients = [threading.Thread(target=client, args=(answers,)) for answers in seen]
        for thread in clients:
            thread.start()
        done = build(copies(tmp_path / "more", 100), store, "--workers", "2")
        built = done.wait(600)
        time.sleep(max(started + 60 - time.monotonic(), 3))
        finished.set()
        for thread in clients:
            thread.join()
    assert built == 0, done.stderr.read()
    assert errors == []
    for answers in seen:
        assert answers == sorted(answers), "a client saw the store go back"
        assert answers[0] >= 2 and answers[-1] == 102


def test_an_open_console_completes_names_a_write_added_while_it_was_open(built_store, tmp_path):
    """Completion's names follow the checkpoints the console follows, not only those of its start."""
    store = store_copy(built_store, tmp_path)
    screen = console(store, tmp_path)
    try:
        update = 'INSERT DATA { GRAPH <urn:x:article> { <urn:x:zanzibaria> a kg:Country ; skos:prefLabel "Zanzibaria" } } ;\n'
        written = subprocess.run([KG, "console", "--store", str(store), "--write"], input=update, capture_output=True, text=True)
        assert written.returncode == 0, written.stderr
        screen.send("ASK {};\r")  # the next prompt follows the newer checkpoint
        screen.wait_prompt()
        screen.send("SELECT ?p WHERE { Zanzibari")
        for _ in range(30):  # the names are read in a thread: a keystroke asks for completions again
            try:
                screen.wait(r"Zanzibaria +Country", timeout=2)
                break
            except AssertionError:
                screen.send("\x7fi")
        else:
            raise AssertionError(f"no completion of the new name; the screen shows:\n{screen.text[-2000:]}")
    finally:
        screen.child.terminate(force=True)
        screen.child.close()
