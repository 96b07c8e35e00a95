"""The W3C SPARQL 1.1 Protocol tests against a real `kg serve`: one test of ours for each entry of the
suite's manifest (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl), named by its id.

Each sends the suite's request (method, path, content type, body and its encoding; the suite's
/sparql/ is our /sparql) over one HTTP/1.1 connection and expects the suite's class of response, on data
this module makes: a store of three article graphs named by the IRIs the suite's queries ask about,
each stating that it is a kg:Article. The service is read-only, so where the suite expects an update to
succeed we expect 403, and a query after it that looks for what the update would have written finds
nothing. Every test checks that the data is the same afterwards.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg import store as kgstore
from tests.servers import kg_serve

DATA = "http://kasei.us/2009/09/sparql/data/"
EX = "http://example.org/protocol-"  # the graphs the suite's updates write to
D0, D1, D2, D3 = (f"{DATA}data{i}.rdf" for i in range(4))  # data0 names no graph of ours
ARTICLE = URIRef("https://w3id.org/kg-news/ontology#Article")
TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TITLE = URIRef("http://purl.org/dc/terms/title")
FORM, QUERY, UPDATE = "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"
BOOLEAN_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/sparql-results+xml": ox.QueryResultsFormat.XML}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}
SNAPSHOT = "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@dataclass(frozen=True)
class Call:
    """One request of a test and the response expected: a status, and for a result its form
    ("boolean", "tabular" or "RDF") and, for a boolean, its value."""

    method: str
    path: str
    body: str | None = None
    content_type: str | None = None
    encoding: str = "utf-8"
    status: int = 200
    form: str | None = None
    boolean: bool | None = None


def url(*params: tuple[str, str]) -> str:
    """/sparql with parameters percent-encoded as the suite writes them (%20 for a space)."""
    return "/sparql" + ("?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params) if params else "")


def post(path: str, body: str, content_type: str | None, **expected: object) -> Call:
    return Call("POST", path, body, content_type, **expected)


def ask_written(graph: str, lines: list[str], absent: str | None = None) -> Call:
    """The query that follows an update in the suite, asking whether the update wrote `lines` (and not
    `absent`) into `graph`: false here, since the update was refused."""
    inner = "".join(f"        {line}\n" for line in lines)
    text = f"ASK {{\n    GRAPH <{graph}> {{\n{inner}    }}\n"
    if absent:
        text += f"    FILTER NOT EXISTS {{\n        GRAPH <{graph}> {{\n            {absent}\n        }}\n    }}\n"
    return post("/sparql", text + "}", QUERY, form="boolean", boolean=False)


ASK_BOTH = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
ASK_FULL = f"ASK {{\n  <{D3}> a ?type\n  GRAPH ?g1 {{ <{D1}> a ?type }}\n  GRAPH ?g2 {{ <{D2}> a ?type }}\n}}"
ASK_FROM = f"ASK FROM <{D3}> {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
FOAF_DOCUMENTS = "".join(f"    GRAPH <{d}> {{ <{d}> a foaf:Document }}\n" for d in (D1, D2, D3))
UPDATE_HEAD = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
BIBLIOGRAPHIC = "<http://purl.org/dc/terms/BibliographicResource>"
WRITTEN = [f"<{D1}> a {BIBLIOGRAPHIC} .", f"<{D2}> a {BIBLIOGRAPHIC} ."]
TRUE = {"form": "boolean", "boolean": True}
D0_ONLY = url(("default-graph-uri", D0))


def update_into(graph: str, where: str, clear: str = "DROP ALL ;\nINSERT DATA {\n" + FOAF_DOCUMENTS + "} ;\n") -> str:
    insert = f"INSERT {{\n    GRAPH <{graph}> {{\n        ?s a dc:BibliographicResource\n    }}\n}}\n"
    return f"{UPDATE_HEAD}{clear}{insert}WHERE {{\n{where}\n}}"


CASES: dict[str, list[Call]] = {
    "query_post_form": [post(D0_ONLY, "query=ASK%20%7B%7D", FORM, **TRUE)],
    "query_dataset_default_graphs_get": [
        Call("GET", url(("query", ASK_BOTH), ("default-graph-uri", D1), ("default-graph-uri", D2)), **TRUE)
    ],
    "query_dataset_default_graphs_post": [post(url(("default-graph-uri", D1), ("default-graph-uri", D2)), ASK_BOTH, QUERY, **TRUE)],
    "query_dataset_named_graphs_post": [post(url(("named-graph-uri", D1), ("named-graph-uri", D2)), ASK_NAMED, QUERY, **TRUE)],
    "query_dataset_named_graphs_get": [Call("GET", url(("query", ASK_NAMED), ("named-graph-uri", D1), ("named-graph-uri", D2)), **TRUE)],
    "query_dataset_full": [
        post(url(("default-graph-uri", D3), ("named-graph-uri", D1), ("named-graph-uri", D2)), ASK_FULL, QUERY, **TRUE)
    ],
    "query_multiple_dataset": [post(url(("named-graph-uri", D1), ("named-graph-uri", D2)), ASK_FROM, QUERY, **TRUE)],
    "query_get": [Call("GET", url(("query", "ASK {}"), ("default-graph-uri", D0)), **TRUE)],
    "query_content_type_select": [post(D0_ONLY, "SELECT (1 AS ?value) {}", QUERY, form="tabular")],
    "query_content_type_ask": [post(D0_ONLY, "ASK {}", QUERY, form="boolean")],
    "query_content_type_describe": [post(D0_ONLY, "DESCRIBE <http://example.org/>", QUERY, form="RDF")],
    "query_content_type_construct": [post(D0_ONLY, "CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY, form="RDF")],
    "update_dataset_default_graph": [
        post(
            url(("using-graph-uri", D1)),
            update_into(f"{EX}update-dataset-test/", "    ?s a foaf:Document",
                        f"CLEAR ALL ;\nINSERT DATA {{\n    GRAPH <{D1}> {{\n        <{D1}> a foaf:Document\n    }}\n}} ;\n"),
            UPDATE,
            status=403,
        ),
        ask_written(f"{EX}update-dataset-test/", [f"<{D1}> a {BIBLIOGRAPHIC}"]),
    ],  # fmt: skip
    "update_dataset_default_graphs": [
        post(
            url(("using-graph-uri", D1), ("using-graph-uri", D2)),
            update_into(f"{EX}update-dataset-graphs-test/", "    ?s a foaf:Document"),
            UPDATE,
            status=403,
        ),
        ask_written(f"{EX}update-dataset-graphs-test/", WRITTEN, f"<{D3}> a {BIBLIOGRAPHIC} ."),
    ],  # fmt: skip
    "update_dataset_named_graphs": [
        post(
            url(("using-named-graph-uri", D1), ("using-named-graph-uri", D2)),
            update_into(f"{EX}update-dataset-named-graphs-test/", "    GRAPH ?g {\n        ?s a foaf:Document\n    }"),
            UPDATE,
            status=403,
        ),
        ask_written(f"{EX}update-dataset-named-graphs-test/", WRITTEN, f"<{D3}> a {BIBLIOGRAPHIC} ."),
    ],  # fmt: skip
    "update_dataset_full": [
        post(
            url(("using-graph-uri", D1), ("using-named-graph-uri", D2)),
            f"{UPDATE_HEAD}DROP ALL ;\nINSERT DATA {{\n{FOAF_DOCUMENTS}}} ;\n"
            f"INSERT {{\n    GRAPH <{EX}update-dataset-full-test/> {{\n        ?s <http://example.org/in> ?in\n    }}\n}}\n"
            'WHERE {\n    {\n        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n    UNION\n    {\n'
            '        ?s a foaf:Document .\n        BIND("default" AS ?in)\n    }\n}',
            UPDATE,
            status=403,
        ),
        ask_written(f"{EX}update-dataset-full-test/",
                    [f'<{D1}> <http://example.org/in> "default" .', f"<{D2}> <http://example.org/in> <{D2}> ."], f"<{D3}> ?p ?o"),
    ],  # fmt: skip
    "update_post_form": [post("/sparql", "update=CLEAR+ALL", FORM, status=403)],
    "update_post_direct": [post("/sparql", "CLEAR ALL", UPDATE, status=403)],
    "update_base_uri": [
        post("/sparql", f"CLEAR SILENT GRAPH <{EX}base-test/> ;\n"
             f"INSERT DATA {{ GRAPH <{EX}base-test/> {{ <http://example.org/s> <http://example.org/p> <test> }} }}",
             UPDATE, status=403),
        ask_written(f"{EX}base-test/",
                    ["<http://example.org/s> <http://example.org/p> ?o", 'FILTER (isIRI(?o) && STR(?o) != "test")']),
    ],  # fmt: skip
    "query_post_direct": [post("/sparql", "ASK {}", QUERY, **TRUE)],
    "bad_query_method": [Call("PUT", url(("query", "ASK {}"), ("default-graph-uri", D0)), content_type=FORM, status=405)],
    "bad_multiple_queries": [Call("GET", url(("query", "ASK {}"), ("query", "SELECT * {}")), status=400)],
    "bad_query_wrong_media_type": [post("/sparql", "ASK {}", "text/plain", status=415)],
    "bad_query_missing_form_type": [post("/sparql", "query=ASK%20%7B%7D", None, status=415)],
    "bad_query_missing_direct_type": [post("/sparql", "ASK {}", None, status=415)],
    "bad_query_non_utf8": [Call("POST", "/sparql", "ASK {}", f"{QUERY}; charset=UTF-16", "utf-16", status=415)],
    "bad_query_syntax": [Call("GET", url(("query", "ASK {")), status=400)],
    "bad_update_get": [Call("GET", url(("update", "CLEAR ALL")), status=403)],
    "bad_multiple_updates": [post("/sparql", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status=403)],
    "bad_update_wrong_media_type": [post("/sparql", "CLEAR NAMED", "text/plain", status=403)],  # an update by its text alone
    "bad_update_missing_form_type": [post("/sparql", "update=CLEAR%20NAMED", None, status=403)],
    "bad_update_non_utf8": [Call("POST", "/sparql", "CLEAR NAMED", f"{UPDATE}; charset=UTF-16", "utf-16", status=403)],
    "bad_update_syntax": [post("/sparql", "update=CLEAR%20XYZ", FORM, status=403)],
    "bad_update_dataset_conflict": [
        post(url(("using-named-graph-uri", "http://example/people")),
             "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\nDELETE { ?person foaf:givenName 'Bill' }\n"
             "INSERT { ?person foaf:givenName 'William' }\nWHERE {\n    ?person foaf:givenName 'Bill'\n}", UPDATE, status=403)
    ],  # fmt: skip
}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("protocol") / "kg-store"
    db = kgstore.open_store(path, create=True)
    graphs = [(d, kgstore.statements([(URIRef(d), TYPE, ARTICLE), (URIRef(d), TITLE, Literal(f"Article {d[-5]}"))])) for d in (D1, D2, D3)]
    kgstore.add_graphs(db, graphs)
    kgstore.publish(db, path)  # for readers, as a build does
    del db
    with kg_serve("--store", str(path)) as address:
        yield address


def send(connection: http.client.HTTPConnection, call: Call) -> tuple[int, str, bytes]:
    """The request exactly as given: no header but Host, Content-Length and the content type."""
    headers = {"Content-Type": call.content_type} if call.content_type else {}
    body = call.body.encode(call.encoding) if call.body is not None else None
    connection.request(call.method, call.path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, (response.getheader("Content-Type") or "").split(";")[0], response.read()


def check(call: Call, status: int, media: str, body: bytes) -> None:
    assert status == call.status, body
    if status >= 400:  # errors are one short line of text
        assert media == "text/plain" and len(body.decode().strip().splitlines()) == 1, body
    elif call.form == "boolean":
        answer = ox.parse_query_results(body, BOOLEAN_TYPES[media])
        assert isinstance(answer, ox.QueryBoolean)
        assert call.boolean is None or bool(answer) is call.boolean
    elif call.form == "tabular":
        solutions = ox.parse_query_results(body, TABULAR_TYPES[media])
        assert [s["value"].value for s in solutions] == ["1"]
    elif call.form == "RDF":
        Graph().parse(data=body.decode(), format=RDF_TYPES[media])


@pytest.mark.parametrize("case", list(CASES))
def test_w3c_protocol(endpoint, case):
    address = urlsplit(endpoint)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    snapshot = Call("GET", url(("query", SNAPSHOT)), form="tabular")
    try:
        before = send(connection, snapshot)[2]
        for call in CASES[case]:
            check(call, *send(connection, call))
        assert send(connection, snapshot)[2] == before
    finally:
        connection.close()
