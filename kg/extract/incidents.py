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
from kg.extract.claims import INJURE, KILL, figures, source
from kg.extract.dates import latest_date, resolve
from kg.extract.names import REPORTS
from kg.extract.perpetrators import culprit, named_in, perpetrator
from kg.extract.places import PLACE_PREPS, place_of
from kg.extract.sentences import evidence_of, is_headline, sentences, text_of, words_of
from kg.extract.triggers import ATTACKERS, VERB_KINDS, incident_kind, incident_trigger, noun_kind
from kg.keys import slug
from kg.model import Article, Claim, Evidence, Incident, Place

ATTACK_PREPS = PLACE_PREPS | {"of"}
DAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "morning", "night", "dawn"}
ONGOING = {"continued", "continuing", "ongoing", "repeated", "daily", "frequent", "regular", "relentless"}
CAMPAIGN = {"campaign", "offensive", "operation", "war", "conflict", "escalation", "fighting", "violence", "hostilities"}
RUNNING = {"past", "since", "so far", "total", "toll"}
SPANS = {"past", "last", "decades", "years", "months"}
UNITS = {"days", "weeks", "months", "years", "decades"}
MODALS = {"would", "could", "might", "may", "should", "must", "can"}
DEMANDS = {"call", "demand", "urge", "appeal", "ask", "warn", "threaten", "vow", "pledge"}
HALTS = {"halt", "end", "stop", "cease", "cessation", "suspend", "suspension", "pause", "moratorium", "ban"}
ANSWERS = {"response", "retaliation", "revenge", "reprisal", "after", "following", "since", "before"}  # what another event is to this
ANAPHORIC_DETS = {"the", "these", "those", "this", "that"}


@dataclass
class _Draft:
    kind: str
    evidence: list[Evidence]
    claims: list[Claim]
    place: Place | None
    date: str | None
    perpetrator: str | None
    sentences: list[int]  # indices of the sentences that mention it
    targets: list[str] = field(default_factory=list)
    background: bool = False  # "a week after a blast in X": told as the past of the story, not referred back to


def extract_incidents(doc: Doc, article: Article, actors: ArticleActors) -> list[Incident]:
    drafts: list[_Draft] = []
    for index, sent in enumerate(sentences(doc)):
        if is_headline(sent, article):
            continue
        found = _triggers(sent)
        if not found:
            _follow_up(sent, index, drafts, actors)
        for trigger in found:
            _mention(trigger, sent, index, article, actors, drafts)
    _blame(doc, drafts, actors)
    _same_air_force(drafts)
    return [Incident(d.kind, tuple(d.evidence), tuple(d.claims), d.place, d.date, d.perpetrator, tuple(d.targets)) for d in drafts]


def _triggers(sent: Span) -> list[Token]:
    """The sentence's violent event, and one it tells as the story's past ("the attack comes a week after a car
    bomb in X killed four")."""
    first = incident_trigger(sent)
    if first is None:
        return []
    past = [c for c in sent if (c.dep_ == "advcl" and _at_distance(c) or _by_another(c)) and first not in c.subtree]
    more = [t for c in past if (t := incident_trigger(sent.doc[c.left_edge.i : c.right_edge.i + 1])) is not None]
    return [first, *(t for t in more if t.i != first.i)]


