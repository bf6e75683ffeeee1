"""Date words in questions -> a date range and/or a recency preference.

`read_dates("What did Putin say last week?", today)` gives a `DateIntent` whose `since`/`until`
become retrieval filters; "latest" / "most recent" / "recently" ask for newer articles first.
Relative words are resolved against `today` (the `today` setting, else the newest article's date).
"before/after the summit" needs the event's date: the caller passes `event_date(phrase)` to look it
up (for example the date of the best passage about it). Deliberately not handled: dates that belong
to one clause of a multi-part question ("the report by X on 22 October"): they are not a filter.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS.pop("may", None)  # "may" as a verb; the full name is added back below
MONTHS["may"] = 5
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december" \
         r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
# "19 May 2025", "May 19, 2025", "May 2025", "May", "2025-05-19", "2024"
_DAY_MONTH = rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?"
_MONTH_DAY = rf"(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?"
_MONTH_YEAR = rf"(?P<m3>{_MONTH})(?:\s+(?P<y3>\d{{4}}))?"
_ISO = r"(?P<iso>\d{4}-\d{2}-\d{2})"
_YEAR = r"(?P<y4>(?:19|20)\d{2})"
DATE = rf"(?:{_ISO}|{_DAY_MONTH}|{_MONTH_DAY}|{_MONTH_YEAR}|{_YEAR})\b"
RECENT = re.compile(r"\b(latest|most recent|newest|lately|currently|right now|now|so far|at the moment)\b",
                    re.I)  # "recently accused" describes, not asks
# a question about particular reports ("the report by X on 22 October ... and Y's article") uses dates to
# say which report it means; filtering the whole search by one of them would lose the others
DESCRIBED = re.compile(r"\b(report|reports|article|articles|coverage|piece|published|story)\b", re.I)
_ASKED_REPORT = re.compile(r"\b(?:did|does|do|has|have)\s+(?:\S+\s+){1,4}?report(?:ed)?\Z")  # "what did Reuters
# report ... in March": the verb, asking what the outlet said then, not a report the question points to
_ANCHORED = re.compile(rf"\b(?:in|on|since|after|before|until|till|during|from|prior to|by)\s+(?:early |late |mid-?)?{DATE}")
EventLookup = Callable[[str], date | None]


DATES_ONLY = frozenset({"happen", "occur", "new", "latest", "top", "story", "event", "headline", "headlin", "update",
                        "updat", "going", "went"})  # stems of a question that asks only what happened when


@dataclass(frozen=True)
class DateIntent:
    """What a question says about when: a range (either end open) and/or a preference for recency."""

    since: datetime | None = None
    until: datetime | None = None
    recent: bool = False

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and not self.recent


def start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def read_dates(question: str, today: date, event_date: EventLookup | None = None) -> DateIntent:
    """The date range and recency preference that `question` expresses, relative to `today`."""
    text = " ".join(_NAMED_TODAY.sub(" ", question).lower().replace("’", "'").split())
    recent = bool(RECENT.search(text))
    if any(not _ASKED_REPORT.search(text, 0, m.end()) for m in DESCRIBED.finditer(text)):
        return DateIntent(recent=recent)
    readers = [_relative] if len(_ANCHORED.findall(text)) > 1 else [_relative, _bounded, _within]
    for reader in readers:  # several dates: they belong to clauses ("X on 1 May and Y on 3 May"), not a range
        span = reader(text, today, event_date)
        if span is not None:
            return DateIntent(span[0], span[1], recent)
    return DateIntent(recent=recent)


Span = tuple[datetime | None, datetime | None]
_NAMED_TODAY = re.compile(r"\b(?:[A-Z][\w.&'-]*|[A-Z]{2,})\s+(?:Today|TODAY)\b")  # "USA Today", "India Today": a name


def _relative(text: str, today: date, _lookup: EventLookup | None) -> Span | None:
    """today, yesterday, this/last week, this/last month, this/last year, past N days."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    before_first = first - timedelta(days=1)
    table: list[tuple[str, date, date]] = [
        (r"\btoday\b", today, today),
        (r"\byesterday\b", today - timedelta(days=1), today - timedelta(days=1)),
        (r"\b(this|the past|the last) week\b", today - timedelta(days=6), today),
        (r"\blast week\b", monday - timedelta(days=7), monday - timedelta(days=1)),
        (r"\bthis month\b", first, today),
        (r"\blast month\b", before_first.replace(day=1), before_first),
        (r"\bthis year\b", today.replace(month=1, day=1), today),
        (r"\blast year\b", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]
    for pattern, lo, hi in table:
        if re.search(pattern, text):
            return start(lo), end(hi)
    m = re.search(r"\b(?:the )?(?:past|last) (\d{1,3}) days\b", text)
    if m:
        return start(today - timedelta(days=int(m.group(1)))), end(today)
    return None


def _bounded(text: str, today: date, lookup: EventLookup | None) -> Span | None:
    """since X / after X / before X, where X is a date or (with a lookup) a short event phrase."""
    m = re.search(rf"\b(since|after|before|until|till|prior to|by)\s+{DATE}", text)  # "by 12 March": until then
    if m:
        lo, hi = _span(m, today)
        word = m.group(1)
        if word == "since":
            return start(lo), None
        if word == "after":
            return start(hi + timedelta(days=1)), None
        return None, end(lo - timedelta(days=1)) if word in ("before", "prior to") else end(hi)
    m = re.search(r"\b(since|after|before)\s+(the\s+(?:[a-z'-]+\s?){1,3})(?=[?.,;!]|$)", text)
    if m and lookup is not None and not re.search(r"\d|\b(by|on|in|from|of|and)\b", m.group(2)):
        when = lookup(m.group(2).strip())
        if when is not None:
            return (None, end(when - timedelta(days=1))) if m.group(1) == "before" else (start(when), None)
    return None


def _within(text: str, today: date, _lookup: EventLookup | None) -> Span | None:
    """in March, in March 2025, in 2024, on 19 May, during May: that whole period."""
    m = re.search(rf"\b(?:in|during|throughout|on)\s+(?:early |late |mid-?)?{DATE}", text)
    if m is not None and m.group(0).startswith("on ") and not (m.group("iso") or m.group("d1") or m.group("d2")):
        return None  # "on May" is not a date phrase
    if m is None:
        return None
    lo, hi = _span(m, today)
    return start(lo), end(hi)


def _span(m: re.Match[str], today: date) -> tuple[date, date]:
    """The first and last day a matched date names; a month without a year is its latest past one."""
    g = m.groupdict()
    if g.get("iso"):
        day = date.fromisoformat(g["iso"])
        return day, day
    if g.get("y4"):
        year = int(g["y4"])
        return date(year, 1, 1), date(year, 12, 31)
    name = g.get("m1") or g.get("m2") or g.get("m3") or ""
    month = MONTHS[name.rstrip(".")[:3] if name.rstrip(".") not in MONTHS else name.rstrip(".")]
    year_text = g.get("y1") or g.get("y2") or g.get("y3")
    year = int(year_text) if year_text else (today.year if month <= today.month else today.year - 1)
    day_text = g.get("d1") or g.get("d2")
    if day_text:
        day = date(year, month, min(int(day_text), calendar.monthrange(year, month)[1]))
        return day, day
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


_PHRASE = re.compile(
    rf"\s*\b(?:(?:this|last|the past|the last) (?:week|month|year)|today|yesterday|latest|most recent|recently"
    rf"|(?:in|on|since|after|before|until|during)\s+(?:early |late |mid-?)?{DATE})", re.I)


def describe_range(since: datetime | None, until: datetime | None) -> str:
    """"between 12 May 2025 and 18 May 2025", "on 26 March 2025", "from 1 March 2025 on", "up to 30 April 2025"."""
    def day(d: datetime) -> str:
        return f"{d.day} {d:%B %Y}"

    if since is not None and until is not None:
        return f"on {day(since)}" if since.date() == until.date() else f"between {day(since)} and {day(until)}"
    return f"from {day(since)} on" if since is not None else f"up to {day(until)}" if until is not None else ""


def mentions_date(text: str) -> bool:
    """Whether `text` says when (a date, a period or a recency word)."""
    return bool(_PHRASE.search(text)) or bool(re.fullmatch(rf"\s*{DATE}\s*", text, re.I))


def strip_dates(text: str) -> str:
    """`text` without its date phrases ("this week", "in March 2025", "latest")."""
    return re.sub(r"\s{2,}", " ", _PHRASE.sub("", text)).strip()


def names_month(text: str) -> bool:
    """Whether the text names a month ("in December", "on 3 March"), with or without its year."""
    return re.search(rf"\b{_MONTH}\b", text, re.I) is not None


def only_dates(question: str) -> bool:
    """Whether a question asks nothing but what happened when ("What happened on 26 March?", "Any news from
    last week?")."""
    from .terms import tokenize

    return mentions_date(question) and not set(tokenize(strip_dates(question))) - DATES_ONLY
