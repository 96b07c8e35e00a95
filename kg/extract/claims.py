"""Casualty figures and who states them: "at least 20 to 21 killed, according to Gaza's health ministry".

Figures keep their hedges as a minimum and a maximum; the source is the actor or body the sentence
attributes the figure to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.sentences import sentence_of

WORDS = {
    "no": 0,
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
KILL = {"kill", "die", "eliminate", "dead", "death", "deaths", "execute", "slay", "claim", "martyr"}
KILL_VERBS = {"kill", "murder", "assassinate", "execute", "slay", "behead", "lynch", "martyr"}  # "nine soldiers were martyred"
HARM_WAYS = {"shoot", "stab", "beat", "hack", "burn", "club", "gun", "shot"}  # "shot dead", "stabbed to death"
INJURE = {"injure", "wound", "hurt", "injured", "wounded"}
CASUALTY_NOUNS = {"casualties": "both", "deaths": "killed", "death": "killed", "dead": "killed", "injuries": "injured"}
# Words before a figure that make it a bound: "at least 20" has no maximum, "nearly 20" no minimum.
LOWER_BOUNDS = {("at", "least"), ("more", "than"), ("over",), ("upwards", "of"), ("above",)}
LOWER_BOUNDS |= {("no", "fewer", "than"), ("no", "less", "than")}
UPPER_BOUNDS = {("up", "to"), ("nearly",), ("almost",), ("fewer", "than"), ("less", "than"), ("under",)}


@dataclass(frozen=True)
class Figure:
    what: str  # killed | injured
    low: int | None  # None: no lower bound stated ("nearly 20")
    high: int | None  # None: no upper bound stated ("at least 20")


def number(token: Token) -> int | None:
    """The value of a number token: digits, words, or None for 'dozens' and 'hundreds'."""
    text = token.lower_.replace(",", "")
    if re.fullmatch(r"\d+", text):
        return int(text)
    if text in WORDS and text not in ("a", "an"):
        return WORDS[text]
    return None


def _range_high(token: Token) -> int | None:
    """'20 to 21': the upper bound written after the number."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].lower_ in ("to", "-", "–", "or"):
        return number(doc[token.i + 2])
    return None


