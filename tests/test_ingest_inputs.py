"""Bad input is reported by name and reason and loses nothing; progress output; delete via the CLI."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from assistant.articles import Failure, article_id, iter_articles
from assistant.cli import main
from assistant.service import Assistant
from assistant.settings import Settings, load_settings
from assistant.store import Store
from tests.httpserver import LocalSite, news_page

INDEXED_URL = "https://news.example/indexed"
LEAD = "The regional ferry service will add two night crossings from March, the operator announced on Monday."
PARAS = [LEAD, "Tickets go on sale next week, and fares stay the same as last year for residents of the islands.",
         "The operator said demand had grown by a fifth since the new terminal opened in the spring of last year."]


def record(n: int) -> dict[str, str]:
    return {"title": f"Dump story {n}", "text": f"Dump story {n}: the wharf crane number {n} was repaired on time."}


def write_folder(folder: Path) -> dict[str, str]:
    """Good files of each kind and every kind of bad file; returns bad name -> expected reason."""
    folder.mkdir()
    (folder / "good.txt").write_text("Bridge opens\nThe new bridge over the estuary opened to traffic on Sunday.")
    (folder / "good.md").write_text("# Library extends hours\n\nThe central library will open until ten at night.")
    (folder / "good.html").write_text(news_page("Ferry adds night crossings", PARAS, author="Kim Reporter"))
    (folder / "good.json").write_text(json.dumps([record(1), record(2)], indent=1))
    (folder / "good.jsonl").write_text(f"{json.dumps(record(3))}\n{{\"title\": \"cut off\n{json.dumps(record(4))}\n")
    (folder / "latin1.txt").write_bytes("Café reopens\nThe café in Zürich reopened after the fête.".encode("cp1252"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    (folder / "notext.json").write_text(json.dumps([{"title": "Only a title", "url": INDEXED_URL}]))
    (folder / "huge.txt").write_text("Huge file\n" + "word " * 250_000)  # 1.25 MB, over max_file_mb=1
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/a'>World</a></nav></body></html>")
    (folder / "notafeed.xml").write_text('<?xml version="1.0"?><catalog><book id="1">Atlas</book></catalog>')
    return {
        "empty.txt": "the file is empty", "binary.txt": "binary file", "good.jsonl:2": "malformed JSON line",
        "notext.json[0]": "no article text", "huge.txt": "over the 1 MB limit", "nav.html": "not an article",
        "notafeed.xml": "not an RSS or Atom feed",
    }


@pytest.fixture
def strict(tmp_path: Path) -> Settings:
    return load_settings(env={}, index=str(tmp_path / "index"), max_file_mb=1, fetch_timeout=0.5)


def chunks_of(store: Store, aid: str) -> dict[str, str]:
    return {c.id: c.text for c in store.iter_chunks() if c.meta["article_id"] == aid}


def test_a_folder_of_good_and_bad_input_and_bad_urls(
        strict: Settings, tmp_path: Path, local_site: LocalSite, dead_url: str, embeddings: object) -> None:
    assistant = Assistant(strict, embeddings=embeddings)  # type: ignore[arg-type]
    indexed = tmp_path / "indexed.md"
    indexed.write_text(f"---\ntitle: Dock strike\nurl: {INDEXED_URL}\n---\n" + "Dockers walked out again. " * 80)
    assert len(assistant.ingest([indexed]).added) == 1
    aid = article_id(INDEXED_URL, "")
    before = chunks_of(assistant.store, aid)
    version = assistant.store.article_versions([aid])
    bad = write_folder(tmp_path / "inbox")
    page = local_site.route("/ferry", news_page("Ferry fares frozen", [p.replace("night", "day") for p in PARAS]))
    slow = local_site.route("/slow", news_page("Slow", PARAS), delay=2.0)
    loop = local_site.redirect("/loop-a", "/loop-b")
    local_site.redirect("/loop-b", "/loop-a")
    ftp = "ftp://files.example/story.txt"
    bad |= {dead_url: "connection refused", slow: "timed out after 0.5 s", loop: "too many redirects",
            ftp: "ftp URLs are not read (http and https only)"}

    report = assistant.ingest([tmp_path / "inbox", f"{page} ", dead_url, slow, loop, ftp])  # a pasted URL's space

    assert len(report.added) == 9, report  # txt, md, html, 2 json, 2 jsonl, latin1, URL
    assert not report.updated and not report.duplicate
    reasons = {next(n for n in bad if f.name.endswith(n)): f.reason for f in report.failed}
    assert sorted(reasons) == sorted(bad), [f.name for f in report.failed]
    for name, reason in bad.items():
        assert reason in reasons[name], (name, reasons[name])
    assert chunks_of(assistant.store, aid) == before, "a failed item with the same URL touched nothing"
    assert assistant.store.article_versions([aid]) == version
    latin = next(a for a in assistant.articles() if a["title"] == "Café reopens")
    assert "Zürich" in (assistant.article(latin["id"]) or pytest.fail("missing")).text


def test_big_json_arrays_stream_with_positions_in_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.dumps as dumps

    monkeypatch.setattr(dumps, "_BLOCK", 64)  # records span many reads
    dump = tmp_path / "dump.json"
    records = [record(n) for n in range(30)]
    records[3] = {"title": "no text"}
    text = json.dumps(records, indent=2)
    dump.write_text(text[: text.index('"Dump story 20"')] + "}}" + text[text.index('"Dump story 20"'):])
    items = list(iter_articles([dump], max_bytes=10_000))
    good = [i for i in items if not isinstance(i, Failure)]
    assert [a.title for a in good] == [f"Dump story {n}" for n in range(20) if n != 3]
    assert [(f.name, f.reason.split(":")[0]) for f in items if isinstance(f, Failure)] == [
        (f"{dump}[3]", "no article text"),
        (str(dump), f"broken JSON at line {text[: text.index('Dump story 20')].count(chr(10)) + 1}, character "
                    f"{text.index('Dump story 20')}"),
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("as_json", [False, True])
def test_progress_bar_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str], embeddings: object, as_json: bool) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(record(n)) for n in range(5)))
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["ingest", str(dump), "--index", str(tmp_path / "index"), *(["--json"] if as_json else [])]) == 0
    if as_json:
        assert err.getvalue() == "" and json.loads(capsys.readouterr().out)["added"] == 5
    else:
        last = err.getvalue().split("\r")[-1]
        assert "5 articles [" in last and "5 chunks" in last and "chunks/s" in last
        assert "articles/s" in last or "s/ articles" in last  # tqdm's article rate (inverted when slow)


def test_delete_by_url_removes_chunks_claims_and_keyword_entries(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    index = str(tmp_path / "index")
    url = "https://news.example/harbour"
    (tmp_path / "harbour.md").write_text(
        f"---\ntitle: Harbour to reopen\nurl: {url}\n---\nMayor Ann Lee said on Tuesday that the harbour would "
        'reopen by June. "We will rebuild the sea wall stronger than before," Lee said. Engineers surveyed the quay.')
    (tmp_path / "bridge.txt").write_text("Bridge opens\nThe new bridge over the estuary opened to traffic on Sunday.")
    assert main(["ingest", str(tmp_path / "harbour.md"), str(tmp_path / "bridge.txt"), "--index", index]) == 0
    settings = load_settings(env={}, index=index)
    assistant = Assistant(settings, embeddings=embeddings)  # type: ignore[arg-type]
    aid = article_id(url, "")
    assert chunks_of(assistant.store, aid) and [c for c in assistant.claims() if c.article_id == aid]
    assistant.keyword.sync(assistant.store)
    assert aid in assistant.keyword.article_ids
    capsys.readouterr()

    assert main(["delete", url, "--index", index]) == 0
    assert capsys.readouterr().out.strip() == f"deleted: {url}"
    assert main(["search", "harbour sea wall Ann Lee", "--index", index, "--json"]) == 0
    passages = json.loads(capsys.readouterr().out)["passages"]
    assert passages and all(p["article_id"] != aid for p in passages)
    fresh = Assistant(settings, embeddings=embeddings)  # type: ignore[arg-type]
    fresh.keyword.sync(fresh.store)
    assert not chunks_of(fresh.store, aid) and not [c for c in fresh.claims() if c.article_id == aid]
    assert aid not in fresh.keyword.article_ids and fresh.article(aid) is None
    assert main(["delete", url, "--index", index]) == 1


def test_news_api_dumps_are_ingested_with_their_metadata_and_records_without_text_reported(
        settings: Settings, tmp_path: Path, embeddings: object) -> None:
    guardian = {"response": {"status": "ok", "results": [
        {"webTitle": "Ferry adds night crossings", "webUrl": "https://www.theguardian.com/uk/2025/mar/01/ferry",
         "webPublicationDate": "2025-03-01T10:00:00Z", "sectionName": "UK news",
         "fields": {"byline": "Jane Doe and John Smith", "body": "".join(f"<p>{p}</p>" for p in PARAS),
                    "bodyText": " ".join(PARAS)}},
        {"webTitle": "Live: ferry strike", "webUrl": "https://www.theguardian.com/uk/live", "fields": {}}]}}
    nyt = {"response": {"docs": [{
        "headline": {"main": "Harbour crane repaired"}, "web_url": "https://www.nytimes.com/2025/03/02/crane.html",
        "pub_date": "2025-03-02T09:00:00+0000", "byline": {"original": "By Kim Reporter, Reuters"},
        "lead_paragraph": "The harbour crane was repaired on time, the port said on Sunday.", "source": "The New York Times",
    }]}}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "guardian.json").write_text(json.dumps(guardian))
    (inbox / "nyt.json").write_text(json.dumps(nyt))
    (inbox / "error.json").write_text(json.dumps({"status": "error", "message": "Your API key is invalid."}))
    assistant = Assistant(settings, embeddings=embeddings)  # type: ignore[arg-type]

    report = assistant.ingest([inbox])

    assert len(report.added) == 2, report
    assert [(f.name, f.reason.split(":")[0]) for f in report.failed] == [
        (str(inbox / "error.json"), f"cannot read {str(inbox / 'error.json')!r}"), (f"{inbox / 'guardian.json'}[1]", "no article text")]
    stored = {a["title"]: assistant.article(a["id"]) for a in assistant.articles()}
    ferry, crane = stored["Ferry adds night crossings"], stored["Harbour crane repaired"]
    assert ferry is not None and crane is not None
    assert (ferry.source, ferry.authors, ferry.published_iso, ferry.text) == (
        "The Guardian", ("Jane Doe", "John Smith"), "2025-03-01T10:00:00+00:00", "\n".join(PARAS))
    assert (crane.source, crane.authors, crane.url) == (
        "The New York Times", ("Kim Reporter",), "https://www.nytimes.com/2025/03/02/crane.html")


def test_an_html_page_saved_as_text_is_read_as_the_page(assistant: Assistant, tmp_path: Path) -> None:
    page = news_page("Ferry adds night crossings", PARAS, author="Kim Reporter", published="2025-03-01T10:00:00Z",
                     site="Harbour Times")
    (tmp_path / "saved.txt").write_text("\ufeff\n  " + page.replace("<!DOCTYPE html>", "<!doctype HTML>"))
    (tmp_path / "saved.md").write_text(page.replace("<!DOCTYPE html>\n", ""))

    report = assistant.ingest([tmp_path / "saved.txt", tmp_path / "saved.md"])

    assert not report.failed and len(report.added) + len(report.duplicate) == 2, report
    [stored] = [assistant.article(a["id"]) for a in assistant.articles()]
    assert stored is not None and stored.title == "Ferry adds night crossings"
    assert (stored.source, stored.authors, stored.published_iso) == (
        "Harbour Times", ("Kim Reporter",), "2025-03-01T10:00:00+00:00")
    assert "<" not in stored.text and LEAD in stored.text



@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_byte_order_mark_is_read(assistant: Assistant, tmp_path: Path, codec: str) -> None:
    (tmp_path / "note.txt").write_bytes("Café reopens\nThe café in Zürich reopened after the fête.".encode(codec))

    report = assistant.ingest([tmp_path / "note.txt"])

    assert not report.failed and len(report.added) == 1, report
    [stored] = assistant.articles()
    assert stored["title"] == "Café reopens"



@pytest.mark.parametrize(("text", "codec"), [
    ("新しい橋が開通\n新しい橋が日曜日に開通した。市長は式典で演説した。交通量は増える見込みだ。", "utf-16-le"),
    ("Новый мост открыт\nНовый мост открылся в воскресенье, и мэр выступил на церемонии открытия.", "utf-16-be"),
])
def test_utf16_text_in_other_scripts_without_a_byte_order_mark_is_read(
        assistant: Assistant, tmp_path: Path, text: str, codec: str) -> None:
    (tmp_path / "note.txt").write_bytes(text.encode(codec))  # zero bytes only in its newline and spaces

    report = assistant.ingest([tmp_path / "note.txt"])

    assert not report.failed and len(report.added) == 1, report
    assert assistant.articles()[0]["title"] == text.split("\n")[0]


def test_prose_about_html_saved_as_text_stays_text(assistant: Assistant, tmp_path: Path) -> None:
    (tmp_path / "lesson.txt").write_text("<html> is the language of the web. Every page opens with it, and browsers "
                                         "read it to lay out the text.")

    report = assistant.ingest([tmp_path / "lesson.txt"])

    assert not report.failed and len(report.added) == 1, report
    assert assistant.article(report.added[0]).text.startswith("<html> is the language of the web.")


def test_text_in_a_script_without_spaces_is_an_article_but_a_word_alone_is_not(
        assistant: Assistant, tmp_path: Path) -> None:
    (tmp_path / "bridge.txt").write_text("新しい橋が日曜日に開通した。市長は式典で演説した。交通量は増える見込みだ。")
    (tmp_path / "word.txt").write_text("橋。")

    report = assistant.ingest([tmp_path / "bridge.txt", tmp_path / "word.txt"])

    assert len(report.added) == 1, report
    assert [(Path(f.name).name, f.reason.split(": ", 1)[1]) for f in report.failed] == [
        ("word.txt", "too little text for an article (1 words)")]


def test_a_one_word_record_or_feed_entry_fails_by_name_and_its_neighbours_are_stored(
        assistant: Assistant, tmp_path: Path) -> None:
    (tmp_path / "dump.json").write_text(json.dumps([record(1), {"title": "x", "text": "x"}, record(2),
                                                    {"title": "Stub", "text": "Short."}]))
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        "<item><title>Tram</title><description>The tram line to the harbour reopens on Monday after repairs."
        "</description></item><item><title>Stub</title><description>Short.</description></item></channel></rss>")

    report = assistant.ingest([tmp_path / "dump.json", tmp_path / "feed.xml"])

    assert sorted(a["title"] for a in assistant.articles()) == ["Dump story 1", "Dump story 2", "Tram"]
    assert [(Path(f.name).name, "too little text for an article (1 words)" in f.reason) for f in report.failed] == [
        ("dump.json[1]", True), ("dump.json[3]", True), ("feed.xml entry 2", True)], report.failed


def test_each_duplicate_is_named_with_the_article_it_repeats(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    index = str(tmp_path / "index")
    body = "The new bridge over the estuary opened to traffic on Sunday, two years late."
    (tmp_path / "bridge.md").write_text(f"---\ntitle: Bridge opens\n---\n{body}")
    (tmp_path / "copy.md").write_text(f"---\ntitle: Bridge copy\nurl: https://copy.example/bridge\n---\n{body}")
    (tmp_path / "again.md").write_text(f"---\ntitle: Bridge again\nurl: https://again.example/bridge\n---\n{body}")
    assert main(["ingest", str(tmp_path / "bridge.md"), "--index", index]) == 0
    capsys.readouterr()

    assert main(["ingest", str(tmp_path / "copy.md"), "--index", index]) == 0
    out = capsys.readouterr().out
    assert "duplicate 1" in out
    assert 'duplicate: https://copy.example/bridge: same text as "Bridge opens"' in out.splitlines()

    assert main(["ingest", str(tmp_path / "again.md"), "--index", index, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["duplicate"] == 1  # the count stays as it was; the names are beside it
    assert report["duplicates"] == [
        {"name": "https://again.example/bridge", "reason": 'same text as "Bridge opens"', "same_as": "Bridge opens"}]


def test_a_folder_without_articles_and_a_feed_without_entries_are_said_to_be_empty(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    index = str(tmp_path / "index")
    (tmp_path / "emptydir" / "sub").mkdir(parents=True)
    (tmp_path / "emptydir" / ".hidden.txt").write_text("A hidden note is not read, so the folder has no articles.")
    feed = tmp_path / "quiet.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')

    code = main(["ingest", str(tmp_path / "emptydir"), str(feed), "--index", index])

    assert code == 0  # as before: nothing failed
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("added 0, updated 0, unchanged 0, duplicate 0, failed 0")
    assert lines[1:] == [f"warning: {tmp_path / 'emptydir'}: no articles found in {str(tmp_path / 'emptydir')!r}",
                         f"warning: {feed}: the feed has no entries"]
    assert main(["ingest", str(feed), "--index", index, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == [{"name": str(feed), "reason": "the feed has no entries"}]


def test_random_bytes_named_jsonl_fail_once_for_the_file(assistant: Assistant, tmp_path: Path) -> None:
    import random

    noise = random.Random(7).randbytes(20_000)
    assert noise.count(b"\n") > 50 and b"\x00" in noise[:8192]  # many "lines", as a real binary file has
    (tmp_path / "binary.jsonl").write_bytes(noise)
    (tmp_path / "good.jsonl").write_text(json.dumps(record(1)))

    report = assistant.ingest([tmp_path / "binary.jsonl", tmp_path / "good.jsonl"])

    assert len(report.added) == 1
    assert [(f.name, f.reason) for f in report.failed] == [
        (str(tmp_path / "binary.jsonl"), f"cannot read {str(tmp_path / 'binary.jsonl')!r}: binary file, not text")]
