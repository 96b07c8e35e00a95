"""Names to complete: the ontology's terms and the store's labelled things, read in the background
(as pgcli's `completion_refresher.py` reads a database's names), so the prompt never waits for them."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources import files

import click
import pyoxigraph as ox

from kg import store as kgstore
from kg.errors import KgError
from kg.results import short
from kg.vocab import PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]
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
WHERE { ?s skos:prefLabel ?pref ; skos:prefLabel|skos:altLabel ?l .
  OPTIONAL { ?s a ?c FILTER(STRSTARTS(STR(?c), STR(kg:)) && ?c NOT IN (kg:Actor, kg:Event)) } }
GROUP BY ?s"""  # the kind shown is the thing's own kg: class, not one of the superclasses it is also typed with


def store_names(db: kgstore.Queryable, terms: Iterable[Term]) -> Names:
    """The ontology's terms plus the labelled things of the store, for completion."""
    labelled = []
    for row in kgstore.select(db, _LABELLED):
        kind = short(row["class"]).split(":", 1)[-1] if row["class"] else ""
        labelled.append(Labelled(row["s"].value, row["label"].value, tuple(row["all"].value.split("\x01")), kind))
    return Names(tuple(terms), tuple(sorted(labelled, key=lambda x: x.label.lower())))


def refresh_names(db: kgstore.Queryable, done: Callable[[Names], None]) -> threading.Thread:
    """Read the names in a thread and hand them to `done`: the prompt comes up at once and completion
    gets richer a moment later. The caller joins the thread before closing the store."""

    def load() -> None:
        try:
            names = store_names(db, ontology_terms())
        except (KgError, OSError) as err:
            click.echo(f"Error: completion names not loaded: {err}", err=True)
            return
        done(names)

    thread = threading.Thread(target=load, name="kg-completion-refresh", daemon=True)
    thread.start()
    return thread
