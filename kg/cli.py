"""The `kg` command line: one thin function per command over the library."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg import formats
from kg.errors import KgError

if TYPE_CHECKING:
    from kg.build import BuildReport

DEFAULT_STORE = "kg-store"
store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STORE,
    show_default=True,
    help="Folder of the persistent store.",
)


def login_options(command: Callable[..., None]) -> Callable[..., None]:
    """--user and --password-env, for the commands that talk to a remote store."""
    command = click.option(
        "--password-env", metavar="VAR", help="Environment variable holding the password, so it stays out of shell history."
    )(command)
    return click.option("--user", help="User name for basic or digest auth (the server's challenge picks which).")(command)


def _password(user: str | None, password_env: str | None) -> str | None:
    """The password named by --password-env, read from the environment only, never the command line."""
    import os

    if user is None:
        return None
    if password_env is None:
        raise KgError("--user needs --password-env VAR naming the environment variable that holds the password")
    password = os.environ.get(password_env)
    if password is None:
        raise KgError(f"environment variable {password_env} is not set")
    return password


remote_option = click.option(
    "--endpoint", metavar="URL", help="Ask this SPARQL 1.1 store instead (its query URL: Oxigraph's /query, Virtuoso's /sparql)."
)


class _Group(click.Group):
    """Prints KgError as one line on stderr and exits 1; `--debug` shows the traceback instead."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KgError as err:
            if ctx.params.get("debug"):
                raise
            click.echo(f"Error: {err}", err=True)
            sys.exit(1)
        except OSError as err:  # a file that cannot be read or written, e.g. `-o missing/folder/x.ttl`
            if ctx.params.get("debug") or isinstance(err, BrokenPipeError):
                raise
            click.echo(f"Error: {KgError(err.strerror or str(err), path=err.filename)}", err=True)
            sys.exit(1)


class _Stderr(logging.Handler):
    """Log records as lines on stderr, through click, so that stdout carries only results."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:
            self.handleError(record)


def _log_to_stderr(debug: bool) -> None:
    """Warnings of kg and its libraries on stderr, and `kg serve`'s access lines (uvicorn.access, at
    INFO); --debug shows every record down to DEBUG. The only place that sets up handlers."""
    root = logging.getLogger()
    if not any(isinstance(handler, _Stderr) for handler in root.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("uvicorn.access").setLevel(logging.INFO)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors, and every log line down to DEBUG.")
@click.version_option(package_name="kg")
def cli(debug: bool) -> None:
    """Turn news articles into an RDF knowledge graph and question it with SPARQL.

    \b
    kg build articles/             # read articles into ./kg-store
    kg query who-met-whom          # run a named query
    kg console                     # type SPARQL interactively
    kg export --format turtle -o kg.ttl
    """
    _log_to_stderr(debug)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--published",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Publication date for articles without a date line; anchors 'on Sunday', 'last month'.",
)
@click.option("--prune", is_flag=True, help="Remove from the store articles no longer among the inputs.")
@click.option("--force", is_flag=True, help="Read every article again, even those already built from the same text, date and rules.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes for parsing  [default: all cores]")
@click.option("--dask", metavar="ADDRESS", help="Parse on the Dask cluster whose scheduler is at ADDRESS (needs kg[dask]).")
@click.option("--silent", is_flag=True, help="No progress on stderr.")
def build(
    inputs: tuple[Path, ...], store_path: Path, published: datetime | None, prune: bool, force: bool, workers: int | None,
    dask: str | None, silent: bool,
) -> None:  # fmt: skip
    """Read .txt articles (files or folders) into the store.

    Each article becomes one named graph. An article is skipped while its text, its publication date
    and the rules' version are those its graph was read with; otherwise it is read again and the build
    says why (edited, rules 1 → 2, --published changed); --force reads every article again.
    Parsing runs on every core (--workers to choose), or on a Dask cluster with --dask, whose workers
    each load the model once and send back triples; this process alone writes the store. A progress
    bar (articles, articles/s, ETA) shows on stderr when it is a terminal.

    \b
    kg build articles/ --store kg-store
    kg build new.txt --published 2025-11-23
    kg build big-corpus/ --workers 8
    kg build big-corpus/ --dask tcp://scheduler:8786
    """
    import os

    from kg.build import build as run_build
    from kg.progress import BuildProgress
    from kg.workers import interrupt_on_sigterm

    pub = published.date() if published else None
    interrupt_on_sigterm()
    progress = BuildProgress(silent)
    try:
        report = run_build(
            list(inputs),
            store_path,
            pub,
            prune,
            workers or os.cpu_count() or 1,
            force,
            dask,
            on_start=progress.start,
            on_error=lambda err: progress.note(str(err)),
            on_article=progress.advance,
        )
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM; the build has written every article it finished
        report = None
    finally:
        progress.close()
    if report is None:
        click.echo("interrupted: the articles finished so far are kept; run the same build again to finish", err=True)
        sys.exit(130)
    _summarise(report, store_path)


def _summarise(report: BuildReport, store_path: Path) -> None:
    """What a build re-read and why, then the summary line, whose form scripts and the benchmark read."""
    if report.reread:
        reasons = "; ".join(f"{n}: {why}" for why, n in report.reread.most_common())
        click.echo(f"re-read {reasons}", err=True)
    click.echo(
        f"built {report.built}, unchanged {report.unchanged}, removed {report.removed}, failed {len(report.failed)} -> {store_path}",
        err=True,
    )
    if report.failed:
        sys.exit(1)


class _QueryCommand(click.Command):
    """`kg query --help` ends with the named queries and the parameters each takes, read when asked."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from kg.queries import listing

        with formatter.section("Named queries and their parameters"):
            for line in listing().splitlines():
                formatter.write(" " * formatter.current_indent + line + "\n")


