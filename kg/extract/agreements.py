"""Agreements: ceasefires, deals, treaties, plans and resolutions, one per real agreement per article.

Mentions group by name: a proper name ("Indus Waters Treaty", "Resolution 2803"), a year ("the 2015
deal"), an author ("Trump's plan", "the US-backed plan"), or the kind alone ("the ceasefire", "the
truce", "the deal" are one agreement in an article about one ceasefire). Parties come from "between A
and B", "signed by", "agreed", mediators from "brokered/mediated/guaranteed by".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.dates import resolve
from kg.extract.names import BODY_NOUNS
from kg.extract.sentences import evidence_of, is_headline, sentence_of, sentences, text_of
from kg.extract.triggers import AGREEMENT_KINDS as KINDS
from kg.extract.triggers import AUTHOR_VERBS, MEDIATOR_VERBS, PARTY_VERBS
from kg.keys import slug
from kg.model import Agreement, Article, Evidence

# Plain words that share one cluster: the ceasefire an article is about is called all of these.
GENERIC = {"ceasefire": "ceasefire", "deal": "ceasefire"}
EXCHANGE_VERBS = {"exchange", "swap", "trade"}
HALT_VERBS = {"halt", "stop", "cease", "end", "suspend", "pause"}
HOSTILITIES = {"fighting", "firing", "fire", "hostility", "action", "attack", "strike", "operation", "war", "violence"}
UNDER_TALKS = {"talks", "negotiations", "negotiation", "discussions", "proposal", "proposals", "efforts", "push", "bid", "demands", "calls"}
NAME_JOINERS = {"of", "on", "for"}  # small words inside an agreement's name
TALKS = {"talks", "negotiations", "discussions", "meeting", "meetings", "summit", "mediation"}
PLURAL_SIDES = {"sides", "parties", "countries", "leaders", "governments", "delegations", "both", "two", "they"}
ENDS_OF_DEED = {"relcl", "advcl", "cc", "conj", "punct", "prep", "aux", "_SP"}
TALK_VERBS = {"meet", "talk", "negotiate", "discuss", "convene", "reconvene", "hold", "speak", "consider", "study", "explore", "keep"}
EXISTS_VERBS = {"announce", "seal", "clinch", "finalise", "finalize", "welcome", "implement", "violate", "breach"}
AIMS = {"aim", "goal", "seek", "try", "strive", "bid", "effort", "push", "want", "hope"}
PAST_WORDS = {"previous", "earlier", "landmark", "historic", "existing", "former", "original"}
BROKERING = {"mediation", "auspices", "sponsorship", "guarantors", "guarantor", "mediators", "mediator", "facilitators", "aegis"}


@dataclass
class _Cluster:
    key: str
    name: str
    kind: str
    evidence: list[Evidence] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    date: str | None = None
    score: int = -1


def extract_agreements(doc: Doc, article: Article, actors: ArticleActors) -> list[Agreement]:
    clusters: dict[str, _Cluster] = {}
    mention_keys: dict[int, str] = {}  # token index of a mention's head -> its cluster
    # Headlines last: in title case they name what the body names better, and join that.
    cased = [(_title_case(s), s) for s in sentences(doc)]
    # the first line gives evidence last even when it is not in title case
    ordered = sorted(((headline or is_headline(s, article), headline, s) for headline, s in cased), key=lambda t: t[0])
    for top, headline, sent in ordered:
        for token in sent:
            mention = _noun_mention(token, actors, headline) or _halt_mention(token, actors)
            if mention is None:
                continue
            kind, key, name, parties, mediators = mention
            if headline and key not in clusters:
                key = next((k for k, c in clusters.items() if c.kind == kind), key)
            key = _antecedent(token, key, kind, clusters, mention_keys) or key
            mention_keys[token.i] = key
            cluster = clusters.setdefault(key, _Cluster(key, name, kind))
            if _better_name(name, cluster.name) and key != "generic:ceasefire":
                cluster.name = name
            cluster.parties += [p for p in parties if p not in cluster.parties]
            cluster.mediators += [m for m in mediators if m not in cluster.mediators and m not in cluster.parties]
            score = -1 if top else 2 * (len(parties) + len(mediators)) + _prominence(token)  # the body states it better
            if score > cluster.score:
                cluster.score = score
                cluster.evidence.insert(0, evidence_of(sent, "agreements." + kind))
            else:
                cluster.evidence.append(evidence_of(sent, "agreements." + kind))
            cluster.date = cluster.date or _date(token, article)
    for i, key in mention_keys.items():  # "the Indus Waters Treaty, the 1960 water-sharing pact": one treaty
        head = doc[i].head
        if doc[i].dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_ in ("know", "call", "dub"):
            head = _name_head(head.head.head)  # "the Agreement for Peace ..., known as the Algiers Accord"
            head = next((t for t in head.subtree if t.i in mention_keys), head)
        elif doc[i].dep_ != "appos":
            continue
        if head.i in mention_keys and mention_keys[head.i] != key:
            _merge(clusters, mention_keys, key, mention_keys[head.i])
    plans = [k for k, c in clusters.items() if c.kind == "plan" and k != "plan:"]
    if "plan:" in clusters and len(plans) == 1:  # "his proposed peace plan" in an article about one plan
        _merge(clusters, mention_keys, "plan:", plans[0])
    names = sorted((k for k in clusters if k.startswith("name:")), key=len)
    for short in names:  # "the Comprehensive Agreement", after "the Comprehensive Agreement on the Bangsamoro"
        full = next((k for k in names if k != short and k in clusters and k.startswith(short + " ")), None)
        if full and short in clusters:
            _merge(clusters, mention_keys, short, full)
    told = [k for k in clusters if k.startswith("agreed:")]
    if len(told) == 1 and "generic:ceasefire" in clusters and clusters["generic:ceasefire"].kind == "deal":
        _merge(clusters, mention_keys, "generic:ceasefire", told[0])  # "agreed to work together ... signed the agreement"
    for key in [k for k in clusters if k.startswith("generic:") and k != "generic:ceasefire"]:
        named = [k for k, c in clusters.items() if k.startswith(("name:", "agreed:")) and c.kind == clusters[key].kind]
        if len(named) == 1:  # "the joint declaration" in an article about the Panmunjeom Declaration
            _merge(clusters, mention_keys, key, named[0])
    return [
        Agreement(c.name, c.kind, tuple(dict.fromkeys(c.evidence)), tuple(c.parties), tuple(c.mediators), c.date, _shared_key(c.key))
        for c in clusters.values()
    ]


def _shared_key(key: str) -> str | None:
    """A proper name or a resolution's number names the same agreement in any article."""
    kind, _, value = key.partition(":")
    return slug(f"{kind} {value}") if kind in ("name", "resolution") else None


