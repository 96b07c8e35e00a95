"""Write docs/ontology.html and its class diagram docs/ontology.svg from ontology/kg.ttl.

Generated, not written by hand, so the page cannot drift from the ontology: `make docs` reruns it.
The diagram is drawn by Graphviz's `dot` from the same graph: kg: classes with their datatype
properties, subclass arrows, and object properties from domain to range.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.vocab import KG, PREFIXES

ROOT = Path(__file__).resolve().parent.parent
ALIGNMENT = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)


@dataclass(frozen=True)
class Term:
    """What the page says of one class, property or individual."""

    iri: URIRef
    kind: str  # class | object property | datatype property | individual
    label: str
    comment: str
    parents: tuple[URIRef, ...]  # kg: super-terms
    aligned: tuple[URIRef, ...]  # super- or equivalent terms outside kg:
    domain: tuple[URIRef, ...] = ()
    range: tuple[URIRef, ...] = ()
    notes: tuple[str, ...] = ()  # functional, disjoint with, member of

    @property
    def name(self) -> str:
        return self.iri[len(KG) :]


def curie(iri: URIRef) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


def _english(graph: Graph, term: URIRef, predicate: URIRef) -> str:
    values = [o for o in graph.objects(term, predicate) if isinstance(o, Literal) and o.language in ("en", None)]
    return " ".join(str(values[0]).split()) if values else ""


def _members(graph: Graph, node: object) -> tuple[URIRef, ...]:
    """A named class or datatype, or the members of an owl:unionOf."""
    if isinstance(node, URIRef):
        return (node,)
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            return tuple(m for m in Collection(graph, union) if isinstance(m, URIRef))
    return ()


def _kg(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted({s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(KG)})


def read_terms(graph: Graph) -> dict[str, list[Term]]:
    """The ontology's own terms by kind, in alphabetical order."""
    disjoint: dict[URIRef, set[URIRef]] = {}
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [m for m in Collection(graph, graph.value(group, OWL.members)) if isinstance(m, URIRef)]
        for member in members:
            disjoint.setdefault(member, set()).update(m for m in members if m != member)
    for a, b in graph.subject_objects(OWL.disjointWith):
        disjoint.setdefault(a, set()).add(b)
        disjoint.setdefault(b, set()).add(a)

    def term(iri: URIRef, kind: str, notes: tuple[str, ...] = ()) -> Term:
        supers = [o for p in ALIGNMENT for o in graph.objects(iri, p) if isinstance(o, URIRef)]
        return Term(
            iri,
            kind,
            _english(graph, iri, RDFS.label),
            _english(graph, iri, RDFS.comment),
            tuple(sorted(s for s in supers if s.startswith(KG))),
            tuple(sorted(s for s in supers if not s.startswith(KG))),
            _members(graph, graph.value(iri, RDFS.domain)),
            _members(graph, graph.value(iri, RDFS.range)),
            notes,
        )

    def property_notes(iri: URIRef) -> tuple[str, ...]:
        return ("functional",) if (iri, RDF.type, OWL.FunctionalProperty) in graph else ()

    def class_notes(iri: URIRef) -> tuple[str, ...]:
        others = sorted(disjoint.get(iri, ()))
        return ("disjoint with " + ", ".join(curie(o) for o in others),) if others else ()

    def individual_notes(iri: URIRef) -> tuple[str, ...]:
        types = sorted(t for t in graph.objects(iri, RDF.type) if t.startswith(KG))
        return tuple("a " + curie(t) for t in types)

    return {
        "Classes": [term(c, "class", class_notes(c)) for c in _kg(graph, OWL.Class)],
        "Object properties": [term(p, "object property", property_notes(p)) for p in _kg(graph, OWL.ObjectProperty)],
        "Datatype properties": [term(p, "datatype property", property_notes(p)) for p in _kg(graph, OWL.DatatypeProperty)],
        "Individuals": [term(i, "individual", individual_notes(i)) for i in _kg(graph, OWL.NamedIndividual)],
    }


