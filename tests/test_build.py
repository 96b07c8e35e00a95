"""Parallel, distributed and incremental builds give the same graph as a plain one; progress shows only on a terminal."""

from __future__ import annotations

import itertools
import shutil
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import rules
from kg import store as kgstore
from kg.articles import read_article
from kg.build import extract_graphs, extract_stream
from kg.extract import BATCH_SIZE, EXTRACTORS, extractor
from tests.conftest import ARTICLES, run

KG = Path(sys.executable).parent / "kg"
CITIES = ["Geneva", "Oslo", "Nairobi", "Amman", "Vienna", "Lisbon", "Doha", "Rabat", "Tunis", "Accra", "Dakar", "Baku"]
NAMES = ["Amira Haddad", "Tomas Okafor", "Leila Moreau", "Dmitri Petrov", "Nadia Mensah", "Kofi Rahimi"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Sunday"]


def vary(text: str, i: int) -> str:
    """Another article from the same text: other city, town, negotiator, weekday and figures."""
    name = NAMES[i % len(NAMES)]
    for old, new in [
        ("Cairo", CITIES[i % len(CITIES)]),
        ("Poonch", CITIES[(i + 5) % len(CITIES)]),
        ("Rufus Firefly", name),
        ("Firefly", name.split()[1]),
        ("Saturday", WEEKDAYS[i % len(WEEKDAYS)]),
        ("killed 12", f"killed {12 + i}"),
        ("at least 20 to 21", f"at least {20 + i} to {22 + i}"),
    ]:
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The test articles and varied copies: more than one batch, so a parallel build starts its workers."""
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    shutil.copytree(ARTICLES, folder)
    sources = sorted(ARTICLES.glob("*.txt"))
    for i in range(BATCH_SIZE // len(sources) + 2):
        for source in sources:
            (folder / f"copy{i:02d}_{source.name}").write_text(vary(source.read_text(encoding="utf-8"), i), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """The corpus built in this process, one article after another."""
    return build_store(corpus, tmp_path_factory.mktemp("reference") / "store", "--workers", "1")


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A real Dask cluster of two worker processes on 127.0.0.1."""
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def build_store(articles: Path, store: Path, *options: str) -> Path:
    result = run("build", articles, "--store", store, *options)
    assert result.exit_code == 0, result.output
    return store


def quads(store: Path) -> set[ox.Quad]:
    """The store's quads as `kg export --format nquads` writes them: no blank nodes, so equal sets are the same graph."""
    out = store.parent / f"{store.name}.nq"
    assert run("export", "--store", store, "--format", "nquads", "-o", out).exit_code == 0
    with out.open("rb") as data:
        return set(ox.parse(data, ox.RdfFormat.N_QUADS))


def test_two_workers_give_the_same_graph_as_one(corpus, reference, tmp_path):
    store = build_store(corpus, tmp_path / "store", "--workers", "2")
    built = quads(store)
    assert built == quads(reference)
    assert len({quad.graph_name for quad in built}) == len(list(corpus.glob("*.txt")))  # one graph per article


def test_extraction_streams_an_endless_input_in_order(corpus):
    """Workers take a bounded number of batches ahead, so an endless stream yields, in input order, what
    extracting each article alone gives."""
    articles = [read_article(path) for path in sorted(corpus.glob("*.txt"))]
    count = 2 * BATCH_SIZE + 5
    expected = [replace(article, id=f"{article.id}-{i}") for i, article in zip(range(count), itertools.cycle(articles))]
    endless = (replace(article, id=f"{article.id}-{i}") for i, article in enumerate(itertools.cycle(articles)))
    graphs = list(itertools.islice(extract_stream(endless, workers=2), count))
    assert [graph.article_id for graph in graphs] == [article.id for article in expected]
    assert graphs[0] == extract_graphs([expected[0]])[0]
    assert graphs[-1] == extract_graphs([expected[-1]])[0]


def test_dask_build_gives_the_same_graph_and_skips_unchanged(corpus, reference, dask_scheduler, tmp_path):
    store = build_store(corpus, tmp_path / "store", "--dask", dask_scheduler)
    assert quads(store) == quads(reference)
    again = run("build", corpus, "--store", store, "--dask", dask_scheduler)
    assert again.exit_code == 0
    assert f"built 0, unchanged {len(list(corpus.glob('*.txt')))}" in again.stderr


def test_incremental_dask_rebuild_equals_a_fresh_build(corpus, dask_scheduler, tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(corpus, articles)
    store = build_store(articles, tmp_path / "store", "--dask", dask_scheduler)
    edited = articles / "copy03_cairo_talks.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Oslo", "Helsinki"), encoding="utf-8")
    (articles / "copy05_border_clash.txt").unlink()

    result = run("build", articles, "--store", store, "--dask", dask_scheduler, "--prune")
    assert result.exit_code == 0
    assert "built 1, " in result.stderr and "removed 1," in result.stderr
    fresh = build_store(articles, tmp_path / "fresh", "--workers", "1")
    assert quads(store) == quads(fresh)


