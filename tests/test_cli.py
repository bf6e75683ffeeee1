"""The CLI's JSON contract (used by evaluations outside the repo) on a real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.articles import make_article
from assistant.cli import main
from assistant.store import Store
from tests.conftest import SAMPLE

PASSAGE_KEYS = {"rank", "score", "article_id", "title", "url", "source", "published", "text", "start", "end"}
CITATION_KEYS = {"n", "article_id", "title", "url", "source", "published", "quote", "start", "end"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, embeddings: object) -> str:
    folder = str(tmp_path_factory.mktemp("cli") / "index")
    assert main(["ingest", str(SAMPLE), "--index", folder]) == 0
    return folder


def article_text(index: str, article_id: str) -> str:
    from assistant.settings import load_settings

    article = Store(load_settings(env={}, index=index)).get_article(article_id)
    assert article is not None
    return article.text


def test_ask_json_cites_the_length_of_the_call(index: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, [obj] = run(capsys, "ask", "How long did Trump and Putin talk?", "--index", index, "--json")
    assert code == 0
    assert {"question", "answer", "mode", "abstained", "citations"} <= obj.keys()
    assert obj["mode"] == "extractive" and obj["abstained"] is False
    assert "[1]" in obj["answer"]
    assert all(set(c) >= CITATION_KEYS for c in obj["citations"])
    text = article_text(index, obj["citations"][0]["article_id"])
    for c in obj["citations"]:
        assert text[c["start"] : c["end"]] == c["quote"]
    quotes = " ".join(c["quote"] for c in obj["citations"])
    assert "two-hour" in quotes or "two and a half hours" in quotes


def test_ask_abstains_when_the_articles_do_not_say(index: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, [obj] = run(capsys, "ask", "What did Macron say?", "--index", index, "--json")
    assert obj["abstained"] is True and obj["citations"] == []


def test_search_json_and_batch(index: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, [obj] = run(capsys, "search", "prisoner exchange", "--index", index, "-k", "2", "--json")
    assert obj["query"] == "prisoner exchange" and 1 <= len(obj["passages"]) <= 2
    assert set(obj["passages"][0]) == PASSAGE_KEYS and obj["passages"][0]["rank"] == 1
    assert "prisoners" in " ".join(p["text"] for p in obj["passages"])
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "Where could a summit be held?"}\n{"id": "b", "question": "ceasefire"}\n')
    _, rows = run(capsys, "ask", "--batch", str(batch), "--index", index)
    assert [r["id"] for r in rows] == ["a", "b"]
    assert "Switzerland" in " ".join(c["quote"] for c in rows[0]["citations"])
    _, rows = run(capsys, "search", "--batch", str(batch), "--index", index)
    assert [r["id"] for r in rows] == ["a", "b"] and all(r["passages"] for r in rows)


def test_reingest_changes_nothing_and_updates_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      embeddings: object) -> None:
    index = str(tmp_path / "index")
    story = tmp_path / "story.md"
    story.write_text("---\ntitle: Port strike\nurl: https://news.example/port\n---\n"
                     + " ".join(f"Dockers walked out on day {i} of the dispute." for i in range(60)))
    run(capsys, "ingest", str(story), "--index", index)
    store = Store(__import__("assistant.settings", fromlist=["x"]).load_settings(env={}, index=index))
    before = store.count()
    code, [report] = run(capsys, "ingest", str(story), "--index", index, "--json")
    assert code == 0 and report["unchanged"] == 1 and report["added"] == 0
    assert store.count() == before
    story.write_text("---\ntitle: Port strike ends\nurl: https://news.example/port\n---\nThe strike ended on Friday.")
    _, [report] = run(capsys, "ingest", str(story), "--index", index, "--json")
    assert report["updated"] == 1
    texts = [c.text for c in store.iter_chunks()]
    assert texts == ["The strike ended on Friday."], "no stale chunk of the old text is left"
    code, [report] = run(capsys, "reprocess", "--index", index, "--json")  # nothing an upgrade made stale
    assert code == 0 and report["unchanged"] == 1 and report["updated"] == 0


def test_ingest_reports_failures_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    (tmp_path / "good.txt").write_text("Harbour reopens\nThe harbour reopened after the storm on Tuesday.")
    (tmp_path / "empty.txt").write_text("")
    code = main(["ingest", str(tmp_path), "--index", str(tmp_path / "index")])
    out = capsys.readouterr().out
    assert code == 0
    assert "added 1" in out and "failed 1" in out and "empty.txt" in out and "the file is empty" in out


def test_a_date_that_cannot_be_read_is_a_warning_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           embeddings: object) -> None:
    (tmp_path / "tram.md").write_text("---\ntitle: Tram consultation opens\ndate: 32/13/2025\n---\n"
                                      "The consultation on the new tram line opened on Monday, the council said.")
    code, [report] = run(capsys, "ingest", str(tmp_path / "tram.md"), "--index", str(tmp_path / "index"), "--json")
    assert code == 0 and report["added"] == 1 and report["failed"] == []
    assert report["warnings"] == [{"name": "Tram consultation opens",
                                   "reason": "cannot read the date '32/13/2025'; stored without one"}]
    (tmp_path / "tram.md").write_text((tmp_path / "tram.md").read_text() + " It runs until May.")
    assert main(["ingest", str(tmp_path / "tram.md"), "--index", str(tmp_path / "index")]) == 0
    assert "warning: Tram consultation opens: cannot read the date '32/13/2025'" in capsys.readouterr().out


def test_bad_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEWS_ASSISTANT_TOP_K", "lots")
    assert main(["search", "x"]) == 2
    assert "NEWS_ASSISTANT_TOP_K" in capsys.readouterr().err


def test_same_text_from_two_outlets_is_stored_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   embeddings: object) -> None:
    text = "The central bank raised rates by a quarter point on Wednesday, citing inflation."
    dump = tmp_path / "wire.jsonl"
    dump.write_text("\n".join(json.dumps({"title": "Rates up", "text": text, "url": f"https://{o}.example/r",
                                          "source": o}) for o in ("ap", "local")))
    _, [report] = run(capsys, "ingest", str(dump), "--index", str(tmp_path / "i"), "--json")
    assert report["added"] == 1 and report["duplicate"] == 1
    assert make_article(text).text == text


def test_filters_that_can_match_nothing_are_errors_that_say_why(index: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "ceasefire", "--index", index, "--source", "Daily Planet"]) == 2
    assert "no articles from the outlet 'Daily Planet'" in capsys.readouterr().err
    assert main(["ask", "ceasefire", "--index", index, "--since", "2025-05-20", "--until", "2025-05-01"]) == 2
    assert "starts (2025-05-20) after it ends (2025-05-01)" in capsys.readouterr().err
    for k in ("0", "-3", "500", "five"):
        with pytest.raises(SystemExit) as exit_:
            main(["search", "ceasefire", "--index", index, "-k", k])
        assert exit_.value.code == 2
        assert f"expected a whole number from 1 to 100, got '{k}'" in capsys.readouterr().err


def test_output_piped_into_head_ends_quietly(index: str) -> None:
    import subprocess
    import sys

    shell = f"{sys.executable} -m assistant search ceasefire -k 20 --index {index} | head -c 0"  # reads nothing
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {shell}"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": 1, "question": "And the Kremlin?", "history": "What did Trump say?"}', "'history' must be a list"),
    ('{"id": 1, "question": ["ceasefire"]}', "'question' must be a string"),
    ('"ceasefire"', "expected a JSON object"),
    ("not json", "malformed JSON line: Expecting value (column 1); nothing was answered"),
])
def test_a_batch_line_of_the_wrong_shape_is_an_error_naming_it(index: str, tmp_path: Path, line: str, message: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": 0, "question": "ceasefire", "history": ["Where could a summit be held?"]}\n' + line + "\n")
    assert main(["ask", "--batch", str(batch), "--index", index]) == 2
    out, err = capsys.readouterr()
    assert f"{batch}:2: {message}" in err
    assert out == ""  # the whole file is checked before the first question is answered


def test_a_batch_file_that_cannot_be_read_is_an_error_naming_it(index: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"question": "Qu\u00e9 dijo?"}'.encode("latin-1"))
    for path, message in [(tmp_path / "missing.jsonl", "no such batch file"), (tmp_path, "a folder, not a batch file"),
                          (latin, "not UTF-8 text")]:
        assert main(["search", "--batch", str(path), "--index", index]) == 2
        assert f"{path}: {message}" in capsys.readouterr().err
    assert main(["ask", "ceasefire", "--batch", str(latin), "--index", index]) == 2
    assert "give a query or --batch FILE, not both" in capsys.readouterr().err


def test_nothing_found_is_said_in_text_and_an_empty_output_in_json(index: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "ceasefire", "--until", "2000-01-01", "--index", index]) == 0
    assert capsys.readouterr().out.strip() == "No passages found (published up to 1 January 2000)."
    assert main(["claims", "--speaker", "Nobody Atall", "--index", index]) == 0
    assert capsys.readouterr().out.strip() == "No statements by Nobody Atall in the index."
    assert main(["claims", "--speaker", "Nobody Atall", "--index", index, "--json"]) == 0
    assert capsys.readouterr().out == ""


def test_spaces_alone_are_no_query_and_a_missing_article_is_an_error(index: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "   ", "--index", index]) == 2
    assert "give a query" in capsys.readouterr().err
    assert main(["delete", "no-such-id", "--index", index]) == 1
    out = capsys.readouterr()
    assert "not found: no-such-id" in out.err and out.out == ""
