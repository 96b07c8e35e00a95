"""The words that date a meeting: its own phrases, not other events' ("since the war ended in 1949"), or
those of the visit, journey or report it is told in ("arrived in Oslo on Friday and met X", "told reporters
after meeting X on Monday")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.participants import PRESENCE_VERBS
from kg.extract.places import MOTION_VERBS
from kg.extract.sentences import words_of

TIME_PREPS = {"after", "before", "following", "ahead", "since", "until", "amid", "despite"}
# Who reports talks or speaks of them is not there: "the US confirmed talks between the army and the RSF".
REPORT_VERBS = {"confirm", "announce", "say", "report", "welcome", "deny", "criticise", "criticize", "praise", "reject"}


def governing(verb: Token) -> str:
    """ "Concluded a visit to Riyadh on Tuesday, where he met X", "arrived in Oslo on Friday and met X": a
    meeting told in a clause of a visit is dated by the visit."""
    head = verb.head
    if verb.pos_ == "NOUN" and head.lemma_ in REPORT_VERBS:  # "confirmed talks between X and Y in Quito on Monday"
        return phrases(head)
    after = verb.dep_ == "pcomp" and head.lower_ in ("after", "following")  # "On Monday, X told reporters after meeting Y"
    if verb.dep_ == "acl" and head.dep_ in ("nsubj", "nsubjpass") and verb.lemma_ in PRESENCE_VERBS or after:
        # "leaders attending the summit in Berlin agreed on Sunday": the summit's day
        return phrases(head.head)
    if verb.dep_ not in ("relcl", "conj", "advcl", "xcomp") or head.i == verb.i:
        return ""
    if verb.dep_ == "relcl":  # "Riyadh, where he met": the verb the place hangs from
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
    if head.lemma_ not in MOTION_VERBS | {"conclude", "begin", "start", "end", "wrap", "pay", "make"}:
        return ""
    return phrases(head)


def phrases(head: Token) -> str:
    """A verb's phrases of place and time, each as written ("on Monday", "in Lima"), apart from each other."""
    return " ".join(head.doc[c.left_edge.i : c.right_edge.i + 1].text for c in head.children if c.dep_ in ("prep", "npadvmod"))


def own_words(verb: Token, trigger: Token) -> str:
    """The words that can date this meeting: the verb's own phrases, not those of other clauses nor of
    other events it is timed by ("following the escalation that culminated in the October 7 massacre")."""

    def elsewhere(a: Token) -> bool:
        if a.i == trigger.i or trigger in a.subtree:
            return False
        if a.head.i == verb.i and a.dep_ in ("conj", "relcl", "ccomp", "advcl", "parataxis"):
            return True
        if a.dep_ == "prep" and a.lower_ == "of" and a.head.pos_ == "NOUN":
            return True  # "the anniversary of Hamas's October 7, 2023 attack": another event's date
        return a.dep_ in ("relcl", "advcl") or (a.dep_ == "prep" and a.lower_ in TIME_PREPS)  # "since the war ended in 1949"

    excluded: set[int] = set()
    for t in verb.subtree:
        if t.i not in excluded and elsewhere(t):
            excluded.update(x.i for x in t.subtree)
    tokens = [t for t in verb.subtree if t.i not in excluded]
    if verb.dep_ in ("advcl", "xcomp") and verb.head.lemma_ in MOTION_VERBS | {"be"}:  # "travel to Sanaa on Thursday to meet"
        journey = verb.head
        tokens += [t for c in journey.children if c.dep_ in ("prep", "npadvmod") and c.lower_ != "to" for t in c.subtree]
        tokens.sort(key=lambda t: t.i)
    return words_of(tokens)


def journey_before(verb: Token) -> Token | None:
    """ "X arrived in Oslo on Friday. He met Y", "X flew to Quito on Monday. During the visit, he held talks":
    the journey the sentence before tells, made by whoever meets, places and dates the meeting."""
    sent = verb.sent
    if sent.start == 0:
        return None
    journey = verb.doc[sent.start - 1].sent.root
    if journey.lemma_ not in MOTION_VERBS:
        return None
    travellers = {c.lower_ for c in journey.children if c.dep_ == "nsubj" for c in c.subtree}
    subject = [c for c in verb.children if c.dep_ == "nsubj"]
    told = any(s.lower_ in ("he", "she", "they") or s.lower_ in travellers for s in subject)
    owned = ("the", "his", "her", "this")
    visit = any(t.lemma_ in ("visit", "trip", "tour", "stay") and any(d.lower_ in owned for d in t.children) for t in sent)
    return journey if told or visit else None
