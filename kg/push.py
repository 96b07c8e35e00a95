"""Store -> a remote SPARQL 1.1 store, one named graph per article, replaced on every push.

The Graph Store HTTP Protocol's PUT replaces a graph in one request, so pushing twice never
duplicates a triple; stores without it get the same through SPARQL Update (DROP SILENT GRAPH then
INSERT DATA). Large graphs go in batches: the first replaces the graph, the rest add to it.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg import store as kgstore
from kg.errors import KgError

# statuses that mean "no Graph Store Protocol here", after which `auto` tries SPARQL Update
_NO_GSP = {404, 405, 415, 501}
_TIMEOUT = (10, 300)  # seconds to connect, seconds to wait for an answer


@dataclass(frozen=True)
class PushReport:
    graphs: int
    triples: int
    requests: int
    protocol: str
    seconds: float


class _Client:
    """One HTTP session to the endpoint: picks basic or digest auth from the server's challenge."""

    def __init__(self, user: str | None, password: str | None) -> None:
        self.session = requests.Session()
        self.user = user
        self.password = password
        self.requests = 0

    def send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        response = self._send(method, url, **kwargs)
        if response.status_code == 401 and self.user is not None and self.session.auth is None:
            self.session.auth = self._auth(response.headers.get("WWW-Authenticate", ""))
            response = self._send(method, url, **kwargs)
        return response

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.requests += 1
        try:
            return self.session.request(method, url, timeout=_TIMEOUT, **kwargs)
        except requests.ConnectionError as err:
            raise KgError(f"cannot reach {url.split('?')[0]}: {_reason(err)}") from None
        except requests.Timeout:
            raise KgError(f"{url.split('?')[0]}: no answer within {_TIMEOUT[1]} s") from None

    def _auth(self, challenge: str) -> AuthBase:
        assert self.user is not None and self.password is not None
        if challenge.lower().startswith("digest"):
            return HTTPDigestAuth(self.user, self.password)
        return HTTPBasicAuth(self.user, self.password)


def _reason(err: Exception) -> str:
    """requests nests the cause several layers deep; the errno text is what a person needs."""
    found = re.findall(r"\[Errno -?\d+\] ([^'\")]+)", str(err))
    return found[-1].strip() if found else str(err).splitlines()[0]


def refused(response: requests.Response, endpoint: str) -> KgError:
    """HTTP status and the first line the server said, without markup."""
    text = re.sub(r"<[^>]*>", " ", response.text or "")
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    unasked = response.status_code == 401 and "Authorization" not in response.request.headers
    hint = " (give --user and --password-env)" if unasked else ""
    return KgError(f"{endpoint} refused: HTTP {response.status_code} {response.reason}{hint}" + (f": {first[:200]}" if first else ""))


def _chunks(store: ox.Store, graph: str, size: int) -> Iterator[bytes]:
    """A graph as N-Triples documents of at most `size` triples each (at least one, even if empty)."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
    for start in range(0, max(len(triples), 1), size):
        buffer = io.BytesIO()
        ox.serialize(triples[start : start + size], buffer, ox.RdfFormat.N_TRIPLES)
        yield buffer.getvalue()


def _gsp(client: _Client, endpoint: str, graph: str, chunks: list[bytes]) -> requests.Response:
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
    client = _Client(user, password)
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


def _flush(client: _Client, endpoint: str, pending: list[str]) -> None:
    """Send the queued operations as one SPARQL Update request, form-encoded: the one way every
    SPARQL 1.1 store takes."""
    if pending:
        response = client.send("POST", endpoint, data={"update": " ;\n".join(pending)})
        if response.status_code >= 300:
            raise refused(response, endpoint)
        pending.clear()
