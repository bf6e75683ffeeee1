"""The list of feeds kept with the index, reading sources so that the feeds among them are noticed,
and refreshing every listed feed.

The list lives in Chroma, so every process sharing a Chroma server sees the same one: a small
collection `<collection>_feeds` with one record per feed, whose id is a hash of the feed's URL (or
absolute file path), whose document is that URL or path and whose metadata is
`{"title", "link", "refreshed" (ISO time, UTC), "entries"}`. Chroma wants an embedding per record,
so each gets the same 1-d zero vector; the collection is never searched by vector. (The chunk
collection's metadata was the other candidate, but every write rewrites it for the generation
counter, so two processes adding feeds at once could drop each other's; one record per feed cannot.)

Not here: parsing feeds (feeds.py), fetching (web.py), ingesting (ingest.py via service.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .articles import FEED_SUFFIXES, Failure, Notice, iter_path, walk
from .errors import InputError
from .feeds import FeedResult, feed_result, read_feed
from .ingest import IngestReport
from .models import Article
from .store import Store
from .web import _unsupported, article_from_html, cannot, decode_html, fetch, page_kind

_VECTOR = [0.0]  # every record's embedding: Chroma requires one, the list never needs it


@dataclass(frozen=True)
class Feed:
    """A feed that was ingested: where to read it again and what it held last time."""

    url: str  # an http(s) URL as given, or the feed file's absolute path
    title: str
    link: str  # the site the feed belongs to; "" when the feed does not say
    refreshed: str  # ISO time (UTC) of the last successful read
    entries: int  # entries in the feed at that read

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "link": self.link, "refreshed": self.refreshed,
                "entries": self.entries}


@dataclass(frozen=True)
class FeedRefresh:
    """What refreshing one feed did; a feed that could not be read has one failure and nothing else."""

    feed: Feed
    report: IngestReport

    def to_json(self) -> dict[str, Any]:
        return {"feed": self.feed.url, "title": self.feed.title, **self.report.to_json()}


def feed_key(url_or_path: str) -> str:
    """The feed's identity: its URL as given, or its file's absolute path."""
    if url_or_path.startswith(("http://", "https://")):
        return url_or_path.strip()
    return str(Path(url_or_path).expanduser().resolve())


class FeedList:
    """The feeds ingested into one store, kept in Chroma beside its collections."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.name = f"{store.settings.collection}_feeds"

    def _call(self, what: str, fn: Callable[[Any], Any]) -> Any:
        # the collection is looked up on every call so that a store that reconnected is used
        return self.store._call(what, lambda: fn(self.store.client.get_or_create_collection(
            self.name, embedding_function=None)))

    def feeds(self) -> list[Feed]:
        """Every stored feed, in the order of their URLs."""
        got = self._call("read the feed list", lambda c: c.get(include=["documents", "metadatas"]))
        feeds = [_feed(url, meta) for url, meta in zip(got["documents"], got["metadatas"], strict=True)]
        return sorted(feeds, key=lambda f: f.url)

    def remember(self, result: FeedResult, url_or_path: str) -> Feed:
        """Store (or update) a feed that was just read from `url_or_path`."""
        feed = Feed(url=feed_key(url_or_path), title=result.title, link=result.link,
                    refreshed=datetime.now(UTC).isoformat(timespec="seconds"), entries=len(result.items))
        meta = {"title": feed.title, "link": feed.link, "refreshed": feed.refreshed, "entries": feed.entries}
        self._call("save the feed list", lambda c: c.upsert(
            ids=[_id(feed.url)], documents=[feed.url], metadatas=[meta], embeddings=[_VECTOR]))
        return feed

    def forget(self, url_or_path: str) -> None:
        """Remove a feed from the list (its articles stay)."""
        self._call("save the feed list", lambda c: c.delete(ids=[_id(feed_key(url_or_path))]))


def _id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


def _feed(url: str, meta: dict[str, Any]) -> Feed:
    return Feed(url=url, title=str(meta.get("title", "")), link=str(meta.get("link", "")),
                refreshed=str(meta.get("refreshed", "")), entries=int(meta.get("entries", 0)))


ReadFeeds = list[tuple[str, FeedResult]]  # (the source as given, what was read), in reading order


def iter_sources(sources: Iterable[str | Path], max_bytes: int, timeout: float,
                 feeds: ReadFeeds) -> Iterator[Article | Failure]:
    """Like articles.iter_articles (one result per item), also appending each feed read to `feeds`."""
    for source in sources:
        text = str(source).strip() if isinstance(source, str) else str(source)  # a pasted URL's trailing space
        if text.lower().startswith(("http://", "https://")):
            yield from _iter_url(text, max_bytes, timeout, feeds)
            continue
        scheme = re.match(r"([a-z][a-z0-9+.-]*)://", text, re.I)
        if scheme:  # "ftp://host/x" is no file "ftp:/host/x"
            yield Failure(text, f"cannot read {text!r}: {scheme.group(1)} URLs are not read (http and https only)")
            continue
        path = Path(text).expanduser()
        found = False
        for file in walk(path) if path.is_dir() else [path]:
            found = True
            if isinstance(file, Failure):
                yield file
            elif file.suffix.lower() in FEED_SUFFIXES and file.is_file():
                yield from _iter_feed(str(file), lambda name: read_feed(name, max_bytes, timeout), feeds)
            else:
                yield from iter_path(file, max_bytes, timeout)
        if not found:  # a folder of nothing, or of hidden files only
            yield Notice(text, f"no articles found in {text!r}")


def _iter_url(url: str, max_bytes: int, timeout: float, feeds: ReadFeeds) -> Iterator[Article | Failure]:
    """An http(s) URL fetched once: a feed's entries (the feed noted), else the page's article."""
    try:
        page = fetch(url, max_bytes, timeout)
        kind = page_kind(page)
        if kind == "feed":
            yield from _iter_feed(url, lambda name: feed_result(page.data, name, page.url, max_bytes, timeout), feeds)
        elif kind == "html":
            yield article_from_html(decode_html(page.data, url, page.charset), page.url, url)
        else:
            raise InputError(cannot(url, _unsupported(kind, page)))  # web.iter_url's message for the same page
    except InputError as exc:
        yield Failure(url, str(exc))


def _iter_feed(name: str, read: Callable[[str], FeedResult], feeds: ReadFeeds) -> Iterator[Article | Failure]:
    try:
        result = read(name)
    except InputError as exc:
        yield Failure(name, str(exc))
        return
    feeds.append((name, result))
    yield from result.items or [Notice(name, "the feed has no entries")]


def refresh_feeds(feeds: FeedList, ingest: Callable[[Iterable[Article | Failure]], IngestReport],
                  max_bytes: int, timeout: float) -> list[FeedRefresh]:
    """Read every stored feed again and ingest its entries (the ingester skips unchanged ones).

    A feed that cannot be read gets one failure naming it; its record and its articles stay as they were.
    """
    done = []
    for feed in feeds.feeds():
        try:
            result = read_feed(feed.url, max_bytes, timeout)
        except InputError as exc:
            done.append(FeedRefresh(feed, IngestReport(failed=[Failure(feed.url, str(exc))])))
            continue
        report = ingest(result.items or [Notice(feed.url, "the feed has no entries")])
        done.append(FeedRefresh(feeds.remember(result, feed.url), report))
    return done
