"""Real clients against a real `kg serve` on the sample articles: rdflib's SPARQLStore (alone, under a
Dataset and as one article's Graph), SPARQLWrapper in each of its return formats, curl, and plain
HTTP for the protocol's edges: dataset parameters, the Service Description, CORS, HEAD, OPTIONS, 405,
chunked bodies on a keep-alive connection, charsets, the base IRI, JSON-LD and the HTML table."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.parse
import warnings
from collections import Counter
from http.client import HTTPConnection

import psutil
import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper import RDF as RDF_FORMAT

from kg import store as kgstore
from kg.vocab import ONTOLOGY_IRI
from tests.conftest import require_tool
from tests.servers import KG, kg_serve
from tests.test_serve import SLOW, http, local_solutions

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MEETINGS = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Meeting ; ?p ?o }"
QUERIES = {
    "select": "SELECT ?s ?label WHERE { ?s a kg:Country ; skos:prefLabel ?label }",
    "ask": "ASK { ?s a kg:Meeting }",
    "construct": MEETINGS,
    "describe": "DESCRIBE ?c WHERE { ?c skos:prefLabel 'Armenia' }",
}


@pytest.fixture(scope="module")
def endpoint(built_store):
    with kg_serve("--store", str(built_store), "--timeout", "10") as url:
        yield url


@pytest.fixture(scope="module")
def local(built_store):
    return kgstore.open_store(built_store, read_only=True)


@pytest.fixture(scope="module")
def article(local) -> str:
    return kgstore.article_graphs(local)[0]


def count(store: ox.Store, sparql: str) -> int:
    return int(next(iter(kgstore.query(store, sparql)))["n"].value)


def remote_count(sparql: SPARQLWrapper) -> int:
    sparql.setReturnFormat(JSON)
    return int(sparql.query().convert()["results"]["bindings"][0]["n"]["value"])


def local_graph(store: ox.Store, sparql: str) -> Graph:
    return Graph().parse(data=ox.serialize(list(kgstore.query(store, sparql)), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")


def test_default_graph_uri_scopes_a_count_to_one_article(endpoint, local, article):
    in_article = count(local, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article}> {{ ?s ?p ?o }} }}")
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(COUNT)
    sparql.addDefaultGraph(article)
    assert remote_count(sparql) == in_article
    assert 0 < in_article < count(local, COUNT)


def test_named_graph_uri_is_the_only_named_graph_and_leaves_the_default_graph_empty(endpoint, local, article):
    assert len(kgstore.article_graphs(local)) > 1
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    sparql.setReturnFormat(JSON)
    sparql.addNamedGraph(article)
    assert [b["g"]["value"] for b in sparql.query().convert()["results"]["bindings"]] == [article]
    sparql.setQuery(COUNT)
    assert remote_count(sparql) == 0


def test_rdflib_sparqlstore_dataset_and_article_graph(endpoint, local, article):
    store = SPARQLStore(endpoint)
    assert {str(g) for g in store.contexts()} == {*kgstore.article_graphs(local), ONTOLOGY_IRI}  # the articles and the ontology
    assert len(store) == count(local, COUNT)
    # a Dataset's queries name its default graph urn:x-rdflib:default: ours, the union
    assert int(next(iter(Dataset(store=store).query(COUNT)))[0]) == count(local, COUNT)
    graph = Graph(store, identifier=URIRef(article))
    expected = {(row[0], row[1]) for row in local_solutions(local, f"SELECT ?s ?t WHERE {{ GRAPH <{article}> {{ ?s a ?t }} }}")}
    assert {(ox.NamedNode(str(s)), ox.NamedNode(str(t))) for s, _, t in graph.triples((None, RDF.type, None))} == expected
    assert len(graph) == count(local, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article}> {{ ?s ?p ?o }} }}")


def converted(endpoint: str, kind: str, fmt: str) -> object:
    """SPARQLWrapper's converted result, failing if it says the answer was not in the format asked."""
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(QUERIES[kind])
    sparql.setReturnFormat(fmt)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = sparql.query().convert()
    assert not [w for w in caught if "has been returned" in str(w.message)]
    return result


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_and_ask(endpoint, local, fmt):
    rows = converted(endpoint, "select", fmt)
    expected = {row[1].value for row in local_solutions(local, QUERIES["select"])}
    if fmt == JSON:
        labels = {b["label"]["value"] for b in rows["results"]["bindings"]}
    elif fmt == XML:
        labels = {node.firstChild.data for node in rows.getElementsByTagName("literal")}
    else:
        labels = {line.split("," if fmt == CSV else "\t")[1].strip('"') for line in rows.decode().splitlines()[1:]}
    assert labels == expected and "Armenia" in labels
    answer = converted(endpoint, "ask", fmt)
    if fmt == JSON:
        assert answer["boolean"] is True
    elif fmt == XML:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert answer.decode().split()[-1] == "true"


