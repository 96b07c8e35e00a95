"""The class hierarchy answers: article graphs state the superclasses of the types they state, and the
ontology sits in the store in a named graph of its own, which no count, union, prune, push or export of
the articles takes for an article."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from kg import store as kgstore
from kg.graph import superclasses
from kg.vocab import KG, ONTOLOGY_IRI
from tests.conftest import run
from tests.test_console import run_script


def count(store, sparql: str) -> int:
    result = run("query", "--store", store, "--format", "csv", sparql)
    assert result.exit_code == 0, result.output
    return int(result.stdout.splitlines()[1])


def test_superclasses_come_from_the_ontology_axioms():
    person = superclasses()[rdflib.URIRef(KG + "Person")]
    assert {KG + "Actor", "http://www.w3.org/ns/prov#Agent", "http://xmlns.com/foaf/0.1/Person"} <= set(map(str, person))
    assert rdflib.URIRef(KG + "Event") in superclasses()[rdflib.URIRef(KG + "Meeting")]
    assert rdflib.URIRef(KG + "Person") not in person


def test_a_person_is_an_actor_in_every_query(built_store):
    actors = count(built_store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ?c VALUES ?c { kg:Person kg:Organization kg:Country } }")
    assert actors > 0
    assert count(built_store, "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Actor }") == actors
    assert count(built_store, "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Event }") == count(
        built_store, "SELECT (COUNT(*) AS ?n) WHERE { { ?a a kg:Meeting } UNION { ?a a kg:Incident } }"
    )
    # each article's own graph says so, so a store the graphs are pushed to answers the same
    unstated = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a kg:Person } FILTER NOT EXISTS { GRAPH ?g { ?a a kg:Actor } } }"
    assert count(built_store, unstated) == 0


def test_schema_counts_the_superclasses(built_store):
    shown = run_script(built_store, "\\d\n").stdout
    line = next(line for line in shown.splitlines() if line.startswith("| kg:Actor "))
    assert int(line.split("|")[2]) == count(built_store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Actor }") > 0


def test_the_ontology_is_in_its_own_graph_outside_the_union(built_store):
    axiom = f"<{KG}Person> rdfs:subClassOf <{KG}Actor>"
    assert count(built_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_IRI}> {{ {axiom} }} }}") == 1
    assert count(built_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {axiom} }}") == 0  # not in the default graph
    db = kgstore.open_store(built_store, read_only=True)
    assert ONTOLOGY_IRI not in kgstore.article_graphs(db) and len(kgstore.article_graphs(db)) == 2
    assert all(q.graph_name != ox.NamedNode(ONTOLOGY_IRI) for q in kgstore.article_quads(db))
    stats = dict(line.split(maxsplit=1) for line in run("stats", "--store", built_store).output.splitlines())
    assert stats["articles"] == "2" and stats["rules"].endswith("(2 articles)")


def test_exports_and_prune_leave_the_ontology_alone(tmp_path, articles_copy):
    store = tmp_path / "store"
    assert run("build", articles_copy, "--store", store).exit_code == 0
    nquads = run("export", "--store", store, "--format", "nquads").stdout
    assert nquads and f"<{ONTOLOGY_IRI}> .\n" not in nquads
    next(articles_copy.glob("*.txt")).unlink()
    result = run("build", articles_copy, "--store", store, "--prune")
    assert "removed 1," in result.output
    db = kgstore.open_store(store, read_only=True)
    assert len(kgstore.article_graphs(db)) == 1 and ox.NamedNode(ONTOLOGY_IRI) in set(db.named_graphs())
    assert "built 0, unchanged 1, removed 0" in run("build", articles_copy, "--store", store).output


def test_an_update_keeps_the_ontology_out_of_the_default_graph(tmp_path, articles_copy):
    store = tmp_path / "store"
    assert run("build", articles_copy, "--store", store).exit_code == 0
    db = kgstore.open_store(store)
    kgstore.update(db, "DELETE WHERE { GRAPH ?g { ?a kg:role ?r } }")
    assert not any(True for _ in db.quads_for_pattern(ox.NamedNode(KG + "Person"), None, None, ox.DefaultGraph()))
    assert kgstore.put_ontology(db) is False  # still whole
