"""Meetings: who met whom, where, when, and whether it happened or is planned.

A meeting is read from a trigger (a verb such as "met", "convene", "held talks", or a noun such as
"talks", "summit", "session") and the actors in the trigger's roles: its subjects, its objects, its
"with" and "between" phrases, and who "led" a side. Later sentences that say who led, headed, chaired,
attended or briefed the talks add to the meeting before; mentions that agree on place and date merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.dates import latest_date, resolve
from kg.extract.gazetteer import gazetteer
from kg.extract.names import in_title
from kg.extract.occasions import REPORT_VERBS, TIME_PREPS, governing, journey_before, own_words, phrases
from kg.extract.participants import (
    PRESENCE_VERBS,
    SIDES,
    TEAMS,
    actors_under,
    cue,
    cue_participants,
    guest,
    holder,
    negated,
    subjects,
    told_apart,
)
from kg.extract.places import place_of, venue
from kg.extract.sentences import evidence_of, is_headline, sentences, text_of
from kg.extract.triggers import AGREEMENT_KINDS
from kg.extract.triggers import MEETING_NOUNS as NOUNS
from kg.extract.triggers import MEETING_VERBS as VERBS
from kg.keys import slug
from kg.model import Article, Evidence, Meeting, Place

# Verbs that make a talks noun a concrete meeting even without place or date.
EVENT_VERBS = {"hold", "begin", "start", "open", "conclude", "wrap", "resume",
               "attend", "join", "host", "chair", "launch", "end", "convene", "involve"}
MEMBERS = {"leaders", "heads", "ministers", "members", "chiefs", "representatives", "envoys", "presidents"}
PLURAL_SUBJECTS = {"they", "both", "two"}
FUTURE = {"expect", "set", "schedule", "due", "likely", "poised", "slate", "plan", "agree", "hope", "intend",
          "prepare", "will", "would", "shall", "going", "offer", "to"}
SPORTS = {"soccer", "football", "cricket", "rugby", "match", "qualifier", "tournament", "championship", "olympics", "fixture"}
INTENT_VERBS = {"agree", "hope", "intend", "prepare", "offer", "plan"}
GROUPED = {"the", "both", "two", "three", "four", "their", "all"}  # "the two sides", "both delegations", "the three countries"
EARLIER = {"last", "previous", "earlier", "prior", "past", "former"}
FUTURE_MODIFIERS = {"next", "upcoming", "forthcoming", "planned", "coming", "proposed", "future"}


@dataclass
class _Draft:
    participants: list[str]
    status: str
    evidence: list[Evidence]
    place: Place | None
    date: str | None
    anaphoric: bool
    sent_index: int  # the last sentence that added to it, for cues that follow
    extra: list[str] = field(default_factory=list)
    first_index: int = -1  # the sentence it was read from, for merging
    attends: bool = False  # "X will also attend the talks": who is at a meeting told before, whatever the tense
    other: bool = False  # "the last talks", "the previous round": a meeting other than those told before

    def __post_init__(self) -> None:
        self.first_index = self.sent_index


def extract_meetings(doc: Doc, article: Article, actors: ArticleActors) -> list[Meeting]:
    merged = _merge(_drafts(doc, article, actors))
    sents = sentences(doc)
    lead = [i for i, s in enumerate(sents) if not is_headline(s, article) and len(s) > 4][:2]
    out = []
    for m in merged:
        keys = list(dict.fromkeys(m.participants + m.extra))
        if len(keys) < 2:
            continue
        if m.date is None and m.status == "held" and article.published and not _earlier(m, article.published):
            if m.first_index in lead or _of_the_day(m.first_index, sents, lead, article.published):
                m.date = article.published.isoformat()  # the lead reports the day's news: "the sides met in Istanbul"
        m.place = _datelined(m.place, article.dateline)
        out.append(Meeting(tuple(sorted(keys)), m.status, tuple(m.evidence), m.place, m.date))
    return out


def _datelined(place: Place | None, dateline: str | None) -> Place | None:
    """ "PANAMA CITY, Panama (AP) — Obama and Castro met in Panama": the dateline's city, where the text gives
    only the country it lies in."""
    g = gazetteer()
    country = g.country(place.name) if place and dateline else None
    if country is None or dateline is None or g.city_country(dateline) != country:
        return place
    return Place(dateline, slug(country.name))


def _of_the_day(index: int, sents: tuple[Span, ...], lead: list[int], published: date) -> bool:
    """ "Lebanon and Israel signed the deal Thursday. ... Delegations then traveled to Naqoura to meet X": a
    lead that tells the day's news dates the undated meetings told right after it, until another date."""
    days = [resolve(text_of(sents[i]), published, False) for i in lead]
    if published.isoformat() not in days or not lead or index - lead[-1] > 2:
        return False
    return all(resolve(text_of(sents[i]), published, False) in (None, published.isoformat()) for i in range(lead[0], index + 1))


