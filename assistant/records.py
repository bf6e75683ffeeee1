"""What a news-dump JSON record says, whichever API wrote it, and where a JSON document keeps its records.

`record_fields(record)` reads a record's title, text, URL, outlet, date and byline by meaning, from one table
of the key names news APIs use: plain dumps (title, text, url, source), schema.org (headline, articleBody,
datePublished), NewsAPI (source.name, publishedAt, description), the Guardian (webTitle, webUrl,
webPublicationDate; body, byline and trailText under "fields"), NYT Article Search (headline.main, web_url,
pub_date, byline.original, lead_paragraph, abstract) and WordPress ({"rendered": ...}). A record's "fields"
object is read as part of it, and an object value through its "rendered", "main", "name" or "original"; HTML
in a text field becomes text as the HTML reader makes it. `records_in(document)` finds the records of a whole
JSON document: a list of them, one record, or the list an API response holds.

Knows no files and builds no `Article`s (articles.py does); has no code path of its own for any one API.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from .errors import InputError
from .published import parse_date

TITLE_KEYS = ("title", "headline", "webTitle")
TEXT_KEYS = ("text", "body", "content", "article", "maintext", "articleBody", "bodyText", "lead_paragraph")
SUMMARY_KEYS = ("description", "trailText", "standfirst", "abstract", "snippet")  # only when there is no text
URL_KEYS = ("url", "link", "webUrl", "web_url")
SOURCE_KEYS = ("source", "outlet", "publisher", "site_name", "source_name", "publication")
DATE_KEYS = ("published", "published_at", "publish_date", "date", "pubDate", "date_publish", "datePublished",
             "publishedAt", "webPublicationDate", "pub_date")
AUTHOR_KEYS = ("authors", "author", "byline")
_FIELD_KEYS = {*TITLE_KEYS, *TEXT_KEYS, *SUMMARY_KEYS, *URL_KEYS, *SOURCE_KEYS, *DATE_KEYS, *AUTHOR_KEYS}
_INNER = ("rendered", "main", "name", "original")  # {"rendered": WordPress}, {"main": NYT headline}, {"name": ...}
_NESTED = "fields"  # the Guardian keeps body, byline and trailText in it
RECORD_LISTS = ("articles", "results", "docs", "items", "data")  # where an API response keeps its records
_WRAPPERS = ("response", "data")  # what an API response nests the list in: {"response": {"docs": [...]}}
_TRUNCATED = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")
_HTML = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^>]*)?/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);", re.I)


def records_in(document: Any) -> list[Any]:
    """The records of a whole JSON document: a list of them, one record, or the list an API response holds
    ({"articles": [...]}, {"response": {"results": [...]}}); InputError saying what was expected otherwise."""
    if not isinstance(document, dict):
        return document if isinstance(document, list) else [document]
    flat = _flatten(document)
    if _first(flat, TEXT_KEYS):
        return [document]
    held = _held_list(document)
    if held is not None:
        return held
    if _FIELD_KEYS & flat.keys():
        return [document]  # an article without text: it fails as a record, "no article text"
    for key in RECORD_LISTS:
        if key in document:
            raise InputError(f'"{key}" is {type(document[key]).__name__}, not a list')
    keys = ", ".join(f'"{key}"' for key in list(document)[:8]) or "an empty object"
    expected = ", ".join(f'"{key}"' for key in RECORD_LISTS[:-1]) + f' or "{RECORD_LISTS[-1]}"'
    raise InputError(f"no articles in it: expected an article, a list of them, or an API response with a list "
                     f"under {expected} (found {keys})")


def _held_list(document: dict[str, Any]) -> list[Any] | None:
    for key in RECORD_LISTS:
        if isinstance(document.get(key), list):
            return list(document[key])
    for key in _WRAPPERS:
        if isinstance(document.get(key), dict):
            held = _held_list(document[key])
            if held is not None:
                return held
    return None


def record_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The record's text, title, url, source, published and authors (as `make_article` takes them); a text cut
    short by NewsAPI ("… [+3120 chars]") ends in "…", or is the summary when that is longer."""
    record = _flatten(record)
    text, summary = _text(record, TEXT_KEYS), _text(record, SUMMARY_KEYS)
    cut = _TRUNCATED.search(text)  # the text stops there, the marker is no text
    if cut:
        text = text[: cut.start()].rstrip(" ….")
        text = summary if len(summary) > len(text) else f"{text} …"
    source = _first(record, SOURCE_KEYS)
    return {
        "text": text or summary, "title": _text(record, TITLE_KEYS), "url": _first(record, URL_KEYS),
        "source": source,
        "published": _local(record, next((d for k in DATE_KEYS if (d := parse_date(record.get(k))) is not None), None))
        or next((record[k] for k in DATE_KEYS if record.get(k)), None),  # unreadable: make_article says so
        "authors": next((record[k] for k in AUTHOR_KEYS if record.get(k)), ()),
    }


def _local(record: dict[str, Any], when: datetime | None) -> datetime | None:
    """WordPress's local "date" (no offset) with the offset its "date_gmt" gives: 10:15 local at 09:15 GMT is
    10:15+01:00, not 10:15 UTC."""
    gmt = parse_date(record.get("date_gmt"))
    raw = str(record.get("date", ""))
    if when is None or gmt is None or when.utcoffset() or re.search(r"(?:Z|[+-]\d\d:?\d\d)$", raw):
        return when
    offset = when.replace(tzinfo=None) - gmt.replace(tzinfo=None)
    if abs(offset) > timedelta(hours=14) or offset % timedelta(minutes=15):
        return when
    return when.replace(tzinfo=timezone(offset))


def _flatten(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its nested "fields" read as its own (a key of the record itself wins)."""
    nested = record.get(_NESTED)
    return {**nested, **record} if isinstance(nested, dict) else record


def _inner(value: Any) -> Any:
    """A value as text: an object through its first inner key that holds something, anything else as it is."""
    if isinstance(value, dict):
        return next((value[k] for k in _INNER if value.get(k)), None)
    return value


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> str:
    """The first of `keys` holding text (read through an object), stripped; "" when none does."""
    return next((v.strip() for k in keys if isinstance(v := _inner(record.get(k)), str) and v.strip()), "")


def _text(record: dict[str, Any], keys: tuple[str, ...]) -> str:
    """The first of `keys` holding text (read through an object), as plain text; a list of paragraphs ("text":
    ["First.", "Second."]) is one text, a paragraph a line."""
    for key in keys:
        value = _inner(record.get(key))
        if isinstance(value, list):
            parts = [plain_text(part) for item in value if isinstance(part := _inner(item), str) and part.strip()]
            if parts:
                return "\n\n".join(parts)
        if isinstance(value, str) and value.strip():
            return plain_text(value)
    return ""


def plain_text(value: str) -> str:
    """The value as it reads: HTML (tags or entities) converted to text, anything else unchanged."""
    if not _HTML.search(value):
        return value
    from .web import html_to_text

    return html_to_text(value)
