"""scripts/make_docs.py: the ontology page names every term, its diagram every class, and the committed
page is the one the script writes today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.vocab import KG
from tests.conftest import require_tool

ROOT = Path(__file__).parent.parent


def test_page_and_diagram_name_every_term(tmp_path):
    require_tool("dot")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_docs.py"), "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    svg = (tmp_path / "ontology.svg").read_text(encoding="utf-8")
    assert '<img src="ontology.svg"' in page
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    for kind in kinds:
        for term in ontology.subjects(RDF.type, kind):
            if str(term).startswith(KG):
                name = str(term)[len(KG) :]
                assert f'id="{name}"' in page, name
                if kind == OWL.Class:
                    assert f"<title>{name}</title>" in svg, name
    committed = (ROOT / "docs" / "ontology.html").read_text(encoding="utf-8")
    assert committed == page, "docs/ontology.html is out of date: run `make docs`"
