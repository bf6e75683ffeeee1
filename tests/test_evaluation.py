"""The evaluation harness on a tiny corpus in tmp_path: sampling by quiz week, the cached indexes, the
measures for both pipelines, and the CLI's Markdown report."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evaluation import Row, evaluate, load_realtimeqa, measures, normal
from assistant.settings import load_settings

ARTICLES = [
    ("https://news.example/formula", "2022-06-04", "Formula plant restarts",
     "The baby formula plant in Sturgis restarted production. It had been closed for months after a bacteria "
     "outbreak was found at the facility."),
    ("https://news.example/golf", "2022-06-05", "Minjee Lee wins the US Women's Open",
     "Minjee Lee won the US Women's Open by four shots, her second major title."),
    ("https://news.example/old", "2019-01-01", "An old story about golf",
     "Golf courses reopened after the winter. Many players returned to the game."),
    ("https://news.example/later", "2022-06-15", "Heatwave grips the south",
     "A heatwave brought record temperatures to the south this week."),
]
QUESTIONS = [
    ("20220610_1", "2022-06-10", "Why was the baby formula plant closed?", "bacteria outbreak",
     ["https://news.example/formula"], ["https://news.example/formula", "https://news.example/old"]),
    ("20220610_2", "2022-06-10", "Which golfer won the US Women's Open?", "Minjee Lee",
     ["https://news.example/golf"], ["https://news.example/golf"]),
    ("20220617_1", "2022-06-17", "Which region had a heatwave?", "the south", [], ["https://news.example/later"]),
]
MULTIHOP = [
    {"id": "a1", "title": "Apple's new watch", "text": "The Verge says the new Apple Watch has a brighter screen.",
     "url": "https://verge.example/watch", "source": "The Verge", "published": "2023-09-20"},
    {"id": "a2", "title": "Watch review", "text": "Wired found the Apple Watch battery lasts two days.",
     "url": "https://wired.example/watch", "source": "Wired", "published": "2023-09-22"},
]
MH_QUESTIONS = [
    {"id": "0", "question": "Do The Verge and Wired both discuss the Apple Watch?", "type": "comparison_query",
     "answer": "Yes", "gold_urls": ["https://verge.example/watch", "https://wired.example/watch"],
     "sources": ["The Verge", "Wired"]},
    {"id": "1", "question": "Which jersey number did Ellyse Perry wear for the Sydney Sixers, per ESPN?",
     "type": "null_query", "answer": "Insufficient information", "gold_urls": [], "sources": []},
]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    rt, mh = tmp_path / "data" / "realtimeqa", tmp_path / "data" / "multihop"
    rt.mkdir(parents=True)
    mh.mkdir()
    _write(rt / "articles.jsonl", [{"id": u, "url": u, "published": d, "title": t, "text": x, "source": "cnn.com"}
                                   for u, d, t, x in ARTICLES])
    _write(rt / "questions.jsonl", [{"id": i, "question_date": d, "question": q, "answer": a, "gold_urls": g,
                                     "choices": []} for i, d, q, a, g, _ in QUESTIONS])
    _write(rt / "question_articles.jsonl", [{"id": i, "urls": u} for i, *_, u in QUESTIONS])
    _write(mh / "articles.jsonl", MULTIHOP)
    _write(mh / "questions.jsonl", MH_QUESTIONS)
    return tmp_path / "data"


def test_sample_takes_whole_weeks_and_their_articles(corpus: Path) -> None:
    split = load_realtimeqa(corpus / "realtimeqa", sample=1)
    assert [q.id for q in split.questions] == ["20220610_1", "20220610_2"]  # the whole first week
    assert {a.url for a in split.articles} == {u for u, *_ in ARTICLES[:3]}  # later week's article left out
    assert len(load_realtimeqa(corpus / "realtimeqa").articles) == 4


def test_evaluate_both_pipelines_and_reuse_the_cache(corpus: Path, tmp_path: Path, embeddings) -> None:  # noqa: ANN001
    settings = load_settings(env={})
    cache = tmp_path / "cache"
    runs = evaluate(corpus, settings, sample=2, cache=cache)
    assert [r.split.name for r in runs] == ["realtimeqa", "multihop"]
    rt, mh = (measures(r.split, r.ours) for r in runs)
    assert rt["gold-URL recall@5"] == (1.0, 2)
    assert rt["answer-text recall@5"][1] == 2
    assert rt["answer-text recall@5 (answer in the question's own articles)"] == (1.0, 2)
    assert rt["citations verbatim at offsets"][0] == 1.0
    assert mh["all-sources@10 (comparison)"] == (1.0, 1)
    assert mh["null abstained (recall)"] == (1.0, 1)
    base = measures(runs[0].split, runs[0].base)
    assert base["gold-URL recall@5"] == (1.0, 2) and base["answer contains gold"] == (None, 0)
    built = sorted(p.name for p in cache.iterdir())
    assert len(built) == 4 and all((cache / b / "complete").exists() for b in built)
    again = evaluate(corpus, settings, sample=2, cache=cache)  # cached: nothing embedded again
    assert sorted(p.name for p in cache.iterdir()) == built
    assert measures(again[0].split, again[0].ours) == rt
    rechunked = dataclasses.replace(settings, chunk_chars=600)  # our chunking changes; the baseline's does not
    evaluate(corpus, rechunked, sample=2, cache=cache)
    new = {p.name for p in cache.iterdir()} - set(built)
    assert len(new) == 2 and not any("baseline" in name for name in new)  # ours rebuilt, the baseline's reused


def test_cli_eval_prints_a_markdown_table(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", str(corpus), "--split-name", "multihop", "--index-cache", str(tmp_path / "c"),
                 "--no-baseline"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| measure | n | ours | LangChain baseline | ours / baseline |" in out
    assert "| all-sources@10 (comparison) | 1 | 1.000 |" in out


@pytest.mark.parametrize(("answer", "passage"), [
    ("Washington, DC", "near Reagan National Airport in Washington, D.C., on Wednesday"),
    ("“Onyx Storm”", "Rebecca Yarros's Onyx Storm sold 2.7 million copies"),
    ("The Philippines", "the Senate of the Philippines opened an inquiry"),
    ("Procter & Gamble", "Procter and Gamble's rival, Procter & Gamble Co."),
    ("Venice", "Venice's experimental payment system for tourists"),
    ("Denny's", "Denny’s announces an egg surcharge"),
])
def test_answer_text_is_found_despite_punctuation_and_articles(answer: str, passage: str) -> None:
    assert normal(answer) in normal(passage)


@pytest.mark.parametrize(("answer", "passage"), [
    ("Meta", "the metadata of the photos"),
    ("India", "a rally in Indiana"),
])
def test_answer_text_matches_whole_words_only(answer: str, passage: str) -> None:
    assert normal(answer) not in normal(passage)


def test_answers_found_only_by_chance_are_measured_apart(corpus: Path) -> None:
    split = load_realtimeqa(corpus / "realtimeqa")
    heat = next(q for q in split.questions if q.id == "20220617_1")
    by_chance = dataclasses.replace(heat, searched=("https://news.example/old",))  # its search missed the story
    split = dataclasses.replace(split, questions=[by_chance])
    row = Row(heat.id, "realtimeqa", ["https://news.example/later"], ["A heatwave brought records to the south."])
    got = measures(split, [row])
    assert got["answer-text recall@5"] == (1.0, 1)
    assert got["answer-text recall@5 (answer in the question's own articles)"] == (None, 0)


def test_an_article_from_after_the_quiz_is_no_evidence(corpus: Path) -> None:
    split = load_realtimeqa(corpus / "realtimeqa")
    heat = next(q for q in split.questions if q.id == "20220617_1")  # its article ran on 2022-06-15
    early = dataclasses.replace(heat, today=date(2022, 6, 14))  # asked the day before it ran
    row = Row(heat.id, "realtimeqa", ["https://news.example/later"], ["A heatwave brought records to the south."])
    assert measures(dataclasses.replace(split, questions=[heat]), [row])["answer-text recall@5"] == (1.0, 1)
    assert measures(dataclasses.replace(split, questions=[early]), [row])["answer-text recall@5"] == (None, 0)


RGB = [{"id": 7, "query": "Who won the women's singles title at the 2019 US Open?",
        "answer": [["Bianca Andreescu", "B. Andreescu"]], "fakeanswer": "Emma Raducanu",
        "positive": ["Bianca Andreescu won the women's singles title at the 2019 US Open, beating Serena Williams."],
        "positive_wrong": ["Emma Raducanu won the women's singles title at the 2019 US Open, beating Serena Williams."],
        "negative": ["Tickets for the 2023 US Open go on sale in May, the tournament said."]}]


def test_a_benchmarks_short_passages_are_kept_as_they_are(tmp_path: Path) -> None:
    from assistant.evaluation import load_rgb

    folder = tmp_path / "rgb"
    folder.mkdir()
    _write(folder / "questions.jsonl", [{**RGB[0], "negative": ["US Open 2019", "Tickets on sale"]}])  # no sentence
    split = load_rgb(folder)  # (ingesting such a stub is refused: a benchmark's passage is taken as it is)
    assert {a.text for a in split.articles} >= {"US Open 2019", "Tickets on sale"}


def test_rgb_counterfactuals_are_answered_with_both_versions_flagged(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "rgb"
    folder.mkdir(parents=True)
    _write(folder / "questions.jsonl", RGB)
    (run,) = evaluate(folder, load_settings(env={}), cache=tmp_path / "cache")
    assert run.split.name == "rgb" and len(run.split.articles) == 3
    assert run.split.questions[0].answers == ("Bianca Andreescu", "B. Andreescu")
    ours = measures(run.split, run.ours)
    assert ours["true answer in the top 5 passages"] == (1.0, 1)
    assert ours["answer gives the true answer"] == (1.0, 1) and ours["answer gives the false answer"] == (1.0, 1)
    assert ours["answer gives the false answer alone"] == (0.0, 1)
    assert ours["disagreement said, when both are given"] == (1.0, 1)
    assert measures(run.split, run.base)["true answer in the top 5 passages"] == (1.0, 1)
