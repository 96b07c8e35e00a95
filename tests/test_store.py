"""The store keeps the union of the article graphs as its default graph, each triple once, in step with
every replaced or removed article; a store of the first format is upgraded by a writable opening.

The tests of what goes in and out run on a store in memory and on one on disk, as kg opens it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg import store as kgstore
from kg.errors import KgError
from kg.vocab import ONTOLOGY_IRI

A, B = "https://w3id.org/kg-news/id/article/a", "https://w3id.org/kg-news/id/article/b"
EGYPT = URIRef("https://w3id.org/kg-news/id/actor/egypt")
TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
COUNTRY = URIRef("https://w3id.org/kg-news/ontology#Country")
PREF_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


@pytest.fixture(scope="session", params=["memory", "disk"])
def new_store(request, tmp_path_factory) -> Callable[[], ox.Store]:
    """Makes empty stores: in memory, or on disk through kg's own opening. A maker, not a store, so
    hypothesis may make one per example."""
    if request.param == "memory":
        return ox.Store
    return lambda: kgstore.open_store(tmp_path_factory.mktemp("store") / "s", create=True)


def label(text: str) -> tuple[URIRef, URIRef, Literal]:
    return (EGYPT, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal(text))


def default_graph(db: ox.Store) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def count(db: ox.Store, sparql: str) -> int:
    return int(next(iter(kgstore.query(db, sparql)))["n"].value)


def test_the_default_graph_is_the_union_each_triple_once(new_store):
    db = new_store()
    kgstore.replace_graph(db, A, kgstore.statements([(EGYPT, TYPE, COUNTRY), label("Egypt")]))
    kgstore.replace_graph(db, B, kgstore.statements([(EGYPT, TYPE, COUNTRY), label("Misr")]))
    assert count(db, "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Country }") == 1  # named in two articles, counted once
    assert len(default_graph(db)) == 3

    kgstore.replace_graph(db, A, kgstore.statements([(EGYPT, TYPE, COUNTRY)]))  # the edited article no longer says "Egypt"
    assert count(db, "SELECT (COUNT(*) AS ?n) WHERE { ?a skos:altLabel ?l }") == 1
    kgstore.remove_graph(db, B)  # the type is still stated by A, the other label by no one
    assert count(db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 1
    kgstore.remove_graph(db, A)
    assert default_graph(db) == set()


def test_a_first_format_store_is_upgraded_by_a_build_and_refused_read_only(tmp_path):
    path = tmp_path / "old"
    old = ox.Store(str(path))
    old.add(ox.Quad(ox.NamedNode(str(EGYPT)), ox.NamedNode(str(TYPE)), ox.NamedNode(str(COUNTRY)), ox.NamedNode(A)))
    old.flush()
    del old
    (path / "kg-store.json").write_text(json.dumps({"format": 1}) + "\n")
    with pytest.raises(KgError, match="store format 1 has no default graph yet"):
        kgstore.open_store(path, read_only=True)
    db = kgstore.open_store(path)
    assert count(db, "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Country }") == 1
    assert json.loads((path / "kg-store.json").read_text()) == {"format": kgstore.FORMAT_VERSION}


# The union under updates: random updates over three article graphs and a few terms, each followed by a
# look at whether the default graph holds exactly the triples some article graph holds.
GRAPHS = [A, B, "https://w3id.org/kg-news/id/article/c"]
TERMS = ["<https://w3id.org/kg-news/id/actor/egypt>", "<https://w3id.org/kg-news/id/actor/qatar>"]
PREDICATES = ["a", "skos:prefLabel"]
OBJECTS = ["kg:Country", '"Egypt"', '"Qatar"', '"Misr"@ar', '"01"^^xsd:integer']
objects = st.sampled_from(OBJECTS)
triple = st.tuples(st.sampled_from(TERMS), st.sampled_from(PREDICATES), st.sampled_from(OBJECTS)).map(" ".join)
graph = st.sampled_from(GRAPHS)
updates = st.one_of(
    st.builds(lambda g, t: f"INSERT DATA {{ GRAPH <{g}> {{ {t} }} }}", graph, triple),
    st.builds(lambda g, t: f"DELETE DATA {{ GRAPH <{g}> {{ {t} }} }}", graph, triple),
    st.builds(lambda t: f"INSERT DATA {{ {t} }}", triple),  # the default graph alone: no article says it
    st.builds(lambda t: f"DELETE DATA {{ {t} }}", triple),
    st.builds(lambda g: f"DROP SILENT GRAPH <{g}>", graph),
    st.builds(lambda g, h: f"COPY SILENT <{g}> TO <{h}>", graph, graph),
    st.builds(lambda o: f"DELETE WHERE {{ GRAPH ?g {{ ?a a kg:Country ; skos:prefLabel {o} . }} }}", st.sampled_from(OBJECTS[1:])),
    st.builds(lambda o: f"DELETE {{ GRAPH ?g {{ ?a ?p {o} }} }} WHERE {{ GRAPH ?g {{ ?a ?p {o} }} }}", st.sampled_from(OBJECTS)),
    st.builds(lambda g, h: f"MOVE SILENT <{g}> TO <{h}>", graph, graph),
    st.builds(lambda g, h: f"ADD SILENT <{g}> TO <{h}>", graph, graph),
    st.builds(lambda g: f"ADD SILENT <{ONTOLOGY_IRI}> TO <{g}>", graph),  # the ontology's triples become an article's
    st.builds(lambda t: f"INSERT DATA {{ GRAPH <{ONTOLOGY_IRI}> {{ {t} }} }}", triple),  # no article says it
    st.builds(lambda g: f"CLEAR SILENT GRAPH <{g}>", graph),
    st.builds(lambda g: f"COPY SILENT DEFAULT TO <{g}>", graph),
    st.builds(lambda g: f"ADD SILENT <{g}> TO DEFAULT", graph),
    st.builds(lambda g: f"COPY SILENT <{g}> TO DEFAULT", graph),  # the default graph overwritten: the whole union is mended
    st.just("CLEAR SILENT DEFAULT"),
    st.builds(
        "WITH <{}> DELETE {{ ?a a kg:Country }} INSERT {{ GRAPH <{}> {{ ?a skos:prefLabel ?l }} }} WHERE {{ ?a skos:prefLabel ?l }}".format,
        graph,
        graph,
    ),
    st.builds("INSERT {{ GRAPH <{}> {{ _:new a kg:Country ; skos:prefLabel ?l }} }} WHERE {{ ?a skos:prefLabel ?l }}".format, graph),
    st.builds("DELETE {{ GRAPH <{0}> {{ ?a ?p ?o }} }} WHERE {{ GRAPH <{0}> {{ ?a ?p ?o FILTER(?o = {1}) }} }}".format, graph, objects),
)
# One request of several operations, each seeing what the ones before it did, mended once at its end.
requests = updates | st.lists(updates, min_size=2, max_size=4).map(" ;\n".join)


def union_holds(db: ox.Store) -> bool:
    named = {ox.Triple(q.subject, q.predicate, q.object) for q in kgstore.article_quads(db)}
    default = {ox.Triple(q.subject, q.predicate, q.object) for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return named == default


@given(st.lists(st.tuples(graph, triple), max_size=8), st.lists(requests, min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_default_graph_stays_the_union_under_random_updates(new_store, start, steps):
    db = new_store()
    kgstore.put_ontology(db)  # in a named graph of its own, which the union leaves out
    for g, t in start:
        kgstore.update(db, f"INSERT DATA {{ GRAPH <{g}> {{ {t} }} }}")
    assert union_holds(db)
    for step in steps:
        kgstore.update(db, step)
        assert union_holds(db), step


def test_deleting_a_fact_from_every_article_removes_it_from_the_default_graph(new_store):
    db = new_store()
    kgstore.replace_graph(db, A, kgstore.statements([(EGYPT, TYPE, COUNTRY), (EGYPT, PREF_LABEL, Literal("Egypt"))]))
    kgstore.update(db, 'DELETE WHERE { GRAPH ?g { ?a a kg:Country ; skos:prefLabel "Egypt" . } }')
    assert count(db, "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Country }") == 0
    assert default_graph(db) == set()


def test_an_update_syntax_error_points_into_the_update_itself(new_store):
    with pytest.raises(KgError) as caught:
        kgstore.update(new_store(), "INSERT DATA {\n  <x:a> <x:b> <x:c>\n")
    assert caught.value.line == 2 and "at '<x:c>'" in str(caught.value)


HASH = URIRef("https://w3id.org/kg-news/ontology#contentHash")
AWKWARD = [  # literals that need escaping in N-Triples and in SPARQL alike
    Literal('a "quoted"\nline\\ with \\u0041 and \u2028 in it'),
    Literal("Égypte", lang="fr"),
    Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")),
    Literal("\x01\t\r"),
]


def test_new_and_replaced_graphs_store_the_same_quads_and_the_hash_apart(new_store):
    triples = [(EGYPT, PREF_LABEL, literal) for literal in AWKWARD] + [(URIRef(A), HASH, Literal("ab" * 32))]
    data = kgstore.statements(triples)
    assert [str(t.predicate.value) for t in data.marks] == [str(HASH)] and b"contentHash" not in data.triples
    bulk, replaced = new_store(), new_store()
    kgstore.add_graphs(bulk, [(A, data)])
    kgstore.replace_graph(replaced, A, data)
    assert set(bulk) == set(replaced)
    assert len(bulk) == 2 * len(triples)  # each in the article's graph and in the default graph
    assert {q.object.value for q in bulk.quads_for_pattern(None, ox.NamedNode(str(PREF_LABEL)), None, ox.NamedNode(A))} == {
        str(literal) for literal in AWKWARD
    }
    assert kgstore.stored_key(bulk, A) is not None and kgstore.stored_key(replaced, A) is not None


def checkpoints(path) -> list[str]:
    return sorted(entry.name for entry in (path / kgstore.CHECKPOINTS).iterdir())


def write(db: ox.Store, path, n: int) -> None:
    """An update, flushed to files of its own, and a checkpoint of it, as `kg console --write` makes."""
    kgstore.update(db, f"INSERT DATA {{ GRAPH <{A}> {{ <{EGYPT}> skos:altLabel 'name {n}' }} }}")
    db.flush()
    kgstore.publish(db, path)


def test_superseded_checkpoints_go_as_soon_as_no_reader_holds_them(tmp_path):
    path = tmp_path / "s"
    db = kgstore.open_store(path, create=True)
    reader = kgstore.open_reader(path)
    for n in range(5):
        write(db, path, n)
    assert checkpoints(path) == sorted([reader.name, checkpoints(path)[-1]])  # the one held, and the newest
    reader.fresh()  # follows the newest, letting the old go
    write(db, path, 5)
    assert len(checkpoints(path)) == 2 and reader.name in checkpoints(path)
    del reader
    write(db, path, 6)
    assert len(checkpoints(path)) == 1


def test_a_one_off_reader_keeps_its_checkpoint_whole_while_writes_go_on(tmp_path):
    path = tmp_path / "s"
    db = kgstore.open_store(path, create=True)
    for n in range(3):
        write(db, path, n)
    once = kgstore.open_store(path, read_only=True)  # as `kg export` opens it
    for n in range(3, 30):
        write(db, path, n)
    db.optimize()  # compaction replaces the files the one-off reader's checkpoint links to
    write(db, path, 30)
    assert count(once, "SELECT (COUNT(*) AS ?n) WHERE { ?a skos:altLabel ?l }") == 3
    assert len(checkpoints(path)) == 2


def test_an_update_mends_the_union_only_where_it_reaches(new_store):
    """A stray default-graph triple no article holds (written past kg, as only a bug would) shows which
    triples an update's mending looked at: one naming another subject leaves it, a whole pass takes it."""
    db = new_store()
    stray = ox.Quad(ox.NamedNode("urn:x:stray"), ox.NamedNode(str(PREF_LABEL)), ox.Literal("Atlantis"), ox.DefaultGraph())
    db.add(stray)
    kgstore.update(db, f'INSERT DATA {{ GRAPH <{A}> {{ <{EGYPT}> skos:prefLabel "Egypt" }} }}')
    kgstore.update(db, f"DROP GRAPH <{A}>")
    assert stray in db and default_graph(db) == {str(ox.Triple(stray.subject, stray.predicate, stray.object))}
    kgstore.update(db, "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(false) }")  # may touch any triple
    assert stray not in db and default_graph(db) == set()