_Mention = tuple[str, str, str, list[str], list[str]]  # kind, cluster key, name, parties, mediators


def _noun_mention(token: Token, actors: ArticleActors, headline: bool) -> _Mention | None:
    """ "The truce, mediated by Egypt", "the Indus Waters Treaty", "Trump's plan"."""
    kind = KINDS.get(token.lower_)
    if kind is None or token.pos_ not in ("NOUN", "PROPN"):
        return None
    parties, mediators = _roles(token, sentence_of(token.doc, token.i), actors)
    if not _is_agreement(token, kind, actors, bool(parties or mediators)):
        return None
    # "a ceasefire agreement", "a framework agreement": the modifier says what kind of agreement
    kind = next((KINDS[c.lower_] for c in token.children if c.dep_ == "compound" and c.lower_ in KINDS), kind)
    key, name = _identity(token, kind, actors, headline)
    if key is None:
        return None
    if kind in ("plan", "resolution"):  # a plan's or resolution's author is its party: "Trump's plan", "the Council adopted it"
        parties += [m.key for m in actors.in_span(token.left_edge.i, token.i) if m.key not in parties]
        phrase = _name_head(token)
        if phrase.dep_ in ("dobj", "nsubjpass") and phrase.head.lemma_ in AUTHOR_VERBS:
            authors = [c for c in phrase.head.children if c.dep_ in ("nsubj", "agent")]
            parties += [m.key for c in authors for m in actors.in_span(c.left_edge.i, c.right_edge.i + 1) if m.key not in parties]
    if _indefinite(token) and (_conditional(token) or not (parties or mediators or _agreed(token))):
        return None  # "a deal was within reach", "if a truce is reached", "must agree to a deal": none yet
    return kind, key, name, parties, mediators


