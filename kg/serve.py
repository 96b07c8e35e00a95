"""A read-only SPARQL 1.1 Protocol endpoint over the store, for browsers and other RDF tools.

Written on the standard library's ThreadingHTTPServer rather than run through the `oxigraph` server
binary because the binary cannot be told what we need from a public endpoint: it has no read-only mode
for the protocol (its /update and /store accept writes), no way to refuse SERVICE (which would let any
visitor make the server fetch arbitrary URLs), no row cap, and does not know the project's prefixes or
our store's marker and format checks.

pyoxigraph cannot cancel a running query, so queries run in a few worker processes, each holding its
own read-only store. A query that outlives `timeout` gets its worker killed and replaced, and the
client a 503; the server itself never blocks. The cost is one pipe round trip per query (well under a
millisecond for small results) and a spare process per worker.
"""

from __future__ import annotations

import html
import json
import logging
import multiprocessing
import queue
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import is_update, keywords

log = logging.getLogger(__name__)

# format name (the `format` parameter) -> media type; the first is the default
SOLUTION_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "xml": "application/rdf+xml"}
# media types clients send for the same formats
SOLUTION_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
GRAPH_ALIASES = {"application/turtle": "turtle", "application/x-turtle": "turtle", "text/plain": "nt"}
_RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}
_MAX_BODY = 1 << 20  # a query longer than 1 MiB is an attack, not a question
TRUNCATED_HEADER = "Kg-Truncated"

def refusal(sparql: str, allow_service: bool) -> str | None:
    """Why the endpoint will not run this query, or None."""
    if is_update(sparql):
        return "this endpoint is read-only: SPARQL Update is refused"
    if "SERVICE" in keywords(sparql) and not allow_service:
        return "SERVICE is refused: the endpoint does not query other servers (start it with --allow-service)"
    return None


def negotiate(accept: str | None, asked: Iterable[str], types: dict[str, str], aliases: dict[str, str]) -> str | None:
    """The format name to answer in: the first known `format` parameter value, else the best match
    for the Accept header (by q-value, then order), else the default; None if nothing acceptable."""
    by_media = {media: name for name, media in types.items()} | aliases
    for value in asked:
        if value in types:
            return value
        if value in by_media:
            return by_media[value]
    if not accept:
        return next(iter(types))
    ranges = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media.lower()))
    for _, _, media in sorted(ranges):
        if media in by_media:
            return by_media[media]
        if media == "*/*":
            return next(iter(types))
        if media.endswith("/*"):
            family = media[:-1]
            for name, full in types.items():
                if full.startswith(family):
                    return name
    return None


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: an HTTP status, a media type, the body and whether rows were cut."""

    status: int
    media: str
    body: bytes
    truncated: bool = False


def _term(term: object) -> dict:
    """A term in the W3C SPARQL JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: _term(v) for k, v in parts.items()}}
    assert isinstance(term, ox.Literal)
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def answer(result: object, solution_fmt: str | None, graph_fmt: str | None, max_rows: int) -> Answer:
    """Serialise a query result, keeping at most `max_rows` rows or triples.

    Solutions are first written as SPARQL JSON and converted by pyoxigraph, because pyoxigraph can
    only serialise a whole result, and a cut one must be built row by row.
    """
    from kg.vocab import PREFIXES

    if isinstance(result, ox.QueryTriples):
        if graph_fmt is None:
            return _not_acceptable(GRAPH_TYPES)
        triples = []
        for triple in result:
            if len(triples) == max_rows:
                break
            triples.append(triple)
        truncated = len(triples) == max_rows and next(iter(result), None) is not None
        kwargs = {"prefixes": PREFIXES} if graph_fmt != "nt" else {}
        return Answer(200, GRAPH_TYPES[graph_fmt], ox.serialize(triples, format=_RDF_FORMATS[graph_fmt], **kwargs), truncated)
    if solution_fmt is None:
        return _not_acceptable(SOLUTION_TYPES)
    truncated = False
    if isinstance(result, ox.QueryBoolean):
        doc: dict = {"head": {}, "boolean": bool(result)}
    else:
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == max_rows:
                truncated = True
                break
            rows.append({name: _term(solution[name]) for name in names if solution[name] is not None})
        doc = {"head": {"vars": names}, "results": {"bindings": rows}}
    body = json.dumps(doc, ensure_ascii=False).encode()
    if solution_fmt != "json":
        body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=_RESULTS_FORMATS[solution_fmt])
    return Answer(200, SOLUTION_TYPES[solution_fmt], body, truncated)


