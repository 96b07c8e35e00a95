"""The backslash commands: one table with syntax and help, filled by the `command` decorator beside
each function (as pgcli's `special_command`), which the session runs, the completer offers and `\\?`
prints."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
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
from kg.queries import bind, find, listing, load_query
from kg.results import short, table
from kg.sparql import has_code, is_complete, strip_end
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


Handler = Callable[["Console", str], None]
COMMANDS: dict[str, Command] = {}


def command(name: str, syntax: str, help: str) -> Callable[[Handler], Handler]:
    """Enter a function in the table of commands, with its syntax and help, as pgcli's `special_command`."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, syntax, help, handler)
        return handler

    return register


def run_command(console: Console, text: str) -> None:
    name, _, argument = text.rstrip(";").strip().partition(" ")
    command = COMMANDS.get(name)
    if command is None:
        raise KgError(f"unknown command {name} (\\? lists the commands)")
    command.handler(console, argument.strip())


@command("\\?", "\\?", "this help")
def show_help(console: Console, argument: str) -> None:
    width = max(len(c.syntax) for c in COMMANDS.values())
    lines = [f"{c.syntax.ljust(width)}  {c.help}" for c in COMMANDS.values()]
    lines.append("A query runs when it ends with ';' or on Alt-Enter; Ctrl-C drops the input or stops a query, Ctrl-D leaves.")
    lines.append("A command typed under an unfinished query runs at once and leaves the query to go on with.")
    console.emit(("\n".join(lines) + "\n").encode())


@command("\\q", "\\q", "leave the console (or Ctrl-D)")
def quit_console(console: Console, argument: str) -> None:
    console.running = False


@command("\\l", "\\l", "list the named queries and their parameters")
def list_queries(console: Console, argument: str) -> None:
    console.emit(listing().encode())


@command("\\n", "\\n NAME [KEY=VALUE ...]", "run a named query, with parameters (actor=Hamas since=2025-10)")
def run_named_query(console: Console, argument: str) -> None:
    try:
        words = shlex.split(argument)
    except ValueError as err:  # an unclosed quote
        raise KgError(f"\\n: {err} (quote a value with spaces: actor='Wang Yi')") from None
    if not words or any("=" not in pair for pair in words[1:]):
        raise KgError("usage: \\n NAME [KEY=VALUE ...], as in \\n who-met-whom actor=Hamas since=2025-10 (\\l lists them)")
    name, pairs = words[0], words[1:]
    values = dict(pair.partition("=")[::2] for pair in pairs)
    console.run_query(bind(find(name), values) if values else load_query(name))


@command("\\d", "\\d", "the schema: classes and properties with their counts")
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
    console.status("", time.perf_counter() - started)


@command("\\describe", "\\describe LABEL|IRI", "all that is known of an actor or event, with its evidence")
def describe(console: Console, argument: str) -> None:
    if not argument:
        raise KgError("usage: \\describe LABEL|IRI")
    for iri in _resolve(console.db, argument):
        _describe_one(console, iri)


def _resolve(db: kgstore.Queryable, argument: str) -> list[str]:
    """The IRIs meant by an argument: an <IRI>, a prefixed name, or a label (exact, else a unique part)."""
    if argument.startswith("<") and argument.endswith(">"):
        return [argument[1:-1]]
    if re.match(r"[a-z][\w+.-]*://", argument):
        return [argument]
    prefix, colon, local = argument.partition(":")
    if colon and prefix in PREFIXES and " " not in argument:
        return [PREFIXES[prefix] + re.sub(r"\\(.)", r"\1", local)]  # `incident:border_clash\/0` as printed
    literal = str(ox.Literal(argument.lower()))
    found = _labelled(db, f"LCASE(STR(?l)) = {literal}")
    if not found:
        found = _labelled(db, f"CONTAINS(LCASE(STR(?l)), {literal})")
        if len(found) > 1:
            raise KgError(f"several things match '{argument}': " + ", ".join(sorted(set(found.values()))))
    if not found:
        raise KgError(f"nothing labelled '{argument}' in the store")
    return list(found)


def _labelled(db: kgstore.Queryable, condition: str) -> dict[str, str]:
    """IRI -> preferred label of the things with a label (preferred or alternative) meeting the condition on ?l."""
    labels = "?s skos:prefLabel ?label ; skos:prefLabel|skos:altLabel ?l"
    sparql = f"SELECT DISTINCT ?s ?label WHERE {{ GRAPH ?g {{ {labels} }} FILTER({condition}) }}"
    return {row["s"].value: row["label"].value for row in kgstore.select(db, sparql)}