@pytest.mark.parametrize("kind", ["construct", "describe"])
@pytest.mark.parametrize("fmt", [TURTLE, N3, XML, RDFXML, RDF_FORMAT, JSONLD, JSON])
def test_sparqlwrapper_graphs(endpoint, local, kind, fmt):
    result = converted(endpoint, kind, fmt)
    graph = result if isinstance(result, Graph) else Graph().parse(data=result.decode(), format="turtle")
    expected = local_graph(local, QUERIES[kind])
    assert len(graph) > 3 and isomorphic(graph, expected)


def test_curl(endpoint, local):
    curl = require_tool("curl")
    query = "SELECT ?name WHERE { ?c a kg:Country ; skos:prefLabel ?name }"
    out = subprocess.run([curl, "-sf", "-H", "Accept: text/csv", "--data-urlencode", f"query={query}", endpoint],
                         capture_output=True, text=True, timeout=30, check=True).stdout  # fmt: skip
    assert Counter(out.splitlines()[1:]) == Counter(row[0].value for row in local_solutions(local, query))
    url = f"{endpoint}?{urllib.parse.urlencode({'query': query})}"
    head = subprocess.run([curl, "-sfI", url], capture_output=True, text=True, timeout=30)
    assert head.returncode == 0 and "content-type: application/sparql-results+json" in head.stdout.lower()


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/rdf+xml", "xml")])
def test_service_description(endpoint, accept, fmt):
    status, headers, body = http(endpoint, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body.decode(), format=fmt)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == URIRef(endpoint)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.Turtle, FORMATS["JSON-LD"]} <= set(graph.objects(service, SD.resultFormat))


def test_cors_preflight_and_answers(endpoint):
    origin = "http://tool.example"
    preflight = {"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = http(endpoint, headers=preflight, method="OPTIONS")
    assert status in (200, 204) and headers["Access-Control-Allow-Origin"] in ("*", origin)
    assert "POST" in headers["Access-Control-Allow-Methods"] and "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, headers, _ = http(endpoint + "?query=ASK%7B%7D", headers={"Origin": origin})
    assert status == 200 and headers["Access-Control-Allow-Origin"] in ("*", origin)
    assert "Kg-Truncated" in headers["Access-Control-Expose-Headers"]


def test_options_head_and_405_with_allow(endpoint):
    status, headers, _ = http(endpoint, method="OPTIONS")
    assert status in (200, 204) and {"GET", "POST"} <= {m.strip() for m in headers["Allow"].split(",")}
    status, headers, body = http(endpoint + "?query=ASK%7B%7D", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    for method in ("DELETE", "PATCH", "PUT"):
        status, headers, body = http(endpoint, data=b"x", method=method)
        assert status == 405 and "GET" in headers["Allow"] and b"read-only" in body


def test_chunked_body_then_the_next_request_on_the_same_connection(endpoint, local):
    address = urllib.parse.urlsplit(endpoint)
    connection = HTTPConnection(address.hostname, address.port, timeout=30)
    query = "SELECT ?s ?label WHERE { ?s a kg:Country ; skos:prefLabel ?label }"
    headers = {"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"}
    try:
        connection.request("POST", "/sparql", body=iter([query[:20].encode(), query[20:].encode()]), headers=headers, encode_chunked=True)
        response = connection.getresponse()
        remote = ox.parse_query_results(response.read(), ox.QueryResultsFormat.TSV)
        assert response.status == 200 and not response.will_close
        assert Counter(tuple(s[v.value] for v in remote.variables) for s in remote) == Counter(local_solutions(local, query))
        connection.request("GET", "/sparql?query=ASK%7B%7D")  # the same connection, kept alive
        second = connection.getresponse()
        assert second.status == 200 and json.loads(second.read())["boolean"] is True
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/sparql-query; charset=ISO-8859-1", "ASK { ?s ?p 'Genève' }".encode("latin-1"), 415),
        ("application/x-www-form-urlencoded; charset=windows-1252", b"query=ASK%20%7B%7D", 415),
        ("application/sparql-query", "ASK { ?s ?p 'Genève' }".encode("latin-1"), 400),
        ("application/sparql-query; charset=UTF-8", "ASK { ?s ?p 'Genève' }".encode(), 200),
    ],
    ids=["latin-1", "form-windows-1252", "undeclared-latin-1", "utf-8"],
)
def test_body_encodings(endpoint, content_type, body, status):
    got, headers, text = http(endpoint, data=body, headers={"Content-Type": content_type})
    assert got == status, text
    if status != 200:
        assert headers["Content-Type"].startswith("text/plain") and len(text.decode().splitlines()) == 1


