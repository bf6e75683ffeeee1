"""Ingest articles: skip unchanged ones, chunk, embed in batches, extract claims, write to the store.

Reading, store lookups (two round trips per group of articles) and chunking run in a background thread
and Chroma writes in another while the main thread embeds (the model releases the GIL), so the encoder
is never waiting for the parser or the store. Articles whose stored version matches skip everything. Each article is written whole (see
store.py for the commit order); a failed item is reported and never touches what is stored. An ingest looks up
only the articles it writes, never scans the index: what a killed ingest left is overwritten when the same
articles come again (their chunk and claim ids are the same), and is never shown meanwhile.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .articles import Failure, Notice, StandIn, canonical_url, normalise_text
from .chunking import split_article
from .claims import VERSION as CLAIMS_VERSION
from .embeddings import DIMENSION, MiniLMEmbeddings, Span
from .errors import AssistantError, StoreError
from .models import Article, Chunk, Claim
from .settings import Settings
from .store import ArticleWrite, Store, where_in
from .walls import is_teaser

BATCH_CHUNKS = 256  # chunks embedded together (several model batches, sorted by length inside the model)
WRITE_CHUNKS = 1024  # chunks written to Chroma together: each write costs ~15-25 ms beyond its rows
LOOKUP_GROUP = 64  # articles looked up in the store together


@dataclass(frozen=True)
class Duplicate:
    """An input not stored as an article of its own because it repeats one: `name` is the input (its URL, else its
    title), `same_as` the title of the article it repeats; `same_text` is False for an earlier copy of an article
    read again in the same run in another version (the last one read is stored)."""

    name: str
    same_as: str
    same_text: bool = True

    @property
    def reason(self) -> str:
        """'same text as "Bridge opens"', or 'an earlier copy of "Bridge opens"; the one read after it is stored'."""
        if self.same_text:
            return f'same text as "{self.same_as}"'
        return f'an earlier copy of "{self.same_as}"; the one read after it is stored'


@dataclass
class IngestReport:
    """What an ingest did, item by item."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)  # the same, each named with the article it repeats
    failed: list[Failure] = field(default_factory=list)
    summary_only: list[Failure] = field(default_factory=list)  # stored from a feed's summary: its page, and why not
    warnings: list[Failure] = field(default_factory=list)  # stored, but with something left out (a date unread)
    chunks: int = 0
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.duplicate)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": len(self.added), "updated": len(self.updated), "unchanged": len(self.unchanged),
            "duplicate": len(self.duplicate), "failed": [{"name": f.name, "reason": f.reason} for f in self.failed],
            "summary_only": [{"name": f.name, "reason": f.reason} for f in self.summary_only],
            "warnings": [{"name": f.name, "reason": f.reason} for f in self.warnings],
            "duplicates": [{"name": d.name, "reason": d.reason, "same_as": d.same_as} for d in self.duplicates],
            "chunks": self.chunks, "seconds": round(self.seconds, 2),
            "chunks_per_second": round(self.chunks / self.seconds, 1) if self.seconds else 0.0,
        }

    def note_duplicate(self, article: Article, same_as: str, same_text: bool = True) -> None:
        """Count the article as a duplicate of the article titled `same_as`, naming both."""
        self.duplicate.append(article.id)
        self.duplicates.append(Duplicate(article.url or article.title or article.id, same_as, same_text))


def warnings_of(article: Article) -> list[Failure]:
    """What was left out of an article as stored, naming it: a date given that could not be read."""
    if not article.unread_date:
        return []
    return [Failure(article.url or article.title, f"cannot read the date {article.unread_date!r}; stored without one")]


@dataclass
class _Prepared:
    article: Article
    version: str
    chunks: list[Chunk]
    claims: list[Claim]
    replace: bool  # an older version is stored, or was written earlier in this run
    text_hash: str
    stand_in: bool = False  # a feed's summary standing in for a page that could not be fetched


def version_of(article: Article) -> str:
    """A hash of everything stored about the article, and of how its claims are extracted: a change in either
    means the article's stored data is out of date."""
    parts = [article.title, article.text, canonical_url(article.url), article.source, article.published_iso,
             *article.authors, f"claims {CLAIMS_VERSION}"]  # "?utm_source=rss" makes no new version
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def text_hash(article: Article) -> str:
    return hashlib.sha1(normalise_text(article.text).lower().encode()).hexdigest()[:16]


Progress = Callable[[IngestReport], None]


