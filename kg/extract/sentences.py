"""Sentences as evidence: trimmed text with its offsets, and which sentence is the headline."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.model import Article, Evidence


def sentences(doc: Doc) -> tuple[Span, ...]:
    """The doc's sentences, found once: spaCy finds them anew on every `doc.sents`."""
    found = doc.user_data.get("kg.sentences")
    if found is None:
        found = doc.user_data["kg.sentences"] = tuple(doc.sents)
    return found


def evidence_of(sent: Span, rule: str) -> Evidence:
    """The sentence without surrounding white space, its offsets moved to match."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    text = text.strip()
    return Evidence(start, start + len(text), text, rule)


def is_headline(sent: Span, article: Article) -> bool:
    return bool(article.headline) and sent.text.strip() == article.headline