OLDER_NEWS = ("had met", "had held", "previously", "ago", "last week", "last month", "last year", "earlier this", "recently")


def _earlier(m: _Draft, published: date) -> bool:
    """The lead's meeting may be older news: "had met", "previously", or the sentence states a date that
    is not the meeting's ("launched on the eve of the anniversary of the October 7, 2023 attack")."""
    text = m.evidence[0].text.lower()
    dated = resolve(m.evidence[0].text, published, False) is not None
    return dated or any(w in text for w in OLDER_NEWS)


def _drafts(doc: Doc, article: Article, actors: ArticleActors) -> list[_Draft]:
    """Every meeting mention, with the cue sentences after it that add who took part."""
    drafts: list[_Draft] = []
    for index, sent in enumerate(sentences(doc)):
        if is_headline(sent, article):
            continue  # a headline restates the story's meeting in title case, which parses poorly
        found = False
        for trigger in _triggers(sent):
            previous = next((d for d in reversed(drafts) if len(d.participants + d.extra) >= 2), None)  # whom "they" means
            draft = _read(trigger, sent, index, article, actors, previous)
            if draft:
                if not found:  # "X carried messages between the delegations ... as the session wound down"
                    draft.extra += [k for k in cue_participants(sent, actors) if k not in draft.participants]
                drafts.append(draft)
                found = True
        close = bool(drafts) and index - drafts[-1].sent_index <= 2
        if not found and drafts and not told_apart(sent) and (close or any(t.pos_ == "VERB" and cue(t) for t in sent)):
            added = cue_participants(sent, actors)
            team = any(t.lower_ in TEAMS and t.dep_ in ("nsubj", "nsubjpass") for t in sent)  # "Islamabad's delegation, led by X"
            near = close or team or any(set(added) & set(d.participants + d.extra) for d in drafts)
            if added and near:  # close by, or of a side already there: "Araghchi's team included X"
                target = _cue_target(drafts, sent)
                target.extra += added
                target.sent_index = drafts[-1].sent_index = index
    return drafts


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Mentions of one meeting as one, keeping the first mention's status and the finest place."""
    merged: list[_Draft] = []
    for draft in drafts:
        candidates = [m for m in reversed(merged) if _same(m, draft)]
        alike = [m for m in merged if m.status == draft.status]
        if draft.attends and not candidates and len(merged) == 1:
            alike = merged
        same_place = not draft.place or bool(alike and alike[0].place and _nested(alike[0].place, draft.place))
        if not candidates and draft.anaphoric and len(alike) == 1 and not draft.date and same_place:
            candidates = alike  # "the meeting" (or "the Doha talks") far on, in an article that tells of one
        # of the mentions it may retell: one of its status, then the one sharing most of its participants, then the latest
        shared = {id(m): len(set(m.participants + m.extra) & set(draft.participants + draft.extra)) for m in candidates}
        target = max(candidates, key=lambda m: (m.status == draft.status, shared[id(m)]), default=None)
        if target is None:
            merged.append(draft)
            continue
        target.participants += [p for p in draft.participants if p not in target.participants]
        target.extra += draft.extra
        target.place = _finer(target.place, draft.place)
        target.sent_index = max(target.sent_index, draft.sent_index)  # "the meeting" two sentences on refers here
        target.date = target.date or draft.date
        target.evidence += draft.evidence
    return merged


