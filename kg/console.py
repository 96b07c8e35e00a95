"""The interactive SPARQL console: `kg console`.

One prompt built once (Pygments highlighting, file history, suggestions from history, a completer that
can be swapped while it runs), one table of backslash commands, and one function that runs a query and
prints its result. With standard input not a terminal the same code runs a script of `;`-terminated
queries, so `kg console < q.rq` works like a session typed by hand.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import click
import pyoxigraph as ox
from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion, DynamicCompleter, ThreadedCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition, completion_is_selected
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.lexers import PygmentsLexer
from pygments.lexers.rdf import SparqlLexer

from kg import store as kgstore
from kg.cache import Output, ResultsCache, compute
from kg.errors import KgError
from kg.queries import load_query, named_queries
from kg.results import FORMATS, short, table
from kg.store import is_update
from kg.vocab import PREFIXES

BANNER = """kg console on {store} ({mode}).
A query runs when it ends with ';' or on Alt-Enter (Escape, Enter); Enter alone adds a line.
Tab completes, Ctrl-R searches the history, \\? lists the commands, Ctrl-D leaves."""

RDF_TYPE = PREFIXES["rdf"] + "type"
OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]

# ---------------------------------------------------------------------------------------------------
# Reading SPARQL text: where a query ends, and what the cursor is in
# ---------------------------------------------------------------------------------------------------

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')  # SPARQL's IRIREF; any other '<' is less-than


@dataclass(frozen=True)
class Scan:
    """What a scan of SPARQL text found: nesting depth at its end, whether it ends inside a string or
    comment, and the offsets of the ';' outside any braces, brackets and parentheses (query ends)."""

    depth: int
    state: str  # "code", "string" or "comment"
    ends: list[int]


def scan(text: str) -> Scan:
    """Scan SPARQL text. A ';' inside `{ }` separates predicate lists and inside `( )` GROUP_CONCAT's
    arguments, so only a top-level ';' ends a query."""
    depth, ends, i, n = 0, [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            if j < 0:
                return Scan(depth, "comment", ends)
            i = j + 1
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while True:
                if j >= n:
                    return Scan(depth, "string", ends)
                if text[j] == "\\":
                    j += 2
                elif text.startswith(quote, j):
                    j += len(quote)
                    break
                elif len(quote) == 1 and text[j] == "\n":  # a short string cannot span lines
                    break
                else:
                    j += 1
            i = j
            continue
        if c == "<":
            match = _IRI.match(text, i)
            if match:
                i = match.end()
                continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif c == ";" and depth <= 0:
            ends.append(i)
        i += 1
    return Scan(depth, "code", ends)


def is_complete(text: str) -> bool:
    """Whether Enter should run the buffer: a backslash command, an empty line, or a query whose last
    character is a top-level ';'."""
    stripped = text.strip()
    if not stripped or stripped.startswith("\\"):
        return True
    if not stripped.endswith(";"):
        return False
    found = scan(stripped)
    return found.state == "code" and bool(found.ends) and found.ends[-1] == len(stripped) - 1


@dataclass(frozen=True)
class Statement:
    """One query or backslash command of a script, with where it starts (1-based) for error positions."""

    text: str
    line: int
    column: int


def statements(text: str) -> Iterator[Statement]:
    """Split a script into `;`-terminated queries (the ';' dropped) and one-line backslash commands.
    A last query without ';' runs too, so `echo 'SELECT ...' | kg console` works."""
    pending, start = "", (1, 1)
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        if line.lstrip().startswith("\\") and scan(pending).state == "code":
            if _has_code(pending):  # a backslash command ends an unfinished query, as the end of input does
                yield Statement(pending, *start)
            yield Statement(line.strip(), number, 1)
            pending = ""
            continue
        if not _has_code(pending):
            pending, start = "", (number, 1)
        pending += line
        offset = 0
        for end in scan(pending).ends:
            yield Statement(pending[offset:end], *_advance(start, pending[:offset]))
            offset = end + 1
        if offset:
            start, pending = _advance(start, pending[:offset]), pending[offset:]
    if _has_code(pending):
        yield Statement(pending, *start)


def _advance(start: tuple[int, int], consumed: str) -> tuple[int, int]:
    """The position just after `consumed`, which begins at `start`."""
    if "\n" not in consumed:
        return start[0], start[1] + len(consumed)
    return start[0] + consumed.count("\n"), len(consumed) - consumed.rfind("\n")


def _has_code(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


# ---------------------------------------------------------------------------------------------------
# Names to complete: the ontology's terms and the store's labelled things, read in the background
# ---------------------------------------------------------------------------------------------------

KEYWORDS = sorted(
    """SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED PREFIX BASE DISTINCT REDUCED AS OPTIONAL UNION MINUS
    FILTER BIND VALUES GRAPH SERVICE SILENT EXISTS NOT IN GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET UNDEF
    COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE
    RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE
    STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512
    COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE TRUE
    FALSE INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR DROP CREATE ADD MOVE COPY TO INTO""".split()
)
_KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "property", OWL + "DatatypeProperty": "property"}
_KINDS |= {OWL + "AnnotationProperty": "property", OWL + "NamedIndividual": "individual"}


@dataclass(frozen=True)
class Term:
    """A vocabulary term under a declared prefix: `local` is what follows `prefix:`."""

    prefix: str
    local: str
    kind: str  # "class", "property" or "individual"
    label: str = ""
    comment: str = ""

    @property
    def name(self) -> str:
        return f"{self.prefix}:{self.local}"

    @property
    def meta(self) -> str:
        return " - ".join(part for part in (f"{self.kind} {self.label}".strip(), self.comment) if part)


@dataclass(frozen=True)
class Labelled:
    """Something in the store with a skos:prefLabel: an actor, place, event or agreement."""

    iri: str
    label: str
    labels: tuple[str, ...]  # prefLabel and altLabels, lower-cased, for matching
    kind: str


@dataclass(frozen=True)
class Names:
    """Everything the completer offers besides keywords, prefixes, commands and the query's variables."""

    terms: tuple[Term, ...] = ()
    labelled: tuple[Labelled, ...] = ()