def _halt_mention(token: Token, actors: ArticleActors) -> _Mention | None:
    """ "India and Pakistan agreed to halt all military action", "agreed to exchange prisoners": a ceasefire or an
    exchange agreed in so many words."""
    if token.lemma_ != "agree" or token.pos_ != "VERB" or _conditional(token):
        return None
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    parties = list(dict.fromkeys(m.key for s in subjects for m in actors.in_span(s.left_edge.i, s.right_edge.i + 1)))
    for halt in (c for c in token.children if c.dep_ == "xcomp" and c.lemma_ in HALT_VERBS):
        if any(t.lemma_ in HOSTILITIES for t in halt.subtree):
            return "ceasefire", "generic:ceasefire", "ceasefire", parties, []
    # "Russia and Ukraine agreed to exchange 1,000 prisoners each", "agreed to a prisoner exchange": a deal
    swaps = [(c, "dobj") for c in token.children if c.dep_ == "xcomp" and c.lemma_ in EXCHANGE_VERBS and len(parties) >= 2]
    objects = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children]
    swaps += [(p, "compound") for p in objects if p.lemma_ in EXCHANGE_VERBS]
    for swap, goods_dep in swaps:
        goods = next((c for c in swap.children if c.dep_ == goods_dep), None)
        what = goods.lemma_ if goods is not None else "prisoner"
        return "deal", f"exchange:{what}", f"{what} exchange", parties, []
    return _agreed_to(token, subjects, parties)


def _agreed_to(verb: Token, subjects: list[Token], parties: list[str]) -> _Mention | None:
    """ "Iran and Saudi Arabia agreed to resume diplomatic relations", "the sides agreed to take steps to
    de-escalate": an agreement told by its verb, when two sides agree on a deed. Not a plan to talk ("agreed to
    meet again"), nor one the sentence names by a noun of its own ("agreed to the terms of the truce")."""
    together = len(parties) >= 2 or any(s.conjuncts or s.lower_ in PLURAL_SIDES for s in subjects)
    deed = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if not together or deed is None or deed.lemma_ in TALK_VERBS or any(c.dep_ == "neg" for c in verb.children):
        return None
    sent = sentence_of(verb.doc, verb.i)
    if any(t.lower_ in KINDS or t.lower_ in TALKS or t.lower_ in UNDER_TALKS for t in sent if t.i > verb.i):
        return None
    cut = {t.i for c in deed.subtree if c.dep_ in ENDS_OF_DEED and c.i != deed.i for t in c.subtree}
    end = deed.i + 1  # the deed's words up to the first clause or break: "resume diplomatic relations"
    while end < min(deed.i + 8, sent.end) and verb.doc[end] in deed.subtree and end not in cut:
        end += 1
    name = "agreement to " + verb.doc[deed.i : end].text
    return "deal", f"agreed:{deed.lemma_}", name, parties, []


