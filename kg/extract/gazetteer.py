"""The gazetteers in kg/data, loaded once: countries with their aliases, demonyms and capitals, cities,
international bodies, and national armed forces."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def fold(text: str) -> str:
    """Lookup form of a name: no leading article, no dots, possessive or accents ("Bogotá" is "Bogota"),
    "St." spelt out, lower case."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    text = re.sub(r"['’]s?$", "", text)
    text = re.sub(r"\bSt\b\.?", "Saint", text).replace("&", " and ")  # "St. Vincent & the Grenadines"
    return re.sub(r"\s+", " ", text.replace(".", "")).lower()


GOVERNMENT_WORDS = {"government", "administration", "ministry", "department", "presidency", "cabinet"}


@dataclass(frozen=True)
class Country:
    name: str
    iso: str
    demonym: str | None
    capital: str | None


@dataclass(frozen=True)
class Body:
    name: str
    country: str | None = None  # ISO code, for national armed forces


class Gazetteer:
    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}  # folded name or alias -> country
        self.by_iso: dict[str, Country] = {}
        self.demonyms: dict[str, Country] = {}
        self.capitals: dict[str, Country] = {}
        # Most populous first, so a shared demonym ("American") or capital name goes to the likelier country.
        rows = sorted(json.loads((DATA / "countries.json").read_text()), key=lambda r: -r["population"])
        for row in rows:
            country = Country(row["name"], row["iso"], row["demonym"], row["capital"])
            self.by_iso[country.iso] = country
            for name in filter(None, [row["name"], *row["aliases"]]):  # an empty alias would name every blank
                self.countries.setdefault(fold(name), country)
                self.countries.setdefault(fold(name).replace(" of the ", " of "), country)  # "Republic of Congo"
            if country.demonym:
                for form in demonym_forms(country.demonym):
                    self.demonyms.setdefault(form, country)
            if country.capital:
                self.capitals.setdefault(fold(country.capital), country)
        self.cities: dict[str, str] = json.loads((DATA / "cities.json").read_text())
        bodies = json.loads((DATA / "organizations.json").read_text())
        self.bodies: dict[str, Body] = {}
        self.body_names: dict[str, list[str]] = {}  # body name -> every name it goes by, as written
        for row in bodies["organizations"]:
            self.body_names[row["name"]] = [row["name"], *row["aliases"]]
            for name in self.body_names[row["name"]]:
                self.bodies[fold(name)] = Body(row["name"])
        self.militaries: dict[str, Body] = {}
        for iso, row in bodies["militaries"].items():
            body = Body(row["name"], iso)
            self.militaries[iso] = body
            self.body_names[row["name"]] = [row["name"], *row["aliases"]]
            for name in self.body_names[row["name"]]:
                self.bodies[fold(name)] = body
        # every body's names folded, read for each article's acronyms
        self.body_folds = {body: {fold(n) for n in names} for body, names in self.body_names.items()}

    def country(self, text: str) -> Country | None:
        return self.countries.get(fold(text))

    def government(self, name: str) -> Country | None:
        """ "Venezuelan Government", "US State Department", "Azerbaijani Foreign Ministry": a government is its country."""
        words = name.split()
        if len(words) < 2 or words[-1].lower() not in GOVERNMENT_WORDS:
            return None
        return self.demonym(words[0]) or self.country(words[0])

    def demonym(self, text: str) -> Country | None:
        """ "Egyptian"; also a plural country name used as an adjective ("Philippine forces")."""
        folded = fold(text)
        return self.demonyms.get(folded) or (self.countries.get(folded + "s") if text[:1].isupper() and len(folded) > 5 else None)

    def military(self, country: Country) -> str:
        """The usual name of a country's army: from the gazetteer, else '<Demonym> Army'."""
        body = self.militaries.get(country.iso)
        return body.name if body else f"{country.demonym or country.name} Army"

    def city_country(self, name: str) -> Country | None:
        iso = self.cities.get(name.strip())
        return self.by_iso.get(iso) if iso else None


def demonym_forms(demonym: str) -> set[str]:
    """'Israeli' -> israeli, israelis; 'Egyptian' -> egyptian, egyptians; 'Ecuadorean' also -> ecuadorian."""
    bases = {fold(demonym)}
    bases |= {b[:-3] + "ian" for b in bases if b.endswith("ean")}
    return {form for b in bases for form in ({b, b + "s", b + "es"} if not b.endswith("s") else {b})}


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