def _split_iri(iri: str) -> tuple[str, str] | None:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w-]*", iri[len(namespace) :]):
            return prefix, iri[len(namespace) :]
    return None


def ontology_terms() -> list[Term]:
    """The classes, properties and individuals the ontology declares, with label and comment as meta text.
    Parsed with pyoxigraph: it reads the file in milliseconds, rdflib in a noticeable fraction of a second."""
    with (files("kg.ontology") / "kg.ttl").open("rb") as source:
        triples = [(t.subject, t.predicate.value, t.object) for t in ox.parse(source, ox.RdfFormat.TURTLE)]
    kinds: dict[str, str] = {}
    notes: dict[tuple[str, str], str] = {}
    for s, p, o in triples:
        if not isinstance(s, ox.NamedNode):
            continue
        if p == RDF_TYPE and o.value in _KINDS:
            kinds.setdefault(s.value, _KINDS[o.value])
        elif p in (RDFS + "label", RDFS + "comment"):
            notes[s.value, p] = " ".join(o.value.split())
    terms = [Term("rdf", "type", "property", "type", "the class of a thing; `a` says the same")]
    for iri, kind in sorted(kinds.items()):
        split = _split_iri(iri)
        if split:
            terms.append(Term(*split, kind, notes.get((iri, RDFS + "label"), ""), notes.get((iri, RDFS + "comment"), "")))
    return terms


_LABELLED = """SELECT ?s (SAMPLE(?pref) AS ?label) (GROUP_CONCAT(DISTINCT LCASE(STR(?l)); SEPARATOR="\\u0001") AS ?all)
  (SAMPLE(?c) AS ?class)
WHERE { ?s skos:prefLabel ?pref ; skos:prefLabel|skos:altLabel ?l . OPTIONAL { ?s a ?c } }
GROUP BY ?s"""


