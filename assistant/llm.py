"""The `llm` answering mode: a LangChain chain (prompt from `prompts/` -> ChatOpenAI) over numbered
passages, streamed, and checked sentence by sentence as it streams: every [n] marker must point to a
passage that supports its sentence; other markers are dropped and unsupported sentences are flagged.

A sentence is checked (and its markers numbered) as soon as the next one has begun, so a marker once
shown never changes; the unfinished sentence is shown without markers. Works with OpenAI and any
OpenAI-compatible server (Ollama, vLLM, llama.cpp) via OPENAI_BASE_URL. Failures of the model or its
server (HTTP errors after retries, timeouts, a cut stream, malformed or empty replies) surface as
LLMError; the caller decides to fall back. Nothing here retrieves or stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from html import escape
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.runnables import Runnable, RunnableLambda

from .citations import locate
from .disagreements import GENERIC, NUMBER_WORDS, disagreeing
from .errors import LLMBadReply, LLMError, LLMTruncated, LLMUnreachable
from .extractive import COMMON_OPENERS, DESCRIPTORS, NOT_IN_ARTICLES, disagree_note
from .models import Answer, Citation, Passage
from .prompts import render
from .sentences import split_sentences
from .settings import Settings
from .speakers import TITLE_WORDS
from .terms import CALENDAR_WORDS, STOPWORDS, stem, tokenize, words

MARKER = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")  # [1], [1, 2], [1-3]
_ODD_MARKER = re.compile(r"\[[^\[\]\w]*-?\d[^\[\]]{0,10}\]")  # what looks like a marker but is none: [-1], [1.5]
_DOUBLED = re.compile(r"\[\[(\d+)\]\]")
_WIDE_BRACKETS = str.maketrans({"［": "[", "］": "]"})
LEADING_MARKERS = re.compile(r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])+")  # markers written after a sentence's full stop
PARTIAL_MARKER = re.compile(r"\[[\d,\s]*$")
QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
END_PUNCT = re.compile(r"[.!?…]+$")
UNSUPPORTED = "[unsupported]"
_ABSTAINS = re.compile(r"\s*(?:the\s+)?(?:articles|sources|passages)\s+(?:don['’]t|do\s+not)\s+(?:say|mention|state|"
                       r"answer|contain|tell)\b", re.I)  # "The articles don’t say."
SUPPORT_FLOOR = 0.34  # share of a sentence's terms that its cited passage sentence must contain


def make_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI for the settings (a placeholder key for servers that need none)."""
    import httpx2
    from langchain_openai import ChatOpenAI

    def cap_retry_after(response: Any) -> None:
        # the client honours Retry-After up to 2 minutes; a reader waits at most llm_timeout per retry
        for header, unit in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
            try:
                wait = float(response.headers.get(header, "")) / unit
            except ValueError:
                continue
            if wait > settings.llm_timeout:
                response.headers[header] = str(int(settings.llm_timeout * unit))

    return ChatOpenAI(
        model=settings.openai_model, base_url=settings.openai_base_url or None,
        api_key=settings.openai_api_key or "not-needed",  # type: ignore[arg-type]
        timeout=settings.llm_timeout, max_retries=settings.llm_retries, temperature=0, streaming=True,
        http_client=httpx2.Client(event_hooks={"response": [cap_retry_after]}),
    )


def format_sources(passages: list[Passage]) -> str:
    """Numbered, delimited passages; their text is escaped so it cannot close the delimiters."""
    blocks = []
    for i, p in enumerate(passages, start=1):
        attrs = (f'id="{i}" outlet="{escape(p.source)}" date="{escape(p.published[:10])}" '
                 f'title="{escape(p.title)}"')
        blocks.append(f"<source {attrs}>\n{escape(p.text, quote=False)}\n</source>")
    return "\n".join(blocks)


