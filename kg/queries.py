"""Named SPARQL queries: the .rq files in queries/, shipped with the package and found by name, and the
parameters each one declares in its header comment (`# @actor a or b is this actor`).

A parameter is bound as an RDF term in a VALUES block at the top of the query's WHERE group, written by
pyoxigraph's serialiser (quotes, backslashes and line breaks escaped), never as the user's text. Each
query reads its parameter `NAME` as `?_NAME` in filters that let every row through while it is unbound,
so the .rq file run as it stands, here or on any SPARQL store, returns every row. pyoxigraph's own
`substitutions` would not do: it binds only projected variables, and after the filters have run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.sparql import where_group

#: Taken by every named query: solution modifiers, added after its ORDER BY.
PAGING = {"limit": "at most this many rows", "offset": "skip this many rows first"}
DATES = ("since", "until")
# `# @actor [?meeting kg:participant ?_who .] help`: a parameter, and the triple pattern that joins the
# actor's IRIs (?_who) into the query's first group when it is given, so the store starts from them
_DECLARED = re.compile(r"#\s*@(\w+)\s+(?:\[(.*)\]\s+)?(.*)")
# The IRIs (?_who) of the things with a label that is the actor parameter, case-insensitively: a few
# thousand labels read, which lets a query start from those IRIs instead of filtering every row.
_WHO = (
    "{{ SELECT DISTINCT ?_who WHERE {{ VALUES ?_name {{ {name} }} GRAPH ?_g {{ ?_who skos:prefLabel|skos:altLabel ?_label }}"
    " FILTER(LCASE(STR(?_label)) = LCASE(STR(?_name))) }} }}"
)
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Parameter:
    """A declared parameter; `joins` is the query's own pattern over ?_who that an actor starts from."""

    name: str
    help: str
    joins: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its name, the first line of its header, the parameters it declares and its text."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def accepts(self) -> list[str]:
        return [p.name for p in self.parameters] + list(PAGING)


def _folder() -> Traversable:  # a real folder in a checkout, a package resource when installed
    return files("kg.named_queries")


def _read(name: str, text: str) -> NamedQuery:
    header = [line for line in text.splitlines() if line.startswith("#")]
    declared = tuple(Parameter(m[1], m[3].strip(), m[2] or "") for m in map(_DECLARED.fullmatch, header) if m)
    return NamedQuery(name, header[0].lstrip("# ").strip() if header else "", declared, text)


def catalogue() -> dict[str, NamedQuery]:
    """Every named query by name, in name order."""
    out = {}
    for entry in sorted(_folder().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            out[entry.name[:-3]] = _read(entry.name[:-3], entry.read_text(encoding="utf-8"))
    return out


def named_queries() -> dict[str, str]:
    """Name -> first comment line, for listings."""
    return {name: q.description for name, q in catalogue().items()}


def listing() -> str:
    """The named queries and their parameters, for `kg query --help`, the console's `\\l` and serve's page."""
    named = catalogue()
    width = max(map(len, named), default=0)
    lines = []
    for name, found in named.items():
        lines.append(f"{name.ljust(width)}  {found.description}")
        lines += [f"{'':{width}}    {p.name}: {p.help}" for p in found.parameters]
    lines.append("Every named query also takes " + ", ".join(f"{n} ({h})" for n, h in PAGING.items()) + ".")
    return "\n".join(lines) + "\n"


def load_query(text_or_name: str) -> str:
    """A query given as SPARQL text, a path to a .rq file, or the name of a named query."""
    return text_or_name if _is_text(text_or_name) else find(text_or_name).text


def _is_text(text_or_name: str) -> bool:
    if text_or_name.endswith(".rq") and Path(text_or_name).is_file():
        return False
    return "{" in text_or_name or any(c.isspace() for c in text_or_name.strip())


def find(text_or_name: str) -> NamedQuery:
    """The named query of that name, or the .rq file at that path, with the parameters its header declares."""
    path = Path(text_or_name)
    if text_or_name.endswith(".rq") and path.is_file():
        return _read(path.stem, path.read_text(encoding="utf-8"))
    if _is_text(text_or_name):
        raise KgError("parameters are for named queries and .rq files that declare them, not for query text")
    name = text_or_name.removesuffix(".rq")
    entry = _folder() / f"{name}.rq"
    if "/" not in name and entry.is_file():
        return _read(name, entry.read_text(encoding="utf-8"))
    if text_or_name.endswith(".rq"):
        raise KgError("no such query file", path=text_or_name)
    known = ", ".join(named_queries())
    raise KgError(f"no named query '{text_or_name}' (known: {known})")


def bind(query: NamedQuery, values: dict[str, str]) -> str:
    """The query's text with these parameters bound; with none, the text as it stands (every row)."""
    unknown = sorted(set(values) - set(query.accepts()))
    if unknown:
        raise KgError(f"{query.name} takes no parameter {', '.join(unknown)} (it takes {', '.join(query.accepts())})")
    terms = {name: ox.Literal(_value(name, value)) for name, value in values.items() if name not in PAGING}
    text = query.text.rstrip() + "\n"
    if terms:
        block = f"VALUES ({' '.join('?_' + n for n in terms)}) {{ ({' '.join(map(str, terms.values()))}) }}"
        joins = [p.joins for p in query.parameters if p.joins and p.name in terms]
        if joins:  # the actor's IRIs, looked up once, joined where they cut the rows first
            at = where_group(text, depth=2)
            text = text[:at] + "\n    " + "\n    ".join(joins) + text[at:]
            block += "\n  " + _WHO.format(name=terms["actor"])
        at = where_group(text)
        text = text[:at] + "\n  " + block + text[at:]
    for name in PAGING:
        if name in values:
            text += f"{name.upper()} {_count(name, values[name])}\n"
    return text


def _count(name: str, value: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise KgError(f"{name} takes a whole number, not {value!r}")
    return int(value)


def _value(name: str, value: str) -> str:
    """The literal a parameter is bound to: a date bound as the first (since) or last (until) day of
    its period, the form each query compares its dates' periods with; any other value as given."""
    if name not in DATES:
        return value
    match = _ISO.fullmatch(value)
    try:
        if match is None:
            raise ValueError
        date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        raise KgError(f"{name} takes an ISO date: YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}") from None
    pad = "-01-01" if name == "since" else "-12-31"
    return value + pad[len(value) - 4 :]
