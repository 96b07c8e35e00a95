"""Actors: who is named in an article, under which canonical name, and which mentions are actors at all.

Every mention of an actor (a named entity, a demonym standing for its country or army, a capital standing
for its government, "the group" for the organisation last named) is resolved to one key, shared across
articles: the slug of the canonical name. The other extractors ask `ArticleActors.at(token)`.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import Country, demonym_forms, fold, gazetteer
from kg.extract.names import (
    AGENCY_NOUNS,
    AGREEMENT_WORDS,
    ANAPHORS,
    ARMED_NOUNS,
    ARMY_WORDS,
    BODY_NOUNS,
    FACILITIES,
    MILITARY_NOUNS,
    OFFICES,
    PARTICLES,
    SEATS,
    SPLINTERS,
    SPOKESPEOPLE,
    STATE_NOUNS,
    TITLE_WORDS,
    accord,
    acronyms_of,
    acting_person,
    after_dateline,
    bare,
    bare_surname,
    clean,
    find_form,
    full_name,
    in_credit,
    in_title,
    is_media,
    label_of,
    locative,
    met_as_person,
    metonymic,
    name_tokens,
    names_a_group,
    only_source,
    place_like,
    placed,
    titles_before,
)
from kg.extract.persons import cataphor, merge_persons, pair_of, titled_person
from kg.extract.sentences import doc_text, evidence_of, sentence_of, text_of
from kg.keys import slug
from kg.model import Actor, Evidence

EVENTS = {"summit", "talks", "meeting", "session", "round"}  # "the Summit of the Americas" is where leaders meet


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
        self._acronyms = acronyms_of(doc)
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
        if (ahead := cataphor(token)) is not None and (m := self.at(ahead)) and self.type_of(m.key) == "Person":
            return m
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
        persons = merge_persons(doc)
        persons = [p for p in persons if not self._headline_only(p)]
        # "Yerevan says", "Azerbaijani shelling", "Ansar Allah" tagged PERSON: names the gazetteers know better
        places = [p for p in persons if label_of(p) in ("GPE", "NORP") or self.g.bodies.get(fold(clean(p.text)))]
        bodies = [e for e in doc.ents if e.label_ == "ORG" and not self.g.bodies.get(fold(clean(e.text)))]
        pairs = {e: parts for e in bodies if len(parts := pair_of(e)) == 2}  # "Toivo Klaar and Annika Söder" tagged ORG
        persons = [p for p in persons if p not in places] + [e for e in doc.ents if met_as_person(e) or titled_person(e)]
        persons += [part for parts in pairs.values() for part in parts]
        # a name the text uses as a place elsewhere ("in Kupwara") is one in a headline's "Kupwara attack" too
        where = {fold(e.text) for e in (*persons, *doc.ents) if place_like(e)}
        where -= {fold(bare_surname(p.text.split()[-1])) for p in persons if full_name(p)}  # "Obama" after "Barack Obama"
        persons = [p for p in persons if fold(p.text) not in where]
        for span in persons:  # full names first, so "Hayya" later finds "Khalil al-Hayya"
            if full_name(span):
                self._person(span)
        for span in persons:
            if not full_name(span):
                self._person(span)
        for ent in places:
            self._named(ent)
        for ent in doc.ents:
            tagged = ent.label_ in ("GPE", "LOC", "NORP", "ORG", "FAC") and ent not in pairs
            if tagged and not in_credit(ent) and not self._headline_only(ent):
                self._named(ent)
        self._elided()
        self._untagged()
        self._common_nouns()
        for e in self.entries.values():  # a spokesperson stays one: "Enanga further added that ..."
            e.acting = e.acting and not (e.type == "Person" and any(r.split()[-1].lower() in SPOKESPEOPLE for r in e.roles))

    def _elided(self) -> None:
        """ "North and South Korea", "East and West Germany": the first country's name shares the second's noun."""
        doc = self.doc
        for token in doc[:-3]:
            if not token.is_title or token.i in self.by_token or doc[token.i + 1].lower_ != "and":
                continue
            second = self.by_token.get(token.i + 2)
            if second is None or self.entries[second.key].type != "Country" or second.end - second.start != 2:
                continue
            country = self.g.country(f"{token.text} {doc[second.end - 1].text}")
            if country:
                span = doc[token.i : token.i + 1]
                self._add(slug(country.name), country.name, "Country", span, "country", acting=not locative(span))

    def _pair(self, ent: Span) -> bool:
        """ "Kiir and Machar" tagged as one body: the two people named before."""
        pair = [(k, t) for t in ent if t.lower_ != "and" and (k := self._persons.get("surname:" + bare_surname(t.text)))]
        if len(ent) != 3 or ent[1].lower_ != "and" or len(pair) != 2:
            return False
        for key, token in pair:
            self._add(key, self.entries[key].name, "Person", self.doc[token.i : token.i + 1], "person", acting=True)
        return True

    def _headline_only(self, span: Span) -> bool:
        """Title case fools the entity recogniser ("Israel Begin Talks"): trust a headline's names only when
        the body names them too."""
        in_headline = bool(self.headline) and text_of(sentence_of(self.doc, span.start)).strip() == self.headline
        return in_headline and doc_text(self.doc).count(span.text) < 2

    def _add(self, key: str, name: str, type_: str, span: Span, kind: str, acting: bool) -> Mention:
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = _Entry(name, type_)
        alias = clean(span.text)
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
        tokens = name_tokens(span)
        known = len(tokens) == 1 and "surname:" + bare_surname(tokens[0].text) in self._persons  # a person's, though a city's too
        if not tokens or (place_like(span) and not known) or is_media(span, by_verb=False) or span[-1].lower_ in AGREEMENT_WORDS:
            return
        if any(self.g.country(t.text) for t in span[: tokens[0].i - span.start]):
            span = span.doc[tokens[0].i : span.end]  # "of Armenia Nikol Pashinyan": the country is the title's
        name = span.doc[tokens[0].i : tokens[-1].i + 1].text
        name = re.sub(r"\s*['’]s$", "", name)
        folded = fold(name)
        last = bare_surname(name.split()[-1])  # "Fils-Aimé" whole
        ends = f"ends:{folded.split()[0]}|{fold(last)}"  # "Badr al-Busaidi" after "Badr bin Hamad al-Busaidi"
        key = self._persons.get(folded) or (self._persons.get(ends) if full_name(span) else None)
        if key is None and (not full_name(span) or name.split()[0].lower() in PARTICLES):  # "Bin Mubarak"
            key = self._persons.get("surname:" + last) or self._persons.get("family:" + folded)
        if key is None:
            key = slug(name)
            self._persons[folded] = key
            if full_name(span):
                self._persons.setdefault(ends, key)
                self._persons.setdefault("surname:" + last, key)
                self._persons.setdefault("family:" + folded.split()[0], key)  # "Kim" after "Kim Jong Un"
        entry_name = self.entries[key].name if key in self.entries else name
        roles = titles_before(span) | ({span.doc[span.start : tokens[0].i].text} if tokens[0].i > span.start else set())
        mention = self._add(key, entry_name, "Person", span, "person", acting=acting_person(span))
        self.entries[mention.key].roles.update(roles)

    def _named(self, ent: Span) -> None:
        ent = after_dateline(ent)
        text = clean(ent.text)
        if not text or any(t.i in self.by_token for t in ent):
            return
        g = self.g
        family = "family:" + fold(text) if not (g.country(text) or place_like(ent)) else ""  # "Yoon" after "Yoon Suk-yeol"
        person = next((self._persons[k] for k in (fold(text), "surname:" + bare_surname(text), family) if k in self._persons), None)
        if person and " " not in text.strip():  # "Witkoff's plans" tagged ORG is still the person
            self._add(person, self.entries[person].name, "Person", ent, "person", acting=acting_person(ent))
            return
        if self._pair(ent):
            return
        label = label_of(ent)
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
        if country:  # "Pakistan's military", "Myanmar junta airstrikes": its army
            head = ent.root.head if ent.root.head.lower_ in MILITARY_NOUNS else self.doc[min(ent.end, len(self.doc) - 1)]
            if ent.root.dep_ in ("poss", "compound") and head.lower_ in MILITARY_NOUNS:
                name = g.military(country)
                self._add(slug(name), name, "Organization", self.doc[ent.start : head.i + 1], "military", acting=True)
                return
            self._add(slug(country.name), country.name, "Country", ent, "country", acting=not locative(ent))
            return
        capital = g.capitals.get(fold(text))
        if capital and label == "GPE":
            if metonymic(ent):
                self._add(slug(capital.name), capital.name, "Country", ent, "capital", acting=True)
            return
        if label in ("GPE", "LOC", "FAC") and not names_a_group(ent):
            return  # a place: incidents and meetings read it as one
        if ent.root.lower_ in AGREEMENT_WORDS | EVENTS or (ent[-1].lower_ in AGREEMENT_WORDS and ent.root.lower_ not in BODY_NOUNS):
            return  # "the Mexico Agreement", "the Cessation of Hostilities Agreement", "the Summit of the Americas": no bodies
        if len(ent) == 1 and ent.root.tag_ == "NNS" and not self.g.bodies.get(fold(text)):
            return  # "Gangs launched a fresh attack": a common noun capitalised, no body's name
        if ent.root.lower_ in OFFICES:
            return  # "the EU Special Representative for the Dialogue", "Junior Commissioned Officer": a title
        if ent.root.lower_ in FACILITIES:
            return  # "the Hayat Hotel", "Dolmabahce Palace": a place, whatever the recogniser says
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_.rstrip(".") in TITLE_WORDS:
            return  # "Secretary of State": a title
        parts = re.split(r"(?<=[\w.])-(?=[A-Z])", text)
        if len(parts) > 1 and any(g.country(p) or fold(p) in self._persons or slug(p) in self.entries for p in parts):
            return  # "U.S.-Hamas talks": two sides, each named on its own elsewhere
        if g.bodies.get(fold(text)) is None and place_like(ent):
            return
        self._organization(ent, text)

    def _organization(self, ent: Span, text: str) -> None:
        g = self.g
        text = self._unowned(text)
        folded = fold(text)
        seat = SEATS.get(folded)
        country = g.country(seat) if seat else None
        if country:  # "the Kremlin said": the country
            self._add(slug(country.name), country.name, "Country", ent, "capital", acting=True)
            return
        long_form = self._acronyms.get(text)  # the article's own meaning of an acronym comes first
        body = g.bodies.get(fold(long_form)) if long_form else g.bodies.get(folded)
        if body:
            name = body.name
        elif long_form:
            name = long_form
        else:
            name = self._acronyms.get("long:" + text, text)
        if is_media(ent) or only_source(ent) or accord(name):  # "the Reciprocal Access Agreement (RAA)": no body
            return
        head = ent.root.head
        if ent.root.dep_ == "compound" and head.lower_ in SPLINTERS and head.i == ent.end:  # "FARC dissidents": a group of its own
            name, ent = f"{name} {head.lower_}", self.doc[ent.start : head.i + 1]
        country = g.country(name) or g.government(name)
        if country:  # "the Israeli government", "the US State Department" tagged ORG: the country, unless only cited
            self._add(slug(country.name), country.name, "Country", ent, "country", acting=not only_source(ent))
            return
        lone = len(ent) == 1 and body is None  # "Rakhine" tagged as a body, named as where things happen
        self._add(slug(name), name, "Organization", ent, "organization", acting=not in_title(ent) and not (lone and placed(ent)))

    def _unowned(self, text: str) -> str:
        """A body's name without the state before it: "Sudan's Rapid Support Forces", "Afghan Taliban"."""
        owner, _, rest = re.sub(r"['’]s ", "\x00", text, count=1).partition("\x00")
        if rest and self.g.country(owner):
            return rest
        first, _, rest = text.partition(" ")
        return rest if rest and self.g.demonym(first) and self.g.bodies.get(fold(rest)) else text

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
            if in_title(ent) or head.ent_type_ == "PERSON":
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
        """Where the entity recogniser missed a body ("ELN", "Al-Shabaab" starting a sentence, "the IDF") or a
        country: every name of an organisation tagged elsewhere in the article, of every body in the
        gazetteer, and of every country, is a mention too. Acronyms must match case and all."""
        forms: dict[str, tuple[str, set[str]]] = {}  # key -> (name, surface forms)
        for body, names in self.g.body_names.items():
            # an acronym the article defines as something else is not this body's ("Reporters Without Borders (RSF)")
            redefined = {n for n in names if n in self._acronyms and fold(self._acronyms[n]) not in self.g.body_folds[body]}
            forms[slug(body)] = (body, set(names) - redefined)
        for short, long in self._acronyms.items():  # "the Community of Latin American and Caribbean States (CELAC)"
            if not (short.startswith("long:") or self.g.country(long) or self.g.bodies.get(fold(long)) or accord(long)):
                forms.setdefault(slug(long), (long, set()))[1].update((long, short))
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
        for key, (name, spellings) in forms.items():
            for form in spellings:
                if (form.isupper() and len(form) >= 2) or len(form) >= 4:
                    matches += [(start, end, key, name) for start, end in find_form(self.doc, starts, form)]
        for start, end, key, name in sorted(matches, key=lambda m: (m[0], -m[1])):
            if key in self.entries and self.entries[key].type != "Organization":
                continue
            if (acting := self._supersede(start, end)) is not None:
                self._add(key, name, "Organization", self.doc[start:end], "organization", acting=acting)
        for token in self.doc:  # "Delegations of Peru and Chile", "Ramos and Paredes met" with the names untagged
            if token.ent_iob_ != "O" or token.pos_ != "PROPN" or not token.is_title or token.i in self.by_token:
                continue
            spans = [self.doc[token.i : token.i + n] for n in (3, 2, 1) if token.i + n <= len(self.doc)]  # "the Solomon Islands"
            span = next((s for s in spans if self.g.country(s.text) and not any(t.i in self.by_token for t in s)), spans[-1])
            if country := self.g.country(span.text):
                self._add(slug(country.name), country.name, "Country", span, "country", acting=not locative(span))
            elif person := self._persons.get("surname:" + bare_surname(token.text)):
                self._add(person, self.entries[person].name, "Person", span, "person", acting=acting_person(span))

    def _supersede(self, start: int, end: int) -> bool | None:
        """ "Economic Community of West African States" tagged as "Economic Community": a known body's whole name
        replaces the bodies tagged inside it and acts where they did (None: something else holds the words)."""
        inside = {self.by_token[i] for i in range(start, end) if i in self.by_token}
        if any(m.start < start or m.end > end or m.end - m.start == end - start or self.type_of(m.key) != "Organization" for m in inside):
            return None
        if not inside:
            return False
        acting = any(self.entries[m.key].acting for m in inside)
        self.mentions = [m for m in self.mentions if m not in inside]
        self.by_token = {i: m for i, m in self.by_token.items() if m not in inside}
        self.entries = {k: e for k, e in self.entries.items() if any(m.key == k for m in self.mentions)}
        return acting

    def demonym(self, token: Token) -> Mention | None:
        """ "Ukrainian drones", "Russian missiles", "Saudi mediation": the country whose they are."""
        country = self.g.demonym(token.text) or (self.g.country(token.text) if token.ent_type_ == "NORP" else None)
        if country is None or token.i in self.by_token:
            return self.by_token.get(token.i)
        # an actor of the article only if the fact that asked for it names it
        return self._add(slug(country.name), country.name, "Country", self.doc[token.i : token.i + 1], "demonym", acting=False)

    def army(self, country: Country) -> str:
        """The key of a country's armed forces: "Israel struck" in an article that names the Israeli military."""
        name = self.g.military(country)
        key = slug(name)
        if key not in self.entries:
            evidence = next((e.evidence for e in self.entries.values() if e.name == country.name), None)
            self.entries[key] = _Entry(name, "Organization", acting=False, evidence=evidence)  # named by the fact that asked
        return key

    def organization(self, span: Span) -> Mention:
        """A group only a blame or a claim of responsibility names ("Officers blamed the Estado Mayor Central")."""
        name = clean(span.text)
        return self._add(slug(name), name, "Organization", span, "organization", acting=True)

    def _common_nouns(self) -> None:
        """'the group', 'the army': a body the article already named, by the nearest earlier mention of a
        group or of an army."""
        last: dict[str, str] = {}  # "organization" or "military" -> key of the nearest earlier such body
        for token in self.doc:
            mention = self.by_token.get(token.i)
            entry = self.entries[mention.key] if mention else None
            if mention and entry and entry.type == "Organization" and mention.kind in ("organization", "military"):
                armed = mention.kind == "military" or any(w in entry.name.lower() for w in ARMY_WORDS)
                last["military" if armed else "organization"] = mention.key
                continue
            kind = "organization" if token.lower_ in ANAPHORS else "military" if token.lower_ in MILITARY_NOUNS else None
            if mention or kind not in last:
                continue
            det = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
            if det == ["the"] and token.dep_ not in ("attr", "appos") and (kind == "organization" or bare(token)):
                span = self.doc[token.i - 1 : token.i + 1]
                mention = Mention(last[kind], span.start, span.end, "anaphor")
                self.mentions.append(mention)
                self.by_token[token.i] = mention