class Ingester:
    """Writes articles into one store with one embedding model."""

    def __init__(self, store: Store, embeddings: MiniLMEmbeddings, settings: Settings,
                 extract: Callable[[Article], list[Claim]] | None = None) -> None:
        self.store = store
        self.embeddings = embeddings
        self.settings = settings
        self.extract = extract or (lambda article: [])

    def ingest(self, items: Iterable[Article | Failure], progress: Progress | None = None) -> IngestReport:
        """Ingest every item; failures are collected in the report, never raised.

        Three stages overlap: a reader thread parses, looks up and chunks articles; this thread
        embeds; a writer thread writes the previous batch to Chroma while the next one is embedded.
        """
        report = IngestReport()
        started = time.perf_counter()
        seen: dict[str, str] = {}  # text hash -> article id, within this run
        self._outlets: list[tuple[str, str]] = []  # (article id, outlet that also ran it), noted at the end
        self._run: dict[str, str] = {}  # article id -> the version this run last met (the last one wins)
        self._written: set[str] = set()  # ids this run hands to the writer
        self._titles: dict[str, str] = {}  # article id -> title, of those a duplicate may repeat
        batch: list[_Prepared] = []
        ready: list[tuple[ArticleWrite, bool]] = []  # embedded, not yet handed to the writer
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-writer") as writer:
            pending: Future[None] | None = None
            for item in _background(self._prepare_all(items, report, seen)):
                if isinstance(item, Notice):
                    report.warnings.append(item)
                elif isinstance(item, Failure):
                    report.failed.append(item)
                else:
                    batch.append(item)
                    if sum(len(p.chunks) for p in batch) >= BATCH_CHUNKS:
                        ready += self._embed(batch, report)
                        batch = []
                        if sum(len(w.chunks) for w, _ in ready) >= WRITE_CHUNKS:
                            pending = self._hand_over(ready, report, writer, pending)
                            ready = []
                if progress:
                    progress(report)
            ready += self._embed(batch, report)
            pending = self._hand_over(ready, report, writer, pending)
            if pending is not None:
                pending.result()
        for article_id, source in self._outlets:  # after the writes: the twin may be from this run
            self._note_outlet(article_id, source)
        report.seconds = time.perf_counter() - started
        if progress:
            progress(report)
        return report

    def _hand_over(self, writes: list[tuple[ArticleWrite, bool]], report: IngestReport, writer: ThreadPoolExecutor,
                   pending: Future[None] | None) -> Future[None] | None:
        """Wait for the previous write (raising its error), then hand these to the writer."""
        if not writes:
            return pending
        if pending is not None:
            pending.result()
        return writer.submit(self._write, writes, report)

    def _prepare_all(self, items: Iterable[Article | Failure], report: IngestReport,
                     seen: dict[str, str]) -> Iterator[_Prepared | Failure]:
        group: list[Article] = []
        for item in items:
            if isinstance(item, Failure):
                yield item
                continue
            group.append(item)
            if len(group) >= LOOKUP_GROUP:
                yield from self._prepare_group(group, report, seen)
                group = []
        yield from self._prepare_group(group, report, seen)

    def _prepare_group(self, group: list[Article], report: IngestReport,
                       seen: dict[str, str]) -> Iterator[_Prepared | Failure]:
        """Look up a group of articles in two round trips (versions, wire-copy twins), then chunk them.

        Articles are decided in reading order against what this run met before, so when a URL comes twice
        the last version is the one stored (each with its own text hash)."""
        if not group:
            return
        last = {a.id: i for i, a in enumerate(group)}  # a URL twice in a batch: only its last version is looked at,
        for i, a in enumerate(group):  # so a re-run changes nothing
            if last[a.id] != i:
                read_after = group[last[a.id]]
                report.note_duplicate(a, read_after.title, text_hash(a) == text_hash(read_after))
        group = [a for i, a in enumerate(group) if last[a.id] == i]
        versions = [version_of(a) for a in group]
        stored = self.store.article_versions(sorted({a.id for a in group}))
        kept = self._kept_originals(group, versions, stored)
        maybe = [a for a, v in zip(group, versions, strict=True) if stored.get(a.id) != v or a.id in self._run]
        hashes = {id(a): text_hash(a) for a in maybe}
        twins: dict[str, str] = {}  # text hash -> a stored article id with that text
        if hashes:
            wanted = sorted(set(hashes.values()))
            found = self.store.articles_where(where_in("text_hash", wanted))
            for aid, meta in found.items():
                twins.setdefault(str(meta.get("text_hash")), aid)
                self._titles.setdefault(aid, str(meta.get("title", "")))
        teasers = self._teasers([a for a in maybe if a.id in stored and a.id not in self._run])
        for article, version in zip(group, versions, strict=True):
            current = self._run.get(article.id, stored.get(article.id))
            refused = self._refusal(article, kept, teasers)
            if refused is not None:
                self._run.setdefault(article.id, str(current))
                yield refused
                continue
            if current == version or (article.id in kept and article.id not in self._run):
                # met before in this run (in an earlier group): a duplicate, as within a group
                if article.id in self._run:
                    report.note_duplicate(article, article.title)
                else:
                    report.unchanged.append(article.id)
                self._run.setdefault(article.id, str(current))
                continue
            try:
                prepared = self._prepare(article, version, stored.get(article.id), hashes[id(article)], twins,
                                         report, seen)
            except AssistantError as exc:
                yield Failure(article.url or article.title or article.id, str(exc))
                continue
            if prepared is not None:
                yield prepared

    def _kept_originals(self, group: list[Article], versions: list[str], stored: dict[str, str]) -> set[str]:
        """Ids of stand-ins (a feed's summary, the page not fetched) whose stored article came from its page:
        those stay as they are rather than being replaced by the summary."""
        ids = sorted({a.id for a, v in zip(group, versions, strict=True)
                      if isinstance(a, StandIn) and a.id in stored and stored[a.id] != v})
        if not ids:
            return set()
        return {aid for aid, meta in self.store.articles_where(where_in("article_id", ids)).items()
                if not meta.get("stand_in")}

    def _teasers(self, changed: list[Article]) -> dict[str, tuple[int, int]]:
        """`{article id: (new length, stored length)}` of the changed articles that are only a teaser of their
        stored text (a paywall's opening paragraphs): those must not replace it."""
        candidates = [a for a in changed if not isinstance(a, StandIn)]
        if not candidates:
            return {}
        texts = self.store.article_texts([a.id for a in candidates])
        return {a.id: (len(a.text), len(texts[a.id])) for a in candidates
                if texts.get(a.id) and is_teaser(a.text, texts[a.id])}

    def _refusal(self, article: Article, kept: set[str], teasers: dict[str, tuple[int, int]]) -> Failure | None:
        """The failure to report instead of replacing a stored article with what is not one, else None."""
        name = article.url or article.title or article.id
        if article.id in self._run:
            return None
        if isinstance(article, StandIn) and article.rejected and article.id in kept:
            return Failure(name, f"{article.rejected}; the stored version is kept")
        if article.id in teasers:
            new, old = teasers[article.id]
            return Failure(name, f"cannot update {name!r}: the new text is only {new:,} of the stored {old:,} "
                                 "characters and looks like a teaser; the stored version is kept")
        return None

    def _prepare(self, article: Article, version: str, stored: str | None, thash: str, twins: dict[str, str],
                 report: IngestReport, seen: dict[str, str]) -> _Prepared | None:
        again = article.id in self._run  # met earlier in this run, in another version
        twin = seen.get(thash) or twins.get(thash)
        if twin and twin != article.id:
            self._outlets.append((twin, article.source))
            report.note_duplicate(article, self._titles.get(twin, twin))
            return None
        if again:  # the earlier copy is superseded: it counts as a duplicate, this one as what it does
            if article.id in report.unchanged:
                report.unchanged.remove(article.id)
            report.note_duplicate(article, article.title, same_text=False)
            for h in [h for h, aid in seen.items() if aid == article.id]:
                del seen[h]  # its earlier text is no longer what this id holds
        seen[thash] = article.id
        self._titles[article.id] = article.title
        self._run[article.id] = version
        replace = stored is not None or article.id in self._written
        if article.id not in report.added and article.id not in report.updated:
            (report.updated if stored else report.added).append(article.id)
        report.warnings += warnings_of(article)
        if isinstance(article, StandIn):  # the reader should know the text is the feed's summary, and why
            report.summary_only.append(Failure(article.url or article.title, article.why or "the page was not read"))
        self._written.add(article.id)
        chunks = split_article(article, self.settings.chunk_chars, self.settings.chunk_overlap_chars)
        return _Prepared(article, version, chunks, self.extract(article), replace, thash,
                         isinstance(article, StandIn))

    def _note_outlet(self, article_id: str, source: str) -> None:
        """Record that another outlet ran the same text (wire copy)."""
        got = self.store._call("read an article", self.store.articles.get, ids=[article_id], include=["metadatas"])
        if not got["ids"] or not source:
            return
        meta = dict(got["metadatas"][0])
        outlets = [s for s in str(meta.get("also_in", "")).split("; ") if s]
        if source != meta.get("source") and source not in outlets:
            meta["also_in"] = "; ".join([*outlets, source])
            self.store._call("update an article", self.store.articles.update, ids=[article_id], metadatas=[meta])

    def _embed(self, batch: list[_Prepared], report: IngestReport) -> list[tuple[ArticleWrite, bool]]:
        """Embed the chunks and, from the same pass, each claim's quote as read inside its chunk."""
        if not batch:
            return []
        texts: list[str] = []
        spans: list[Span] = []  # quotes a chunk holds whole, and which claims of the batch they are
        inside: list[int] = []
        alone: list[str] = []  # quotes no chunk holds whole (rare), encoded on their own, and which claims
        lone: list[int] = []
        count = 0
        for p in batch:
            first, prefix = len(texts), len(p.article.title) + 1  # chunk texts start with "title\n"
            texts += [f"{p.article.title}\n{c.text}" for c in p.chunks]
            for claim in p.claims:
                at = holding_chunk(p.chunks, claim)
                if at is None:
                    lone.append(count)
                    alone.append(claim.quote)
                else:
                    inside.append(count)
                    start = prefix + claim.start - p.chunks[at].start
                    spans.append((first + at, start, start + claim.end - claim.start))
                count += 1
        vectors, in_chunks = self.embeddings.encode_with_spans(texts, spans)
        claim_vectors = np.empty((count, DIMENSION), dtype=np.float32)
        claim_vectors[inside] = in_chunks
        claim_vectors[lone] = self.embeddings.encode_documents(alone)
        writes, at, cat = [], 0, 0
        for p in batch:
            n, m = len(p.chunks), len(p.claims)
            write = ArticleWrite(p.article, p.chunks, vectors[at:at + n], p.version, p.claims,
                                 claim_vectors[cat:cat + m], _record_extra(p))
            writes.append((write, p.replace))
            at, cat = at + n, cat + m
        report.chunks += at
        return writes

    def _write(self, writes: list[tuple[ArticleWrite, bool]], report: IngestReport) -> None:
        """Write a batch; if the store refuses it, write article by article so one bad item fails alone."""
        try:
            for replace in (False, True):  # new articles need no delete round trips
                self.store.write_articles([w for w, r in writes if r == replace], replace=replace)
        except StoreError:
            for write, replace in writes:
                try:
                    self.store.write_articles([write], replace=replace)
                except StoreError as exc:
                    self._unreport(report, write)
                    report.failed.append(Failure(write.article.url or write.article.title, str(exc)))

    @staticmethod
    def _unreport(report: IngestReport, write: ArticleWrite) -> None:
        for done in (report.added, report.updated):
            if write.article.id in done:
                done.remove(write.article.id)
        report.chunks -= len(write.chunks)


