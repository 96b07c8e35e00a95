"""Names of armed groups as the recogniser should have drawn them: "the Red Dawn militia" and "Red Dawn
fighters" name a group, whether the model tagged the name as nobody or as a person; "Islamist insurgents"
and "the Saudi-led coalition" are bodies by what they call themselves or who leads them."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.extract.gazetteer import gazetteer
from kg.extract.names import GROUP_NOUNS
from kg.extract.triggers import ATTACKERS

MEMBERS = GROUP_NOUNS | ATTACKERS | {"brigade", "brigades", "front", "militias", "battalion"}
LED = {"coalition", "alliance", "forces", "force", "mission", "bloc"}


def group_names(doc: Doc) -> Doc:
    """A run of capitalised words, one at least a proper noun, that modifies a group's noun is the
    group's name: an organisation. Countries and peoples ("Russian forces") keep their tags."""
    found: list[Span] = []
    for noun in doc:
        if noun.lower_ not in MEMBERS or noun.pos_ != "NOUN":
            continue
        start = noun.i
        while start > 0 and _named(doc[start - 1], noun.i):
            start -= 1
        while start < noun.i and doc[start].is_sent_start and doc[start].pos_ != "PROPN" and not doc[start].ent_type_:
            start += 1  # "Armed militias attacked": a sentence's first word is capitalised anyway
        run = doc[start : noun.i]
        if run and any(t.pos_ == "PROPN" for t in run) and not all(t.ent_type_ == "ORG" for t in run):
            found.append(Span(doc, start, noun.i, "ORG"))
        elif noun.i and _creed(doc[noun.i - 1]) and noun.lower_ in ATTACKERS and noun.tag_ == "NNS":
            found.append(Span(doc, noun.i - 1, noun.i + 1, "ORG"))  # "Islamist insurgents", "Anglophone separatists"
    for led in doc[2:-1]:  # "the Saudi-led coalition"
        if led.lower_ == "led" and doc[led.i - 1].text == "-" and doc[led.i + 1].lower_ in LED and doc[led.i - 2].pos_ == "PROPN":
            found.append(Span(doc, led.i - 2, led.i + 2, "ORG"))
    if found:
        doc.ents = filter_spans([*found, *(e for e in doc.ents if not any(e.start < f.end and f.start < e.end for f in found))])
    return doc


def _named(token: Token, noun: int) -> bool:
    return (
        token.is_title
        and token.pos_ in ("PROPN", "ADJ")
        and token.dep_ in ("compound", "amod", "nmod")
        and token.head.i <= noun
        and token.head.i > token.i
        and token.ent_type_ in ("", "PERSON", "ORG")
    )


def _creed(token: Token) -> bool:
    """ "Islamist", "Maoist", "Anglophone": a capitalised creed or people before attackers, not a state's
    nationality ("Pakistani militants" names no group)."""
    named = token.ent_type_ == "NORP" or (token.pos_ in ("ADJ", "PROPN") and not token.is_sent_start and not token.ent_type_)
    return token.dep_ in ("amod", "compound") and token.is_title and named and not gazetteer().demonym(token.text)
