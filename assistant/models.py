"""The nouns every module shares: articles, chunks, passages, claims, citations and answers.

Plain frozen dataclasses, no behaviour beyond small derived views; nothing here knows Chroma,
models or the UI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Mode = Literal["extractive", "llm"]
ClaimKind = Literal["direct", "paraphrase", "institutional"]


def clock_stamp(when: datetime) -> int:
    """Epoch seconds of the time as the clock that wrote it showed it, counted as UTC (its offset dropped): what
    every date filter compares, so a story is on the day its outlet printed."""
    return int(when.replace(tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class Article:
    """One news article: its text and the metadata a reader needs to judge it."""

    id: str
    title: str
    text: str
    url: str = ""
    source: str = ""  # the outlet, e.g. "Reuters" or "cnn.com"
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    also_in: tuple[str, ...] = ()  # other outlets that ran the same text (wire copy)
    unread_date: str = field(default="", compare=False)  # a date given that could not be read (stored undated)

    @property
    def published_iso(self) -> str:
        return self.published.isoformat() if self.published else ""

    @property
    def published_ts(self) -> int | None:
        """The publication time as the outlet's clock showed it, counted as UTC: date filters and "on 14 August"
        then find the article on the day it is shown under (`published_iso[:10]`), whatever its offset."""
        return clock_stamp(self.published) if self.published else None


@dataclass(frozen=True)
class Chunk:
    """A stored piece of an article: `article.text[start:end] == text`."""

    id: str  # "article_id:n"
    article_id: str
    n: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its score, rank and its article's metadata."""

    chunk_id: str
    article_id: str
    text: str
    start: int
    end: int
    score: float
    rank: int = 0
    title: str = ""
    url: str = ""
    source: str = ""
    published: str = ""  # ISO date or ""
    dense: float = 0.0  # cosine similarity to the query, 0 when only the keyword index found it
    keyword: float = 0.0  # its keyword (BM25) score as a share of the best keyword match's for the query; 0: none

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Claim:
    """A statement attributed to a speaker, with its exact span in the article."""

    speaker: str  # canonical name, e.g. "Donald Trump" or "Kremlin"
    speaker_as_written: str
    role: str
    kind: ClaimKind
    quote: str  # article.text[start:end]
    article_id: str
    start: int
    end: int
    published: str = ""
    title: str = ""
    url: str = ""
    source: str = ""

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.start}-{self.end}"

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_as_written": self.speaker_as_written,
            "role": self.role,
            "kind": self.kind,
            "quote": self.quote,
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Citation:
    """A quote with the article and offsets it comes from: `article.text[start:end] == quote`."""

    n: int
    article_id: str
    quote: str
    start: int
    end: int
    title: str = ""
    url: str = ""
    source: str = ""
    published: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class ComparisonRow:
    topic: str
    cells: dict[str, list[int]]  # speaker -> citation numbers (empty: not addressed)


@dataclass(frozen=True)
class Comparison:
    speakers: list[str]
    rows: list[ComparisonRow]
    reported: list[int] = field(default_factory=list)  # citation numbers of reported speech, not direct quotes

    def to_json(self) -> dict[str, Any]:
        return {"speakers": list(self.speakers), "rows": [asdict(r) for r in self.rows],
                "reported": list(self.reported)}


@dataclass(frozen=True)
class Answer:
    """What the assistant says: text with [n] markers, the citations they point to, and how."""

    question: str
    text: str
    citations: list[Citation]
    mode: Mode
    abstained: bool = False
    standalone_question: str = ""
    comparison: Comparison | None = None
    notice: str = ""  # e.g. "the language model is unavailable; showing quoted passages"
    model: str = ""  # the LLM's name in llm mode
    passages: list[Passage] = field(default_factory=list)
    disagreements: list[tuple[int, int]] = field(default_factory=list)  # citation numbers of accounts that differ

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "answer": self.text,
            "mode": self.mode,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "standalone_question": self.standalone_question or self.question,
        }
        if self.comparison is not None:
            out["comparison"] = self.comparison.to_json()
        if self.notice:
            out["notice"] = self.notice
        if self.model:
            out["model"] = self.model
        if self.disagreements:
            out["disagreements"] = [list(pair) for pair in self.disagreements]
        return out