def test_a_bulk_write_cut_short_is_replaced_whole(corpus, reference, tmp_path):
    """Articles new to the store are written in bulk, which is no transaction, and their content hashes
    last: a build stopped in between leaves graphs without a hash and part of their default-graph copies.
    The next build replaces those graphs and takes back what they put in the default graph."""
    articles = [read_article(path) for path in sorted(corpus.glob("*.txt"))[:5]]
    store = tmp_path / "store"
    db = kgstore.open_store(store, create=True)
    for done in extract_graphs(articles):
        stale = ox.Triple(ox.NamedNode(done.graph), ox.NamedNode("http://example.org/stale"), ox.Literal("from an older version"))
        triples = [q.triple for q in ox.parse(done.statements.triples, ox.RdfFormat.N_TRIPLES)] + [stale]  # no content hash
        db.extend(ox.Quad(*t, ox.NamedNode(done.graph)) for t in triples)
        db.extend(ox.Quad(*t, ox.DefaultGraph()) for t in triples[::2])  # the default graph half written
    db.flush()
    del db

    result = run("build", corpus, "--store", store, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert quads(store) == quads(reference)
    union = lambda store: sorted(run("export", "--store", store, "--format", "nt").stdout.splitlines())  # noqa: E731
    assert union(store) == union(reference)


def test_progress_is_quiet_when_stderr_is_not_a_terminal(tmp_path):
    store = tmp_path / "store"
    result = run("build", ARTICLES, "--store", store, "--workers", "1")
    assert result.exit_code == 0
    assert result.stderr == f"built 2, unchanged 0, removed 0, failed 0 -> {store}\n"


@pytest.mark.parametrize("silent", [False, True], ids=["terminal", "terminal-silent"])
def test_progress_bar_shows_on_a_terminal(tmp_path, silent):
    pexpect = pytest.importorskip("pexpect")
    options = ["--silent"] if silent else []
    child = pexpect.spawn(str(KG), ["build", str(ARTICLES), "--store", str(tmp_path / "store"), "--workers", "1", *options], timeout=120)
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before.decode()
    assert child.exitstatus == 0, shown
    assert "built 2, unchanged 0" in shown
    assert ("2/2" in shown and "articles/s" in shown) is not silent


def failing_rule(doc, article, actors) -> list:
    """An extractor that breaks on one article, as a new rule with a bug would."""
    if "Firefly" in article.text:
        raise ValueError("a rule with a bug")
    return []


def test_a_rule_failing_on_one_article_fails_that_article_only(articles_copy, tmp_path, monkeypatch):
    monkeypatch.setitem(EXTRACTORS, "broken", "tests.test_build:failing_rule")
    extractor.cache_clear()
    try:
        result = run("build", articles_copy, "--store", tmp_path / "s", "--workers", "1")
    finally:
        extractor.cache_clear()
    assert result.exit_code == 1
    assert "cairo_talks.txt: extraction failed (ValueError: a rule with a bug)" in result.stderr
    assert "built 1," in result.stderr and "failed 1" in result.stderr


def test_prune_keeps_an_unreadable_article_and_two_files_of_one_name_are_refused(articles_copy, tmp_path):
    store = tmp_path / "s"
    assert run("build", articles_copy, "--store", store).exit_code == 0
    (articles_copy / "cairo_talks.txt").write_bytes(b"\xff\xfe not text")  # unreadable now, built before
    (articles_copy / "more").mkdir()
    shutil.copy(ARTICLES / "border_clash.txt", articles_copy / "more" / "border_clash.txt")
    result = run("build", articles_copy, "--store", store, "--prune")
    assert result.exit_code == 1
    assert "same article name as" in result.stderr and "removed 0" in result.stderr
    graphs = run("query", "--store", store, "--format", "csv", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").stdout
    assert "cairo_talks" in graphs and "border_clash" in graphs


def test_a_file_name_with_an_unusual_line_break_builds(tmp_path):
    """Statements are split at line feeds only: a file name may hold U+2028, which str.splitlines splits at."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("one.txt", "two\u2028x.txt"):
        shutil.copy(sorted(ARTICLES.glob("*.txt"))[0], folder / name)
    result = run("build", folder, "--store", tmp_path / "store", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "built 2," in result.stderr


def issued(store: Path, article: str) -> list[str]:
    db = kgstore.open_store(store, read_only=True)
    sparql = f"SELECT ?d WHERE {{ GRAPH ?a {{ ?a dcterms:issued ?d FILTER(STRENDS(STR(?a), '/{article}')) }} }}"
    return [row["d"].value for row in kgstore.select(db, sparql)]


def test_published_rules_and_force_make_a_rebuild_read_again(articles_copy, tmp_path, monkeypatch):
    """border_clash.txt has no date line, so --published changes its graph; cairo_talks.txt has one."""
    store = tmp_path / "store"
    build_store(articles_copy, store, "--workers", "1")
    again = run("build", articles_copy, "--store", store, "--published", "2025-10-06")
    assert again.exit_code == 0, again.output
    assert "re-read 1: --published changed\nbuilt 1, unchanged 1," in again.stderr
    assert issued(store, "border_clash") == ["2025-10-06"]
    same = run("build", articles_copy, "--store", store, "--published", "2025-10-06")
    assert "re-read" not in same.stderr and "built 0, unchanged 2," in same.stderr
    before = rules.VERSION
    monkeypatch.setattr(rules, "VERSION", f"{before}.next")
    newer = run("build", articles_copy, "--store", store, "--published", "2025-10-06")
    assert f"re-read 2: rules {before} → {before}.next\nbuilt 2, unchanged 0," in newer.stderr
    assert f"rules       {before}.next (2 articles)" in run("stats", "--store", store).output
    forced = run("build", articles_copy, "--store", store, "--published", "2025-10-06", "--force")
    assert "re-read 2: --force\nbuilt 2, unchanged 0," in forced.stderr
    edited = articles_copy / "cairo_talks.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMore talks are planned.\n", encoding="utf-8")
    assert "re-read 1: edited\nbuilt 1, unchanged 1," in run("build", articles_copy, "--store", store, "--published", "2025-10-06").stderr
