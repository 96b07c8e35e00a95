"""The command line end to end, on real files and a real store on disk."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pexpect
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from wcwidth import wcswidth

from kg import rules
from tests.conftest import ARTICLES, run
from tests.servers import kg_serve_logging


def test_stats_counts_what_was_built(built_store):
    result = run("stats", "--store", built_store)
    assert result.exit_code == 0
    counts = dict(line.split(maxsplit=1) for line in result.output.splitlines())
    assert counts["articles"] == "2" and counts["rules"] == f"{rules.VERSION} (2 articles)"
    assert int(counts["meetings"]) >= 1 and int(counts["incidents"]) >= 1 and int(counts["triples"]) > 50


def test_named_query_has_the_documented_columns(built_store):
    result = run("query", "--store", built_store, "--format", "json", "who-met-whom")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["a", "b", "place", "date", "status", "article", "evidence"]
    rows = data["results"]["bindings"]
    pairs = {tuple(sorted((r["a"]["value"], r["b"]["value"]))) for r in rows}
    assert ("Armenia", "Azerbaijan") in pairs
    row = next(r for r in rows if {r["a"]["value"], r["b"]["value"]} == {"Armenia", "Azerbaijan"})
    assert row["place"]["value"] == "Cairo" and row["date"]["value"] == "2025-03-08" and row["status"]["value"] == "held"
    assert "cairo_talks" in row["article"]["value"]


def test_incidents_query_gives_killed_as_the_claims_minimum(built_store):
    result = run("query", "--store", built_store, "--format", "json", "incidents")
    rows = json.loads(result.output)["results"]["bindings"]
    killed = {int(r["killed"]["value"]) for r in rows if "killed" in r}
    assert {20, 12} <= killed


@pytest.mark.parametrize("fmt", ["table", "vertical", "csv", "tsv", "json", "xml"])
def test_query_formats(built_store, fmt):
    result = run("query", "--store", built_store, "--format", fmt, "actors")
    assert result.exit_code == 0, result.output
    assert "Armenia" in result.output


def test_syntax_error_is_one_line_with_position(built_store):
    result = run("query", "--store", built_store, "SELECT * WHERE { ?s ?p }")
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: 1:")
    assert len(result.output.strip().splitlines()) == 1


def test_unknown_named_query_lists_the_known_ones(built_store):
    result = run("query", "--store", built_store, "who-met")
    assert result.exit_code == 1
    assert "who-met-whom" in result.output


def test_missing_store_is_a_clear_error(tmp_path):
    result = run("query", "--store", tmp_path / "nope", "actors")
    assert result.exit_code == 1
    assert "no store here" in result.output


def _dataset(store) -> Dataset:
    result = run("export", "--store", store, "--format", "nquads")
    data = Dataset()
    data.parse(data=result.stdout_bytes.decode(), format="nquads")
    return data


def _union(data) -> Graph:
    """All triples of a dataset or graph, graph names dropped."""
    union = Graph()
    for s, p, o, *_ in data.quads((None, None, None, None)) if isinstance(data, Dataset) else data:
        union.add((s, p, o))
    return union


def test_same_input_twice_gives_the_same_graph(tmp_path, built_store):
    other = tmp_path / "again"
    assert run("build", ARTICLES, "--store", other).exit_code == 0
    assert run("build", ARTICLES, "--store", other).exit_code == 0  # a second build changes nothing
    a, b = _dataset(built_store), _dataset(other)
    assert len(a) == len(b)
    assert isomorphic(_union(a), _union(b))


def test_editing_an_article_replaces_exactly_its_graph(tmp_path, articles_copy):
    store = tmp_path / "s"
    assert run("build", articles_copy, "--store", store).exit_code == 0
    before = _dataset(store)
    path = articles_copy / "border_clash.txt"
    path.write_text(path.read_text().replace("12 civilians", "14 civilians"))
    result = run("build", articles_copy, "--store", store)
    assert "built 1, unchanged 1" in result.output
    after = _dataset(store)
    graphs = lambda d: {str(g.identifier) for g in d.graphs() if len(g)}  # noqa: E731
    assert graphs(before) == graphs(after)
    texts = " ".join(str(o) for _, _, o, _ in after.quads((None, None, None, None)))
    assert "14 civilians" in texts and "12 civilians" not in texts


def test_bad_article_is_reported_and_the_rest_built(tmp_path, articles_copy):
    (articles_copy / "broken.txt").write_bytes(b"\xff\xfe bad")
    store = tmp_path / "s"
    result = run("build", articles_copy, "--store", store)
    assert result.exit_code == 1
    assert "broken.txt: byte 0: invalid UTF-8" in result.output
    assert "built 2" in result.output


def test_prune_removes_deleted_articles(tmp_path, articles_copy):
    store = tmp_path / "s"
    run("build", articles_copy, "--store", store)
    (articles_copy / "border_clash.txt").unlink()
    result = run("build", articles_copy, "--store", store, "--prune")
    assert "removed 1" in result.output
    assert "border_clash" not in _dataset(store).serialize(format="nquads")


@pytest.mark.parametrize(
    "fmt, parse_as", [("turtle", "turtle"), ("nt", "nt"), ("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld"), ("xml", "xml")]
)
def test_exports_parse_back_to_the_same_triples(tmp_path, built_store, fmt, parse_as):
    out = tmp_path / f"kg.{fmt}"
    assert run("export", "--store", built_store, "--format", fmt, "-o", out).exit_code == 0
    graph = Dataset() if fmt in ("nquads", "trig", "jsonld") else Graph()
    graph.parse(out, format=parse_as)
    assert isomorphic(_union(graph), _union(_dataset(built_store)))


def test_every_command_has_help_with_an_example():
    from kg.cli import cli

    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "kg " in result.output, name


def test_named_queries_ship_with_the_package():
    from kg.queries import named_queries

    assert {"who-met-whom", "incidents", "agreements", "actors", "timeline"} <= set(named_queries())


def test_query_in_a_terminal_fits_its_width_and_piped_stays_whole(built_store):
    kg = str(Path(sys.executable).parent / "kg")
    child = pexpect.spawn(kg, ["query", "--store", str(built_store), "who-met-whom"], dimensions=(40, 100), encoding="utf-8", timeout=60)
    shown = child.read()
    child.close()
    lines = [line for line in shown.replace("\r\n", "\n").splitlines() if line]
    assert child.exitstatus == 0 and any("Armenia" in line for line in lines)
    assert max(map(wcswidth, lines)) <= 100 and "…" in shown
    piped = subprocess.run([kg, "query", "--store", str(built_store), "who-met-whom"], capture_output=True, text=True, check=True)
    assert max(map(wcswidth, piped.stdout.splitlines())) > 100 and "…" not in piped.stdout


def logged(lines: list[str], text: str) -> str | None:
    """The first gathered log line holding `text`, waited for with a generous bound."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = next((line for line in list(lines) if text in line), None)
        if found:
            return found
        time.sleep(0.05)
    return None


@pytest.mark.parametrize("options", [(), ("--debug",)], ids=["default", "debug"])
def test_serve_logs_each_request_on_stderr_and_debug_shows_more(built_store, options):
    with kg_serve_logging("--store", str(built_store), options=options) as (url, lines):
        with urllib.request.urlopen(url + "?query=ASK%7B%7D") as response:
            assert response.status == 200
        access = logged(lines, "GET /sparql?query=ASK%7B%7D")
        assert access is not None and " INFO uvicorn.access: 127.0.0.1:" in access and access.rstrip().endswith(" 200")
        # uvicorn's own INFO lines, logged before it served the request, only with --debug
        assert any("INFO uvicorn.error: Started server process" in line for line in lines) == bool(options)
