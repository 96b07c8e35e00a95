"""The `kg` command line: one thin function per command over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError

DEFAULT_STORE = "kg-store"
store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STORE,
    show_default=True,
    help="Folder of the persistent store.",
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


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="kg")
def cli(debug: bool) -> None:
    """Turn news articles into an RDF knowledge graph and question it with SPARQL.

    \b
    kg build articles/             # read articles into ./kg-store
    kg query who-met-whom          # run a named query
    kg console                     # type SPARQL interactively
    kg export --format turtle -o kg.ttl
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--published",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Publication date for articles without a date line; anchors 'on Sunday', 'last month'.",
)
@click.option("--prune", is_flag=True, help="Remove from the store articles no longer among the inputs.")
@click.option("--workers", type=int, default=1, show_default=True, help="Processes for parsing.")
@click.option("--silent", is_flag=True, help="No progress on stderr.")
def build(inputs: tuple[Path, ...], store_path: Path, published: object, prune: bool, workers: int, silent: bool) -> None:
    """Read .txt articles (files or folders) into the store.

    Each article becomes one named graph; an unchanged article is skipped, an edited one replaced.

    \b
    kg build articles/ --store kg-store
    kg build new.txt --published 2025-11-23
    """
    from kg.build import build as run_build

    pub = published.date() if published else None
    show = not silent and sys.stderr.isatty()

    def progress(article_id: str) -> None:
        if show:
            click.echo(f"\r{article_id[:60]:<60}", err=True, nl=False)

    report = run_build(list(inputs), store_path, pub, prune, workers, on_error=lambda e: click.echo(f"{e}", err=True), on_article=progress)
    if show:
        click.echo("\r" + " " * 60 + "\r", err=True, nl=False)
    click.echo(
        f"built {len(report.built)}, unchanged {len(report.unchanged)}, removed {len(report.removed)}, "
        f"failed {len(report.failed)} -> {store_path}",
        err=True,
    )
    if report.failed:
        sys.exit(1)


@cli.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "vertical", "csv", "tsv", "json", "xml"]), default="table", show_default=True)
def query(query: str, store_path: Path, fmt: str) -> None:
    """Run a SPARQL query: text, a .rq file, or a named query.

    The default graph is the union of all article graphs; the project's prefixes (kg:, skos:, schema:,
    prov:, ...) are declared for you.

    \b
    kg query who-met-whom
    kg query --format csv incidents
    kg query 'SELECT ?name WHERE { ?a a kg:Person ; skos:prefLabel ?name }'
    """
    from kg import store as kgstore
    from kg.queries import load_query
    from kg.results import write_results

    sparql = load_query(query)
    db = kgstore.open_store(store_path, read_only=True)
    write_results(kgstore.query(db, sparql), fmt, sys.stdout.buffer)


@cli.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["turtle", "nt", "nquads", "trig", "jsonld", "xml"]), default="turtle", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def export(store_path: Path, fmt: str, output: Path | None) -> None:
    """Write the whole graph for other RDF tools.

    turtle, nt and xml hold the union of the article graphs; nquads, trig and jsonld keep one named graph
    per article.

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
def stats(store_path: Path) -> None:
    """Count what the store holds: articles, actors, meetings, agreements, incidents, triples.

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
    row = next(iter(kgstore.query(db, sparql)))
    triples = next(iter(kgstore.query(db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
    for name in ("articles", "actors", "meetings", "agreements", "incidents"):
        click.echo(f"{name:<11} {row[name].value}")
    click.echo(f"{'triples':<11} {triples}")


@cli.command()
@store_option
@click.option("--write", is_flag=True, help="Open the store for writing, so SPARQL UPDATE runs (read-only otherwise).")
def console(store_path: Path, write: bool) -> None:
    """Type SPARQL with completion, highlighting, history and backslash commands (\\? lists them).

    A query runs when it ends with ';' or on Alt-Enter. When standard input is not a terminal, runs
    each ';'-terminated query from it and exits, so scripts work too.

    \b
    kg console --store kg-store
    kg console < queries.rq > results.txt
    """
    from kg.console import run

    sys.exit(run(store_path, write))
