"""`kg serve` as a real subprocess on 127.0.0.1, questioned by SPARQLWrapper as a real client."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from email.message import Message

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from kg import store as kgstore
from kg.queries import load_query, named_queries
from kg.serve.answers import SOLUTION_FORMATS, negotiate, refusal
from kg.sparql import keywords
from tests.conftest import run
from tests.servers import kg_serve

MAX_ROWS = 100  # below the graph's triple count, above any named query's rows
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint(built_store):
    with kg_serve("--store", str(built_store), "--timeout", "2", "--max-rows", str(MAX_ROWS)) as url:
        yield url


@pytest.fixture(scope="module")
def local(built_store):
    return kgstore.open_store(built_store, read_only=True)


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None) -> tuple[int, Message, bytes]:
    """Status, headers (names in any case, as HTTP has them) and body."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def local_solutions(store: ox.Store, sparql: str) -> list[tuple]:
    """Rows as tuples of terms; tests compare them as multisets, since ties in ORDER BY may come in any order."""
    result = kgstore.query(store, sparql)
    names = [v.value for v in result.variables]
    return [tuple(s[n] for n in names) for s in result]


def test_listens_on_localhost_by_default(endpoint):
    assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith("/sparql")


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_rows_equal_kg_query(endpoint, built_store, name):
    remote = client(endpoint, load_query(name)).query().convert()
    local = json.loads(run("query", "--store", built_store, "--format", "json", name).output)
    assert remote["head"]["vars"] == local["head"]["vars"]
    rows = [sorted(json.dumps(b, sort_keys=True) for b in data["results"]["bindings"]) for data in (remote, local)]
    assert rows[0] == rows[1] and rows[0]  # as multisets: ties in ORDER BY may come in either order


@pytest.mark.parametrize(
    ("fmt", "parse_as"), [(XML, ox.QueryResultsFormat.XML), (TSV, ox.QueryResultsFormat.TSV), (JSON, ox.QueryResultsFormat.JSON)]
)
def test_select_formats_keep_every_term(endpoint, local, fmt, parse_as):
    query = load_query("incidents")
    body = client(endpoint, query, fmt).query().response.read()
    remote = ox.parse_query_results(body, parse_as)
    names = [v.value for v in remote.variables]
    assert Counter(tuple(s[n] for n in names) for s in remote) == Counter(local_solutions(local, query))


def test_select_csv(endpoint, local):
    query = load_query("actors")
    body = client(endpoint, query, CSV).query().response.read().decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["actor", "name", "type", "article"]
    assert Counter(tuple(r) for r in rows[1:]) == Counter(tuple(t.value for t in row) for row in local_solutions(local, query))


def test_post_bodies(endpoint, local):
    query = load_query("who-met-whom")
    expected = local_solutions(local, query)
    for method in (POST, POSTDIRECTLY):  # form-encoded, then application/sparql-query
        sparql = client(endpoint, query, TSV)
        sparql.setMethod(POST)
        sparql.setRequestMethod("urlencoded" if method == POST else "postdirectly")
        remote = ox.parse_query_results(sparql.query().response.read(), ox.QueryResultsFormat.TSV)
        assert Counter(tuple(s[v.value] for v in remote.variables) for s in remote) == Counter(expected)


@pytest.mark.parametrize(("fmt", "answer"), [(JSON, True), (XML, False)])
def test_ask(endpoint, fmt, answer):
    country = "Armenia" if answer else "Atlantis"
    result = client(endpoint, f'ASK {{ ?c a kg:Country ; skos:prefLabel "{country}" }}', fmt).query().convert()
    if fmt == JSON:
        assert result["boolean"] is answer
    else:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == str(answer).lower()


