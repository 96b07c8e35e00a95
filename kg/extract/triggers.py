"""Event triggers: the words that name a meeting, an agreement or a violent incident, from the lexicon in
kg/data/triggers.json, and the tests that keep each word to its sense.

Nouns match by form or lemma and verbs by lemma, so "bombs", "bombed" and "bombing" all count; a word counts
only where it means violence ("killing two birds with one stone", "a demographic time bomb", "the row
exploded", "a strike by dock workers" do not).
"""

from __future__ import annotations

import json

from spacy.tokens import Span, Token

from kg.extract.claims import figures
from kg.extract.gazetteer import DATA

LEXICON = json.loads((DATA / "triggers.json").read_text(encoding="utf-8"))

MEETING_VERBS = frozenset(LEXICON["meetings"]["verbs"])
MEETING_NOUNS = frozenset(LEXICON["meetings"]["nouns"])
CUE_VERBS = frozenset(LEXICON["meetings"]["cue_verbs"])

_INCIDENTS = LEXICON["incidents"]
NOUN_KINDS: dict[str, str] = _INCIDENTS["nouns"]
VERB_KINDS: dict[str, str] = _INCIDENTS["verbs"]
WEAPONS: dict[str, str] = _INCIDENTS["weapons"]
ATTACKERS = frozenset(_INCIDENTS["attackers"])
ATTACK_VERBS = frozenset(_INCIDENTS["attack_verbs"])
_NOT = {name: frozenset(words) for name, words in _INCIDENTS["not_violent"].items()}

AGREEMENT_KINDS: dict[str, str] = LEXICON["agreements"]["kinds"]
PARTY_VERBS = frozenset(LEXICON["agreements"]["party_verbs"])
MEDIATOR_VERBS = frozenset(LEXICON["agreements"]["mediator_verbs"])
AUTHOR_VERBS = frozenset(LEXICON["agreements"]["author_verbs"])  # who adopts a resolution or unveils a plan is its party

# Verbs whose trigger needs a particle or an object to be violent: "blew up", "set fire to", "gunned down",
# "opened fire", "fired rockets".
_PARTICLES = {"blow": {"up"}, "gun": {"down"}}
_OBJECTS = {
    "set": {"fire", "ablaze", "alight", "afire"},
    "open": {"fire"},
    "fire": {"rocket", "rockets", "missile", "missiles", "shell", "shells", "mortar", "mortars"},
}


