"""Query results kept in the store's folder are given again only while the store is unchanged: any build
or update since, from any process, makes them stale."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import cache as kgcache
from kg import store as kgstore
from kg.cache import Output, ResultsCache, compute
from kg.results import Layout, Written
from tests.conftest import ARTICLES, run

KG = Path(sys.executable).parent / "kg"
ACTORS = "SELECT ?name WHERE { ?a a kg:Country ; skos:prefLabel ?name } ORDER BY ?name"


@pytest.fixture(autouse=True)
def keep_everything(monkeypatch):
    """The test stores answer in milliseconds, quicker than what is worth keeping: keep every result."""
    monkeypatch.setenv("KG_KEEP_SECONDS", "0")


@pytest.fixture
def store(tmp_path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(sorted(ARTICLES.glob("*.txt"))[0], articles)
    store = tmp_path / "store"
    assert run("build", articles, "--store", store, "--workers", "1").exit_code == 0
    return store


def kept(store: Path) -> list[Path]:
    folder = store / kgcache.FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


def countries(store: Path, sparql: str = ACTORS) -> str:
    result = run("query", "--store", store, "--format", "csv", sparql)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_result_is_kept_and_given_again_while_the_store_is_unchanged(store):
    first = countries(store)
    assert "India" in first and len(kept(store)) == 1
    cached = kept(store)[0]
    cached.write_bytes(cached.read_bytes().replace(b"India", b"India (kept)"))  # proves the second run reads it
    assert countries(store) == first.replace("India", "India (kept)")
    assert run("query", "--store", store, "--format", "json", ACTORS).exit_code == 0  # each format kept apart
    assert len(kept(store)) == 2


def test_a_build_since_makes_kept_results_stale(store, tmp_path):
    before = countries(store)
    more = tmp_path / "more"
    shutil.copytree(ARTICLES, more)
    assert run("build", more, "--store", store, "--workers", "1").exit_code == 0
    assert kept(store) == []  # stale, and removed by the build
    after = countries(store)
    assert after != before
    fresh = tmp_path / "fresh"
    assert run("build", more, "--store", fresh, "--workers", "1").exit_code == 0
    assert after == countries(fresh)


def test_an_update_from_the_console_makes_kept_results_stale(store):
    before = countries(store)
    update = 'INSERT DATA { GRAPH <urn:x:article> { <urn:x:atlantis> a kg:Country ; skos:prefLabel "Atlantis" } } ;\n'
    console = subprocess.run([KG, "console", "--store", str(store), "--write"], input=update, capture_output=True, text=True)
    assert console.returncode == 0, console.stderr
    after = countries(store)
    assert "Atlantis" in after and "Atlantis" not in before


def test_a_result_is_not_kept_when_the_store_was_written_while_it_ran(store):
    cache = ResultsCache(store)
    db = kgstore.open_store(store, read_only=True)

    def run_while_a_writer_opens() -> Output[Written]:
        answer = compute(db, ACTORS, Layout.of("csv"))
        kgstore.open_store(store).flush()  # a writer, as from another process: the files change
        return answer

    cache.answer(ACTORS, "csv", run_while_a_writer_opens, Written)
    assert kept(store) == []


def test_the_least_recently_used_results_go_first_past_the_size_limit(store, monkeypatch):
    one, two, three = (ACTORS + " " * n for n in range(3))  # three queries, one result: three kept files of a size
    countries(store, one)
    [first] = kept(store)
    monkeypatch.setattr(kgcache, "MAX_BYTES", first.stat().st_size * 2 + 10)
    tick = lambda: time.sleep(0.05)  # noqa: E731  (file times move in steps of a few milliseconds)
    tick()
    countries(store, two)
    [second] = set(kept(store)) - {first}
    tick()
    countries(store, one)  # used again: now the second is the least recently used
    tick()
    countries(store, three)
    assert first in kept(store) and second not in kept(store)
    assert len(kept(store)) == 2


def test_an_unwritable_folder_only_means_nothing_is_kept(store):
    (store / kgcache.FOLDER).write_text("a file where the folder would be")
    assert "India" in countries(store)
    assert "India" in countries(store)


def test_the_console_says_when_a_result_was_kept(store):
    from click.testing import CliRunner

    from kg.cli import cli

    sessions = [CliRunner().invoke(cli, ["console", "--store", str(store)], input=ACTORS + ";\n") for _ in range(2)]
    assert [s.exit_code for s in sessions] == [0, 0]
    assert sessions[0].stdout == sessions[1].stdout and "India" in sessions[0].stdout
    assert "kept from an earlier run" not in sessions[0].stderr
    assert "2 rows (kept from an earlier run; the store is unchanged)" in sessions[1].stderr


def test_the_server_keeps_and_gives_again_like_the_command_line(store):
    import urllib.parse
    import urllib.request

    from tests.servers import kg_serve

    query = urllib.parse.urlencode({"query": ACTORS, "format": "csv"})
    with kg_serve("--store", str(store)) as url:
        first = urllib.request.urlopen(f"{url}?{query}", timeout=30).read().decode()
        [cached] = kept(store)
        cached.write_bytes(cached.read_bytes().replace(b"India", b"India (kept)"))
        again = urllib.request.urlopen(f"{url}?{query}", timeout=30).read().decode()
    assert "India" in first and again == first.replace("India", "India (kept)")


def test_keeping_can_be_turned_off(store, monkeypatch):
    monkeypatch.setenv("KG_KEEP_SECONDS", "inf")
    countries(store)
    assert kept(store) == []
    monkeypatch.setenv("KG_KEEP_SECONDS", "soon")
    result = run("query", "--store", store, ACTORS)
    assert result.exit_code == 1 and "KG_KEEP_SECONDS='soon'" in result.stderr
