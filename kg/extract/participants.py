"""Who took part in a meeting: the actors under a trigger's roles, and the cue sentences that name them
("the delegation was led by X", "X chaired the talks", "in attendance were X and Y")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.names import LOCATIVE, OFFICES, in_title
from kg.extract.sentences import sentence_of, text_of
from kg.extract.triggers import AGREEMENT_KINDS as KINDS
from kg.extract.triggers import CUE_VERBS
from kg.extract.triggers import MEETING_NOUNS as NOUNS

# Who a side sends: "Egyptian and Qatari mediators were working ..." joins the talks just reported.
SIDE_NOUNS = {"mediators", "mediator", "envoys", "envoy", "delegation", "delegations", "delegates", "negotiators", "diplomats"}
# "the sides met", "the two delegations held talks": the sides already named, or those the sentence names.
SIDES = {"sides", "delegations", "parties", "leaders", "teams", "negotiators", "men", "countries"}
TEAMS = SIDE_NOUNS | SIDES | {"team"}  # who a side sends or is, as a subject: "the delegation included X"
SKIP_DEPS = {"relcl", "appos", "advcl", "parataxis", "ccomp"}  # clauses of their own: who is named there is not a role
SENT_BY = OFFICES | {"administration", "official", "officials", "aide", "aides", "emissary"}
PRESENCE_VERBS = {"attend", "take", "participate", "join"}


GUESTS = TEAMS | OFFICES | {"counterpart", "counterparts", "president", "minister", "leader", "king", "prince", "chancellor", "premier"}


def guest(verb: Token) -> bool:
    """ "received his Kenyan counterpart", "welcomed Modi": someone came; "received weapons from X", "welcomed
    the deal": no one did."""
    if any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children):
        return False
    return any(c.dep_ == "dobj" and (c.ent_type_ in ("PERSON", "NORP", "ORG") or c.lower_ in GUESTS) for c in verb.children)


def subjects(verb: Token) -> list[Token]:
    """Subjects of a verb, climbing through "set to", "expected to", "agreed to", "due to", "likely to" and
    shared conjuncts."""
    token = verb
    for _ in range(4):
        subj = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and token.dep_ == "relcl" and subj[0].lower_ == "who":  # "Fidan, who chaired the talks"
            first = token.head
            while first.dep_ == "conj" and first.head.i < first.i:
                first = first.head  # "hosted A and B, who met earlier": both
            return [first, *first.conjuncts]
        if subj:
            return subj + [c for s in subj for c in s.conjuncts]
        if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("PROPN", "NOUN"):
            if token.head.dep_ == "attr":  # "X was the highest-ranking official to attend": X
                return [c for c in token.head.head.children if c.dep_ == "nsubj"] or [token.head]
            return [token.head]  # "with Blinken set to meet ..."
        if token.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and token.head.i != token.i:
            token = token.head
        elif token.dep_ == "pcomp" and token.head.dep_ == "prep":
            token = token.head.head  # "X told reporters after meeting Y": X met Y
        else:
            break
    # No subject parsed ("Diplomats from Cuba and Norway, two of the countries ..., attended"): the noun
    # phrase the sentence opens with, up to its first comma.
    sent = sentence_of(verb.doc, verb.i)
    opening = next((t for t in sent if t.is_punct and t.text == ","), None)
    if opening is not None and opening.i < verb.i and sent[0].pos_ in ("NOUN", "PROPN", "ADJ", "DET"):
        words = sent.doc[sent.start : opening.i]
        if not any(t.pos_ in ("VERB", "AUX") for t in words):
            return [words.root]
    return []


def actors_under(token: Token, actors: ArticleActors, skip_relcl: bool = True) -> list[str]:
    keys = []
    for t in _subtree(token, skip_relcl):
        mention = actors.at(t) or (actors.pronoun(t) if t.tag_ == "PRP" else None)
        if mention is None or mention.key in keys:
            continue
        span = actors.doc[mention.start : mention.end]
        if not in_title(span) and not _sender(span.root, mention.key, actors):
            keys.append(mention.key)
    return keys


def _sender(token: Token, key: str, actors: ArticleActors) -> bool:
    """ "A Trump administration official", "Trump's envoy": someone sent, not the person who sent them."""
    head = token.head
    return token.dep_ in ("compound", "poss") and head.lower_ in SENT_BY and not head.ent_type_ and actors.type_of(key) == "Person"


