"""Places: the most specific place a phrase states, linked to the country it lies in."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.actors import ArticleActors
from kg.extract.gazetteer import fold, gazetteer
from kg.extract.names import FACILITIES, PLACE_NOUNS, STRUCK
from kg.keys import slug
from kg.model import Place

PLACE_PREPS = frozenset({"in", "at", "near", "on", "inside", "outside", "across", "to"})
# A body's name that is a building's: "at the State House", "at the Serena Hotel".
BUILDINGS = frozenset(FACILITIES | {"house", "villa", "residence", "headquarters"})
# "will travel to Sanaa on Thursday to meet Houthi leaders": the journey's end is where the meeting is.
WARS = frozenset({"war", "campaign", "conflict", "offensive", "invasion", "crisis", "insurgency", "occupation", "blockade", "siege"})
AREAS = frozenset({"regency", "municipality", "commune", "prefecture", "island", "suburb", "enclave", "locality", "community"})
# Nouns that call a name a place: "the city of Rafah", "the Tillaberi region".
SETTLEMENTS = AREAS | {"city", "town", "village", "province", "district", "region", "governorate", "state", "county", "township"}
MOTION_VERBS = frozenset({"travel", "fly", "head", "go", "come", "arrive", "return", "visit"})


HELD = {"hold", "host", "convene", "stage", "organise", "organize"}
SCHEDULED = {"schedule", "set", "slate", "plan", "expect"}


def place_of(
    head: Token, actors: ArticleActors, nouns: set[str] | frozenset[str] = frozenset(), preps: frozenset[str] = PLACE_PREPS
) -> Place | None:
    """The most specific GPE, LOC or FAC under a locative preposition of `head` (a city over a country)."""
    found: list[str] = []
    owners: list[str] = []  # "Istanbul's" in "in Istanbul's Dolmabahce Palace"
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in ("relcl", "advcl", "ccomp", "conj", "nsubj", "nsubjpass") and token is head:
                continue
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    # "talks on Tehran's programme in Muscat": an owner is no place
                    named = [_entity(t) for t in pobj.subtree if _is_place(t) and t.dep_ != "poss" and _located(t, pobj)]
                    owners += [_entity(t) for t in pobj.subtree if _is_place(t) and t.dep_ == "poss"]
                    found += named or _capital_of(pobj)
            if child.dep_ == "dobj" and token is head and head.lemma_ in STRUCK | {"visit"}:  # "missiles hit Kharkiv", "visit Lima"
                found += [_entity(t) for t in child.subtree if _is_place(t) and t.dep_ != "poss" and _located(t, child)]
            if (child.dep_ == "prep" and child.lower_ == "from") or child.lemma_ in WARS:
                continue  # "missiles fired from a submarine in the Black Sea", "over the war in Gaza": not where it hit
            titled = child.dep_ == "appos" and child.ent_type_ == "PERSON"  # "with UN envoy Hanna Tetteh in Benghazi"
            listed = child.dep_ == "conj" and token.dep_ == "pobj" and token is not head  # "with X and Y at the White House"
            # "the talks held in Pretoria", "a meeting scheduled to be held in Kuala Lumpur"
            held = child.dep_ == "acl" and child.lemma_ in HELD | SCHEDULED and token is head or (
                child.dep_ == "xcomp" and child.lemma_ in HELD and token.dep_ == "acl" and token.head.i == head.i)
            if child.dep_ in ("prep", "pobj", "dobj", "npadvmod", "acomp", "agent") or child.lower_ in nouns or titled or listed or held:
                stack.append(child)
    where = head.head  # "flew to Islamabad, where he held talks"
    called = where.ent_type_ in ("GPE", "LOC", "FAC") or (where.pos_ == "PROPN" and where.ent_type_ in ("PERSON", "ORG", ""))
    if head.dep_ == "relcl" and any(c.lower_ == "where" for c in head.children) and called:  # "reach Kalo, where": a place
        start = where.i
        while where.doc[start].ent_iob_ == "I":
            start -= 1
        found.append(_entity(where.doc[start]))
    if not found and head.dep_ in ("advcl", "xcomp", "conj") and head.head.lemma_ in MOTION_VERBS | {"be"}:  # "arrived in Cairo and met"
        return place_of(head.head, actors, nouns, preps)
    if not found and head.dep_ == "pcomp" and head.head.lower_ in ("after", "following"):  # "In Lima, X said after meeting Y"
        return place_of(head.head.head, actors, nouns, preps)
    if not found and head.dep_ == "relcl" and where.ent_type_ == "DATE" and where.head.dep_ == "prep":
        return place_of(where.head.head, actors, nouns, preps)  # "flew to Oslo on Friday, where he met": the parse hangs it on the day
    came = [c for s in head.children if s.dep_ == "nsubj" for c in s.children if c.dep_ == "relcl" and c.lemma_ in MOTION_VERBS]
    if not found and came:  # "X, who arrived in Oslo on Friday, met Y"
        return place_of(came[0], actors, nouns, preps)
    if not found:
        return None
    return _best(found, owners)


def _located(token: Token, phrase: Token) -> bool:
    return not _beside(token, phrase) and not _kind_of(token) and phrase.lemma_ not in WARS  # not "in the war in Gaza"


def _kind_of(token: Token) -> bool:
    """ "in the Astana format", "under the Minsk agreements": a place's name naming a kind of thing, not where."""
    head = token
    while head.dep_ == "compound" and head.head.ent_iob_ == "I" and head.head.ent_type_ == token.ent_type_:
        head = head.head  # the last word of the name: "Nur" -> "Sultan"
    noun = head.head
    return head.dep_ == "compound" and noun.pos_ == "NOUN" and noun.lemma_ not in PLACE_NOUNS | BUILDINGS | AREAS


