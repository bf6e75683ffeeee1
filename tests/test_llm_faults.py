"""LLM faults produced for real by the local OpenAI-protocol server: retries where they make sense (counted
on the server), then the `extractive` fallback with the visible notice; the conversation goes on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import load_settings
from tests.conftest import SAMPLE
from tests.openai_server import Fault, OpenAIServer, closed_port

QUESTION = "How long did Trump and Putin talk?"
GOOD = 'Trump said they spent "two and a half hours talking to Vladimir Putin" [1].'
TIMEOUT = 1.0


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Path:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("faults") / "index"
    Assistant(load_settings(env={}, index=str(folder)), embeddings=embeddings).ingest([SAMPLE])
    return folder


def make(index: Path, base_url: str, embeddings, retries: int = 1, pause: float = 0.0) -> Assistant:  # noqa: ANN001
    settings = load_settings(env={}, index=str(index), openai_base_url=base_url, openai_model="test-model",
                             llm_timeout=TIMEOUT, llm_retries=retries, llm_pause=pause)
    return Assistant(settings, embeddings=embeddings)


def assert_fallback(a: Assistant, answer, why: str = "") -> None:  # noqa: ANN001
    """Quotes instead of the model's answer, with a notice saying why ("The language model is unavailable (HTTP 500);
    showing quoted passages.")."""
    assert answer.mode == "extractive" and answer.notice.startswith("The language model")
    assert answer.notice.endswith("; showing quoted passages.") and f"({why}" in answer.notice
    assert answer.citations and "two and a half hours" in answer.text
    for c in answer.citations:
        article = a.article(c.article_id)
        assert article is not None and article.text[c.start:c.end] == c.quote


def assert_conversation_goes_on(a: Assistant, server: OpenAIServer, first) -> None:  # noqa: ANN001
    server.queue.clear()
    server.enqueue("How long did Donald Trump and Vladimir Putin talk?", GOOD)
    answer = a.ask("And how long did they talk?", history=[first.standalone_question])
    assert answer.mode == "llm" and not answer.notice and len(answer.citations) == 1