def _is_agreement(token: Token, kind: str, actors: ArticleActors, has_roles: bool) -> bool:
    """Whether a kind word names an agreement, not a part of another's name or a hypothetical one."""
    head = token.head
    if token.dep_ == "compound" and head.lower_ in KINDS:
        return False  # "ceasefire agreement": the head word speaks for both
    if token.dep_ == "compound" and head.pos_ == "NOUN" and head.lower_ not in UNDER_TALKS:
        return False  # "the truce village", "the ceasefire line": a thing named after an agreement
    mention = actors.at(token)
    if mention is not None and actors.type_of(mention.key) == "Organization":
        return False  # "the Government of National Accord": a body
    if token.dep_ in ("compound", "amod") and head.lower_ in UNDER_TALKS:
        return False  # "ceasefire negotiations": one is still being sought
    if token.dep_ == "pobj" and head.lower_ == "of" and (head.head.lower_ in KINDS or head.head.lower_ in BODY_NOUNS):
        return False  # "memorandum of understanding", "the Government of National Accord"
    if any(c.dep_ == "det" and c.lower_ in ("any", "no", "another") for c in token.children):
        return False  # "any deal must ...": no agreement yet
    if token.dep_ == "pobj" and head.lower_ in ("without", "absent", "pending"):
        return False  # "the talks ended without agreement"
    if token.dep_ == "dobj" and head.lemma_ in ("discuss", "negotiate", "debate", "seek", "consider", "explore") and not _named(token):
        return False  # "diplomats discuss peace treaty", "to negotiate a truce": one still sought
    sought = head.head.lower_ in UNDER_TALKS or head.head.lemma_ in ("work", "press", "push", "negotiate")
    if token.dep_ == "pobj" and head.lower_ in ("on", "for", "over", "toward", "towards") and sought and _indefinite(token):
        return False  # "talks on a new trade pact", "working on a ceasefire deal": still sought
    if token.lower_ == "proposal":
        return False  # proposals under discussion are not agreements
    if any(c.dep_ == "dobj" for c in token.children):
        return False  # "dealers who deal a few drugs", tagged as a noun
    if any(c.lower_ == "of" and any(p.lower_ in ("war", "independence", "emergency") for p in c.children) for c in token.children):
        return False  # "a declaration of war"
    if kind == "plan" and not (_owned(token, actors) or _agreed(token) or has_roles):
        return False
    return kind != "resolution" or _numbered(token)


def _antecedent(token: Token, key: str, kind: str, clusters: dict[str, _Cluster], mention_keys: dict[int, str]) -> str | None:
    """ "They signed the Jeddah Declaration in 2023, but the agreement was never implemented": a plain
    "the agreement" or "the deal" is the agreement named just before it."""
    if not key.startswith("generic:") or token.lower_ not in ("agreement", "deal", "accord", "pact"):
        return None
    children = [c for c in token.children if c.dep_ != "case"]  # "the agreement's progress"
    if not any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in children) or len(children) > 1:
        return None
    start = sentence_of(token.doc, token.i).start
    start = min(start - 40, sentence_of(token.doc, start - 1).start if start else 0)  # 40 words back, or the sentence before
    for i in sorted((i for i in mention_keys if start <= i < token.i), reverse=True):
        if not mention_keys[i].startswith("generic:"):
            return mention_keys[i]
    return None


def _better_name(name: str, than: str) -> bool:
    """A name with a proper-noun modifier ("Trump Gaza Peace Plan") beats a description ("proposed peace
    plan"); among equals, the longer says more."""

    def rank(text: str) -> tuple[bool, int]:
        return any(w[:1].isupper() for w in text.split()[:-1]), len(text)

    return rank(name) > rank(than)


def _named(token: Token) -> bool:
    """ "the ceasefire", "the Minsk accords", "their deal": one that exists."""
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") or c.pos_ == "PROPN" for c in token.children)


def _indefinite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)


def _conditional(token: Token) -> bool:
    """Said of an agreement that may or must come: "a potential truce", "if a truce is reached", "Israel
    must agree to a deal"."""
    if any(c.lower_ in ("potential", "possible", "future", "proposed", "eventual", "draft") for c in token.children):
        return True
    if any(a.lemma_ in AIMS for a in list(token.ancestors)[:5]):
        return True  # "with the aim of concluding a binding agreement", "seeking a deal"
    for verb in token.ancestors:
        if any(c.dep_ in ("aux", "mark", "neg") and c.lower_ in ("must", "should", "would", "could", "might", "if", "unless", "not", "n't")
               for c in verb.children):
            return True
    return False


