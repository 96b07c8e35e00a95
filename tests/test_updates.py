"""kg.updates: what a SPARQL update can change, which is all the store looks at to mend the union after
it; an update whose reach cannot be told gets None, and the store looks at everything."""

from __future__ import annotations

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

from kg.updates import LONGEST, Reach, reach
from kg.vocab import KG, PREFIXES

A, B = "https://w3id.org/kg-news/id/article/a", "https://w3id.org/kg-news/id/article/b"
EGYPT = URIRef("https://w3id.org/kg-news/id/actor/egypt")
COUNTRY = URIRef(KG + "Country")
NAMED_EGYPT = (None, SKOS.prefLabel, Literal("Egypt"))


@pytest.mark.parametrize(
    ("update", "patterns", "graphs"),
    [
        ('DELETE WHERE { GRAPH ?g { ?a a kg:Country ; skos:prefLabel "Egypt" . } }', {(None, RDF.type, COUNTRY), NAMED_EGYPT}, set()),
        (f"INSERT DATA {{ GRAPH <{A}> {{ <{EGYPT}> a kg:Country }} }}", {(EGYPT, RDF.type, COUNTRY)}, set()),
        ('DELETE { ?a skos:prefLabel "Misr"@ar } WHERE { ?a a kg:Country }', {(None, SKOS.prefLabel, None)}, set()),
        (f"DROP GRAPH <{A}> ; CLEAR SILENT GRAPH <{B}>", set(), {A, B}),
        (f"MOVE <{A}> TO <{B}>", set(), {A, B}),
        (f"COPY <{A}> TO <{B}>", set(), {A, B}),
        (f"ADD <{A}> TO DEFAULT ; ADD DEFAULT TO <{B}> ; CREATE GRAPH <urn:x:new>", set(), {A, B}),
    ],
    ids=["delete-where", "insert-data", "typed-literal-broadened", "drop-and-clear", "move", "copy", "add-and-create"],
)
def test_an_update_reaches_only_the_triples_it_names(update, patterns, graphs):
    assert reach(update, PREFIXES) == Reach(frozenset(patterns), frozenset(graphs))


@pytest.mark.parametrize(
    "update",
    [
        "CLEAR DEFAULT",
        "DROP ALL",
        "CLEAR NAMED",
        f"COPY <{A}> TO DEFAULT",
        f"MOVE DEFAULT TO <{A}>",
        "LOAD <http://example.org/data.ttl>",
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
        "INSERT DATA { <<( <x:a> <x:b> <x:c> )>> <x:d> <x:e> }",  # beyond rdflib's parser
    ],
    ids=["clear-default", "drop-all", "clear-named", "copy-to-default", "move-default", "load", "any-triple", "unread"],
)
def test_an_update_that_may_change_anything_has_no_reach(update):
    assert reach(update, PREFIXES) is None


def test_a_long_update_is_mended_by_the_whole_pass_rather_than_parsed():
    data = " ".join(f'<urn:x:{i}> skos:prefLabel "name {i}" .' for i in range(LONGEST // 30))
    assert reach(f"INSERT DATA {{ GRAPH <{A}> {{ {data} }} }}", PREFIXES) is None