@cli.command(cls=_QueryCommand)
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(formats.QUERY), default=formats.QUERY[0], show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Cancel the query after SECONDS.", metavar="SECONDS")
@click.option("--actor", help="Named queries: rows of this actor, by any label (case-insensitive).")
@click.option("--since", metavar="DATE", help="Named queries: rows whose date's period ends on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Named queries: rows whose date's period begins on or before DATE.")
@click.option("--place", help="Named queries: rows of this place, by any label (case-insensitive).")
@click.option("--article", help="Named queries: rows of this article's file (with or without .txt).")
@click.option("--type", "type_", help="Named queries: rows of this type or kind (case-insensitive).")
@click.option("--limit", type=click.IntRange(min=0), help="Named queries: at most this many rows.")
@click.option("--offset", type=click.IntRange(min=0), help="Named queries: skip this many rows first.")
@remote_option
@login_options
def query(
    query: str, store_path: Path, fmt: str, timeout: float | None, endpoint: str | None, user: str | None, password_env: str | None,
    **parameters: str | int | None,
) -> None:  # fmt: skip
    """Run a SPARQL query: text, a .rq file, or a named query, with its parameters.

    The default graph is the union of all article graphs; the project's prefixes (kg:, skos:, schema:,
    prov:, ...) are declared for you. In a terminal, a table is fitted to its width (long cells cut with
    an ellipsis); piped or redirected, it comes whole. The store is only read (updates run in `kg console --write`), so a
    query can run while a build writes. --timeout runs the query in a worker process and kills it when
    time is up, for queries that might never end. A result that took more than 0.1 s is kept in the
    store's folder and given again while the store is unchanged (any build or update makes it stale);
    the environment variable KG_KEEP_SECONDS sets that bound (0 keeps every result, inf none).

    \b
    kg query who-met-whom
    kg query --format csv incidents
    kg query 'SELECT ?name WHERE { ?a a kg:Person ; skos:prefLabel ?name }'
    kg query --timeout 10 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }'
    kg query who-met-whom --actor Hamas --since 2025-10 --limit 20
    kg query who-met-whom --endpoint http://localhost:7878/query   # a store kg pushed to
    """
    from kg import store as kgstore
    from kg.cache import Query, ResultsCache, compute, query_pool
    from kg.queries import bind, find, load_query
    from kg.results import Layout, Written, terminal_width
    from kg.workers import Stopped

    given = {name.rstrip("_"): str(value) for name, value in parameters.items() if value is not None}
    sparql = bind(find(query), given) if given else load_query(query)
    if endpoint is not None:  # no kept results: another store's changes are not seen here
        from kg.remote import Endpoint

        remote = Endpoint(endpoint, user, _password(user, password_env), timeout)
        sys.stdout.buffer.write(compute(remote, sparql, Layout.of(fmt, terminal_width(sys.stdout))).data)
        return
    layout = Layout.of(fmt, terminal_width(sys.stdout))
    cache = ResultsCache(store_path)  # before opening: see kg.cache
    db = kgstore.open_store(store_path, read_only=True)  # a missing or damaged store is named here, not in a worker
    if timeout is None:
        sys.stdout.buffer.write(cache.answer(sparql, repr(layout), lambda: compute(db, sparql, layout), Written).data)
        return
    pool = query_pool(store_path)
    try:
        sys.stdout.buffer.write(cache.answer(sparql, repr(layout), lambda: pool.run(Query(sparql, layout), timeout), Written).data)
    except Stopped as err:
        reason = f"query cancelled after {timeout:g} s (--timeout)" if err.why == "timeout" else "the query process died (out of memory?)"
        raise KgError(reason) from None
    finally:
        pool.close()


