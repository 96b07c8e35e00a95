"""`kg validate`: the built store passes; every SHACL shape in ontology/shapes.ttl catches data written to
break it; HermiT catches a contradiction that no shape sees."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS

from kg import store as kgstore
from kg.validate import INCONSISTENT, Violation, inconsistency, shacl_violations, shapes
from kg.vocab import DATA_BASE, KG
from tests.conftest import require_tool, run

KGSH = "https://w3id.org/kg-news/shapes#"
D = Namespace(DATA_BASE)
PREFIXES = f"""\
@prefix kg:      <{KG}> .
@prefix d:       <{DATA_BASE}> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""
# One article as `kg build` writes it: each case below changes one thing.
GOOD = (
    PREFIXES
    + """
d:a a kg:Article ; kg:fileName "a.txt" ; kg:contentHash "%s" ;
    dcterms:title "Talks in Cairo" ; dcterms:issued "2025-03-09"^^xsd:date .
d:s1 a kg:Sentence ; kg:inArticle d:a ; kg:text "Egypt and Israel met in Cairo on Sunday." ;
    kg:startOffset 40 ; kg:endOffset 80 ; kg:line 5 .
d:s2 a kg:Sentence ; kg:inArticle d:a ; kg:text "An airstrike killed 20 to 21, the ministry said." ;
    kg:startOffset 81 ; kg:endOffset 130 ; kg:line 6 .
d:egypt a kg:Country ; skos:prefLabel "Egypt" ; kg:mentionedIn d:a ; kg:evidence d:s1 ; kg:rule "actors.country" .
d:israel a kg:Country ; skos:prefLabel "Israel" ; kg:mentionedIn d:a ; kg:evidence d:s1 ; kg:rule "actors.country" .
d:qatar a kg:Country ; skos:prefLabel "Qatar" ; kg:mentionedIn d:a ; kg:evidence d:s1 ; kg:rule "actors.country" .
d:cairo a kg:Place ; skos:prefLabel "Cairo" ; kg:inCountry d:egypt .
d:m a kg:Meeting ; kg:participant d:egypt , d:israel ; kg:mediator d:qatar ; kg:status kg:held ;
    kg:place d:cairo ; kg:date "2025-03-08"^^xsd:date ; kg:mentionedIn d:a ; kg:evidence d:s1 ;
    kg:mainEvidence d:s1 ; kg:rule "meetings.verb" .
d:g a kg:Agreement ; skos:prefLabel "Truce" ; kg:kind "ceasefire" ; kg:party d:egypt , d:israel ;
    kg:mediator d:qatar ; kg:date "2025-03"^^xsd:gYearMonth ; kg:mentionedIn d:a ; kg:evidence d:s1 ;
    kg:rule "agreements.ceasefire" .
d:i a kg:Incident ; kg:kind "airstrike" ; kg:status kg:held ; kg:perpetrator d:israel ; kg:target d:egypt ;
    kg:date "2025"^^xsd:gYear ; kg:claim d:c ; kg:mentionedIn d:a ; kg:evidence d:s2 ; kg:rule "incidents.airstrike" .
d:c a kg:Claim ; kg:killedMin 20 ; kg:killedMax 21 ; kg:injuredMin 3 ; kg:injuredMax 4 ; kg:claimedBy d:ministry ;
    kg:evidence d:s2 ; kg:rule "incidents.airstrike" .
d:ministry a kg:Source ; skos:prefLabel "the health ministry" .
"""
    % ("0" * 64)
)