def answer_messages(question: str, passages: list[Passage]) -> list:
    """The system prompt (the template, unchanged) and the user message with the delimited sources."""
    return [SystemMessage(render("answer_system")),
            HumanMessage(render("answer_user", sources=format_sources(passages), question=question))]


def answer_chain(chat: BaseChatModel) -> Runnable:
    """{"question", "passages"} -> streamed message chunks."""
    return RunnableLambda(lambda x: answer_messages(x["question"], x["passages"])) | chat


def stream_text(chat: BaseChatModel, question: str, passages: list[Passage]) -> Iterator[str]:
    """The model's answer as it streams; raises LLMError on any failure, a cut stream or an empty reply, and
    LLMTruncated after the last piece when the reply stopped at the model's length limit."""
    got_any, finished, reported, limited = False, False, False, False
    try:
        for chunk in answer_chain(chat).stream({"question": question, "passages": passages}):
            meta = getattr(chunk, "response_metadata", None) or {}
            reported = reported or bool(meta)  # real servers report; fake models send no metadata
            finished = finished or bool(meta.get("finish_reason"))
            limited = limited or meta.get("finish_reason") == "length"
            piece = chunk.text if hasattr(chunk, "text") else str(chunk)
            if piece:
                got_any = got_any or bool(piece.strip())
                yield piece
    except Exception as exc:  # openai/httpx raise many types; the caller needs why, in a few words
        raise failure(exc) from exc
    if reported and not finished:
        raise LLMBadReply("its reply was cut off before it finished")
    if not got_any:
        raise LLMBadReply("its reply was empty")
    if limited:
        raise LLMTruncated("its reply stopped at its length limit")


