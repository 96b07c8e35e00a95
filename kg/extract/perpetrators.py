"""Who did it: the agent of an attack, read from the parse, and groups that claim it or are blamed.

An attack's agent is a modifier or owner of its noun ("Russian missiles", "Hamas's attack"), the "by"
phrase of a noun or a passive ("airstrikes by the army", "were killed by the army"), the subject of its
verb or of the verb it hangs from ("fighters stormed the town, killing 15"; "the military carried out
strikes"), or a group that a later sentence says claimed or was blamed for it. The killed of a passive
are its victims, never its agents.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors, Mention
from kg.extract.claims import phrase
from kg.extract.names import PLACE_PREPS
from kg.extract.sentences import sentence_of
from kg.extract.triggers import ATTACK_VERBS, ATTACKERS, noun_kind
from kg.keys import slug

# Verbs whose object is the attack and whose subject did it: "carried out strikes", "planted a bomb".
LAUNCH_VERBS = {"launch", "carry", "conduct", "stage", "mount", "unleash", "drop", "fire", "plant", "detonate", "perpetrate", "commit"}
LAUNCH_VERBS |= {"target", "strike", "lead", "orchestrate", "mastermind"}  # "the attack was led by X"
HARBOUR_VERBS = {"harbour", "harbor", "shelter", "support", "back", "sponsor", "fund", "arm", "host", "protect", "aid"}
SUFFERED = {"lose", "suffer", "sustain", "survive", "die", "escape"}  # whose subject is a victim
HARM_VERBS = {"kill", "wound", "injure", "target", "strike", "hit"}
CLASHES = {"clash", "gunbattle", "firefight", "shootout", "gunfight", "battle", "fighting", "skirmish", "exchange"}
JUDGE_VERBS = {"blame", "accuse", "condemn", "denounce", "attribute", "suspect"}  # who judges an attack did not do it
PRONOUNS = {"it", "they", "we"}


def perpetrator(trigger: Token, sent: Span, actors: ArticleActors) -> str | None:
    """The actor that did what `trigger` names, or None when the sentence does not say."""
    for token in _agents(trigger, sent):
        found = _actor_in(token, actors) or _their_own(token, actors)
        if found:
            return found
        if token.lower_ in ATTACKERS:
            return _described(token, actors) or _attacker(token, actors)
    for token in sent:  # "... killed 12, as Israeli forces targeted Hezbollah strongholds": the attacking clause
        if token.pos_ == "VERB" and token.lemma_ in ATTACK_VERBS and token.i != trigger.i:
            for subject in (c for c in token.children if c.dep_ == "nsubj"):
                mention = next((actors.at(t) for t in subject.subtree if actors.at(t)), None)
                if mention and actors.type_of(mention.key) != "Person":
                    return military(mention.key, actors)
    return None


def _agents(trigger: Token, sent: Span) -> list[Token]:
    """The phrases that can name the agent, most direct first."""
    found = [c for c in trigger.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    if trigger.pos_ == "VERB":
        found += [c for c in trigger.children if c.dep_ == "nsubj"] + _by(trigger) + _fought(trigger)
        # "nine soldiers were killed when a band of rebels waylaid them"
        found += [s for c in trigger.children if c.dep_ == "advcl" for s in c.children if s.dep_ == "nsubj"]
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children) and trigger.dep_ in ("advcl", "xcomp", "conj"):
            found += [c for c in trigger.head.children if c.dep_ == "nsubj"]  # "stormed the town, killing 15"
    else:
        found += _by(trigger)
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "dobj":  # "launched a round of airstrikes"
            head = head.head.head
        if trigger.dep_ in ("dobj", "pobj", "nsubjpass") and head.lemma_ in LAUNCH_VERBS:
            found += [c for c in head.children if c.dep_ == "nsubj"] + _by(head)
        verb = next((a for a in list(trigger.ancestors)[:4] if a.pos_ == "VERB"), None)
        judged = verb is not None and verb.lemma_ in JUDGE_VERBS | SUFFERED  # "a crew member lost a leg in the attack"
        if trigger.dep_ == "pobj" and verb is not None and (verb.i == head.head.i or verb.lemma_ in HARM_VERBS) and not judged:
            found += [c for c in verb.children if c.dep_ == "nsubj"]  # "terrorists killed seven people in an attack"
            if verb.lemma_ in HARM_VERBS:
                found += _by(verb)  # "were killed by the army in a raid"
    i = trigger.i - 1  # "Hamas's October 7, 2023 attack": an owner before the dates and modifiers
    modifiers = ("poss", "case", "amod", "compound", "nummod", "punct")
    while i >= sent.start and (sent.doc[i].ent_type_ == "DATE" or sent.doc[i].dep_ in modifiers):
        if sent.doc[i].dep_ == "poss":
            found.append(sent.doc[i])
        i -= 1
    found += [a for t in sent if t.lemma_ in HARM_VERBS and t.pos_ == "VERB" and t.i != trigger.i for a in _by(t)]
    return found


SAY_VERBS = {"say", "announce", "report", "claim", "confirm", "state", "add"}


def _their_own(token: Token, actors: ArticleActors) -> str | None:
    """ "Pakistan said its forces killed 10 militants": the forces of whoever says so."""
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in token.children):
        return None
    verb = next((a for a in token.ancestors if a.pos_ == "VERB" and a.lemma_ in SAY_VERBS), None)
    for subject in (c for c in verb.children if c.dep_ == "nsubj") if verb is not None else ():
        mention = actors.at(subject)
        if mention and actors.type_of(mention.key) != "Person":
            return military(mention.key, actors)
    return None


def _fought(verb: Token) -> list[Token]:
    """ "Two policemen were killed in a gunbattle with FARC dissidents": who the killed fought."""
    clashes = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during") for p in c.children if p.lemma_ in CLASHES]
    withs = [c for t in (*clashes, verb) for c in t.children if c.dep_ == "prep" and c.lower_ == "with"] if clashes else []
    return [p for w in withs for p in w.children if p.dep_ == "pobj"]


def _by(token: Token) -> list[Token]:
    """The "by" phrase of a noun or a passive verb: "attack by al-Shabaab", "killed by the army"."""
    return [p for c in token.children if c.dep_ in ("agent", "prep") and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]


def _actor_in(token: Token, actors: ArticleActors) -> str | None:
    """The state or group a phrase names; a group before the state that owns it ("Yemen's Houthi rebels",
    "a drone operated by Sudan's RSF")."""
    found = []
    for t in _without_places(token):
        mention = actors.at(t) or (actors.demonym(t) if t.dep_ == "amod" and not _stateless(t.head) else None)
        if mention and actors.type_of(mention.key) != "Person":
            found.append((actors.type_of(mention.key) == "Country", t.dep_ == "poss", mention.key))
    junta = any(t.lower_ == "junta" for t in (*token.subtree, *token.head.children))  # "junta airstrikes": its army struck
    return military(min(found)[2], actors, junta) if found else None


# People whose nationality does not make their state the attacker: "a Palestinian gunman", "Iranian protesters".
STATELESS = {"gunman", "gunmen", "attacker", "attackers", "assailant", "assailants", "bomber", "bombers", "protesters", "protester"}
STATELESS |= {"demonstrators", "mob", "settlers", "settler", "man", "men", "woman", "youths", "teenager", "national", "nationals"}


def _stateless(noun: Token) -> bool:
    """A demonym on such people, or on a "terror attack" (the country it hit), names no perpetrator."""
    return noun.lower_ in STATELESS or any(c.lemma_ in ("terror", "terrorist") for c in noun.children)


def _without_places(token: Token) -> list[Token]:
    """A phrase's words without where it was: "dissidents in an area close to the border with Colombia"."""
    skipped = {t.i for c in token.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS for t in c.subtree}
    return [t for t in token.subtree if t.i not in skipped]