def to_dot(terms: dict[str, list[Term]]) -> str:
    """The class diagram: classes with their datatype properties, subclass and object-property arrows."""
    attributes: dict[URIRef, list[str]] = {}
    for prop in terms["Datatype properties"]:
        for domain in prop.domain:
            attributes.setdefault(domain, []).append(f"{prop.name} : {' | '.join(curie(r).removeprefix('xsd:') for r in prop.range)}")
    lines = [
        "digraph kg {",
        '  graph [rankdir=BT, fontname="Helvetica", nodesep=0.4, ranksep=0.6];',
        '  node [shape=plain, fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    classes = {c.iri for c in terms["Classes"]}
    for cls in terms["Classes"]:
        rows = "".join(f'<tr><td align="left">{html.escape(a)}</td></tr>' for a in attributes.get(cls.iri, []))
        lines.append(
            f'  "{cls.name}" [URL="ontology.html#{cls.name}", tooltip="{html.escape(cls.comment, quote=True)}", label=<'
            f'<table border="1" cellborder="0" cellspacing="0" cellpadding="4" bgcolor="#f7f7ff">'
            f'<tr><td bgcolor="#dde3f7"><b>{cls.name}</b></td></tr>{rows}</table>>];'
        )
    external = set()
    for cls in terms["Classes"]:
        for parent in cls.parents:
            lines.append(f'  "{cls.name}" -> "{parent[len(KG) :]}" [arrowhead=onormal];')
    for prop in terms["Object properties"]:
        for domain in prop.domain:
            for target in prop.range:
                if target not in classes:
                    external.add(target)
                head = target[len(KG) :] if target in classes else curie(target)
                lines.append(f'  "{domain[len(KG) :]}" -> "{head}" [label="{prop.name}", style=dashed, arrowhead=vee];')
    for target in sorted(external):
        lines.append(f'  "{curie(target)}" [shape=box, style=rounded, color="#888888", fontcolor="#555555"];')
        for cls in terms["Classes"]:
            if target in cls.aligned:
                lines.append(f'  "{cls.name}" -> "{curie(target)}" [arrowhead=onormal, color="#888888"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _link(iri: URIRef) -> str:
    if iri.startswith(KG):
        name = iri[len(KG) :]
        return f'<a href="#{name}"><code>kg:{html.escape(name)}</code></a>'
    return f"<code>{html.escape(curie(iri))}</code>"


def _row(term: Term) -> str:
    cells = [f'<code id="{term.name}">kg:{html.escape(term.name)}</code>', html.escape(term.label), html.escape(term.comment)]
    if term.kind != "individual":
        if term.kind != "class":
            cells += [" or ".join(_link(d) for d in term.domain), " or ".join(_link(r) for r in term.range)]
        cells.append(", ".join(_link(p) for p in term.parents + term.aligned))
    cells.append(html.escape("; ".join(term.notes)))
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


HEADERS = {
    "Classes": ("term", "label", "comment", "subclass of", "notes"),
    "Object properties": ("term", "label", "comment", "domain", "range", "subproperty of", "notes"),
    "Datatype properties": ("term", "label", "comment", "domain", "range", "subproperty of", "notes"),
    "Individuals": ("term", "label", "comment", "type"),
}

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 78rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; font-size: 0.92rem; }
th, td { border: 1px solid #ccd; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #eef; }
code { font-size: 0.9em; }
figure img { max-width: 100%; border: 1px solid #ccd; }
"""


def to_html(graph: Graph, terms: dict[str, list[Term]], diagram: str) -> str:
    ontology = next(graph.subjects(RDF.type, OWL.Ontology))
    title = _english(graph, ontology, DCTERMS.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>IRI <code>{html.escape(str(ontology))}</code>, version {html.escape(str(graph.value(ontology, OWL.versionInfo)))},"
        f" prefix <code>kg:</code> = <code>{KG}</code>. Generated from <code>ontology/kg.ttl</code> by"
        " <code>make docs</code>.</p>",
        f"<p>{html.escape(_english(graph, ontology, DCTERMS.description))}</p>",
        f"<p>{html.escape(_english(graph, ontology, RDFS.comment))}</p>",
        f'<figure><a href="{diagram}"><img src="{diagram}" alt="Class diagram of the kg: ontology"></a>'
        "<figcaption>Classes with their datatype properties; open arrows lead to superclasses, dashed arrows"
        " are object properties from domain to range.</figcaption></figure>",
        "<h2>Prefixes</h2><table><tr><th>prefix</th><th>namespace</th></tr>",
        *(f"<tr><td><code>{p}:</code></td><td><code>{html.escape(iri)}</code></td></tr>" for p, iri in PREFIXES.items()),
        "</table>",
    ]
    for section, rows in terms.items():
        head = "".join(f"<th>{h}</th>" for h in HEADERS[section])
        parts += [f"<h2>{section}</h2>", f"<table><tr>{head}</tr>", *(_row(t) for t in rows), "</table>"]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology" / "kg.ttl")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for ontology.html and ontology.svg")
    args = parser.parse_args()
    dot = shutil.which("dot")
    if dot is None:
        raise SystemExit("make_docs: Graphviz's `dot` is not on PATH (apt-get install graphviz)")
    graph = Graph().parse(args.ontology, format="turtle")
    terms = read_terms(graph)
    args.out.mkdir(parents=True, exist_ok=True)
    svg = subprocess.run([dot, "-Tsvg"], input=to_dot(terms).encode(), capture_output=True, check=True).stdout
    (args.out / "ontology.svg").write_bytes(svg)
    (args.out / "ontology.html").write_text(to_html(graph, terms, "ontology.svg"), encoding="utf-8")
    print(f"{sum(map(len, terms.values()))} terms -> {args.out / 'ontology.html'}, {args.out / 'ontology.svg'}")


if __name__ == "__main__":
    main()
