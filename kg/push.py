"""Store -> a remote SPARQL 1.1 store, one named graph per article, replaced on every push.

The Graph Store HTTP Protocol's PUT replaces a graph in one request, so pushing twice never
duplicates a triple; stores without it get the same through SPARQL Update (DROP SILENT GRAPH then
INSERT DATA). Large graphs go in batches: the first replaces the graph, the rest add to it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import requests

from kg import store as kgstore
from kg.remote import Client, refused

# statuses that mean "no Graph Store Protocol here", after which `auto` tries SPARQL Update
_NO_GSP = {404, 405, 415, 501}


@dataclass(frozen=True)
class PushReport:
    graphs: int
    triples: int
    requests: int
    protocol: str
    seconds: float


def _chunks(store: ox.Store, graph: str, size: int) -> Iterator[bytes]:
    """A graph as N-Triples documents of at most `size` triples each (at least one, even if empty)."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
    for start in range(0, max(len(triples), 1), size):
        buffer = io.BytesIO()
        ox.serialize(triples[start : start + size], buffer, ox.RdfFormat.N_TRIPLES)
        yield buffer.getvalue()


def _gsp(client: Client, endpoint: str, graph: str, chunks: list[bytes]) -> requests.Response:
    """PUT the first chunk, POST the rest. N-Triples is sent as text/turtle, which it is a subset of,
    because older stores (Virtuoso 7) do not know application/n-triples."""
    response = None
    for i, body in enumerate(chunks):
        response = client.send(
            "PUT" if i == 0 else "POST",
            endpoint,
            params={"graph": graph},
            data=body,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
        if response.status_code >= 300:
            return response
    assert response is not None
    return response


def push(
    store: ox.Store,
    endpoint: str,
    user: str | None = None,
    password: str | None = None,
    protocol: str = "auto",
    batch: int = 10000,
    on_progress: Callable[[int, int], None] | None = None,
) -> PushReport:
    """Send every article graph to `endpoint`: a Graph Store URL (gsp) or an update URL (update).

    `auto` tries the Graph Store Protocol on the first graph and falls back to SPARQL Update on the
    same URL when the server says it has no such thing there.
    """
    started = time.perf_counter()
    client = Client(user, password)
    graphs = kgstore.article_graphs(store)
    triples = 0
    pending: list[str] = []  # update operations not yet sent
    pending_size = 0
    for done, graph in enumerate(graphs, 1):
        chunks = list(_chunks(store, graph, batch))
        count = sum(body.count(b"\n") for body in chunks)
        triples += count
        if protocol in ("auto", "gsp"):
            response = _gsp(client, endpoint, graph, chunks)
            if protocol == "auto" and response.status_code in _NO_GSP:
                protocol = "update"
            elif response.status_code >= 300:
                raise refused(response, endpoint)
            else:
                protocol = "gsp"
        if protocol == "update":
            for i, body in enumerate(chunks):
                data = body.decode()
                pending.append((f"DROP SILENT GRAPH <{graph}> ;\n" if i == 0 else "") + f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}")
                pending_size += data.count("\n")
                if pending_size >= batch:
                    _flush(client, endpoint, pending)
                    pending_size = 0
        if on_progress:
            on_progress(done, len(graphs))
    _flush(client, endpoint, pending)
    return PushReport(len(graphs), triples, client.requests, protocol, time.perf_counter() - started)


def _flush(client: Client, endpoint: str, pending: list[str]) -> None:
    """Send the queued operations as one SPARQL Update request, form-encoded: the one way every
    SPARQL 1.1 store takes."""
    if pending:
        response = client.send("POST", endpoint, data={"update": " ;\n".join(pending)})
        if response.status_code >= 300:
            raise refused(response, endpoint)
        pending.clear()