# name -> (shape it breaks, focus node, (subject, predicate) pairs to drop from GOOD, Turtle to add)
CASES: dict[str, tuple[str, str, list[tuple[str, str]], str]] = {
    "meeting-without-evidence": ("fact-evidence", "m", [("m", "evidence"), ("m", "mainEvidence")], ""),
    "evidence-not-a-sentence": ("fact-evidence", "c", [], "d:c kg:evidence d:a ."),
    "incident-without-rule": ("fact-rule", "i", [("i", "rule")], ""),
    "sentence-without-article": ("sentence-article", "s1", [("s1", "inArticle")], ""),
    "sentence-in-two-articles": (
        "sentence-article",
        "s1",
        [],
        "d:b a kg:Article ; kg:fileName 'b.txt' ; kg:contentHash '%s' . d:s1 kg:inArticle d:b ." % ("1" * 64),
    ),
    "sentence-with-two-texts": ("sentence-text", "s1", [], 'd:s1 kg:text "Another text." .'),
    "start-after-end": ("sentence-span", "s2", [("s2", "startOffset")], "d:s2 kg:startOffset 140 ."),
    "end-not-a-number": ("sentence-end", "s2", [("s2", "endOffset")], 'd:s2 kg:endOffset "130" .'),
    "line-zero": ("sentence-line", "s1", [("s1", "line")], "d:s1 kg:line 0 ."),
    "article-without-file": ("article-file", "a", [("a", "fileName")], ""),
    "hash-not-hex": ("article-hash", "a", [("a", "contentHash")], 'd:a kg:contentHash "not a hash" .'),
    "issued-as-text": ("article-issued", "a", [("a", "issued")], 'd:a dcterms:issued "March 9, 2025" .'),
    "actor-without-label": ("actor-label", "israel", [("israel", "prefLabel")], ""),
    "actor-not-mentioned": ("actor-mentioned", "qatar", [("qatar", "mentionedIn")], ""),
    "actor-without-evidence": ("actor-evidence", "qatar", [("qatar", "evidence")], ""),
    "source-without-label": ("named-label", "ministry", [("ministry", "prefLabel")], ""),
    "agreement-without-label": ("named-label", "g", [("g", "prefLabel")], ""),
    "country-as-text": ("place-country", "cairo", [("cairo", "inCountry")], 'd:cairo kg:inCountry "Egypt" .'),
    "unknown-status": ("event-status", "i", [("i", "status")], "d:i kg:status kg:rumoured ."),
    "event-without-status": ("event-status", "m", [("m", "status")], ""),
    "place-not-a-place": ("event-place", "i", [], "d:i kg:place d:egypt ."),
    "month-as-date": ("date-precision", "m", [("m", "date")], 'd:m kg:date "2025-03"^^xsd:date .'),
    "padded-month": ("date-precision", "g", [("g", "date")], 'd:g kg:date "2025-03-01"^^xsd:gYearMonth .'),
    "date-as-text": ("date-precision", "i", [("i", "date")], 'd:i kg:date "2025" .'),
    "date-with-time": ("date-precision", "m", [("m", "date")], 'd:m kg:date "2025-03-08T10:00:00"^^xsd:dateTime .'),
    "meeting-with-two-dates": ("one-date", "m", [], 'd:m kg:date "2025-03-09"^^xsd:date .'),
    "one-participant": ("meeting-participants", "m", [("m", "participant")], "d:m kg:participant d:egypt ."),
    "source-as-participant": ("meeting-participants", "m", [], "d:m kg:participant d:ministry ."),
    "source-as-mediator": ("meeting-mediator", "m", [], "d:m kg:mediator d:ministry ."),
    "incident-without-kind": ("incident-kind", "i", [("i", "kind")], ""),
    "place-as-perpetrator": ("incident-actors", "i", [("i", "perpetrator")], "d:i kg:perpetrator d:cairo ."),
    "claim-not-a-claim": ("incident-claim", "i", [], "d:i kg:claim d:s2 ."),
    "agreement-without-kind": ("agreement-kind", "g", [("g", "kind")], ""),
    "party-as-text": ("agreement-actors", "g", [], 'd:g kg:party "Egypt" .'),
    "claim-without-figures": ("Claim", "c", [("c", "killedMin"), ("c", "killedMax"), ("c", "injuredMin"), ("c", "injuredMax")], ""),
    "claim-of-no-incident": ("claim-incident", "c", [("i", "claim")], ""),
    "two-sources": ("claim-source", "c", [], "d:c kg:claimedBy d:egypt ."),
    "negative-killed": ("killed-min", "c", [("c", "killedMin")], "d:c kg:killedMin -1 ."),
    "killed-min-above-max": ("killed-range", "c", [("c", "killedMin")], "d:c kg:killedMin 30 ."),
    "injured-min-above-max": ("injured-range", "c", [("c", "injuredMin")], "d:c kg:injuredMin 5 ."),
    "negative-start": ("sentence-start", "s1", [("s1", "startOffset")], "d:s1 kg:startOffset -1 ."),
    "killed-as-text": ("killed-max", "c", [("c", "killedMax")], 'd:c kg:killedMax "21" .'),
    "injured-as-decimal": ("injured-min", "c", [("c", "injuredMin")], "d:c kg:injuredMin 2.5 ."),
    "negative-injured": ("injured-max", "c", [("c", "injuredMax")], "d:c kg:injuredMax -4 ."),
}


