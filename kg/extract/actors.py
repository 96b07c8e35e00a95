"""Actors: who is named in an article, under which canonical name, and which mentions are actors at all.

Every mention of an actor (a named entity, a demonym standing for its country or army, a capital standing
for its government, "the group" for the organisation last named) is resolved to one key, shared across
articles: the slug of the canonical name. The other extractors ask `ArticleActors.at(token)`.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import spacy
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import Country, demonym_forms, fold, gazetteer
from kg.extract.sentences import doc_text, evidence_of, sentence_of, text_of
from kg.keys import slug
from kg.model import Actor, Evidence

# Prepositions after which a country or city is where something happened, not who did it.
LOCATIVE = {
    "in",
    "at",
    "near",
    "across",
    "inside",
    "into",
    "within",
    "throughout",
    "around",
    "outside",
    "to",
    "from",
    "over",
    "toward",
    "towards",
    "through",
}
# Nouns that make a demonym stand for its state ("Qatari mediators" -> Qatar).
STATE_NOUNS = {
    "delegation",
    "delegations",
    "delegate",
    "delegates",
    "official",
    "officials",
    "government",
    "leaders",
    "leader",
    "leadership",
    "mediator",
    "mediators",
    "negotiator",
    "negotiators",
    "envoy",
    "envoys",
    "side",
    "team",
    "teams",
    "sides",
    "negotiating",
    "diplomats",
    "diplomat",
    "authorities",
    "counterpart",
    "counterparts",
    "representatives",
    "representative",
    "ministry",
    "minister",
    "president",
    "administration",
    "state",
    "figures",
    "officers",
    "forces",
    "troops",
    "soldiers",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "shelling",
    "attack",
    "attacks",
    "drone",
    "jets",
    "warplanes",
    "navy",
    "police",
}
PLACE_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within"}
PLACE_NOUNS = {"camp", "port", "province", "district", "region", "town", "city", "village", "hospital", "area", "neighbourhood"}
PLACE_NOUNS |= {"neighborhood", "governorate", "crossing", "border", "outskirts", "river", "valley", "state", "county"}
SIDES = {"south", "north", "east", "west", "edge", "centre", "center", "banks", "heart"}
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson"}
AGREEMENT_WORDS = {"agreement", "treaty", "accord", "accords", "plan", "declaration", "resolution", "memorandum", "deal", "pact"}
MILITARY_NOUNS = {"military", "army"}
FACILITIES = {"hotel", "hospital", "school", "airport", "market", "mosque", "church", "university", "stadium", "mall", "prison", "palace"}
FACILITIES |= {"bridge", "station", "square", "camp", "base", "compound", "plant", "refinery", "hall", "centre", "center"}
ARMED_NOUNS = {"forces", "troops", "soldiers"}
AGENCY_NOUNS = {"intelligence"}
ANAPHORS = {"group", "organization", "organisation", "movement", "militants"}
TITLE_WORDS = {
    "president",
    "prime",
    "minister",
    "foreign",
    "secretary",
    "state",
    "general",
    "lieutenant",
    "major",
    "brigadier",
    "colonel",
    "commander",
    "chief",
    "leader",
    "envoy",
    "special",
    "deputy",
    "senior",
    "director",
    "king",
    "emir",
    "crown",
    "prince",
    "sheikh",
    "ayatollah",
    "supreme",
    "sgt",
    "sgt.",
    "first",
    "class",
    "captain",
    "admiral",
    "mr",
    "mrs",
    "ms",
    "dr",
    "senator",
    "ambassador",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "chairperson",
    "chairman",
    "speaker",
    "defence",
    "defense",
    "interior",
    "external",
    "affairs",
    "opposition",
    "army",
    "national",
    "security",
    "adviser",
    "advisor",
    "head",
    "commission",
    "vice",
    "former",
    "acting",
}
GROUP_NOUNS = {"group", "groups", "militia", "movement", "rebels", "faction", "coalition", "alliance", "organisation", "organization"}
SOURCE_BODIES = {"ministry", "service", "agency", "office", "department", "network", "observatory", "hospital", "police", "authority"}
SOURCE_VERBS = {"report", "say", "tell", "quote", "cite", "claim", "write", "show", "broadcast", "publish"}
MEDIA_WORDS = {
    "news",
    "times",
    "post",
    "journal",
    "agency",
    "media",
    "tv",
    "television",
    "broadcaster",
    "press",
    "radio",
    "ynet",
    "reuters",
    "afp",
    "ap",
    "bbc",
    "cnn",
}


@dataclass
class _Entry:
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    acting: bool = False  # at least one mention where it acts or is acted upon, not only a place or a source
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Mention:
    key: str
    start: int  # token indices
    end: int
    kind: str  # name | demonym | capital | anaphor


class ArticleActors:
    """The actors of one article and where each is mentioned."""

    def __init__(self, doc: Doc, headline: str | None = None) -> None:
        self.doc = doc
        self.headline = headline
        self.g = gazetteer()
        self.entries: dict[str, _Entry] = {}
        self.by_token: dict[int, Mention] = {}
        self.mentions: list[Mention] = []
        self._persons: dict[str, str] = {}  # surname / full name folded -> key
        self._acronyms = _acronyms(doc)
        self._armies: dict[str, bool] = {}  # country ISO code -> whether the article names its army
        self._read()

    # -- public ------------------------------------------------------------------------------------------
    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def in_span(self, start: int, end: int) -> list[Mention]:
        seen: dict[str, Mention] = {}
        for m in self.mentions:
            if m.start >= start and m.end <= end:
                seen.setdefault(m.key, m)
        return list(seen.values())

    def pronoun(self, token: Token) -> Mention | None:
        """'he' or 'she': the person named last before it, preferring one who is a subject."""
        if token.lower_ not in ("he", "she", "him", "her"):
            return None
        people = sorted((m for m in self.mentions if m.end <= token.i and self.entries[m.key].type == "Person"), key=lambda m: m.start)
        subjects = [m for m in people if self.doc[m.start : m.end].root.dep_ in ("nsubj", "nsubjpass", "appos")]
        chosen = (subjects or people)[-1:] if people else []
        return chosen[0] if chosen and token.i - chosen[0].end < 60 else None

    def type_of(self, key: str) -> str:
        return self.entries[key].type

    def acting(self, key: str) -> bool:
        """Whether the actor takes part somewhere in the article, beyond being named as a place or source."""
        return self.entries[key].acting

    def view(self) -> ArticleActors:
        """A copy for one extractor. What it adds (a group only a blame names, "Russian missiles" for Russia)
        stays in its copy, so no extractor sees another's additions and their order cannot change a fact."""
        other = copy.copy(self)
        other.entries = {k: dataclasses.replace(e, aliases=set(e.aliases), roles=set(e.roles)) for k, e in self.entries.items()}
        other.by_token = dict(self.by_token)
        other.mentions = list(self.mentions)
        return other

    def actors(self, views: Iterable[ArticleActors] = (), used: Iterable[str] = ()) -> tuple[Actor, ...]:
        """The article's actors: those acting in its text or in the views the extractors read, and those
        its facts name (`used`), each with the aliases every view found for it."""
        merged: dict[str, _Entry] = {}
        for source in (self, *views):
            for key, e in source.entries.items():
                m = merged.setdefault(key, _Entry(e.name, e.type))
                m.aliases |= e.aliases
                m.roles |= e.roles
                if m.evidence is None or (e.acting and not m.acting):
                    m.evidence = e.evidence or m.evidence
                m.acting = m.acting or e.acting
        wanted = set(used)
        return tuple(
            Actor(key, e.name, e.type, tuple(sorted(e.aliases)), tuple(sorted(e.roles)), (e.evidence,) if e.evidence else ())
            for key, e in merged.items()
            if e.acting or key in wanted
        )

    # -- reading -----------------------------------------------------------------------------------------
    def _read(self) -> None:
        doc = self.doc
        persons = _merge_persons(doc)
        persons = [p for p in persons if not self._headline_only(p)]
        # "Yerevan says", "Azerbaijani shelling", "Ansar Allah" tagged PERSON: names the gazetteers know better
        places = [p for p in persons if self._label(p) in ("GPE", "NORP") or self.g.bodies.get(fold(_clean(p.text)))]
        persons = [p for p in persons if p not in places]
        for span in persons:  # full names first, so "Hayya" later finds "Khalil al-Hayya"
            if _full_name(span):
                self._person(span)
        for span in persons:
            if not _full_name(span):
                self._person(span)
        for ent in places:
            self._named(ent)
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "NORP", "ORG", "FAC") and not _in_credit(ent) and not self._headline_only(ent):
                self._named(ent)
        self._untagged()
        self._common_nouns()

    def _label(self, ent: Span) -> str:
        """The recogniser's label, mended where the gazetteer knows the name: a country or capital is a
        place ("Yerevan says" is tagged PERSON), a demonym a nationality ("Emirati" is tagged GPE)."""
        text = _clean(ent.text)
        country, demonym = self.g.country(text), self.g.demonym(text)
        if ent.label_ == "NORP" and (country or demonym):  # "Thai national", "Saudi officials": an adjective still
            return "NORP"
        if country or fold(text) in self.g.capitals:
            return "GPE"
        return "NORP" if demonym else ent.label_

    def _headline_only(self, span: Span) -> bool:
        """Title case fools the entity recogniser ("Israel Begin Talks"): trust a headline's names only when
        the body names them too."""
        return (
            bool(self.headline)
            and text_of(sentence_of(self.doc, span.start)).strip() == self.headline
            and doc_text(self.doc).count(span.text) < 2
        )

    def _add(self, key: str, name: str, type_: str, span: Span, kind: str, acting: bool) -> Mention:
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = _Entry(name, type_)
        alias = _clean(span.text)
        if alias:
            entry.aliases.add(alias)
        if entry.evidence is None or (acting and not entry.acting):  # where it acts, else where first named
            entry.evidence = evidence_of(sentence_of(span.doc, span.start), f"actors.{kind}")
        entry.acting = entry.acting or acting
        mention = Mention(key, span.start, span.end, kind)
        self.mentions.append(mention)
        for i in range(span.start, span.end):
            self.by_token.setdefault(i, mention)
        return mention

    def _person(self, span: Span) -> None:
        tokens = _name_tokens(span)
        if not tokens or self._place_like(span) or _is_media(span, by_verb=False):
            return
        name = span.doc[tokens[0].i : tokens[-1].i + 1].text
        name = re.sub(r"\s*['’]s$", "", name)
        folded = fold(name)
        last = _bare_surname(name.split()[-1])  # "Fils-Aimé" whole
        key = self._persons.get(folded)
        if key is None and not _full_name(span):
            key = self._persons.get("surname:" + last)
        if key is None:
            key = slug(name)
            self._persons[folded] = key
            if _full_name(span):
                self._persons.setdefault("surname:" + last, key)
        entry_name = self.entries[key].name if key in self.entries else name
        roles = _roles(span)
        mention = self._add(key, entry_name, "Person", span, "person", acting=_acting_person(span))
        self.entries[mention.key].roles.update(roles)

    def _named(self, ent: Span) -> None:
        ent = _after_dateline(ent)
        text = _clean(ent.text)
        if not text or any(t.i in self.by_token for t in ent):
            return
        g = self.g
        person = self._persons.get(fold(text)) or self._persons.get("surname:" + _bare_surname(text))
        if person and " " not in text.strip():  # "Witkoff's plans" tagged ORG is still the person
            self._add(person, self.entries[person].name, "Person", ent, "person", acting=_acting_person(ent))
            return
        label = self._label(ent)
        if label == "NORP" and g.bodies.get(fold(text)):  # "Houthi negotiators": the group
            self._organization(ent, text)
            return
        if label == "NORP":
            if country := g.demonym(text) or g.country(text):  # "South Korean", "Saudi"
                self._demonym(ent, country)
                return
            for token in ent:  # "Egyptian and Qatari" can be one entity
                country = g.demonym(token.text)
                if country and token.i not in self.by_token:
                    self._demonym(self.doc[token.i : token.i + 1], country)
            return
        country = g.country(text)
        if country:
            head = ent.root.head
            if ent.root.dep_ == "poss" and head.lower_ in MILITARY_NOUNS:  # "Pakistan's military": its army
                name = g.military(country)
                self._add(slug(name), name, "Organization", self.doc[ent.start : head.i + 1], "military", acting=True)
                return
            self._add(slug(country.name), country.name, "Country", ent, "country", acting=not _locative(ent))
            return
        capital = g.capitals.get(fold(text))
        if capital and label == "GPE":
            if _metonymic(ent):
                self._add(slug(capital.name), capital.name, "Country", ent, "capital", acting=True)
            return
        if label in ("GPE", "LOC", "FAC") and not _names_a_group(ent):
            return  # a place: incidents and meetings read it as one
        if ent.root.lower_ in AGREEMENT_WORDS:
            return  # "the Mexico Agreement" tagged ORG is an agreement
        if ent.root.lower_ in FACILITIES:
            return  # "the Hayat Hotel", "Dolmabahce Palace": a place, whatever the recogniser says
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_.rstrip(".") in TITLE_WORDS:
            return  # "Secretary of State": a title
        parts = re.split(r"(?<=[\w.])-(?=[A-Z])", text)
        if len(parts) > 1 and any(g.country(p) or fold(p) in self._persons or slug(p) in self.entries for p in parts):
            return  # "U.S.-Hamas talks": two sides, each named on its own elsewhere
        if g.bodies.get(fold(text)) is None and self._place_like(ent):
            return
        self._organization(ent, text)

    def _place_like(self, span: Span) -> bool:
        """A name the recogniser took for a person or body but the text uses as a place: a known city, or
        "in Tibú", "the Nuseirat camp", "the outskirts of Nabatieh"."""
        root = span.root
        if fold(span.text) in self.g.capitals or _clean(span.text) in self.g.cities:
            return not _metonymic(span)
        if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
            return True
        if root.dep_ == "compound" and root.head.lower_ in PLACE_NOUNS:
            return True
        return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in PLACE_NOUNS | SIDES

    def _organization(self, ent: Span, text: str) -> None:
        g = self.g
        folded = fold(text)
        long_form = self._acronyms.get(text)  # the article's own meaning of an acronym comes first
        body = g.bodies.get(fold(long_form)) if long_form else g.bodies.get(folded)
        if body:
            name = body.name
        elif long_form:
            name = long_form
        else:
            name = self._acronyms.get("long:" + text, text)
        if _is_media(ent) or _only_source(ent):
            return
        country = g.country(name)
        if country:  # "the Israeli government" tagged ORG is the country
            self._add(slug(country.name), country.name, "Country", ent, "country", acting=True)
            return
        self._add(slug(name), name, "Organization", ent, "organization", acting=not _in_title(ent))

    def _demonym(self, ent: Span, country: Country) -> None:
        root = ent.root
        while root.dep_ == "conj" and root.head.i != root.i:  # "Iranian and American negotiators"
            root = root.head
        head = root.head if root.dep_ in ("amod", "compound", "nmod") else None
        if head is None or head.i == ent.root.i:
            return  # "Palestinians" as victims, or a lone adjective: no actor
        noun = head.lower_
        between = {t.lower_ for t in self.doc[ent.end : head.i]}
        if between & AGENCY_NOUNS:  # "Egyptian intelligence chiefs"
            noun = next(iter(between & AGENCY_NOUNS))
            head = next(t for t in self.doc[ent.end : head.i] if t.lower_ == noun)
        span = self.doc[ent.start : head.i + 1] if head.i == ent.end else ent  # "Iranian and American negotiators"
        if noun in MILITARY_NOUNS or (noun in ARMED_NOUNS and self.military_named(country)):
            name = self.g.military(country)
            self._add(slug(name), name, "Organization", span, "military", acting=True)
        elif noun in AGENCY_NOUNS:
            name = f"{country.demonym} {noun}"
            self._add(slug(name), name, "Organization", span, "agency", acting=True)
        elif noun in STATE_NOUNS or noun in ARMED_NOUNS:
            if _in_title(ent) or head.ent_type_ == "PERSON":
                return  # "Israeli Prime Minister Benjamin Netanyahu": the nationality is part of the title
            self._add(slug(country.name), country.name, "Country", span, "demonym", acting=True)

    def military_named(self, country: Country) -> bool:
        """Does the article name the country's army itself ("the IDF", "the Israeli military said", "Pakistan's
        army")? Then "Israeli troops" are that army. "An Israeli military operation" names no army."""
        if country.iso not in self._armies:  # asked for each "troops" and each state's attack: read once
            self._armies[country.iso] = self._names_army(country)
        return self._armies[country.iso]

    def _names_army(self, country: Country) -> bool:
        name = self.g.military(country)
        text = fold(doc_text(self.doc))
        if any(re.search(rf"\b{re.escape(fold(n))}\b", text) for n in self.g.body_names.get(name, [name])):
            return True
        owners = {fold(country.name), *(demonym_forms(country.demonym) if country.demonym else ())}
        return any(
            token.lower_ in MILITARY_NOUNS
            and token.pos_ in ("NOUN", "PROPN")
            and token.dep_ not in ("amod", "compound")
            and any(c.dep_ in ("amod", "poss", "compound") and fold(c.text) in owners for c in token.children)
            for token in self.doc
        )

    def _untagged(self) -> None:
        """Where the entity recogniser missed a body ("ELN", "Al-Shabaab" starting a sentence, "the IDF"):
        every name of an organisation tagged elsewhere in the article, and of every body in the gazetteer,
        is a mention too. Acronyms must match case and all."""
        forms: dict[str, tuple[str, set[str]]] = {}  # key -> (name, surface forms)
        for body, names in self.g.body_names.items():
            # an acronym the article defines as something else is not this body's ("Reporters Without Borders (RSF)")
            folded = {fold(n) for n in names}
            forms[slug(body)] = (body, {n for n in names if n not in self._acronyms or fold(self._acronyms[n]) in folded})
        for key, entry in self.entries.items():
            if entry.type == "Organization":
                known = forms.setdefault(key, (entry.name, set()))[1]
                known |= {entry.name, *entry.aliases, *self.g.body_names.get(entry.name, ())}
                known |= {short for short, long in self._acronyms.items() if long in known}
        starts: dict[str, list[int]] = {}
        for token in self.doc:
            starts.setdefault(token.text, []).append(token.i)
            if token.lower_ != token.text:
                starts.setdefault(token.lower_, []).append(token.i)
        matches = []
        for key, (name, names) in forms.items():
            for form in names:
                if (form.isupper() and len(form) >= 2) or len(form) >= 4:
                    matches += [(start, end, key, name) for start, end in _find(self.doc, starts, form)]
        for start, end, key, name in sorted(matches, key=lambda m: (m[0], -m[1])):
            if any(i in self.by_token for i in range(start, end)):
                continue
            if key in self.entries and self.entries[key].type != "Organization":
                continue
            self._add(key, name, "Organization", self.doc[start:end], "organization", acting=False)

    def demonym(self, token: Token) -> Mention | None:
        """ "Ukrainian drones", "Russian missiles": the country whose weapons they are, when a fact needs it."""
        country = self.g.demonym(token.text)
        if country is None or token.i in self.by_token:
            return self.by_token.get(token.i)
        return self._add(slug(country.name), country.name, "Country", self.doc[token.i : token.i + 1], "demonym", acting=True)

    def army(self, country: Country) -> str:
        """The key of a country's armed forces, an actor of the article from now on: "Israel struck" in an
        article that names the Israeli military."""
        name = self.g.military(country)
        key = slug(name)
        if key not in self.entries:
            evidence = next((e.evidence for e in self.entries.values() if e.name == country.name), None)
            self.entries[key] = _Entry(name, "Organization", acting=True, evidence=evidence)
        return key

    def organization(self, span: Span) -> Mention:
        """A group only a blame or a claim of responsibility names ("Officers blamed the Estado Mayor Central")."""
        name = _clean(span.text)
        return self._add(slug(name), name, "Organization", span, "organization", acting=True)

    def _common_nouns(self) -> None:
        """'the army', 'the group': a body the article already named, by the nearest earlier mention."""
        last_org: str | None = None
        for token in self.doc:
            mention = self.by_token.get(token.i)
            if mention and self.entries[mention.key].type == "Organization" and mention.kind in ("organization",):
                last_org = mention.key
                continue
            if mention or token.lower_ not in ANAPHORS or not last_org:
                continue
            det = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
            if "the" in det and token.dep_ not in ("attr", "appos"):
                span = self.doc[token.i - 1 : token.i + 1]
                mention = Mention(last_org, span.start, span.end, "anaphor")
                self.mentions.append(mention)
                self.by_token[token.i] = mention


