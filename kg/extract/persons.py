"""Names of people as the recogniser should have drawn them: a name split in two joined again, a
hyphenated surname whole, two people tagged as one name apart; and whom a pronoun ahead of its name means."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import fold, gazetteer
from kg.extract.names import in_credit
from kg.extract.sentences import sentence_of


def merge_persons(doc: Doc) -> list[Span]:
    """PERSON entities, with neighbours the model split ("Hassan Sheikh" + "Mohamud") joined again, and
    hyphenated surnames whole ("Phumzile Mlambo" + "-Ngcuka", "Alix Didier" + "Fils-Aimé")."""
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or in_credit(ent):
            continue
        if spans and spans[-1].end == ent.start and doc[ent.start - 1].head.i >= ent.start:
            spans[-1] = doc[spans[-1].start : ent.end]
        elif spans and spans[-1].end > ent.start:
            continue  # already taken in by a hyphenated surname
        else:
            spans.append(ent)
        end = spans[-1].end
        if _hyphen_at(doc, end + 1) and doc[end].is_title and doc[end].ent_type_ not in ("GPE", "NORP"):
            end += 1  # "Alix Didier" + "Fils-Aimé" tagged apart
        while _hyphen_at(doc, end) and not _modifies_next(doc[end + 1]):
            end += 2
        spans[-1] = doc[spans[-1].start : end]
    spans += [span for ent in list(spans) for span in _conjoined(doc, ent)]
    spans += _surnames_mislabelled(doc, spans)
    return sorted((part for span in spans for part in pair_of(span)), key=lambda span: span.start)


def whole_names(doc: Doc, nouns: frozenset[str]) -> Doc:
    """ "Amir Khan" + "Muttaqi": a person's name runs on over the capitalised word the parse makes its head,
    when the recogniser left that word out and it is no common noun ("the Trump Administration")."""
    ents = list(doc.ents)
    for k, ent in enumerate(ents):
        end = ent.end
        while ent.label_ == "PERSON" and end < len(doc) and doc[end - 1].head.i == end and _bare_name(doc[end], nouns):
            end += 1
        ents[k] = Span(doc, ent.start, end, "PERSON") if end > ent.end else ent
    doc.ents = ents
    return doc


def _bare_name(token: Token, nouns: frozenset[str]) -> bool:
    return token.ent_iob_ == "O" and token.pos_ == "PROPN" and token.is_title and token.lower_ not in nouns


ODD_LABELS = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}


def _surnames_mislabelled(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Nyusi and Momade signed" with "Momade" tagged as a product: the surname of a person named in full."""
    surnames = {s[-1].text for s in spans if len(s) >= 2}
    taken = {i for s in spans for i in range(s.start, s.end)}
    return [doc[t.i : t.i + 1] for t in doc if t.text in surnames and t.ent_type_ in ODD_LABELS and t.i not in taken]


def _conjoined(doc: Doc, ent: Span) -> list[Span]:
    """ "Ana Ruiz and Marta Silva met": an untagged first and last name joined by "and" to a person's is one too."""
    found = []
    for start, joint in ((ent.start - 3, ent.start - 1), (ent.end + 1, ent.end)):
        words = doc[max(start, 0) : start + 2] if start >= 0 else doc[0:0]
        if len(words) == 2 and doc[joint].lower_ == "and" and all(t.pos_ == "PROPN" and t.is_title and t.ent_iob_ == "O" for t in words):
            found.append(words)
    return found


def cataphor(pronoun: Token) -> Token | None:
    """ "Shortly after he met X, Rasmussen said": a pronoun in an opening clause is the subject named after it."""
    root = sentence_of(pronoun.doc, pronoun.i).root
    for clause in (c for c in root.children if c.dep_ == "advcl" and c.i < root.i and pronoun in c.subtree):
        return next((s for s in root.children if s.dep_ == "nsubj" and s.i > clause.i), None)
    return None


PERSONAL_TITLES = {"spokesperson", "spokesman", "spokeswoman", "minister", "president", "commander", "ambassador", "envoy", "chairman"}
# "the director general of the presidency, X": an office the name stands beside
HELD_OFFICES = PERSONAL_TITLES | {"director", "general", "secretary", "chief", "governor", "adviser", "advisor", "deputy", "chairwoman"}


def titled_person(ent: Span) -> bool:
    """ "Uganda Police Spokesperson Fred Enanga" tagged as a body: a personal title and then a name; or a
    name set beside an office ("the director general of the presidency, Jorge Salas")."""
    if ent.label_ != "ORG":
        return False
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].lower_ in ("to", "of") and doc[ent.start - 2].lower_ in HELD_OFFICES:
        rest = ent[1:]  # "Ambassador to Mexico Ken Salazar" tagged as a body: the country is the office's
        if gazetteer().country(ent[0].text) and 2 <= len(rest) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in rest):
            return True
    if _beside_office(ent):
        named = 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" and t.is_title and t.is_alpha for t in ent)
        return named and not gazetteer().bodies.get(fold(ent.text))
    title = max((t.i for t in ent if t.lower_ in PERSONAL_TITLES), default=None)
    name = ent.doc[title + 1 : ent.end] if title is not None else None
    return name is not None and len(name) >= 2 and all(t.pos_ == "PROPN" and t.is_title for t in name)


def _beside_office(ent: Span) -> bool:
    """ "the director general of the presidency, X": the phrase before the comma is headed by an office,
    however the name itself was attached."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].text != ",":
        return False
    token = doc[ent.start - 2]
    for _ in range(5):
        if token.lower_ in HELD_OFFICES:
            return True
        if token.dep_ not in ("pobj", "prep", "compound", "amod") or token.head.i >= token.i:
            return False
        token = token.head
    return False


def pair_of(span: Span) -> list[Span]:
    """ "Toivo Klaar and Annika Söder" tagged as one person or body: two people, each with a full name."""
    joints = [t.i for t in span if t.lower_ == "and"]
    if len(joints) != 1:
        return [span]
    first, second = span.doc[span.start : joints[0]], span.doc[joints[0] + 1 : span.end]
    if not (2 <= len(first) <= 3 and 2 <= len(second) <= 3) or not all(t.is_title and t.pos_ == "PROPN" for t in (*first, *second)):
        return [span]
    return [first, second]


def _modifies_next(token: Token) -> bool:
    """'the Putin-Witkoff meeting': two names joined to describe a noun, not one surname."""
    return token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i and not token.head.is_title


def _hyphen_at(doc: Doc, i: int) -> bool:
    """A hyphen joining two words of a name without spaces: "Mlambo-Ngcuka", and Korean given names ("Suk-yeol")."""
    if not (i + 1 < len(doc) and doc[i].text in ("-", "‐") and not doc[i - 1].whitespace_ and not doc[i].whitespace_):
        return False
    after = doc[i + 1]
    syllable = after.is_lower and after.is_alpha and len(after) <= 4 and after.tag_ in ("NNP", "NN") and after.lower_ not in ("era", "led")
    return after.is_title or (syllable and doc[i - 1].is_title)
