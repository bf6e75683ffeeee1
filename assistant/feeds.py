"""RSS and Atom feeds into Articles: one per entry, from the entry's linked page when it can be had.

Each entry's page is fetched (a few at a time) and extracted by web.py; when that fails (HTTP error,
not an article) the entry's own content or summary stands in, with the feed's title as the outlet; such a
stand-in whose link has a #fragment ("page#item-2") gets an id of its own, since the entries of a live blog or
press-office feed share one page.
One bad entry never aborts the others. feedparser only ever gets bytes, so it never fetches anything.
`read_feed` also returns the feed's title and URL, for re-reading stored feeds later.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .articles import Failure, canonical_url, check_story, make_article, parse_date, stand_in
from .errors import InputError, NotArticleError
from .models import Article
from .web import Page, cannot, decode_html, extract_page, fetch, html_to_text, make_client, page_kind

ENTRY_PAGE_MAX_BYTES = 10_000_000  # the cap on each entry's page when the caller gives none
FETCH_WORKERS = 8
_PROLOG = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I)
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|feed|RDF)[\s>/]")


@dataclass(frozen=True)
class FeedResult:
    """A feed that was read: where from, its title and site, and one result per entry in feed order."""

    url: str  # the feed's final URL after redirects, or the file's path
    title: str
    link: str  # the site the feed belongs to; "" when the feed does not say
    items: tuple[Article | Failure, ...]

    @property
    def articles(self) -> list[Article]:
        return [item for item in self.items if isinstance(item, Article)]

    @property
    def failures(self) -> list[Failure]:
        return [item for item in self.items if isinstance(item, Failure)]


def is_feed(data: bytes) -> bool:
    """Whether `data` looks like an RSS (0.9x, 1.0, 2.0) or Atom document, from its root element."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    head = head.removeprefix(b"\xef\xbb\xbf")
    return _ROOT.match(head, _PROLOG.match(head).end()) is not None  # type: ignore[union-attr]