def _record_extra(prepared: _Prepared) -> dict[str, Any]:
    """Metadata the article record keeps beside the article's own: its text hash, and whether it is a
    feed's summary standing in for its page (which a later fetch of the page may replace)."""
    extra: dict[str, Any] = {"text_hash": prepared.text_hash}
    if prepared.stand_in:
        extra["stand_in"] = True
    return extra


def holding_chunk(chunks: list[Chunk], claim: Claim) -> int | None:
    """The chunk that holds the whole quote with the most context around it, or None."""
    holding = [i for i, c in enumerate(chunks) if c.start <= claim.start and claim.end <= c.end]
    return max(holding, key=lambda i: min(claim.start - chunks[i].start, chunks[i].end - claim.end), default=None)


def _background(items: Iterator[Any], depth: int = 64) -> Iterator[Any]:
    """Run a generator in a thread, handing its items over through a bounded queue."""
    q: queue.Queue[Any] = queue.Queue(maxsize=depth)
    done = object()
    error: list[BaseException] = []

    def run() -> None:
        try:
            for item in items:
                q.put(item)
        except BaseException as exc:  # re-raised in the consumer
            error.append(exc)
        finally:
            q.put(done)

    threading.Thread(target=run, daemon=True, name="ingest-reader").start()
    while (item := q.get()) is not done:
        yield item
    if error:
        raise error[0]