def figures(sent: Span, skip: frozenset[int] = frozenset()) -> list[Figure]:
    """Killed and injured figures stated in a sentence, outside the tokens `skip` (another event's)."""
    found: list[Figure] = []
    counted: list[Token] = []  # the noun each figure counts, for figures listed together
    taken: set[int] = set(skip)
    for token in sent:
        value = number(token)
        if value is None or token.i in taken or token.ent_type_ in ("DATE", "TIME", "ORDINAL"):
            continue  # "the October 7, 2023 attack": a date, not a toll
        if token.lower_ == "no" and token.i + 1 < sent.end and token.nbor(1).lower_ in ("fewer", "less", "more"):
            continue  # "no fewer than 10": a bound on the figure after it
        if token.i > sent.start and sent.doc[token.i - 1].lower_ in ("to", "-", "–") and number(sent.doc[token.i - 2]) is not None:
            continue  # the upper end of a range already read
        high = _range_high(token)
        if token.dep_ == "quantmod" and number(token.head) is not None:  # "20 to 21 people": 20 hangs off 21
            high = number(token.head)
            taken.add(token.head.i)
            noun = token.head.head if token.head.dep_ == "nummod" else token.head
        else:
            counts = token.dep_ in ("nummod", "quantmod") or (token.dep_ == "compound" and token.head.pos_ == "NOUN")  # "Thirteen officers"
            noun = token.head if counts else token
        if token.lower_ == "no":  # "causing no casualties", "no deaths": the determiner's noun
            noun = token.head
        what = _role(noun)
        in_list = noun.dep_ == "conj" or (noun.dep_ == "appos" and any(c.dep_ == "conj" for c in noun.children))  # "A, B and C"
        listed = next((n for n in counted if n.i == noun.head.i), None) if in_list else None
        if listed is not None and what is None and found:
            what = found[-1].what  # "killed nine children and 11 adults": the adults too
        if what is None and token.lower_ == "no":
            what = CASUALTY_NOUNS.get(noun.lower_)
            if what == "both":
                found += [Figure("killed", 0, 0), Figure("injured", 0, 0)]
                continue
        if what is None:
            continue
        taken.add(token.i)
        figure = _bounded(token, what, value, high)
        if listed is not None and found and found[-1].what == what and found[-1].low is not None and figure.low is not None:
            high = None if found[-1].high is None or figure.high is None else found[-1].high + figure.high
            figure = Figure(what, found[-1].low + figure.low, high)  # one toll told by kinds of victims: their sum
            found.pop()
        found.append(figure)
        counted.append(noun)
    for token in sent:  # "killing the driver", "the gunman ... was killed", "the killing of X": deaths one by one
        if any(f.what == "killed" for f in found):
            break
        victim = None
        if token.i in skip:
            continue
        if _kills(token) and token.pos_ == "VERB" and token.dep_ != "amod":
            victim = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if victim is None and token.dep_ == "conj" and any(c.dep_ == "auxpass" for c in token.children):
                victim = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)  # "opened fire and was killed"
        elif token.lower_ in ("killing", "death", "assassination") and token.pos_ == "NOUN":
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            victim = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if victim is not None and _one(victim):  # "killing a driver and a nurse": two
            # "an officer (NCO) and a militant were killed" may parse as two subjects of one verb
            twins = [c for c in victim.head.children if c.dep_ == "nsubjpass" == victim.dep_ and c.i != victim.i and _one(c)]
            count = 1 + sum(1 for c in victim.conjuncts if _one(c)) + len(twins)
            found.append(Figure("killed", count, count))
    return found


def _bounded(token: Token, what: str, value: int, high: int | None) -> Figure:
    """A figure as a minimum and maximum: a range, a bound ("at least", "nearly"), or exact."""
    if high is not None:
        return Figure(what, value, high)
    doc = token.doc
    before = tuple(t.lower_ for t in doc[max(sentence_of(doc, token.i).start, token.i - 3) : token.i])
    if any(before[-len(words) :] == words for words in LOWER_BOUNDS):
        return Figure(what, value, None)
    if any(before[-len(words) :] == words for words in UPPER_BOUNDS):
        return Figure(what, None, value)
    return Figure(what, value, value)


def _kills(verb: Token) -> bool:
    """ "killed", "murdered", "shot dead", "stabbed to death": a verb whose object died."""
    if verb.lemma_ in KILL_VERBS:
        return True
    if verb.lemma_ == "lose" and any(c.dep_ == "dobj" and c.lemma_ == "life" for c in verb.children):
        return True  # "80 students lost their lives"
    return verb.lemma_ in HARM_WAYS and any(
        c.lower_ == "dead" or (c.lower_ == "to" and any(d.lower_ == "death" for d in c.children)) for c in verb.children
    )


def _harm(verb: Token) -> str | None:
    """What a verb did to those it counts: injured them, killed them, or neither."""
    if verb.lemma_ in INJURE or verb.lower_ in INJURE:
        return "injured"
    return "killed" if verb.lemma_ in KILL or verb.lower_ in KILL or _kills(verb) else None


def _one(noun: Token) -> bool:
    """A single named or singular victim: "the driver", "Yahya Sinwar", "the leader's son"."""
    return noun.tag_ in ("NN", "NNP") and number(noun) is None and not any(number(c) is not None for c in noun.children)