def _mention(trigger: Token, sent: Span, index: int, article: Article, actors: ArticleActors, drafts: list[_Draft]) -> None:
    """One mention of an incident: a new draft, or more of one told before."""
    # "shelling of the Karari district of Omdurman": what an attack noun is "of" is where it hit
    place = place_of(trigger if trigger.pos_ == "VERB" else trigger.head, actors) or place_of(trigger, actors, preps=ATTACK_PREPS)
    stated = None if article.published else latest_date(article.body)
    told = _clause(trigger) if not _mentioned(trigger) else "".join(t.text_with_ws for t in trigger.subtree)
    background = _distanced(trigger)  # the sentence's opening date is the story's, not its past's
    fronted = "" if background else _fronted(sent)
    when = resolve(told, article.published, False, stated) or resolve(fronted, article.published, False, stated)
    if _retold(trigger, sent, index, drafts) and _here_then(drafts[-1], place, when):
        _follow_up(sent, index, drafts, actors, within=3)
        return
    kind = incident_kind(trigger)
    ev = evidence_of(sent, f"incidents.{kind}")
    claims = _claims(sent, ev, actors, _other_events(sent, trigger))
    spanned = _over_a_span(trigger) or (trigger.dep_ == "pobj" and _over_a_span(trigger.head.head))  # "killed in attacks"
    if _is_campaign(sent, trigger) or spanned or _hypothetical(trigger):
        return
    if _claimed(trigger):  # where and when the claim was made are not the attack's: only its own words count
        place = place_of(trigger, actors, preps=ATTACK_PREPS)
        when = resolve("".join(t.text_with_ws for t in trigger.subtree), article.published, False, stated)
    perp = perpetrator(trigger, sent, actors)
    draft = _Draft(kind, [ev], claims, place, when, perp, [index], background=background)
    target = _same_as(drafts, draft, trigger, sent)
    if target:
        target.evidence.append(ev)
        target.claims += claims
        target.place = target.place or place
        # a mention that refers back dates the event only by its own words ("the attack on May 2"), or by
        # the verb that tells it happened ("the attack took place on Saturday")
        occurred = trigger.dep_ == "nsubj" and trigger.head.lemma_ in ("take", "occur", "happen", "unfold")
        own = when if occurred else resolve("".join(t.text_with_ws for t in trigger.subtree), article.published, False, stated)
        target.date = target.date or own
        target.perpetrator = target.perpetrator or perp
        target.sentences.append(index)
    else:
        drafts.append(draft)


def _elsewhere(sent: Span) -> bool:
    """ "In a separate incident, two fishermen drowned": another event's figures."""
    return any(t.lower_ in ("separate", "separately", "elsewhere", "meanwhile", "unrelated") for t in sent)


def _retold(trigger: Token, sent: Span, index: int, drafts: list[_Draft]) -> bool:
    """ "Militants stormed the base. Seven soldiers were killed, officials said.": a killing that names no
    event of its own, told within three sentences of an incident, is that incident's account."""
    if trigger.lemma_ not in ("kill", "eliminate") or not drafts or index - drafts[-1].sentences[-1] > 3 or _elsewhere(sent):
        return False
    if _distanced(trigger) or _others(trigger):
        return False
    return not _new_event(sent) and not any(
        c.dep_ == "prep" and c.lower_ in ("in", "during") and any(noun_kind(p) for p in c.children) for c in trigger.children
    )


def _distanced(trigger: Token) -> bool:
    """ "The incident comes a week after a bomb blast in X killed eight", "services had been suspended in
    August after a blast": an event told at a distance in time from the one reported is another."""
    after = False
    for token in (trigger, *trigger.ancestors):
        if _at_distance(token):
            return True
        after = after or any(c.lower_ in ("after", "before") for c in token.children)
        reported = token.dep_ == "ccomp" and token.head.lemma_ in REPORTS | {"announce"}  # "said the army had killed X after Y"
        if after and not reported and any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in token.children):
            return True
    return False


def _by_another(clause: Token) -> bool:
    """ "... on the same day that another guerrilla group killed 13 police officers": another's deed."""
    return clause.dep_ in ("relcl", "advcl", "acl", "conj") and any(
        c.dep_ == "nsubj" and any(d.lower_ == "another" for d in c.children) for c in clause.children
    )


def _others(trigger: Token) -> bool:
    """Told in a clause of another's deed, at any depth."""
    return any(_by_another(t) for t in (trigger, *trigger.ancestors))


def _at_distance(token: Token) -> bool:
    """ "a week after X killed four", however "a week" was attached."""
    marks = [c for c in token.children if c.lower_ in ("after", "before")]
    holders = (token, token.head) if token.pos_ == "VERB" else (token,)  # "came a day after gunmen ambushed": on the main verb
    spans = [d for m in marks for holder in (*holders, m) for d in holder.children if d.dep_ == "npadvmod" and d.i + 1 == m.i]
    return any(d.lemma_ in ("day", "week", "month", "year", "hour") for d in spans)  # not "on Tuesday after gunbattles"


