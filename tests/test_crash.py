"""Crash safety: a real `python -m assistant ingest` killed with SIGKILL at several points, then run again to
completion, leaves every article fully present or absent, no duplicates, claims and the keyword index in step."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.articles import iter_articles
from assistant.chunking import split_article
from assistant.ingest import text_hash
from assistant.keyword import KeywordIndex
from assistant.models import Article
from assistant.settings import load_settings
from assistant.store import Store, chunk_ids, is_committed, version_id
from tests.conftest import CORPUS, ROOT

ARTICLES = 30
KILL_AFTER_WRITES = [1, 30, 60]  # writes logged by Chroma (its embeddings_queue) in this run before SIGKILL


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 realtimeqa articles of middling length (a few chunks each, to keep the test short)."""
    source = CORPUS / "realtimeqa" / "articles.jsonl"
    if not source.exists():
        pytest.skip(f"{source} not found")
    rows = [json.loads(line) for line in source.open(encoding="utf-8")]
    rows = sorted((r for r in rows if 1200 <= len(r.get("text", "")) <= 2400), key=lambda r: r["id"])[:ARTICLES]
    path = tmp_path_factory.mktemp("crash") / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def ingest(dump: Path, index: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWS_ASSISTANT_", "OPENAI_"))}
    return subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(dump), "--index", str(index)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def writes(index: Path) -> int:
    """Records Chroma has logged so far, read without opening Chroma (read-only SQLite)."""
    db = index / "chroma.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM embeddings_queue").fetchone()[0])
    except sqlite3.Error:
        return 0


def kill_after(dump: Path, index: Path, more: int, limit: float = 90) -> bool:
    """Start an ingest and SIGKILL it once `more` records were written; False if it finished first."""
    before = writes(index)
    proc = ingest(dump, index)
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if writes(index) - before >= more:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    proc.kill()
    proc.wait()
    return False


def expected(dump: Path) -> dict[str, Article]:
    """What a clean ingest stores: the last text of each id; a text already stored under another id is skipped."""
    out: dict[str, Article] = {}
    owner: dict[str, str] = {}  # text hash -> article id
    for item in iter_articles([dump], 10**9, 1.0):
        assert isinstance(item, Article)
        if owner.setdefault(text_hash(item), item.id) == item.id:
            out[item.id] = item
    return out


def test_killed_ingest_leaves_whole_articles(dump: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    killed = [kill_after(dump, index, n) for n in KILL_AFTER_WRITES]
    assert sum(killed) >= 2, killed  # most runs must really have been killed mid-write
    proc = ingest(dump, index)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]

    settings = load_settings(env={}, index=str(index))
    store = Store(settings)
    want = expected(dump)
    records = {r["id"]: r for r in store.list_articles()}
    assert set(records) == set(want)
    stored_ids: list[str] = []
    for article_id, article in want.items():
        chunks = split_article(article, settings.chunk_chars, settings.chunk_overlap_chars)
        got = [c for c in store.iter_chunks() if c.meta["article_id"] == article_id]
        stored = sorted(((c.id, c.text, c.meta) for c in got), key=lambda r: int(r[2]["n"]))
        version = records[article_id]["content_hash"]
        assert [(i, d, m["start"], m["end"]) for i, d, m in stored] == [
            (version_id(c.id, version), c.text, c.start, c.end) for c in chunks]
        assert {m["content_hash"] for _, _, m in stored} == {records[article_id]["content_hash"]}
        assert records[article_id]["chunks"] == len(chunks)
        claims = [c for c in store.get_claims({"article_id": article_id})]
        assert len(claims) == records[article_id]["claims"]
        assert all(article.text[c.start:c.end] == c.quote for c in claims)
        stored_ids += [c.id for c in got]
    assert store.count() == len(stored_ids) == len(set(stored_ids))  # nothing else, no duplicates
    claims_total = store.claims.count()
    assert claims_total == sum(int(r["claims"]) for r in records.values())

    keyword = KeywordIndex(index / f"keyword-{settings.collection}")
    keyword.sync(store)  # the copy the last ingest saved, if it is current
    assert sorted(keyword.ids) == sorted(stored_ids)
    assert keyword.committed == set(want)


def test_an_update_killed_midway_leaves_each_article_in_its_old_or_its_new_version(dump: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    proc = ingest(dump, index)
    assert proc.wait(timeout=300) == 0
    old = {a.id: a for a in iter_articles([dump], 10**9, 1.0) if isinstance(a, Article)}
    rows = [json.loads(line) for line in dump.open(encoding="utf-8")]
    changed = tmp_path / "changed.jsonl"
    changed.write_text("".join(json.dumps({**r, "text": r["text"] + "\n\nThis story was updated."}) + "\n"
                               for r in rows), encoding="utf-8")
    new = {a.id: a for a in iter_articles([changed], 10**9, 1.0) if isinstance(a, Article)}
    settings = load_settings(env={}, index=str(index))
    killed = 0
    for more in KILL_AFTER_WRITES[1:]:
        killed += kill_after(changed, index, more)
        store = Store(settings)
        records = {r["id"]: r for r in store.list_articles()}
        assert set(records) == set(old), "an article was lost"  # each one still there ...
        committed = {aid: str(r["content_hash"]) for aid, r in records.items()}
        chunks = {c.id: c for c in store.iter_chunks() if is_committed(c.meta, committed)}
        for aid, record in records.items():  # ... whole, in the version its record names
            text = store.get_article(aid).text
            assert text in (old[aid].text, new[aid].text)
            ids = chunk_ids(record)
            assert set(ids) <= set(chunks) and all(text[chunks[i].meta["start"]:chunks[i].meta["end"]] ==
                                                   chunks[i].text for i in ids)
        del store
    assert killed >= 1
    proc = ingest(changed, index)
    assert proc.wait(timeout=300) == 0
    store = Store(settings)
    assert {r["id"]: store.get_article(r["id"]).text for r in store.list_articles()} == {
        aid: a.text for aid, a in new.items()}