def _describe_one(console: Console, iri: str) -> None:
    """What the named graphs say of one node: read from them, not from a union default graph, so it
    works as well on a store kg pushed to (`--endpoint`)."""
    node = f"<{iri}>"
    facts = _rows(console.db, f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ {node} ?p ?o }} FILTER(?p != kg:evidence) }} ORDER BY ?p ?o")
    mentions = _rows(console.db, f"SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {node} }} }} ORDER BY ?p ?s")
    if not facts and not mentions:
        raise KgError(f"nothing known about {node}")
    evidence = _rows(
        console.db,
        f"SELECT DISTINCT ?file ?line ?text WHERE {{ GRAPH ?g {{ {node} kg:evidence ?e . ?e kg:text ?text "
        "OPTIONAL { ?e kg:line ?line } OPTIONAL { ?e kg:inArticle/kg:fileName ?file } } } ORDER BY ?file ?line",
    )
    parts = [short(ox.NamedNode(iri)) + "\n"]
    if facts:
        parts.append(table(["property", "value"], facts))
    if mentions:
        parts.append("referred to by:\n" + table(["subject", "property"], mentions))
    if evidence:
        parts.append("evidence:\n" + "".join(f"  {file}:{line}: {' '.join(text.split())}\n" for file, line, text in evidence))
    console.emit("".join(parts).encode())


def _rows(db: kgstore.Queryable, sparql: str) -> list[list[str]]:
    """A SELECT's rows, shortened for reading."""
    result = kgstore.select(db, sparql)
    names = [v.value for v in result.variables]
    return [[short(solution[name]) for name in names] for solution in result]


@command("\\format", "\\format NAME", "result format: " + ", ".join(formats.QUERY))
def set_format(console: Console, argument: str) -> None:
    if not argument:
        click.echo(f"format is {console.format} (one of {', '.join(formats.QUERY)})", err=True)
    elif argument not in formats.QUERY:
        raise KgError(f"unknown format '{argument}' (one of {', '.join(formats.QUERY)})")
    else:
        console.format = argument
        click.echo(f"format is {argument}", err=True)


@command("\\o", "\\o [FILE]", "write the next result to FILE (a CONSTRUCT as Turtle)")
def set_output(console: Console, argument: str) -> None:
    console.output = Path(argument).expanduser() if argument else None
    if console.output is not None:
        try:  # a file that cannot be written is named now, not after the next query has run
            console.output.open("ab").close()
        except OSError as err:
            console.output = None
            raise KgError(err.strerror or str(err), path=argument) from None
    click.echo(f"the next result goes to {console.output}" if console.output else "results go to the screen", err=True)


@command("\\timeout", "\\timeout [SECONDS]", "stop queries that run longer (0: never); Ctrl-C stops one too")
def set_timeout(console: Console, argument: str) -> None:
    if argument:
        try:
            seconds = float(argument)
        except ValueError:
            seconds = -1
        if not 0 <= seconds < float("inf"):
            raise KgError(f"usage: \\timeout SECONDS (0 for none), not '{argument}'")
        console.timeout = seconds or None
    click.echo(f"queries stop after {console.timeout:g} s" if console.timeout else "queries run without a timeout", err=True)


@command("\\x", "\\x [on|off|auto]", "expanded display, one record per row; auto when a table is too wide")
def set_expanded(console: Console, argument: str) -> None:
    if argument and argument not in ("on", "off", "auto"):
        raise KgError(f"usage: \\x [on|off|auto], not '{argument}'")
    console.expanded = argument or ("off" if console.expanded == "on" else "on")
    click.echo(f"expanded display is {console.expanded}", err=True)


@command("\\r", "\\r", "clear the query buffer")
def reset_buffer(console: Console, argument: str) -> None:
    console.buffer = ""
    click.echo("query buffer cleared", err=True)


@command("\\p", "\\p", "show the query buffer")
def print_buffer(console: Console, argument: str) -> None:
    if console.buffer.strip():
        console.emit(console.buffer.rstrip().encode() + b"\n")
    else:
        click.echo("query buffer is empty", err=True)


@command("\\e", "\\e", "edit the query buffer in $VISUAL or $EDITOR; it runs if it ends with ';'")
def edit_buffer(console: Console, argument: str) -> None:
    editor = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "query.rq"
        path.write_text(console.buffer, encoding="utf-8")
        try:
            subprocess.run([*editor, str(path)], check=False)
        except OSError as err:
            raise KgError(f"cannot start the editor: {err.strerror or err}", path=editor[0]) from None
        text = path.read_text(encoding="utf-8")
    if is_complete(text) and has_code(text):
        console.buffer = ""
        console.execute(strip_end(text))
    else:
        console.buffer = text


@command("\\i", "\\i FILE", "run the queries and commands of a file")
def include(console: Console, argument: str) -> None:
    if not argument:
        raise KgError("usage: \\i FILE")
    try:
        text = Path(argument).expanduser().read_text(encoding="utf-8")
    except OSError as err:
        raise KgError(err.strerror or str(err), path=argument) from None
    except UnicodeDecodeError as err:
        raise KgError("not UTF-8", path=argument, byte=err.start) from None
    console.run_script(text, argument)


@command("\\timing", "\\timing", "show or hide the time each query takes")
def toggle_timing(console: Console, argument: str) -> None:
    console.timing = not console.timing
    click.echo(f"timing is {'on' if console.timing else 'off'}", err=True)