@functools.cache
def _tokenizer() -> Tokenizer:
    return spacy.blank("en").tokenizer


@functools.cache
def _words(text: str) -> tuple[str, ...]:
    """`text` split into tokens as English articles are."""
    return tuple(t.text for t in _tokenizer()(text))


def _find(doc: Doc, starts: dict[str, list[int]], form: str) -> list[tuple[int, int]]:
    """Token spans spelling `form`: exactly for an acronym, in any case otherwise. `starts` indexes the
    article's tokens by text and by lower-case text."""
    words = _words(form)
    exact = form.isupper()
    found = []
    for i in starts.get(words[0] if exact else words[0].lower(), ()):
        span = doc[i : i + len(words)]
        if len(span) == len(words) and all(
            (t.text if exact else t.lower_) == (w if exact else w.lower()) for t, w in zip(span, words, strict=True)
        ):
            found.append((span.start, span.end))
    return found


def _merge_persons(doc: Doc) -> list[Span]:
    """PERSON entities, with neighbours the model split ("Hassan Sheikh" + "Mohamud") joined again, and
    hyphenated surnames whole ("Phumzile Mlambo" + "-Ngcuka", "Alix Didier" + "Fils-Aimé")."""
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or _in_credit(ent):
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
    return spans


def _modifies_next(token: Token) -> bool:
    """'the Putin-Witkoff meeting': two names joined to describe a noun, not one surname."""
    return token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i and not token.head.is_title


