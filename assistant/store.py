"""The Chroma store: chunks, articles and claims, embedded (PersistentClient) or on a server (HttpClient).

Three collections share the configured name: `<name>` holds chunks, `<name>_articles` one record per
article (full text; its embedding is the mean of its chunks'), `<name>_claims` the speaker claims.
Writes are ordered so that the article record is written last: it is the commit marker, and
`repair()` removes chunks and claims whose article record is missing or of another version (what an
ingest killed midway leaves). A `generation` counter in the chunk collection's metadata changes on
every write, so other processes (and the keyword index) can tell their view is stale.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import StoreError
from .models import Article, Chunk, Claim
from .settings import Settings

HNSW = {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back for the keyword index: id, text and the metadata filters need."""

    id: str
    text: str
    meta: dict[str, Any]


def open_client(settings: Settings) -> Any:
    """A Chroma client for the settings: HttpClient with a host, else PersistentClient on the folder."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.server_mode:
            headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                headers=headers, settings=chroma_settings,
            )
        settings.index.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index), settings=chroma_settings)
    except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.server_mode else settings.index
        raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc


class Store:
    """Upsert, delete and query chunks, articles and claims in Chroma."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.where = (f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
                      if settings.server_mode else f"index {settings.index}")
        self.client = client or open_client(settings)
        self._open_collections()

    def _open_collections(self) -> None:
        try:
            self.batch = int(self.client.get_max_batch_size())
            name = self.settings.collection
            self.chunks = self._collection(name)
            self.articles = self._collection(f"{name}_articles")
            self.claims = self._collection(f"{name}_claims")
        except Exception as exc:
            raise StoreError(f"cannot reach the {self.where}: {exc}") from exc

    def _collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": dict(HNSW)}
        )

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise StoreError(f"the {self.where} failed to {what}: {exc}") from exc

    # -- reading -------------------------------------------------------------------------------

    def generation(self) -> int:
        """A number that changes whenever the chunks change (from any process)."""
        coll = self._call("read the collection", self.client.get_collection, self.settings.collection)
        return int((coll.metadata or {}).get("generation", 0))

    def count(self) -> int:
        return int(self._call("count chunks", self.chunks.count))

    def article_versions(self, ids: Sequence[str]) -> dict[str, str]:
        """`{article_id: content_hash}` for the given ids that are stored (committed)."""
        if not ids:
            return {}
        got = self._call("read articles", self.articles.get, ids=list(ids), include=["metadatas"])
        return {i: str(m.get("content_hash", "")) for i, m in zip(got["ids"], got["metadatas"], strict=True)}

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with its full text, or None."""
        got = self._call("read an article", self.articles.get, ids=[article_id],
                         include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return article_from_meta(article_id, got["documents"][0], got["metadatas"][0])

    def list_articles(self) -> list[dict[str, Any]]:
        """Metadata of every stored article (no text), newest first."""
        rows: list[dict[str, Any]] = []
        for ids, metas, _ in self._pages(self.articles, ["metadatas"]):
            rows.extend({"id": i, **m} for i, m in zip(ids, metas, strict=True))
        return sorted(rows, key=lambda r: -int(r.get("published_ts", 0)))

    def iter_chunks(self) -> Iterator[StoredChunk]:
        """Every stored chunk, page by page."""
        for ids, metas, docs in self._pages(self.chunks, ["metadatas", "documents"]):
            for i, m, d in zip(ids, metas, docs, strict=True):
                yield StoredChunk(i, d, m)

    def _pages(self, coll: Any, include: list[str], size: int = 5000) -> Iterator[tuple[list, list, list]]:
        offset = 0
        while True:
            got = self._call("read records", coll.get, include=include, limit=size, offset=offset)
            if not got["ids"]:
                return
            yield got["ids"], got["metadatas"], got.get("documents") or [None] * len(got["ids"])
            offset += len(got["ids"])

    def query_chunks(self, vector: np.ndarray, n: int, where: dict | None = None,
                     ids: list[str] | None = None) -> list[tuple[str, str, dict[str, Any], float]]:
        """Nearest chunks: [(chunk_id, text, metadata, cosine similarity)], best first."""
        if n <= 0:
            return []
        got = self._call("search", self.chunks.query, query_embeddings=[vector.tolist()],
                         n_results=n, where=where or None, ids=ids,
                         include=["documents", "metadatas", "distances"])
        return [(i, d, m, 1.0 - float(dist)) for i, d, m, dist in
                zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)]

    def query_claims(self, vector: np.ndarray, n: int, where: dict | None = None) -> list[tuple[Claim, float]]:
        """Nearest claims (optionally filtered, e.g. {"speaker": name}), best first."""
        if n <= 0:
            return []
        got = self._call("search claims", self.claims.query, query_embeddings=[vector.tolist()],
                         n_results=n, where=where or None, include=["documents", "metadatas", "distances"])
        return [(claim_from_meta(d, m), 1.0 - float(dist)) for d, m, dist in
                zip(got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)]

    def get_claims(self, where: dict | None = None) -> list[Claim]:
        """Every claim (optionally filtered), in article order."""
        claims: list[Claim] = []
        offset = 0
        while True:
            got = self._call("read claims", self.claims.get, where=where or None, limit=5000, offset=offset,
                             include=["documents", "metadatas"])
            if not got["ids"]:
                break
            claims.extend(claim_from_meta(d, m) for d, m in zip(got["documents"], got["metadatas"], strict=True))
            offset += len(got["ids"])
        return sorted(claims, key=lambda c: (c.article_id, c.start))

    # -- writing -------------------------------------------------------------------------------

    def write_article(self, article: Article, chunks: Sequence[Chunk], vectors: np.ndarray, version: str,
                      claims: Sequence[Claim] = (), claim_vectors: np.ndarray | None = None,
                      extra: dict[str, Any] | None = None) -> None:
        """Replace the article's chunks and claims, then commit its record (written last)."""
        self.delete_article(article.id, bump=False)
        base = article_meta(article, version)
        metas = [{**_chunk_meta(base), "n": c.n, "start": c.start, "end": c.end} for c in chunks]
        self._upsert(self.chunks, [c.id for c in chunks], vectors, [c.text for c in chunks], metas)
        if claims and claim_vectors is not None:
            self._upsert(self.claims, [c.id for c in claims], claim_vectors, [c.quote for c in claims],
                         [claim_meta(c, version) for c in claims])
        mean = vectors.mean(axis=0) if len(vectors) else np.zeros(384, dtype=np.float32)
        mean = mean / (np.linalg.norm(mean) or 1.0)
        record = {**base, **(extra or {}), "chunks": len(chunks), "claims": len(claims)}
        self._upsert(self.articles, [article.id], mean[None, :], [article.text], [record])
        self.bump()

    def _upsert(self, coll: Any, ids: list[str], vectors: np.ndarray, docs: list[str], metas: list[dict]) -> None:
        for i in range(0, len(ids), self.batch):
            j = i + self.batch
            self._call("write", coll.upsert, ids=ids[i:j], embeddings=vectors[i:j], documents=docs[i:j],
                       metadatas=metas[i:j])

    def delete_article(self, article_id: str, bump: bool = True) -> bool:
        """Remove an article with its chunks and claims; True if it was stored."""
        existed = bool(self.article_versions([article_id]))
        self._call("delete an article", self.articles.delete, ids=[article_id])
        self._call("delete chunks", self.chunks.delete, where={"article_id": article_id})
        self._call("delete claims", self.claims.delete, where={"article_id": article_id})
        if bump:
            self.bump()
        return existed

    def bump(self) -> None:
        """Mark the chunks as changed for every process sharing this store."""
        meta = dict(self.chunks.metadata or {})
        meta["generation"] = time.time_ns()  # unique across processes without a read-modify-write race
        self._call("update the collection", self.chunks.modify, metadata=meta)

    def repair(self) -> int:
        """Delete chunks and claims of articles that were never committed; return how many."""
        committed = {r["id"]: str(r.get("content_hash", "")) for r in self.list_articles()}
        stale: dict[str, list[str]] = {"chunks": [], "claims": []}
        for kind, coll in (("chunks", self.chunks), ("claims", self.claims)):
            for ids, metas, _ in self._pages(coll, ["metadatas"]):
                stale[kind] += [i for i, m in zip(ids, metas, strict=True)
                                if committed.get(str(m.get("article_id"))) != str(m.get("content_hash"))]
        for kind, coll in (("chunks", self.chunks), ("claims", self.claims)):
            for i in range(0, len(stale[kind]), self.batch):
                self._call("repair", coll.delete, ids=stale[kind][i:i + self.batch])
        if stale["chunks"] or stale["claims"]:
            self.bump()
        return len(stale["chunks"]) + len(stale["claims"])