def _beside(token: Token, phrase: Token) -> bool:
    """ "near the border with Turkey", "the road from Kabul": a place the phrase is measured from, not in; "in
    a meeting organized by the Organization of ... in Europe": a place inside a clause of its own."""
    while token.i != phrase.i and token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.lower_ in ("with", "from", "between"):
            return True
        if token.dep_ in ("agent", "acl", "relcl"):
            return True
        token = token.head
    return False


def _capital_of(noun: Token) -> list[str]:
    """'in the Omani capital', 'in Yemen's capital': the capital the gazetteer knows."""
    if noun.lower_ != "capital":
        return []
    g = gazetteer()
    owners = [g.demonym(c.text) or g.country(c.text) for c in noun.children if c.dep_ in ("amod", "poss", "compound")]
    return [country.capital for country in owners if country and country.capital]


def _is_place(token: Token) -> bool:
    """The first word of a place name: tagged as one, or a known city the recogniser took for someone
    ("travel to Sanaa", tagged PERSON)."""
    if token.ent_iob_ != "B":
        return token.ent_iob_ == "O" and (_untagged_city(token) or _only_where(token))
    if token.ent_type_ in ("GPE", "LOC", "FAC") or _named_as_place(token) or (token.ent_type_ in ("PERSON", "ORG") and _only_where(token)):
        return True
    if token.ent_type_ == "ORG" and {w.lower() for w in _entity(token).split()} & BUILDINGS:
        return True  # "at the State House", "at Villa Rosa", tagged as bodies
    described = [c.lemma_ for t in token.doc[token.i : token.i + len(_entity(token).split())] for c in t.children if c.dep_ == "appos"]
    if any(d in PLACE_NOUNS or d in AREAS for d in described):
        return True  # "in Nduga, a mountainous regency", tagged as a body
    if (token.head.lower_ == "to" and token.head.head.lower_ == "according") or described:
        return False  # "according to Hamilton, a UN spokesman": a person with a city's name
    name = _entity(token)
    return name in gazetteer().cities or fold(name) in gazetteer().capitals


def _untagged_city(token: Token) -> bool:
    """ "Russian missiles hit Kharkiv": a known city's one-word name the recogniser left untagged."""
    doc = token.doc
    alone = all(0 <= i < len(doc) and doc[i].pos_ != "PROPN" or not 0 <= i < len(doc) for i in (token.i - 1, token.i + 1))
    return token.pos_ == "PROPN" and token.is_title and alone and token.text in gazetteer().cities


def _only_where(token: Token) -> bool:
    """ "killed seven villagers in Kalo", "a raid near Kalo": a name the article gives only after "in" or "near"
    is a place, whether the recogniser took it for a person or left it untagged; a body only "near" or "outside"."""
    doc = token.doc
    preps = ("near", "outside") if token.ent_type_ == "ORG" else ("in", "near", "outside")
    size = len(_entity(token).split()) if token.ent_iob_ == "B" else 1
    run_on = token.ent_iob_ == "O" and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
    if token.pos_ != "PROPN" or not token.is_title or run_on:
        return False
    words = [t.text for t in doc[token.i : token.i + size]]
    for t in doc:
        last = doc[min(t.i + size, len(doc)) - 1]
        if [w.text for w in doc[t.i : t.i + size]] == words and not (
            last.dep_ == "pobj" and last.head.lower_ in preps and not any(c.dep_ == "case" for c in last.children)
        ):
            return False
    return True


def _named_as_place(token: Token) -> bool:
    """ "the southern city of Rafah", "Niger's Tillaberi region": a name the text calls a place, whatever the
    recogniser tagged it."""
    last = token.doc[token.i + len(_entity(token).split()) - 1] if _entity(token) else token
    if last.dep_ == "pobj" and last.head.lower_ == "of":
        return last.head.head.lemma_ in SETTLEMENTS
    return last.dep_ == "compound" and last.head.lemma_ in SETTLEMENTS and last.head.is_lower


def venue(noun: Token) -> Place | None:
    """ "The Brasilia summit", "the Astana talks": a city named on a meeting is where it meets; a country so
    named is what it is about ("the Libya summit")."""
    g = gazetteer()
    for child in noun.children:
        if child.dep_ == "compound" and child.ent_type_ == "GPE" and g.country(_entity(child)) is None:
            name = _entity(child)
            if name in g.cities or fold(name) in g.capitals:
                return _best([name], [])
    return None


def _entity(token: Token) -> str:
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    text = doc[token.i : end].text
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.removesuffix("'s").removesuffix("’s")


def _best(names: list[str], owners: list[str]) -> Place:
    """A named city or district beats a country; the wider place named with it ("at the President Hotel in
    Moscow", "in Istanbul's Dolmabahce Palace") is kept as where it lies."""
    g = gazetteer()
    ranked = sorted(names, key=lambda n: (g.country(n) is not None, names.index(n)))
    name = ranked[0]
    country = g.country(name) or g.city_country(name)
    within = next((n for n in [*owners, *ranked[1:]] if n != name and g.country(n) is None), None)
    return Place(name, slug(country.name) if country and fold(country.name) != fold(name) else None, within)
