"""Dates as the text states them, resolved against the publication date and given at their precision.

"on Sunday" needs the publication date and the tense (the Sunday before a report of what happened, the
Sunday after an announcement of what will); "in October" gives a month; "in 2016" a year. Without a
publication date a relative expression stays unresolved: a date is never invented. The one exception is a
bare month in an article that states full dates: "in October" takes the year of the latest of them.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)

_FULL = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_FULL_DMY = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?!,?\s*\d{{4}})", re.I)  # "on 25 October"
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.I)
_WEEKDAY = re.compile(r"\b(?:(next|last|this|on|coming|previous)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_REL_MONTH = re.compile(r"\b(last|next|this|later this|earlier this|early this)\s+month\b", re.I)
_BARE_MONTH = re.compile(rf"\b(?:in|since|until|by|mid-|early|late|from)\s*(?:-|\s)?(?:early\s+|late\s+|mid-?)?{_MONTH}\b(?!\s+\d)", re.I)
_YEAR = re.compile(r"\b(?:in|of|the)\s+((?:19|20)\d{2})\b")  # not "since": "at war since 2020" is no event's date
_YEARS_AGO = re.compile(r"\b(\d{1,3}|two|three|four|five|ten|twenty|thirty|forty|fifty) years (?:ago|earlier)\b", re.I)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_REL_DAY = re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.I)


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    try:
        return date(y, m, d).isoformat() if d else f"{y:04d}-{m:02d}"
    except ValueError:
        return None


@functools.lru_cache(maxsize=4)
def latest_date(body: str) -> date | None:
    """The latest full date an article states ("October 7, 2025"): the year its bare months are in."""
    found = [_iso(int(m[3]), MONTHS[m[1].lower()], int(m[2])) for m in _FULL.finditer(body)]
    return max((date.fromisoformat(d) for d in found if d), default=None)


def resolve(text: str, published: date | None, future: bool, stated: date | None = None) -> str | None:
    """The most precise date `text` states, as ISO; None when it states none or cannot be resolved.

    `stated` is the latest date the article states, for an article without a publication date."""
    if m := _FULL.search(text):
        return _iso(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    if m := _FULL_DMY.search(text):
        return _iso(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    if m := _MONTH_YEAR.search(text):
        return _iso(int(m[2]), MONTHS[m[1].lower()])
    if published is not None:
        if m := _MONTH_DAY.search(text):
            month, day = MONTHS[m[1].lower()], int(m[2])
            return _iso(_year_for(month, published, future), month, day)
        if m := _DAY_MONTH.search(text):
            month, day = MONTHS[m[2].lower()], int(m[1])
            return _iso(_year_for(month, published, future), month, day)
        if m := _WEEKDAY.search(text):
            return _weekday(m[1], m[2], published, future).isoformat()
        if m := _REL_DAY.search(text):
            shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m[1].lower()]
            return (published + timedelta(days=shift)).isoformat()
        if m := _REL_MONTH.search(text):
            shift = {"last": -1, "next": 1}.get(m[1].lower(), 0)
            y, mo = divmod(published.year * 12 + published.month - 1 + shift, 12)
            return _iso(y, mo + 1)
        if m := _BARE_MONTH.search(text):
            month = MONTHS[m[1].lower()]
            return _iso(_year_for(month, published, future), month)
        if m := _YEARS_AGO.search(text):
            return str(published.year - int(_NUMBER_WORDS.get(m[1].lower(), m[1])))
    elif stated is not None and (m := _BARE_MONTH.search(text)):
        month = MONTHS[m[1].lower()]
        return _iso(_year_for(month, stated, future), month)
    if m := _YEAR.search(text):
        return m[1]
    return None


def _year_for(month: int, published: date, future: bool) -> int:
    """A month named without a year is the nearest one on the side of the publication date the tense says."""
    if future:
        return published.year + (month < published.month)
    return published.year - (month > published.month)


def _weekday(modifier: str | None, name: str, published: date, future: bool) -> date:
    target = WEEKDAYS[name.lower()]
    modifier = (modifier or "").lower()
    if modifier in ("next", "coming") or (future and modifier not in ("last", "previous")):
        days = (target - published.weekday()) % 7
        if modifier == "next" and days == 0:
            days = 7
        return published + timedelta(days=days)
    days = (published.weekday() - target) % 7
    if modifier in ("last", "previous") and days == 0:
        days = 7
    return published - timedelta(days=days)