def _subtree(token: Token, skip_relcl: bool) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or not token.ent_type_):
            # "X's minister, Adel al-Jubeir,": the person; "the guarantor states (Iran, Russia, Turkey)": the members
            out += _subtree(child, skip_relcl)
            continue
        if child.dep_ in SKIP_DEPS and skip_relcl and child.lemma_ not in ("lead", "include", "head"):
            continue
        if child.dep_ == "prep" and child.lower_ in LOCATIVE - {"from"}:
            continue
        if child.dep_ == "prep" and child.lower_ in ("on", "about", "over", "after", "before", "during", "amid", "ahead"):
            continue
        out += _subtree(child, skip_relcl)
    return out


def cue_participants(sent: Span, actors: ArticleActors) -> list[str]:
    """'The delegation was led by X', 'envoys from A, B and C are expected to brief the group'. Not from a
    sentence that says who was not there ("X's government, led by Y, was not invited")."""
    keys: list[str] = []
    if negated(sent.root):
        return keys
    for token in sent:
        if token.dep_ in ("acl", "relcl") and token.head.lower_ in KINDS:
            continue  # "the truce, mediated by Egypt": the agreement's mediators, not the meeting's
        if token.pos_ == "VERB" and cue(token) and not negated(token):
            roles = [c for c in token.children if c.dep_ in ("dobj", "agent")] + subjects(token)
            # "chaired by X, with Y serving as his deputy"
            roles += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children if p.dep_ == "pobj"]
            for role in roles:
                keys += [k for k in actors_under(role, actors) if k not in keys]
            listed = [a for a in token.children if a.dep_ == "agent"] + ([token] if token.lemma_ == "include" else [])  # "included A, B"
            keys += [k for agent in listed for k in _listed_after(agent, actors) if k not in keys]
        for role in _named_or_present(token):
            keys += [k for k in actors_under(role, actors) if k not in keys]
        hosted = token.head.lemma_ in ("have", "with") and not negated(token.head)  # not "rejected it over the participation of X"
        if token.lower_ == "participation" and hosted:  # "will have the participation of A (Peru), B (Chile)"
            keys += [k for of in token.children if of.lower_ == "of" for k in _listed_after(of, actors) if k not in keys]
        if _membership(token):
            keys += [k for k in _listed_after(token, actors, ends=LIST_ENDS - {";"}) if actors.type_of(k) == "Person" and k not in keys]
    for mention in actors.in_span(sent.start, sent.end):
        span = actors.doc[mention.start : mention.end]
        if in_title(span):
            continue  # "UN envoy Hans Grundberg": the person, not his employer
        if mention.kind == "demonym" and span[-1].lower_ in SIDE_NOUNS and mention.key not in keys:
            keys.append(mention.key)
        elif any(_role_at_talks(c) for c in span.root.children if c.dep_ == "appos") and mention.key not in keys:
            keys.append(mention.key)  # "X, the Malaysian facilitator for the talks", "Y, chief of the Thai delegation"
        elif span.root.head.lower_ in SIDE_NOUNS and span.root.dep_ in ("amod", "compound", "conj") and mention.key not in keys and (
            holder(span.root.head).i == span.root.head.i
        ):
            keys.append(mention.key)
    return keys


ROLES = SIDE_NOUNS | {"facilitator", "chief", "head", "leader", "host"}


def _role_at_talks(role: Token) -> bool:
    """ "the facilitator for the peace talks", "chief of the Thai delegation": a part in the talks."""
    if role.lemma_ not in ROLES and role.lower_ not in ROLES:
        return False
    phrases = [p for p in role.children if p.dep_ == "prep" and p.lower_ in ("for", "of", "at", "to", "in")]
    return any(t.lower_ in NOUNS or t.lower_ in SIDE_NOUNS for p in phrases for t in p.subtree)


def holder(role: Token) -> Token:
    """ "met with U.S. Special Envoy to the Horn of Africa, Mike Hammer": an office with its holder named right
    after it, however it parses, is the holder."""
    if role.lower_ not in OFFICES or any(t.ent_type_ == "PERSON" for t in role.subtree):
        return role
    owned = {t.i for c in role.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}  # "the envoy of X"
    for token in role.doc[role.i + 1 : min(role.i + 10, role.sent.end - 1)]:
        if token.pos_ in ("VERB", "AUX") or token.i in owned:
            break
        if token.ent_iob_ == "B" and token.ent_type_ == "PERSON":
            return token
    return role


MEMBERSHIP = {"compose", "comprise", "consist"}  # "the delegation was composed of A; B; and C"
LIST_ENDS = {"who", "which", "where", "while", "whereas", "but", "per", "according", "said", "told", ";", ":"}


