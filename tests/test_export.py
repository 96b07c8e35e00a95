"""Exports read by parsers other than our own (serdi, rapper, pyld), and round trips through a fresh store.

Two stores are exported: the session's `built_store`, and a store built from an article whose text has
quotes, backslashes and Arabic, Hebrew and Cyrillic script, plus a sentence with line breaks written
through `kg.store.update` (the pipeline splits sentences at line ends, so none of its own holds one).
"""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from kg import formats
from kg import store as kgstore
from kg.export import jsonld_context
from kg.graph import article_iri
from kg.vocab import KG
from tests.conftest import require_tool, run

ONTOLOGY = Path(__file__).parent.parent / "ontology" / "kg.ttl"

ODD_ARTICLE = """\
Talks in "Cairo" end with a 'truce' \\ القاهرة
By Jane "JD" O'Doe
March 9, 2025

Egyptian President Abdel Fattah el-Sisi met Israeli Prime Minister Benjamin Netanyahu in Cairo on Sunday.
The "talks" covered a path\\way to the 'truce', القاهرة, ירושלים and Москва.
"""
# Pieces of text that must come back unchanged from every format.
ODD_TEXTS = ['"talks"', "'truce'", "path\\way", "القاهرة", "ירושלים", "Москва", "first line\nsecond\r\nthird\t\"end\"\\"]

# Our format name -> what serdi and rapper call it.
SERDI = {"turtle": "turtle", "nt": "ntriples", "nquads": "nquads", "trig": "trig"}
RAPPER = {"turtle": "turtle", "nt": "ntriples", "nquads": "nquads", "xml": "rdfxml"}


@pytest.fixture(scope="module")
def odd_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("odd")
    (folder / "articles").mkdir()
    (folder / "articles" / "odd.txt").write_text(ODD_ARTICLE, encoding="utf-8")
    path = folder / "kg-store"
    result = run("build", folder / "articles", "--store", path)
    assert result.exit_code == 0, result.output
    db = kgstore.open_store(path)
    text = json.dumps(ODD_TEXTS[-1])  # a JSON string is a valid SPARQL string literal
    graph = article_iri("odd")
    triples = f"<{graph}/multi-line> kg:text {text} ; kg:inArticle <{graph}>"
    kgstore.update(db, f"INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} {triples} }}")  # the default graph is the union
    kgstore.publish(db, path)  # for readers, as the console does
    return path


@pytest.fixture(scope="module", params=["built", "odd"])
def exported(request, tmp_path_factory) -> tuple[list[ox.Quad], dict[str, Path]]:
    """The store's quads, and one file per format written by `kg export`."""
    path = request.getfixturevalue("built_store" if request.param == "built" else "odd_store")
    folder = tmp_path_factory.mktemp(f"export-{request.param}")
    files = {}
    for fmt in formats.EXPORT:
        files[fmt] = folder / f"kg.{fmt}"
        result = run("export", "--store", path, "--format", fmt, "-o", files[fmt])
        assert result.exit_code == 0, result.output
    return list(kgstore.article_quads(kgstore.open_store(path, read_only=True))), files


def _graphs(quads: list[ox.Quad], union: bool) -> dict[str, Graph]:
    """rdflib graphs by graph name, or the one union graph under "", for isomorphism checks."""
    grouped: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        grouped.setdefault("" if union else str(quad.graph_name), []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return {name: Graph().parse(data=ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES), format="nt") for name, ts in grouped.items()}


def _same(expected: list[ox.Quad], actual: list[ox.Quad], union: bool) -> None:
    want, got = _graphs(expected, union), _graphs(actual, union)
    assert sorted(got) == sorted(want)
    for name, graph in want.items():
        assert len(got[name]) == len(graph), name
        assert isomorphic(got[name], graph), name


def _read(data: bytes, fmt: ox.RdfFormat) -> list[ox.Quad]:
    """Load into a fresh Oxigraph store, as another user of the file would."""
    fresh = ox.Store()
    fresh.load(data, format=fmt)
    return list(fresh.quads_for_pattern(None, None, None, None))


OXIGRAPH_FORMATS = {name: formats.get(name, formats.GRAPH, formats.DATASET).rdf for name in formats.EXPORT}