def test_a_body_over_1_mib_is_refused_before_it_is_sent(endpoint):
    address = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 2097152\r\n\r\n")
        head = sock.makefile("rb").readline()
    assert head.split()[1] == b"413"


def test_relative_iris_resolve_against_the_endpoint(endpoint):
    query = urllib.parse.urlencode({"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"})
    _, _, body = http(f"{endpoint}?{query}", headers={"Accept": "application/n-triples"})
    root = endpoint.removesuffix("sparql")
    assert set(Graph().parse(data=body.decode(), format="nt")) == {(URIRef(root + "s"), URIRef(root + "p"), Literal(1))}


def test_construct_as_json_ld(endpoint, local):
    status, headers, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': MEETINGS})}", headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert isomorphic(Graph().parse(data=body.decode(), format="json-ld"), local_graph(local, MEETINGS))


def test_html_table(endpoint, local):
    query = QUERIES["select"]
    status, headers, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': query, 'format': 'html'})}")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html") and "script-src" not in headers["Content-Security-Policy"]
    assert "<th>s</th><th>label</th>" in page and "<script" not in page
    assert page.count("<tr>") == 1 + len(local_solutions(local, query))  # the header row, then one per solution
    _, _, error = http(f"{endpoint}?{urllib.parse.urlencode({'query': 'SELECT {', 'format': 'html'})}")
    assert 'class="error"' in error.decode() and "<textarea" in error.decode()


def busy_worker(server: subprocess.Popen) -> None:
    """Wait until one of the server's worker processes has spent a further 0.3 s of CPU: a query is
    running there, since an idle worker sleeps on its pipe."""
    children = psutil.Process(server.pid).children()
    before = {child.pid: sum(child.cpu_times()[:2]) for child in children}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(sum(child.cpu_times()[:2]) - before[child.pid] > 0.3 for child in children):
            return
        time.sleep(0.05)
    raise AssertionError("no worker started the query")


def test_stopping_the_server_ends_a_running_query(built_store):
    command = [str(KG), "serve", "--store", str(built_store), "-p", "0", "--timeout", "600"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    answers: list[tuple] = []
    try:
        url = server.stderr.readline().split("SPARQL endpoint at ")[1].split(",")[0]
        for _ in range(4):  # both workers started and idle
            assert http(url + "?query=ASK%7B%7D")[0] == 200
        client = threading.Thread(target=lambda: answers.append(http(url, data=urllib.parse.urlencode({"query": SLOW}).encode())))
        client.start()
        busy_worker(server)
        server.terminate()
        client.join(60)
        assert server.wait(60) == 0 and "stopped" in server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
        server.stderr.close()
    status, _, body = answers[0]
    assert status == 503 and b"stopping" in body
