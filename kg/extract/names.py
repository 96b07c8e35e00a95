"""What a span of the parse is, read as a name: a person's name and the title before it, a place, a
news outlet or a cited source, a photo credit, an acronym the article defines. The word lists these
readings share live here too.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]  # a Cython module shipped without stubs
from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import fold, gazetteer
from kg.extract.sentences import doc_text, sentence_of, text_of
from kg.extract.triggers import MEETING_NOUNS, MEETING_VERBS

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
    "ministers",
    "president",
    "presidents",
    "premier",
    "commanders",
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
PLACE_NOUNS |= {"neighborhood", "governorate", "crossing", "border", "outskirts", "river", "valley", "state", "county", "territory"}
PLACE_NOUNS |= {"villager", "villagers", "township", "settlement"}  # "a Kyar Si villager"
ROUTES = {"road", "highway", "railway", "route", "line", "corridor", "services", "flights", "trains"}
SHIPS = {"BRP", "INS", "USS", "HMS", "MV", "MT", "RFS", "HMAS", "HMCS", "PNS", "KRI", "ROKS", "SS"}  # "BRP Sierra Madre": a vessel
SIDES = {"south", "north", "east", "west", "edge", "centre", "center", "banks", "heart"}
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson"}
COMMENTATORS = {"analyst", "expert", "researcher", "journalist", "reporter", "correspondent", "witness", "resident", "professor"}
AGREEMENT_WORDS = {"agreement", "treaty", "accord", "accords", "plan", "declaration", "resolution", "memorandum", "deal", "pact"}
AGREEMENT_WORDS |= {"protocol", "framework", "annex"}
MILITARY_NOUNS = {"military", "army", "armies"}
FACILITIES = {"hotel", "hospital", "school", "airport", "market", "mosque", "church", "university", "stadium", "mall", "prison", "palace"}
FACILITIES |= {"bridge", "station", "square", "camp", "base", "compound", "plant", "refinery", "hall", "centre", "center"}
ARMED_NOUNS = {"forces", "troops", "soldiers"}
AGENCY_NOUNS = {"intelligence"}
ANAPHORS = {"group", "organization", "organisation", "movement", "militants"}
TITLE_WORDS = {  # "datuk" and "seri" are Malay honorifics: "Datuk Seri Anwar" is Anwar
    "datuk", "seri", "president", "prime", "minister", "foreign", "secretary", "state", "general", "lieutenant", "major",
    "brigadier", "colonel", "commander", "chief", "leader", "envoy", "special", "deputy", "senior", "director", "king", "emir",
    "crown", "prince", "sheikh", "ayatollah", "supreme", "sgt", "sgt.", "first", "class", "captain", "admiral", "mr", "mrs", "ms",
    "dr", "senator", "ambassador", "ministers", "excellency", "he", "spokesman", "spokesperson", "spokeswoman", "chairperson",
    "chairman", "speaker", "defence", "defense", "interior", "external", "affairs", "opposition", "army", "national", "security",
    "adviser", "advisor", "head", "commission", "vice", "former", "acting", "gen", "lt", "col", "maj", "brig", "capt", "adm",
}
# Words that open a surname said alone: "Bin Mubarak" is Ahmed Awad bin Mubarak.
PARTICLES = {"bin", "ibn", "al", "el", "abu", "de", "van", "von", "da", "di"}
# Seats that stand for their governments: "the Kremlin said".
SEATS = {"kremlin": "Russia", "white house": "United States", "elysee": "France", "élysée": "France", "downing street": "United Kingdom"}
SEATS |= {"blue house": "South Korea", "zhongnanhai": "China", "quai d'orsay": "France"}
STRUCK = frozenset({"hit", "strike", "shell", "bomb", "pound", "target", "attack", "raid", "storm", "overrun"})  # what they hit is where
# Heads of an office, not a body: "Special Representative", "High Commissioner".
OFFICES = {"representative", "commissioner", "coordinator", "envoy", "officer", "rapporteur", "adviser", "advisor", "advisers"}
# Heads of a body's name: "the Government of National Accord" is a body, whatever word it ends on.
BODY_NOUNS = {"government", "council", "committee", "commission", "movement", "party", "front", "alliance", "army", "forces", "union"}
GROUP_NOUNS = {"group", "groups", "militia", "movement", "rebels", "faction", "coalition", "alliance", "organisation", "organization"}
SOURCE_BODIES = {"ministry", "service", "agency", "office", "department", "network", "observatory", "hospital", "police", "authority"}
SOURCE_VERBS = {"report", "say", "tell", "quote", "cite", "claim", "write", "show", "broadcast", "publish"}
MEDIA_WORDS = {"news", "times", "post", "journal", "agency", "media", "tv", "television", "broadcaster", "press", "radio", "ynet"}
MEDIA_WORDS |= {"reuters", "afp", "ap", "bbc", "cnn", "twitter", "instagram", "facebook", "telegram", "youtube", "tiktok", "whatsapp"}
MEDIA_WORDS |= {"xinhua", "kyodo", "yonhap", "tass", "irna", "nbc", "cbs", "abc"}


@functools.cache
def _tokenizer() -> Tokenizer:
    return spacy.blank("en").tokenizer


@functools.cache
def form_tokens(text: str) -> tuple[str, ...]:
    """`text` split into tokens as English articles are."""
    return tuple(t.text for t in _tokenizer()(text))


def find_form(doc: Doc, starts: dict[str, list[int]], form: str) -> list[tuple[int, int]]:
    """Token spans spelling `form`: exactly for an acronym, in any case otherwise. `starts` indexes the
    article's tokens by text and by lower-case text."""
    words = form_tokens(form)
    exact = form.isupper()
    found = []
    for i in starts.get(words[0] if exact else words[0].lower(), ()):
        span = doc[i : i + len(words)]
        if len(span) == len(words) and all(
            (t.text if exact else t.lower_) == (w if exact else w.lower()) for t, w in zip(span, words, strict=True)
        ):
            found.append((span.start, span.end))
    return found


