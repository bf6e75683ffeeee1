"""Several conversations at once, while an ingest runs: no errors, no cross-talk, one shared model."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from assistant.articles import make_article
from tests.conftest import SAMPLE

QUESTIONS = [
    "How long did Trump and Putin talk?",
    "Where could a summit be held?",
    "What was said about the exchange of prisoners?",
    "Which organisation did Russia ban?",
]


def test_parallel_questions_during_an_ingest(assistant) -> None:  # noqa: ANN001
    assistant.ingest([SAMPLE])
    expected = {q: assistant.ask(q).citations for q in QUESTIONS}
    extra = [make_article(f"Harbour news item {i}: the ferry schedule changed again on day {i} of the works.",
                          url=f"https://harbour.example/{i}") for i in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(assistant.ask, QUESTIONS[i % len(QUESTIONS)]) for i in range(16)]
        report = assistant.ingest_articles(extra)
        answers = [f.result() for f in futures]
    assert len(report.added) == 40 and not report.failed
    for i, answer in enumerate(answers):
        question = QUESTIONS[i % len(QUESTIONS)]
        assert answer.question == question
        assert [c.quote for c in answer.citations] == [c.quote for c in expected[question]], question
    assert len(assistant.articles()) == 41
