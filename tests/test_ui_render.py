"""The UI's pure rendering (escaping, chips, highlights, comparison tables, export), auth hashes and uploads."""

from __future__ import annotations

import html
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant import ui_render as render
from assistant.errors import InputError, SettingsError
from assistant.models import Answer, Article, Citation, Comparison, ComparisonRow
from assistant.ui_auth import hash_password, load_users, make_checker, verify_password

HOSTILE = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> {{x}} ${y} *z*'
TEXT = "Intro line.\nThe mayor said the bridge opens in May. Critics said it costs too much.\nEnd."


def article(text: str = TEXT, title: str = "Bridge vote", **kw: object) -> Article:
    return Article(id="a1", title=title, text=text, url=str(kw.get("url", "https://example.com/bridge")),
                   source=str(kw.get("source", "Gazette")), published=datetime(2025, 5, 19, tzinfo=UTC),
                   authors=("Ann Lee",))


def cite(n: int, text: str, quote: str, aid: str = "a1", **kw: str) -> Citation:
    start = text.index(quote)
    return Citation(n=n, article_id=aid, quote=quote, start=start, end=start + len(quote), title=kw.get("title", "Bridge vote"),
                    url=kw.get("url", "https://example.com/bridge"), source=kw.get("source", "Gazette"),
                    published="2025-05-19T00:00:00+00:00")


def answer(text: str, citations: list[Citation], **kw: object) -> Answer:
    return Answer(question=str(kw.pop("question", "When does the bridge open?")), text=text, citations=citations,
                  mode="extractive", **kw)  # type: ignore[arg-type]


