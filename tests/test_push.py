"""`kg push` into real triple stores started on 127.0.0.1: an Oxigraph server and a Virtuoso.

After a push the named queries, sent as they stand (their PREFIX lines and each article's own graph),
give on the remote store the rows `kg query` gives locally, and a second push leaves the remote triple
count as it was.
"""

from __future__ import annotations

import re

import pytest
import requests

from kg import store as kgstore
from kg.queries import load_query
from tests.conftest import run
from tests.servers import basic_auth_proxy, free_port, oxigraph_server, virtuoso_server

NAMED = ["who-met-whom", "incidents", "agreements", "actors"]  # every one, and through `--endpoint`: tests/test_remote.py


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture(scope="module")
def local(built_store):
    return kgstore.open_store(built_store, read_only=True)


@pytest.fixture(scope="module")
def graphs(local):
    return kgstore.article_graphs(local)


def remote_rows(url: str, sparql: str, auth: object = None) -> set[tuple]:
    """Rows as sets of plain values: stores differ in how they tag literals (typed-literal, xsd:string)."""
    response = requests.post(url, data={"query": sparql}, headers={"Accept": "application/sparql-results+json"}, auth=auth, timeout=60)
    assert response.status_code == 200, response.text
    data = response.json()
    names = data["head"]["vars"]
    return {tuple(b.get(n, {}).get("value") for n in names) for b in data["results"]["bindings"]}


def local_rows(store, sparql: str) -> set[tuple]:
    result = kgstore.query(store, sparql)
    names = [v.value for v in result.variables]
    return {tuple(s[n].value if s[n] is not None else None for n in names) for s in result}


def count(url: str, graphs: list[str], auth: object = None) -> int:
    values = " ".join(f"<{g}>" for g in graphs)
    sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    return int(next(iter(remote_rows(url, sparql, auth)))[0])


def push(*args: str) -> str:
    result = run("push", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_push_to_oxigraph_with_graph_store_protocol(oxigraph, built_store, local, graphs):
    output = push("--store", built_store, "--endpoint", f"{oxigraph}/store")
    assert "(gsp," in output
    triples = count(f"{oxigraph}/query", graphs)
    assert triples == len(list(kgstore.article_quads(local)))
    for name in NAMED:  # Oxigraph with its default options: no union default graph
        sparql = load_query(name)
        assert remote_rows(f"{oxigraph}/query", sparql) == local_rows(local, sparql), name
    push("--store", built_store, "--endpoint", f"{oxigraph}/store")
    assert count(f"{oxigraph}/query", graphs) == triples


def test_push_to_oxigraph_with_sparql_update_in_batches(oxigraph, built_store, local, graphs):
    output = push("--store", built_store, "--endpoint", f"{oxigraph}/update", "--protocol", "update", "--batch", "40")
    assert "(update," in output and int(re.search(r"in (\d+) requests", output)[1]) >= 4
    triples = len(list(kgstore.article_quads(local)))
    assert count(f"{oxigraph}/query", graphs) == triples
    push("--store", built_store, "--endpoint", f"{oxigraph}/update", "--batch", "40")  # auto finds no Graph Store there
    assert count(f"{oxigraph}/query", graphs) == triples
    sparql = load_query("who-met-whom")
    assert remote_rows(f"{oxigraph}/query", sparql) == local_rows(local, sparql)


def test_push_to_virtuoso_with_digest_auth(virtuoso, built_store, local, graphs, monkeypatch):
    monkeypatch.setenv("KG_TEST_PASSWORD", "dba")
    login = ["--user", "dba", "--password-env", "KG_TEST_PASSWORD"]
    output = push("--store", built_store, "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", *login)
    assert "(gsp," in output
    triples = count(f"{virtuoso}/sparql", graphs)
    assert triples == len(list(kgstore.article_quads(local)))
    for name in NAMED:
        sparql = load_query(name)
        assert remote_rows(f"{virtuoso}/sparql", sparql) == local_rows(local, sparql), name
    push("--store", built_store, "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", *login)
    assert count(f"{virtuoso}/sparql", graphs) == triples
    push("--store", built_store, "--endpoint", f"{virtuoso}/sparql-auth", "--protocol", "update", "--batch", "50", *login)
    assert count(f"{virtuoso}/sparql", graphs) == triples


def test_push_with_basic_auth(oxigraph, built_store, graphs, monkeypatch):
    monkeypatch.setenv("KG_TEST_PASSWORD", "s3cret")
    with basic_auth_proxy(oxigraph, "kg", "s3cret") as guarded:
        refused = run("push", "--store", built_store, "--endpoint", f"{guarded}/store")
        assert refused.exit_code == 1 and "HTTP 401" in refused.output and "give --user" in refused.output
        push("--store", built_store, "--endpoint", f"{guarded}/store", "--user", "kg", "--password-env", "KG_TEST_PASSWORD")
    assert count(f"{oxigraph}/query", graphs) > 0


def test_wrong_password_is_one_line(virtuoso, built_store, monkeypatch):
    monkeypatch.setenv("KG_TEST_PASSWORD", "wrong")
    login = ["--user", "dba", "--password-env", "KG_TEST_PASSWORD"]
    result = run("push", "--store", built_store, "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", *login)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "HTTP 401" in result.output and len(result.output.splitlines()) == 1
    assert "give --user" not in result.output


def test_unreachable_endpoint_is_one_line(built_store):
    result = run("push", "--store", built_store, "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach ") and len(result.output.splitlines()) == 1


def test_refusal_names_status_and_server_message(oxigraph, built_store):
    result = run("push", "--store", built_store, "--endpoint", f"{oxigraph}/query", "--protocol", "gsp")
    assert result.exit_code == 1
    assert "HTTP 404" in result.output and "not supported" in result.output and len(result.output.splitlines()) == 1


def test_password_comes_from_the_environment_only(built_store, monkeypatch):
    monkeypatch.delenv("KG_TEST_PASSWORD", raising=False)
    result = run("push", "--store", built_store, "--endpoint", "http://127.0.0.1:1/", "--user", "dba", "--password-env", "KG_TEST_PASSWORD")
    assert result.exit_code == 1 and "KG_TEST_PASSWORD is not set" in result.output
    assert run("push", "--store", built_store, "--endpoint", "http://127.0.0.1:1/", "--password", "x").exit_code == 2
