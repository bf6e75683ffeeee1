"""The BM25 keyword index (bm25s) over the stored chunks, kept in step with Chroma.

It is derived data: built from the chunks in the store (only those of committed articles), saved
beside the Chroma index with the store's `generation`, and rebuilt whenever the store's generation
differs, which covers re-ingest, deletion, other processes writing to a shared Chroma server and
crashes. In memory it keeps only ids and the small metadata filters need (article, outlet, date).

A rebuild is incremental in what costs: the tokens of every chunk are cached (in memory, and in
`tokens.npy` / `tokens.json` beside the saved index) under the chunk's id and article version, as ids
in a vocabulary that grows (renumbered when most of its terms are dead). After an ingest only the new
chunks' texts are read from Chroma and tokenized, and BM25 is indexed from ids (0.98 s at 38k chunks,
against 1.72 s from strings; saving the cache takes ~0.05 s, against 0.73 s for a pickle of strings). Which chunks exist, and their outlet
and date, come from the article records (each says how many chunks it committed; chunk ids are
`<article id>:<n>@<version>`, see `store.chunk_ids`), so the rest is one read of the article records and one BM25 indexing pass over
cached tokens.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .store import Store, chunk_ids, is_committed
from .terms import VERSION as TOKENIZER
from .terms import tokenize

log = logging.getLogger(__name__)
VOCAB_CHECK = 1000  # a vocabulary smaller than this is never renumbered


@dataclass
class KeywordHit:
    chunk_id: str
    score: float


class KeywordIndex:
    """BM25 over chunk text (with the article title), with vectorised metadata filters."""

    def __init__(self, folder: Path) -> None:
        self._lock = threading.RLock()
        self.folder = folder
        self.generation: int | None = None
        self.ids: list[str] = []
        self.rows: dict[str, int] = {}  # chunk id -> its position in ids (and in a mask)
        self.article_ids: list[str] = []
        self.sources = np.zeros(0, dtype=object)
        self._outlets: dict[str, int] = {}
        self._outlet_codes = np.zeros(0, dtype=np.int32)
        self.timestamps = np.zeros(0, dtype=np.int64)  # -1: undated
        self.committed: set[str] = set()
        self._bm25: object | None = None
        self._tokens: dict[str, tuple[str, np.ndarray]] | None = None  # chunk id -> (version, term ids)
        self._vocab: dict[str, int] = {}  # term -> id; grows until most of it is dead, then renumbered
        self._checked = (0, 0)  # (terms, chunks) when the vocabulary was last checked for dead terms

    def sync(self, store: Store) -> None:
        """Make the index match the store: load the saved copy or rebuild when stale (one thread at a time)."""
        generation = store.generation()
        if generation == self.generation:
            return
        with self._lock:  # concurrent questions must not rebuild (or read) a half-swapped index
            if generation != self.generation and not self._load(generation):
                self._build(store, generation)

    def _build(self, store: Store, generation: int) -> None:
        import bm25s
        from bm25s.tokenization import Tokenized

        articles = store.list_articles()
        committed = {r["id"]: str(r.get("content_hash", "")) for r in articles}
        cache = self._cached_tokens()
        if all("chunks" in r for r in articles):  # every record says how many chunks it committed
            rows = [(cid, r) for r in articles for cid in chunk_ids(r)]
            ids, arts = [cid for cid, _ in rows], [str(r["id"]) for _, r in rows]
            sources = [str(r.get("source", "")).lower() for _, r in rows]
            stamps = [int(r.get("published_ts", -1)) for _, r in rows]
            versions = [f"{r.get('content_hash')}/{TOKENIZER}" for _, r in rows]  # a tokenizer change re-tokenizes
        else:  # records from before they counted their chunks: read every chunk's metadata
            ids, arts, sources, stamps, versions = self._scan(store, committed)
        missing = [i for i, v in zip(ids, versions, strict=True) if cache.get(i, ("",))[0] != v]
        for cid, (text, meta, _) in store.get_chunks(missing).items():
            if is_committed(meta, committed):
                terms = tokenize(f"{meta.get('title', '')} {text}") or ["∅"]
                cache[cid] = (f"{meta.get('content_hash')}/{TOKENIZER}",
                              np.array([self._vocab.setdefault(t, len(self._vocab)) for t in terms], dtype=np.int32))
        keep = [k for k, i in enumerate(ids) if cache.get(i, ("",))[0] == versions[k]]  # stored, in that version
        self._tokens = {ids[k]: cache[ids[k]] for k in keep}
        self._compact_if_mostly_dead()
        corpus = [self._tokens[ids[k]][1].tolist() for k in keep]
        bm25 = bm25s.BM25()
        if corpus:  # terms no chunk has any more score nothing; bm25s adds "" to the copy it is given
            bm25.index(Tokenized(ids=corpus, vocab=dict(self._vocab)), show_progress=False)
        self._set(generation, [ids[k] for k in keep], [arts[k] for k in keep], [sources[k] for k in keep],
                  [stamps[k] for k in keep], set(committed), bm25 if corpus else None)
        self._save()

    def _compact_if_mostly_dead(self) -> None:
        """Renumber the vocabulary to the terms the cached chunks use, when most of it is terms of chunks no
        longer stored (deleted or replaced articles)."""
        tokens = self._tokens or {}
        terms, chunks = self._checked
        if len(self._vocab) < VOCAB_CHECK or (len(self._vocab) < 1.5 * terms and len(tokens) > chunks / 2):
            return  # checked again once the vocabulary grew by half or the chunks fell by half
        self._checked = (len(self._vocab), len(tokens))
        arrays = [t for _, t in tokens.values()]
        used = np.unique(np.concatenate(arrays)) if arrays else np.zeros(0, dtype=np.int64)
        if len(used) * 2 >= len(self._vocab):
            return
        renumber = np.full(len(self._vocab), -1, dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        self._vocab = {t: int(renumber[i]) for t, i in self._vocab.items() if renumber[i] >= 0}
        self._tokens = {cid: (v, renumber[t]) for cid, (v, t) in tokens.items()}
        self._checked = (len(self._vocab), len(self._tokens))

    @staticmethod
    def _scan(store: Store, committed: dict[str, str]) -> tuple[list[str], list[str], list[str], list[int], list[str]]:
        """(ids, article ids, outlets, timestamps, versions) of the stored chunks of committed versions."""
        ids, arts, sources, stamps, versions = [], [], [], [], []
        for chunk in store.iter_chunks(texts=False):
            meta = chunk.meta
            if not is_committed(meta, committed):
                continue
            ids.append(chunk.id)
            arts.append(str(meta["article_id"]))
            sources.append(str(meta.get("source", "")).lower())
            stamps.append(int(meta.get("published_ts", -1)))
            versions.append(f"{meta.get('content_hash')}/{TOKENIZER}")
        return ids, arts, sources, stamps, versions

    def _cached_tokens(self) -> dict[str, tuple[str, np.ndarray]]:
        if self._tokens is None:
            self._tokens, self._vocab = {}, {}
            try:  # our own files, written by _write_copy
                index = json.loads((self.folder / "tokens.json").read_text())
                flat = np.load(self.folder / "tokens.npy")
                ends = np.cumsum(index["lengths"])
                if not len(index["ids"]) == len(index["versions"]) == len(ends) or int(ends[-1:].sum()) != len(flat):
                    raise ValueError("token cache files do not match")
                self._vocab = {t: i for i, t in enumerate(index["vocab"])}
                self._tokens = {cid: (v, flat[e - n:e]) for cid, v, n, e in
                                zip(index["ids"], index["versions"], index["lengths"], ends.tolist(), strict=True)}
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.info("keyword token cache at %s not readable (%s); chunks are tokenized again", self.folder, exc)
                self._tokens, self._vocab = {}, {}
        return dict(self._tokens)

    def _set(self, generation: int, ids: list[str], arts: list[str], sources: list[str], stamps: list[int],
             committed: set[str], bm25: object | None) -> None:
        self.generation, self.ids, self.article_ids = generation, ids, arts
        self.rows = {cid: i for i, cid in enumerate(ids)}
        self.sources = np.array(sources, dtype=object)
        self._outlets = {name: code for code, name in enumerate(sorted(set(sources)))}  # outlet -> small int
        self._outlet_codes = np.array([self._outlets[x] for x in sources], dtype=np.int32)  # fast to compare
        self.timestamps = np.array(stamps, dtype=np.int64)
        self.committed, self._bm25 = committed, bm25

    def _save(self) -> None:
        """Save a copy for the next process; only a cache, so failing to save fails nothing."""
        tmp = self.folder.with_name(f"{self.folder.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        try:
            self._write_copy(tmp)
        except OSError as exc:  # e.g. another process replacing the copy at the same moment
            log.warning("could not save the keyword index to %s: %s", self.folder, exc)
            shutil.rmtree(tmp, ignore_errors=True)

    def _write_copy(self, tmp: Path) -> None:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)  # type: ignore[attr-defined]
        meta = {"generation": self.generation, "tokenizer": TOKENIZER, "ids": self.ids, "article_ids": self.article_ids,
                "sources": self.sources.tolist(), "timestamps": self.timestamps.tolist(),
                "committed": sorted(self.committed)}
        (tmp / "meta.json").write_text(json.dumps(meta))
        tokens = self._tokens or {}
        arrays = [a for _, a in tokens.values()]
        np.save(tmp / "tokens.npy", np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32))
        (tmp / "tokens.json").write_text(json.dumps({
            "ids": list(tokens), "versions": [v for v, _ in tokens.values()], "lengths": [len(a) for a in arrays],
            "vocab": sorted(self._vocab, key=self._vocab.__getitem__)}))
        shutil.rmtree(self.folder, ignore_errors=True)
        tmp.rename(self.folder)  # the saved copy is replaced whole or not at all

    def _load(self, generation: int) -> bool:
        import bm25s

        try:
            meta = json.loads((self.folder / "meta.json").read_text())
            if meta["generation"] != generation or meta.get("tokenizer") != TOKENIZER:  # terms of another tokenizer
                return False  # would not match the questions' terms: rebuilt (from the token cache, re-tokenized)
            bm25 = bm25s.BM25.load(str(self.folder / "bm25"), show_progress=False) if meta["ids"] else None
        except (OSError, ValueError, KeyError) as exc:
            log.info("keyword index at %s not reusable (%s); rebuilding", self.folder, exc)
            return False
        self._set(generation, meta["ids"], meta["article_ids"], meta["sources"], meta["timestamps"],
                  set(meta["committed"]), bm25)
        return True

    def mask(self, sources: list[str] | None = None, since: int | None = None,
             until: int | None = None) -> np.ndarray | None:
        """A 0/1 weight per chunk for the filters, or None when nothing is filtered."""
        if not sources and since is None and until is None:
            return None
        keep = np.ones(len(self.ids), dtype=bool)
        if sources:
            keep &= np.isin(self._outlet_codes, [self._outlets.get(s.lower(), -1) for s in sources])
        if since is not None:
            keep &= self.timestamps >= since
        if until is not None:
            keep &= (self.timestamps <= until) & (self.timestamps >= 0)
        return keep.astype(np.float32)

    def holds(self, text: str) -> bool:
        """Whether every term of `text` is in some indexed chunk ("Boris Johnson" in none: False); True when there is
        no index yet to tell."""
        terms = set(tokenize(text))
        with self._lock:
            bm25 = self._bm25
        if bm25 is None or not terms:
            return True
        vocab = bm25.vocab_dict  # type: ignore[attr-defined]
        return all(t in vocab for t in terms)

    def frequencies(self, terms: set[str]) -> tuple[int, dict[str, int]] | None:
        """The number of chunks and, for each term, how many hold it (its document frequency); None before the
        index is built."""
        with self._lock:
            bm25 = self._bm25
            if bm25 is None:
                return None
            vocab, indptr = bm25.vocab_dict, bm25.scores["indptr"]  # type: ignore[attr-defined]
            total = int(bm25.scores["num_docs"])  # type: ignore[attr-defined]
        held = {}
        for term in terms:
            col = vocab.get(term)
            held[term] = int(indptr[col + 1] - indptr[col]) if col is not None and col + 1 < len(indptr) else 0
        return total, held

    def rarity(self, terms: set[str]) -> dict[str, float]:
        """Each term's inverse document frequency over the chunks, `log(1 + N / (1 + df))`."""
        counted = self.frequencies(terms)
        if counted is None:
            return {t: 1.0 for t in terms}
        total, held = counted
        return {t: float(np.log1p(total / (1 + df))) for t, df in held.items()}

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[KeywordHit]:
        """The top-k chunks by BM25 for `query` among those the mask keeps."""
        tokens = tokenize(query)
        with self._lock:
            if self._bm25 is None or not tokens or k <= 0 or (mask is not None and len(mask) != len(self.ids)):
                return []  # a mask made before a concurrent rebuild no longer lines up: dense results only
            scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]
            ids = self.ids
        if mask is not None:  # scoring every chunk and masking is ~1 ms at 100k; bm25s' own mask path ~15 ms
            scores = scores * mask
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        docs = top[np.argsort(-scores[top], kind="stable")]
        return [KeywordHit(ids[int(d)], float(scores[d])) for d in docs if scores[d] > 0]