def _hyphen_at(doc: Doc, i: int) -> bool:
    """A hyphen joining two capitalised words without spaces: "Mlambo-Ngcuka"."""
    return i + 1 < len(doc) and doc[i].text in ("-", "‐") and not doc[i - 1].whitespace_ and not doc[i].whitespace_ and doc[i + 1].is_title


def _name_tokens(span: Span) -> list[Token]:
    tokens = [t for t in span if t.lower_.rstrip(".") not in TITLE_WORDS and not t.is_punct and t.lower_ not in ("'s", "’s", "the")]
    while tokens and tokens[0].lower_ in TITLE_WORDS:
        tokens.pop(0)
    return tokens


def _full_name(span: Span) -> bool:
    """Two name words with capitals: "Khalil al-Hayya" is a full name, "al-Hayya" and "Fils-Aimé" surnames."""
    tokens = _name_tokens(span)
    words = span.doc[tokens[0].i : tokens[-1].i + 1].text.split() if tokens else []
    return sum(1 for w in words if any(c.isupper() for c in w)) > 1


def _bare_surname(text: str) -> str:
    return re.sub(r"^(al|el|bin|ibn|abu)-", "", text.lower())


def _roles(span: Span) -> set[str]:
    """Titles written before a name ("Prime Minister", "envoy") become roles, not part of the name."""
    i = span.start
    start = sentence_of(span.doc, span.start).start
    while i > start and span.doc[i - 1].lower_.rstrip(".") in TITLE_WORDS:
        i -= 1
    title = span.doc[i : span.start].text
    return {title[0].upper() + title[1:]} if title else set()


