"""The HTTP side of `kg serve`: the SPARQL 1.1 Protocol as a Starlette application.

Starlette and uvicorn give what a hand-written server gets wrong: HEAD, chunked request bodies,
keep-alive, and CORS (so query tools on other origins, YASGUI among them, can read the endpoint).
Queries run in kg.workers' processes; a request only waits for its answer, in a thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from kg import formats
from kg.errors import KgError
from kg.queries import bind, catalogue
from kg.serve.answers import (
    GRAPH_FORMATS,
    HTML,
    SOLUTION_FORMATS,
    TRUNCATED_HEADER,
    Answer,
    Job,
    negotiate,
    refusal,
)
from kg.serve.description import service_description
from kg.serve.page import error_html, page
from kg.sparql import is_update
from kg.workers import Stopped, WorkerPool

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20  # a query longer than 1 MiB is an attack, not a question
ALLOW = "GET, HEAD, POST, OPTIONS"
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
_QUERY_MEDIA = "application/sparql-query"
_FORM_MEDIA = "application/x-www-form-urlencoded"
_UPDATE_MEDIA = "application/sparql-update"
_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"


@dataclass(frozen=True)
class Settings:
    pool: WorkerPool
    timeout: float
    max_rows: int
    allow_service: bool


class Refused(Exception):
    """A request answered with a short text error instead of a result."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def respond(status: int, media: str, body: bytes, headers: dict[str, str] | None = None) -> Response:
    headers = {"X-Content-Type-Options": "nosniff", **(headers or {})}
    if media == "text/html":
        headers["Content-Security-Policy"] = _CSP
    headers["Content-Type"] = media if "charset" in media else f"{media}; charset=utf-8"
    return Response(body, status, headers)


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return respond(status, "text/plain", f"{message}\n".encode(), headers)


class Endpoint:
    """`/sparql` and `/`: a query by GET or POST, the Service Description or the form without one.
    An ASGI class rather than a function, so that Starlette routes every method here and the answer to
    any other than GET, HEAD, POST and OPTIONS is ours: 405 with Allow."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await endpoint(Request(scope, receive))
        await response(scope, receive, send)


async def endpoint(request: Request) -> Response:
    if request.method == "OPTIONS":  # a CORS preflight never gets here: the middleware answers it
        return Response(status_code=204, headers={"Allow": ALLOW})
    if request.method not in ("GET", "HEAD", "POST"):
        return text(405, "this endpoint is read-only: it answers GET, HEAD and POST", {"Allow": ALLOW})
    try:
        params = await _params(request)
        return await _dispatch(request, request.app.state.settings, params)
    except Refused as err:
        return text(err.status, err.message, err.headers)


async def _params(request: Request) -> dict[str, list[str]]:
    """The protocol's parameters: the URL's, and for a POST the form's or the query in the body."""
    params = _form(request.scope["query_string"], "the URL")
    if request.method != "POST":
        return params
    media, _, rest = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    pairs = [p.strip().lower().partition("=") for p in rest.split(";")]
    charset = next((value.strip('"') for name, _, value in pairs if name.strip() == "charset"), "utf-8")
    if media == _UPDATE_MEDIA:
        raise Refused(403, READ_ONLY)
    if media not in (_QUERY_MEDIA, _FORM_MEDIA):
        if _an_update(await _body(request)):  # "update=CLEAR ..." or "CLEAR NAMED" sent as plain text
            raise Refused(403, READ_ONLY)
        raise Refused(415, f"send the query as {_QUERY_MEDIA} or {_FORM_MEDIA}")
    if charset not in ("utf-8", "utf8"):
        raise Refused(415, f"charset={charset} refused: SPARQL is sent in UTF-8")
    body = await _body(request)
    if media == _FORM_MEDIA:
        for name, values in _form(body, "the form").items():
            params.setdefault(name, []).extend(values)
    else:
        params.setdefault("query", []).append(_utf8(body, "the body"))
    return params


def _an_update(body: bytes) -> bool:
    """A body of no declared SPARQL type that is an update all the same: refused as an update, never run."""
    text = body.decode("utf-8", "replace")
    return "update" in parse_qs(text) or is_update(text)


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Refused(400, f"{what} is not UTF-8 (byte {err.start})") from None