def failure(exc: Exception) -> LLMError:
    """The error for a failed call, saying why for a reader: "no reply in time", "cannot connect", "HTTP 429"."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    if status:
        return LLMError(f"HTTP {status}")
    if "Timeout" in name:  # openai's APITimeoutError, httpx's ReadTimeout
        return LLMUnreachable("no reply in time")
    if "Connect" in name:  # APIConnectionError: refused, unknown host
        return LLMUnreachable("cannot connect to it")
    return LLMBadReply(f"a malformed reply ({name})")


def condense(chat: BaseChatModel, history: list[tuple[str, str]], question: str) -> str:
    """A standalone version of a follow-up question, written by the model."""
    lines = "\n".join(f"User: {q}\nAssistant: {a[:400]}".rstrip() for q, a in history[-3:])
    try:
        reply = chat.invoke([HumanMessage(render("condense", history=lines, question=question))])
    except Exception as exc:
        raise failure(exc) from exc
    meta = reply.response_metadata or {}
    if meta and not meta.get("finish_reason"):
        raise LLMBadReply("its reply was cut off before it finished")
    first = _rewrite_in(str(reply.content))
    if not first:
        return question
    if len(re.findall(r"\w+", first)) < 2 or len(first) > max(500, 3 * len(question)) or MARKER.search(first) \
            or first.rstrip(".").lower() in (NOT_IN_ARTICLES.rstrip(".").lower(), "insufficient information") \
            or question.rstrip().endswith("?") and not first.endswith("?"):  # an answer, not the question
        raise LLMError(f"the language model's rewrite of the question is no question: {first[:80]!r}")
    if first.lower() == question.strip().lower() and _REFERS_BACK.search(question):  # "What caused it?" left as
        raise LLMError("the language model left the follow-up's references unresolved")  # it was: the rule's turn
    return first


_PREAMBLE = re.compile(r"^(?:sure|certainly|of course|okay|ok|here)\b|:$", re.I)  # "Sure! Here is the rewrite:"
_LABEL = re.compile(r"^(?:standalone|rewritten|reformulated)?\s*question\s*:\s*", re.I)  # "Standalone question: ..."
_REFERS_BACK = re.compile(r"\b(?:it|its|he|him|his|she|her|they|them|their|this|that|these|those)\b", re.I)


def _rewrite_in(reply: str) -> str:
    """The question a condense reply holds: past a preamble line and a "Standalone question:" label, without Markdown
    emphasis or quotation marks; a line ending in "?" first."""
    lines = [" ".join(line.split()) for line in reply.strip().splitlines() if line.strip()]
    while len(lines) > 1 and _PREAMBLE.search(lines[0]):
        lines.pop(0)
    lines = [line for line in (_LABEL.sub("", line.strip("*_`#> ")).strip().strip('"“”*_`').strip() for line in lines)
             if line]
    return next((line for line in lines if line.endswith("?")), lines[0] if lines else "")


class Draft:
    """An answer as it streams: complete sentences checked and numbered once, the rest shown bare."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self.raw = ""
        self.done = 0  # raw[:done] is checked
        self.sentences: list[str] = []  # checked sentences, markers renumbered
        self.citations: dict[tuple[int, int, int], Citation] = {}  # (passage n, start, end) -> citation

    def add(self, piece: str) -> str:
        """Take the next piece of the reply; return the text to show so far."""
        self.raw += piece.translate(_WIDE_BRACKETS)  # "［2］" is a marker too
        self._check_complete(final=False)
        tail = PARTIAL_MARKER.sub("", MARKER.sub("", self.raw[self.done:]))
        return " ".join([*self.sentences, _tidy(" ".join(tail.split()))]).strip()

    def answer(self, question: str, model: str, cut: bool = False) -> Answer:
        """Check what remains and build the Answer; with `cut` (the reply stopped at the model's length limit), its
        unfinished last sentence is left out and a notice says so."""
        if _ABSTAINS.match(self.raw) and not MARKER.search(self.raw):  # "The articles don’t say.", "The sources do
            # not say what ...": however the model words it
            return Answer(question, NOT_IN_ARTICLES, [], "llm", abstained=True, model=model, passages=self.passages)
        self._check_complete(final=not cut)
        ordered = sorted(self.citations.values(), key=lambda c: c.n)
        pairs = disagreeing(ordered, question)
        notes = [disagree_note(pairs)] if pairs else []  # said whether or not the model said it
        if cut:
            notes.append("The language model's reply stopped at its length limit; its unfinished last sentence is "
                         "left out.")
        return Answer(question, " ".join(self.sentences), ordered, "llm", model=model, passages=self.passages,
                      disagreements=pairs, notice=" ".join(notes))

    def _check_complete(self, final: bool) -> None:
        for segment in _segments(self.raw[self.done:], final):
            self.done += len(segment)
            if segment.strip():
                self.sentences.append(self._check(segment))

    def _check(self, sentence: str) -> str:
        """The sentence with its markers checked and renumbered; `[unsupported]` when no passage it cites backs
        it, when a marker is no passage number ("[-1]", "[1.5]"), or when a statement cites nothing at all."""
        sentence = _DOUBLED.sub(r"[\1]", sentence)  # "[[1]]"
        wanted = [n for m in MARKER.finditer(sentence) for n in _numbers(m.group(1))]
        odd = _ODD_MARKER.findall(MARKER.sub("", sentence))
        bare = _tidy(" ".join(_ODD_MARKER.sub("", MARKER.sub("", sentence)).split()))
        valid = [n for n in dict.fromkeys(wanted) if 1 <= n <= len(self.passages)]
        attested = _attested(bare, [self.passages[n - 1] for n in valid])  # by the cited sources together: "the
        # BBC said "four were killed" [5], while Reuters said "three" [4]"
        outlets = frozenset().union(*(_header(self.passages[n - 1]) for n in valid))
        numbers = [c for c in (self._cite(bare, n, outlets) for n in valid) if c is not None] if attested else []
        marks = "".join(f"[{c}]" for c in dict.fromkeys(numbers))
        if (wanted or odd) and not numbers or not wanted and not odd and _states(bare):
            marks = UNSUPPORTED
        if not marks:
            return bare
        punct = END_PUNCT.search(bare)
        core, end = (bare[:punct.start()], punct.group()) if punct else (bare, "")
        return f"{core.rstrip()} {marks}{end}"

    def _cite(self, sentence: str, n: int, outlets: frozenset[str]) -> int | None:
        """The citation number for passage n backing `sentence`, or None when it does not (`outlets`: the
        header terms of all the sources the sentence cites, passage n's among them, which may speak in it)."""
        p = self.passages[n - 1]
        span = support(sentence, p.text, _header(p))
        if span is None or not _speaker_near(sentence, p, span, outlets):
            return None
        key = (n, *span)
        if key not in self.citations:
            s, e = span
            self.citations[key] = Citation(len(self.citations) + 1, p.article_id, p.text[s:e], p.start + s,
                                           p.start + e, p.title, p.url, p.source, p.published)
        return self.citations[key].n