def _cue_target(drafts: list[_Draft], sent: Span) -> _Draft:
    """The meeting a "was led by X" sentence speaks of: of the meetings the last sentence told, the first
    whose status fits the tense ("held talks and agreed to meet again. The delegation was led by X")."""
    last = [d for d in drafts if d.first_index == drafts[-1].first_index]
    past = sent.root.tag_ in ("VBD", "VBN") or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in sent.root.children)
    return next((d for d in last if (d.status == "held") == past), drafts[-1])


def _triggers(sent: Span) -> list[Token]:
    found = []
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_ in VERBS:
            if token.lemma_ == "speak" and not any(
                c.lower_ in ("again", "over") or c.dep_ == "prep" and c.lower_ == "with" for c in token.children
            ):
                continue
            if token.lemma_ == "sit" and not {"down", "with"} <= {c.lower_ for c in token.children}:
                continue  # "sat down with": a meeting; "sat in separate rooms": none
            if token.lemma_ == "sign" and not _signed_together(token):
                continue
            if token.lemma_ == "host" and any(t.lemma_ in SPORTS for t in sent):
                continue  # "the national team was hosting Sweden in a qualifier": a match
            if token.lemma_ in ("receive", "welcome") and not guest(token):
                continue  # "received weapons from", "welcomed the agreement": a reception needs a guest
            if token.lemma_ == "bring" and not any(c.lower_ == "together" for c in token.children):
                continue  # "brought his counterparts together": a meeting they were brought to
            found.append(token)
        elif _meeting_noun(token):
            through = token.head.head if token.head.dep_ == "prep" else token.head  # "met at the G20 summit"
            verbs = {t.i for t in found if t.lemma_ != "sign"}  # "signed at the talks held in Pretoria": the talks
            if token.head.i in verbs or through.i in verbs or (token.head.lemma_ in VERBS and token.head.lemma_ != "sign"):
                continue  # "meet for talks": one trigger
            found.append(token)
    return found


def _meeting_noun(token: Token) -> bool:
    """ "talks", "the summit", and "a sit-down", which the tokenizer cuts into "sit", "-", "down"."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return token.lower_ in NOUNS or (token.lower_ == "down" and any(c.lower_ == "sit" for c in token.children))


def _signed_the(verb: Token) -> bool:
    """ "X signed the deal along with Y": the signing the article told before, by its agreement."""
    return verb.lemma_ == "sign" and any(
        c.dep_ == "dobj" and c.lower_ in AGREEMENT_KINDS and any(d.lower_ in ("the", "this") for d in c.children) for c in verb.children
    )


def _signed_together(verb: Token) -> bool:
    """ "X and Y signed the accord in Pretoria", "signed agreements with Israel at a ceremony at the White
    House": a signing told with its place is a meeting of those who signed. So is one of two people named
    as co-signers ("Paz and Vidal have signed a declaration", "Salas signed the deal along with Mendez");
    not an agreement's history ("the accord, signed by A and B in 2019")."""
    places = [p for c in verb.subtree if c.dep_ == "prep" and c.lower_ in ("in", "at") for p in c.subtree]
    if any(p.ent_type_ in ("GPE", "FAC") or p.lemma_ == "ceremony" for p in places):
        return True
    if verb.dep_ in ("acl", "relcl") or any(c.dep_ == "auxpass" for c in verb.children):
        return False
    joined = verb.head if verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_ in ("join", "accompany") else None
    signers = [s for s in (joined or verb).children if s.dep_ == "nsubj" or (joined and s.dep_ == "dobj")]
    signers += [c for s in signers for c in s.conjuncts] + [o for w in _alongside(verb) if w.lower_ == "with" for o in w.children]
    return sum(s.ent_type_ == "PERSON" for s in signers) >= 2  # people sign side by side; states may sign apart


