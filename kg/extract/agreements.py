"""Agreements: ceasefires, deals, treaties, plans and resolutions, one per real agreement per article.

Mentions group by name: a proper name ("Indus Waters Treaty", "Resolution 2803"), a year ("the 2015
deal"), an author ("Trump's plan", "the US-backed plan"), or the kind alone ("the ceasefire", "the
truce", "the deal" are one agreement in an article about one ceasefire). Parties come from "between A
and B", "signed by", "agreed", mediators from "brokered/mediated/guaranteed by".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.dates import resolve
from kg.extract.sentences import evidence_of
from kg.model import Agreement, Article, Evidence

KINDS = {
    "ceasefire": "ceasefire",
    "cease-fire": "ceasefire",
    "truce": "ceasefire",
    "armistice": "ceasefire",
    "deal": "deal",
    "agreement": "deal",
    "accord": "deal",
    "accords": "deal",
    "pact": "deal",
    "understanding": "deal",
    "treaty": "treaty",
    "memorandum": "memorandum",
    "declaration": "declaration",
    "resolution": "resolution",
    "plan": "plan",
    "framework": "plan",
    "roadmap": "plan",
    "initiative": "plan",
    "proposal": "plan",
}
# Plain words that share one cluster: the ceasefire an article is about is called all of these.
GENERIC = {"ceasefire": "ceasefire", "deal": "ceasefire"}
PARTY_VERBS = {"sign", "agree", "strike", "reach", "accept", "conclude", "extend"}
MEDIATOR_VERBS = {"broker", "mediate", "guarantee", "sponsor", "facilitate"}


@dataclass
class _Cluster:
    key: str
    name: str
    kind: str
    evidence: list[Evidence] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    date: str | None = None
    score: int = -1


def extract_agreements(doc: Doc, article: Article, actors: ArticleActors) -> list[Agreement]:
    clusters: dict[str, _Cluster] = {}
    for sent in doc.sents:
        for token in sent:
            kind = KINDS.get(token.lower_)
            if kind is None or token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound" and token.head.lower_ in KINDS:
                continue
            if token.lower_ == "proposal" or (kind == "plan" and not _owned(token, actors)):
                continue  # proposals under discussion are not agreements
            if kind == "resolution" and not _numbered(token):
                continue
            key, name = _identity(token, kind, actors)
            if key is None:
                continue
            cluster = clusters.setdefault(key, _Cluster(key, name, kind))
            if len(name) > len(cluster.name) and key != "generic:ceasefire":
                cluster.name = name
            parties, mediators = _roles(token, sent, actors)
            cluster.parties += [p for p in parties if p not in cluster.parties]
            cluster.mediators += [m for m in mediators if m not in cluster.mediators and m not in cluster.parties]
            score = len(parties) + len(mediators)
            if score > cluster.score:
                cluster.score = score
                cluster.evidence.insert(0, evidence_of(sent, "agreements." + kind))
            else:
                cluster.evidence.append(evidence_of(sent, "agreements." + kind))
            cluster.date = cluster.date or _date(token, article)
    out = []
    for c in clusters.values():
        for key in c.parties + c.mediators:
            actors.use(key)
        out.append(Agreement(c.name, c.kind, tuple(dict.fromkeys(c.evidence)), tuple(c.parties), tuple(c.mediators), c.date))
    return out


def _numbered(token: Token) -> bool:
    doc = token.doc
    return token.i + 1 < len(doc) and bool(re.fullmatch(r"\d{2,5}", doc[token.i + 1].text))


def _owned(token: Token, actors: ArticleActors) -> bool:
    """A plan counts when someone's it is: "Trump's plan", "the US-backed plan", "the Arab League plan"."""
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and (
            actors.at(child) or child.ent_type_ or "-backed" in child.text or child.lower_ in ("backed", "peace")
        ):
            return True
        if child.dep_ in ("poss", "compound", "amod") and any(actors.at(t) for t in child.subtree):
            return True
    return token.is_title and token.i > 0 and token.doc[token.i - 1].is_title


def _identity(token: Token, kind: str, actors: ArticleActors) -> tuple[str | None, str]:
    doc = token.doc
    left = token.left_edge.i
    words = [t for t in doc[left : token.i + 1] if t.dep_ not in ("det",) and not t.is_punct and t.lower_ not in ("'s", "’s")]
    # A proper name: capitalised words running into the head ("Indus Waters Treaty", "Mexico Agreement").
    if token.is_title or token.text.isupper():
        i = token.i
        while i > 0 and (doc[i - 1].is_title or doc[i - 1].is_upper) and doc[i - 1].ent_type_ != "DATE" and doc[i - 1].dep_ != "poss":
            i -= 1
        end = token.i + 1
        while end + 1 < len(doc) and doc[end].lower_ in ("of", "on") and doc[end + 1].is_title:
            end += 2
            while end < len(doc) and doc[end].is_title:
                end += 1
        if end < len(doc) and re.fullmatch(r"\d{2,5}", doc[end].text):
            end += 1
        name = doc[i:end].text
        if i < token.i or end > token.i + 1:
            return "name:" + name.lower(), name
    if kind == "resolution":
        return "resolution:" + doc[token.i + 1].text, "Resolution " + doc[token.i + 1].text
    year = next((t.text for t in words if re.fullmatch(r"(19|20)\d\d", t.text)), None)
    if year:
        return f"year:{year}", " ".join(t.text for t in words)
    if kind == "plan":
        owner = next((actors.at(t).key for t in words if actors.at(t)), "")
        return "plan:" + owner, " ".join(t.text for t in words)
    generic = GENERIC.get(kind, kind)
    return "generic:" + generic, " ".join(
        t.text for t in words if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.lower_ not in ("current", "fragile", "new")
    )


def _roles(token: Token, sent: Span, actors: ArticleActors) -> tuple[list[str], list[str]]:
    parties: list[str] = []
    mediators: list[str] = []

    def under(t: Token) -> list[str]:
        return [m.key for m in actors.in_span(t.left_edge.i, t.right_edge.i + 1)]

    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            parties += [k for c in child.children for k in under(c)]
        if child.dep_ in ("acl", "relcl") and child.lemma_ in MEDIATOR_VERBS | PARTY_VERBS:
            for agent in (c for c in child.children if c.dep_ == "agent"):
                target = mediators if child.lemma_ in MEDIATOR_VERBS else parties
                target += under(agent)
    verb = token.head
    if token.dep_ in ("dobj", "nsubjpass") and verb.lemma_ in PARTY_VERBS:
        parties += [k for c in verb.children if c.dep_ in ("nsubj", "agent") for k in under(c)]
    if verb.lemma_ in MEDIATOR_VERBS:
        mediators += [k for c in verb.children if c.dep_ in ("nsubj", "agent") for k in under(c)]
    for t in sent:
        if t.lemma_ in MEDIATOR_VERBS and t.dep_ in ("acl", "amod", "relcl", "advcl") and t.head.i == token.i:
            mediators += [k for c in t.children if c.dep_ == "agent" for k in under(c)]
    return list(dict.fromkeys(parties)), list(dict.fromkeys(mediators))


def _date(token: Token, article: Article) -> str | None:
    phrase = " ".join(t.text for t in token.subtree)
    found = resolve(phrase, None, False)
    return found if found and len(found) >= 4 else None