@pytest.mark.parametrize("fmt", [TURTLE, N3], ids=["turtle", "ntriples"])
def test_construct_is_the_local_graph(endpoint, local, fmt):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Meeting ; ?p ?o }"
    response = client(endpoint, query, fmt).query().response
    media = response.headers["Content-Type"].split(";")[0]
    assert media == "text/turtle"  # SPARQLWrapper asks N3 as Turtle first
    remote = Graph().parse(data=response.read().decode(), format="turtle")
    expected = Graph().parse(data=ox.serialize(list(kgstore.query(local, query)), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    assert len(remote) > 5 and isomorphic(remote, expected)


def test_describe_as_ntriples(endpoint):
    query = urllib.parse.urlencode({"query": "DESCRIBE ?c WHERE { ?c skos:prefLabel 'Armenia' }"})
    status, headers, body = http(f"{endpoint}?{query}", headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    graph = Graph().parse(data=body.decode(), format="nt")
    assert any(str(o) == "Armenia" for o in graph.objects())


@pytest.mark.parametrize(
    ("data", "headers", "method", "query"),
    [
        (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}, "POST", ""),
        (b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"}, "POST", ""),
        (b"query=CLEAR+ALL", {"Content-Type": "application/x-www-form-urlencoded"}, "POST", ""),
        (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-query"}, "POST", ""),
        (None, {}, "GET", "?update=DROP+ALL"),
        (b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}, "PUT", "?graph=urn:x"),
    ],
    ids=["sparql-update", "form-update", "form-query", "sparql-query", "get-update", "put"],
)
def test_updates_are_refused(endpoint, data, headers, method, query):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = client(endpoint, count).query().convert()["results"]["bindings"][0]["n"]["value"]
    status, _, body = http(endpoint + query, data=data, headers=headers, method=method)
    assert status in (403, 405), body
    assert b"read-only" in body
    assert client(endpoint, count).query().convert()["results"]["bindings"][0]["n"]["value"] == before


def test_updates_are_refused_through_sparqlwrapper(endpoint):
    sparql = client(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        sparql.query()
    assert err.value.code == 403


def test_service_is_refused(endpoint):
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = http(endpoint, data=urllib.parse.urlencode({"query": query}).encode())
    assert status == 403 and b"SERVICE is refused" in body


def test_service_inside_a_string_is_no_service(endpoint):
    rows = client(endpoint, "SELECT ?s WHERE { ?s ?p 'SERVICE <http://example.org/>' } # SERVICE").query().convert()
    assert rows["results"]["bindings"] == []


def test_syntax_error_is_400_with_position(endpoint):
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE {\n  ?s ?p }"}))
    assert status == 400
    text = body.decode().strip()
    assert text.startswith("2:") and "syntax error" in text and len(text.splitlines()) == 1


def test_runaway_query_is_stopped_and_the_server_goes_on(endpoint):
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": SLOW}))
    assert status == 503 and b"--timeout" in body
    for _ in range(3):  # both workers answer again, the replaced one included
        assert client(endpoint, "ASK { ?s a kg:Meeting }").query().convert()["boolean"] is True


def test_result_is_cut_at_max_rows_and_says_so(endpoint):
    response = client(endpoint, "SELECT * WHERE { ?s ?p ?o }").query().response
    assert response.headers["Kg-Truncated"] == f"max-rows={MAX_ROWS}"
    assert len(json.loads(response.read())["results"]["bindings"]) == MAX_ROWS
    small = client(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 3").query().response
    assert small.headers.get("Kg-Truncated") is None


def test_format_parameter_and_unacceptable_types(endpoint):
    query = urllib.parse.quote("SELECT ?s WHERE { ?s a kg:Meeting }")
    status, headers, _ = http(f"{endpoint}?query={query}&format=csv", headers={"Accept": "application/json"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = http(f"{endpoint}?query={query}", headers={"Accept": "image/png"})
    assert status == 406 and b"text/csv" in body


def test_html_page(endpoint):
    status, headers, body = http(endpoint.removesuffix("sparql"))
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<form action="/sparql"' in page and "<textarea" in page and "<script" not in page
    assert "who-met-whom" in page
    _, _, named = http(endpoint.removesuffix("sparql") + "?name=who-met-whom")
    assert "kg:participant" in named.decode()


def test_missing_store_is_one_line(tmp_path):
    result = run("serve", "--store", tmp_path / "nothing", "-p", "0")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { ?s ?p 'SERVICE' }", None),
        ('SELECT * WHERE { ?s ?p """a\nSERVICE "quoted" """ }', None),
        ("SELECT * WHERE { ?s <http://x/SERVICE> ?service } # SERVICE", None),
        ("SELECT * WHERE { ?s kg:service ?o ; ?p 'x'@service }", None),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
        ("PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("SELECT * WHERE { ?s ?p 'drop table' }", None),
    ],
    ids=["service", "lower-case", "in-string", "in-long-string", "iri-variable-comment", "prefixed-and-lang", "insert", "delete",
         "update-word-in-string"],
)  # fmt: skip
def test_refusal_reads_tokens_not_text(query, refused):
    reason = refusal(query, allow_service=False)
    assert (reason is None) if refused is None else (refused in reason)


def test_service_allowed_when_enabled():
    assert refusal("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", allow_service=True) is None
    assert "SERVICE" in keywords("SELECT * WHERE { SERVICE <http://x/> {} }")


@pytest.mark.parametrize(
    ("accept", "asked", "expected"),
    [
        (None, [], "json"),
        ("text/csv;q=0.5, application/sparql-results+xml", [], "xml"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", [], "json"),
        ("text/*", [], "csv"),
        ("image/png", [], None),
        ("application/json", ["tsv"], "tsv"),
        ("application/json", ["json", "output"], "json"),
        ("application/sparql-results+xml", ["text/tab-separated-values"], "tsv"),
    ],
    ids=["none", "q-values", "browser", "family", "unacceptable", "format-param", "sparqlwrapper-param", "media-param"],
)
def test_negotiate_solutions(accept, asked, expected):
    assert negotiate(accept, asked, SOLUTION_FORMATS) == expected
