"""The Chroma store, embedded and on a real server: writes, reads, deletes, repair, filtered queries."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from assistant.models import Article, Chunk, Claim
from assistant.settings import Settings
from assistant.store import PACKED, ArticleWrite, Store, matches, unpack, version_id
from tests import chroma_server as fixtures

chroma_server, mode_settings = fixtures.chroma_server, fixtures.mode_settings  # both modes for every test

DIM = 384


def _vectors(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _article(i: int, source: str = "cnn.com", day: int = 1, parts: int = 3) -> tuple[Article, list[Chunk]]:
    text = " ".join(f"Sentence {k} of article {i}." for k in range(parts))
    article = Article(id=f"a{i}", title=f"Title {i}", text=text, url=f"https://x.test/{i}", source=source,
                      published=datetime(2025, 1, day))
    chunks, at = [], 0
    for k in range(parts):
        piece = f"Sentence {k} of article {i}."
        start = text.index(piece, at)
        chunks.append(Chunk(f"a{i}:{k}", f"a{i}", k, piece, start, start + len(piece)))
        at = start + len(piece)
    return article, chunks


def _write(store: Store, i: int, version: str = "v1", **kw: object) -> None:
    article, chunks = _article(i, **kw)  # type: ignore[arg-type]
    store.write_article(article, chunks, _vectors(len(chunks), i), version)


def test_write_read_delete_round_trip(mode_settings: Settings) -> None:
    store = Store(mode_settings)
    before = store.generation()
    _write(store, 1)
    _write(store, 2)
    assert store.count() == 6
    assert store.generation() != before
    assert store.article_versions(["a1", "a2", "nope"]) == {"a1": "v1", "a2": "v1"}
    got = store.get_article("a1")
    assert got is not None and got.text.startswith("Sentence 0 of article 1")
    for c in store.iter_chunks():
        assert got.text[c.meta["start"]:c.meta["end"]] == c.text or c.meta["article_id"] != "a1"
    assert store.delete_article("a1") and not store.delete_article("a1")
    assert store.count() == 3 and store.article_versions(["a1"]) == {}


def test_rewrite_leaves_no_stale_chunks(mode_settings: Settings) -> None:
    store = Store(mode_settings)
    article, chunks = _article(1, parts=5)
    store.write_article(article, chunks, _vectors(5, 1), "v1")
    article2, chunks2 = _article(1, parts=2)
    store.write_article(article2, chunks2, _vectors(2, 2), "v2")
    metas = [c.meta for c in store.iter_chunks()]
    assert len(metas) == 2 and {m["content_hash"] for m in metas} == {"v2"}


def test_a_new_version_written_meanwhile_by_another_process_is_not_deleted(mode_settings: Settings) -> None:
    writer, other = Store(mode_settings), Store(mode_settings)  # two processes sharing one store
    _write(writer, 1, "v1")
    article, chunks = _article(1, parts=4)  # the other process has written its version's chunks, not yet its record
    other._upsert(other.chunks, [(version_id(c.id, "v3"), c.text, {"article_id": "a1", "content_hash": "v3"})
                                 for c in chunks], _vectors(4, 3))
    _write(writer, 1, "v2", parts=2)  # this one replaces v1, the version it read
    assert sorted(c.meta["content_hash"] for c in writer.iter_chunks()) == ["v2", "v2", "v3", "v3", "v3", "v3"]
    other.write_article(article, chunks, _vectors(4, 3), "v3")  # the other commits last: its version is whole
    assert sorted(c.meta["content_hash"] for c in writer.iter_chunks()) == ["v3"] * 4
    assert writer.article_versions(["a1"]) == {"a1": "v3"}


def test_batched_writes_split_at_max_batch_size(mode_settings: Settings) -> None:
    store = Store(mode_settings)
    store.batch = 4  # as if the server took 4 records per call
    writes = []
    for i in range(5):
        article, chunks = _article(i, parts=3)
        writes.append(ArticleWrite(article, chunks, _vectors(3, i), "v1", [], None, {}))
    store.write_articles(writes, replace=False)
    assert store.count() == 15
    assert len(store.article_versions([f"a{i}" for i in range(5)])) == 5
    assert len(store.get_chunks([version_id(f"a{i}:{k}", "v1") for i in range(5) for k in range(3)])) == 15


def test_records_keep_only_filter_keys_and_read_back_whole(mode_settings: Settings) -> None:
    store = Store(mode_settings)
    article, chunks = _article(1)
    claim = Claim(speaker="Ann Lee", speaker_as_written="Lee", role="mayor", kind="quote", quote="Sentence 1",
                  article_id="a1", start=article.text.index("Sentence 1"), end=article.text.index("Sentence 1") + 10,
                  published="2025-01-01", title="Title 1", url="https://x.test/1", source="cnn.com")
    store.write_article(article, chunks, _vectors(3, 1), "v1", [claim], _vectors(1, 5))
    one = version_id("a1:1", "v1")
    raw = store.chunks.get(ids=[one], include=["documents", "metadatas"])
    assert raw["documents"] == [None]  # no trigram index of a text we never search with Chroma
    assert set(raw["metadatas"][0]) == {"article_id", "content_hash", "source", "published_ts", PACKED}
    text, meta = store.get_chunks([one])[one][:2]
    assert text == "Sentence 1 of article 1." == article.text[meta["start"]:meta["end"]]
    assert meta["title"] == "Title 1" and meta["url"] == "https://x.test/1" and meta["n"] == 1
    assert store.get_claims({"speaker": "Ann Lee"}) == [claim]
    assert [c for c, _ in store.query_claims(_vectors(1, 5)[0], 1, where={"speaker": "Ann Lee"})] == [claim]
    assert [h[1] for h in store.query_chunks(_vectors(3, 1)[1], 1, where={"source": "cnn.com"})] == [text]


def test_records_written_before_packing_still_read(mode_settings: Settings) -> None:
    store = Store(mode_settings)
    _write(store, 1)
    ids = [version_id(f"a1:{n}", "v1") for n in range(3)]
    packed = store.get_chunks(ids)
    old = [(cid, text, meta) for cid, (text, meta, _) in packed.items()]  # an index written by an older version
    store.chunks.delete(ids=[r[0] for r in old])
    store.chunks.add(ids=[r[0] for r in old], embeddings=_vectors(3, 1), documents=[r[1] for r in old],
                        metadatas=[r[2] for r in old])
    assert PACKED not in store.chunks.get(ids=ids[:1])["metadatas"][0]
    assert {cid: (t, m) for cid, (t, m, _) in store.get_chunks(ids).items()} == \
        {cid: (t, m) for cid, (t, m, _) in packed.items()}
    assert sorted(c.text for c in store.iter_chunks()) == sorted(t for t, _, _ in packed.values())
    assert unpack("a text", {"article_id": "a1"}) == ("a text", {"article_id": "a1"})


def test_repair_removes_uncommitted_chunks(mode_settings: Settings) -> None:
    store = Store(mode_settings)
    _write(store, 1)
    article, chunks = _article(2)
    store._upsert(store.chunks, [(c.id, c.text, {"article_id": "a2", "content_hash": "v1"}) for c in chunks],
                  _vectors(3, 2))  # what an ingest killed before its commit leaves
    assert store.count() == 6
    assert store.repair() == 3
    assert store.count() == 3
    before = store.generation()  # nothing left to reclaim, but other processes are told to read the store again
    assert store.repair() == 0 and store.generation() != before  # (one that died before telling them left them stale)


WHERES = [
    {"source": "bbc.com"},
    {"source": {"$in": ["bbc.com", "cnn.com"]}},
    {"$and": [{"published_ts": {"$gte": int(datetime(2025, 1, 3).timestamp())}}, {"source": "cnn.com"}]},
    {"published_ts": {"$lte": int(datetime(2025, 1, 2).timestamp())}},
    {"source": "nowhere.org"},
]


def test_post_filtered_query_matches_chroma_where(mode_settings: Settings) -> None:
    store = Store(mode_settings)
    writes = []
    for i in range(12):
        article, chunks = _article(i, source="bbc.com" if i % 4 == 0 else "cnn.com", day=1 + i % 5)
        writes.append(ArticleWrite(article, chunks, _vectors(3, i), "v1", [], None, {}))
    store.write_articles(writes, replace=False)
    query = _vectors(1, 99)[0]
    for where in WHERES:
        ours = store.query_chunks(query, 5, where=where)
        chroma = store._query(query, 5, where, None)
        assert [h[0] for h in ours] == [h[0] for h in chroma], where
        assert all(matches(h[2], where) for h in ours)


@pytest.mark.parametrize(("meta", "where", "expected"), [
    ({"a": 1}, {"a": 1}, True),
    ({"a": 1}, {"a": {"$ne": 1}}, False),
    ({"a": "x"}, {"a": {"$in": ["x", "y"]}}, True),
    ({"a": "x"}, {"a": {"$nin": ["x"]}}, False),
    ({"a": 5}, {"$and": [{"a": {"$gt": 4}}, {"a": {"$lt": 6}}]}, True),
    ({"a": 5}, {"$or": [{"a": {"$gte": 6}}, {"a": {"$lte": 4}}]}, False),
    ({}, {"a": {"$gte": 0}}, False),
])
def test_matches(meta: dict, where: dict, expected: bool) -> None:
    assert matches(meta, where) is expected
