"""The `llm` answering mode: a LangChain chain (prompt from `prompts/` -> ChatOpenAI -> text) over
numbered passages, streamed, then checked: every [n] marker must point to a passage whose text
supports the sentence; other markers are dropped and unsupported sentences are flagged.

Works with OpenAI and any OpenAI-compatible server (Ollama, vLLM, llama.cpp) via OPENAI_BASE_URL.
Errors of the model or its server surface as LLMError; the caller decides to fall back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda

from .citations import locate
from .errors import LLMError
from .extractive import NOT_IN_ARTICLES
from .models import Answer, Citation, Passage
from .prompts import render
from .sentences import split_sentences
from .settings import Settings
from .terms import tokenize

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
UNSUPPORTED = " [unsupported]"
SUPPORT_FLOOR = 0.25  # share of a sentence's terms that its cited passage sentence must contain


def make_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI for the settings (a placeholder key for servers that need none)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.openai_model, base_url=settings.openai_base_url or None,
        api_key=settings.openai_api_key or "not-needed",  # type: ignore[arg-type]
        timeout=settings.llm_timeout, max_retries=settings.llm_retries, temperature=0, streaming=True,
    )


def format_sources(passages: list[Passage]) -> str:
    """Numbered, delimited passages; their text is escaped so it cannot close the delimiters."""
    blocks = []
    for i, p in enumerate(passages, start=1):
        attrs = f'id="{i}" outlet="{escape(p.source)}" date="{p.published[:10]}" title="{escape(p.title)}"'
        blocks.append(f"<source {attrs}>\n{escape(p.text, quote=False)}\n</source>")
    return "\n".join(blocks)


def answer_chain(chat: BaseChatModel) -> Runnable:
    """{"question", "passages"} -> streamed answer text."""

    def to_messages(x: dict[str, Any]) -> list:
        return [SystemMessage(render("answer_system")),
                HumanMessage(render("answer_user", sources=format_sources(x["passages"]), question=x["question"]))]

    return RunnableLambda(to_messages) | chat | StrOutputParser()


def stream_text(chat: BaseChatModel, question: str, passages: list[Passage]) -> Iterator[str]:
    """The model's answer as it streams; raises LLMError on any failure or an empty reply."""
    got_any = False
    try:
        for piece in answer_chain(chat).stream({"question": question, "passages": passages}):
            if piece:
                got_any = True
                yield piece
    except Exception as exc:  # openai/httpx raise many types; the caller only needs "it failed"
        raise LLMError(f"the language model failed: {_describe(exc)}") from exc
    if not got_any:
        raise LLMError("the language model returned an empty reply")


def _describe(exc: Exception) -> str:
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    return f"{name} (HTTP {status})" if status else name


def condense(chat: BaseChatModel, history: list[tuple[str, str]], question: str) -> str:
    """A standalone version of a follow-up question, written by the model."""
    lines = "\n".join(f"User: {q}\nAssistant: {a[:400]}" for q, a in history[-3:])
    try:
        reply = chat.invoke([HumanMessage(render("condense", history=lines, question=question))])
    except Exception as exc:
        raise LLMError(f"the language model failed: {_describe(exc)}") from exc
    text = str(reply.content).strip().strip('"').splitlines()
    return text[0].strip() if text and text[0].strip() else question


def renumber(text: str, order: dict[int, int]) -> str:
    """Markers renumbered in order of first appearance (`order` grows as markers are seen)."""

    def sub(m: re.Match[str]) -> str:
        out = []
        for raw in m.group(1).split(","):
            n = int(raw)
            order.setdefault(n, len(order) + 1)
            out.append(f"[{order[n]}]")
        return "".join(out)

    return MARKER.sub(sub, text)


def finish(question: str, raw: str, passages: list[Passage], model: str) -> Answer:
    """Check every marker against its passage; build citations numbered in order of appearance."""
    raw = raw.strip()
    if not raw or raw.startswith(NOT_IN_ARTICLES.rstrip(".")):
        return Answer(question, NOT_IN_ARTICLES, [], "llm", abstained=True, model=model, passages=passages)
    citations: dict[int, Citation] = {}  # passage number -> citation
    sentences = []
    for s, e in split_sentences(raw):
        sentence = raw[s:e]
        wanted = [int(x) for m in MARKER.finditer(sentence) for x in m.group(1).split(",")]
        bare = MARKER.sub("", sentence).strip()
        valid = [n for n in dict.fromkeys(wanted) if 1 <= n <= len(passages)]
        supported = [n for n in valid if _support(bare, passages[n - 1], n, citations)]
        marks = "".join(f"[{citations[n].n}]" for n in supported)
        flag = UNSUPPORTED if wanted and not supported else ""
        sentences.append(f"{_tidy(bare)} {marks}".rstrip() + flag)
    ordered = sorted(citations.values(), key=lambda c: c.n)
    return Answer(question, " ".join(sentences), ordered, "llm", model=model, passages=passages)


def _tidy(sentence: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", sentence)


def _support(sentence: str, p: Passage, n: int, citations: dict[int, Citation]) -> bool:
    """Find the passage sentence (or quoted words) backing `sentence`; record the citation."""
    span = None
    for quoted in re.findall(r"[\"“]([^\"”]{12,})[\"”]", sentence):
        span = locate(p.text, quoted)
        if span:
            break
    if span is None:
        terms = set(tokenize(sentence))
        best, best_overlap = None, 0.0
        for s, e in split_sentences(p.text):
            overlap = len(terms & set(tokenize(p.text[s:e]))) / len(terms) if terms else 0.0
            if overlap > best_overlap:
                best, best_overlap = (s, e), overlap
        span = best if best_overlap >= SUPPORT_FLOOR else None
    if span is None:
        return False
    if n not in citations:
        s, e = span
        citations[n] = Citation(len(citations) + 1, p.article_id, p.text[s:e], p.start + s, p.start + e,
                                p.title, p.url, p.source, p.published)
    return True
