"""Generated input through reading, extraction, IRI minting and the store: nothing escapes but KgError.

Example counts are small because every text goes through the real English model.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import rules
from kg import store as kgstore
from kg.articles import plain, read_article
from kg.errors import KgError
from kg.extract import facts_of
from kg.extract.actors import ArticleActors
from kg.graph import article_iri, mint, slug, to_triples
from kg.model import BuildKey
from tests.conftest import ARTICLES

SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IRI_CHARS = re.compile(r"[A-Za-z0-9:/._~%-]+")

# Words the extractors react to, so generated texts reach past the parser into the rules.
WORDS = (
    "Armenia Azerbaijan Egypt Cairo Gaza Oslo met talks with in on at the a and of killed wounded injured at least "
    "to people civilians said according ministry ceasefire agreement signed brokered by Foreign Minister President "
    "Rufus Firefly Sergey Lavrov Monday Sunday March 9, 2025 last week 20 21 12 airstrike bombing shooting Hamas army"
).split()
ODD = ["\u00a0", "\u200b", "\u200f", "\u202b", "\u202c", "\u2028", "\r", "\r\n", "\n\n", "\t", "\x0c", "\ufeff", "\u0301"]
ODD += ["'", '"', "(", ")", "—", ".", ","]
ARTICLE = (ARTICLES / "cairo_talks.txt").read_text(encoding="utf-8")


def _insert(text: str, insertions: list[tuple[int, str]]) -> str:
    for at, chars in sorted(insertions, reverse=True):
        text = text[:at] + chars + text[at:]
    return text


texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.tuples(st.integers(0, len(ARTICLE)), st.sampled_from(ODD) | st.text(max_size=2)), max_size=40).map(
        lambda insertions: _insert(ARTICLE, insertions)
    ),  # a real article with odd characters anywhere: the rules fire
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=3)), max_size=120).map(" ".join),
    st.lists(st.sampled_from(WORDS + ODD), max_size=200).map("".join),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@SLOW
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_read_as_an_article_or_one_kg_error(folder, data):
    path = folder / "any.txt"
    path.write_bytes(data)
    try:
        article = read_article(path)
    except KgError as err:
        assert "\n" not in str(err) and str(err).startswith(str(path))
        return
    assert article.text == data.decode("utf-8")
    assert len(article.body) == len(article.text) and article.body.strip()


@SLOW
@given(text=texts)
def test_any_text_extracts_to_triples_the_store_takes(nlp, folder, text):
    path = folder / "text.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        article = read_article(path)
    except KgError:
        return
    facts = facts_of(nlp(article.body), article, ArticleActors)
    evidence = [ev for actor in facts.actors for ev in actor.evidence]
    evidence += [ev for fact in (*facts.meetings, *facts.agreements, *facts.incidents) for ev in fact.evidence]
    evidence += [claim.evidence for incident in facts.incidents for claim in incident.claims]
    for ev in evidence:
        assert plain(article.text[ev.start : ev.end]) == ev.text  # offsets index the original text
    db, bulk = ox.Store(), ox.Store()
    graph = str(article_iri(article.id))
    data = kgstore.statements(to_triples(facts))
    kgstore.replace_graph(db, graph, data)  # as a changed article is written
    kgstore.add_graphs(bulk, [(graph, data)])  # as a new one is
    assert kgstore.stored_key(db, graph) == BuildKey(article.sha256, article.published, rules.VERSION)
    assert set(db) == set(bulk)
    lines = ox.serialize(db, format=ox.RdfFormat.N_QUADS).decode().splitlines()
    assert len(lines) == len(db)  # every statement on its own line


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["actor", "article", "place", "meeting"]), key=st.lists(st.text(max_size=120), min_size=1, max_size=4))
def test_minted_iris_are_percent_encoded_and_stable(kind, key):
    iri = str(mint(kind, *key))
    assert IRI_CHARS.fullmatch(iri), iri
    assert ox.NamedNode(iri).value == iri
    assert str(mint(kind, *key)) == iri
    line = ox.serialize([ox.Triple(ox.NamedNode(iri), ox.NamedNode(iri), ox.Literal("".join(key)))], format=ox.RdfFormat.N_TRIPLES)
    assert line.count(b"\n") == 1


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_slugs_are_plain_ascii_words(text):
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|x", slug(text))
