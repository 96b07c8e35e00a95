"""The ontology in ontology/kg.ttl: its header, its documentation and alignments, and its
consistency under the HermiT reasoner, alone and with sample data."""

import os
import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.vocab import DATA_BASE, KG, ONTOLOGY_IRI, ONTOLOGY_VERSION

ONTOLOGY_FILE = Path(__file__).parent.parent / "ontology" / "kg.ttl"

K = Namespace(KG)
D = Namespace(DATA_BASE + "test/")
VANN = Namespace("http://purl.org/vocab/vann/")
# A plain Namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

EXPECTED_CLASSES = {
    "Actor",
    "Person",
    "Organization",
    "Country",
    "Source",
    "Event",
    "Meeting",
    "Incident",
    "Agreement",
    "Place",
    "Claim",
    "Article",
    "Sentence",
    "EventStatus",
}
EXPECTED_OBJECT_PROPERTIES = {
    "participant",
    "mainEvidence",
    "mediator",
    "party",
    "place",
    "inCountry",
    "status",
    "perpetrator",
    "target",
    "claim",
    "claimedBy",
    "evidence",
    "inArticle",
    "mentionedIn",
    "memberOf",
}
EXPECTED_DATATYPE_PROPERTIES = {
    "date",
    "kind",
    "killedMin",
    "killedMax",
    "injuredMin",
    "injuredMax",
    "role",
    "text",
    "startOffset",
    "endOffset",
    "line",
    "rule",
    "fileName",
    "contentHash",
    "rulesVersion",
}
EXPECTED_INDIVIDUALS = {"held", "planned", "ongoing", "cancelled"}

ALIGNMENT_PREDICATES = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)


def _load() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


ONTOLOGY = _load()


def _local(term: URIRef) -> str:
    return str(term)[len(KG) :]


def _kg_terms(*types: URIRef) -> list[str]:
    """Local names of the kg: IRIs typed with any of ``types``, sorted."""
    return sorted({_local(s) for t in types for s in ONTOLOGY.subjects(RDF.type, t) if isinstance(s, URIRef) and str(s).startswith(KG)})


CLASSES = _kg_terms(OWL.Class)
PROPERTIES = _kg_terms(*PROPERTY_TYPES)
INDIVIDUALS = _kg_terms(OWL.NamedIndividual)


# --------------------------------------------------------------------------------------------
# Structure and documentation
# --------------------------------------------------------------------------------------------


def test_header_matches_vocab():
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ONTOLOGY
    assert str(ONTOLOGY.value(onto, OWL.versionInfo)) == ONTOLOGY_VERSION
    assert ONTOLOGY.value(onto, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}")
    assert str(ONTOLOGY.value(onto, VANN.preferredNamespacePrefix)) == "kg"
    assert str(ONTOLOGY.value(onto, VANN.preferredNamespaceUri)) == KG
    for predicate in (DCTERMS.title, DCTERMS.description, RDFS.comment):
        assert ONTOLOGY.value(onto, predicate) is not None, predicate


def test_expected_terms_are_defined():
    assert set(CLASSES) == EXPECTED_CLASSES
    assert set(_kg_terms(OWL.ObjectProperty)) == EXPECTED_OBJECT_PROPERTIES
    assert set(_kg_terms(OWL.DatatypeProperty)) == EXPECTED_DATATYPE_PROPERTIES
    assert set(INDIVIDUALS) == EXPECTED_INDIVIDUALS


def test_every_kg_term_is_declared():
    """Every kg: IRI the file uses is declared as a class, a property or an individual."""
    declared = {K[name] for name in CLASSES + PROPERTIES + INDIVIDUALS}
    used = {node for triple in ONTOLOGY for node in triple if isinstance(node, URIRef) and str(node).startswith(KG)}
    assert used <= declared, sorted(_local(t) for t in used - declared)


def test_no_property_punning():
    """OWL 2 DL: no IRI is declared as two kinds of property, or as a class and a property."""
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Class)
    seen: dict[URIRef, set[URIRef]] = {}
    for kind in kinds:
        for term in ONTOLOGY.subjects(RDF.type, kind):
            if isinstance(term, URIRef):
                seen.setdefault(term, set()).add(kind)
    punned = {str(t): sorted(map(str, k)) for t, k in seen.items() if len(k) > 1}
    assert not punned