def name_tokens(span: Span) -> list[Token]:
    """A person's name without the title or the country of the title ("Prime Minister of Armenia Nikol
    Pashinyan" is Nikol Pashinyan)."""
    tokens = [t for t in span if t.lower_.rstrip(".") not in TITLE_WORDS and not t.is_punct and t.lower_ not in ("'s", "’s", "the")]
    after = [t for t in tokens if t.i > max((t.i for t in span if t.lower_.rstrip(".") in TITLE_WORDS), default=span.end)]
    if len(after) >= 2:  # "Uganda Police Spokesperson Fred Enanga": the name follows the last title word
        tokens = after
    of = [i for i, t in enumerate(tokens) if t.lower_ == "of"]
    if of and len(tokens) - of[-1] > 2:  # "Council of Ministers Umed Sabah": the name follows the office
        tokens = tokens[of[-1] + 1 :]
    while len(tokens) > 2 and (tokens[0].lower_ in TITLE_WORDS or tokens[0].lower_ == "of" or gazetteer().country(tokens[0].text)):
        tokens.pop(0)
    return tokens


def full_name(span: Span) -> bool:
    """Two name words with capitals: "Khalil al-Hayya" is a full name, "al-Hayya" and "Fils-Aimé" surnames."""
    tokens = name_tokens(span)
    words = span.doc[tokens[0].i : tokens[-1].i + 1].text.split() if tokens else []
    return sum(1 for w in words if any(c.isupper() for c in w)) > 1


def bare_surname(text: str) -> str:
    return re.sub(r"^(al|el|bin|ibn|abu)-", "", text.lower())


def titles_before(span: Span) -> set[str]:
    """Titles written before a name ("Prime Minister", "envoy") become roles, not part of the name."""
    i = span.start
    start = sentence_of(span.doc, span.start).start
    while i > start and span.doc[i - 1].lower_.rstrip(".") in TITLE_WORDS:
        i -= 1
    title = span.doc[i : span.start].text
    return {title[0].upper() + title[1:]} if title else set()


def names_a_group(ent: Span) -> bool:
    """ "the M23 rebel group", "the Wagner militia": whatever the recogniser thought, a group's name."""
    head = ent.root
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
        if head.lower_ in GROUP_NOUNS:
            return True
    return False


def after_dateline(ent: Span) -> Span:
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