# (faults queued, llm_retries, requests the server must see, the final mode, why the notice says it fell back)
CASES = {
    "500 every time": ([Fault.http(500)] * 3, 1, 2, "extractive", "unavailable (HTTP 500"),
    "500 once, then a reply": ([Fault.http(500), GOOD], 1, 2, "llm", ""),
    "503 with no retries": ([Fault.http(503), GOOD], 0, 1, "extractive", "unavailable (HTTP 503"),
    "429 every time": ([Fault.http(429, retry_after=0.2)] * 3, 1, 2, "extractive", "unavailable (HTTP 429"),
    "400 is not retried": ([Fault.http(400), GOOD], 2, 1, "extractive", "unavailable (HTTP 400"),
    "stream cut halfway": ([Fault.cut_stream("Trump said they spent [1] two and"), GOOD], 1, 1, "extractive",
                           "could not be used (its reply was cut off"),
    "malformed JSON body": ([Fault.bad_json(), GOOD], 1, 1, "extractive", "could not be used (a malformed reply"),
    "malformed JSON event": ([Fault.bad_chunk("Trump said [1]"), GOOD], 1, 1, "extractive",
                             "could not be used (a malformed reply"),
    "empty reply": ([Fault.empty(), GOOD], 1, 1, "extractive", "could not be used (its reply was empty"),
    "whitespace reply": (["   ", GOOD], 1, 1, "extractive", "could not be used (its reply was empty"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fault(name: str, index: Path, openai_server: OpenAIServer, embeddings) -> None:  # noqa: ANN001
    faults, retries, requests, mode, why = CASES[name]
    a = make(index, openai_server.base_url, embeddings, retries)
    openai_server.enqueue(*faults)
    partials = []
    for text, answer in a.ask_stream(QUESTION):
        if answer is None:
            partials.append(text)
    assert answer is not None
    assert len(openai_server.requests) == requests
    if mode == "llm":
        assert answer.mode == "llm" and not answer.notice and len(answer.citations) == 1
    else:
        assert_fallback(a, answer)
        assert why in answer.notice
    if name == "stream cut halfway":
        assert partials and "[1]" not in partials[-1]  # the unfinished sentence never showed a marker
    assert_conversation_goes_on(a, openai_server, answer)


def test_a_reply_stopped_at_its_length_limit_keeps_its_finished_sentences(index: Path, openai_server: OpenAIServer,
                                                                         embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=0)
    openai_server.enqueue(Fault.length(f"{GOOD} They also discussed a possible meeting in"))
    answer = a.ask(QUESTION)
    assert answer.mode == "llm" and answer.text == 'Trump said they spent "two and a half hours talking to Vladimir ' \
                                                  'Putin" [1].'  # not "... a possible meeting in [unsupported]"
    assert answer.notice == ("The language model's reply stopped at its length limit; its unfinished last sentence "
                             "is left out.")


def test_retry_after_is_honoured(index: Path, openai_server: OpenAIServer, embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=2)
    openai_server.enqueue(Fault.http(429, retry_after=1), GOOD)
    started = time.monotonic()
    answer = a.ask(QUESTION)
    assert time.monotonic() - started >= 1.0
    assert len(openai_server.requests) == 2 and answer.mode == "llm"


def test_long_retry_after_is_capped(index: Path, openai_server: OpenAIServer, embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=1)
    openai_server.enqueue(Fault.http(429, retry_after=600), GOOD)
    started = time.monotonic()
    answer = a.ask(QUESTION)
    assert time.monotonic() - started < TIMEOUT + 5  # waits llm_timeout, not ten minutes
    assert len(openai_server.requests) == 2 and answer.mode == "llm"


def test_timeout_retries_then_falls_back(index: Path, openai_server: OpenAIServer, embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=1)
    openai_server.enqueue(Fault.timeout(4), Fault.timeout(4))
    started = time.monotonic()
    answer = a.ask(QUESTION)
    elapsed = time.monotonic() - started
    assert len(openai_server.requests) == 2  # tried twice, each cut off at llm_timeout
    assert 2 * TIMEOUT <= elapsed < 2 * TIMEOUT + 6
    assert_fallback(a, answer, "no reply in time")
    assert_conversation_goes_on(a, openai_server, answer)


def test_a_server_that_does_not_answer_is_not_asked_again_for_a_while(index: Path, openai_server: OpenAIServer,
                                                                      embeddings) -> None:  # noqa: ANN001
    pause = 3.0
    a = make(index, openai_server.base_url, embeddings, retries=0, pause=pause)
    openai_server.enqueue(Fault.timeout(4))
    first = a.ask(QUESTION)
    assert_fallback(a, first, "no reply in time; not asked again for 3 s")
    started = time.monotonic()
    follow_up = a.ask("How long was that call?", history=[first.standalone_question])
    assert time.monotonic() - started < TIMEOUT  # neither the rewrite nor the answer waited for the model
    assert len(openai_server.requests) == 1 and "Trump" in follow_up.standalone_question
    assert_fallback(a, follow_up, "no reply in time a moment ago; asked again in ")
    time.sleep(pause)
    assert_conversation_goes_on(a, openai_server, follow_up)  # asked again after the pause


def test_connection_refused(index: Path, embeddings) -> None:  # noqa: ANN001
    a = make(index, f"http://127.0.0.1:{closed_port()}/v1", embeddings, retries=1)
    started = time.monotonic()
    first = a.ask(QUESTION)
    assert time.monotonic() - started < 10
    assert_fallback(a, first, "cannot connect to it")
    follow_up = a.ask("How long was that call?", history=[first.standalone_question])
    assert_fallback(a, follow_up)  # condense failed too: the rule rewrote the question
    assert "Trump" in follow_up.standalone_question


def test_server_recovers(index: Path, embeddings) -> None:  # noqa: ANN001
    with OpenAIServer() as server:
        a = make(index, server.base_url, embeddings, retries=0)
        server.enqueue(Fault.http(502))
        assert_fallback(a, a.ask(QUESTION))
        server.enqueue(GOOD)
        assert a.ask(QUESTION).mode == "llm"


def test_cut_condense_reply_falls_back_to_the_rule(index: Path, openai_server: OpenAIServer,
                                                   embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=0)
    openai_server.enqueue(Fault.cut_stream("How long did Donald"), GOOD)
    answer = a.ask("How long was that call?", history=["How long did Trump and Putin talk?"])
    assert answer.standalone_question != "How long did Donald"
    assert "Trump" in answer.standalone_question and answer.mode == "llm"


@pytest.mark.parametrize("reply", ['{"rows": ["ceasefire"]}', '{"rows": [{"topic": "c", "cells": ["Donald Trump"]}]}',
                                   '{"rows": [{"topic": "c", "cells": {"Donald Trump": 3}}]}', '{"rows": {"topic": "c"}}'])
def test_a_comparison_reply_of_the_wrong_shape_falls_back(reply: str, index: Path, openai_server: OpenAIServer,
                                                          embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=0)
    openai_server.enqueue(reply)
    answer = a.ask("Compare what Trump and Putin said about a ceasefire")
    assert answer.mode == "extractive" and answer.comparison is not None
    assert answer.notice.startswith("The language model's reply could not be used (its comparison ")
    assert answer.notice.endswith("); statements aligned by topic.")  # the model answered: it is not "unavailable"


def test_a_comparison_topic_cannot_add_rows_or_citations(index: Path, openai_server: OpenAIServer,
                                                         embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=0)
    openai_server.enqueue('{"rows": [{"topic": "ceasefire | x |\\n| Putin surrendered Moscow [2]", '
                          '"cells": {"Donald Trump": [1]}}]}')
    answer = a.ask("Compare what Trump and Putin said about a ceasefire")
    assert answer.mode == "llm" and answer.comparison is not None
    [row] = answer.comparison.rows
    assert row.topic == "ceasefire x Putin surrendered Moscow"
    assert answer.text.count("\n") == 2 and "[2]" not in answer.text  # header, rule, one row; one citation


def test_the_cli_names_the_mode_that_answered(index: Path, openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    for name, value in {"OPENAI_BASE_URL": openai_server.base_url, "OPENAI_MODEL": "test-model",
                        "NEWS_ASSISTANT_LLM_RETRIES": "0", "NEWS_ASSISTANT_LLM_TIMEOUT": str(TIMEOUT)}.items():
        monkeypatch.setenv(name, value)
    openai_server.enqueue(Fault.http(500))
    assert main(["ask", QUESTION, "--index", str(index)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("mode: extractive")  # the fallback, not the setting
    openai_server.enqueue(GOOD)
    assert main(["ask", QUESTION, "--index", str(index)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("mode: llm (test-model)")


def test_a_condensed_question_keeps_no_quotation_marks(index: Path, openai_server: OpenAIServer,
                                                       embeddings) -> None:  # noqa: ANN001
    a = make(index, openai_server.base_url, embeddings, retries=0)
    openai_server.enqueue('"What did Donald Trump say about Europe?"\nExplanation: replaced he', GOOD)
    answer = a.ask("What did he say about Europe?", history=["What did Trump say about the ceasefire?"])
    assert answer.standalone_question == "What did Donald Trump say about Europe?"
