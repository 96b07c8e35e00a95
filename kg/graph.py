"""Model objects -> RDF triples against ontology/kg.ttl, with every IRI minted from a stable key.

Minting lives in one function, `mint`, so two builds of the same articles give the same graph and several
article graphs can state facts about the same actor or meeting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg import rules
from kg.keys import agreement_key, meeting_key, slug
from kg.model import Actor, Agreement, Claim, Evidence, Facts, Incident, Meeting, Place
from kg.vocab import DATA_BASE
from kg.vocab import KG as KG_IRI

KG = Namespace(KG_IRI)
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def mint(kind: str, *key: str) -> URIRef:
    """The IRI of a thing of `kind` from its key parts; long keys are shortened with a hash."""
    readable = "/".join(_quote(part) for part in key)
    if len(readable) > 80:
        digest = hashlib.sha1("\x1f".join(key).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        readable = _quote(key[0][:40]) + "-" + digest if key[0] else digest
    return URIRef(f"{DATA_BASE}{kind}/{readable}")


@lru_cache(maxsize=65536)  # an article's id and its actors' keys recur in most of its IRIs
def _quote(part: str) -> str:
    """Percent-encoded, stray bytes of a file name that is not UTF-8 included."""
    return quote(part, safe="-_.~", errors="surrogateescape")


def article_iri(article_id: str) -> URIRef:
    """The article's IRI, which also names the article's graph in the store."""
    return mint("article", article_id)


def actor_iri(key: str) -> URIRef:
    return mint("actor", key)


def date_literal(iso: str) -> Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear by the precision the text gave."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(iso)]
    return Literal(iso, datatype=datatype)


@lru_cache(maxsize=1)
def superclasses() -> dict[URIRef | Literal, tuple[URIRef, ...]]:
    """Each class of the ontology -> every named class above it, from its rdfs:subClassOf axioms. Each
    article graph states these types too (a kg:Person is also a kg:Actor, a foaf:Person, a prov:Agent),
    so `?a a kg:Actor` answers in any query and on any store the graph is pushed to, with no reasoner."""
    ontology = Graph().parse(data=(files("kg.ontology") / "kg.ttl").read_bytes(), format="turtle")
    classes = [c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)]
    above = {c: {o for o in ontology.objects(c, RDFS.subClassOf) if isinstance(o, URIRef)} for c in classes}
    closure: dict[URIRef | Literal, tuple[URIRef, ...]] = {}
    for cls in above:
        seen: set[URIRef] = set()
        todo = list(above[cls])
        while todo:
            found = todo.pop()
            if found not in seen and found != cls:
                seen.add(found)
                todo += above.get(found, ())
        if seen:
            closure[cls] = tuple(sorted(seen))
    return closure


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


class _Writer:
    """Collects one article's triples; sentences are written once however many facts cite them."""

    def __init__(self, facts: Facts) -> None:
        self.article = facts.article
        self.doc = article_iri(facts.article.id)
        self.triples: list[Triple] = []
        self.sentences: set[URIRef] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples.append((s, p, o))
        if p == RDF.type:
            self.triples += [(s, RDF.type, c) for c in superclasses().get(o, ())]

    def evidence(self, subject: URIRef, evidence: Evidence, main: bool = False) -> None:
        sentence = mint("sentence", self.article.id, f"{evidence.start}-{evidence.end}")
        self.add(subject, KG.evidence, sentence)
        if main:
            self.add(subject, KG.mainEvidence, sentence)
        self.add(subject, KG.rule, Literal(evidence.rule))
        if sentence in self.sentences:
            return
        self.sentences.add(sentence)
        line, _ = self.article.line_col(evidence.start)
        self.add(sentence, RDF.type, KG.Sentence)
        self.add(sentence, KG.text, Literal(evidence.text))
        self.add(sentence, KG.startOffset, _count(evidence.start))
        self.add(sentence, KG.endOffset, _count(evidence.end))
        self.add(sentence, KG.line, Literal(line, datatype=XSD.positiveInteger))
        self.add(sentence, KG.inArticle, self.doc)

    def place(self, event: URIRef, place: Place | None) -> None:
        if place is None:
            return
        iri = mint("place", slug(place.name))
        self.add(event, KG.place, iri)
        self.add(iri, RDF.type, KG.Place)
        self.add(iri, SKOS.prefLabel, Literal(place.name))
        if place.country:
            self.add(iri, KG.inCountry, actor_iri(place.country))

    def article_node(self) -> None:
        a = self.article
        self.add(self.doc, RDF.type, KG.Article)
        self.add(self.doc, KG.fileName, Literal(a.path.rsplit("/", 1)[-1]))
        self.add(self.doc, KG.contentHash, Literal(a.sha256))
        self.add(self.doc, KG.rulesVersion, Literal(rules.VERSION))
        if a.headline:
            self.add(self.doc, DCTERMS.title, Literal(a.headline))
        if a.byline:
            self.add(self.doc, DCTERMS.creator, Literal(a.byline))
        if a.published:
            self.add(self.doc, DCTERMS.issued, Literal(a.published.isoformat(), datatype=XSD.date))

    def actor(self, actor: Actor) -> None:
        iri = actor_iri(actor.key)
        self.add(iri, RDF.type, KG[actor.type])
        self.add(iri, SKOS.prefLabel, Literal(actor.name))
        for alias in actor.aliases:
            if alias != actor.name:
                self.add(iri, SKOS.altLabel, Literal(alias))
        for role in actor.roles:
            self.add(iri, KG.role, Literal(role))
        self.add(iri, KG.mentionedIn, self.doc)
        for ev in actor.evidence:
            self.evidence(iri, ev)

    def meeting(self, meeting: Meeting) -> None:
        iri = mint("meeting", *meeting_key(meeting, self.article.id))
        self.add(iri, RDF.type, KG.Meeting)
        self.add(iri, KG.status, KG[meeting.status])
        for key_ in meeting.participants:
            self.add(iri, KG.participant, actor_iri(key_))
        self.place(iri, meeting.place)
        self.told(iri, meeting.date, meeting.evidence)

    def told(self, iri: URIRef, date: str | None, evidence: tuple[Evidence, ...]) -> None:
        """What every event has: its date, its article, its sentences, the first stating it most fully."""
        if date:
            self.add(iri, KG.date, date_literal(date))
        self.add(iri, KG.mentionedIn, self.doc)
        for i, ev in enumerate(evidence):
            self.evidence(iri, ev, main=i == 0)

    def agreement(self, agreement: Agreement) -> None:
        iri = mint("agreement", *agreement_key(agreement, self.article.id))
        self.add(iri, RDF.type, KG.Agreement)
        self.add(iri, SKOS.prefLabel, Literal(agreement.name))
        self.add(iri, KG.kind, Literal(agreement.kind))
        for key in agreement.parties:
            self.add(iri, KG.party, actor_iri(key))
        for key in agreement.mediators:
            self.add(iri, KG.mediator, actor_iri(key))
        self.told(iri, agreement.date, agreement.evidence)

    def incident(self, incident: Incident) -> None:
        first = incident.evidence[0]
        iri = mint("incident", self.article.id, str(first.start))
        self.add(iri, RDF.type, KG.Incident)
        self.add(iri, KG.kind, Literal(incident.kind))
        self.add(iri, KG.status, KG.held)
        self.place(iri, incident.place)
        if incident.perpetrator:
            self.add(iri, KG.perpetrator, actor_iri(incident.perpetrator))
        for key in incident.targets:
            self.add(iri, KG.target, actor_iri(key))
        self.told(iri, incident.date, incident.evidence)
        for claim in incident.claims:
            self.claim(iri, claim)

    def claim(self, incident: URIRef, claim: Claim) -> None:
        iri = mint("claim", self.article.id, f"{claim.evidence.start}-{claim.evidence.end}")
        self.add(incident, KG.claim, iri)
        self.add(iri, RDF.type, KG.Claim)
        for prop, value in (
            (KG.killedMin, claim.killed_min),
            (KG.killedMax, claim.killed_max),
            (KG.injuredMin, claim.injured_min),
            (KG.injuredMax, claim.injured_max),
        ):
            if value is not None:
                self.add(iri, prop, _count(value))
        if claim.source:
            source = actor_iri(claim.source) if claim.source_is_actor else mint("source", slug(claim.source))
            self.add(iri, KG.claimedBy, source)
            if not claim.source_is_actor:
                self.add(source, RDF.type, KG.Source)
                self.add(source, SKOS.prefLabel, Literal(claim.source))
        self.evidence(iri, claim.evidence)


def to_triples(facts: Facts) -> Iterator[Triple]:
    """All triples of one article, for its named graph."""
    writer = _Writer(facts)
    writer.article_node()
    for actor in facts.actors:
        writer.actor(actor)
    for meeting in facts.meetings:
        writer.meeting(meeting)
    for agreement in facts.agreements:
        writer.agreement(agreement)
    for incident in facts.incidents:
        writer.incident(incident)
    return iter(dict.fromkeys(writer.triples))