def clean(text: str) -> str:
    text = text.strip().strip("\"“”‘").strip()  # '"Islamic State' as the recogniser cut it out of a quote
    text = re.sub(r"\s*\([^)]*$", "", text)  # "Allied Democratic Forces (ADF": an unclosed bracket
    text = re.sub(r"^(the|The|an|An|a|A)\s+", "", text)
    # "Suspected Boko Haram militants", "the Kurdish-led Syrian Democratic Forces"; not "the Saudi-led coalition"
    text = re.sub(r"^(?:Suspected|Alleged|Presumed|Purported|[\w.]+-(?:led|backed|allied|linked|aligned))\s+(?=[A-Z])", "", text)
    return re.sub(r"\s*['’]s?$", "", text).strip()


def in_credit(span: Span) -> bool:
    """Inside a photo credit "(Name/AFP via Getty Images)": not part of the story."""
    sentence = sentence_of(span.doc, span.start)
    sent = text_of(sentence)
    lo = span.start_char - sentence.start_char
    open_ = sent.rfind("(", 0, lo)
    close = sent.find(")", lo)
    return open_ != -1 and close != -1 and "/" in sent[open_:close]


def _listed_root(span: Span) -> Token:
    """The head of the list or apposition a span stands in: "Lima" in "in Quito and Lima"."""
    root = span.root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    return root


WHERE_NOUNS = PLACE_NOUNS | FACILITIES | {"country", "republic", "borders", "airfield", "capital"}


def locative(span: Span) -> bool:
    """Named as where something is: "in Kenya", "Manda Bay airfield, Kenya", "the east African country
    Kenya", "an Indonesia church", "Russia's republic of Dagestan", "the borders with Niger"."""
    for root in (span.root, _listed_root(span)):
        head = root.head
        bordering = head.lower_ == "with" and head.i > 0 and head.doc[head.i - 1].lemma_ == "border"
        if root.dep_ == "pobj" and (head.lower_ in LOCATIVE or bordering):
            return True
        where = head.ent_type_ in ("GPE", "LOC", "FAC") or head.lower_ in WHERE_NOUNS
        if root.dep_ in ("compound", "amod", "nmod", "poss", "appos") and where:
            return True
    return root.dep_ == "npadvmod"


def metonymic(span: Span) -> bool:
    """A capital standing for its government: it says, does or is addressed, and is no place."""
    root = span.root
    if _sent_by(root):
        return True
    if locative(span):
        return False
    if root.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ("by", "with", "between"):
        return True
    if root.dep_ == "conj":
        return metonymic(root.head.doc[root.head.i : root.head.i + 1])
    return False


def _sent_by(root: Token) -> bool:
    """ "Representatives from Lima, Quito and Bogota": those a capital's government sends."""
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in ("from", "of") and root.head.head.lower_ in STATE_NOUNS


def in_title(span: Span) -> bool:
    """Part of a named person's title ("Hamas leader Yahya Sinwar", "Qatari Prime Minister X"); not a person
    joined by "and" to the next, however it parses ("President Luis Paz and President Rosa Vidal")."""
    token = span.root
    if token.ent_type_ == "PERSON" and any(c.dep_ == "cc" for c in token.children):
        return False
    for _ in range(4):
        if token.dep_ not in ("compound", "amod", "nmod", "poss") or token.head.i == token.i:
            return False
        token = token.head
        if token.ent_type_ == "PERSON" or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children):
            return True
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if after is not None and after.ent_iob_ == "B" and after.ent_type_ == "PERSON" and token.pos_ == "NOUN":
            return True  # "Sudan's army chief Abdel Fattah al-Burhan", however the title parses
    return False


REPORTS = {"say", "tell", "add", "confirm", "report", "reveal"}
LOCAL_OFFICES = {"mayor", "governor", "gov.", "constable", "commissioner", "superintendent", "coroner"}
# Who tells what they saw: "X, a 45-year-old grocer, said", "Villager Y said", "X, the police chief, said".
BYSTANDERS = {"villager", "mother", "father", "grocer", "shopkeeper", "farmer", "student", "survivor", "vendor", "trader", "neighbour"}
BYSTANDERS |= {"neighbor", "eyewitness", "relative", "housewife", "mechanic", "shopper", "police"} | SPOKESPEOPLE


