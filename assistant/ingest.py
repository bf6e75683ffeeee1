"""Ingest articles: skip unchanged ones, chunk, embed in batches, extract claims, write to the store.

Reading and chunking run in a background thread while the main thread embeds (the model releases
the GIL), so the encoder is never waiting for the parser. Each article is written whole (see
store.py for the commit order); a failed item is reported and never touches what is stored.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .articles import Failure, normalise_text
from .chunking import split_article
from .embeddings import MiniLMEmbeddings
from .errors import AssistantError
from .models import Article, Chunk, Claim
from .settings import Settings
from .store import Store

BATCH_CHUNKS = 256  # chunks embedded together: keeps the model busy without holding much in memory


@dataclass
class IngestReport:
    """What an ingest did, item by item."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.duplicate)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": len(self.added), "updated": len(self.updated), "unchanged": len(self.unchanged),
            "duplicate": len(self.duplicate), "failed": [{"name": f.name, "reason": f.reason} for f in self.failed],
            "chunks": self.chunks, "seconds": round(self.seconds, 2),
            "chunks_per_second": round(self.chunks / self.seconds, 1) if self.seconds else 0.0,
        }


@dataclass
class _Prepared:
    article: Article
    version: str
    chunks: list[Chunk]
    claims: list[Claim]


def version_of(article: Article) -> str:
    """A hash of everything stored about the article: a change means the article was updated."""
    parts = [article.title, article.text, article.url, article.source, article.published_iso, *article.authors]
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
        """Ingest every item; failures are collected in the report, never raised."""
        report = IngestReport()
        started = time.perf_counter()
        self.store.repair()  # finish what a killed ingest left behind
        seen: dict[str, str] = {}  # text hash -> article id, within this run
        batch: list[_Prepared] = []
        for item in _background(self._prepare_all(items, report, seen)):
            if isinstance(item, Failure):
                report.failed.append(item)
            else:
                batch.append(item)
                if sum(len(p.chunks) for p in batch) >= BATCH_CHUNKS:
                    self._write(batch, report)
                    batch = []
            if progress:
                progress(report)
        self._write(batch, report)
        report.seconds = time.perf_counter() - started
        if progress:
            progress(report)
        return report

    def _prepare_all(self, items: Iterable[Article | Failure], report: IngestReport,
                     seen: dict[str, str]) -> Iterator[_Prepared | Failure]:
        for item in items:
            if isinstance(item, Failure):
                yield item
                continue
            try:
                prepared = self._prepare(item, report, seen)
            except AssistantError as exc:
                yield Failure(item.url or item.title or item.id, str(exc))
                continue
            if prepared is not None:
                yield prepared

    def _prepare(self, article: Article, report: IngestReport, seen: dict[str, str]) -> _Prepared | None:
        version = version_of(article)
        stored = self.store.article_versions([article.id]).get(article.id)
        if stored == version:
            report.unchanged.append(article.id)
            return None
        thash = text_hash(article)
        if seen.get(thash) == article.id:  # the same article twice in one run
            report.unchanged.append(article.id)
            return None
        twin = seen.get(thash) or self._stored_twin(thash, article.id)
        if twin and twin != article.id:
            self._note_outlet(twin, article.source)
            report.duplicate.append(article.id)
            return None
        seen[thash] = article.id
        (report.updated if stored else report.added).append(article.id)
        chunks = split_article(article, self.settings.chunk_chars, self.settings.chunk_overlap_chars)
        return _Prepared(article, version, chunks, self.extract(article))

    def _stored_twin(self, thash: str, article_id: str) -> str | None:
        got = self.store._call("find duplicates", self.store.articles.get, where={"text_hash": thash},
                               include=[], limit=1)
        return next((i for i in got["ids"] if i != article_id), None)

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

    def _write(self, batch: list[_Prepared], report: IngestReport) -> None:
        if not batch:
            return
        texts = [f"{p.article.title}\n{c.text}" for p in batch for c in p.chunks]
        vectors = self.embeddings.encode(texts)
        claim_vectors = self.embeddings.encode([c.quote for p in batch for c in p.claims])
        at = cat = 0
        for p in batch:
            n, m = len(p.chunks), len(p.claims)
            self.store.write_article(p.article, p.chunks, vectors[at:at + n], p.version, p.claims,
                                     claim_vectors[cat:cat + m], extra={"text_hash": text_hash(p.article)})
            at, cat = at + n, cat + m
            report.chunks += n


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