def _attacker(token: Token, actors: ArticleActors) -> str | None:
    """ "The gunman opened fire": whose gunman the text said a few sentences before ("a Hamas fighter")."""
    doc = token.doc
    for earlier in reversed(doc[max(0, sentence_of(doc, token.i).start - 200) : token.i]):
        if earlier.lower_ in ATTACKERS:
            for t in earlier.children:
                mention = actors.at(t)
                if t.dep_ in ("compound", "amod", "poss") and mention and actors.type_of(mention.key) != "Person":
                    return military(mention.key, actors)
    return None


def _described(token: Token, actors: ArticleActors) -> str | None:
    """ "Gunmen of the Red Dawn movement", "rebels apparently belonging to the Red Dawn": the group the
    attackers' description names, read from the words, which such descriptions often parse badly. A
    place ("gunmen from Zamfara State") is none."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    if doc[i : i + 1].text.lower() in ("of", "from"):
        i += 1
    elif doc[i : i + 2].text.lower() in ("belonging to", "loyal to"):
        i += 2
    else:
        return None
    i += doc[i : i + 1].text.lower() == "the"
    end = i
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and doc[end].ent_type_ not in ("GPE", "LOC", "FAC"):
        end += 1
    mention = actors.at(doc[i]) if end > i else None
    if mention is not None:
        return mention.key if actors.type_of(mention.key) == "Organization" else None
    name = doc[i:end]
    if len(name) < 2 or name.text in actors.g.cities:
        return None
    return actors.organization(name).key


def military(key: str, actors: ArticleActors, junta: bool = False) -> str:
    """A state's attack is its army's when the article names that army, or its rulers are a junta."""
    if actors.type_of(key) != "Country":
        return key
    country = actors.g.countries.get(actors.entries[key].name.lower())
    if country is None:
        return key
    if junta or slug(actors.g.military(country)) in actors.entries or actors.military_named(country):
        return actors.army(country)
    return key


def culprit(token: Token) -> Token | None:
    """The phrase a claim of responsibility or a blame names: "X claimed responsibility", "X claimed the
    attack", "officials blamed X", "blamed the attack on X", "attributed the bombing to X", "X said it
    carried out the strike"."""
    children = list(token.children)
    lemma = token.lemma_
    if lemma == "accuse" and not any(noun_kind(t) or t.lemma_ in LAUNCH_VERBS for t in token.subtree if t.i > token.i):
        return None  # "accused Afghanistan of sheltering militants": no attack
    harbours = any(t.lemma_ in HARBOUR_VERBS and t.dep_ == "pcomp" and t.head.lower_ == "of" for t in token.subtree)
    if lemma == "accuse" and harbours:
        return None  # "accused X of harbouring the militants behind the attacks": the militants did it
    if lemma == "be" and any(c.dep_ == "prep" and c.lower_ == "behind" and any(noun_kind(p) for p in c.children) for c in children):
        return _claimant(token)  # "X said it was behind the attack", "X is behind the blast"
    if lemma in ("blame", "accuse", "suspect"):  # "authorities suspect X", "X is suspected of the attack"
        obj = next((c for c in children if c.dep_ in ("dobj", "nsubjpass")), None)
        on = [p for c in children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children if p.dep_ == "pobj"]
        return on[0] if on and (obj is None or noun_kind(obj)) else obj
    if lemma == "attribute":
        return next((p for c in children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children if p.dep_ == "pobj"), None)
    if lemma == "claim" and any(c.lower_ == "responsibility" or (c.dep_ == "dobj" and noun_kind(c)) for c in children):
        return next((c for c in children if c.dep_ == "nsubj"), None) or next(iter(_by(token)), None)
    if lemma == "claim" and token.dep_ == "acl" and any(noun_kind(t) for t in token.head.subtree):  # "blasts claimed by X"
        return next(iter(_by(token)), None)
    if lemma in LAUNCH_VERBS and token.dep_ == "ccomp" and token.head.lemma_ in ("say", "announce", "admit", "confirm"):
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in PRONOUNS and any(noun_kind(c) for c in children if c.dep_ == "dobj"):
            return next((c for c in token.head.children if c.dep_ == "nsubj"), None)
    return None