def _alongside(head: Token) -> list[Token]:
    """The "with" of "together with X" and "along with X", as well as a plain "with X"."""
    preps = [c for c in head.children if c.dep_ == "prep"]
    return preps + [w for c in preps if c.lower_ in ("along", "together") for w in c.children if w.dep_ == "prep"]


def _clause_verb(trigger: Token) -> Token:
    """The verb a noun trigger hangs from ("held talks", "the talks concluded"), or the trigger itself."""
    token = trigger
    while (
        token.pos_ not in ("VERB", "AUX")
        and token.head.i != token.i
        and token.dep_ in ("dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "compound", "conj")
    ):
        if token.dep_ == "prep" and token.lower_ in TIME_PREPS:
            return trigger  # "after discussions in Cairo, X did Y": the talks are only a time
        if token.head.lemma_ in REPORT_VERBS and token.dep_ in ("dobj", "nsubj"):
            return trigger  # "the US confirmed talks between the army and the RSF": who reports is not there
        if token.head.lemma_ in ("follow", "precede") and token.dep_ == "nsubj":
            return trigger  # "the talks followed clashes in Aleppo on Monday": the clashes' place and day
        token = token.head
    return token


def _read(trigger: Token, sent: Span, index: int, article: Article, actors: ArticleActors, previous: _Draft | None) -> _Draft | None:
    verb = _clause_verb(trigger)
    roles: list[Token] = list(subjects(verb))
    denied = negated(verb) and trigger not in roles
    if denied:
        roles = []  # "X was not invited to the talks", "X and Y did not meet": whoever the subject is, not there
    roles = [holder(r) for r in roles + _roles(trigger, verb)]
    keys: list[str] = []
    for role in roles:
        keys += [k for k in actors_under(role, actors) if k not in keys]
    if denied and not keys:
        return None  # nothing said of who was there: the sentence's other names are not guests either
    keys += [k for k in _sides(roles, sent, actors, previous) if k not in keys]
    other = any(c.lower_ in EARLIER for c in trigger.children)  # "the last UN-led talks": other talks
    anaphoric = any(c.lower_ in ("the", "this", "that", "these") for c in trigger.children) and trigger.pos_ == "NOUN" and not other
    anaphoric = anaphoric or _signed_the(trigger)
    # one side named, but a time and place to tell ("the government and armed groups signed in Juba on Monday"):
    # kept, so that "the signing ceremony" told later, with who else was there, has its meeting
    lone = (len(keys) == 1 or (not keys and trigger.lemma_ == "sign")) and trigger.pos_ == "VERB"  # "an accord signed in Doha"
    # "The two sides met in Geneva on Monday. X led the Peruvian delegation": the sides named after
    later = not keys and any(r.dep_ in ("nsubj", "nsubjpass") and _plural(r) for r in roles)
    if len(keys) < 2 and not anaphoric and not lone and not later and not (keys and _members_met(trigger, roles)):
        return None
    scope = own_words(verb, trigger)
    concrete = trigger.pos_ == "VERB" or verb.lemma_ in EVENT_VERBS or verb.lemma_ in VERBS
    if not concrete and not anaphoric and not resolve(scope, article.published, False) and not place_of(verb, actors, nouns=NOUNS):
        return None  # "negotiations seem to be gaining traction": talk about talks, no meeting
    future = _is_future(trigger, verb)
    status = "planned" if future else "held"
    stated = None if article.published else latest_date(article.body)
    when = resolve(scope, article.published, future, stated) or resolve(governing(verb), article.published, future, stated)
    # the talks' own "in X" first: "deliverables emerging from the summit in Geneva"
    own = (place_of(trigger, actors, nouns=NOUNS) or venue(trigger)) if trigger.pos_ != "VERB" else None
    place = _finer(own, place_of(verb, actors, nouns=NOUNS))
    journey = journey_before(verb) if trigger.pos_ == "VERB" or verb.pos_ == "VERB" else None
    if journey is not None and not (place and when):  # "X arrived in Oslo on Friday. He met Y"
        place = place or place_of(journey, actors)
        when = when or resolve(phrases(journey), article.published, future, stated)
    if lone and not (place and when) or later and not (place or when):
        return None
    evidence = evidence_of(sent, f"meetings.{'verb' if trigger.pos_ == 'VERB' else 'noun'}")
    return _Draft(keys, status, [evidence], place, when, anaphoric, index, attends=anaphoric and verb.lemma_ in PRESENCE_VERBS, other=other)


def _roles(trigger: Token, verb: Token) -> list[Token]:
    """The phrases of a trigger and its clause that name who takes part: objects, "with", "between", "of"
    and "from" phrases, hosts, owners, and who chaired, attended or took part."""
    roles: list[Token] = []
    for head in {trigger, verb}:
        for child in head.children:
            if child.dep_ in ("dobj", "attr", "agent") and child.i != trigger.i:
                roles.append(child)
            if child.dep_ == "npadvmod" and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and head is verb:
                roles.append(child)  # "met Luis Paz", the name parsed as an adverb
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and head is verb and verb.lemma_ == "be":
                roles.append(child)  # "At the ceremony were envoys of A, and envoys of B": the second list hung on "were"
            if child.dep_ in ("acl", "relcl") and cue(child):  # "the summit, chaired by X"
                roles += [c for c in child.children if c.dep_ in ("agent", "dobj")]
                if child.lemma_ in PRESENCE_VERBS:  # "talks, in which representatives of X took part"
                    roles += [c for c in child.children if c.dep_ == "nsubj"]
            if child.dep_ == "prep" and child.lower_ == "at":  # hosts: "at the African Union's headquarters"
                roles += [p for c in child.children if c.dep_ == "pobj" for p in c.children if p.dep_ == "poss"]
            if child.dep_ == "prep" and child.lemma_ in ("include", "involve"):  # "a meeting is under way, including the ministers of X"
                roles += [c for c in child.children if c.dep_ in ("pobj", "dobj")]
            if child.dep_ == "prep" and child.lower_ in ("along", "together"):  # "signed it along with X"
                roles += [c for w in _alongside(head) if w.head.i == child.i for c in w.children if c.dep_ == "pobj"]
            if child.dep_ == "prep" and child.lower_ in ("with", "between", "among", "of", "from"):  # "with allies and with X"
                roles += [c for p in (child, *child.conjuncts) for c in p.children if c.dep_ == "pobj"]
            if child.dep_ == "prep" and child.lower_ in ("in", "at") and head is verb:  # "met in Mexico City with X"
                roles += [p for c in child.children for w in c.children if w.dep_ == "prep" and w.lower_ == "with" for p in w.children]
            if child.dep_ == "prep" and child.lower_ in ("at", "under"):  # "at the behest of X", "under the auspices of Y"
                roles += [o for c in child.children if c.lower_ in CONVENING for w in c.children if w.lower_ == "of" for o in w.children]
            if child.dep_ in ("compound", "amod", "poss", "nmod") and head is trigger:
                roles.append(child)
            if child.dep_ == "prep" and child.lower_ in ("for", "in") and head is verb:
                for pobj in (c for c in child.children if c.dep_ == "pobj" and c.lower_ in NOUNS):
                    preps = [p for p in pobj.children if p.dep_ == "prep" and p.lower_ in ("with", "between")]
                    roles += [cc for p in preps for cc in p.children if cc.dep_ == "pobj"]
    if verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_ in ("join", "accompany"):  # "X joined Y to sign the accord"
        roles += [c for c in verb.head.children if c.dep_ == "dobj"]
    return roles


CONVENING = {"behest", "invitation", "initiative", "auspices", "aegis", "sponsorship", "mediation"}


def _sides(roles: list[Token], sent: Span, actors: ArticleActors, previous: _Draft | None) -> list[str]:
    """ "They previously met", "the sides met", "talks between the delegations": the participants of the
    meeting before, else the states and bodies the sentence itself names ("delegations from Russia and
    Ukraine ... as the sides met")."""
    sides = [r for r in roles if r.dep_ in ("nsubj", "nsubjpass", "pobj") and _plural(r) and not actors_under(r, actors)]
    if not sides:
        return []
    if previous:
        return previous.participants + previous.extra
    doc = actors.doc
    people = any(r.lower_ in ("leaders", "men", "presidents") for r in sides)  # "the two leaders met": the two people named
    for earlier in (sent, *reversed(sentences(doc)[max(0, _index(doc, sent) - 3) : _index(doc, sent)])):
        named = [m for m in actors.in_span(earlier.start, earlier.end) if (actors.type_of(m.key) == "Person") == people]
        keys = [m.key for m in named if not in_title(doc[m.start : m.end]) and not _aside(doc[m.start : m.end])]
        if len(keys) >= 2:
            return keys
    return []


def _plural(role: Token) -> bool:
    """ "the sides", "the two delegations", "ministers of the three countries": the sides of a meeting, told as one."""
    if role.lower_ in PLURAL_SUBJECTS or any(c.lower_ in PLURAL_SUBJECTS for c in role.children if c.dep_ == "nummod"):
        return True
    owners = [p for c in role.children if c.lower_ in ("of", "from") for p in c.children]
    return any(r.lower_ in SIDES and any(c.lower_ in GROUPED for c in r.children) for r in (role, *owners))


def _members_met(trigger: Token, roles: list[Token]) -> bool:
    """ "Leaders of the bloc met in Abuja": one body's members meeting, whom the sentences after name."""
    return trigger.pos_ == "VERB" and any(
        r.dep_ == "nsubj" and r.lower_ in MEMBERS and any(c.dep_ == "prep" and c.lower_ == "of" for c in r.children) for r in roles
    )


def _index(doc: Doc, sent: Span) -> int:
    return next(i for i, s in enumerate(sentences(doc)) if s.start == sent.start)


def _aside(span: Span) -> bool:
    """Named as a place ("in Istanbul"), as who reports ("Qatar's ministry confirmed") or as who brokers
    ("co-mediated by Turkey"): not one of "both countries"."""
    root = span.root.head if span.root.dep_ == "poss" else span.root
    brokered = any(a.dep_ == "agent" and a.head.lemma_ in ("mediate", "broker", "facilitate", "sponsor") for a in root.ancestors)
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "inside", "outside") or brokered or (
        root.dep_ == "nsubj" and root.head.lemma_ in REPORT_VERBS)