def visible_text(fragment: str) -> str:
    """What a browser would show: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def marked(fragment: str, n: int) -> str:
    """The text inside every <mark> that holds citation n, joined (what the panel highlights)."""
    found = re.findall(r'<mark data-cites="([\d ]+)">(.*?)</mark>', fragment, re.S)
    return "".join(html.unescape(body) for cites, body in found if str(n) in cites.split())


@pytest.mark.parametrize("value", [HOSTILE, "a & b", "\"quoted\" 'single'", "[1] **bold** `code`"])
def test_escape_leaves_no_markup(value: str) -> None:
    out = render.esc(value)
    assert not re.search(r"[<>\"'*\[\]`{}$]", out)
    assert html.unescape(out) == value


def test_answer_html_turns_known_markers_into_chips_only() -> None:
    q = "The mayor said the bridge opens in May."
    out = render.answer_html(answer("It opens in May [1]. See also [7].", [cite(1, TEXT, q)]), turn=3)
    assert '<a class="cite-chip" href="#cite-3-1"' in out
    assert "#cite-3-7" not in out and "&#91;7&#93;" in out
    assert "extractive" in out and "Gazette" in out and "2025-05-19" in out and visible_text(q) in visible_text(out)


def test_answer_html_escapes_hostile_text_titles_and_quotes() -> None:
    text = f"Intro {HOSTILE} end."
    c = cite(1, text, HOSTILE, title=HOSTILE, source=HOSTILE, url="javascript:alert(1)")
    out = render.answer_html(answer(f"{HOSTILE} [1]", [c], notice=HOSTILE), turn=1)
    sources = render.sources_html(answer("x [1]", [c]), {"a1": article(text, title=HOSTILE, source=HOSTILE,
                                                                        url="javascript:alert(1)")})
    for fragment in (out, sources):
        assert "<script" not in fragment and "<img" not in fragment and "javascript:" not in fragment
        assert "{{" not in fragment and "${" not in fragment
    assert HOSTILE in visible_text(out)


@pytest.mark.parametrize("quotes", [
    ["The mayor said the bridge opens in May."],
    ["The mayor said the bridge opens in May.", "Critics said it costs too much."],
    ["The mayor said the bridge opens in May. Critics", "bridge opens in May. Critics said it costs too much."],  # overlap
    ["Intro line.", "End."],
])
def test_highlight_of_each_citation_equals_its_quote(quotes: list[str]) -> None:
    cites = [cite(i, TEXT, q) for i, q in enumerate(quotes, start=1)]
    out = render.sources_html(answer(" ".join(f"[{c.n}]" for c in cites), cites), {"a1": article()})
    for c in cites:
        assert marked(out, c.n) == c.quote
    body = re.search(r'<div class="src-text">(.*?)</div>', out, re.S)
    assert body and visible_text(body.group(1)) == TEXT  # the whole article, offsets intact


def test_highlight_skips_a_citation_whose_offsets_do_not_match() -> None:
    bad = Citation(n=1, article_id="a1", quote="not in the text", start=0, end=15)
    assert "<mark" not in render.highlighted_text(TEXT, [bad])


def test_sources_html_shows_article_metadata_and_safe_link() -> None:
    c = cite(1, TEXT, "Critics said it costs too much.")
    out = render.sources_html(answer("[1]", [c]), {"a1": article()}, turn=2, visible=False)
    assert 'data-turn="2" hidden' in out and "Ann Lee" in out and 'href="https://example.com/bridge"' in out
    assert 'rel="noopener noreferrer"' in out


def test_comparison_table_has_speaker_columns_and_not_addressed() -> None:
    a, b = "The mayor said the bridge opens in May.", "Critics said it costs too much."
    comp = Comparison(speakers=["Mayor", "Critics"], rows=[
        ComparisonRow(topic="opening", cells={"Mayor": [1], "Critics": []}),
        ComparisonRow(topic="cost <b>", cells={"Mayor": [], "Critics": [2]}),
    ])
    ans = answer("Compared:\n\n| Point | Mayor | Critics |\n| --- | --- | --- |\n| x | y [1] | z [2] |",
                 [cite(1, TEXT, a), cite(2, TEXT, b)], comparison=comp)
    table = render.comparison_table(ans, turn=1)
    assert table.count("<tr>") == 3 and "<th>Mayor</th><th>Critics</th>" in table
    assert table.count("not addressed") == 2 and 'href="#cite-1-2"' in table and "cost &lt;b&gt;" in table
    full = render.answer_html(ans, turn=1)
    assert "| Point |" not in full and "<table>" in full  # the Markdown table is replaced by the HTML one


def reported_comparison() -> Answer:
    """A comparison whose citation 2 is reported speech (and its text marks it so, as comparison._cell does)."""
    a, b = "The mayor said the bridge opens in May.", "Critics said it costs too much."
    comp = Comparison(speakers=["Mayor", "Critics"], rows=[
        ComparisonRow(topic="bridge", cells={"Mayor": [1], "Critics": [2]})], reported=[2])
    text = ("What Mayor and Critics said:\n\n| Point | Mayor | Critics |\n| --- | --- | --- |\n"
            f"| bridge | {a} [1] | {b} (reported) [2] |")
    return answer(text, [cite(1, TEXT, a), cite(2, TEXT, b)], comparison=comp)


def test_comparison_table_marks_reported_speech_as_the_export_does_and_dates_each_statement() -> None:
    cells = re.findall(r'<div class="cell-quote[^"]*">.*?</div>', render.comparison_table(reported_comparison(), 1))
    direct, reported = (visible_text(c) for c in cells)
    assert direct == "19 May 2025: “The mayor said the bridge opens in May.” [1]"
    assert reported == "19 May 2025: Critics said it costs too much. (reported) [2]"  # no quotation marks


def test_conversation_markdown_has_one_comparison_table() -> None:
    md = render.conversation_markdown([reported_comparison()])
    assert md.count("| Point |") == 1
    assert "| bridge | The mayor said the bridge opens in May. [1] | Critics said it costs too much. (reported) [2] |" in md
    assert "2. Bridge vote (Gazette, 2025-05-19)" in md  # the sources listed under it


def test_sources_heading_cuts_a_long_question() -> None:
    long = "Why " + "is the bridge so late " * 90 + "?"  # about 2,000 characters, the most the assistant keeps
    heading = re.search(r'<div class="src-question">(.*?)</div>', render.sources_html(answer("x", [], question=long), {}))
    assert heading and len(visible_text(heading.group(1))) <= 140
    assert visible_text(heading.group(1)).startswith("Sources for “Why is the bridge") and heading.group(1).endswith("…”")
    short = render.sources_html(answer("x", [], question="Is it late?"), {})
    assert "Sources for “Is it late?”" in visible_text(short)


def test_markdown_subset_lists_and_bold() -> None:
    c = cite(1, TEXT, "End.")
    out = render.text_html("**Mayor**\n- said: “End.” [1]\n- more", 1, [1])
    assert out.startswith("<p><strong>Mayor</strong></p><ul><li>") and out.count("<li>") == 2
    assert 'href="#cite-1-1"' in out and c.n == 1


def test_rewritten_question_and_llm_badge_shown() -> None:
    ans = Answer(question="And Putin?", text="x", citations=[], mode="llm", standalone_question="What did Putin say?",
                 model="gpt-4o-mini")
    out = render.answer_html(ans, turn=1)
    assert "understood as: What did Putin say?" in out and "llm · gpt-4o-mini" in out
    same = render.answer_html(answer("x", [], standalone_question="When does the bridge open?"), turn=1)
    assert "understood as" not in same
    filtered = Answer(question="What did Dana Okafor say about containment?", text="x", citations=[],
                      mode="extractive", standalone_question="What did Dana Okafor say about containment?")
    shown = render.answer_html(filtered, turn=1, typed="containment")  # the speaker filter asked for the reader
    assert "understood as: What did Dana Okafor say about containment?" in shown
    pasted = "Background: " + "the council met again. " * 150 + "What did the mayor decide?"  # kept its end
    cut = Answer(question=pasted[-2000:], text="x", citations=[], mode="extractive",
                 standalone_question=pasted[-2000:])
    assert "understood as" not in render.answer_html(cut, turn=1, typed=pasted)


def test_conversation_markdown_keeps_markers_and_sources() -> None:
    c = cite(1, TEXT, "Critics said it costs too much.")
    md = render.conversation_markdown([answer("It is costly [1].", [c], standalone_question="Is it costly?")])
    assert "## When does the bridge open?" in md and "It is costly [1]." in md
    assert "1. Bridge vote (Gazette, 2025-05-19) <https://example.com/bridge>" in md
    assert "“Critics said it costs too much.”" in md and "Understood as: Is it costly?" in md
    # each line of an answer a paragraph of its own (a renderer joins single lines); a list's items stay together
    text = "The sources disagree: [1] and [2].\nGazette: “It opens in May.” [1]\nHerald: “It opens in June.” [2]\n- a\n- b"
    md = render.conversation_markdown([answer(text, [c])])
    assert ("The sources disagree: [1] and [2].\n\nGazette: “It opens in May.” [1]\n\nHerald: “It opens in June.” [2]"
            "\n\n- a\n- b\n") in md


def test_library_rows_filter() -> None:
    rows = [{"id": "a1", "title": "Bridge vote", "source": "Gazette", "published": "2025-05-19T00:00:00", "chunks": 2,
             "claims": 1}, {"id": "b2", "title": "Call", "source": "Wire", "published": "", "chunks": 7, "claims": 0}]
    assert render.library_rows(rows) == [["Bridge vote", "Gazette", "2025-05-19", 2, 1, "a1"],
                                         ["Call", "Wire", "", 7, 0, "b2"]]
    assert [r[5] for r in render.library_rows(rows, "wire")] == ["b2"]
    assert [r[5] for r in render.library_rows(rows, "2025-05")] == ["a1"]  # the date as the table shows it


def test_the_filters_bar_names_the_filters_set() -> None:
    from assistant.ui import ALL_OUTLETS, ANY_SPEAKER, FILTERS, filters_label

    assert filters_label(ALL_OUTLETS, "", " ", ANY_SPEAKER) == FILTERS
    assert filters_label("Reuters", "2025-06-01", "", "Kofi Mensah") == (
        "Filters — outlet Reuters, since 2025-06-01, speaker Kofi Mensah (kept for the questions that follow)")


def test_password_hash_round_trip(tmp_path: Path) -> None:
    stored = hash_password("s3cret", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$") and "s3cret" not in stored
    assert verify_password("s3cret", stored) and not verify_password("wrong", stored)
    assert not verify_password("s3cret", "garbage") and not verify_password("s3cret", "md5$1$00$00")
    users = tmp_path / "users.json"
    users.write_text(json.dumps({"ann": stored}))
    check = make_checker(load_users(users))
    assert check("ann", "s3cret") and not check("ann", "x") and not check("bob", "s3cret")
    users.write_text("[1]")
    with pytest.raises(SettingsError):
        load_users(users)


@pytest.mark.parametrize(("name", "saved"), [
    ("../../x.txt", "x.txt"), ("..\\..\\evil.md", "evil.md"), (".hidden.json", "hidden.json"),
    ("my article (1).html", "my_article_1.html"), ("日本語.txt", "upload.txt"), ("a.b.txt", "a.b.txt"),
])
def test_upload_lands_inside_the_upload_folder(tmp_path: Path, name: str, saved: str) -> None:
    from assistant.ui import safe_name, save_upload

    assert safe_name(name) == saved
    src = tmp_path / "incoming" / saved
    src.parent.mkdir()
    src.write_text("text")
    dest = save_upload(src, tmp_path / "uploads", max_bytes=100)
    assert dest == (tmp_path / "uploads" / saved).resolve() and dest.read_text() == "text"


def test_an_upload_sharing_a_name_with_another_story_keeps_both(tmp_path: Path) -> None:
    from assistant.ui import save_upload

    first, second, edited = (tmp_path / name / "article.txt" for name in ("a", "b", "c"))
    for path, text in ((first, "Council buys electric buses\nThe council bought ten buses."),
                       (second, "Farmers market moves\nThe market moves to the square."),
                       (edited, "Council buys electric buses\nThe council bought twelve buses.")):
        path.parent.mkdir()
        path.write_text(text)
    uploads = tmp_path / "uploads"
    saved = [save_upload(path, uploads, max_bytes=1000).name for path in (first, second, edited)]
    assert saved == ["article.txt", "article-2.txt", "article.txt"]  # an edit of the first replaces it; no other does
    assert "twelve" in (uploads / "article.txt").read_text() and "market" in (uploads / "article-2.txt").read_text()


def test_upload_rejects_wrong_type_and_size(tmp_path: Path) -> None:
    from assistant.ui import save_upload

    exe, big = tmp_path / "run.exe", tmp_path / "big.txt"
    exe.write_text("x")
    big.write_text("x" * 200)
    with pytest.raises(InputError, match="only"):
        save_upload(exe, tmp_path / "up", max_bytes=100)
    with pytest.raises(InputError, match="larger"):
        save_upload(big, tmp_path / "up", max_bytes=100)


def test_filters_and_speaker_question() -> None:
    from assistant.ui import ALL_OUTLETS, make_filters, with_speaker

    f = make_filters("Gazette", "2025-05-01", "2025-05-31")
    assert f.sources == ("Gazette",) and f.since == datetime(2025, 5, 1, tzinfo=UTC)
    assert f.until is not None and f.until.date().day == 31 and f.until.hour == 23
    assert make_filters(ALL_OUTLETS, "", "").empty
    with pytest.raises(InputError, match="since"):
        make_filters(None, "May 1", "")
    assert with_speaker("Ceasefire?", "Vladimir Putin") == "What did Vladimir Putin say about ceasefire?"
    assert with_speaker("What did Putin say?", "Vladimir Putin") == "What did Putin say?"
    assert with_speaker("What about dairy?", "Tomas Kessler") == "What did Tomas Kessler say about dairy?"
    assert with_speaker("What did Tom Hale say?", "Maria Lind") == "What did Tom Hale say?"  # asks about another


def test_upload_outcome_reports_added_articles_and_each_failed_line(tmp_path: Path) -> None:
    from assistant.articles import Failure, iter_path
    from assistant.ingest import IngestReport
    from assistant.ui import outcome

    folder = tmp_path / "uploads"
    folder.mkdir()
    feed = folder / "feed.jsonl"
    feed.write_text('{"title": broken\n' + json.dumps({"title": "Bridge", "text": TEXT}) + "\n")
    read = list(iter_path(feed, max_bytes=10_000))  # what an ingest of the saved upload reports, line by line
    report = IngestReport(added=[a.id for a in read if isinstance(a, Article)],
                          failed=[f for f in read if isinstance(f, Failure)], chunks=1)
    name, status, detail = outcome("feed.jsonl", report, folder)
    assert (name, status) == ("feed.jsonl", "partly added")
    assert detail.startswith("1 article(s), 1 chunks; line 1 failed: malformed JSON line")
    assert str(tmp_path) not in detail


def test_upload_outcome_says_which_date_could_not_be_read(tmp_path: Path) -> None:
    from assistant.articles import make_article
    from assistant.ingest import IngestReport, warnings_of
    from assistant.ui import outcome

    article = make_article(TEXT, title="Bridge", published="32/13/2025")
    report = IngestReport(added=[article.id], chunks=1, warnings=warnings_of(article))
    assert outcome("bridge.md", report, tmp_path) == (
        "bridge.md", "added", "1 article(s), 1 chunks; cannot read the date '32/13/2025'; stored without one")


def test_upload_outcome_names_the_file_not_the_server_path(tmp_path: Path) -> None:
    from assistant.articles import Failure, iter_path
    from assistant.ingest import IngestReport
    from assistant.ui import outcome

    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    report = IngestReport(failed=[f for f in iter_path(folder / "empty.txt", 10_000) if isinstance(f, Failure)])
    assert outcome("empty.txt", report, folder) == ("empty.txt", "failed", "cannot read 'empty.txt': the file is empty")


def test_an_upload_started_while_another_runs_is_queued_not_dropped(sample_assistant) -> None:  # noqa: ANN001
    from assistant.ui import build

    demo = build(sample_assistant)
    uploads = [d for d in demo.config["dependencies"] if any(t[1] == "upload" for t in d["targets"])]
    assert uploads and all(d["trigger_mode"] == "multiple" for d in uploads)  # Gradio's "once" drops them


def test_the_export_keeps_each_answers_filters_and_whole_quotes() -> None:
    c = cite(1, TEXT, "End.")
    c = Citation(1, c.article_id, "First line\nsecond line", c.start, c.end, c.title, c.url, c.source, c.published)
    md = render.conversation_markdown([answer("No statements by Ann Cole.", [c])], ["filters: outlet Town Crier"])
    assert "*Filters: outlet Town Crier*" in md
    assert "   > “First line\n   > second line”" in md  # a quote of two lines stays in its blockquote


def test_a_note_the_answer_opens_with_is_shown_as_a_notice() -> None:
    out = render.text_html("The sources disagree: [1] and [2] give different figures.\nBBC: “12 dead.” [1]\nAP: “14 dead.” "
                           "[2]", 1, [1, 2])
    assert out.startswith('<p class="notice">The sources disagree:') and 'href="#cite-1-2"' in out


def test_app_py_with_a_bad_setting_says_which_in_one_line() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, str(root / "app.py")], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NEWS_ASSISTANT_TOP_K": "abc"}, cwd=root)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: invalid value 'abc' for NEWS_ASSISTANT_TOP_K: expected int"


def test_app_py_on_a_port_in_use_says_which_setting_to_change(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, str(root / "app.py")], capture_output=True, text=True, timeout=300,
                              env={**os.environ, "NEWS_ASSISTANT_UI_PORT": str(port),
                                   "NEWS_ASSISTANT_INDEX": str(tmp_path / "index")}, cwd=root)
    assert done.returncode == 2
    assert done.stderr.strip().endswith(f"cannot serve the UI on 127.0.0.1:{port} (in use); set NEWS_ASSISTANT_UI_PORT "
                                        "to a free port")


def test_a_failed_upload_leaves_no_copy_behind_and_the_original_is_untouched(assistant, tmp_path: Path) -> None:  # noqa: ANN001
    from assistant.ui import UI

    binary, good = tmp_path / "binary.txt", tmp_path / "bridge.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    good.write_text("Bridge opens\nThe new bridge over the estuary opened to traffic on Sunday.")
    ui = UI(assistant)

    shown = ui.upload([str(binary), str(good)], "", progress=lambda *args, **kwargs: None)[0]

    assert "binary file" in shown and "added" in shown
    assert sorted(p.name for p in ui.upload_dir.iterdir()) == ["bridge.txt"]
    assert binary.exists() and good.exists()  # the user's own files stay where they were
    assert [a["title"] for a in assistant.articles()] == ["Bridge opens"]
