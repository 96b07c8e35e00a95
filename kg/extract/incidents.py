"""Incidents: strikes, shellings, shootings, bombings, ambushes, killings, with figures as claimed.

One incident per real event: a sentence that refers back ("these strikes", "the blast") or states the
same kind of event in the same place joins the incident before it. Each sentence that gives a figure
becomes a claim with its source, so conflicting figures are all kept. Wars and campaigns reported with a
running toll are not incidents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.claims import figures, source
from kg.extract.dates import resolve
from kg.extract.places import place_of
from kg.extract.sentences import evidence_of, is_headline
from kg.graph import slug
from kg.model import Article, Claim, Evidence, Incident, Place

NOUN_KINDS = {
    "airstrike": "airstrike",
    "airstrikes": "airstrike",
    "strike": "strike",
    "strikes": "strike",
    "shelling": "shelling",
    "shooting": "shooting",
    "shootout": "shooting",
    "bombing": "bombing",
    "blast": "explosion",
    "explosion": "explosion",
    "explosions": "explosion",
    "attack": "attack",
    "attacks": "attack",
    "ambush": "ambush",
    "massacre": "massacre",
    "raid": "raid",
    "killing": "killing",
    "assassination": "killing",
    "bomb": "bombing",
    "bomber": "suicide bombing",
}
VERB_KINDS = {
    "shell": "shelling",
    "bomb": "bombing",
    "ambush": "ambush",
    "explode": "explosion",
    "detonate": "bombing",
    "overrun": "attack",
    "open": "shooting",
}
CAMPAIGN = {"campaign", "offensive", "operation", "war", "conflict", "escalation", "fighting", "violence", "hostilities"}
RUNNING = {"past", "since", "so far", "total", "toll"}
ANAPHORIC_DETS = {"the", "these", "those", "this", "that"}


@dataclass
class _Draft:
    kind: str
    evidence: list[Evidence]
    claims: list[Claim]
    place: Place | None
    date: str | None
    perpetrator: str | None
    index: int
    targets: list[str] = field(default_factory=list)


def extract_incidents(doc: Doc, article: Article, actors: ArticleActors) -> list[Incident]:
    drafts: list[_Draft] = []
    for index, sent in enumerate(doc.sents):
        if is_headline(sent, article):
            continue
        trigger = _trigger(sent)
        if trigger is None:
            continue
        kind = _kind(trigger)
        ev = evidence_of(sent, f"incidents.{kind}")
        claims = _claims(sent, ev, actors)
        if _is_campaign(sent, trigger) or _hypothetical(trigger):
            continue
        place = place_of(trigger if trigger.pos_ == "VERB" else trigger.head, actors) or place_of(trigger, actors)
        when = resolve(sent.text, article.published, False)
        perp = _perpetrator(trigger, sent, actors)
        draft = _Draft(kind, [ev], claims, place, when, perp, index)
        target = _same_as(drafts, draft, trigger)
        if target:
            target.evidence.append(ev)
            target.claims += claims
            target.place = target.place or place
            target.date = target.date or when
            target.perpetrator = target.perpetrator or perp
        else:
            drafts.append(draft)
    _blame(doc, drafts, actors)
    out = []
    for d in drafts:
        if d.perpetrator:
            actors.use(d.perpetrator)
        out.append(Incident(d.kind, tuple(d.evidence), tuple(d.claims), d.place, d.date, d.perpetrator, tuple(d.targets)))
    return out


def _trigger(sent: Span) -> Token | None:
    """The word naming the violent event; a bare "killed" with a figure only when nothing names it."""
    fallback = None
    for token in sent:
        low = token.lower_
        if token.pos_ in ("NOUN", "PROPN") and low in NOUN_KINDS:
            if low in ("strike", "strikes") and token.head.lemma_ in ("deal", "balance"):
                continue
            return token
        if token.pos_ == "VERB" and token.lemma_ in VERB_KINDS:
            if token.lemma_ == "open" and not any(c.lower_ == "fire" for c in token.children):
                continue
            return token
        if (
            token.pos_ == "VERB"
            and token.lemma_ in ("strike", "hit", "target")
            and any(c.dep_ == "nsubj" and c.lower_ in NOUN_KINDS for c in token.children)
        ):
            return token
        if fallback is None and token.pos_ == "VERB" and token.lemma_ in ("kill", "eliminate") and figures(sent):
            fallback = token
    return fallback


def _kind(trigger: Token) -> str:
    if trigger.pos_ == "VERB" and trigger.lemma_ in VERB_KINDS:
        return VERB_KINDS[trigger.lemma_]
    kind = NOUN_KINDS.get(trigger.lower_, "attack" if trigger.lemma_ != "kill" else "killing")
    mods = {c.lower_ for c in trigger.children}
    if kind == "strike":
        kind = "drone strike" if "drone" in mods else "missile strike" if "missile" in mods else "airstrike"
    if kind == "bombing" and "suicide" in mods:
        kind = "suicide bombing"
    return kind


def _is_campaign(sent: Span, trigger: Token) -> bool:
    """'The offensive has killed 67,000 over the past year': a running toll, not an event."""
    text = sent.text.lower()
    subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in CAMPAIGN]
    running = any(w in text for w in RUNNING)
    return bool(subjects) and (running or any(t.head.lemma_ in ("kill", "lead", "result", "cause") for t in subjects))


def _hypothetical(trigger: Token) -> bool:
    """'any future attack', 'threatened strikes', 'which has bombed the pipeline hundreds of times'."""
    if trigger.dep_ == "relcl" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children):
        return True
    mods = {c.lower_ for c in trigger.children}
    return bool(mods & {"any", "future", "possible", "potential"}) or trigger.head.lemma_ in ("threaten", "warn", "fear")


def _claims(sent: Span, ev: Evidence, actors: ArticleActors) -> list[Claim]:
    found = figures(sent)
    if not found:
        return []
    killed = next((f for f in found if f.what == "killed"), None)
    injured = next((f for f in found if f.what == "injured"), None)
    src = source(sent)
    key, is_actor = None, False
    if src is not None:
        mention = actors.at(src.root) or next(iter(actors.in_span(src.start, src.end)), None)
        if mention and (
            mention.start <= src.root.i < mention.end or src.root.lower_ in ("authorities", "officials", "military", "army", "forces")
        ):
            key, is_actor = mention.key, True
        else:
            key = src.text
    return [
        Claim(
            ev,
            killed.low if killed else None,
            killed.high if killed else None,
            injured.low if injured else None,
            injured.high if injured else None,
            key,
            is_actor,
        )
    ]


def _perpetrator(trigger: Token, sent: Span, actors: ArticleActors) -> str | None:
    """Who did it: the subject of the attack verb, or the state or group named on the attack noun."""
    candidates: list[Token] = []
    candidates += [c for c in trigger.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    if trigger.pos_ == "VERB":
        candidates += [c for c in trigger.children if c.dep_ in ("nsubj", "agent")]
    else:
        head = trigger.head
        if trigger.dep_ in ("dobj", "pobj") and head.lemma_ in ("launch", "carry", "conduct", "target", "strike"):
            candidates += [c for c in head.children if c.dep_ == "nsubj"]
        if trigger.dep_ == "pobj" and head.head.pos_ == "VERB":
            candidates += [c for c in head.head.children if c.dep_ == "nsubj"]
    for token in candidates:
        for t in token.subtree:
            mention = actors.at(t)
            if mention and actors.type_of(mention.key) != "Person":
                return _military(mention.key, actors)
    return None


def _military(key: str, actors: ArticleActors) -> str:
    """A state's attack is its army's when the article names that army."""
    if actors.type_of(key) != "Country":
        return key
    country = actors.g.countries.get(actors.entries[key].name.lower())
    if country is None:
        return key
    name = actors.g.military(country)
    return slug(name) if slug(name) in actors.entries else key


FAMILIES = {
    "airstrike": "strike",
    "drone strike": "strike",
    "missile strike": "strike",
    "strike": "strike",
    "raid": "strike",
    "shooting": "shooting",
    "bombing": "bomb",
    "suicide bombing": "bomb",
    "explosion": "bomb",
}


def _compatible(a: _Draft, b: _Draft) -> bool:
    """Same kind of violence (a generic "attack" or "killing" fits any), and no clash of place or date."""
    fa, fb = FAMILIES.get(a.kind, "any"), FAMILIES.get(b.kind, "any")
    if fa != fb and "any" not in (fa, fb):
        return False
    if a.date and b.date and a.date != b.date:
        return False
    return not (a.place and b.place and a.place.name != b.place.name and a.place.country != b.place.country)


def _same_as(drafts: list[_Draft], draft: _Draft, trigger: Token) -> _Draft | None:
    """The earlier incident this mention refers to: 'these strikes', 'the subsequent airstrikes', or the
    same kind of event in the same place or country."""
    dets = {c.lower_ for c in trigger.children if c.dep_ in ("det", "poss")}
    anaphoric = bool(dets & ANAPHORIC_DETS) or any(c.lower_ in ("subsequent", "ensuing", "same") for c in trigger.children)
    if anaphoric:
        for d in reversed(drafts):
            if draft.index - d.index <= 4 and _compatible(d, draft) and FAMILIES.get(d.kind) == FAMILIES.get(draft.kind, "x"):
                return d
        if drafts and draft.index - drafts[-1].index <= 3 and _compatible(drafts[-1], draft):
            return drafts[-1]
    for d in reversed(drafts):
        if d.place and draft.place and _compatible(d, draft) and d.kind == draft.kind and not draft.claims:
            return d
    return None


def _blame(doc: Doc, drafts: list[_Draft], actors: ArticleActors) -> None:
    """'Officers blamed X', 'X claimed responsibility': the perpetrator of the incident just reported."""
    sents = list(doc.sents)
    for index, sent in enumerate(sents):
        for token in sent:
            culprit = None
            if token.lemma_ == "blame":
                culprit = next((c for c in token.children if c.dep_ == "dobj"), None)
            elif token.lemma_ == "claim" and any(c.lower_ == "responsibility" for c in token.children):
                culprit = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if culprit is None:
                continue
            mention = actors.at(culprit) or next((actors.at(t) for t in culprit.subtree if actors.at(t)), None)
            previous = [d for d in drafts if d.index <= index]
            if mention and previous and index - previous[-1].index <= 2:
                previous[-1].perpetrator = mention.key