def _here_then(draft: _Draft, place: Place | None, when: str | None) -> bool:
    """A killing told with a place or a date that contradicts the incident before is another event:
    "Five militants were killed by the army in Bura" after an attack on Tala."""
    if place and draft.place and not draft.place.holds(place):
        return False
    return not (when and draft.date and when != draft.date)


def _new_event(sent: Span) -> bool:
    """ "Shortly after, four additional fighters crossed the line; two were killed", "the army responded with
    airstrikes", "the South returned fire": another event."""
    return _follows(sent) or any(
        (t.lower_ in ("after", "additional", "another", "other", "second", "new") and t.dep_ in ("advmod", "amod"))
        or t.lemma_ in ("respond", "retaliate", "response", "retaliation")
        or (t.lemma_ == "return" and any(c.lower_ == "fire" for c in t.children))
        or (t.lower_ in ("later", "ago") and _violent_word(t.head) and any(c.like_num or c.lower_ in UNITS for c in t.subtree))
        or (t.lower_ == "last" and t.head.lower_ in ("week", "month", "year"))  # "three days later", "last week"
        for t in sent
    )


def _violent_word(token: Token) -> bool:
    """A word of violence: "attacked", "killed", "wounded", "the strike"."""
    return token.lemma_ in VERB_KINDS or token.lemma_ in KILL | INJURE or noun_kind(token) is not None


def _follows(sent: Span) -> bool:
    """ "It followed the killings of eight workers", "This follows an earlier strike": an event before this one."""
    return any(t.lemma_ == "follow" and any(c.dep_ == "nsubj" and c.lower_ in ("it", "this") for c in t.children) for t in sent)


def _follow_up(sent: Span, index: int, drafts: list[_Draft], actors: ArticleActors, within: int = 1) -> None:
    """'Rebels shelled Tala. Officials said four died.': figures in the sentence after an incident (or
    `within` sentences of it), with no event of their own, are that incident's."""
    if not drafts or index - drafts[-1].sentences[-1] > within or not figures(sent) or _elsewhere(sent):
        return
    if any(_over_a_span(t) for t in sent):
        return  # "more than 6,000 have been killed since 2017": the war's toll, not this event's
    ev = evidence_of(sent, "incidents.follow-up")
    drafts[-1].evidence.append(ev)
    drafts[-1].claims += _claims(sent, ev, actors)
    drafts[-1].sentences.append(index)


def _clause(trigger: Token) -> str:
    """The words of the clause the event is told in, so that a date of another clause ("met on Saturday,
    a day before a bomber struck") does not date it."""
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    other = ("ccomp", "advcl", "relcl", "conj", "parataxis")
    since = {t.i for p in verb.subtree if p.dep_ == "prep" and p.lower_ in ("since", "until") for t in p.subtree}  # "deadliest since July"
    words = [
        t
        for t in verb.subtree
        if t.i not in since and not any(c.dep_ in other and t in c.subtree and trigger not in c.subtree for c in verb.children)
    ]
    return words_of(words)


def _mentioned(trigger: Token) -> bool:
    """ "Colombians will march on Sunday in protest against the attack": an event told before, named in a
    clause of something else, whose date is not the attack's."""
    verb = next((a for a in trigger.ancestors if a.pos_ == "VERB"), None)
    anaphoric = trigger.dep_ == "pobj" and any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in trigger.children)
    return anaphoric and verb is not None and not _violent_word(verb)


def _fronted(sent: Span) -> str:
    """ "On Monday, shelling killed 27, the network said": a date put first dates what the sentence reports,
    whichever clause the parser hung it on."""
    comma = next((t for t in sent if t.text == ","), None)
    if comma is None or comma.i - sent.start > 6:
        return ""
    opening = sent.doc[sent.start : comma.i]
    return opening.text if any(t.ent_type_ == "DATE" for t in opening) else ""