def label_of(ent: Span) -> str:
    """The recogniser's label, mended where the gazetteer knows the name: a country or capital is a
    place ("Yerevan says" is tagged PERSON), a demonym a nationality ("Emirati" is tagged GPE)."""
    text, g = clean(ent.text), gazetteer()
    country, demonym = g.country(text), g.demonym(text)
    if ent.label_ == "NORP" and (country or demonym):  # "Thai national", "Saudi officials": an adjective still
        return "NORP"
    if country or fold(text) in g.capitals:
        return "GPE"
    return "NORP" if demonym else ent.label_


def acting_person(span: Span) -> bool:
    """People quoted for colour or cited only for a figure (spokespeople) are not actors."""
    root = span.root
    sent = sentence_of(span.doc, span.start)
    before = span.doc[max(sent.start, span.start - 3) : span.start]
    if any(t.lower_ in SPOKESPEOPLE for t in before) or (root.dep_ == "appos" and root.head.lower_ in SPOKESPEOPLE):
        return False
    if any(c.dep_ == "appos" and c.lower_ in COMMENTATORS for c in root.children):
        return False  # "X, an independent analyst": quoted for colour
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return False
    if root.dep_ == "nsubj" and root.head.lemma_ in ("say", "tell") and text_of(sent).lstrip()[:1] in '"“':
        return False
    reports = (root.dep_ == "nsubj" and root.head.lemma_ in REPORTS) or (root.head.lower_ == "by" and root.head.head.lemma_ in REPORTS)
    if reports and any(t.lower_ in LOCAL_OFFICES for t in before):
        return False  # "Mayor X said", "confirmed by District Commissioner Y": a local office cited for the facts
    described = {t.lower_ for c in root.children if c.dep_ == "appos" for t in c.subtree} | {t.lower_ for t in before}
    if reports and described & BYSTANDERS:
        return False  # "X, a 45-year-old grocer, said", "X, the government spokesperson, said": a witness or a source
    if root.dep_ in ("compound",) and root.head.lower_ in ("family", "son", "brother"):
        return False
    return not placed(span)


def place_like(span: Span) -> bool:
    """A name the recogniser took for a person or body but the text uses as a place: a known city, or
    "in Tibú", "the Nuseirat camp", "the outskirts of Nabatieh"."""
    root = span.root
    if span[0].text in SHIPS or (span.start and span.doc[span.start - 1].text in SHIPS):
        return True  # a vessel: "aboard the BRP Sindangan"
    if fold(span.text) in gazetteer().capitals:
        return not metonymic(span)
    if clean(span.text) in gazetteer().cities:  # only a capital stands for a government; a town that acts is a name
        return root.dep_ not in ("nsubj", "nsubjpass", "dobj") or (root.dep_ == "dobj" and root.head.lemma_ in STRUCK)  # "Kim held talks"
    if len(span) > 1 and span[-1].lower_ in FACILITIES | {"castle"}:
        return True  # "Quetta Trauma Centre" tagged as a person is a place
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
        return True
    if root.dep_ in ("compound", "poss", "appos") and root.head.lower_ in PLACE_NOUNS:
        return True  # "the Kyar Si village", "Balochistan's Mastung district", "another city, Kryvyi Rih,"
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.pos_ == "NOUN" and after.lemma_ in PLACE_NOUNS:
        return True  # "the Balochistan and Khyber Pakhtunkhwa provinces"
    if root.dep_ == "pobj" and root.head.lower_ == "between" and root.head.head.lower_ in FACILITIES | PLACE_NOUNS | ROUTES:
        return True  # "a bridge between Kolpur and Mach"
    of = root.head.head  # "the outskirts of Nabatieh", "the Chadian capital of N'Djamena", "the cities of Mazatlan and Culiacan"
    listed = root.dep_ == "conj" and root.head.dep_ == "pobj" and root.head.head.lower_ == "of"
    if listed:
        root, of = root.head, root.head.head.head
    return root.dep_ == "pobj" and root.head.lower_ == "of" and (of.lower_ in PLACE_NOUNS | SIDES or of.lemma_ in PLACE_NOUNS | {"capital"})


def placed(span: Span) -> bool:
    """Named as a place, whatever the recogniser tagged: "in Saladin", "the Zamzam and Abu Shorouk camps"."""
    root = _listed_root(span)
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
        return True
    if any(c.dep_ == "relcl" and any(w.lower_ == "where" for w in c.children) for c in root.children):
        return True  # "reached Kalo, where gunmen killed four"
    return root.dep_ in ("compound", "nmod") and (root.head.lower_ in PLACE_NOUNS or root.head.lemma_ in PLACE_NOUNS)


