"""The benchmark corpus: dev-corpus chunks (repeated with varied ids past its size) and cached embeddings.

Embedding the ~30k unique chunks of the realtimeqa dev corpus takes a quarter of an hour here, so their
vectors are computed once per backend and cached outside the repo (`~/.cache/news-assistant/bench/`);
a repeated article (`<id>~r2`) reuses the vectors of its original, since its text is the same.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.articles import article_from_record
from assistant.chunking import split_article
from assistant.embeddings import MiniLMEmbeddings, embeddings_for
from assistant.models import Article, Chunk
from assistant.settings import load_settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realtimeqa" / "articles.jsonl"
CACHE = Path.home() / ".cache" / "news-assistant" / "bench"


def dev_articles(path: Path = CORPUS) -> list[Article]:
    """The dev corpus articles, in file order."""
    with path.open() as fh:
        return [article_from_record(json.loads(line)) for line in fh if line.strip()]


def chunked(articles: list[Article]) -> list[tuple[Article, list[Chunk]]]:
    """Each article with its chunks, split as the ingester splits (default settings)."""
    settings = load_settings(env={})
    return [(a, split_article(a, settings.chunk_chars, settings.chunk_overlap_chars)) for a in articles]


def chunk_texts(pairs: list[tuple[Article, list[Chunk]]]) -> list[str]:
    """The texts the ingester embeds: title, newline, chunk text."""
    return [f"{a.title}\n{c.text}" for a, cs in pairs for c in cs]


def repeated(pairs: list[tuple[Article, list[Chunk]]], n_chunks: int
             ) -> Iterator[tuple[Article, list[Chunk], int]]:
    """Articles (with chunks and the offset of their vectors in the unique cache) until n_chunks are out,
    repeating the corpus with ids `<id>~r<k>` when it runs out."""
    offsets, at = [], 0
    for _, cs in pairs:
        offsets.append(at)
        at += len(cs)
    out, rnd = 0, 1
    while out < n_chunks:
        for (article, cs), off in zip(pairs, offsets, strict=True):
            if out >= n_chunks:
                return
            if not cs:
                continue
            if rnd > 1:
                new_id = f"{article.id}~r{rnd}"
                article = replace(article, id=new_id, url=f"{article.url}#r{rnd}")
                cs = [replace(c, id=f"{new_id}:{c.n}", article_id=new_id) for c in cs]
            take = cs[: n_chunks - out]
            out += len(take)
            yield article, take, off
        rnd += 1


def encoder(backend: str) -> MiniLMEmbeddings:
    """The embedding model with `backend` (one of `settings.BACKENDS`), as the settings would load it."""
    return embeddings_for(load_settings(env={}, embedding_backend=backend))


def cached_vectors(backend: str, texts: list[str], encode, piece: int = 2048) -> np.ndarray:  # noqa: ANN001
    """Vectors for `texts` from the cache, computing (and saving, resumably) what is missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    final = CACHE / f"realtimeqa-{backend}-{len(texts)}.npy"
    if final.exists():
        return np.load(final)
    parts = []
    for i in range(0, len(texts), piece):
        part = CACHE / f"part-{backend}-{len(texts)}-{i}.npy"
        if not part.exists():
            t = time.perf_counter()
            np.save(part, encode(texts[i:i + piece]))
            print(f"  cached {i + piece}/{len(texts)} ({piece / (time.perf_counter() - t):.1f}/s)", file=sys.stderr)
        parts.append(np.load(part))
    vectors = np.concatenate(parts).astype(np.float32)
    np.save(final, vectors)
    for i in range(0, len(texts), piece):
        (CACHE / f"part-{backend}-{len(texts)}-{i}.npy").unlink(missing_ok=True)
    return vectors


if __name__ == "__main__":  # python bench/corpus.py [torch|onnx]: fill the cache
    backend = sys.argv[1] if len(sys.argv) > 1 else "torch"
    model = encoder(backend)
    texts = chunk_texts(chunked(dev_articles()))
    print(cached_vectors(backend, texts, model.encode_documents).shape)