def _is_campaign(sent: Span, trigger: Token) -> bool:
    """'The offensive has killed 67,000 over the past year': a running toll, not an event."""
    while trigger.dep_ in ("compound", "nmod", "conj") and trigger.head.pos_ == "NOUN" and trigger.head.i != trigger.i:
        trigger = trigger.head  # "a campaign of deadly bomb and gun attacks": the attacks
    if trigger.tag_ == "NNS" and any(c.lower_ in ONGOING for c in trigger.children):
        return True  # "continued Israeli strikes"
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lemma_ in CAMPAIGN | {"series", "wave", "spate"}:
        return True  # "a campaign of assaults", "a wave of attacks"
    if trigger.tag_ == "NNS" and trigger.dep_ in ("dobj", "nsubjpass", "nsubj") and _over_a_span(trigger.head):
        return True  # "the Houthis have launched attacks since November"
    began = trigger.head.dep_ == "xcomp" and trigger.head.head.lemma_ in ("begin", "start", "continue", "keep")
    if trigger.tag_ == "NNS" and trigger.dep_ == "dobj" and began:
        return True  # "the RSF began launching attacks on the airport"
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("following", "after"):
        return False  # "the escalation that began after Hamas's attack": the attack is an event of its own
    text = text_of(sent).lower()
    subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in CAMPAIGN]
    running = any(w in text for w in RUNNING)
    return bool(subjects) and (running or any(t.head.lemma_ in ("kill", "lead", "result", "cause") for t in subjects))


def _over_a_span(trigger: Token) -> bool:
    """'More than 150,000 people have been killed since 2015', 'attacked more than 100 ships since
    November', 'were killed in gang violence last year': a toll over a span of time, not one event.
    Only the verb's own phrases count: "the deadliest attack since 2019" is one attack."""
    if trigger.pos_ != "VERB":
        return False
    for child in trigger.children:
        words = {t.lower_ for t in child.subtree}
        since = child.lower_ == "since" and child.dep_ == "prep" or (
            child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in child.children)
        )
        if since and not words & DAY_WORDS:
            return True  # "since 2015", "since the conflict erupted"; "since Friday" is still one event's toll
        if child.dep_ == "prep" and child.lower_ in ("over", "during", "throughout") and words & SPANS:
            return True
        if child.dep_ == "prep" and child.lower_ == "in" and words & {"last", "past"} and words & UNITS:
            return True  # "48 soldiers have been killed in the last 32 months"; not "in the last attack"
        if child.dep_ in ("advmod", "npadvmod") and words & {"far", "date", "year"} and words & {"so", "to", "last", "this"}:
            return True
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children)
        if child.dep_ == "npadvmod" and perfect and words & {"month", "week"} and words & {"this", "past"}:
            return True  # "40 rebels have been killed this month"; not "were killed last week"
    return False


def _bare_plural(trigger: Token) -> bool:
    """ "Talks have never stopped ballistic missiles and aerial bombs": weapons or attacks in general, with no
    toll, date or place to make them one event."""
    noun = trigger.head if trigger.dep_ == "conj" and trigger.head.tag_ == "NNS" else trigger
    if noun.tag_ != "NNS" or noun.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ in ("det", "poss", "nummod") for c in noun.children):
        return False
    sent = noun.sent
    return not figures(sent) and not any(t.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") for t in sent)


def _hypothetical(trigger: Token) -> bool:
    """'any future attack', 'threatened strikes', 'which has bombed the pipeline hundreds of times', 'a
    group that blows up pipelines', 'a halt to bombardment': no one event."""
    habitual = trigger.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children)
    if trigger.dep_ == "relcl" and habitual:
        return True
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("to", "of", "on") and trigger.head.head.lemma_ in HALTS:
        return True
    if trigger.dep_ == "dobj" and trigger.head.lemma_ in HALTS:  # "if Israel stopped its bombardment"
        return True
    mods = {c.lower_ for c in trigger.children}
    if mods & {"any", "future", "possible", "potential", "further", "more", "all"}:
        return True
    if _bare_plural(trigger):
        return True
    clause = trigger if trigger.pos_ == "VERB" else trigger.head if trigger.dep_ in ("dobj", "nsubjpass") else None
    if clause is not None and any(c.dep_ == "aux" and c.lower_ in MODALS for c in clause.children):
        return True  # "vessels would not be attacked", "Russia could launch strikes"; not "the killing could help"
    done = any(c.dep_ in ("relcl", "acl") and c.tag_ == "VBD" for c in trigger.children)  # "a strike that killed three"
    if any(a.lemma_ in DEMANDS for a in list(trigger.ancestors)[:4]) and not done:
        return True  # "called for a stop to all attacks"; not "vowed to respond to a strike that killed three"
    feared = trigger.head.lower_ == "of" and trigger.head.head.lemma_ in ("fear", "threat", "risk")  # "in fear of further strikes"
    return feared or trigger.head.lemma_ in ("threaten", "warn", "fear")


