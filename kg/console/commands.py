"""The backslash commands: one table with syntax and help (as `register_special_commands` in
`pgcli/main.py`), which the session runs, the completer offers and `\\?` prints."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pyoxigraph as ox

from kg import formats
from kg import store as kgstore
from kg.console.names import ontology_terms
from kg.errors import KgError
from kg.queries import load_query, named_queries
from kg.results import short, table
from kg.vocab import PREFIXES

if TYPE_CHECKING:  # the session runs these commands, and they act on it
    from kg.console.session import Console


@dataclass(frozen=True)
class Command:
    """A backslash command: its name, how it is called, one line of help and the function that does it."""

    name: str
    syntax: str
    help: str
    handler: Callable[[Console, str], None]


def run_command(console: Console, text: str) -> None:
    name, _, argument = text.rstrip(";").strip().partition(" ")
    command = COMMANDS.get(name)
    if command is None:
        raise KgError(f"unknown command {name} (\\? lists the commands)")
    command.handler(console, argument.strip())


def show_help(console: Console, argument: str) -> None:
    width = max(len(c.syntax) for c in COMMANDS.values())
    lines = [f"{c.syntax.ljust(width)}  {c.help}" for c in COMMANDS.values()]
    lines.append("A query runs when it ends with ';' or on Alt-Enter; Ctrl-C drops the input, Ctrl-D leaves.")
    console.emit(("\n".join(lines) + "\n").encode())


def quit_console(console: Console, argument: str) -> None:
    console.running = False


def list_queries(console: Console, argument: str) -> None:
    queries = named_queries()
    width = max(map(len, queries), default=0)
    console.emit("".join(f"{name.ljust(width)}  {comment}\n" for name, comment in queries.items()).encode())


def run_named_query(console: Console, argument: str) -> None:
    if not argument:
        raise KgError("usage: \\n NAME (\\l lists the named queries)")
    console.run_query(load_query(argument))


def show_schema(console: Console, argument: str) -> None:
    started = time.perf_counter()
    terms = {t.name: t for t in ontology_terms() if t.prefix == "kg"}
    parts = []
    for kind, sparql in (
        ("class", "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"),
        ("property", "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s ?c ?o } GROUP BY ?c"),
    ):
        counts = {short(row["c"]): row["n"].value for row in kgstore.select(console.db, sparql)}
        names = sorted({name for name, t in terms.items() if t.kind == kind} | set(counts))
        rows = [[name, counts.get(name, "0"), terms[name].label if name in terms else ""] for name in names]
        parts.append(table([kind, "count", "label"], rows))
    console.emit("\n".join(parts).encode())
    console.status("", started)


def describe(console: Console, argument: str) -> None:
    if not argument:
        raise KgError("usage: \\describe LABEL|IRI")
    for iri in _resolve(console.db, argument):
        _describe_one(console, iri)


def _resolve(db: ox.Store, argument: str) -> list[str]:
    """The IRIs meant by an argument: an <IRI>, a prefixed name, or a label (exact, else a unique part)."""
    if argument.startswith("<") and argument.endswith(">"):
        return [argument[1:-1]]
    if re.match(r"[a-z][\w+.-]*://", argument):
        return [argument]
    prefix, colon, local = argument.partition(":")
    if colon and prefix in PREFIXES and " " not in argument:
        return [PREFIXES[prefix] + local]
    literal = str(ox.Literal(argument.lower()))
    found = _labelled(db, f"LCASE(STR(?l)) = {literal}")
    if not found:
        found = _labelled(db, f"CONTAINS(LCASE(STR(?l)), {literal})")
        if len(found) > 1:
            raise KgError(f"several things match '{argument}': " + ", ".join(sorted(set(found.values()))))
    if not found:
        raise KgError(f"nothing labelled '{argument}' in the store")
    return list(found)


def _labelled(db: ox.Store, condition: str) -> dict[str, str]:
    """IRI -> preferred label of the things with a label (preferred or alternative) meeting the condition on ?l."""
    sparql = f"SELECT DISTINCT ?s ?label WHERE {{ ?s skos:prefLabel ?label ; skos:prefLabel|skos:altLabel ?l FILTER({condition}) }}"
    return {row["s"].value: row["label"].value for row in kgstore.select(db, sparql)}


def _describe_one(console: Console, iri: str) -> None:
    node = f"<{iri}>"
    facts = _rows(console.db, f"SELECT ?p ?o WHERE {{ {node} ?p ?o FILTER(?p != kg:evidence) }} ORDER BY ?p ?o")
    mentions = _rows(console.db, f"SELECT ?s ?p WHERE {{ ?s ?p {node} }} ORDER BY ?p ?s")
    if not facts and not mentions:
        raise KgError(f"nothing known about {node}")
    evidence = _rows(
        console.db,
        f"SELECT ?file ?line ?text WHERE {{ {node} kg:evidence ?e . ?e kg:text ?text "
        "OPTIONAL { ?e kg:line ?line } OPTIONAL { ?e kg:inArticle/kg:fileName ?file } } ORDER BY ?file ?line",
    )
    parts = [short(ox.NamedNode(iri)) + "\n"]
    if facts:
        parts.append(table(["property", "value"], facts))
    if mentions:
        parts.append("referred to by:\n" + table(["subject", "property"], mentions))
    if evidence:
        parts.append("evidence:\n" + "".join(f"  {file}:{line}: {' '.join(text.split())}\n" for file, line, text in evidence))
    console.emit("".join(parts).encode())


def _rows(db: ox.Store, sparql: str) -> list[list[str]]:
    """A SELECT's rows, shortened for reading."""
    result = kgstore.select(db, sparql)
    names = [v.value for v in result.variables]
    return [[short(solution[name]) for name in names] for solution in result]


def set_format(console: Console, argument: str) -> None:
    if not argument:
        click.echo(f"format is {console.format} (one of {', '.join(formats.QUERY)})", err=True)
    elif argument not in formats.QUERY:
        raise KgError(f"unknown format '{argument}' (one of {', '.join(formats.QUERY)})")
    else:
        console.format = argument
        click.echo(f"format is {argument}", err=True)


def set_output(console: Console, argument: str) -> None:
    console.output = Path(argument).expanduser() if argument else None
    click.echo(f"the next result goes to {console.output}" if console.output else "results go to the screen", err=True)


def toggle_timing(console: Console, argument: str) -> None:
    console.timing = not console.timing
    click.echo(f"timing is {'on' if console.timing else 'off'}", err=True)


COMMANDS = {
    c.name: c
    for c in (
        Command("\\?", "\\?", "this help", show_help),
        Command("\\q", "\\q", "leave the console (or Ctrl-D)", quit_console),
        Command("\\l", "\\l", "list the named queries", list_queries),
        Command("\\n", "\\n NAME", "run a named query", run_named_query),
        Command("\\d", "\\d", "the schema: classes and properties with their counts", show_schema),
        Command("\\describe", "\\describe LABEL|IRI", "all that is known of an actor or event, with its evidence", describe),
        Command("\\format", "\\format NAME", "result format: " + ", ".join(formats.QUERY), set_format),
        Command("\\o", "\\o [FILE]", "write the next result to FILE (a CONSTRUCT as Turtle)", set_output),
        Command("\\timing", "\\timing", "show or hide the time each query takes", toggle_timing),
    )
}