def _role(noun: Token) -> str | None:
    """Is this counted noun the killed or the injured of its clause?"""
    if CASUALTY_NOUNS.get(noun.lower_) in ("killed", "injured"):
        return CASUALTY_NOUNS[noun.lower_]  # "five died and more than 10 sustained injuries", however the parse hangs them
    head = noun.head
    suffered = head.lemma_ in ("suffer", "sustain") and any(t.lemma_ in ("injury", "wound") for t in (head.head, *head.children))
    if noun.dep_ == "nsubj" and suffered:
        return "injured"  # "10 suffered injuries"
    for c in noun.children:  # "three people killed in a strike", "five soldiers wounded"
        if c.dep_ == "acl" and c.tag_ == "VBN" and (what := _harm(c)):
            return what
    if noun.dep_ == "dobj" and head.lemma_ == "leave":  # "left at least 115 people dead"
        state = {c.lower_ for c in head.children if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp")}
        state |= {c.lower_ for c in noun.children if c.dep_ == "amod"}  # the parse may hang "dead" on the people
        if state & {"dead", "killed"}:
            return "killed"
        if state & {"injured", "wounded", "hurt"}:
            return "injured"
    # "two gunmen killed 12", "no group claimed responsibility": a subject is the victims only when nothing
    # else is ("12 people killed in attack", as headlines put it)
    acted = noun.dep_ == "nsubj" and any(c.dep_ == "dobj" and c.lemma_ != "life" and c.lower_ not in CASUALTY_NOUNS for c in head.children)
    if noun.dep_ in ("dobj", "nsubjpass", "nsubj", "conj") and not acted:
        verb = head
        while noun.dep_ == "conj" and verb.dep_ == "conj" and verb.pos_ != "VERB":
            verb = verb.head
        if what := _harm(verb):
            return what
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ == "life" and head.head.head.lemma_ in ("claim", "take", "cost"):
        return "killed"  # "claimed the lives of nine soldiers"
    if noun.lower_ in ("dead", "deaths"):
        return "killed"
    if noun.lower_ in ("injured", "wounded"):
        return "injured"
    if noun.dep_ == "nsubjpass" and any(c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "xcomp") for c in head.children):
        return "killed"  # "three sailors have been confirmed dead", "were found dead"
    if _toll_of(noun):
        return "killed"  # "the death toll climbed to 93", "the toll stands at 15"
    if noun.dep_ == "dobj" and head.lemma_ == "cause":
        return CASUALTY_NOUNS.get(noun.lower_) if CASUALTY_NOUNS.get(noun.lower_) != "both" else None
    return None


def _toll_of(figure: Token) -> bool:
    """The figure a death toll is said to reach: "the toll rose to 93", "put the death toll at 15", "the toll
    reached 40"."""
    verb = figure.head.head if figure.dep_ == "pobj" and figure.head.lower_ in ("to", "at") else figure.head
    if figure.dep_ not in ("pobj", "dobj", "attr"):
        return False
    tolls = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_ == "toll" and c.i != figure.i]
    return any(not any(d.lower_ in ("injury", "injuries") for d in t.children) for t in tolls)


def source(sent: Span) -> Span | None:
    """Who the sentence attributes its figures to: 'according to X', 'X said', 'X reported'."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end and sent.doc[token.i + 1].lower_ == "to":
            objs = [c for c in sent.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return phrase(objs[0])
    for token in sent:
        if token.lemma_ in ("say", "report", "claim", "tell") and token.pos_ == "VERB":
            subj = [c for c in token.children if c.dep_ == "nsubj"]
            if subj and subj[0].lower_ not in ("he", "she", "it", "they", "who", "which", "that"):
                return phrase(subj[0])
    return None


def phrase(token: Token) -> Span:
    """A source's words without trailing clauses or appositions."""
    keep = [
        t
        for t in token.subtree
        if not any(
            a.dep_ in ("relcl", "appos", "acl", "prep") and a.i != token.i and a.head.i == token.i and t in a.subtree
            for a in token.children
        )
    ]
    return token.doc[keep[0].i : keep[-1].i + 1] if keep else token.doc[token.i : token.i + 1]
