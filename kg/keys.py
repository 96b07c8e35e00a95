"""Stable keys: the slug of a name, and what tells one meeting or agreement from another.

Extraction keys actors by slug and graph.py mints IRIs from these keys, so both stages agree on identity
without extraction knowing anything of RDF.
"""

from __future__ import annotations

import re
import unicodedata

from kg.model import Agreement, Meeting


def slug(text: str) -> str:
    """A readable, IRI-safe key: ASCII-folded, lower case, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


def meeting_key(meeting: Meeting, article_id: str) -> tuple[str, ...]:
    """Place, date and participants, so several articles reporting one meeting share it; a meeting with
    neither place nor date is too little to tell from others elsewhere and stays its article's."""
    key = [meeting.place.name if meeting.place else "", meeting.date or "", *sorted(meeting.participants)]
    if not meeting.place and not meeting.date:
        key[:0] = [article_id, meeting.status]
    return tuple(slug(part) for part in key)


def agreement_key(agreement: Agreement, article_id: str) -> tuple[str, ...]:
    """An agreement the text names ("the Minsk Protocol", "Resolution 2803") is the same
    agreement in every article; one known only by its kind ("the ceasefire") is its article's."""
    if agreement.identity:
        return (agreement.identity,)
    return (article_id, slug(agreement.name))
