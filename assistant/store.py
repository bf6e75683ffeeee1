"""The Chroma store: chunks, articles and claims, embedded (PersistentClient) or on a server (HttpClient).

Three collections share the configured name: `<name>` holds chunks, `<name>_articles` one record per
article (full text; its embedding is the mean of its chunks'), `<name>_claims` the speaker claims.
Writes are ordered so that the article record is written last: it is the commit marker. Chunks and
claims whose article record is missing or of another version (what an ingest killed midway leaves) are
never shown, and `repair()` reclaims their space. A `generation` counter in the chunk collection's metadata changes on
every write, so other processes (and the keyword index) can tell their view is stale.

Chunk and claim records keep as metadata keys only what a `where` reads (article, version, outlet, date;
speaker); the rest, with the chunk's text or the claim's quote, is one JSON string (`packed`), and the
record has no document. Chroma indexes every metadata key and every document's trigrams, which we never
search, so this halves the cost of a write (see `pack`). Records written before are read as they were.

Against a server every call that fails is retried once after reopening the client and the collections,
so a Chroma server that restarted is picked up again without rebuilding anything; a server that stays
down gives a StoreError naming it. Filtered queries avoid Chroma's slow `where` search when they can
(see `query_chunks`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import StoreError
from .models import Article, Chunk, Claim
from .settings import Settings

log = logging.getLogger(__name__)

# ef_search 200 and 32 neighbours keep recall@10 at 1.000 against exact search at 100k chunks; building with
# ef_construction 100 (Chroma's default) instead of 200 halves the CPU of every write (1.30 -> 0.70 s per
# 1,000 records) at the same recall (measured on dev-corpus vectors; see bench/results.md)
HNSW = {"space": "cosine", "ef_construction": 100, "ef_search": 200, "max_neighbors": 32}
POST_FILTER_DEPTH = (10, 40)  # unfiltered candidates per wanted result, tried in turn before `where`
PACKED = "packed"  # the metadata key holding a record's other fields and its text, as JSON
CHUNK_KEYS = ("article_id", "content_hash", "source", "published_ts")  # what `where` and `repair()` read
CLAIM_KEYS = ("speaker", "article_id", "content_hash")


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
        raise StoreError(f"cannot open the {describe(settings)}: {_reason(exc)}") from exc


def describe(settings: Settings) -> str:
    """What the store is, for messages: "Chroma server http://host:port" or "Chroma index DIR"."""
    if settings.server_mode:
        scheme = "https" if settings.chroma_ssl else "http"
        return f"Chroma server {scheme}://{settings.chroma_host}:{settings.chroma_port}"
    return f"Chroma index {settings.index}"


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if "connect" in text.lower() or isinstance(exc, ConnectionError):
        return f"it is not reachable ({text.splitlines()[0][:200]})"
    return text.splitlines()[0][:300]


class Store:
    """Upsert, delete and query chunks, articles and claims in Chroma."""

    COLLECTIONS = ("chunks", "articles", "claims")

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.where = describe(settings)
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
            raise StoreError(f"cannot reach the {self.where}: {_reason(exc)}") from exc

    def _collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": dict(HNSW)}
        )

    def reconnect(self) -> None:
        """Open a new client and the collections again (after a server restart)."""
        self.client = open_client(self.settings)
        self._open_collections()

    def _call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one Chroma call; against a server, reconnect and retry it once when it fails."""
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not self.settings.server_mode:
                raise StoreError(f"the {self.where} failed to {what}: {_reason(exc)}") from exc
            owner = self._owner(fn)
            log.warning("%s failed to %s (%s); reconnecting", self.where, what, _reason(exc))
        try:
            self.reconnect()
            again = getattr(getattr(self, owner), fn.__name__) if owner else fn
            return again(*args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"the {self.where} failed to {what}: {_reason(exc)}") from exc

    def _owner(self, fn: Callable[..., Any]) -> str | None:
        """Which of our attributes a bound method belongs to, so the retry uses the reopened one."""
        bound = getattr(fn, "__self__", None)
        for attr in ("client", *self.COLLECTIONS):
            if bound is not None and bound is getattr(self, attr, None):
                return attr
        return None

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
        out: dict[str, str] = {}
        for i in range(0, len(ids), self.batch):
            got = self._call("read articles", self.articles.get, ids=list(ids[i:i + self.batch]),
                             include=["metadatas"])
            out.update({k: str(m.get("content_hash", "")) for k, m in zip(got["ids"], got["metadatas"], strict=True)})
        return out

    def articles_where(self, where: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """`{article_id: metadata}` of the stored articles matching a `where` clause."""
        got = self._call("find articles", self.articles.get, where=where, include=["metadatas"])
        return dict(zip(got["ids"], got["metadatas"], strict=True))

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with its full text, or None."""
        got = self._call("read an article", self.articles.get, ids=[article_id],
                         include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return article_from_meta(article_id, got["documents"][0], got["metadatas"][0])

    def article_texts(self, ids: list[str]) -> dict[str, str]:
        """The stored texts of those of `ids` that are stored, in one read."""
        got = self._call("read articles", self.articles.get, ids=ids, include=["documents"])
        return dict(zip(got["ids"], got["documents"], strict=True))

    def list_articles(self) -> list[dict[str, Any]]:
        """Metadata of every stored article (no text), newest first."""
        rows: list[dict[str, Any]] = []
        for ids, metas, _ in self._pages(self.articles, ["metadatas"]):
            rows.extend({"id": i, **m} for i, m in zip(ids, metas, strict=True))
        return sorted(rows, key=lambda r: -int(r.get("published_ts", 0)))

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article with its full text, a page of records at a time."""
        for ids, metas, docs in self._pages(self.articles, ["metadatas", "documents"], size=500):
            for i, m, d in zip(ids, metas, docs, strict=True):
                yield article_from_meta(i, d or "", m)

    def iter_chunks(self, texts: bool = True) -> Iterator[StoredChunk]:
        """Every stored chunk, page by page (with `texts=False` the text is left empty)."""
        include = ["metadatas", "documents"] if texts else ["metadatas"]
        for ids, metas, docs in self._pages(self.chunks, include):
            for i, m, d in zip(ids, metas, docs, strict=True):
                text, meta = unpack(d, m)
                yield StoredChunk(i, text if texts else "", meta)

    def get_chunks(self, ids: Sequence[str], vectors: bool = False) -> dict[str, tuple[str, dict[str, Any], Any]]:
        """`{chunk_id: (text, metadata, vector or None)}` for the stored ones among `ids`."""
        include = ["documents", "metadatas", "embeddings"] if vectors else ["documents", "metadatas"]
        out: dict[str, tuple[str, dict[str, Any], Any]] = {}
        for i in range(0, len(ids), self.batch):
            got = self._call("read chunks", self.chunks.get, ids=list(ids[i:i + self.batch]), include=include)
            embs = got["embeddings"] if vectors else [None] * len(got["ids"])
            out.update({k: (*unpack(d, m), e) for k, d, m, e in
                        zip(got["ids"], got["documents"], got["metadatas"], embs, strict=True)})
        return out

    def chunk_vectors(self, ids: Sequence[str]) -> np.ndarray:
        """The stored vectors of `ids`, in that order (zeros for an id no longer stored)."""
        found: dict[str, Any] = {}
        for i in range(0, len(ids), self.batch):
            got = self._call("read vectors", self.chunks.get, ids=list(ids[i:i + self.batch]), include=["embeddings"])
            found.update(zip(got["ids"], got["embeddings"], strict=True))
        width = len(next(iter(found.values()))) if found else 0
        blank = np.zeros(width, dtype=np.float32)
        return np.array([found.get(cid, blank) for cid in ids], dtype=np.float32).reshape(len(ids), width)

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
        """Nearest chunks: [(chunk_id, text, metadata, cosine similarity)], best first.

        With `where`, Chroma's filtered search is slow at scale (~400 ms at 100k chunks against ~5 ms
        unfiltered), so the unfiltered neighbours are fetched deeper and filtered here; Chroma's `where`
        search is the fallback when too few of them pass (a rare outlet, a narrow date range).
        """
        if n <= 0:
            return []
        if where and ids is None:
            for per in POST_FILTER_DEPTH:
                found = self._query(vector, n * per, None, None)
                try:
                    kept = [hit for hit in found if matches(hit[2], where)]
                except (ValueError, TypeError):  # a clause we do not evaluate: let Chroma do it
                    break
                if len(kept) >= n or len(found) < n * per:  # enough, or the whole store was seen
                    return kept[:n]
        return self._query(vector, n, where, ids)

    def nearest_chunk_ids(self, vector: np.ndarray, n: int, ids: list[str] | None = None) -> list[tuple[str, float]]:
        """The n nearest chunks (among `ids` when given) as [(chunk_id, cosine similarity)], best first.

        Reads no texts or metadata, so a deep search stays cheap (~13 ms for 300 at 38k chunks, against
        ~48 ms with texts): callers filter the ids and fetch only what they keep (`get_chunks`).
        """
        if n <= 0:
            return []
        got = self._call("search", self.chunks.query, query_embeddings=[vector.tolist()], n_results=n, ids=ids,
                         include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def _query(self, vector: np.ndarray, n: int, where: dict | None,
               ids: list[str] | None) -> list[tuple[str, str, dict[str, Any], float]]:
        got = self._call("search", self.chunks.query, query_embeddings=[vector.tolist()],
                         n_results=n, where=where or None, ids=ids,
                         include=["documents", "metadatas", "distances"])
        return [(i, *unpack(d, m), 1.0 - float(dist)) for i, d, m, dist in
                zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)]

    def query_claims(self, vector: np.ndarray, n: int, where: dict | None = None) -> list[tuple[Claim, float]]:
        """Nearest claims (optionally filtered, e.g. {"speaker": name}), best first."""
        if n <= 0:
            return []
        got = self._call("search claims", self.claims.query, query_embeddings=[vector.tolist()],
                         n_results=n, where=where or None, include=["documents", "metadatas", "distances"])
        found = [(claim_from_meta(*unpack(d, m)), m, 1.0 - float(dist)) for d, m, dist in
                 zip(got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)]
        keep = self._committed([m for _, m, _ in found])
        return [(c, sim) for (c, _, sim), ok in zip(found, keep, strict=True) if ok]

    def get_claims(self, where: dict | None = None) -> list[Claim]:
        """Every claim (optionally filtered), in article order."""
        claims: list[Claim] = []
        offset = 0
        while True:
            got = self._call("read claims", self.claims.get, where=where or None, limit=5000, offset=offset,
                             include=["documents", "metadatas"])
            if not got["ids"]:
                break
            keep = self._committed(got["metadatas"])
            claims.extend(claim_from_meta(*unpack(d, m)) for d, m, ok in zip(got["documents"], got["metadatas"], keep,
                                                                              strict=True) if ok)
            offset += len(got["ids"])
        return sorted(claims, key=lambda c: (c.article_id, c.start))

    def _committed(self, metas: Sequence[dict[str, Any]]) -> list[bool]:
        """For each claim's metadata: is its article committed, in the version the claim was written with?
        (Claims of an ingest killed before its commit, or of an older version, are never shown.)"""
        versions = self.article_versions(sorted({str(m.get("article_id")) for m in metas}))
        return [is_committed(m, versions) for m in metas]

    # -- writing -------------------------------------------------------------------------------

    def write_article(self, article: Article, chunks: Sequence[Chunk], vectors: np.ndarray, version: str,
                      claims: Sequence[Claim] = (), claim_vectors: np.ndarray | None = None,
                      extra: dict[str, Any] | None = None) -> None:
        """Replace the article's chunks and claims, then commit its record (written last)."""
        self.write_articles([ArticleWrite(article, list(chunks), vectors, version, list(claims),
                                          claim_vectors, extra or {})], replace=True)

    def write_articles(self, writes: Sequence[ArticleWrite], replace: bool = True) -> None:
        """Write several articles in few round trips: their chunks and claims (batched within the
        server's max batch size), then all their records, the commit markers, then one generation bump.

        `replace=True` (needed when an article changed; an ingest passes False for articles it knows are new)
        deletes the replaced version's chunks and claims once the new version is committed. Rows of a version
        have ids of their own (`version_id`), so until that commit the old version stays whole: an ingest
        killed at any point leaves each article in its old or its new version, never neither. Only the version
        this write replaced is deleted, never "every other": two processes writing new versions of one article at
        once (sharing a Chroma server) each keep theirs, the record names the last, and `repair` reclaims the other.
        """
        writes = list({w.article.id: w for w in writes}.values())  # the same article twice: the last wins
        if not writes:
            return
        chunk_rows: list[tuple[str, str | None, dict[str, Any]]] = []
        claim_rows: list[tuple[str, str | None, dict[str, Any]]] = []
        records: list[tuple[str, str | None, dict[str, Any]]] = []
        means = []
        with_claims = [w for w in writes if w.claims and w.claim_vectors is not None]
        for w in writes:
            base = article_meta(w.article, w.version)
            chunk_meta = _chunk_meta(base)
            chunk_rows += [(version_id(c.id, w.version), None,
                            pack(c.text, {**chunk_meta, "n": c.n, "start": c.start, "end": c.end}, CHUNK_KEYS))
                           for c in w.chunks]
            if w in with_claims:
                claim_rows += [(version_id(c.id, w.version), None, pack(c.quote, claim_meta(c, w.version), CLAIM_KEYS))
                               for c in w.claims]
            records.append((w.article.id, w.article.text, {**base, **w.extra, "chunks": len(w.chunks),
                                                           "claims": len(w.claims), "ids": VERSIONED_IDS}))
            mean = w.vectors.mean(axis=0) if len(w.vectors) else np.zeros(384, dtype=np.float32)
            means.append(mean / (np.linalg.norm(mean) or 1.0))
        self._upsert(self.chunks, chunk_rows, np.concatenate([w.vectors for w in writes]))
        if with_claims:
            self._upsert(self.claims, claim_rows, np.concatenate([w.claim_vectors for w in with_claims]))
        replaced: dict[str, str] = {}  # article id -> the version its record held before this write
        if replace:  # an upsert merges metadata: a key the new version lacks ("stand_in") is cleared, not kept
            old_keys: dict[str, set[str]] = {}
            for i in range(0, len(records), self.batch):
                got = self._call("read records", self.articles.get, ids=[r[0] for r in records[i:i + self.batch]],
                                 include=["metadatas"])
                old_keys.update({a: set(m or {}) for a, m in zip(got["ids"], got["metadatas"], strict=True)})
                replaced.update({a: str((m or {}).get("content_hash", "")) for a, m in
                                 zip(got["ids"], got["metadatas"], strict=True)})
            records = [(a, d, {**dict.fromkeys(old_keys.get(a, set()) - set(m)), **m}) for a, d, m in records]
        self._upsert(self.articles, records, np.asarray(means, dtype=np.float32))
        self.bump()  # committed: other processes read the new versions from here on, even if this one dies now
        new = {w.article.id: w.version for w in writes}
        old = {a: v for a, v in replaced.items() if v != new[a]}
        if old:
            self._delete_versions(old)
            self.bump()

    def _delete_versions(self, versions: dict[str, str]) -> None:
        """Delete the chunks and claims of these articles' given (replaced) versions."""
        ids = list(versions)
        for i in range(0, len(ids), self.batch):
            part = ids[i:i + self.batch]
            where = {"$and": [where_in("article_id", part),
                              {"content_hash": {"$in": sorted({versions[a] for a in part})}}]}
            self._call("delete old chunks", self.chunks.delete, where=where)
            self._call("delete old claims", self.claims.delete, where=where)

    def _upsert(self, coll: Any, rows: list[tuple[str, str | None, dict[str, Any]]], vectors: np.ndarray) -> None:
        for i in range(0, len(rows), self.batch):
            part = rows[i:i + self.batch]
            documents = [r[1] for r in part]
            self._call("write", coll.upsert, ids=[r[0] for r in part], embeddings=vectors[i:i + len(part)],
                       documents=None if all(d is None for d in documents) else documents,
                       metadatas=[r[2] for r in part])

    def delete_article(self, article_id: str, bump: bool = True) -> bool:
        """Remove an article with its chunks and claims; True if it was stored."""
        existed = bool(self.article_versions([article_id]))
        self._delete([article_id])
        if bump:
            self.bump()
        return existed

    def _delete(self, article_ids: list[str]) -> None:
        where = where_in("article_id", article_ids)
        self._call("delete articles", self.articles.delete, ids=article_ids)
        self._call("delete chunks", self.chunks.delete, where=where)
        self._call("delete claims", self.claims.delete, where=where)

    def bump(self) -> None:
        """Mark the chunks as changed for every process sharing this store."""
        meta = dict(self.chunks.metadata or {})
        meta["generation"] = time.time_ns()  # unique across processes without a read-modify-write race
        self._call("update the collection", self.chunks.modify, metadata=meta)

    def repair(self) -> int:
        """Delete chunks and claims of articles that were never committed, or of another version; return how many.

        Such leftovers (of an ingest killed before its commit) are never shown: searches keep only chunks the
        keyword index holds, which are the committed versions', and claims are checked the same way. This
        only reclaims their space. It reads every record, so run it while no ingest is writing: the chunks of
        an ingest in progress look exactly like leftovers until their article is committed."""
        committed = {r["id"]: str(r.get("content_hash", "")) for r in self.list_articles()}
        stale: dict[str, list[str]] = {"chunks": [], "claims": []}
        for kind, coll in (("chunks", self.chunks), ("claims", self.claims)):
            for ids, metas, _ in self._pages(coll, ["metadatas"]):
                stale[kind] += [i for i, m in zip(ids, metas, strict=True)
                                if not is_committed(m, committed)]
        for kind, coll in (("chunks", self.chunks), ("claims", self.claims)):
            for i in range(0, len(stale[kind]), self.batch):
                self._call("repair", coll.delete, ids=stale[kind][i:i + self.batch])
        self.bump()  # always: a process that died between its commit and its bump left the others' keyword index stale
        return len(stale["chunks"]) + len(stale["claims"])


@dataclass(eq=False)
class ArticleWrite:
    """One article to write with its chunks, their vectors, claims and extra record metadata."""

    article: Article
    chunks: list[Chunk]
    vectors: np.ndarray
    version: str
    claims: list[Claim]
    claim_vectors: np.ndarray | None
    extra: dict[str, Any]


def matches(meta: dict[str, Any], where: dict[str, Any]) -> bool:
    """Whether metadata passes a Chroma `where` clause ($and/$or, $eq/$ne/$in/$nin/$gt/$gte/$lt/$lte)."""
    for key, cond in where.items():
        if key == "$and":
            ok = all(matches(meta, c) for c in cond)
        elif key == "$or":
            ok = any(matches(meta, c) for c in cond)
        elif isinstance(cond, dict):
            ok = all(_compare(meta.get(key), op, arg) for op, arg in cond.items())
        else:
            ok = meta.get(key) == cond
        if not ok:
            return False
    return True


def _compare(value: Any, op: str, arg: Any) -> bool:
    if op == "$eq":
        return bool(value == arg)
    if op == "$ne":
        return bool(value != arg)
    if op == "$in":
        return value in arg
    if op == "$nin":
        return value not in arg
    if value is None:  # Chroma: a missing key fails every comparison
        return False
    if op == "$gt":
        return bool(value > arg)
    if op == "$gte":
        return bool(value >= arg)
    if op == "$lt":
        return bool(value < arg)
    if op == "$lte":
        return bool(value <= arg)
    raise ValueError(f"unsupported where operator {op!r}")


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


VERSIONED_IDS = 2  # an article record's "ids": its chunks' and claims' row ids end in "@<version>" (`version_id`)


def version_id(row_id: str, version: str) -> str:
    """A chunk's or claim's row id in one version of its article: a new version never overwrites an old one's."""
    return f"{row_id}@{version[:16]}"


def chunk_ids(record: dict[str, Any]) -> list[str]:
    """The row ids of the chunks an article record committed."""
    n, aid = int(record["chunks"]), str(record["id"])
    if record.get("ids") == VERSIONED_IDS:
        return [version_id(f"{aid}:{i}", str(record.get("content_hash", ""))) for i in range(n)]
    return [f"{aid}:{i}" for i in range(n)]  # written before row ids had versions


def is_committed(meta: dict[str, Any], versions: dict[str, str]) -> bool:
    """Whether a chunk's or claim's metadata belongs to its article's committed version (`{article_id: hash}`)."""
    return versions.get(str(meta.get("article_id"))) == str(meta.get("content_hash"))


def pack(text: str, meta: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """Metadata that keeps `keys` as they are and the rest, with the text, as one JSON string.

    Chroma indexes every metadata key and every document (a trigram full-text index we never query):
    a chunk record with ten keys and its text as document costs about twice the CPU to write.
    """
    rest = {k: v for k, v in meta.items() if k not in keys}
    return {**{k: meta[k] for k in keys if k in meta},
            PACKED: json.dumps({**rest, "text": text}, ensure_ascii=False, separators=(",", ":"))}


def unpack(document: str | None, meta: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A record's text and full metadata, packed or not (records written before packing have a document)."""
    if PACKED not in meta:
        return document or "", meta
    rest = json.loads(meta[PACKED])
    text = str(rest.pop("text", ""))
    return text, {**{k: v for k, v in meta.items() if k != PACKED}, **rest}


def where_in(key: str, values: Sequence[str]) -> dict[str, Any]:
    """A Chroma `where` for `key` equal to one of `values` (a plain equality when there is one)."""
    return {key: values[0]} if len(values) == 1 else {key: {"$in": list(values)}}


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