@cli.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(formats.EXPORT), default=formats.EXPORT[0], show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def export(store_path: Path, fmt: str, output: Path | None) -> None:
    """Write the whole graph for other RDF tools.

    turtle, nt and xml hold the union of the article graphs; nquads, trig and jsonld keep one named graph
    per article. The JSON-LD embeds its @context (ontology/context.jsonld), so reading it needs no network.

    \b
    kg export --format turtle -o kg.ttl
    kg export --format nquads | gzip > kg.nq.gz
    """
    from kg import store as kgstore
    from kg.export import export as run_export

    db = kgstore.open_store(store_path, read_only=True)
    if output:
        with output.open("wb") as out:
            n = run_export(db, fmt, out)
        click.echo(f"{n} statements -> {output}", err=True)
    else:
        run_export(db, fmt, sys.stdout.buffer)


@cli.command()
@store_option
@click.option("--no-reasoner", is_flag=True, help="Check the SHACL shapes only: no Java, no HermiT.")
def validate(store_path: Path, no_reasoner: bool) -> None:
    """Check the graph before handing it on: SHACL shapes and OWL consistency.

    The shapes in ontology/shapes.ttl say what each node must carry (a meeting has two participants and
    its evidence, counts are non-negative integers, dates are xsd:date, xsd:gYearMonth or xsd:gYear by
    their precision, every fact leads to a sentence of an article); the HermiT reasoner (Java) checks the
    data does not contradict ontology/kg.ttl. Valid: one summary line, exit 0. Invalid: one violation a
    line (focus node, path, message, tab-separated), exit 1.

    \b
    kg validate --store kg-store
    kg validate --no-reasoner | cut -f1 | sort | uniq -c
    """
    from kg import store as kgstore
    from kg.validate import validate as run_validate

    data, violations = run_validate(kgstore.open_store(store_path, read_only=True), reasoner=not no_reasoner)
    for violation in violations:
        click.echo(str(violation))
    checks = "SHACL shapes" if no_reasoner else "SHACL shapes and HermiT consistency"
    if violations:
        click.echo(f"{len(violations)} violations in {len(data)} triples ({checks})", err=True)
        sys.exit(1)
    click.echo(f"valid: {len(data)} triples pass the {checks}")


