"""Plain, frozen dataclasses passed between the stages: articles -> extraction -> graph.

Extractors return these with character offsets into the article text, never spaCy objects, so every fact
leads back to file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Article:
    """One plain-text article as read from disk."""

    id: str  # the file's stem: keys the article's IRI and named graph
    path: str
    text: str  # the whole file, decoded: every offset points into it
    body: str  # `text` with byline and date line blanked out, same length, for the parser
    sha256: str
    headline: str | None = None
    byline: str | None = None
    published: date | None = None
    dateline: str | None = None  # the city a wire dateline names: "Panama City" for "PANAMA CITY, Panama (AP) —"

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the file of a character offset."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start + 1


@dataclass(frozen=True)
class BuildKey:
    """What an article's graph was read from: its text, its publication date (its date line's, else
    --published) and the rules' version (kg.rules). A rebuild skips the article only while all match."""

    sha256: str
    published: date | None
    rules: str | None  # None: read before the rules had a version


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from, and the rule that read it."""

    start: int  # character offsets of the sentence in the article text
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class Actor:
    """A person, organisation or country, keyed by its normalised canonical name."""

    key: str
    name: str
    type: str  # Person | Organization | Country
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None  # actor key of the country it lies in
    within: str | None = None  # the wider place the text puts it in: "Istanbul's Dolmabahce Palace"

    def holds(self, other: Place) -> bool:
        """The same place, or one of the two inside the other as the text says."""
        return self.name == other.name or self.within == other.name or other.within == self.name


@dataclass(frozen=True)
class Meeting:
    participants: tuple[str, ...]  # actor keys
    status: str  # held | planned | ongoing | cancelled
    evidence: tuple[Evidence, ...]
    place: Place | None = None
    date: str | None = None  # ISO at the precision the text gives: 2025-11-23, 2025-11 or 2025


@dataclass(frozen=True)
class Agreement:
    name: str
    kind: str  # ceasefire, deal, plan, resolution, ...
    evidence: tuple[Evidence, ...]
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    date: str | None = None
    identity: str | None = None  # a key shared across articles when the text names it, else None


@dataclass(frozen=True)
class Claim:
    """A casualty figure as one source states it; min and max keep "at least" and "20 to 21"."""

    evidence: Evidence
    killed_min: int | None = None
    killed_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    source: str | None = None  # actor key, or the plain name of a non-actor source
    source_is_actor: bool = False


@dataclass(frozen=True)
class Incident:
    kind: str
    evidence: tuple[Evidence, ...]
    claims: tuple[Claim, ...] = ()
    place: Place | None = None
    date: str | None = None
    perpetrator: str | None = None  # actor key
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one article."""

    article: Article
    actors: tuple[Actor, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    incidents: tuple[Incident, ...] = ()