def _agreed(token: Token) -> bool:
    """ "The two sides agreed on a framework", "signed a roadmap": the object of a party verb."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        if head.lower_ in ("with", "in") and head.head.lemma_ in ("end", "conclude", "culminate", "result"):
            return True  # "a war that ended with a peace agreement"
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.lemma_ in PARTY_VERBS | EXISTS_VERBS and token.dep_ in ("dobj", "pobj", "nsubjpass"):
        return True
    if any(c.ent_type_ == "DATE" and c.dep_ in ("compound", "nmod", "amod") for c in token.children):
        return True  # "a March agreement": one made then
    # "a previous accord signed in 2016", "a Russian-brokered peace agreement": one that exists
    return any(
        (c.dep_ in ("acl", "amod") and c.tag_ == "VBN" and c.lemma_ in PARTY_VERBS | MEDIATOR_VERBS) or c.lower_ in PAST_WORDS
        for c in token.children
    )


def _prominence(token: Token) -> int:
    """A mention that is what its sentence is about ("That agreement facilitated ...", "agreed a truce")
    states the agreement better than one in passing ("talks ahead of the ceasefire")."""
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
        return 1
    return int(token.dep_ == "dobj" and token.head.lemma_ in PARTY_VERBS)


def _title_case(sent: Span) -> bool:
    """A headline: most words capitalised and no full stop, so capitals do not make a name."""
    if text_of(sent).rstrip().endswith((".", "?", "!", '"', "”")):
        return False
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title for t in words) / len(words) > 0.7


def _merge(clusters: dict[str, _Cluster], mention_keys: dict[int, str], key: str, into: str) -> None:
    """Fold cluster `key` into `into`; a proper name wins over a description."""
    gone, kept = clusters.pop(key), clusters[into]
    if gone.key.startswith("name:") and not kept.key.startswith("name:"):
        kept.name, kept.kind, kept.key = gone.name, gone.kind, gone.key
    elif not kept.key.startswith("name:") and len(gone.name) > len(kept.name):
        kept.name = gone.name
    if gone.score > kept.score:
        kept.evidence[:0] = gone.evidence
        kept.score = gone.score
    else:
        kept.evidence += gone.evidence
    kept.parties += [p for p in gone.parties if p not in kept.parties]
    kept.mediators += [m for m in gone.mediators if m not in kept.mediators and m not in kept.parties]
    kept.date = kept.date or gone.date
    for i, k in mention_keys.items():
        if k == key:
            mention_keys[i] = into


def _numbered(token: Token) -> bool:
    doc = token.doc
    return token.i + 1 < len(doc) and bool(re.fullmatch(r"\d{2,5}", doc[token.i + 1].text))


def _owned(token: Token, actors: ArticleActors) -> bool:
    """A plan counts when someone's it is: "Trump's plan", "the US-backed plan", "the Arab League plan"."""
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and (
            actors.at(child) or child.ent_type_ or "-backed" in child.text or child.lower_ in ("backed", "peace")
        ):
            return True
        if child.dep_ in ("poss", "compound", "amod") and any(actors.at(t) for t in child.subtree):
            return True
    return token.is_title and token.i > 0 and token.doc[token.i - 1].is_title