def test_external_terms_are_declared():
    """Every class and property the kg: terms are aligned to or restricted by is declared."""
    missing = set()
    for s, p, o in ONTOLOGY:
        if not (isinstance(s, URIRef) and str(s).startswith(KG)):
            continue
        if p not in (*ALIGNMENT_PREDICATES, RDFS.domain, RDFS.range):
            continue
        if isinstance(o, BNode) or str(o).startswith((KG, str(XSD), str(RDFS))):
            continue
        if not any((o, RDF.type, kind) in ONTOLOGY for kind in (OWL.Class, *PROPERTY_TYPES)):
            missing.add(str(o))
    assert not missing, sorted(missing)


def test_data_annotations_are_declared():
    for term in (SKOS.prefLabel, SKOS.altLabel, DCTERMS.title, DCTERMS.creator, DCTERMS.issued):
        assert (term, RDF.type, OWL.AnnotationProperty) in ONTOLOGY, term


def _english(term: URIRef, predicate: URIRef) -> list[Literal]:
    return [o for o in ONTOLOGY.objects(term, predicate) if isinstance(o, Literal) and o.language == "en" and str(o).strip()]


@pytest.mark.parametrize("name", CLASSES + PROPERTIES + INDIVIDUALS)
def test_term_has_label_and_comment(name):
    term = K[name]
    assert _english(term, RDFS.label), f"kg:{name} has no English rdfs:label"
    assert _english(term, RDFS.comment), f"kg:{name} has no English rdfs:comment"


@pytest.mark.parametrize("name", PROPERTIES)
def test_property_has_domain_and_range(name):
    term = K[name]
    assert ONTOLOGY.value(term, RDFS.domain) is not None, f"kg:{name} has no rdfs:domain"
    assert ONTOLOGY.value(term, RDFS.range) is not None, f"kg:{name} has no rdfs:range"


@pytest.mark.parametrize("name", CLASSES + PROPERTIES)
def test_term_is_aligned_outside_kg(name):
    outside = [o for p in ALIGNMENT_PREDICATES for o in ONTOLOGY.objects(K[name], p) if isinstance(o, URIRef) and not str(o).startswith(KG)]
    assert outside, f"kg:{name} is not aligned to any term outside kg:"


# --------------------------------------------------------------------------------------------
# Reasoning with HermiT
# --------------------------------------------------------------------------------------------