def _is_future(trigger: Token, verb: Token) -> bool:
    """Planned when the path from the trigger up to the root says so: "set to", "expected", "will", "agreed to"."""
    token, below = trigger, None
    for _ in range(6):
        # "agreed to meet", "agreed a new round of talks"; not "as an outcome of the talks, they agreed to X"
        intended = token.lemma_ not in INTENT_VERBS or below is None or below.dep_ in ("xcomp", "dobj", "ccomp")
        intended = intended or (below is not None and below.dep_ == "prep" and below.lower_ in ("on", "to", "upon"))
        if (token.lemma_ in FUTURE and token.pos_ != "ADP" and intended) or any(  # "will meet", "is due in Moscow for talks"
            c.dep_ in ("aux", "auxpass") and c.lemma_ in ("will", "shall", "would") or c.dep_ == "acomp" and c.lemma_ in FUTURE
            for c in token.children
        ):
            return True
        if token.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and token.head.lemma_ == "be":
            return True  # "is to meet"
        if token.dep_ == "pcomp" and token.head.lower_ in ("towards", "toward"):
            return True  # "work towards bringing Putin and Zelensky together": not yet
        if token.head.i == token.i or token.dep_ == "relcl":  # "flew to Islamabad, where he held talks": its own clause
            break
        if token.dep_ == "acl" and token.tag_ == "VBN":
            break  # "will abide by an agreement signed in Doha on Saturday": the signing is done
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("after", "since", "because", "as") for c in token.children):
            break  # "will convene a working group after the diplomats ended a meeting": that meeting was held
        token, below = token.head, token
    # "the next round", "a meeting expected by early June", "talks scheduled for May"
    return _dated_ahead(trigger) or any(
        c.lower_ in FUTURE_MODIFIERS or (c.dep_ == "acl" and c.lemma_ in FUTURE and c.pos_ == "VERB") for c in trigger.children
    )