def _claimant(verb: Token) -> Token | None:
    """The subject of a claim, or of the saying around it when that subject is "it" or "we"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in PRONOUNS and verb.dep_ == "ccomp":
        return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject


def named_in(culprit: Token, actors: ArticleActors) -> Mention | None:
    """The actor a blamed phrase names, leaving out its descriptions ("the Estado Mayor Central, a faction
    of the former FARC", "a group aligned with Al-Qaeda known as JNIM"); a capitalised name no one tagged is
    taken as a group's."""
    known = _known_as(culprit, actors)
    if known is not None:
        return known
    linked = {t.i for v in culprit.subtree if v.lemma_ in LINKED for t in v.subtree}
    words = [t for t in phrase(culprit) if t.i not in linked]
    # "Iran's arch foes Israel and the United States": the foes, not their owner
    found = [(t.dep_ == "poss", m) for t in words if (m := actors.at(t))]
    if culprit.pos_ == "NOUN" and all(owner or m.kind == "anaphor" for owner, m in found):  # "Iran's arch foes Israel and the US"
        found = [(False, m) for a in culprit.children if a.dep_ == "appos" for t in a.subtree if (m := actors.at(t))] + found
    # "the militant group Balochistan Liberation Army": the name, not "group" read as the group told before
    mention = min(found, key=lambda f: (f[0], f[1].kind == "anaphor"))[1] if found else None
    names = [t for t in words if t.pos_ == "PROPN" and t.is_title]
    joined = names and all(t.pos_ == "PROPN" or t.lower_ in ("of", "the") for t in culprit.doc[names[0].i : names[-1].i + 1])
    if mention is None and len(names) >= 2 and joined:  # "the Estado Mayor Central", "Marines of Bambalang"
        return actors.organization(culprit.doc[names[0].i : names[-1].i + 1])
    if mention is None and not names:  # "a group calling itself the Kashmir Resistance Front"
        mention = next((actors.at(t) for t in _without_places(culprit) if actors.at(t) and t.i not in linked), None)
    return mention


LINKED = {"align", "link", "affiliate", "ally", "tie", "loyal", "close", "connect", "back", "sponsor"}


def _known_as(culprit: Token, actors: ArticleActors) -> Mention | None:
    """ "A group known as JNIM", "a group calling itself X": the name it goes by, a body's before a person's."""
    if culprit.pos_ != "NOUN":
        return None
    for verb in (t for t in culprit.subtree if t.lemma_ in ("know", "call", "name", "dub") and t.i > culprit.i):
        found = [m for m in (actors.at(t) for t in verb.subtree if t.i > verb.i) if m]
        if found:
            return next((m for m in found if actors.type_of(m.key) == "Organization"), found[0])
    return None