def _numbers(marker: str) -> list[int]:
    """The passage numbers a marker names: "1, 2" -> [1, 2]; "1-3" -> [1, 2, 3] (a long range: its ends)."""
    out: list[int] = []
    for part in re.split(r"\s*,\s*", marker):
        ends = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
        a, b = ends[0], ends[-1]
        out += list(range(a, b + 1)) if 0 <= b - a <= 10 else [a, b]
    return out


def _states(sentence: str) -> bool:
    """Whether a sentence without a marker says something that needs one: three words or more, not a lead-in
    ("Here is what the sources say:")."""
    return len(re.findall(r"\w+", sentence)) >= 3 and not sentence.rstrip().endswith(":")


def _segments(text: str, final: bool) -> list[str]:
    """The complete sentences at the start of `text`, each with the markers written after its full stop.

    A sentence is complete when the next one has begun with a word (not only markers); at the end of
    the reply (`final`) everything is.
    """
    spans = split_sentences(text)
    out, pos = [], 0
    for i in range(len(spans) - 1):
        nxt = spans[i + 1][0]
        m = LEADING_MARKERS.match(text, nxt)
        cut = m.end() if m else nxt
        rest = text[cut:].lstrip()
        if not final and (not rest or rest.startswith("[")):
            break
        out.append(text[pos:cut])
        pos = cut
    else:
        if final and pos < len(text):
            out.append(text[pos:])
    return out


def finish(question: str, raw: str, passages: list[Passage], model: str) -> Answer:
    """Check a whole reply: every marker against its passage, citations numbered in order of appearance."""
    draft = Draft(passages)
    draft.add(raw)
    return draft.answer(question, model)