def _form(data: bytes, what: str) -> dict[str, list[str]]:
    try:
        return parse_qs(_utf8(data, what), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise Refused(400, f"{what} has a percent-escape that is not UTF-8") from None


async def _body(request: Request) -> bytes:
    """The request body, chunked or not, refused past MAX_BODY (and the connection closed, since the
    rest of it is not read)."""
    too_large = Refused(413, "request body too large (1 MiB at most)", {"Connection": "close"})
    try:
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            raise too_large
    except ValueError:
        raise Refused(400, "Content-Length is not a number", {"Connection": "close"}) from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _dispatch(request: Request, settings: Settings, params: dict[str, list[str]]) -> Response:
    if "update" in params:
        raise Refused(403, READ_ONLY)
    queries, asked = params.get("query", []), params.get("format", [])
    base = _endpoint_url(request)
    if not queries and request.method != "POST":
        if request.url.path == "/":
            return respond(200, "text/html", page(name=next(iter(params.get("name", [])), None)))
        return _description(request, settings, base, asked)
    if len(queries) != 1:
        raise Refused(400, "give exactly one query parameter")
    sparql = queries[0]
    reason = refusal(sparql, settings.allow_service)
    if reason:
        raise Refused(403, reason)
    chosen: tuple[str | None, str | None]
    if HTML in asked:
        chosen = (HTML, HTML)
    else:
        accept = request.headers.get("accept")
        chosen = (negotiate(accept, asked, SOLUTION_FORMATS), negotiate(accept, asked, GRAPH_FORMATS))
    job = Job(sparql, *chosen, base_iri=base, **_dataset(params))
    try:
        reply = await run_in_threadpool(settings.pool.run, job, settings.timeout)
    except Stopped as err:
        reply = _stopped(err)
    headers = {"Vary": "Accept"}
    if reply.truncated:
        log.warning("result cut at %d rows", settings.max_rows)
        headers[TRUNCATED_HEADER] = f"max-rows={settings.max_rows}"
    if chosen[0] == HTML:
        shown = reply.body.decode() if reply.status == 200 else error_html(reply.body.decode().strip())
        if reply.truncated:
            shown += error_html(f"cut at {settings.max_rows} rows (--max-rows)")
        return respond(reply.status, "text/html", page(query=sparql, results=shown), headers)
    return respond(reply.status, reply.media, reply.body, headers)


class NamedEndpoint:
    """`/queries/NAME?actor=Hamas&since=2025-10`: a named query with its parameters bound, answered as
    `/sparql` answers it (the same negotiation, `format=` and dataset parameters)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            if request.method not in ("GET", "HEAD"):
                raise Refused(405, "a named query answers GET and HEAD", {"Allow": "GET, HEAD"})
            params = _form(request.scope["query_string"], "the URL")
            values = {k: v for k, v in params.items() if k not in _PROTOCOL}
            if any(len(v) != 1 for v in values.values()):
                raise Refused(400, "give each parameter once")
            named = catalogue().get(request.path_params["name"])
            if named is None:  # only the shipped queries: never a file the server's folder happens to hold
                raise Refused(404, f"no named query {request.path_params['name']!r} (known: {', '.join(catalogue())})")
            try:
                params["query"] = [bind(named, {k: v[0] for k, v in values.items()})]
            except KgError as err:
                raise Refused(400, str(err)) from None
            response = await _dispatch(request, request.app.state.settings, params)
        except Refused as err:
            response = text(err.status, err.message, err.headers)
        await response(scope, receive, send)


_PROTOCOL = {"format", "default-graph-uri", "named-graph-uri"}


def _endpoint_url(request: Request) -> str:
    """The URL the client reached the endpoint at: the base IRI of its query's relative IRIs."""
    url = f"{request.url.scheme}://{request.url.netloc}/sparql"
    try:
        ox.NamedNode(url)
    except ValueError:
        raise Refused(400, "the Host header is not a host name") from None
    return url


def _dataset(params: dict[str, list[str]]) -> dict:
    """The protocol's dataset, which replaces the store's and the query's FROM: the default graph is
    the merge of the default-graph-uri graphs, the named graphs are the named-graph-uri graphs."""
    default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    for iri in default + named:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise Refused(400, f"not an absolute IRI: {iri!r} (default-graph-uri, named-graph-uri)") from None
    return {"default_graphs": tuple(default), "named_graphs": tuple(named), "dataset": bool(default or named)}


def _stopped(err: Stopped) -> Answer:
    if err.why == "busy":
        return Answer(503, "text/plain", f"all workers busy for {err.seconds:g} s: try again later\n".encode())
    if err.why == "closed":
        return Answer(503, "text/plain", b"the server is stopping: try again later\n")
    if err.why == "died":
        return Answer(500, "text/plain", b"query failed: the worker process died\n")
    return Answer(503, "text/plain", f"query stopped: it ran longer than the {err.seconds:g} s limit (--timeout)\n".encode())


def _description(request: Request, settings: Settings, url: str, asked: list[str]) -> Response:
    fmt = negotiate(request.headers.get("accept"), asked, GRAPH_FORMATS)
    if fmt is None:
        raise Refused(406, f"not acceptable: the service description is available as {', '.join(f.media for f in GRAPH_FORMATS)}")
    media = formats.get(fmt, formats.GRAPH).media
    return respond(200, media, service_description(url, settings.allow_service, fmt), {"Vary": "Accept"})


async def _not_found(request: Request, exc: Exception) -> Response:
    return text(404, "not found: the endpoint is /sparql")


def make_app(settings: Settings) -> Starlette:
    cors = Middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=[TRUNCATED_HEADER],
        max_age=600,
    )
    routes = [Route("/", Endpoint()), Route("/sparql", Endpoint()), Route("/queries/{name}", NamedEndpoint())]
    app = Starlette(routes=routes, middleware=[cors], exception_handlers={404: _not_found})
    app.state.settings = settings
    return app