def _listed_after(agent: Token, actors: ArticleActors, ends: set[str] = LIST_ENDS) -> list[str]:
    """ "attended by A, B, Minister of Construction and Public Works C and D": a long list of titles often
    parses into pieces, so every name from "by" to the end of the list counts."""
    keys: list[str] = []
    for token in agent.doc[agent.i + 1 : agent.sent.end]:
        verb = token.pos_ in ("VERB", "AUX") and token.is_lower and not token.nbor(-1).is_title  # "Public works" is a title
        if token.lower_ in ends or token.dep_ == "mark" or verb:
            break  # "chaired by X, focused on Y": the list ends where a new predicate begins
        mention = actors.at(token)
        up = actors.doc[mention.start : mention.end].root.ancestors if mention else iter(())
        served = any(a.i > agent.i and a.dep_ == "prep" and a.lower_ in ("to", "of") and a.head.pos_ == "NOUN" for a in up)  # "aide to X"
        if mention and mention.key not in keys and not in_title(actors.doc[mention.start : mention.end]) and not served:
            keys.append(mention.key)
    return keys


def _membership(token: Token) -> bool:
    """ "The delegation was composed of A; B; and C", "the team was made up of ...": a side's members, listed
    with their titles, often split by semicolons that the parser cannot join."""
    if token.pos_ != "VERB" or not (token.lemma_ in MEMBERSHIP or token.lemma_ == "make" and any(c.lower_ == "up" for c in token.children)):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in TEAMS for c in token.children)


def _named_or_present(token: Token) -> list[Token]:
    """ "X was also present", "in attendance were X and Y", "in the presence of X"; "the other negotiators were named as A, B and C"."""
    if token.lower_ == "present" and token.dep_ == "acomp" and not negated(token.head):
        return [c for c in token.head.children if c.dep_ == "nsubj"] + _as_well_as(token)
    if token.lower_ == "attendance" and token.head.lower_ == "in" and token.head.head.lemma_ == "be":  # "In attendance were X, Y"
        return [c for c in token.head.head.children if c.dep_ in ("nsubj", "attr")]
    if token.lower_ == "presence" and token.head.lower_ == "in" and not negated(token.head.head):  # "in the presence of X"
        return [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    if token.lemma_ == "name" and token.pos_ == "VERB" and any(c.dep_ == "nsubjpass" and c.lower_ in SIDE_NOUNS for c in token.children):
        return [p for c in token.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children if p.dep_ == "pobj"]
    return []


def _as_well_as(token: Token) -> list[Token]:
    """ "X was also present at the summit, as well as observers from Y and Z": the noun after "as well as",
    wherever the parser hung it."""
    sent, doc = token.sent, token.doc
    for i in range(token.i + 3, sent.end):
        if doc[i - 3 : i].text.lower() == "as well as":
            return [next((t for t in doc[i : sent.end] if t.pos_ in ("NOUN", "PROPN")), doc[i])]
    return []


def cue(verb: Token) -> bool:
    """A verb that says who took part: "led", "chaired", "attended", "took part" (not "took control"), "the
    delegation included"."""
    if verb.lemma_ == "take":
        return any(c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)
    if verb.lemma_ == "include":  # "the delegation included X", not "the agenda included the withdrawal"
        head = verb.head if verb.dep_ == "conj" and cue(verb.head) else verb  # "talks, which were led by X and included Y"
        subject = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        before = verb.doc[verb.sent.start - 1].sent.root if verb.sent.start else verb  # "The delegation is led by X. It also includes Y"
        team = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in TEAMS for c in before.children)
        return any(c.lower_ in TEAMS | NOUNS or (c.lower_ == "which" and head is not verb) or (c.lower_ == "it" and team) for c in subject)
    return verb.lemma_ in CUE_VERBS


REFUSALS = {"refuse", "decline", "reject", "fail"}


def negated(verb: Token) -> bool:
    """ "was not invited", "did not attend", "refused to sit or meet": what the verb says did not happen."""
    wanted = verb.head if verb.dep_ == "conj" and verb.head.dep_ == "xcomp" else verb
    return any(c.dep_ == "neg" for c in verb.children) or (wanted.dep_ == "xcomp" and wanted.head.lemma_ in REFUSALS)


def told_apart(sent: Span) -> bool:
    """A quote, or a sentence of other talks ("will lead the delegation during talks with the Russian side"),
    adds no one to the meeting told before; far on, only a cue verb does."""
    if text_of(sent).lstrip()[:1] in "\"“":  # '"...," warned X, flanked by Y': only what is outside the quote counts
        closing = [t.i for t in sent[1:] if t.text in ("”", '"')]
        return not any(t.pos_ == "VERB" and cue(t) for t in sent if closing and t.i > closing[0])
    bare = [t for t in sent if t.lower_ in NOUNS and not any(c.dep_ in ("det", "poss") for c in t.children)]
    return any(c.lower_ in ("with", "between") for t in bare for c in t.children)