def _names_a_group(ent: Span) -> bool:
    """ "the M23 rebel group", "the Wagner militia": whatever the recogniser thought, a group's name."""
    head = ent.root
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
        if head.lower_ in GROUP_NOUNS:
            return True
    return False


def _after_dateline(ent: Span) -> Span:
    """'JEDDAH - Delegations' or 'CAIRO (Reuters) — Egypt': a dateline is no part of a name."""
    dash = next((t for t in ent if t.text in ("-", "–", "—")), None)
    if dash is None or ent.start != sentence_of(ent.doc, ent.start).start or dash.i == ent.start:
        return ent
    if not all(t.is_upper or t.is_punct or t.text in ("Reuters", "AFP", "AP") for t in ent.doc[ent.start : dash.i]):
        return ent
    rest = Span(ent.doc, dash.i + 1, ent.end, label=ent.label_)
    # What follows starts a sentence, so its first word is capitalised anyway: "Delegations" is no name.
    named = (len(rest) > 1 and any(t.pos_ == "PROPN" for t in rest[1:])) or rest.text.isupper()
    return rest if named else Span(ent.doc, dash.i + 1, dash.i + 1, label=ent.label_)


def _clean(text: str) -> str:
    text = re.sub(r"\s*\([^)]*$", "", text.strip())  # "Allied Democratic Forces (ADF": an unclosed bracket
    text = re.sub(r"^(the|The|an|An|a|A)\s+", "", text)
    return re.sub(r"\s*['’]s?$", "", text).strip()