def _data(drop: list[tuple[str, str]], add: str) -> Graph:
    graph = Graph().parse(data=GOOD, format="turtle")
    for subject, local in drop:
        predicate = {"prefLabel": SKOS.prefLabel, "issued": DCTERMS.issued}.get(local, URIRef(KG + local))
        assert (D[subject], predicate, None) in graph, (subject, local)
        graph.remove((D[subject], predicate, None))
    return graph.parse(data=PREFIXES + add, format="turtle")


def _message(shape: str) -> str:
    return str(shapes().value(URIRef(KGSH + shape), SH.message))


def test_good_data_conforms():
    assert shacl_violations(_data([], "")) == []


def test_an_agreement_dated_by_two_articles_conforms():
    """One named agreement in two articles may carry each article's date, at each article's precision."""
    assert shacl_violations(_data([], 'd:g kg:date "2025-03-04"^^xsd:date .')) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_shape_catches(name):
    shape, focus, drop, add = CASES[name]
    found = shacl_violations(_data(drop, add))
    assert any(v.focus == f"kgd:{focus}" and v.message.startswith(_message(shape)) for v in found), found


def test_every_shape_has_a_case():
    """Each shape that states a constraint carries a message, and some case above breaks it."""
    graph = shapes()
    for shape in graph.subjects(SH.path, None):
        if isinstance(shape, URIRef):
            assert graph.value(shape, SH.message) is not None, shape
    constrained = {str(s)[len(KGSH) :] for s in graph.subjects(SH.message, None)}
    assert constrained == {shape for shape, *_ in CASES.values()}


def _store(path: Path, turtle: str) -> Path:
    """A store holding `turtle` as one article graph, as `kg build` would leave it."""
    db = kgstore.open_store(path, create=True)
    db.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/kg-news/id/a"))
    db.load(turtle.encode(), format=ox.RdfFormat.TURTLE)  # and the default graph, their union
    kgstore.publish(db, path)  # for readers, as a build does
    return path


def test_built_store_is_valid(built_store):
    require_tool("java")
    result = run("validate", "--store", built_store)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("valid: "), lines
    assert "HermiT" in lines[0]


def test_violations_listed_one_a_line(tmp_path):
    data = _data([("m", "participant")], "d:m kg:participant d:egypt . d:c kg:killedMin -1 .")
    result = run("validate", "--store", _store(tmp_path / "kg-store", data.serialize(format="turtle")), "--no-reasoner")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split("\t") for line in lines] == [str(v).split("\t") for v in shacl_violations(data)]
    assert any(line.startswith("kgd:m\tkg:participant\t" + _message("meeting-participants")) for line in lines), lines
    assert any(line.startswith("kgd:c\tkg:killedMin\t" + _message("killed-min")) for line in lines), lines
    assert result.stderr.startswith(f"{len(lines)} violations")


def test_reasoner_catches_what_no_shape_sees(tmp_path):
    """A country that is also a person passes every shape; the ontology makes the two classes disjoint."""
    require_tool("java")
    data = _data([], 'd:egypt a kg:Person .')
    assert shacl_violations(data) == []
    result = run("validate", "--store", _store(tmp_path / "kg-store", data.serialize(format="turtle")))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(Violation("-", "-", INCONSISTENT))]


def test_reasoner_names_a_literal_it_cannot_read():
    require_tool("java")
    data = _data([("c", "killedMin")], 'd:c kg:killedMin "many"^^xsd:integer .')
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert inconsistency(data) == f'the HermiT reasoner rejects the data: Literal "many"^^<{xsd}integer> is malformed'
    assert any(v.focus == "kgd:c" and v.message.startswith(_message("killed-min")) for v in shacl_violations(data))