def accord(name: str) -> bool:
    """ "the Reciprocal Access Agreement", "the Windsor Framework": an agreement's name; not "the Government of
    National Accord"."""
    words = name.lower().split()
    return bool(words) and words[-1] in AGREEMENT_WORDS and not set(words) & BODY_NOUNS


def is_media(span: Span, by_verb: bool = True) -> bool:
    """A news outlet: by its words ("Times", "news agency"), or, for a body, by what it does ("X reported")."""
    words = {t.lower_ for t in span}
    head = span.root.head
    agency = head.lower_ == "agency" and any(c.lower_ == "news" for c in head.children)  # "Tasnim news agency"
    verbs = ("reported", "told") if by_verb else ("reported",)
    site = re.search(r"\.(com|net|org|co\.uk)$", span.text.strip()) is not None  # "Dawn.com"
    before = span.doc[span.start - 1].lower_ if span.start else ""  # "broadcaster NBC"
    staff = head.lower_ in ("reporter", "correspondent", "journalist")  # "a CivilNet reporter"
    named = bool(words & MEDIA_WORDS) or before in MEDIA_WORDS or (span.text.rstrip(".") == "X" and before == "on")  # "said on X"
    return named or agency or site or staff or head.lower_ in ("footage", "outlet", "outlets", *verbs)


def only_source(span: Span) -> bool:
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
    owned = any(c.dep_ == "dobj" and c.lower_ in ("responsibility", "credit") for c in root.head.children)  # "claimed responsibility"
    return root.dep_ == "nsubj" and root.head.lemma_ in SOURCE_VERBS and root.head.lemma_ != "say" and not owned


def acronyms_of(doc: Doc) -> dict[str, str]:
    """'The Israeli Defense Forces (IDF)' defines IDF for the whole article, both ways."""
    found: dict[str, str] = {}
    name = r"[A-Z][\w’'-]*"
    gap = r"[^\S\n]+"  # a name does not run on over a line break: a headline's last word is no part of it
    joined = rf"((?:{name}{gap}(?:(?:of|and|for|in|on|de|the){gap})?){{1,8}}{name})"  # "Mission in Somalia"
    for m in re.finditer(rf"{joined}{gap}\(([A-Z]{{2,8}})\)", doc_text(doc)):
        long_form, short = clean(m[1]), m[2]
        owner, _, rest = re.sub(r"['’]s ", "\x00", long_form, count=1).partition("\x00")
        long_form = rest if rest and gazetteer().country(owner) else long_form  # "Sudan's Rapid Support Forces (RSF)"
        initials = "".join(w[0] for w in long_form.split() if w[0].isupper())
        # Initials of the name, or of its name in another language ("National Liberation Army (ELN)").
        if short[0] == initials[:1] or (len(initials) >= 2 and set(short) & set(initials) and fold(short) not in MEDIA_WORDS):
            found[short] = long_form
            found["long:" + long_form] = long_form
    return found


SPLINTERS = {"dissidents", "splinter", "defectors"}
ARMY_WORDS = ("army", "armed forces", "military", "defense forces", "defence forces")


def bare(token: Token) -> bool:
    """ "the army" alone, not "the army of Chad" or "the rebel army": only a bare one is the army named before."""
    return not any(c.dep_ in ("amod", "compound", "nmod") or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children)


def met_as_person(ent: Span) -> bool:
    """ "Putin would meet Erdogan", "talks with Sisi": a name tagged as a place that no gazetteer knows, met
    or meeting, is a person's."""
    root = ent.root
    g, text = gazetteer(), clean(ent.text)
    if ent.label_ not in ("GPE", "LOC") or not all(t.is_title for t in ent) or g.country(text) or g.demonym(text):
        return False
    if fold(text) in g.capitals or text in g.cities or g.bodies.get(fold(text)):
        return False
    if root.dep_ in ("nsubj", "dobj"):
        return root.head.lemma_ in MEETING_VERBS
    return root.dep_ == "pobj" and root.head.lower_ == "with" and (
        root.head.head.lemma_ in MEETING_VERBS or root.head.head.lower_ in MEETING_NOUNS
    )