def _require_java() -> None:
    if shutil.which("java") is None:
        message = "java is not on PATH; the HermiT reasoner needs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _reason(graph: Graph, tmp_path: Path) -> owlready2.World:
    """Load ``graph`` into a fresh owlready2 world and run HermiT on it; return the world.

    HermiT only knows the OWL 2 datatype map, which lacks xsd:date, xsd:gYearMonth and xsd:gYear
    (the range of kg:date), so it is told to treat unsupported datatypes as opaque.
    """
    _require_java()
    rdf_xml = tmp_path / "kg.owl"
    graph.serialize(destination=rdf_xml, format="xml")
    world = owlready2.World()
    world.get_ontology(rdf_xml.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    return world


def _with(*triples) -> Graph:
    graph = _load()
    for triple in triples:
        graph.add(triple)
    return graph


def test_ontology_is_consistent(tmp_path):
    world = _reason(_load(), tmp_path)
    assert list(world.inconsistent_classes()) == []


def _sentence(triples: list, name: str, article: URIRef, text: str, line: int) -> URIRef:
    sentence = D[name]
    triples += [
        (sentence, RDF.type, K.Sentence),
        (sentence, K.inArticle, article),
        (sentence, K.text, Literal(text, datatype=XSD.string)),
        (sentence, K.startOffset, Literal(0, datatype=XSD.nonNegativeInteger)),
        (sentence, K.endOffset, Literal(len(text), datatype=XSD.nonNegativeInteger)),
        (sentence, K.line, Literal(line, datatype=XSD.positiveInteger)),
    ]
    return sentence


def _article(triples: list) -> URIRef:
    article = D["article"]
    triples += [
        (article, RDF.type, K.Article),
        (article, DCTERMS.title, Literal("Talks in Cairo")),
        (article, DCTERMS.issued, Literal("2025-11-24", datatype=XSD.date)),
        (article, K.fileName, Literal("talks.txt", datatype=XSD.string)),
        (article, K.contentHash, Literal("0" * 64, datatype=XSD.string)),
    ]
    return article


def _meeting_data() -> list:
    triples: list = []
    article = _article(triples)
    sentence = _sentence(triples, "s1", article, "Prime Minister A met President B in Cairo on Sunday.", 3)
    meeting, a, b = D["meeting"], D["a"], D["b"]
    triples += [
        (meeting, RDF.type, K.Meeting),
        (meeting, K.participant, a),
        (meeting, K.participant, b),
        (meeting, K.status, K.held),
        (meeting, K.date, Literal("2025-11-23", datatype=XSD.date)),
        (meeting, K.evidence, sentence),
        (meeting, K.mentionedIn, article),
        (meeting, K.rule, Literal("meeting.met", datatype=XSD.string)),
    ]
    for person, name, role in ((a, "A", "Prime Minister"), (b, "B", "President")):
        triples += [
            (person, RDF.type, K.Person),
            (person, SKOS.prefLabel, Literal(name, lang="en")),
            (person, K.role, Literal(role, datatype=XSD.string)),
            (person, K.evidence, sentence),
        ]
    return triples


def _incident_data() -> list:
    triples: list = []
    article = _article(triples)
    sentence = _sentence(
        triples,
        "s2",
        article,
        "At least 20 to 21 people were killed in an airstrike, the ministry said.",
        5,
    )
    incident, claim, ministry = D["incident"], D["claim"], D["ministry"]
    country, group, town = D["country"], D["group"], D["town"]
    triples += [
        (incident, RDF.type, K.Incident),
        (incident, K.kind, Literal("airstrike", datatype=XSD.string)),
        (incident, K.perpetrator, country),
        (incident, K.target, group),
        (incident, K.place, town),
        (incident, K.status, K.held),
        (incident, K.date, Literal("2025-11", datatype=XSD.gYearMonth)),
        (incident, K.claim, claim),
        (incident, K.evidence, sentence),
        (claim, RDF.type, K.Claim),
        (claim, K.claimedBy, ministry),
        (claim, K.killedMin, Literal(20, datatype=XSD.nonNegativeInteger)),
        (claim, K.killedMax, Literal(21, datatype=XSD.nonNegativeInteger)),
        (claim, K.evidence, sentence),
        (ministry, RDF.type, K.Source),
        (country, RDF.type, K.Country),
        (group, RDF.type, K.Organization),
        (town, RDF.type, K.Place),
        (town, K.inCountry, country),
    ]
    return triples


@pytest.mark.parametrize("data", [_meeting_data, _incident_data], ids=["meeting", "incident"])
def test_data_is_consistent(data, tmp_path):
    world = _reason(_with(*data()), tmp_path)
    assert list(world.inconsistent_classes()) == []


INCONSISTENT = {
    "person-and-country": [
        (D["x"], RDF.type, OWL.NamedIndividual),
        (D["x"], RDF.type, K.Person),
        (D["x"], RDF.type, K.Country),
    ],
    "meeting-and-incident": [
        (D["m"], RDF.type, K.Meeting),
        (D["m"], RDF.type, K.Incident),
    ],
    "negative-count": [
        (D["c"], RDF.type, K.Claim),
        (D["c"], K.killedMin, Literal(-1, datatype=XSD.integer)),
    ],
    "source-as-participant": [
        (D["m"], RDF.type, K.Meeting),
        (D["m"], K.participant, D["police"]),
        (D["police"], RDF.type, K.Source),
    ],
}


@pytest.mark.parametrize("name", sorted(INCONSISTENT))
def test_inconsistent_data_is_detected(name, tmp_path):
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(_with(*INCONSISTENT[name]), tmp_path)