@cli.command()
@store_option
def stats(store_path: Path) -> None:
    """Count what the store holds: articles, actors, meetings, agreements, incidents, triples, and
    which versions of the rules read its articles.

    \b
    kg stats --store kg-store
    """
    from kg import store as kgstore

    db = kgstore.open_store(store_path, read_only=True)
    sparql = """SELECT
      (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?actor) AS ?actors)
      (COUNT(DISTINCT ?meeting) AS ?meetings) (COUNT(DISTINCT ?agreement) AS ?agreements)
      (COUNT(DISTINCT ?incident) AS ?incidents)
    WHERE {
      { ?article a kg:Article } UNION { ?actor a ?c VALUES ?c { kg:Person kg:Organization kg:Country } }
      UNION { ?meeting a kg:Meeting } UNION { ?agreement a kg:Agreement } UNION { ?incident a kg:Incident }
    }"""
    row = next(iter(kgstore.select(db, sparql)))
    triples = next(iter(kgstore.select(db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
    for name in ("articles", "actors", "meetings", "agreements", "incidents"):
        click.echo(f"{name:<11} {row[name].value}")
    click.echo(f"{'triples':<11} {triples}")
    versions = "SELECT ?v (COUNT(?a) AS ?n) WHERE { GRAPH ?a { ?a a kg:Article OPTIONAL { ?a kg:rulesVersion ?v } } }"
    versions += " GROUP BY ?v ORDER BY ?v"
    built_by = [(r["v"].value if r["v"] else "unversioned", r["n"].value) for r in kgstore.select(db, versions)]
    if built_by:
        click.echo(f"{'rules':<11} " + ", ".join(f"{version} ({n} articles)" for version, n in built_by))


@cli.command()
@store_option
@click.option("-h", "--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 opens it to the network.")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port; 0 picks a free one.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30, show_default=True, help="Seconds a query may run.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100000, show_default=True, help="Rows or triples per result.")
@click.option("--allow-service", is_flag=True, help="Run SERVICE clauses, which make the server fetch other URLs.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Queries that run at once.")
def serve(store_path: Path, host: str, port: int, timeout: float, max_rows: int, allow_service: bool, workers: int) -> None:
    """Answer SPARQL over HTTP (SPARQL 1.1 Protocol), read-only, with a query page at /.

    Listens on 127.0.0.1 only unless --host says otherwise, because anyone who reaches the port can
    read the whole graph. Results come as JSON, XML, CSV or TSV (CONSTRUCT and DESCRIBE as Turtle,
    N-Triples, RDF/XML or JSON-LD) by the Accept header or a `format` parameter; /sparql without a
    query gives the Service Description. Updates are refused, and so is
    SERVICE unless --allow-service; a query running past --timeout is stopped (503), a result past
    --max-rows is cut and says so in its Kg-Truncated header.

    \b
    kg serve                      # http://127.0.0.1:8000/sparql
    kg serve -p 0 --timeout 10    # a free port, printed on start
    curl -H 'Accept: text/csv' --data-urlencode query@q.rq http://127.0.0.1:8000/sparql
    """
    from kg.serve import serve as run_serve

    def ready(url: str) -> None:
        click.echo(f"SPARQL endpoint at {url}, query page at {url.removesuffix('sparql')} (Ctrl-C stops)", err=True)

    try:
        run_serve(store_path, host, port, timeout, max_rows, allow_service, workers, ready)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@cli.command()
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="HTML page to write [default: kg-view.html].")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path), help="Draw the network as PNG with Graphviz (no page unless -o).")
@click.option("--svg", type=click.Path(dir_okay=False, path_type=Path), help="Draw the network as SVG with Graphviz (no page unless -o).")
def view(store_path: Path, output: Path | None, png: Path | None, svg: Path | None) -> None:
    """Draw who met whom: an HTML page with the network, a timeline and the evidence, or a picture.

    The page needs no network to open (its scripts are inlined): click an actor or an edge to read the
    sentences behind it, filter by actor, dates and type. --png and --svg draw the same network with
    Graphviz's `dot` for reports; with only them, no page is written.

    \b
    kg view -o who-met-whom.html
    kg view --store kg-store --svg network.svg --png network.png
    """
    from kg import store as kgstore
    from kg.view import read_network, render_dot, to_dot, to_html

    network = read_network(kgstore.open_store(store_path, read_only=True))
    pictures = {fmt: path for fmt, path in (("png", png), ("svg", svg)) if path}
    for fmt, path in pictures.items():
        path.write_bytes(render_dot(to_dot(network), fmt))
        click.echo(f"network picture -> {path}", err=True)
    if output or not pictures:
        page = output or Path("kg-view.html")
        page.write_text(to_html(network), encoding="utf-8")
        click.echo(f"{len(network.actors)} actors, {len(network.events)} events -> {page}", err=True)