def _not_acceptable(types: dict[str, str]) -> Answer:
    return Answer(406, "text/plain", f"not acceptable: this result is available as {', '.join(types.values())}\n".encode())


def _worker_main(conn: Connection, store_path: str, max_rows: int) -> None:
    """A worker process: opens its own read-only store and answers queries until the pipe closes.
    A slow answer is kept in the store's folder and given again while the store is unchanged (kg.cache)."""
    from kg import store as kgstore
    from kg.cache import Output, ResultsCache

    cache = ResultsCache(Path(store_path))  # before opening: see kg.cache
    db = kgstore.open_store(store_path, read_only=True)
    while True:
        try:
            sparql, solution_fmt, graph_fmt = conn.recv()
        except EOFError:
            return

        def run() -> Output:
            reply = answer(kgstore.query(db, sparql), solution_fmt, graph_fmt, max_rows)  # noqa: B023 (run at once)
            return Output(reply.body, {"status": reply.status, "media": reply.media, "truncated": reply.truncated})

        try:
            kept = cache.answer(sparql, f"http {solution_fmt} {graph_fmt} {max_rows}", run)
            reply = Answer(kept.about["status"], kept.about["media"], kept.data, kept.about["truncated"])
        except KgError as err:
            reply = Answer(400, "text/plain", f"{err}\n".encode())
        except Exception as err:  # an evaluation error must not end the worker; the client gets its message
            reply = Answer(500, "text/plain", f"query failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}\n".encode())
        conn.send(reply)


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, store_path: str, max_rows: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, store_path, max_rows), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """Worker processes that run queries with a time limit, replacing any worker that overran it.

    Spawned, not forked: forking a process that runs server threads can copy a held lock.
    """

    def __init__(self, store_path: Path, workers: int, max_rows: int) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._args = (str(store_path), max_rows)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self._idle.put(_Worker(self._context, *self._args))

    def run(self, sparql: str, solution_fmt: str | None, graph_fmt: str | None, timeout: float) -> Answer:
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Answer(503, "text/plain", f"all workers busy for {timeout:g} s: try again later\n".encode())
        worker.conn.send((sparql, solution_fmt, graph_fmt))
        if worker.conn.poll(timeout):
            try:
                reply = worker.conn.recv()
            except EOFError:  # the worker died (out of memory?): replace it like a timed-out one
                reply = Answer(500, "text/plain", b"query failed: the worker process died\n")
                worker.stop()
                worker = _Worker(self._context, *self._args)
            self._idle.put(worker)
            return reply
        worker.stop()
        self._idle.put(_Worker(self._context, *self._args))
        log.warning("query stopped after %g s", timeout)
        return Answer(503, "text/plain", f"query stopped: it ran longer than the {timeout:g} s limit (--timeout)\n".encode())

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().stop()


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}textarea{{width:100%;font-family:monospace}}</style>
</head><body>
<h1>kg SPARQL endpoint</h1>
<p>The default graph is the union of the article graphs; the prefixes {prefixes} are declared.
Read-only. Programs send queries to <code>/sparql</code> (SPARQL 1.1 Protocol, GET or POST).</p>
<form action="/sparql" method="get">
<textarea name="query" rows="14">{query}</textarea>
<p><label>Results as <select name="format">{options}</select></label> <button type="submit">Run</button></p>
</form>
<h2>Named queries</h2><ul>{named}</ul>
</body></html>
"""
_EXAMPLE = """SELECT ?name ?type WHERE {
  ?actor a ?type ; skos:prefLabel ?name .
  VALUES ?type { kg:Person kg:Organization kg:Country }
}
LIMIT 50"""


def page(name: str | None) -> bytes:
    """The query form, holding the named query `name` if given (so it needs no script)."""
    from kg.queries import named_queries
    from kg.vocab import PREFIXES

    named = named_queries()
    text = _EXAMPLE
    if name in named:
        from kg.queries import load_query

        text = load_query(name)
    options = "".join(f'<option value="{f}">{f}</option>' for f in SOLUTION_TYPES)
    links = "".join(f'<li><a href="/?{urlencode({"name": n})}">{html.escape(n)}</a>: {html.escape(d)}</li>' for n, d in named.items())
    prefixes = ", ".join(f"<code>{p}:</code>" for p in PREFIXES)
    return _PAGE.format(prefixes=prefixes, query=html.escape(text), options=options, named=links).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one packet: written apart, Nagle's algorithm and the client's delayed
    # ACK hold each small answer back by 40 ms.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        if url.path == "/" and "query" not in params and "update" not in params:
            self._send(Answer(200, "text/html; charset=utf-8", page(params.get("name", [None])[0])))
            return
        if url.path not in ("/", "/sparql"):
            self._send(Answer(404, "text/plain", b"not found: the endpoint is /sparql\n"))
            return
        self._query(params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            self._send(Answer(404, "text/plain", b"not found: the endpoint is /sparql\n"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(Answer(413, "text/plain", b"request body too large\n"), close=True)
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if media == "application/sparql-query":
            params["query"] = [body]
        elif media == "application/x-www-form-urlencoded":
            params |= parse_qs(body)
        elif media == "application/sparql-update":
            params["update"] = [body]
        else:
            self._send(Answer(415, "text/plain", b"send application/sparql-query or application/x-www-form-urlencoded\n"))
            return
        self._query(params)

    def do_PUT(self) -> None:  # noqa: N802
        self._send(Answer(405, "text/plain", b"this endpoint is read-only\n"), close=True)

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(Answer(403, "text/plain", b"this endpoint is read-only: SPARQL Update is refused\n"))
            return
        if len(params.get("query", [])) != 1:
            self._send(Answer(400, "text/plain", b"give exactly one query parameter\n"))
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            message = b"default-graph-uri and named-graph-uri are not supported: use FROM or GRAPH in the query\n"
            self._send(Answer(400, "text/plain", message))
            return
        sparql = params["query"][0]
        reason = refusal(sparql, self.server.allow_service)
        if reason:
            self._send(Answer(403, "text/plain", f"{reason}\n".encode()))
            return
        accept = self.headers.get("Accept")
        asked = params.get("format", [])
        solution_fmt = negotiate(accept, asked, SOLUTION_TYPES, SOLUTION_ALIASES)
        graph_fmt = negotiate(accept, asked, GRAPH_TYPES, GRAPH_ALIASES)
        reply = self.server.pool.run(sparql, solution_fmt, graph_fmt, self.server.timeout_s)
        if reply.truncated:
            log.warning("result cut at %d rows", self.server.max_rows)
        self._send(reply)

    def _send(self, reply: Answer, close: bool = False) -> None:
        self.send_response(reply.status)
        media = reply.media if reply.media.startswith("text/html") or "charset" in reply.media else f"{reply.media}; charset=utf-8"
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.media.startswith("text/html"):
            self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
        if reply.truncated:
            self.send_header(TRUNCATED_HEADER, f"max-rows={self.server.max_rows}")
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        log.info("%s %s", self.address_string(), format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], pool: QueryPool, timeout_s: float, max_rows: int, allow_service: bool) -> None:
        super().__init__(address, _Handler)
        self.pool = pool
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self.allow_service = allow_service


def serve(
    store_path: Path,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    allow_service: bool,
    workers: int,
    on_ready: Callable[[str], None],
) -> None:
    """Serve until interrupted; `on_ready` gets the endpoint's URL once it accepts connections."""
    from kg import store as kgstore
    from kg.cache import ResultsCache

    # Fail with a clear message here, not in every worker.
    kgstore.open_store(store_path, read_only=True)
    ResultsCache(store_path)  # KG_KEEP_SECONDS
    pool = QueryPool(store_path, workers, max_rows)
    try:
        server = _Server((host, port), pool, timeout, max_rows, allow_service)
    except OSError as err:
        pool.close()
        raise KgError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    signal.signal(signal.SIGTERM, _interrupt)  # so `kill` also stops the workers
    shown = f"[{host}]" if ":" in host else host
    on_ready(f"http://{shown}:{server.server_address[1]}/sparql")
    try:
        server.serve_forever()
    finally:
        server.server_close()
        pool.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
