"""Completion: first what is expected at the cursor (`suggest`, as pgcli's `suggest_type`), then one
matcher per kind of name (as `pgcli/pgcompleter.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from kg import formats
from kg.console.commands import COMMANDS
from kg.console.names import Labelled, Names
from kg.queries import named_queries
from kg.results import short
from kg.sparql import scan, variables
from kg.vocab import PREFIXES

KEYWORDS = sorted(
    """SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED PREFIX BASE DISTINCT REDUCED AS OPTIONAL UNION MINUS
    FILTER BIND VALUES GRAPH SERVICE SILENT EXISTS NOT IN GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET UNDEF
    COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE
    RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE
    STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512
    COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE TRUE
    FALSE INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR DROP CREATE ADD MOVE COPY TO INTO""".split()
)


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
        for name in formats.QUERY:
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
        else:  # after a subject a property comes next, far more often than a class
            found.sort(key=lambda t: t.kind != "property")
        for term in found:
            yield Completion(term.name, -len(expect.word), display_meta=term.meta)

    def _variable(self, expect: Expect, document: Document) -> Iterator[Completion]:
        for name in variables(document.text):
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
