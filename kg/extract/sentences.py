"""Sentences as evidence: trimmed text with its offsets, and which sentence is the headline."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from kg.model import Article, Evidence


def sentences(doc: Doc) -> tuple[Span, ...]:
    """The doc's sentences, found once: spaCy finds them anew on every `doc.sents`."""
    found = doc.user_data.get("kg.sentences")
    if found is None:
        found = doc.user_data["kg.sentences"] = tuple(doc.sents)
        doc.user_data["kg.sentence_starts"] = [s.start for s in found]
    return found


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token i. spaCy's `.sent` walks token by token to both ends on every call,
    which was a tenth of extraction's time."""
    found = sentences(doc)
    return found[bisect_right(doc.user_data["kg.sentence_starts"], i) - 1]


def doc_text(doc: Doc) -> str:
    """The doc's text, joined once: spaCy joins every token anew on every `doc.text`."""
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.user_data["kg.text"] = doc.text
    return text


def words_of(tokens: list[Token]) -> str:
    """Tokens as written ("November 23, 2025"), with a space where others were left out between them, so
    that "on Saturday, police said, and" read without its clause is "on Saturday and", not "Saturdayand"."""
    out = []
    for token, after in zip(tokens, [*tokens[1:], None], strict=True):
        gap = after is not None and after.i != token.i + 1 and not token.whitespace_
        out.append(token.text_with_ws + (" " if gap else ""))
    return "".join(out)


def text_of(span: Span) -> str:
    """`span.text`, cut from the doc's text instead of joined token by token."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def evidence_of(sent: Span, rule: str) -> Evidence:
    """The sentence without surrounding white space, its offsets moved to match."""
    text = text_of(sent)
    start = sent.start_char + (len(text) - len(text.lstrip()))
    text = text.strip()
    return Evidence(start, start + len(text), text, rule)


def is_headline(sent: Span, article: Article) -> bool:
    return bool(article.headline) and text_of(sent).strip() == article.headline
