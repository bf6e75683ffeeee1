"""Publication dates as outlets write them -> aware datetimes: ISO strings, epoch numbers, RFC 822 and the
written forms of news sites and feeds ("Tuesday 10 June 2025 14.00 BST", "10.06.2025 14:00",
"mar., 10 juin 2025 14:00:00 +0200", "2025-06-10 14:00 UTC+2").

A dotted numeric date is day-first (10.06.2025 is 10 June) wherever it comes from; a slashed one
(06/08/2025) is month-first unless the caller knows the outlet writes day-first (a feed's language).
"UTC+2" and "GMT+2" are two hours ahead of UTC, as people mean them (dateutil reads them the POSIX
way, inverted). Day and month names in French, German and Spanish are read; other languages are not.
Deliberately not done: filling a missing year, month or day from today.
"""

from __future__ import annotations

import math
import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

_EPOCH_TEXT = re.compile(r"-?\d{9,}(?:\.\d+)?")  # 8 digits are an ISO basic date (20250614), not an epoch
_PLAUSIBLE_YEARS = (1800, 2200)  # a publication date outside these is a placeholder
_MS_EPOCH = 1e11  # a larger epoch number is in milliseconds (1e11 s is the year 5138)

# unambiguous zone abbreviations (IST, AST and the like name several zones and are left out)
_ZONES = {name: timezone(timedelta(hours=hours)) for name, hours in {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "JST": 9, "AEST": 10, "AEDT": 11, "HST": -10, "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7,
    "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4}.items()}


def parse_date(value: Any, dayfirst: bool | None = None) -> datetime | None:
    """An aware datetime from ISO strings, common date formats or epoch numbers (seconds, or milliseconds
    above 1e11); None for anything else, and for dates missing their year, month or day, which are never
    filled in from today. A stated offset is kept, so the date is the one the outlet printed; no offset
    means UTC. `dayfirst` says how the outlet writes slashed dates (06/08/2025); None when unknown (month-first)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, bool) or value is None:
        return None  # JSON true is not a date (bool is an int)
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _EPOCH_TEXT.fullmatch(text):
        return _from_epoch(float(text))
    try:
        parsed: datetime | None = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        readable = _readable(text)
        parsed = _parse_written_date(readable, bool(dayfirst) and not _YEAR_FIRST.match(readable))
    if parsed is None:
        return None
    if not _PLAUSIBLE_YEARS[0] <= parsed.year <= _PLAUSIBLE_YEARS[1]:
        return None  # "9999-12-31": a placeholder, not when the story ran
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _from_epoch(seconds: float) -> datetime | None:
    """The UTC datetime of an epoch in seconds or (above 1e11) milliseconds; None when out of range."""
    if not math.isfinite(seconds):
        return None
    if abs(seconds) > _MS_EPOCH:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_written_date(text: str, dayfirst: bool = False) -> datetime | None:
    """dateutil's reading of a written date, or None when it lacks a year, month or day.

    dateutil fills missing parts from a default date; parsing with two defaults that differ in every part
    shows which parts the text did not give. Unknown zone names count as UTC, without a warning."""
    from dateutil import parser

    results = []
    for default in (datetime(2001, 1, 1), datetime(2002, 2, 2)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", parser.UnknownTimezoneWarning)
                results.append(parser.parse(text, default=default, tzinfos=_ZONES, dayfirst=dayfirst))
        except (ValueError, OverflowError):
            return None
    first, second = results
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    return first


_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.])")  # 10.06.2025, 10.6.25: day first
_ZONE_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b")  # UTC+2, GMT-05:00
_YEAR_FIRST = re.compile(r"\s*\d{4}[-/.]")  # 2025-06-10 is year-month-day whoever writes it
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")  # 14.00
_WORD = re.compile(r"[^\W\d_]+\.?")
_DAY_NAMES = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "mo", "di", "mi", "do", "fr", "sa", "so", "lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo", "mié", "mie", "jue", "vie", "sáb", "sab", "dom"])
_MONTHS_ALSO = {"mar"}  # a day name ("mardi") and a month ("March"): a day only before a comma or a period
_MONTH_NAMES = {word: month for month, words in {
    "Jan": "janvier janv januar jänner enero ene", "Feb": "février fevrier févr fevr februar febrero",
    "Mar": "mars märz maerz mär marzo", "Apr": "avril avr abril", "May": "mai mayo",
    "Jun": "juin juni junio", "Jul": "juillet juil juli julio", "Aug": "août aout agosto ago",
    "Sep": "septembre septiembre", "Oct": "octobre oktober okt octubre",
    "Nov": "novembre noviembre", "Dec": "décembre decembre déc dezember dez diciembre dic"}.items()
    for word in words.split()}


def _readable(text: str) -> str:
    """A written date rewritten into a form dateutil reads right (see the module docstring)."""
    dotted = _DOTTED.match(text)
    if dotted:
        day, month, year = dotted.groups()
        year = f"20{year}" if len(year) == 2 else year
        text = f"{year}-{int(month):02d}-{int(day):02d}{text[dotted.end():]}"
    text = _ZONE_OFFSET.sub(lambda m: f" {m[1]}{int(m[2]):02d}{m[3] or '00'}", text)
    text = _DOTTED_TIME.sub(r"\1:\2", text.replace("|", " "))
    first = _WORD.match(text)
    if first:
        word, after = first.group().rstrip(".").lower(), text[first.end():first.end() + 1]
        if word in _DAY_NAMES and (word not in _MONTHS_ALSO or first.group().endswith(".") or after == ","):
            text = text[first.end():].lstrip(" ,")
    return _WORD.sub(lambda m: _MONTH_NAMES.get(m.group().rstrip(".").lower(), m.group()), text)