def read_feed(url_or_path: str, max_bytes: int, timeout: float) -> FeedResult:
    """Read a feed from an http(s) URL or a file; InputError when the feed itself cannot be read."""
    if url_or_path.startswith(("http://", "https://")):
        page = fetch(url_or_path, max_bytes, timeout)
        return feed_result(page.data, url_or_path, page.url, max_bytes, timeout)
    path = Path(url_or_path).expanduser()
    if not path.is_file():
        raise InputError(cannot(url_or_path, "no such file"))
    if path.stat().st_size > max_bytes:
        raise InputError(cannot(url_or_path, f"the file is over the limit of {max_bytes:,} bytes"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(cannot(url_or_path, exc.strerror or str(exc))) from None
    return feed_result(data, url_or_path, "", max_bytes, timeout)


def feed_result(data: bytes, name: str, base_url: str, max_bytes: int, timeout: float) -> FeedResult:
    """A FeedResult from a feed's bytes; `base_url` resolves relative links ("" for a file)."""
    parsed = parse_feed(data, name, base_url)
    title = _plain(parsed.feed.get("title", ""), parsed.feed.get("title_detail"))
    items = tuple(_iter_items(parsed.entries, name, title, max_bytes, timeout, parsed.feed.get("language", "")))
    return FeedResult(url=base_url or name, title=title, link=parsed.feed.get("link", ""), items=items)


def iter_feed_file(
    path: Path, data: bytes, timeout: float, max_bytes: int = ENTRY_PAGE_MAX_BYTES
) -> Iterator[Article | Failure]:
    """Articles of a feed file, one per entry; a Failure when the file is not a feed."""
    try:
        parsed = parse_feed(data, str(path), "")
    except InputError as exc:
        yield Failure(str(path), str(exc))
        return
    title = _plain(parsed.feed.get("title", ""), parsed.feed.get("title_detail"))
    yield from _iter_items(parsed.entries, str(path), title, max_bytes, timeout, parsed.feed.get("language", ""))


def iter_feed_page(page: Page, name: str, max_bytes: int, timeout: float) -> Iterator[Article | Failure]:
    """Articles of a fetched feed (see web.iter_url); InputError when the body is not a feed."""
    parsed = parse_feed(page.data, name, page.url)
    title = _plain(parsed.feed.get("title", ""), parsed.feed.get("title_detail"))
    yield from _iter_items(parsed.entries, name, title, max_bytes, timeout, parsed.feed.get("language", ""))


def parse_feed(data: bytes, name: str, base_url: str = "") -> Any:
    """feedparser's result for a feed's bytes; InputError "not an RSS or Atom feed" otherwise, and for a feed whose
    XML breaks before any entry could be read (saying where)."""
    import feedparser

    if not is_feed(data):
        raise InputError(cannot(name, "not an RSS or Atom feed"))
    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.get("version"):
        raise InputError(cannot(name, "not an RSS or Atom feed"))
    broken = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if broken is not None and not parsed.entries:  # (a well-formed feed may have no entries for now)
        raise InputError(cannot(name, f"broken feed XML ({_xml_error(broken)}), no entries read"))
    return parsed


def _xml_error(exc: Any) -> str:
    """An XML parser's complaint, short: "no element found at line 1, column 67"."""
    where = f" at line {exc.getLineNumber()}, column {exc.getColumnNumber()}" if hasattr(exc, "getLineNumber") else ""
    text = str(exc.getMessage() if hasattr(exc, "getMessage") else exc)
    return (" ".join(text.split())[:160] or type(exc).__name__) + where


def _iter_items(
    entries: list[Any], name: str, feed_title: str, max_bytes: int, timeout: float, language: str = ""
) -> Iterator[Article | Failure]:
    links = [_link(entry) for entry in entries]
    dayfirst = writes_day_first(language)
    with make_client(timeout) as client, ThreadPoolExecutor(max_workers=FETCH_WORKERS) as pool:
        pages = pool.map(lambda link: _fetch_entry_page(client, link, max_bytes, timeout), links)
        for n, (entry, link, page) in enumerate(zip(entries, links, pages, strict=True), start=1):
            try:
                yield _entry_result(entry, link, page, f"{name} entry {n}", feed_title, dayfirst)
            except (InputError, ValueError, TypeError) as exc:  # one odd entry (a malformed link) fails alone
                yield Failure(f"{name} entry {n}", f"cannot read the entry: {exc}")


def writes_day_first(language: str) -> bool | None:
    """Whether a feed in `language` ("en-gb", "fr") writes 06/08/2025 for 6 August; None when it does not
    say (no language, or a bare "en")."""
    code = language.strip().lower().replace("_", "-")
    if not code or code == "en":
        return None
    return code not in ("en-us", "en-ph", "fil") and not code.startswith(("ja", "zh", "ko"))


def _link(entry: Any) -> str:
    """The entry's http(s) URL: its link, else its id (Atom entries often use their URL as the id); else ""."""
    for candidate in (entry.get("link"), entry.get("id")):
        if str(candidate or "").startswith(("http://", "https://")):
            return str(candidate)
    return ""


def _fetch_entry_page(client: httpx.Client, link: str, max_bytes: int, timeout: float) -> Page | InputError | None:
    if not link:
        return None
    try:
        return fetch(link, max_bytes, timeout, client)
    except InputError as exc:
        return exc


def _entry_result(
    entry: Any, link: str, page: Page | InputError | None, name: str, feed_title: str, dayfirst: bool | None = None
) -> Article | Failure:
    """The entry's article from its page, else from its own content; a Failure when neither has text."""
    meta = _entry_meta(entry, feed_title, dayfirst)
    problem = page or InputError(cannot(name, "the entry has no http(s) link"))
    if isinstance(page, Page):
        try:
            return _article_from_page(page, link, meta)
        except InputError as exc:
            problem = exc
    text = _entry_text(entry)
    if not text:
        return Failure(link or name, f"{problem}, and the entry has no content or summary to use instead")
    try:
        check_story(text)  # a summary of a word or two ("Short.") is no article, as a file of it would not be
    except InputError as exc:
        return Failure(name, f"{problem}, and the entry's own text is {exc}")
    rejected = str(problem) if isinstance(problem, NotArticleError) else ""
    article = make_article(text=text, url=link, **meta)
    if urlsplit(link).fragment:  # entries of a press-office or live-blog feed: "page#item-2" is its own story
        article = replace(article, id=hashlib.sha1(f"{canonical_url(link)}#{urlsplit(link).fragment}".encode())
                          .hexdigest()[:16])
    return stand_in(article, rejected, str(problem))


def _article_from_page(page: Page, link: str, meta: dict[str, Any]) -> Article:
    if page_kind(page) != "html":
        raise InputError(cannot(link, f"not an HTML page ({page.content_type or 'unknown type'})"))
    found = extract_page(decode_html(page.data, link, page.charset), page.url, link)
    return make_article(
        text=found.text,
        url=page.url,
        title=meta["title"] or found.title,
        source=found.site or meta["source"],
        published=_outlets_date(meta["published"], found.published),
        authors=meta["authors"] or found.authors,
    )


def _outlets_date(fed: Any, stated: str | None) -> Any:
    """The entry's date, or the page's own when it is the same moment or the same day, which the feed gave
    without a time: the page states it with the outlet's offset ("23:30-05:00", not "04:30 GMT" the next day),
    so a story is filed under one day however it arrived. A page that gives another day loses to its entry."""
    feed_day, page_day = parse_date(fed), parse_date(stated)
    if feed_day is None or page_day is None:
        return fed or stated
    same = page_day == feed_day or feed_day.time() == time(0) and page_day.date() == feed_day.date()
    return stated if same else fed


def _entry_meta(entry: Any, feed_title: str, dayfirst: bool | None = None) -> dict[str, Any]:
    """Title, outlet, date and authors of an entry; the date keeps the offset the feed wrote
    (feedparser's parsed form is in UTC), so it is the outlet's day. An unreadable date is passed on as
    written, so make_article says so."""
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    raw = entry.get("published") or entry.get("updated")
    written = parse_date(raw, dayfirst)
    if when and raw and not written and not _reads_as(when, str(raw)):
        when = None  # "2025-13-45": feedparser's normalised form is another day ("2026-01-01"); left unread
    return {
        "title": _plain(entry.get("title", ""), entry.get("title_detail")),
        "source": feed_title,
        "published": written or (calendar.timegm(when) if when else raw),
        "authors": _entry_authors(entry),
    }


def _reads_as(when: Any, raw: str) -> bool:
    """Whether a date as written holds the year and the day of feedparser's reading of it."""
    return str(when.tm_year) in raw and re.search(rf"(?<!\d)0?{when.tm_mday}(?!\d)", raw) is not None


def _entry_authors(entry: Any) -> list[str]:
    """The entry's author names; e-mail addresses are not names."""
    names = []
    for author in entry.get("authors", []):
        name = str(author.get("name", "")) if isinstance(author, dict) else ""
        if name.count("(") > name.count(")"):
            # feedparser splits RSS "desk@news.example (Desk)" with a 2-4 letter TLD pattern and leaves
            # "ple (Desk" as the name; the name is what follows the parenthesis
            name = name.split("(", 1)[1]
        if name.strip() and "@" not in name:
            names.append(name.strip())
    return list(dict.fromkeys(names))


def _entry_text(entry: Any) -> str:
    """The entry's longest content (or its summary) as plain text."""
    candidates = [(c.get("value", ""), c) for c in entry.get("content", [])]
    candidates.append((entry.get("summary", ""), entry.get("summary_detail")))
    texts = [_plain(value, detail) for value, detail in candidates if value]
    return max(texts, key=len, default="")


def _plain(value: str, detail: Any) -> str:
    """Text of a feed field: HTML fields stripped of tags, plain ones kept as they are."""
    kind = str((detail or {}).get("type", "text/html"))
    return html_to_text(value) if "html" in kind else value.strip()
