"""The ingest pipeline through the Assistant, embedded and on a real Chroma server: re-ingest, updates,
duplicates, deletes, batching, and the keyword index kept in step."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from assistant import ingest
from assistant.models import Article
from assistant.service import Assistant
from assistant.settings import Settings
from tests import chroma_server as fixtures
from tests.chroma_server import MemoEmbeddings
from tests.conftest import SAMPLE

chroma_server, mode_settings, memo_embeddings = fixtures.chroma_server, fixtures.mode_settings, fixtures.memo_embeddings  # both modes for every test

WORDS = ["ceasefire", "harbour", "bakery", "violin", "glacier", "turbine", "orchard", "satellite", "lantern", "pottery"]


def _articles(n: int, sentences: int = 2) -> list[Article]:
    out = []
    for i in range(n):
        word = WORDS[i % len(WORDS)]
        text = " ".join(f"The {word} story number {i} has fact {k} about {word}s." for k in range(sentences))
        out.append(Article(id=f"art{i}", title=f"{word.title()} report {i}", text=text, url=f"https://x.test/{i}",
                           source="bbc.com" if i % 2 else "cnn.com", published=datetime(2025, 1, 1 + i % 20)))
    return out


@pytest.fixture
def app(mode_settings: Settings, memo_embeddings: MemoEmbeddings) -> Assistant:
    return Assistant(mode_settings, embeddings=memo_embeddings)


def _chunk_versions(app: Assistant) -> dict[str, str]:
    return {c.id: c.meta["content_hash"] for c in app.store.iter_chunks(texts=False)}


def test_reingest_is_unchanged_and_changed_article_leaves_no_stale_chunks(app: Assistant) -> None:
    first = app.ingest([SAMPLE])
    assert len(first.added) == 1 and first.chunks > 2
    count = app.store.count()
    again = app.ingest([SAMPLE])
    assert again.unchanged == first.added and again.chunks == 0
    assert app.store.count() == count
    article = app.article(first.added[0])
    assert article is not None
    shorter = replace(article, text=article.text[: len(article.text) // 3])
    report = app.ingest_articles([shorter])
    assert report.updated == [article.id]
    versions = _chunk_versions(app)
    assert len(set(versions.values())) == 1 and len(versions) == report.chunks < count
    for chunk in app.store.iter_chunks():
        assert shorter.text[chunk.meta["start"]:chunk.meta["end"]] == chunk.text
    assert app.keyword.ids == sorted(versions, key=app.keyword.ids.index)


def test_reprocess_renews_claims_an_older_extractor_wrote_and_nothing_else(
        app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as old:
        old.setattr(ingest, "CLAIMS_VERSION", "0")  # an index written before the extractor last changed
        [aid] = app.ingest([SAMPLE]).added
        others = app.ingest_articles(_articles(3)).added
        app.store.claims.delete(where={"article_id": aid})  # that extractor found nothing in the sample
        assert not app.claims("Putin")
    again = app.ingest([SAMPLE])
    assert again.updated == [aid]  # the same file after the upgrade: its stored data is out of date
    assert app.claims("Putin")
    first = app.reprocess()
    assert sorted(first.updated) == sorted(others) and first.unchanged == [aid]  # from the stored text alone
    assert app.reprocess().unchanged and not app.reprocess().updated  # stored articles round-trip exactly


def test_delete_removes_chunks_claims_and_keyword_entries(app: Assistant) -> None:
    report = app.ingest([SAMPLE])
    aid = report.added[0]
    assert app.search("Putin ceasefire call")
    assert any(i.startswith(f"{aid}:") for i in app.keyword.ids)
    assert app.delete(aid)
    assert app.store.count() == 0
    assert app.store.get_claims({"article_id": aid}) == []
    assert app.keyword.ids == [] and aid not in app.keyword.committed
    assert app.search("Putin ceasefire call") == []


def test_batches_groups_and_duplicates(app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "BATCH_CHUNKS", 3)
    monkeypatch.setattr(ingest, "WRITE_CHUNKS", 6)  # embedded in threes, written in sixes
    monkeypatch.setattr(ingest, "LOOKUP_GROUP", 4)
    app.store.batch = 5  # as if the server took 5 records per call
    items = _articles(11)
    twin = replace(items[3], id="wire-copy", source="apnews.com", url="https://ap.test/3")
    report = app.ingest_articles([*items, twin, items[5]])
    assert sorted(report.added) == sorted(a.id for a in items)
    assert report.duplicate == ["wire-copy", "art5"] and report.unchanged == []  # art5 came twice in this run
    assert app.store.count() == report.chunks == 11
    assert "apnews.com" in str(app.store.articles_where({"article_id": "art3"})["art3"].get("also_in"))
    hits = app.search("glacier story", k=3)
    assert hits and hits[0].article_id in {"art4", "art14"}
    again = app.ingest_articles(items)
    assert len(again.unchanged) == 11 and again.chunks == 0


def test_an_article_the_store_refuses_fails_alone(tmp_path, embeddings) -> None:  # noqa: ANN001
    """Two claims with one id make Chroma refuse the write: only that article fails, the rest is stored."""
    from assistant.articles import make_article
    from assistant.models import Claim
    from assistant.service import Assistant
    from assistant.settings import load_settings

    assistant = Assistant(load_settings(env={}, index=str(tmp_path / "index")), embeddings=embeddings)
    good = make_article("The mayor opened the new library on Monday, officials said.", url="https://n.example/lib")
    bad = make_article("The council approved the budget after a long debate on Tuesday.", url="https://n.example/bud")

    def extract(article):  # noqa: ANN001, ANN202
        if article.id != bad.id:
            return []
        claim = Claim("A", "A", "", "paraphrase", article.text[:20], article.id, 0, 20)
        return [claim, Claim("B", "B", "", "paraphrase", article.text[:20], article.id, 0, 20)]

    from assistant.ingest import Ingester

    report = Ingester(assistant.store, embeddings, assistant.settings, extract).ingest([good, bad])
    assert report.added == [good.id]
    assert [f.name for f in report.failed] == ["https://n.example/bud"]
    assert set(assistant.store.article_versions([good.id, bad.id])) == {good.id}


def test_what_a_killed_ingest_left_is_never_shown_nor_scanned_for_and_repair_reclaims_it(
        app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from assistant.cli import main
    from assistant.models import Claim
    from assistant.store import claim_meta

    (sample,) = app.ingest([SAMPLE]).added
    vector = app.embeddings.encode(["The zeppelin landed in the harbour, Donald Trump said."])
    ghost = Claim("Donald Trump", "Trump", "", "paraphrase", "The zeppelin landed in the harbour", "ghost", 0, 34)
    # an ingest killed before its commits: chunks and a claim of an article never committed, and a chunk of
    # the committed sample article from a version that never was
    app.store._upsert(app.store.chunks, [
        ("ghost:0", "The zeppelin landed in the harbour, Donald Trump said.",
         {"article_id": "ghost", "content_hash": "v9", "title": "Zeppelin", "start": 0, "end": 54, "n": 0}),
        (f"{sample}:99", "The zeppelin landed in the harbour, Donald Trump said.",
         {"article_id": sample, "content_hash": "stale", "title": "Zeppelin", "start": 0, "end": 54, "n": 99}),
    ], np.repeat(vector, 2, axis=0))
    app.store._upsert(app.store.claims, [(ghost.id, ghost.quote, claim_meta(ghost, "v9"))], vector)
    app.store.bump()

    assert not [p for p in app.search("zeppelin landed in the harbour", 10) if "zeppelin" in p.text]
    assert "zeppelin" not in " ".join(c.quote for c in app.claims("Trump"))
    assert not [c for c, _ in app.store.query_claims(vector[0], 50) if c.article_id == "ghost"]

    monkeypatch.setattr(app.store, "repair", lambda: pytest.fail("an ingest scanned the whole index"))
    count = app.store.count()
    assert len(app.ingest_articles(_articles(1)).added) == 1
    assert app.store.count() == count + 1  # the leftovers are still there, untouched

    monkeypatch.undo()
    if app.settings.server_mode:
        assert app.store.repair() == 3
    else:
        assert main(["repair", "--index", str(app.settings.index), "--json"]) == 0
    assert app.store.count() == count + 1 - 2 and not app.store.get_chunks(["ghost:0", f"{sample}:99"])
    assert app.store.claims.count() == len(app.claims())


def test_the_keyword_index_is_rebuilt_from_article_records_without_reading_every_chunk(
        app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.keyword import KeywordIndex

    app.ingest_articles(_articles(6))
    expected = sorted(app.keyword.ids)
    assert len(expected) == app.store.count() and app.search("glacier story number 4", 1)[0].article_id == "art4"
    fresh = KeywordIndex(app.keyword.folder.with_name("keyword-copy"))
    with monkeypatch.context() as m:
        m.setattr(app.store, "iter_chunks", lambda texts=True: pytest.fail("every chunk's metadata was read"))
        fresh.sync(app.store)
    assert sorted(fresh.ids) == expected
    legacy = KeywordIndex(app.keyword.folder.with_name("keyword-legacy"))  # records that do not count their chunks
    records = [{k: v for k, v in r.items() if k != "chunks"} for r in app.store.list_articles()]
    monkeypatch.setattr(app.store, "list_articles", lambda: records)
    legacy.sync(app.store)
    assert sorted(legacy.ids) == expected and legacy.committed == {f"art{i}" for i in range(6)}


def test_a_new_process_reads_the_token_cache_and_fetches_only_new_chunks(
        app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.ingest import Ingester
    from assistant.keyword import KeywordIndex

    app.ingest_articles(_articles(4))
    Ingester(app.store, app.embeddings, app.settings).ingest(_articles(6)[4:])  # by another process: no sync here
    fetched: list[str] = []
    real = app.store.get_chunks
    monkeypatch.setattr(app.store, "get_chunks", lambda ids, vectors=False: fetched.extend(ids) or real(ids, vectors))
    other = KeywordIndex(app.keyword.folder)  # its saved copy is of the older generation: rebuilt
    other.sync(app.store)
    assert sorted(f.split("@")[0] for f in fetched) == ["art4:0", "art5:0"], "the other chunks' tokens were cached"
    scratch = KeywordIndex(app.keyword.folder.with_name("keyword-scratch"))  # tokenizes everything
    scratch.sync(app.store)
    for query in ("glacier story number 4", "harbours fact", "turbine report 5"):
        ours, theirs = other.search(query, 6), scratch.search(query, 6)
        assert [h.chunk_id for h in ours] == [h.chunk_id for h in theirs] and ours
        assert [h.score for h in ours] == pytest.approx([h.score for h in theirs])
    (other.folder / "tokens.json").write_text("{not json")
    broken = KeywordIndex(other.folder)
    broken.generation = -1
    broken._build(app.store, app.store.generation())  # an unreadable cache: everything is tokenized again
    assert sorted(broken.ids) == sorted(scratch.ids)


def test_the_vocabulary_is_renumbered_when_most_of_it_is_dead(
        app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import keyword

    monkeypatch.setattr(keyword, "VOCAB_CHECK", 10)
    odd = [replace(a, text=f"{a.text} Unique{a.id}word alpha{a.id} beta{a.id} gamma{a.id}.") for a in _articles(8)]
    app.ingest_articles(odd)
    grown = len(app.keyword._vocab)
    for a in odd[1:]:
        app.delete(a.id)
    assert len(app.keyword._vocab) < grown / 2, "the deleted articles' terms were dropped"
    assert [h.chunk_id.split("@")[0] for h in app.keyword.search("uniqueart0word", 3)] == ["art0:0"]
    assert app.keyword.search("alphaart3", 3) == []
    app.ingest_articles(_articles(3)[1:])
    assert app.search("harbour story number 1", 1)[0].article_id == "art1"


@pytest.mark.parametrize("group", [64, 1])  # both versions looked up together, or v1 written before v2 is read
def test_the_same_url_twice_in_a_run_stores_the_last_version_with_its_own_hash(
        app: Assistant, monkeypatch: pytest.MonkeyPatch, group: int) -> None:
    from assistant.articles import make_article

    monkeypatch.setattr(ingest, "LOOKUP_GROUP", group)
    monkeypatch.setattr(ingest, "BATCH_CHUNKS", 1)  # v1 is embedded (and may be written) before v2
    url = "https://portnews.example/strike"
    v1 = make_article("Dock workers at the port of Ardmore walked out on Monday over pay.", "Port strike v1", url)
    v2 = make_article("Dock workers at the port of Ardmore ended their strike on Tuesday.", "Port strike v2", url)
    report = app.ingest_articles([v1, v2])
    superseded = [v1.id]  # the earlier version, passed over at once or written and then replaced, is a duplicate
    assert (report.added, report.updated, report.unchanged, report.duplicate) == ([v1.id], [], [], superseded)
    stored = app.article(v1.id)
    assert stored is not None and (stored.title, stored.text) == (v2.title, v2.text)
    meta = app.store.articles_where({"article_id": v1.id})[v1.id]
    assert meta["text_hash"] == ingest.text_hash(v2) and meta["content_hash"] == ingest.version_of(v2)
    assert {c.text for c in app.store.iter_chunks()} == {v2.text}
    if group > 1:  # the same file again changes nothing
        rerun = app.ingest_articles([v1, v2])
        assert (rerun.added, rerun.updated, rerun.unchanged) == ([], [], [v1.id])
    again = app.ingest_articles([v2, v1])  # the other way round: v1 wins, as an update
    assert (again.updated, again.unchanged) == ([v1.id], [])
    assert (app.article(v1.id) or pytest.fail("missing")).text == v1.text


def test_a_tracking_parameter_makes_no_new_version_and_far_repeats_are_duplicates(
        app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.articles import make_article

    monkeypatch.setattr(ingest, "LOOKUP_GROUP", 2)  # the repeat is looked up in a later group
    items = [make_article(f"Story {n} is about the harbour ferry and its timetable.", f"Story {n}",
                          f"https://news.example/s{n}") for n in range(4)]
    repeat = make_article(items[0].text, items[0].title, "https://news.example/s0?utm_source=rss")
    first = app.ingest_articles([*items, repeat])
    assert (len(first.added), first.duplicate, first.unchanged) == (4, [items[0].id], [])
    rerun = app.ingest_articles([*items, repeat])
    assert (rerun.added, rerun.updated, sorted(rerun.unchanged), rerun.duplicate) == (
        [], [], sorted(a.id for a in items), [items[0].id])


def test_a_teaser_of_a_stored_article_does_not_replace_it_and_is_reported(app: Assistant) -> None:
    [article] = _articles(1, sentences=12)
    app.ingest_articles([article])
    teaser = replace(article, text=article.text.split(". ")[0] + ". Read more…")
    report = app.ingest_articles([teaser])
    assert not report.updated and not report.unchanged
    [failure] = report.failed
    assert failure.name == article.url
    assert failure.reason.startswith(f"cannot update {article.url!r}: the new text is only ")
    assert failure.reason.endswith("and looks like a teaser; the stored version is kept")
    stored = app.article(article.id)
    assert stored is not None and stored.text == article.text


STORY = [f"Paragraph {i} of the rail story tells how the western line was electrified, stage {i} of six, on "
         f"time and under budget, the operator said in its report on Tuesday." for i in range(1, 7)]


@pytest.mark.parametrize(("new", "teaser"), [
    ([*STORY[:2], "Continue reading."], True),  # the usual end, with its full stop
    (STORY[:2], True),  # the opening paragraphs alone, the offer after them taken out
    ([*STORY[:5], STORY[5].replace("Tuesday", "Wednesday")], False),  # an edit
    ([STORY[0], STORY[1].replace("on time", "late"), STORY[2]], False),  # a shorter story, rewritten
])
def test_a_teaser_is_told_from_an_edit(new: list[str], teaser: bool) -> None:
    from assistant.walls import is_teaser

    assert is_teaser("\n\n".join(new), "\n\n".join(STORY)) is teaser


def test_a_saved_keyword_index_of_another_tokenizer_is_rebuilt(app: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import keyword

    app.ingest_articles(_articles(3))
    app.keyword.sync(app.store)  # saved, with this tokenizer's terms
    same = keyword.KeywordIndex(app.keyword.folder)
    assert same._load(app.store.generation())  # the same store and tokenizer: the saved copy serves
    monkeypatch.setattr(keyword, "TOKENIZER", "next")  # an upgrade that reads words differently
    upgraded = keyword.KeywordIndex(app.keyword.folder)
    assert not upgraded._load(app.store.generation())  # its terms would not match the questions' any more
    upgraded.sync(app.store)
    assert [h.chunk_id.split("@")[0] for h in upgraded.search("glacier story number 2", 1)] == ["art2:0"]


def test_an_edited_file_without_a_url_replaces_its_earlier_version(assistant, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "port-strike.txt"
    path.write_text("Dockworkers begin 72-hour strike\n\nAbout 3,400 dockworkers walked out on Wednesday. More than 40 "
                    "ships were waiting offshore by the evening.")
    assert len(assistant.ingest([path]).added) == 1
    path.write_text(path.read_text().replace("72-hour", "five-day").replace("40 ships", "55 ships"))
    report = assistant.ingest([path])
    assert (len(report.added), len(report.updated)) == (0, 1)
    [row] = assistant.articles()
    text = (assistant.article(row["id"]) or pytest.fail("missing")).text
    assert "55 ships" in text and "40 ships" not in text
    copy = tmp_path / "copy.txt"  # the same text under another name is the same article, once
    copy.write_text(path.read_text())
    assert assistant.ingest([copy]).duplicate