def _other_events(sent: Span, trigger: Token) -> frozenset[int]:
    """The words of a clause that tells another event than the trigger's: "in response to a gun attack that
    killed five", "Nduga, where insurgents had killed 19 workers in 2018"."""
    skip: set[int] = set()
    for clause in sent:
        event = trigger.head if trigger.dep_ == "compound" else trigger  # "a truck bomb attack that killed six"
        if clause.dep_ not in ("relcl", "acl", "advcl") or clause.head.i in (trigger.i, event.i) or trigger in clause.subtree:
            continue
        answered = noun_kind(clause.head) is not None and any(a.lemma_ in ANSWERS for a in list(clause.head.ancestors)[:3])
        earlier = any(c.lower_ == "had" for c in clause.children) and any(t.ent_type_ == "DATE" for t in clause.subtree)
        if answered or earlier or (clause.dep_ == "advcl" and _at_distance(clause)) or _by_another(clause):
            skip.update(t.i for t in clause.subtree)
    return frozenset(skip)


def _claims(sent: Span, ev: Evidence, actors: ArticleActors, skip: frozenset[int] = frozenset()) -> list[Claim]:
    found = figures(sent, skip)
    if not found:
        return []
    killed = next((f for f in found if f.what == "killed"), None)
    injured = next((f for f in found if f.what == "injured"), None)
    src = source(sent)
    key, is_actor = None, False
    if src is not None:
        mention = actors.at(src.root) or next(iter(actors.in_span(src.start, src.end)), None)
        if mention and actors.acting(mention.key) and (  # a spokesperson cited for a figure is a source, not an actor
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
    if a.perpetrator and b.perpetrator and a.perpetrator != b.perpetrator:
        return False  # "North Korea shelled the island ... the South fired back": two
    if not (a.place and b.place) or a.place.name == b.place.name:
        return True
    return (a.place.country or slug(a.place.name)) == (b.place.country or slug(b.place.name))  # "Doha" lies in "Qatar"


def _claimed(trigger: Token) -> bool:
    """ "X claimed responsibility for the attack": a claim about an incident, not one of its own."""
    return trigger.head.lower_ == "for" and trigger.head.head.lower_ == "responsibility"


def _retelling(d: _Draft, draft: _Draft, sent: Span) -> bool:
    """Told again with nothing of its own (no date, no place, no cue of a new event): a quote, a detail, or
    a second toll of an incident that already has one."""
    if _new_event(sent):
        return False
    if draft.sentences[0] - d.sentences[-1] <= 1 and not d.date and not (d.place and draft.place):
        return True  # "Eight soldiers were killed in an attack. Jihadists ambushed the troops on Monday": its account
    if draft.date or draft.place or draft.sentences[0] - d.sentences[-1] > 6:
        return False
    return not draft.claims or bool(d.claims)


def _same_as(drafts: list[_Draft], draft: _Draft, trigger: Token, sent: Span) -> _Draft | None:
    """The earlier incident this mention tells again: one it refers back to ('these strikes', 'the
    subsequent airstrikes', "Sunday's air strikes"), or one it restates without a date or place of its own
    ("... said the missile hit the ship"), or the same kind of event on the same day or in the same place."""
    if any(c.lower_ in ("another", "separate") for c in trigger.children) or _follows(sent) or _distanced(trigger) or _others(trigger):
        return None
    dets = {c.lower_ for c in trigger.children if c.dep_ in ("det", "poss")}
    if _claimed(trigger):  # "claimed responsibility for an ambush": the ambush told before
        return next((d for d in reversed(drafts) if _compatible(d, draft) and not d.background), None)
    anaphoric = bool(dets & ANAPHORIC_DETS)
    anaphoric = anaphoric or any(c.lower_ in ("subsequent", "ensuing", "same", "reported") for c in trigger.children)
    anaphoric = anaphoric or any(c.dep_ == "poss" and c.ent_type_ == "DATE" for c in trigger.children)  # "Sunday's air strikes"
    copula = trigger.dep_ == "attr" or (trigger.dep_ == "dobj" and trigger.head.lemma_ in ("mark", "represent"))  # "it marks their first"
    it_was = copula and any(c.dep_ == "nsubj" and c.lower_ in ("it", "this") for c in trigger.head.children)
    anaphoric = anaphoric or (it_was and not _new_event(sent))  # "It was the first fatal strike"; not "the second strike"
    anaphoric = anaphoric or any(  # "the gunman opened fire": the attacker of the attack just told
        c.dep_ == "nsubj" and c.lower_ in ATTACKERS and any(d.lower_ in ANAPHORIC_DETS for d in c.children) for c in trigger.children
    )
    near = [d for d in reversed(drafts) if _compatible(d, draft) and draft.sentences[0] - d.sentences[-1] <= 12 and not d.background]
    family = FAMILIES.get(draft.kind)  # a generic "the attack" is any kind's
    same_kind = [d for d in near if family and FAMILIES.get(d.kind) == family]
    if anaphoric and (same_kind or near):  # "the strike": the strike told last, else the event told last
        return (same_kind or near)[0]
    for d in reversed(drafts):
        if not _compatible(d, draft):
            continue
        if not d.background and _retelling(d, draft, sent):
            return d
        if d.place and draft.place and not (draft.claims and d.claims):  # "the strike on Qatar" ... "the attack in Doha"
            return d
        if d.date and d.date == draft.date:  # "Hamas's October 7, 2023 attack", twice
            return d
        if FAMILIES.get(d.kind, "any") in ("any", FAMILIES.get(draft.kind)) and not (d.place or d.date or d.claims or d.background):
            return d  # a lead's "a pipeline bombing" or "the killing", then its account
    return None


def _same_air_force(drafts: list[_Draft]) -> None:
    """ "It follows an earlier strike on the town of X": an air strike no one is named for, in a story of
    one side's air strikes, is that side's."""
    by = {d.perpetrator for d in drafts if d.kind == "airstrike" and d.perpetrator}
    if len(by) == 1:
        for d in drafts:
            if d.kind == "airstrike" and d.perpetrator is None:
                d.perpetrator = next(iter(by))


def _blame(doc: Doc, drafts: list[_Draft], actors: ArticleActors) -> None:
    """'Officers blamed X', 'X claimed responsibility': the perpetrator of the incident just reported."""
    sents = sentences(doc)
    for index, sent in enumerate(sents):
        for token in sent:
            named = culprit(token)
            mention = named_in(named, actors) if named is not None else None
            if mention is None:
                continue
            told = [d for d in drafts if d.sentences[0] <= index and (not d.background or index in d.sentences)]
            recent = [(max(i for i in d.sentences if i <= index), n, d) for n, d in enumerate(told)]
            if recent:
                last, _, draft = max(recent, key=lambda r: (r[0], r[1]))
                if index - last <= 2 and (token.lemma_ == "claim" or draft.perpetrator is None):
                    draft.perpetrator = mention.key  # a claim of responsibility outweighs what the parse read