def noun_kind(token: Token) -> str | None:
    """The incident kind a noun names, by form or by lemma ("airstrikes", "bombings")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    if token.lemma_ == "operation" and any(c.lower_ == "air" for c in token.children):
        return "airstrike"  # "carried out air operations"
    return NOUN_KINDS.get(token.lower_) or NOUN_KINDS.get(token.lemma_.lower())


def incident_trigger(sent: Span) -> Token | None:
    """The word naming the violent event; a bare "killed" with a figure only when nothing names it."""
    fallback = None
    for token in sent:
        if noun_kind(token) and violent(token):
            return token
        if token.pos_ == "VERB" and token.lemma_ in VERB_KINDS and violent(token):
            return token
        if (
            token.pos_ == "VERB"
            and token.lemma_ in ("strike", "hit", "target", "pound", "attack", "land", "slam", "crash", "rip", "tear")
            and any(c.dep_ == "nsubj" and (noun_kind(c) or _weapon(c)) for c in token.children)
        ):
            return token  # "an airstrike hit", "Ukrainian drones hit two airfields", "a mortar round landed on a school"
        killed = token.pos_ == "VERB" and token.lemma_ in ("kill", "eliminate", "martyr")
        if fallback is None and killed and violent(token) and figures(sent):
            fallback = token
    return fallback


def _weapon(noun: Token) -> bool:
    """ "Drones", "a mortar round", "an artillery shell": what is fired."""
    return noun.lemma_ in WEAPONS or any(c.dep_ == "compound" and c.lemma_ in WEAPONS for c in noun.children)


PLOTS = {"plot", "plan", "prepare", "foil", "thwart", "avert", "prevent", "scheme", "find", "discover", "recover", "seize", "defuse"}
FOUND = {"recovered", "seized", "discovered", "defused", "foiled", "planned", "thwarted", "averted", "found"}


def violent(token: Token) -> bool:
    """Whether a trigger word is used in its violent sense here."""
    lemma, children = token.lemma_.lower(), list(token.children)
    event = token.head if token.dep_ == "compound" else token
    if (event.dep_ in ("dobj", "xcomp", "nsubjpass") and event.head.lemma_ in PLOTS) or any(
        c.dep_ == "amod" and (c.lemma_ in PLOTS or c.lower_ in FOUND) for c in event.children
    ):
        return False  # "militants plotting a bomb attack", "foiled an attack", "soldiers found ten bombs": no attack took place
    if token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.pos_ in ("PROPN", "NOUN"):
        return False  # "Mine-Resistant Ambush Protected vehicles": part of a name
    words = {c.lower_ for c in children} | {c.lemma_.lower() for c in children}
    if lemma in _PARTICLES and token.pos_ == "VERB":
        return bool(words & _PARTICLES[lemma])
    if lemma in _OBJECTS and token.pos_ == "VERB":
        return bool(words & _OBJECTS[lemma]) or any(c.lower_ in _OBJECTS[lemma] for c in token.subtree if c.dep_ in ("dobj", "pobj"))
    if lemma in ("kill", "eliminate"):
        return not any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _NOT["kill_objects"] for c in children)
    if VERB_KINDS.get(lemma) == "arson":  # "photographs of the leaders were torched", "protesters set tyres on fire"
        return not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in _NOT["burnt_objects"] for c in children)
    if lemma in ("bomb", "bomber", "bombshell") and token.pos_ == "NOUN":
        return not words & _NOT["bomb_modifiers"]
    if lemma == "explode":
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        into = any(c.dep_ == "prep" and c.lower_ in ("into", "onto") for c in children)
        return not into and not (subject is not None and subject.lemma_.lower() in _NOT["explode_subjects"])
    if lemma == "strike" and token.pos_ == "NOUN":
        return _armed_strike(token)
    if lemma == "shoot" and token.pos_ == "VERB":  # "shot dead", "shot three people"; not "shot a film"
        return any(c.dep_ in ("dobj", "nsubjpass", "acomp", "oprd", "advmod") for c in children)
    return True


def _armed_strike(token: Token) -> bool:
    """A strike from the air or by an armed force, not a labour strike ("a strike by dock workers", "the
    general strike", "went on strike") nor "strike a deal"."""
    if token.head.lemma_ in _NOT["strike_heads"]:
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "on" and token.head.head.lemma_ in ("go", "be", "remain", "stay"):
        return False
    near = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
    near |= {t.lemma_.lower() for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "of") for t in c.subtree}
    if token.dep_ == "dobj":  # "dock workers staged a strike": who holds it
        near |= {t.lemma_.lower() for c in token.head.children if c.dep_ == "nsubj" for t in c.subtree}
    return not near & _NOT["labour_words"]


def incident_kind(trigger: Token) -> str:
    """What kind of violence a trigger names: a weapon that hits is its strike, a strike is from the air
    unless a drone or missile is named."""
    if trigger.pos_ == "VERB" and trigger.lemma_ in VERB_KINDS:
        return VERB_KINDS[trigger.lemma_]
    weapon = next((c.lemma_ for c in trigger.children if c.dep_ == "nsubj" and c.lemma_ in WEAPONS), None)
    if trigger.pos_ == "VERB" and weapon:
        return WEAPONS[weapon]
    kind = noun_kind(trigger) or ("attack" if trigger.lemma_ != "kill" else "killing")
    mods = {c.lower_ for c in trigger.children}
    if kind == "strike":
        kind = "drone strike" if "drone" in mods else "missile strike" if "missile" in mods else "airstrike"
    if kind == "bombing" and "suicide" in mods:
        kind = "suicide bombing"
    return kind