@pytest.mark.parametrize("fmt", sorted(formats.EXPORT))
def test_round_trip_through_a_fresh_store(exported, fmt):
    quads, files = exported
    _same(quads, _read(files[fmt].read_bytes(), OXIGRAPH_FORMATS[fmt]), union=fmt not in formats.names(formats.DATASET))


def _read_with(command: list[str], quads: list[ox.Quad], fmt: str) -> None:
    """Run an outside parser that writes N-Triples or N-Quads; it must say nothing and give our graphs."""
    done = subprocess.run(command, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"", done.stderr.decode()
    out = ox.RdfFormat.N_QUADS if fmt in formats.names(formats.DATASET) else ox.RdfFormat.N_TRIPLES
    _same(quads, _read(done.stdout, out), union=fmt not in formats.names(formats.DATASET))


@pytest.mark.parametrize("fmt", sorted(SERDI))
def test_serdi_reads_without_errors_or_warnings(exported, fmt):
    quads, files = exported
    out = "nquads" if fmt in formats.names(formats.DATASET) else "ntriples"
    _read_with([require_tool("serdi"), "-i", SERDI[fmt], "-o", out, str(files[fmt])], quads, fmt)


@pytest.mark.parametrize("fmt", sorted(RAPPER))
def test_rapper_reads_without_errors_or_warnings(exported, fmt):
    """-q drops rapper's progress lines; its warnings still go to stderr."""
    quads, files = exported
    out = "nquads" if fmt in formats.names(formats.DATASET) else "ntriples"
    _read_with([require_tool("rapper"), "-q", "-i", RAPPER[fmt], "-o", out, str(files[fmt])], quads, fmt)


def _no_network(url: str, options: dict | None = None) -> dict:
    raise AssertionError(f"the JSON-LD export made pyld fetch {url}")


def test_pyld_reads_jsonld_offline(exported):
    quads, files = exported
    document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        expanded = jsonld.expand(document, {"documentLoader": _no_network})
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": _no_network})
    assert expanded
    _same(quads, _read(nquads.encode(), ox.RdfFormat.N_QUADS), union=False)


def test_odd_text_survives_every_format(odd_store, tmp_path):
    """The texts are in the store to begin with, and come back from every format byte for byte."""
    for fmt in formats.EXPORT:
        out = tmp_path / f"odd.{fmt}"
        assert run("export", "--store", odd_store, "--format", fmt, "-o", out).exit_code == 0
        back = _read(out.read_bytes(), OXIGRAPH_FORMATS[fmt])
        texts = [q.object.value for q in back if q.predicate == ox.NamedNode(KG + "text")]
        for piece in ODD_TEXTS:
            assert any(piece in text for text in texts), (fmt, piece)
        titles = [q.object.value for q in back if q.predicate == ox.NamedNode("http://purl.org/dc/terms/title")]
        assert titles == ["Talks in \"Cairo\" end with a 'truce' \\ القاهرة"], fmt


def test_export_reports_statements(built_store, tmp_path):
    quads = list(kgstore.article_quads(kgstore.open_store(built_store, read_only=True)))
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    for fmt, expected in (("nquads", len(quads)), ("jsonld", len(quads)), ("turtle", len(triples))):
        result = run("export", "--store", built_store, "--format", fmt, "-o", tmp_path / f"kg.{fmt}")
        assert result.stderr.strip() == f"{expected} statements -> {tmp_path / f'kg.{fmt}'}"


def test_jsonld_embeds_the_shipped_context(exported):
    _, files = exported
    document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == jsonld_context()


def test_context_names_every_ontology_term():
    """Each kg: class and property has a short term; object properties take IRIs as plain strings."""
    context = json.loads((ONTOLOGY.parent / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    ontology = Graph().parse(ONTOLOGY)
    expanded = {}
    for term, definition in context.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        expanded[iri.replace("kg:", KG) if iri.startswith("kg:") else iri] = (term, definition)
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and str(term).startswith(KG):
                assert str(term) in expanded, term
                name, definition = expanded[str(term)]
                assert name == str(term)[len(KG) :]
                if kind == OWL.ObjectProperty:
                    assert definition == {"@id": f"kg:{name}", "@type": "@id"}
