"""`kg query --endpoint` and `kg console --endpoint` on real stores kg has pushed to: an Oxigraph server
with its default options (no union default graph) and a Virtuoso, each started on 127.0.0.1. The named
queries, with and without parameters, give there the rows they give on the local store."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from kg.queries import named_queries
from tests.conftest import run
from tests.servers import KG, basic_auth_proxy, oxigraph_server, virtuoso_server
from tests.test_queries import HOSTILE


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory, built_store):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        assert run("push", "--store", built_store, "--endpoint", f"{base}/store").exit_code == 0
        yield f"{base}/query"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, built_store):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        login = ["--user", "dba", "--password-env", "KG_VIRTUOSO_PASSWORD"]
        result = subprocess.run(
            [str(KG), "push", "--store", str(built_store), "--endpoint", f"{base}/sparql-graph-crud-auth", *login],
            env={"KG_VIRTUOSO_PASSWORD": "dba", "PATH": ""}, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        yield f"{base}/sparql"


def rows(*args: str) -> list[list[str]]:
    """The rows as CSV gives them, sorted (ties in ORDER BY may come in any order), a list's items sorted
    too (GROUP_CONCAT's order is the store's)."""
    result = run("query", "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    found = list(csv.reader(io.StringIO(result.stdout)))
    return [found[0]] + sorted([", ".join(sorted(cell.split(", "))) for cell in row] for row in found[1:])


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_give_the_same_rows_on_oxigraph(oxigraph, built_store, name):
    local = rows("--store", built_store, name)
    assert len(local) > 1
    assert rows("--endpoint", oxigraph, name) == local


@pytest.mark.parametrize(
    "args",
    [("who-met-whom", "--actor", "egyptian mediators"), ("who-met-whom", "--since", "2025-03"), ("incidents", "--type", "airstrike"),
     ("actors", "--article", "cairo_talks", "--limit", "3")],
    ids=["actor", "since", "type", "article-and-limit"],
)  # fmt: skip
def test_parameters_bind_on_the_remote_store_too(oxigraph, built_store, args):
    local = rows("--store", built_store, *args)
    assert len(local) > 1
    assert rows("--endpoint", oxigraph, *args) == local


@pytest.mark.parametrize("value", HOSTILE, ids=["update", "quotes", "braces", "long-quote", "or-true"])
def test_hostile_values_match_nothing_there(oxigraph, value):
    assert rows("--endpoint", oxigraph, "who-met-whom", "--actor", value) == [["a", "b", "place", "date", "status", "article", "evidence"]]


def test_query_text_gets_the_prefixes_it_uses_and_printed_iris_paste_back(oxigraph, built_store):
    sparql = "SELECT ?name WHERE { GRAPH ?g { actor:rufus-firefly skos:prefLabel ?name } }"
    assert rows("--endpoint", oxigraph, sparql) == [["name"], ["Rufus Firefly"]]
    table = run("query", "--endpoint", oxigraph, "SELECT DISTINCT ?m WHERE { GRAPH ?g { ?m a kg:Meeting } }").stdout
    meeting = table.splitlines()[3].strip("| ").rstrip()
    assert meeting.startswith("meeting:")
    ask = f"ASK {{ GRAPH ?g {{ {meeting} a kg:Event }} }}"
    assert run("query", "--endpoint", oxigraph, "--format", "csv", ask).stdout.strip() == "true"
    sparql = "CONSTRUCT { actor:egypt skos:prefLabel ?l } WHERE { GRAPH ?g { actor:egypt skos:prefLabel ?l } }"
    construct = run("query", "--endpoint", oxigraph, sparql).stdout
    assert '"Egypt"' in construct


def test_console_on_the_endpoint(oxigraph):
    script = "\\n who-met-whom actor=Egypt limit=1\nSELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a kg:Actor } };\n\\describe actor:egypt\n"
    done = subprocess.run([str(KG), "console", "--endpoint", oxigraph], input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Egypt" in done.stdout and "1 row in" in done.stderr
    assert "referred to by:" in done.stdout or "skos:prefLabel" in done.stdout


def test_remote_errors_are_one_line(oxigraph):
    bad = run("query", "--endpoint", oxigraph, "SELECT * WHERE { ?s ?p }")
    assert bad.exit_code == 1 and bad.output.startswith("Error: ") and "HTTP 400" in bad.output and len(bad.output.splitlines()) == 1
    gone = run("query", "--endpoint", "http://127.0.0.1:9/query", "actors")
    assert gone.exit_code == 1 and gone.output.startswith("Error: cannot reach http://127.0.0.1:9/query")
    assert "--password-env" in run("query", "--endpoint", oxigraph, "--user", "x", "actors").output
    assert "updated by `kg push`" in run("console", "--endpoint", oxigraph, "--write").output


def test_endpoint_behind_basic_auth(oxigraph, built_store, monkeypatch):
    monkeypatch.setenv("KG_TEST_PASSWORD", "s3cret")
    with basic_auth_proxy(oxigraph.removesuffix("/query"), "kg", "s3cret") as guarded:
        refused = run("query", "--endpoint", f"{guarded}/query", "actors")
        assert refused.exit_code == 1 and "HTTP 401" in refused.output and "give --user" in refused.output
        login = ["--user", "kg", "--password-env", "KG_TEST_PASSWORD"]
        assert rows("--endpoint", f"{guarded}/query", *login, "actors") == rows("--store", built_store, "actors")


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_give_the_same_rows_on_virtuoso(virtuoso, built_store, name):
    assert rows("--endpoint", virtuoso, name) == rows("--store", built_store, name)