def article_meta(article: Article, version: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "article_id": article.id, "title": article.title, "source": article.source, "url": article.url,
        "published": article.published_iso, "authors": "; ".join(article.authors),
        "also_in": "; ".join(article.also_in), "content_hash": version,
    }
    if article.published_ts is not None:
        meta["published_ts"] = article.published_ts
    return meta


def _chunk_meta(base: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in base.items() if k not in ("authors", "also_in")}


def article_from_meta(article_id: str, text: str, meta: dict[str, Any]) -> Article:
    from .articles import parse_date

    def split(value: Any) -> tuple[str, ...]:
        return tuple(x for x in str(value or "").split("; ") if x)

    return Article(
        id=article_id, title=str(meta.get("title", "")), text=text, url=str(meta.get("url", "")),
        source=str(meta.get("source", "")), published=parse_date(meta.get("published")),
        authors=split(meta.get("authors")), also_in=split(meta.get("also_in")),
    )


def claim_meta(claim: Claim, version: str) -> dict[str, Any]:
    return {
        "speaker": claim.speaker, "speaker_as_written": claim.speaker_as_written, "role": claim.role,
        "kind": claim.kind, "article_id": claim.article_id, "start": claim.start, "end": claim.end,
        "published": claim.published, "title": claim.title, "url": claim.url, "source": claim.source,
        "content_hash": version,
    }


def claim_from_meta(quote: str, meta: dict[str, Any]) -> Claim:
    return Claim(
        speaker=str(meta["speaker"]), speaker_as_written=str(meta.get("speaker_as_written", "")),
        role=str(meta.get("role", "")), kind=meta.get("kind", "paraphrase"), quote=quote,
        article_id=str(meta["article_id"]), start=int(meta["start"]), end=int(meta["end"]),
        published=str(meta.get("published", "")), title=str(meta.get("title", "")),
        url=str(meta.get("url", "")), source=str(meta.get("source", "")),
    )