def _dated_ahead(trigger: Token) -> bool:
    """ "The meeting in Singapore on Saturday is aimed at ...": a dated meeting told in the present tense is
    still to come; one held would be told in the past ("was aimed at")."""
    if trigger.pos_ != "NOUN" or trigger.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = trigger.head
    present = verb.tag_ in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in verb.children)
    past = any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have") for c in verb.children)  # "has ended"
    dated = any(t.ent_type_ == "DATE" for c in trigger.children if c.dep_ == "prep" for t in c.subtree)
    return present and not past and dated


def _finer(a: Place | None, b: Place | None) -> Place | None:
    """Of two mentions' places, the one the other lies in gives way: "Istanbul", then "Istanbul's palace"."""
    if a is None or b is None:
        return a or b
    return b if b.within == a.name or b.country == slug(a.name) else a


def _nested(a: Place, b: Place) -> bool:
    """The same place, or one inside the other: "Oman" and "Muscat", "Istanbul" and its palace."""
    return a.holds(b) or b.country == slug(a.name) or a.country == slug(b.name)


def _agree(a: _Draft, b: _Draft) -> bool:
    """No clash of place or date."""
    return not (a.place and b.place and not _nested(a.place, b.place)) and not (a.date and b.date and a.date != b.date)


def _same(a: _Draft, b: _Draft) -> bool:
    """Two mentions of one meeting: no clash of place or date, and shared actors or 'the talks' close by.

    Status may differ between close mentions ("are set to convene ... the delegation arrived"): the first
    mention's status stands.
    """
    if not _agree(a, b) or b.other or (a.other and not b.anaphoric):
        return False  # "they last met in Bali ... the two met for four hours": two meetings
    close = b.first_index - a.first_index <= 2
    if a.status != b.status and not (close and b.anaphoric):
        return False  # "is set to meet X ... they previously met in Egypt": two meetings
    shared = set(a.participants + a.extra) & set(b.participants + b.extra)
    # "Turkish and Iraqi officials met in Baghdad on March 14. The statement said Fidan, Guler and Kalin met
    # Hussein"; "the leaders of A and B met on Friday. A's president had a meeting with B's PM in Vienna"
    here = not (b.place and a.place) or b.place.name == a.place.name  # "in Athens", then "in Athens" again
    detail = b.first_index - a.sent_index <= 1 and a.status == b.status and here and not (b.date and b.date != a.date)
    there = bool(a.place and b.place and a.place.name == b.place.name)  # "leaders will meet in Lima ... the Lima summit"
    anaphor = b.anaphoric and (b.sent_index - a.sent_index <= 3 or bool(shared) or there)  # "X accompanied Biden during the meeting"
    return len(shared) >= 2 or anaphor or (close and bool(shared) and not b.place) or detail
