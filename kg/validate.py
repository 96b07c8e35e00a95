"""The store's data against ontology/shapes.ttl (SHACL, with pyshacl) and ontology/kg.ttl (HermiT).

SHACL says what each node must carry (a meeting's participants, a fact's evidence, a date's datatype);
the reasoner says whether the data contradicts the ontology (a node both a kg:Person and a kg:Country,
a negative count where the range is non-negative). Both read the union of the article graphs.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import KgError
from kg.results import short

INCONSISTENT = "the data contradicts the ontology: inconsistent under the HermiT reasoner"


@dataclass(frozen=True)
class Violation:
    """One broken rule, printed as one line: focus node, path, message."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus}\t{self.path}\t{self.message}"


@cache
def ontology() -> Graph:
    with (files("kg.ontology") / "kg.ttl").open("rb") as source:
        return Graph().parse(source, format="turtle")


@cache
def shapes() -> Graph:
    with (files("kg.ontology") / "shapes.ttl").open("rb") as source:
        return Graph().parse(source, format="turtle")


def union_graph(store: ox.Store) -> Graph:
    """The union of the article graphs as one rdflib graph, each triple once."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    with _ill_typed_literals_allowed():
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


@contextmanager
def _ill_typed_literals_allowed() -> Iterator[None]:
    """rdflib logs a traceback for each literal not of its datatype ("2025-03"^^xsd:date); those are
    what the shapes report, one line each, so the traceback is held back."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _name(node: object) -> str:
    if isinstance(node, URIRef):
        return short(ox.NamedNode(str(node)))
    if isinstance(node, Literal):
        datatype = f"^^{_name(node.datatype)}" if node.datatype else ""
        return Literal(str(node), lang=node.language).n3() + datatype
    return "-" if node is None else str(node)


def _path(report: Graph, path: Node | None) -> str:
    """A property path as SHACL's Turtle writes it: `kg:claim`, `^kg:claim`, `kg:perpetrator|kg:target`."""
    if path is None or isinstance(path, URIRef):
        return _name(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(report, inverse)
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path(report, p) for p in report.items(alternatives))
    return _name(path)


def shacl_violations(data: Graph) -> list[Violation]:
    """Every SHACL result for `data`, sorted; empty when the data conforms."""
    from pyshacl import validate

    with _ill_typed_literals_allowed():
        conforms, report, _ = validate(data, shacl_graph=shapes(), ont_graph=ontology(), inference="none")
    if conforms:
        return []
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        message = report.value(result, SH.resultMessage)
        focus, value = report.value(result, SH.focusNode), report.value(result, SH.value)
        text = str(message) if message is not None else "violates " + _name(report.value(result, SH.sourceShape))
        if value is not None and value != focus:
            text += f" (value {_name(value)})"
        found.add(Violation(_name(focus), _path(report, report.value(result, SH.resultPath)), text))
    return sorted(found, key=lambda v: (v.focus, v.path, v.message))


def inconsistency(data: Graph) -> str | None:
    """Why the ontology plus `data` is inconsistent under HermiT, or None when it is consistent.

    Runs the HermiT that owlready2 ships for a consistency check alone: owlready2's sync_reasoner_hermit
    also classifies every individual, which took a minute on 2,700 triples where this takes two seconds.
    HermiT knows only the OWL 2 datatype map, which lacks the xsd:date, xsd:gYearMonth and xsd:gYear of
    kg:date, so it treats those as opaque; the SHACL shapes check them instead.
    """
    java = shutil.which("java")
    if java is None:
        raise KgError("java is not on PATH: the HermiT reasoner needs it (or pass --no-reasoner)")
    hermit = files("owlready2") / "hermit"
    classpath = os.pathsep.join([str(hermit), str(hermit / "HermiT.jar")])
    with tempfile.TemporaryDirectory() as folder:
        owl = Path(folder) / "kg.owl"
        (ontology() + data).serialize(destination=owl, format="xml")
        command = [java, "-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine", "--consistency", "--ignoreUnsupportedDatatypes"]
        done = subprocess.run([*command, owl.as_uri()], capture_output=True, text=True)
    if done.returncode == 0:
        return None
    if "InconsistentOntologyException" in done.stderr:
        return INCONSISTENT
    lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
    if "MalformedLiteralException" in lines[0]:  # "abc"^^xsd:integer: the shapes name its node too
        return "the HermiT reasoner rejects the data: " + lines[0].split("MalformedLiteralException: ", 1)[-1]
    raise KgError("the HermiT reasoner failed: " + lines[0])


def validate(store: ox.Store, reasoner: bool = True) -> tuple[Graph, list[Violation]]:
    """The checked union graph, and what is wrong with it; the reasoner's finding has no focus node."""
    data = union_graph(store)
    violations = shacl_violations(data)
    problem = inconsistency(data) if reasoner else None
    if problem:
        violations.append(Violation("-", "-", problem))
    return data, violations
