"""Named SPARQL queries: the .rq files in queries/, shipped with the package and found by name."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from kg.errors import KgError


def _folder():  # a Traversable: a real folder in a checkout, a package resource when installed
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
    if text_or_name.endswith(".rq") or "/" in text_or_name:
        path = Path(text_or_name)
        if path.is_file():
            return path.read_text(encoding="utf-8")
        if "/" in text_or_name or not (_folder() / text_or_name).is_file():
            raise KgError("no such query file", path=text_or_name)
        text_or_name = text_or_name[:-3]
    if " " not in text_or_name.strip() and "{" not in text_or_name:
        entry = _folder() / f"{text_or_name}.rq"
        if entry.is_file():
            return entry.read_text(encoding="utf-8")
        known = ", ".join(named_queries())
        raise KgError(f"no named query '{text_or_name}' (known: {known})")
    return text_or_name