def _in_credit(span: Span) -> bool:
    """Inside a photo credit "(Name/AFP via Getty Images)": not part of the story."""
    sentence = sentence_of(span.doc, span.start)
    sent = text_of(sentence)
    lo = span.start_char - sentence.start_char
    open_ = sent.rfind("(", 0, lo)
    close = sent.find(")", lo)
    return open_ != -1 and close != -1 and "/" in sent[open_:close]


def _locative(span: Span) -> bool:
    root = span.root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return root.dep_ == "npadvmod"


def _metonymic(span: Span) -> bool:
    """A capital standing for its government: it says, does or is addressed, and is no place."""
    root = span.root
    if _locative(span):
        return False
    if root.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ("by", "with", "between"):
        return True
    if root.dep_ == "conj":
        return _metonymic(root.head.doc[root.head.i : root.head.i + 1])
    return False


def _in_title(span: Span) -> bool:
    """Part of a named person's title ("Hamas leader Yahya Sinwar", "Qatari Prime Minister X")."""
    token = span.root
    for _ in range(4):
        if token.dep_ not in ("compound", "amod", "nmod", "poss") or token.head.i == token.i:
            return False
        token = token.head
        if token.ent_type_ == "PERSON" or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children):
            return True
    return False


def _acting_person(span: Span) -> bool:
    """People quoted for colour or cited only for a figure (spokespeople) are not actors."""
    root = span.root
    sent = sentence_of(span.doc, span.start)
    before = span.doc[max(sent.start, span.start - 3) : span.start]
    if any(t.lower_ in SPOKESPEOPLE for t in before) or (root.dep_ == "appos" and root.head.lower_ in SPOKESPEOPLE):
        return False
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return False
    if root.dep_ == "nsubj" and root.head.lemma_ in ("say", "tell") and text_of(sent).lstrip()[:1] in '"“':
        return False
    if root.dep_ in ("compound",) and root.head.lower_ in ("family", "son", "brother"):
        return False
    return True