def _tidy(sentence: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", sentence)


def support(sentence: str, text: str, header: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The span of `text` backing `sentence`, or None: the first of its quoted words found in `text`, else the
    sentence of `text` sharing enough of its terms (not counting the source's outlet and date, `header`, which
    the sentence may name: "On 15 May 2025, the BBC reported ..."). Its names and numbers are checked by
    `_attested`, against all the sources the sentence cites."""
    quotes = QUOTED.findall(sentence)
    if quotes:
        return next((span for span in (locate(text, q) for q in quotes) if span), None)
    terms = set(tokenize(sentence)) - header
    if not terms:
        return None
    best, best_overlap = None, 0.0
    for s, e in split_sentences(text):
        overlap = len(terms & set(tokenize(text[s:e]))) / len(terms)
        if overlap > best_overlap:
            best, best_overlap = (s, e), overlap
    return best if best_overlap >= SUPPORT_FLOOR else None


def _attested(sentence: str, cited: list[Passage]) -> bool:
    """Whether the sources a sentence cites hold, between them, every name and number it gives (the outlets
    and dates they were given with count: the prompt asks for them) and every quotation it makes. A number
    may be written in words or figures ("seven", "7"), with a unit after it ("$4.2bn")."""
    if not cited:
        return False
    said = set().union(*(set(tokenize(p.text)) | _header(p) for p in cited))
    for name in _names(sentence):
        forms = {stem(name), *(stem(f) for f in _figures(name))}
        if not forms & said:
            return False
    return all(any(locate(p.text, q) for p in cited) for q in QUOTED.findall(sentence))


_NUMBER_WORDS = {w: str(v) for w, v in NUMBER_WORDS.items()}  # "seven": "7"
_FIGURES = {v: k for k, v in _NUMBER_WORDS.items()}


def _figures(word: str) -> set[str]:
    """Other ways of writing a number: "seven" <-> "7"; "4.2bn" -> "4.2"; "1990s" -> "1990"."""
    low = word.lower()
    bare = re.sub(r"^(\d+(?:[.,]\d+)*)[a-z%]+$", r"\1", low)
    return {f for f in (_NUMBER_WORDS.get(low), _FIGURES.get(bare), bare if bare != low else None) if f}


@lru_cache(maxsize=256)
def _header(p: Passage) -> frozenset[str]:
    """The terms a source was given to the model with besides its text: its outlet and its date ("15", "may",
    "2025", "thursday")."""
    when = ""
    try:
        day = datetime.fromisoformat(p.published) if p.published else None
    except ValueError:
        day = None
    if day is not None:
        when = f"{day.day} {day:%B} {day:%b} {day.year} {day:%A}"
    return frozenset(tokenize(f"{p.source} {when}"))


_SAID_BY = re.compile(  # "Benetti said", "Mayor Linda Osei told ...", "said Brandt", "according to Brandt"
    r"(?P<a>[A-Z][\w'’-]+)(?:,[^,]{1,60},)?\s+(?:said|says|told|added|warned|stated|wrote|argued|insisted|claimed|"
    r"admitted|promised|called)\b|\b(?:said|says|told|added|according\s+to)\s+(?:\w+\s+){0,2}?(?P<b>[A-Z][\w'’-]+)"
    r"(?!\s+[A-Z])")


def _speaker_near(sentence: str, p: Passage, span: tuple[int, int], outlets: frozenset[str]) -> bool:
    """Whether whoever the sentence says spoke ("Benetti said: "..."") is named where the passage has the words,
    in their sentence or the one before or after; an outlet the source comes from, or a usual opener
    ("Officials said"), needs no check. A quotation or a claim given to the wrong person is no support."""
    speakers = {m.group("a") or m.group("b") for m in _SAID_BY.finditer(QUOTED.sub(" ", sentence))}
    speakers = {w for w in speakers if not _opener(w) and w.lower() not in STOPWORDS and stem(w) not in outlets}
    if not speakers:
        return True
    spans = split_sentences(p.text)
    at = next((i for i, (s, e) in enumerate(spans) if s <= span[0] < e), None)
    if at is None:
        return True
    around = p.text[spans[max(0, at - 1)][0]:spans[min(len(spans) - 1, at + 1)][1]]
    return all(re.search(rf"\b{re.escape(w)}\b", around) for w in speakers)


def _names(sentence: str) -> list[str]:
    """Capitalised words and numbers (in figures or words): what a sentence cannot get wrong. The first word counts too ("Zelenskyy
    confirmed ..." names Zelenskyy), unless it is a usual way to open a sentence ("Officials", "Meanwhile")."""
    found = words(QUOTED.sub(" ", sentence))
    return [w for i, w in enumerate(found) if w.lower() not in STOPWORDS and (
        w[0].isdigit() or w.lower() in _NUMBER_WORDS and w.lower() not in ("zero", "one")  # "nine" for "four"
        or w[0].isupper() and (i or not _opener(w)))]


_OPENERS = frozenset(COMMON_OPENERS | GENERIC | CALENDAR_WORDS | DESCRIPTORS | TITLE_WORDS)


def _opener(word: str) -> bool:
    """A usual first word that names no one: "Officials", "Meanwhile", "Russian", "President", "Monday"."""
    low = word.lower().rstrip(".")
    return low in _OPENERS or low.endswith("ly")
