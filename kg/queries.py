"""Named SPARQL queries: the .rq files in queries/, shipped with the package and found by name."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.errors import KgError


def _folder() -> Traversable:  # a real folder in a checkout, a package resource when installed
    return files("kg.named_queries")


def named_queries() -> dict[str, str]:
    """Name -> first comment line, for listings."""
    out = {}
    for entry in sorted(_folder().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            first = entry.read_text(encoding="utf-8").splitlines()[0]
            out[entry.name[:-3]] = first.lstrip("# ").strip()
    return out


def load_query(text_or_name: str) -> str:
    """A query given as SPARQL text, a path to a .rq file, or the name of a named query."""
    path = Path(text_or_name)
    if text_or_name.endswith(".rq") and path.is_file():
        return path.read_text(encoding="utf-8")
    if "{" in text_or_name or any(c.isspace() for c in text_or_name.strip()):
        return text_or_name  # SPARQL text
    name = text_or_name.removesuffix(".rq")
    entry = _folder() / f"{name}.rq"
    if "/" not in name and entry.is_file():
        return entry.read_text(encoding="utf-8")
    if text_or_name.endswith(".rq"):
        raise KgError("no such query file", path=text_or_name)
    known = ", ".join(named_queries())
    raise KgError(f"no named query '{text_or_name}' (known: {known})")
