"""kg.graph: model objects -> triples against the ontology, with IRIs minted from stable keys, so two
builds give the same graph and articles telling of one meeting or actor state facts about one node."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS

from kg import rules
from kg.graph import KG, actor_iri, article_iri, date_literal, mint, to_triples
from kg.model import Actor, Article, Claim, Evidence, Facts, Incident, Meeting, Place
from kg.vocab import DATA_BASE

TEXT = (
    "Talks in Oslo\n\nThe foreign ministers of Norway and Chile met in Oslo on Monday.\n"
    "A blast hit a depot.\nChile said five were hurt.\n"
)
MET = TEXT.index("The foreign")
BLAST = TEXT.index("A blast")
HURT = TEXT.index("Chile said")


def article(article_id: str = "oslo_talks", published: date | None = date(2025, 3, 3)) -> Article:
    path = f"articles/{article_id}.txt"
    return Article(article_id, path, TEXT, TEXT, "ab" * 32, headline="Talks in Oslo", byline="By A. Writer", published=published)


def evidence(start: int, rule: str) -> Evidence:
    end = TEXT.index("\n", start)
    return Evidence(start, end, TEXT[start:end], rule)


NORWAY = Actor("norway", "Norway", "Country", aliases=("Norway", "Kingdom of Norway"), evidence=(evidence(MET, "actor.country"),))
CHILE = Actor("chile", "Chile", "Country", evidence=(evidence(MET, "actor.country"),))
OSLO = Place("Oslo", country="norway")


def facts(article_id: str = "oslo_talks", place: Place | None = OSLO, when: str | None = "2025-03-03") -> Facts:
    meeting = Meeting(("chile", "norway"), "held", (evidence(MET, "meeting.met"),), place=place, date=when)
    claims = (
        Claim(evidence(BLAST, "claim.count"), killed_min=2, killed_max=3, source="police"),
        Claim(evidence(HURT, "claim.count"), injured_min=5, source="chile", source_is_actor=True),
    )
    incident = Incident("bombing", (evidence(BLAST, "incident.blast"),), claims=claims, place=OSLO)
    return Facts(article(article_id), actors=(NORWAY, CHILE), meetings=(meeting,), incidents=(incident,))


def graph_of(facts_: Facts) -> Graph:
    graph = Graph()
    for triple in to_triples(facts_):
        graph.add(triple)
    return graph


def the(graph: Graph, kind: URIRef) -> URIRef:
    [node] = graph.subjects(RDF.type, kind)
    assert isinstance(node, URIRef)
    return node


def test_the_article_node_says_what_it_was_built_from():
    graph, doc = graph_of(facts()), article_iri("oslo_talks")
    assert graph.value(doc, KG.contentHash) == Literal("ab" * 32)
    assert graph.value(doc, KG.rulesVersion) == Literal(rules.VERSION)
    assert graph.value(doc, DCTERMS.issued) == Literal("2025-03-03", datatype=XSD.date)
    assert graph.value(doc, KG.fileName) == Literal("oslo_talks.txt")
    assert (graph.value(doc, DCTERMS.title), graph.value(doc, DCTERMS.creator)) == (Literal("Talks in Oslo"), Literal("By A. Writer"))


def test_an_article_without_a_date_states_none():
    graph = graph_of(Facts(article(published=None)))
    assert graph.value(article_iri("oslo_talks"), DCTERMS.issued) is None


def test_a_sentence_cited_by_several_facts_is_written_once_with_its_line():
    graph = graph_of(facts())
    sentence = mint("sentence", "oslo_talks", f"{MET}-{TEXT.index(chr(10), MET)}")
    citing = set(graph.subjects(KG.evidence, sentence))
    assert {actor_iri("norway"), actor_iri("chile"), the(graph, KG.Meeting)} <= citing
    assert len(list(graph.triples((sentence, KG.text, None)))) == 1
    assert graph.value(sentence, KG.line) == Literal(3, datatype=XSD.positiveInteger)
    assert graph.value(sentence, KG.inArticle) == article_iri("oslo_talks")


def test_no_triple_is_stated_twice_and_an_alias_equal_to_the_name_is_no_alt_label():
    triples = list(to_triples(facts()))
    assert len(triples) == len(set(triples))
    labels = {o for s, p, o in triples if s == actor_iri("norway") and p == SKOS.altLabel}
    assert labels == {Literal("Kingdom of Norway")}


def test_one_meeting_told_in_two_articles_is_one_node_and_a_vague_one_stays_its_articles():
    first, second = the(graph_of(facts("a")), KG.Meeting), the(graph_of(facts("b")), KG.Meeting)
    assert first == second  # same place, date and participants
    vague = [the(graph_of(facts(article_id, place=None, when=None)), KG.Meeting) for article_id in ("a", "b")]
    assert vague[0] != vague[1]


def test_claims_name_their_source_an_actor_or_a_source_of_its_own():
    graph = graph_of(facts())
    incident = the(graph, KG.Incident)
    sources = {graph.value(claim, KG.claimedBy) for claim in graph.objects(incident, KG.claim)}
    police = mint("source", "police")
    assert sources == {actor_iri("chile"), police}
    assert graph.value(police, RDF.type) == KG.Source and graph.value(police, SKOS.prefLabel) == Literal("police")
    assert (actor_iri("chile"), RDF.type, KG.Source) not in graph
    counted = {(p, o) for claim in graph.objects(incident, KG.claim) for p, o in graph.predicate_objects(claim) if p.startswith(KG)}
    count = lambda n: Literal(n, datatype=XSD.nonNegativeInteger)  # noqa: E731
    assert {(KG.killedMin, count(2)), (KG.killedMax, count(3)), (KG.injuredMin, count(5))} <= counted
    assert not any(p == KG.injuredMax for p, _ in counted)  # a figure the text does not give is not stated


def test_places_lie_in_their_country():
    graph = graph_of(facts())
    place = graph.value(the(graph, KG.Meeting), KG.place)
    assert graph.value(place, KG.inCountry) == actor_iri("norway") and graph.value(place, SKOS.prefLabel) == Literal("Oslo")


@pytest.mark.parametrize(
    ("iso", "datatype"), [("2025-03-03", XSD.date), ("2025-03", XSD.gYearMonth), ("2025", XSD.gYear)], ids=["day", "month", "year"]
)
def test_dates_keep_the_precision_the_text_gave(iso, datatype):
    assert date_literal(iso) == Literal(iso, datatype=datatype)


@settings(max_examples=200, deadline=None)
@given(key=st.lists(st.text(max_size=200), min_size=1, max_size=3))
def test_minted_iris_are_stable_short_and_tell_keys_apart(key):
    iri = mint("actor", *key)
    assert iri == mint("actor", *key) and iri.startswith(f"{DATA_BASE}actor/")
    assert len(iri) <= len(f"{DATA_BASE}actor/") + 40 * 12 + 17  # 40 characters of 4 UTF-8 bytes, percent-encoded, and a hash
    assert mint("actor", *key, "other") != iri


def test_long_keys_keep_a_readable_start():
    iri = mint("agreement", "the-agreement-on-the-resumption-of-military-contacts-between-the-two-countries", "2025")
    assert iri.startswith(f"{DATA_BASE}agreement/the-agreement-on-the-resumption-of-milit-")


def test_the_triples_read_back_the_same_from_turtle():
    graph = graph_of(facts())
    assert isomorphic(Graph().parse(data=graph.serialize(format="turtle"), format="turtle"), graph)