def _identity(token: Token, kind: str, actors: ArticleActors, headline: bool) -> tuple[str | None, str]:
    doc = token.doc
    left = token.left_edge.i
    if left >= 2 and doc[left - 1].lower_ in ("'s", "’s") and doc[left - 2].pos_ == "PROPN":
        left -= 2  # "Trump ’s Gaza Peace Plan" parsed as two phrases
    words = [t for t in doc[left : token.i + 1] if t.dep_ != "det" and t.pos_ != "PRON" and not t.is_punct and t.lower_ not in ("'s", "’s")]
    if headline and doc[left].dep_ != "poss" and left == token.left_edge.i:
        words = [token]  # "Congo and M23 Rebels Sign Framework": title case hides where the name starts
    # A proper name: capitalised words running into the head ("Indus Waters Treaty", "Mexico Agreement"),
    # joined by small words ("Cessation of Hostilities Agreement", "Agreement for Peace and Reconciliation").
    if (token.is_title or token.text.isupper()) and not headline:

        def capital(t: Token) -> bool:
            return (t.is_title or t.is_upper) and t.ent_type_ != "DATE" and t.dep_ != "poss"

        i = token.i
        while i > 0 and (capital(doc[i - 1]) or (i > 1 and doc[i - 1].lower_ in NAME_JOINERS and capital(doc[i - 2]))):
            i -= 1
        while i < token.i and doc[i].dep_ == "det":
            i += 1  # "The Comprehensive Agreement" is the Comprehensive Agreement
        end = token.i + 1
        joined = False
        while end + 1 < len(doc) and (doc[end].lower_ in NAME_JOINERS or (joined and doc[end].lower_ == "and")):
            skip = 2 if doc[end + 1].lower_ == "the" and end + 2 < len(doc) else 1  # "Agreement on the Bangsamoro"
            if not capital(doc[end + skip]):
                break  # "Declaration on Friday": a day is no part of the name
            end += skip + 1
            joined = True
            while end < len(doc) and capital(doc[end]):
                end += 1
        if end < len(doc) and re.fullmatch(r"\d{2,5}", doc[end].text):
            end += 1
        name = doc[i:end].text
        if i < token.i or end > token.i + 1:
            return "name:" + name.lower(), name
    if kind == "resolution":
        return "resolution:" + doc[token.i + 1].text, "Resolution " + doc[token.i + 1].text
    year = next((t.text for t in words if re.fullmatch(r"(19|20)\d\d", t.text)), None)
    if year:
        return f"year:{year}", " ".join(t.text for t in words)
    if kind == "plan":
        owner = next((found.key for t in words if (found := actors.at(t))), "")
        if owner or any(t.dep_ == "poss" or t.lower_ in ("'s", "’s") for t in doc[left : token.i]):  # "his plan": the article's plan
            return "plan:" + owner, " ".join(t.text for t in words)
        # "agreed on a framework for the negotiations": named by what it is for, one per word
        end = max((c.right_edge.i for c in token.children if c.dep_ == "prep" and c.lower_ in ("for", "on")), default=token.i)
        name = " ".join(t.text for t in doc[token.i : end + 1] if not t.is_punct)
        head = next((c.lower_ for c in token.children if c.dep_ == "compound" and KINDS.get(c.lower_) == "plan"), token.lower_)
        return "plan:" + head, " ".join([*(t.text for t in words[:-1]), name])
    generic = GENERIC.get(kind, kind)
    modifiers = [t for t in token.children if t.i < token.i and t.dep_ in ("amod", "compound") and t.pos_ in ("NOUN", "PROPN", "ADJ")]
    start = min((m.left_edge.i for m in modifiers), default=token.i)  # "a six-month ceasefire", not "month ceasefire"
    passing = ("current", "fragile", "new", "temporary", "latest")
    words = [t for t in doc[start : token.i + 1] if t.dep_ != "det" and t.lower_ not in passing]
    return "generic:" + generic, "".join(t.text_with_ws for t in words).strip()