def store_names(db: ox.Store, terms: Iterable[Term]) -> Names:
    """The ontology's terms plus the labelled things of the store, for completion."""
    labelled = []
    for row in kgstore.query(db, _LABELLED):
        kind = short(row["class"]).split(":", 1)[-1] if row["class"] else ""
        labelled.append(Labelled(row["s"].value, row["label"].value, tuple(row["all"].value.split("\x01")), kind))
    return Names(tuple(terms), tuple(sorted(labelled, key=lambda x: x.label.lower())))


# ---------------------------------------------------------------------------------------------------
# Completion: first what is expected at the cursor, then one matcher per kind
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """One kind of name expected at the cursor, and the word typed so far (which a completion replaces)."""

    kind: str  # command, named_query, format, label, keyword, prefix, term, variable, actor
    word: str
    prefix: str = ""  # for "term": the prefix of the terms to offer
    local: str = ""  # for "term": the part of the word after "prefix:"
    classes: bool = False  # for "term": after `a`, a class is expected


def suggest(document: Document) -> list[Expect]:
    """What may come at the cursor, in the order to offer it."""
    before = document.text_before_cursor
    if document.text.lstrip().startswith("\\"):
        match = re.match(r"\s*(\\\S*)(\s+)?(.*)", before, re.DOTALL)
        if not match or not match[2]:
            return [Expect("command", match[1] if match else "")]
        argument = {"\\n": "named_query", "\\format": "format", "\\describe": "label"}.get(match[1])
        return [Expect(argument, match[3])] if argument else []
    if scan(before).state != "code":
        return []
    after_a = bool(re.search(r"(?:(?<![\w?$:])a|rdf:type)\s+\S*$", before))
    if match := re.search(r"[?$]\w*$", before):
        return [Expect("variable", match[0])]
    if match := re.search(r"(?<![\w<])([A-Za-z][\w.-]*)?:([\w-]*)$", before):
        return [Expect("term", match[0], match[1], match[2], after_a)] if match[1] in PREFIXES else []
    if re.search(r"<[^<>\s]*$", before):
        return []
    match = re.search(r"(?<![\w:<?$])[A-Za-z_][\w-]*$", before)
    word = match[0] if match else ""
    if after_a:
        return [Expect("term", word, "kg", word, True), Expect("prefix", word)]
    return [Expect("keyword", word), Expect("prefix", word), Expect("actor", word)]


class SparqlCompleter(Completer):
    """Completes what `suggest` expects from the names it was built with; swapped for a new one when
    the names are refreshed, so a completion never sees half-updated names."""

    def __init__(self, names: Names) -> None:
        self.names = names

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        for expect in suggest(document):
            if not expect.word and not complete_event.completion_requested:
                continue
            yield from getattr(self, f"_{expect.kind}")(expect, document)

    def _command(self, expect: Expect, document: Document) -> Iterator[Completion]:
        for command in COMMANDS.values():
            if command.name.startswith(expect.word):
                yield Completion(command.name, -len(expect.word), display_meta=command.help)

    def _named_query(self, expect: Expect, document: Document) -> Iterator[Completion]:
        for name, comment in named_queries().items():
            if name.startswith(expect.word):
                yield Completion(name, -len(expect.word), display_meta=comment)

    def _format(self, expect: Expect, document: Document) -> Iterator[Completion]:
        for name in FORMATS:
            if name.startswith(expect.word):
                yield Completion(name, -len(expect.word))

    def _label(self, expect: Expect, document: Document) -> Iterator[Completion]:
        for thing in self._matching(expect.word):
            yield Completion(thing.label, -len(expect.word), display_meta=f"{thing.kind} {short(ox.NamedNode(thing.iri))}")

    def _keyword(self, expect: Expect, document: Document) -> Iterator[Completion]:
        word = expect.word.upper()
        for keyword in KEYWORDS:
            if keyword.startswith(word):
                yield Completion(keyword, -len(expect.word), display_meta="keyword")

    def _prefix(self, expect: Expect, document: Document) -> Iterator[Completion]:
        for prefix, namespace in PREFIXES.items():
            if prefix.startswith(expect.word.lower()):
                yield Completion(prefix + ":", -len(expect.word), display_meta=namespace)

    def _term(self, expect: Expect, document: Document) -> Iterator[Completion]:
        local = expect.local.lower()
        found = [t for t in self.names.terms if t.prefix == expect.prefix and t.local.lower().startswith(local)]
        if expect.classes and any(t.kind == "class" for t in found):
            found = [t for t in found if t.kind == "class"]
        for term in found:
            yield Completion(term.name, -len(expect.word), display_meta=term.meta)

    def _variable(self, expect: Expect, document: Document) -> Iterator[Completion]:
        seen = dict.fromkeys(re.findall(r"[?$](\w+)", document.text))
        for name in seen:
            variable = "?" + name
            if variable.startswith("?" + expect.word[1:]) and variable[1:] != expect.word[1:]:
                yield Completion(variable, -len(expect.word), display_meta="variable")

    def _actor(self, expect: Expect, document: Document) -> Iterator[Completion]:
        if len(expect.word) < 2:
            return
        for thing in self._matching(expect.word):
            yield Completion(
                f"<{thing.iri}>", -len(expect.word), display=thing.label, display_meta=f"{thing.kind} {short(ox.NamedNode(thing.iri))}"
            )

    def _matching(self, word: str) -> list[Labelled]:
        """Labelled things whose label starts with the word first, then those whose label contains it."""
        word = word.lower()
        hits = [t for t in self.names.labelled if any(word in label for label in t.labels)]
        return sorted(hits, key=lambda t: not any(label.startswith(word) for label in t.labels))


