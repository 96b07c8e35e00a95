"""Namespaces shared by every stage: the ontology's IRI and prefix, and the base of data IRIs.

Kept free of heavy imports so that `kg query` and `kg console` start fast.
"""

import os

#: The ontology's IRI; its terms live under ``ONTOLOGY_IRI + "#"`` with the prefix ``kg:``.
ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
ONTOLOGY_VERSION = "1.0.0"
KG = ONTOLOGY_IRI + "#"
PREFIX = "kg"

#: Base of the IRIs minted for articles, sentences, actors and events. Set ``KG_DATA_BASE`` to
#: publish a graph under your own domain; the ontology's IRI never changes with it.
DATA_BASE = os.environ.get("KG_DATA_BASE", "https://w3id.org/kg-news/id/")

#: One prefix per kind of IRI that kg mints (``actor:egypt``, ``meeting:...``), so that an IRI printed in
#: a result can be pasted back into a query: ``kgd:actor/egypt`` is no prefixed name, since ``/`` may not
#: stand unescaped in one.
KINDS = ("actor", "agreement", "article", "claim", "incident", "meeting", "place", "sentence", "source")

#: Prefixes declared in exports, implicit in queries, and used to shorten IRIs in results.
PREFIXES = {
    PREFIX: KG,
    "kgd": DATA_BASE,
    **{kind: f"{DATA_BASE}{kind}/" for kind in KINDS},
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