@cli.command()
@store_option
@click.option("--endpoint", required=True, help="Graph Store URL (gsp), or SPARQL Update URL (update).")
@click.option("--protocol", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="auto: Graph Store Protocol, or SPARQL Update where the URL has none.")  # fmt: skip
@login_options
@click.option("--batch", type=click.IntRange(min=1), default=10000, show_default=True, help="Triples per request at most.")
def push(store_path: Path, endpoint: str, protocol: str, user: str | None, password_env: str | None, batch: int) -> None:
    """Load the graph into another SPARQL 1.1 store, one named graph per article.

    Each article graph is replaced (Graph Store PUT, or DROP + INSERT DATA), so pushing again never
    duplicates anything.

    \b
    kg push --endpoint http://localhost:7878/store                    # Oxigraph
    kg push --endpoint http://localhost:3030/ds/data                  # Fuseki
    KG_PASSWORD=dba kg push --endpoint http://localhost:8890/sparql-graph-crud-auth \\
        --user dba --password-env KG_PASSWORD                         # Virtuoso
    kg push --protocol update --endpoint http://localhost:7878/update
    """
    from kg import store as kgstore
    from kg.push import push as run_push

    password = _password(user, password_env)
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            click.echo(f"\r{done}/{total} graphs", err=True, nl=False)

    db = kgstore.open_store(store_path, read_only=True)
    report = run_push(db, endpoint, user, password, protocol, batch, progress)
    if show:
        click.echo("\r" + " " * 30 + "\r", err=True, nl=False)
    click.echo(
        f"pushed {report.graphs} graphs, {report.triples} triples in {report.requests} requests "
        f"({report.protocol}, {report.seconds:.1f} s) -> {endpoint}",
        err=True,
    )


@cli.command()
@store_option
@click.option(
    "--write",
    is_flag=True,
    help="Open the store for writing, so SPARQL UPDATE runs (read-only otherwise). Write into article graphs "
    "(GRAPH <article> { ... }): after each update the default graph is made their union again, so plain queries "
    "see what the article graphs say and a triple written to the default graph alone goes again.",
)
@remote_option
@login_options
def console(store_path: Path, write: bool, endpoint: str | None, user: str | None, password_env: str | None) -> None:
    """Type SPARQL with completion, highlighting, history and backslash commands (\\? lists them).

    A query runs when it ends with ';' or on Alt-Enter. When standard input is not a terminal, runs
    each ';'-terminated query from it and exits, so scripts work too.

    \b
    kg console --store kg-store
    kg console < queries.rq > results.txt
    kg console --endpoint http://localhost:8890/sparql     # a store kg pushed to
    """
    from kg.console import run

    if endpoint is None:
        sys.exit(run(store_path, write))
    from kg.remote import Endpoint

    if write:
        raise KgError("--write updates the local store: a remote store is updated by `kg push`")
    sys.exit(run(store_path, endpoint=Endpoint(endpoint, user, _password(user, password_env))))