# ---------------------------------------------------------------------------------------------------
# The session: running queries and backslash commands, and printing what they give
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """A backslash command: its name, how it is called, one line of help and the method that does it."""

    name: str
    syntax: str
    help: str
    handler: Callable[[Console, str], None]


class Console:
    """One session: the store, the settings the backslash commands change, and where output goes.

    Results go to stdout; row counts, times and errors to stderr, so `kg console < q.rq > out.csv`
    keeps the file clean.
    """

    def __init__(self, db: ox.Store, cache: ResultsCache, write: bool = False, interactive: bool = False) -> None:
        self.db = db
        self.cache = cache
        self.write = write
        self.interactive = interactive
        self.format = "table"
        self.timing = True
        self.output: Path | None = None
        self.running = True
        self.failed = False
        self.completer = SparqlCompleter(Names())
        self.refreshing: threading.Thread | None = None

    def refresh(self) -> None:
        """Read the ontology's terms and the store's labels in a thread, then swap the completer:
        the prompt comes up at once and completion gets richer a moment later."""

        def load() -> None:
            try:
                self.completer = SparqlCompleter(store_names(self.db, ontology_terms()))
            except (KgError, OSError) as err:
                click.echo(f"Error: completion names not loaded: {err}", err=True)

        self.refreshing = threading.Thread(target=load, name="kg-completion-refresh", daemon=True)
        self.refreshing.start()

    def close(self) -> None:
        """Wait for a completion refresh still reading the store: a process that ends while a thread
        reads a store it is closing is aborted."""
        if self.refreshing is not None:
            self.refreshing.join()

    # -- running ------------------------------------------------------------------------------------

    def execute(self, text: str, line: int = 1, column: int = 1) -> None:
        """Run one query or backslash command; a failure prints one line and the session goes on.
        `line` and `column` say where the text starts in a script, so error positions point into it."""
        if not _has_code(text):
            return
        try:
            if text.strip().startswith("\\"):
                self.command(text.strip())
            else:
                self.run_query(text)
        except KgError as err:
            if err.path is None and err.line is not None:
                at_column = (err.column or 0) + (column - 1 if err.line == 1 else 0)
                err = KgError(err.message, line=err.line + line - 1, column=at_column)
            self.error(str(err))
        except (OSError, ValueError, RuntimeError) as err:  # pyoxigraph's evaluation errors
            self.error(str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__)
        except KeyboardInterrupt:
            self.error("query cancelled")

    def error(self, message: str) -> None:
        self.failed = True
        click.echo(f"Error: {message}", err=True)

    def run_query(self, sparql: str) -> None:
        started = time.perf_counter()
        if is_update(sparql):
            if not self.write:
                raise KgError("the store is open read-only: start `kg console --write` to run updates")
            kgstore.update(self.db, sparql)
            self.status("store updated", started)
            if self.interactive:  # completions serve the prompt only
                self.refresh()
            return
        self.show(self.cache.answer(sparql, self.format, lambda: compute(self.db, sparql, self.format)), started)

    def show(self, answer: Output, started: float) -> None:
        count = answer.about["count"] if answer.about["count"] >= 0 else _count_rows(answer.data, self.format)
        noun = {"solutions": "row", "triples": "triple"}.get(answer.about["kind"])
        summary = f"{count} {noun}{'' if count == 1 else 's'}" if noun else ""
        if answer.kept:
            summary = f"{summary or 'result'} (kept from an earlier run; the store is unchanged)"
        if self.output:
            target, self.output = self.output, None
            target.write_bytes(answer.data)
            summary = f"{summary or 'result'} written to {target}"
        else:
            self.emit(answer.data)
        self.status(summary, started)

    def status(self, summary: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        timing = (f"{elapsed * 1000:.1f} ms" if elapsed < 1 else f"{elapsed:.2f} s") if self.timing else ""
        line = " in ".join(part for part in (summary, timing) if part)
        if line:
            click.echo(line, err=True)

    def emit(self, data: bytes) -> None:
        """Print output; in a terminal, through the pager when it would not fit on the screen."""
        sys.stdout.flush()
        if not self.interactive:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        text = data.decode()
        size = shutil.get_terminal_size()
        rows = sum(max(1, -(-len(line) // max(size.columns, 1))) for line in text.splitlines())
        if rows >= size.lines - 1:
            click.echo_via_pager(text)
        else:
            click.echo(text, nl=False)

    def rows(self, sparql: str) -> tuple[list[str], list[list[str]]]:
        """A SELECT's variable names and rows, shortened for reading."""
        result = kgstore.query(self.db, sparql)
        names = [v.value for v in result.variables]
        return names, [[short(solution[name]) for name in names] for solution in result]

    # -- backslash commands -------------------------------------------------------------------------

    def command(self, text: str) -> None:
        name, _, argument = text.rstrip(";").strip().partition(" ")
        command = COMMANDS.get(name)
        if command is None:
            raise KgError(f"unknown command {name} (\\? lists the commands)")
        command.handler(self, argument.strip())

    def help(self, argument: str) -> None:
        width = max(len(c.syntax) for c in COMMANDS.values())
        lines = [f"{c.syntax.ljust(width)}  {c.help}" for c in COMMANDS.values()]
        lines.append("A query runs when it ends with ';' or on Alt-Enter; Ctrl-C drops the input, Ctrl-D leaves.")
        self.emit(("\n".join(lines) + "\n").encode())

    def quit(self, argument: str) -> None:
        self.running = False

    def list_queries(self, argument: str) -> None:
        queries = named_queries()
        width = max(map(len, queries), default=0)
        self.emit("".join(f"{name.ljust(width)}  {comment}\n" for name, comment in queries.items()).encode())

    def named_query(self, argument: str) -> None:
        if not argument:
            raise KgError("usage: \\n NAME (\\l lists the named queries)")
        self.run_query(load_query(argument))

    def schema(self, argument: str) -> None:
        started = time.perf_counter()
        terms = {t.name: t for t in ontology_terms() if t.prefix == "kg"}
        parts = []
        for kind, sparql in (
            ("class", "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"),
            ("property", "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s ?c ?o } GROUP BY ?c"),
        ):
            counts = {short(row["c"]): row["n"].value for row in kgstore.query(self.db, sparql)}
            names = sorted({name for name, t in terms.items() if t.kind == kind} | set(counts))
            rows = [[name, counts.get(name, "0"), terms[name].label if name in terms else ""] for name in names]
            parts.append(table([kind, "count", "label"], rows))
        self.emit("\n".join(parts).encode())
        self.status("", started)

    def describe(self, argument: str) -> None:
        if not argument:
            raise KgError("usage: \\describe LABEL|IRI")
        for iri in self.resolve(argument):
            self.describe_one(iri)

    def resolve(self, argument: str) -> list[str]:
        """The IRIs meant by an argument: an <IRI>, a prefixed name, or a label (exact, else a unique part)."""
        if argument.startswith("<") and argument.endswith(">"):
            return [argument[1:-1]]
        if re.match(r"[a-z][\w+.-]*://", argument):
            return [argument]
        prefix, colon, local = argument.partition(":")
        if colon and prefix in PREFIXES and " " not in argument:
            return [PREFIXES[prefix] + local]
        literal = str(ox.Literal(argument.lower()))
        found = self.labelled(f"LCASE(STR(?l)) = {literal}")
        if not found:
            found = self.labelled(f"CONTAINS(LCASE(STR(?l)), {literal})")
            if len(found) > 1:
                raise KgError(f"several things match '{argument}': " + ", ".join(sorted(set(found.values()))))
        if not found:
            raise KgError(f"nothing labelled '{argument}' in the store")
        return list(found)

    def labelled(self, condition: str) -> dict[str, str]:
        """IRI -> preferred label of the things with a label (preferred or alternative) meeting the condition on ?l."""
        sparql = f"SELECT DISTINCT ?s ?label WHERE {{ ?s skos:prefLabel ?label ; skos:prefLabel|skos:altLabel ?l FILTER({condition}) }}"
        return {row["s"].value: row["label"].value for row in kgstore.query(self.db, sparql)}

    def describe_one(self, iri: str) -> None:
        node = f"<{iri}>"
        _, facts = self.rows(f"SELECT ?p ?o WHERE {{ {node} ?p ?o FILTER(?p != kg:evidence) }} ORDER BY ?p ?o")
        _, mentions = self.rows(f"SELECT ?s ?p WHERE {{ ?s ?p {node} }} ORDER BY ?p ?s")
        if not facts and not mentions:
            raise KgError(f"nothing known about {node}")
        _, evidence = self.rows(
            f"SELECT ?file ?line ?text WHERE {{ {node} kg:evidence ?e . ?e kg:text ?text "
            "OPTIONAL { ?e kg:line ?line } OPTIONAL { ?e kg:inArticle/kg:fileName ?file } } ORDER BY ?file ?line"
        )
        parts = [short(ox.NamedNode(iri)) + "\n"]
        if facts:
            parts.append(table(["property", "value"], facts))
        if mentions:
            parts.append("referred to by:\n" + table(["subject", "property"], mentions))
        if evidence:
            parts.append("evidence:\n" + "".join(f"  {file}:{line}: {' '.join(text.split())}\n" for file, line, text in evidence))
        self.emit("".join(parts).encode())

    def set_format(self, argument: str) -> None:
        if not argument:
            click.echo(f"format is {self.format} (one of {', '.join(FORMATS)})", err=True)
        elif argument not in FORMATS:
            raise KgError(f"unknown format '{argument}' (one of {', '.join(FORMATS)})")
        else:
            self.format = argument
            click.echo(f"format is {argument}", err=True)

    def set_output(self, argument: str) -> None:
        self.output = Path(argument).expanduser() if argument else None
        click.echo(f"the next result goes to {self.output}" if self.output else "results go to the screen", err=True)

    def toggle_timing(self, argument: str) -> None:
        self.timing = not self.timing
        click.echo(f"timing is {'on' if self.timing else 'off'}", err=True)


COMMANDS = {
    c.name: c
    for c in (
        Command("\\?", "\\?", "this help", Console.help),
        Command("\\q", "\\q", "leave the console (or Ctrl-D)", Console.quit),
        Command("\\l", "\\l", "list the named queries", Console.list_queries),
        Command("\\n", "\\n NAME", "run a named query", Console.named_query),
        Command("\\d", "\\d", "the schema: classes and properties with their counts", Console.schema),
        Command("\\describe", "\\describe LABEL|IRI", "all that is known of an actor or event, with its evidence", Console.describe),
        Command("\\format", "\\format NAME", "result format: " + ", ".join(FORMATS), Console.set_format),
        Command("\\o", "\\o [FILE]", "write the next result to FILE (a CONSTRUCT as Turtle)", Console.set_output),
        Command("\\timing", "\\timing", "show or hide the time each query takes", Console.toggle_timing),
    )
}


def _count_rows(data: bytes, fmt: str) -> int:
    """Rows in results written in a W3C format, read back: pyoxigraph serializes without counting."""
    if fmt == "csv":
        return max(len(list(csv.reader(io.StringIO(data.decode(), newline="")))) - 1, 0)
    return sum(1 for _ in ox.parse_query_results(data, ox.QueryResultsFormat.from_extension(fmt)))


# ---------------------------------------------------------------------------------------------------
# The prompt
# ---------------------------------------------------------------------------------------------------


def history_path() -> Path:
    """The history file, under the XDG data directory so it survives across sessions and folders."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "kg" / "history"


def key_bindings() -> KeyBindings:
    """The console's keys; everything else is prompt_toolkit's Emacs set (Ctrl-R searches the history)."""
    bindings = KeyBindings()
    query_complete = Condition(lambda: is_complete(get_app().current_buffer.text))

    @bindings.add("enter", filter=completion_is_selected)
    def _take_completion(event: KeyPressEvent) -> None:
        """Enter on a completion in the menu takes it, as Tab does, and goes on editing."""
        event.current_buffer.complete_state = None

    @bindings.add("enter", filter=~completion_is_selected & query_complete)
    def _run(event: KeyPressEvent) -> None:
        """Enter runs the input once it ends with a ';' outside braces, or is a backslash command;
        before that it starts a new line."""
        event.current_buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _run_now(event: KeyPressEvent) -> None:
        """Alt-Enter (or Escape then Enter) runs the input as it is, with or without ';'."""
        event.current_buffer.validate_and_handle()

    return bindings


def prompt_session(console: Console) -> PromptSession[str]:
    """The prompt, built once. History is given here, not per prompt, so that the file is read once
    and Up, Ctrl-R and the suggestions all see the same entries."""
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return PromptSession(
        "kg> ",
        multiline=True,
        prompt_continuation=lambda width, line_number, is_soft_wrap: "...> ".rjust(width),
        lexer=PygmentsLexer(SparqlLexer),
        history=FileHistory(str(path)),
        auto_suggest=AutoSuggestFromHistory(),
        completer=ThreadedCompleter(DynamicCompleter(lambda: console.completer)),
        complete_while_typing=True,
        key_bindings=key_bindings(),
    )


def strip_end(text: str) -> str:
    """The input without its final top-level ';', which ends a query but is not SPARQL."""
    stripped = text.rstrip()
    found = scan(stripped)
    if found.ends and found.ends[-1] == len(stripped) - 1 and found.state == "code":
        return stripped[:-1]
    return stripped


def run(store_path: Path, write: bool = False) -> int:
    """Run the console on a store; returns the exit status (1 if a scripted query failed)."""
    cache = ResultsCache(store_path)  # before opening: see kg.cache
    db = kgstore.open_store(store_path, read_only=not write)
    console = Console(db, cache, write=write, interactive=sys.stdin.isatty())
    if not console.interactive:
        for statement in statements(sys.stdin.read()):
            console.execute(statement.text, statement.line, statement.column)
            if not console.running:
                break
        return 1 if console.failed else 0
    console.refresh()
    click.echo(BANNER.format(store=store_path, mode="read-write" if write else "read-only"))
    session = prompt_session(console)
    try:
        while console.running:
            try:
                text = session.prompt()
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            console.execute(strip_end(text))
    finally:
        console.close()
    return 0
