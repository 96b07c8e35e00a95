"""Remote SPARQL 1.1 stores over HTTP: one session with the store's auth (`kg push` writes through it),
and a remote query endpoint that answers as the embedded store does, so `kg query --endpoint` and
`kg console --endpoint` print its results with the same writer and run the same named queries.

The remote store knows none of kg's prefixes, so each query goes with PREFIX lines for those it uses
but does not declare. Results come as SPARQL JSON (solutions, booleans) or N-Triples (graphs) and are
read back into pyoxigraph's result types.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.errors import KgError
from kg.sparql import is_update, prefixes_used

_CONNECT, _WAIT = 10, 300  # seconds to connect, seconds to wait for an answer
_SOLUTIONS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


class Client:
    """One HTTP session to the endpoint: picks basic or digest auth from the server's challenge."""

    def __init__(self, user: str | None, password: str | None, wait: float = _WAIT) -> None:
        self.timeout = (_CONNECT, wait)
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
            return self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.ConnectionError as err:
            raise KgError(f"cannot reach {url.split('?')[0]}: {_reason(err)}") from None
        except requests.Timeout:
            raise KgError(f"{url.split('?')[0]}: no answer within {self.timeout[1]:g} s") from None

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



class Endpoint:
    """A remote store's query URL (Oxigraph's /query, Virtuoso's /sparql), queried as `ox.Store.query`
    is, so kg.store's `query` and `select`, and everything over them, run against it unchanged."""

    def __init__(self, url: str, user: str | None = None, password: str | None = None, timeout: float | None = None) -> None:
        self.url = url
        self.client = Client(user, password, timeout or _WAIT)

    def query(
        self,
        sparql: str,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        default_graph: object = None,
        named_graphs: object = None,
    ) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
        if is_update(sparql):
            raise KgError("SPARQL update refused: queries only read the store")
        text = _prologue(sparql, prefixes or {}) + sparql
        accept = f"{_SOLUTIONS}, {_TRIPLES};q=0.9, text/turtle;q=0.8"
        response = self.client.send("POST", self.url, data={"query": text}, headers={"Accept": accept})
        if response.status_code >= 300:
            raise refused(response, self.url)
        media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media in (_SOLUTIONS, "application/json"):
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        if media in (_TRIPLES, "text/turtle", "text/plain"):
            graph = ox.Store()
            graph.load(response.content, ox.RdfFormat.TURTLE)  # N-Triples is Turtle too
            return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
        raise KgError(f"{self.url} answered {media or 'no Content-Type'}, not SPARQL results")


def _prologue(sparql: str, prefixes: dict[str, str]) -> str:
    """PREFIX lines for the known prefixes the query uses and does not declare itself."""
    used = prefixes_used(sparql)
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):", sparql))
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in sorted(used - declared) if p in prefixes)
