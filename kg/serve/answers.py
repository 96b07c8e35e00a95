"""What the endpoint answers: its formats and their negotiation, what it refuses, and the query task its
worker processes run (kg.workers), which writes each result in the format asked, cut at `max_rows`."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import formats
from kg.errors import KgError, one_line
from kg.results import Layout, take, write_results
from kg.sparql import is_update, keywords

if TYPE_CHECKING:
    from kg.store import QueryResult

SOLUTION_FORMATS = formats.of(formats.SOLUTIONS)
GRAPH_FORMATS = formats.of(formats.GRAPH)
# `format=html`: a table for people, which the query form asks for; never chosen by Accept alone, so a
# browser opening a query URL still gets the W3C format programs expect
HTML = formats.get("html", formats.PAGE).name
TRUNCATED_HEADER = "Kg-Truncated"
# rdflib's name for a dataset's default graph, which its SPARQLStore sends as default-graph-uri for a
# Dataset's own queries: here it names our default graph, the union of the articles
RDFLIB_DEFAULT_GRAPH = "urn:x-rdflib:default"


def refusal(sparql: str, allow_service: bool) -> str | None:
    """Why the endpoint will not run this query, or None."""
    if is_update(sparql):
        return "this endpoint is read-only: SPARQL Update is refused"
    if "SERVICE" in keywords(sparql) and not allow_service:
        return "SERVICE is refused: the endpoint does not query other servers (start it with --allow-service)"
    return None


def negotiate(accept: str | None, asked: Iterable[str], offered: tuple[formats.Format, ...]) -> str | None:
    """The format name to answer in: the first known `format` parameter value, else the best match
    for the Accept header (by q-value, then order), else the default; None if nothing acceptable."""
    known = {f.name for f in offered}
    by_media = formats.by_media(offered)
    for value in asked:
        if value in known:
            return value
        if value in by_media:
            return by_media[value]
    if not accept:
        return offered[0].name
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
    for _, _, wanted in sorted(ranges):
        if wanted in by_media:
            return by_media[wanted]
        if wanted == "*/*":
            return offered[0].name
        if wanted.endswith("/*"):
            for f in offered:
                if f.media.startswith(wanted[:-1]):
                    return f.name
    return None


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: an HTTP status, a media type, the body and whether rows were cut."""

    status: int
    media: str
    body: bytes
    truncated: bool = False


@dataclass(frozen=True)
class Head:
    """An answer without its body: what kg.cache keeps in a kept answer's header, so that answer is
    given again with its own status, media type and Kg-Truncated header."""

    status: int
    media: str
    truncated: bool


@dataclass(frozen=True)
class Job:
    """One query for a worker. Empty graph lists with `dataset` False mean the store's own dataset;
    with `dataset` True they are the protocol's dataset (default-graph-uri, named-graph-uri), which
    replaces the store's and the query's FROM."""

    sparql: str
    solution_fmt: str | None
    graph_fmt: str | None
    base_iri: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    dataset: bool = False


def answer(result: QueryResult, solution_fmt: str | None, graph_fmt: str | None, max_rows: int) -> Answer:
    """A query result in the negotiated format, keeping at most `max_rows` rows or triples: kg.results
    writes it, as it does for `kg query`; the query form's HTML table is drawn here."""
    triples = isinstance(result, ox.QueryTriples)
    fmt = graph_fmt if triples else solution_fmt
    if fmt is None:
        return _not_acceptable(GRAPH_FORMATS if triples else SOLUTION_FORMATS)
    if fmt == HTML:
        return _html(result, max_rows)
    out = io.BytesIO()
    written = write_results(result, Layout(fmt, fmt, max_rows=max_rows), out)
    return Answer(200, formats.get(fmt, formats.GRAPH if triples else formats.SOLUTIONS).media, out.getvalue(), written.truncated)


def _html(result: QueryResult, max_rows: int) -> Answer:
    from kg.serve.page import result_table

    if isinstance(result, ox.QueryBoolean):
        return Answer(200, "text/html", result_table(["answer"], [[ox.Literal(str(bool(result)).lower())]]).encode())
    if isinstance(result, ox.QueryTriples):
        triples, truncated = take(result, max_rows)
        names, rows = ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in triples]
    else:
        names = [v.value for v in result.variables]
        solutions, truncated = take(result, max_rows)
        rows = [[s[n] for n in names] for s in solutions]
    return Answer(200, "text/html", result_table(names, rows).encode(), truncated)


def _not_acceptable(offered: tuple[formats.Format, ...]) -> Answer:
    return Answer(406, "text/plain", f"not acceptable: this result is available as {', '.join(f.media for f in offered)}\n".encode())


def _graph(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if iri == RDFLIB_DEFAULT_GRAPH else ox.NamedNode(iri)


def open_worker(store_path: str, max_rows: int) -> tuple:
    """A worker's state: the store's path, a reader of its checkpoints and the row cap."""
    from kg import store as kgstore

    return Path(store_path), kgstore.open_reader(store_path), max_rows


def run_job(state: tuple, job: Job) -> Answer:
    """A worker's task: the query's answer, kept in the store's folder when slow and given again while
    the store is unchanged (kg.cache). Errors become short text answers."""
    from kg import store as kgstore
    from kg.cache import Output, ResultsCache

    path, reader, max_rows = state
    cache = ResultsCache(path)  # before the newest checkpoint is looked for: see kg.cache
    db = reader.fresh()  # a build's finished articles, at the next query
    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
    if job.dataset:
        default_graph = [_graph(g) for g in job.default_graphs]
        named_graphs = [ox.NamedNode(g) for g in job.named_graphs]

    def run() -> Output[Head]:
        result = kgstore.query(db, job.sparql, base_iri=job.base_iri, default_graph=default_graph, named_graphs=named_graphs)
        reply = answer(result, job.solution_fmt, job.graph_fmt, max_rows)
        return Output(reply.body, Head(reply.status, reply.media, reply.truncated))

    key = f"http {job.solution_fmt} {job.graph_fmt} {max_rows} {job.base_iri} {job.dataset} {job.default_graphs} {job.named_graphs}"
    try:
        kept = cache.answer(job.sparql, key, run, Head)
    except KgError as err:
        return Answer(400, "text/plain", f"{err}\n".encode())
    except Exception as err:  # an evaluation error must not end the worker; the client gets its message
        return Answer(500, "text/plain", f"query failed: {one_line(err)}\n".encode())
    return Answer(kept.about.status, kept.about.media, kept.data, kept.about.truncated)
