"""The SPARQL 1.1 Service Description the endpoint gives on a GET with no query, so that clients and
tools can find out what it answers without trying."""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg import formats

_TURTLE = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

[] a sd:Service ;
  rdfs:label "kg SPARQL endpoint" ;
  rdfs:comment "Read-only. The default graph is the union of the article graphs, one named graph per article." ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph{federated} ;
  sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
  sd:inputFormat formats:SPARQL_Query ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
    formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:RDF_XML, formats:JSON-LD ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def service_description(endpoint: str, allow_service: bool, fmt: str) -> bytes:
    """The description of the endpoint at `endpoint` in the RDF format `fmt` (a graph format's name)."""
    turtle = _TURTLE.format(endpoint=endpoint, federated=", sd:BasicFederatedQuery" if allow_service else "")
    if fmt == "turtle":
        return turtle.encode()
    out = io.BytesIO()
    ox.serialize(ox.parse(turtle, format=ox.RdfFormat.TURTLE), out, format=formats.get(fmt, formats.GRAPH).rdf)
    return out.getvalue()