def _is_media(span: Span, by_verb: bool = True) -> bool:
    """A news outlet: by its words ("Times", "news agency"), or, for a body, by what it does ("X reported")."""
    words = {t.lower_ for t in span}
    head = span.root.head
    agency = head.lower_ == "agency" and any(c.lower_ == "news" for c in head.children)  # "Tasnim news agency"
    verbs = ("reported", "told") if by_verb else ("reported",)
    return bool(words & MEDIA_WORDS) or agency or head.lower_ in ("footage", "outlet", "outlets", *verbs)


def _only_source(span: Span) -> bool:
    """Cited for a figure or a report: "according to X", "X reported", and ministries, services and monitors
    that "said" ("Ukraine's State Emergency Service said", "the SBU security service said")."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True
    noun = root
    while noun.dep_ in ("compound", "amod"):
        noun = noun.head
    if noun.lower_ in SOURCE_BODIES and noun.dep_ == "nsubj" and noun.head.lemma_ in SOURCE_VERBS:
        return True
    return root.dep_ == "nsubj" and root.head.lemma_ in SOURCE_VERBS and root.head.lemma_ != "say"


def _acronyms(doc: Doc) -> dict[str, str]:
    """'The Israeli Defense Forces (IDF)' defines IDF for the whole article, both ways."""
    found: dict[str, str] = {}
    name = r"[A-Z][\w’'-]*"
    joined = rf"((?:{name}\s+(?:(?:of|and|for|in|on|de|the)\s+)?){{1,8}}{name})"  # "Mission in Somalia"
    for m in re.finditer(rf"{joined}\s+\(([A-Z]{{2,8}})\)", doc_text(doc)):
        long_form, short = _clean(m[1]), m[2]
        initials = "".join(w[0] for w in long_form.split() if w[0].isupper())
        # Initials of the name, or of its name in another language ("National Liberation Army (ELN)").
        if short[0] == initials[:1] or (len(initials) >= 2 and set(short) & set(initials) and fold(short) not in MEDIA_WORDS):
            found[short] = long_form
            found["long:" + long_form] = long_form
    return found
