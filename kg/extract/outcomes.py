"""Deals reached at talks: who signed or brokered an agreement the talks produced took part in them.

"Talks began in Pretoria on 25 October ... A and B signed the agreement, with the AU's mediators at their
side" names the talks' participants in the agreement's sentence, not the meeting's. An agreement is the
outcome of a held meeting of the article when it shares a party or a mediator with it and was reached on
or shortly after the meeting's date (an agreement the text does not date is the day's news), or, in an
undated article, is told in one of the meeting's sentences; its parties and mediators then join the
meeting. A past deal the article recalls ("the 2015 deal") has its own, earlier date and is left alone.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from kg.extract.dates import resolve
from kg.model import Agreement, Meeting

WITHIN_DAYS = 31  # talks that end in a deal: the deal follows within the month


def join_outcomes(meetings: tuple[Meeting, ...], agreements: tuple[Agreement, ...], published: date | None) -> tuple[Meeting, ...]:
    out = list(meetings)
    for agreement in agreements:
        sides = set(agreement.parties) | set(agreement.mediators)
        # the sentence's own date, when the agreement has none ("the scene 25 years ago, when X brokered an
        # agreement"), else the day's news
        reached = agreement.date or resolve(agreement.evidence[0].text, published, False) or (published and published.isoformat())
        told = {e.start for e in agreement.evidence}
        candidates = [
            i
            for i, m in enumerate(out)
            if m.status == "held"
            and sides & set(m.participants)
            and (_follows(m.date, reached) if reached else told & {e.start for e in m.evidence})
        ]
        if not candidates:
            continue
        best = max(candidates, key=lambda i: len(sides & set(out[i].participants)))
        meeting = out[best]
        joined = tuple(sorted(set(meeting.participants) | sides))
        out[best] = dataclasses.replace(meeting, participants=joined)
    return tuple(out)


def _follows(met: str | None, reached: str) -> bool:
    """The agreement's date is the meeting's, or falls within WITHIN_DAYS after it; one side dated at a
    coarser precision counts when the finer one lies in it."""
    if met is None:
        return False
    if met.startswith(reached) or reached.startswith(met):
        return True
    if len(met) == len(reached) == 10:
        gap = (date.fromisoformat(reached) - date.fromisoformat(met)).days
        return 0 <= gap <= WITHIN_DAYS
    return False