def _roles(token: Token, sent: Span, actors: ArticleActors) -> tuple[list[str], list[str]]:
    parties: list[str] = []
    mediators: list[str] = []

    def under(t: Token) -> list[str]:
        return [m.key for m in actors.in_span(t.left_edge.i, t.right_edge.i + 1)]

    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("between", "with"):  # "a previous accord with the FARC"
            parties += [k for c in child.children for k in under(c)]
        if child.dep_ in ("acl", "relcl") and child.lemma_ in MEDIATOR_VERBS | PARTY_VERBS:
            for agent in (c for c in child.children if c.dep_ == "agent"):
                target = mediators if child.lemma_ in MEDIATOR_VERBS else parties
                target += under(agent)
            if child.lemma_ in PARTY_VERBS:  # "a deal signed with the Taliban"
                parties += [k for c in child.children if c.dep_ == "prep" and c.lower_ == "with" for k in under(c)]
    phrase = _name_head(token)
    verb = phrase.head
    if phrase.dep_ == "pobj" and verb.lower_ in ("to", "on", "upon") and verb.head.lemma_ in PARTY_VERBS:
        phrase, verb = verb, verb.head  # "the leaders agreed to an immediate ceasefire"
    if phrase.dep_ in ("dobj", "nsubjpass", "prep") and verb.lemma_ in PARTY_VERBS:
        parties += [k for c in verb.children if c.dep_ in ("nsubj", "agent") for k in under(c)]
    if verb.lemma_ in MEDIATOR_VERBS:
        mediators += [k for c in verb.children if c.dep_ in ("nsubj", "agent") for k in under(c)]
    # "agreed to a ceasefire after talks brokered by China": who brokered the talks brokered the deal
    clause = verb.head if verb.dep_ == "prep" else verb
    for talks in (c for p in clause.children if p.dep_ == "prep" for c in p.children if c.dep_ == "pobj" and c.lower_ in TALKS):
        for broker in (c for c in talks.children if c.dep_ == "acl" and c.lemma_ in MEDIATOR_VERBS):
            mediators += [k for a in broker.children if a.dep_ == "agent" for k in under(a)]
    for t in sent:
        if t.lemma_ in MEDIATOR_VERBS and t.dep_ in ("acl", "amod", "relcl", "advcl") and t.head.i == token.i:
            mediators += [k for c in t.children if c.dep_ == "agent" for k in under(c)]
            # "a Russian-brokered agreement"
            named = (actors.demonym(c) or actors.at(c) for c in t.children if c.dep_ in ("npadvmod", "compound", "amod"))
            mediators += [m.key for m in named if m]
    if verb.lemma_ in PARTY_VERBS:
        mediators += [k for k in _auspices(verb, actors) if k not in parties]
    return list(dict.fromkeys(parties)), list(dict.fromkeys(mediators))


def _auspices(verb: Token, actors: ArticleActors) -> list[str]:
    """ "signed under Saudi mediation", "under the auspices of the African Union", "with Norway and Cuba
    acting as guarantors": who stood behind the signing."""
    keys: list[str] = []
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for obj in prep.children:
            if prep.lower_ == "under" and obj.dep_ == "pobj" and obj.lower_ in BROKERING:
                owners = [t for t in obj.subtree if t.i != obj.i]
            elif prep.lower_ == "with" and obj.dep_ == "pcomp" and any(
                p.lower_ == "as" and any(n.lower_ in BROKERING for n in p.children) for p in obj.children
            ):
                owners = [t for c in obj.children if c.dep_ == "nsubj" for t in c.subtree]
            else:
                continue
            mentions = (actors.at(t) or (actors.demonym(t) if t.dep_ == "amod" else None) for t in owners)
            keys += [m.key for m in mentions if m and m.key not in keys]
    return keys


def _name_head(token: Token) -> Token:
    """The word a whole name hangs from: "Agreement" in "the Cessation of Hostilities Agreement (CoHA)"
    is the object of "of", itself part of a name that is the object of "signed"."""
    head = token
    for _ in range(4):
        if head.dep_ in ("compound", "nmod", "appos") and head.head.i != head.i:
            head = head.head
        elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.is_title:
            head = head.head.head
        else:
            break
    return head


def _date(token: Token, article: Article) -> str | None:
    phrase = "".join(t.text_with_ws for t in token.subtree)
    found = resolve(phrase, article.published, False)
    return found if found and len(found) >= 4 else None
