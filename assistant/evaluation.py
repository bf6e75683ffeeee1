"""The evaluation harness: our pipeline against the LangChain tutorial pipeline on the dev corpus.

Reads the `realtimeqa/` and `multihop/` formats of the shared corpus (see its README), builds both
indexes once per corpus content and chunking settings (cached under `--index-cache`), runs every
question through `Assistant.search` / `Assistant.ask` and through `Baseline.search`, and reports the
retrieval, abstention, answer and citation measures side by side. It does not tune anything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .articles import article_from_record, canonical_url
from .baseline import CHUNK_OVERLAP, CHUNK_SIZE, Baseline
from .ingest import Ingester
from .models import Article
from .settings import Settings

DEFAULT_CACHE = Path("~/.cache/news-assistant/eval").expanduser()
YES_NO = {"yes", "no"}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str  # "realtimeqa" or a multihop type ("comparison_query", "null_query", ...)
    answer: str
    gold_urls: tuple[str, ...]
    today: date | None = None  # the quiz date: "now" for this question
    searched: tuple[str, ...] = ()  # realtimeqa: the articles the quiz's web search returned for it
    answers: tuple[str, ...] = ()  # rgb: every way the true answer may be written
    false_answers: tuple[str, ...] = ()  # rgb: the answer the falsified passages give instead


@dataclass
class Split:
    name: str
    articles: list[Article]
    questions: list[Question]


@dataclass
class Row:
    """What one system did with one question."""

    id: str
    kind: str
    urls: list[str]  # canonical URLs of the top-10 passages, best first
    texts: list[str]
    answer: str | None = None  # None: the system does not answer (the baseline)
    abstained: bool | None = None
    cited: int = 0
    verbatim: int = 0
    asked_abstained: bool | None = None  # `Assistant.ask` (with claims routing), for comparison
    disagreed: bool = False  # the answer said its sources disagree


@dataclass
class Run:
    split: Split
    ours: list[Row] = field(default_factory=list)
    base: list[Row] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    chunks: dict[str, int] = field(default_factory=dict)


# -- reading the corpus ----------------------------------------------------------------------------

def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_realtimeqa(folder: Path, sample: int | None = None) -> Split:
    """Questions (whole quiz weeks, oldest first, until `sample` questions) and their weeks' articles."""
    questions = list(_jsonl(folder / "questions.jsonl"))
    if sample:
        weeks: list[str] = []
        for q in questions:
            week = str(q["id"]).split("_")[0]
            if week not in weeks and sum(1 for x in questions if str(x["id"]).split("_")[0] in weeks) < sample:
                weeks.append(week)
        questions = [q for q in questions if str(q["id"]).split("_")[0] in weeks]
    wanted: set[str] | None = None
    searched = folder / "question_articles.jsonl"
    urls = {r["id"]: r["urls"] for r in _jsonl(searched)} if searched.exists() else {}
    if sample:
        wanted = {u for q in questions for u in urls.get(q["id"], [])} | {u for q in questions for u in q["gold_urls"]}
    articles = [article_from_record(r, whole=False) for r in _jsonl(folder / "articles.jsonl") if wanted is None or r["url"] in wanted]
    qs = [Question(str(q["id"]), q["question"], "realtimeqa", str(q["answer"]), tuple(q["gold_urls"]),
                   date.fromisoformat(q["question_date"]), tuple(urls.get(q["id"], []))) for q in questions]
    return Split("realtimeqa", articles, qs)


def load_multihop(folder: Path) -> Split:
    """All multihop questions and pseudo-articles."""
    articles = [article_from_record(r, whole=False) for r in _jsonl(folder / "articles.jsonl")]
    qs = [Question(str(q["id"]), q["question"], q["type"], str(q["answer"]), tuple(q["gold_urls"]))
          for q in _jsonl(folder / "questions.jsonl")]
    return Split("multihop", articles, qs)


def load_rgb(folder: Path) -> Split:
    """RGB's counterfactual questions; each question's true, falsified and noise passages become articles."""
    articles: dict[str, Article] = {}
    qs = []
    for q in _jsonl(folder / "questions.jsonl"):
        for kind in ("positive", "positive_wrong", "negative"):
            for i, text in enumerate(q.get(kind) or []):
                url = f"https://rgb.example/{q['id']}/{kind}/{i}"
                articles[url] = article_from_record({"text": text, "url": url, "source": "web", "title": ""}, whole=False)
        qs.append(Question(str(q["id"]), q["query"], "rgb", "", (), answers=_flat(q["answer"]),
                           false_answers=_flat(q.get("fakeanswer", []))))
    return Split("rgb", list(articles.values()), qs)


def _flat(value: Any) -> tuple[str, ...]:
    """RGB answers are a string, or lists (of lists) of ways to write them."""
    return (str(value),) if not isinstance(value, list) else tuple(x for v in value for x in _flat(v))


LOADERS: dict[str, Callable[..., Split]] = {"realtimeqa": load_realtimeqa, "multihop": load_multihop, "rgb": load_rgb}


def load_splits(data: Path, sample: int | None = None, only: str | None = None) -> list[Split]:
    """The splits found in `data` (a corpus folder, or one split's folder)."""
    folders = {name: data / name for name in LOADERS}
    if (data / "questions.jsonl").exists():
        first = next(_jsonl(data / "questions.jsonl"), {})
        name = "realtimeqa" if (data / "question_articles.jsonl").exists() else "rgb" if "fakeanswer" in first else "multihop"
        folders = {name: data}
    splits = []
    for name, folder in folders.items():
        if (only is None or only == name) and (folder / "questions.jsonl").exists():
            splits.append(load_realtimeqa(folder, sample) if name == "realtimeqa" else LOADERS[name](folder))
    return splits


# -- indexes (cached) ------------------------------------------------------------------------------

def corpus_key(split: Split, settings: Settings, chunking: str = "") -> str:
    """A hash of the articles' content, the chunking (ours unless named) and the embedding settings."""
    chunking = chunking or f"{settings.chunk_chars}/{settings.chunk_overlap_chars}"
    h = hashlib.sha1(f"{chunking}/{settings.embedding_model}/{settings.embedding_backend}/".encode())
    for a in sorted(split.articles, key=lambda a: a.id):
        h.update(f"{a.id}\x1f{a.title}\x1f{a.published_iso}\x1f{a.source}\x1f{a.text}\x1e".encode())
    return h.hexdigest()[:16]


def open_ours(split: Split, settings: Settings, cache: Path, embeddings: Any = None) -> tuple[Any, int, float]:
    """An Assistant over the split's cached index, built if missing: (assistant, chunks, seconds)."""
    from .service import Assistant

    folder = cache / f"{split.name}-{corpus_key(split, settings)}"
    marker = folder / "complete"
    shutil.rmtree(folder / f"keyword-{settings.collection}", ignore_errors=True)  # rebuilt with today's terms
    assistant = Assistant(dataclasses.replace(settings, index=folder, today=None), embeddings=embeddings)
    started = time.perf_counter()
    if not marker.exists():  # passages only: claims are measured by their own tests, and cost time here
        report = Ingester(assistant.store, assistant.embeddings, assistant.settings).ingest(split.articles)
        marker.write_text(str(report.chunks))
    assistant.keyword.sync(assistant.store)
    return assistant, assistant.store.count(), time.perf_counter() - started


def open_baseline(split: Split, settings: Settings, cache: Path, embeddings: Any) -> tuple[Baseline, int, float]:
    """The tutorial pipeline's cached index, built if missing: (baseline, chunks, seconds)."""
    key = corpus_key(split, settings, f"langchain-{CHUNK_SIZE}/{CHUNK_OVERLAP}")  # not keyed by our chunking
    baseline = Baseline(cache / f"{split.name}-{key}-baseline", embeddings)
    started = time.perf_counter()
    chunks = baseline.build(split.articles)
    return baseline, chunks, time.perf_counter() - started


# -- running ---------------------------------------------------------------------------------------

def run_ours(assistant: Any, q: Question, base_settings: Settings) -> Row:
    """Search (top 10) and ask one question with our pipeline, as of the question's date."""
    from .extractive import answer_extractive

    assistant.settings = dataclasses.replace(base_settings, today=q.today)
    passages = assistant.search(q.text, 10)
    top = passages[:base_settings.top_k]
    answer = answer_extractive(q.text, top, assistant.embeddings, base_settings.abstain_threshold)
    routed = assistant.ask(q.text)  # the whole product path (claims answers may take the question)
    texts = {c.article_id: _article_text(assistant, c.article_id) for c in answer.citations}
    verbatim = sum(1 for c in answer.citations if (texts[c.article_id] or "")[c.start:c.end] == c.quote)
    return Row(q.id, q.kind, [canonical_url(p.url) for p in passages], [p.text for p in passages],
               answer.text, answer.abstained, len(answer.citations), verbatim, routed.abstained,
               bool(answer.disagreements))


def _article_text(assistant: Any, article_id: str) -> str | None:
    art = assistant.article(article_id)
    return art.text if art else None


def run_baseline(baseline: Baseline, q: Question) -> Row:
    hits = baseline.search(q.text, 10)
    return Row(q.id, q.kind, [canonical_url(h.url) for h in hits], [h.text for h in hits])


def evaluate(data: Path, settings: Settings, sample: int | None = None, only: str | None = None,
             cache: Path = DEFAULT_CACHE, with_baseline: bool = True,
             log: Callable[[str], None] = lambda s: None) -> list[Run]:
    """Build (or reuse) both indexes per split and run every question through both pipelines."""
    from .embeddings import embeddings_for

    embeddings = embeddings_for(settings)
    runs = []
    for split in load_splits(data, sample, only):
        run = Run(split)
        log(f"{split.name}: {len(split.questions)} questions, {len(split.articles)} articles")
        assistant, run.chunks["ours"], run.seconds["ours index"] = open_ours(split, settings, cache, embeddings)
        log(f"{split.name}: our index {run.chunks['ours']} chunks in {run.seconds['ours index']:.0f} s")
        started = time.perf_counter()
        run.ours = [run_ours(assistant, q, settings) for q in split.questions]
        run.seconds["ours questions"] = time.perf_counter() - started
        if with_baseline:
            baseline, run.chunks["baseline"], run.seconds["baseline index"] = open_baseline(
                split, settings, cache, embeddings)
            log(f"{split.name}: baseline index {run.chunks['baseline']} chunks in "
                f"{run.seconds['baseline index']:.0f} s")
            started = time.perf_counter()
            run.base = [run_baseline(baseline, q) for q in split.questions]
            run.seconds["baseline questions"] = time.perf_counter() - started
        runs.append(run)
    return runs


# -- measures --------------------------------------------------------------------------------------

def normal(text: str) -> str:
    """An answer or passage normalised as SQuAD's evaluation does, for "answer text found in" checks.

    Lower case; possessive "'s" dropped ("Venice's" is "venice"); periods and other apostrophes dropped
    ("D.C." is "dc", "don't" is "dont"); other punctuation (quotes, commas, dashes, "&") read as spaces;
    the articles a/an/the dropped; single spaces, with one at each end, so that
    `normal(answer) in normal(passage)` matches whole words only ("Meta" is not found in "metadata").
    """
    text = re.sub(r"['’‘]s\b", "", text.lower())
    text = re.sub(r"[.'’‘]", "", text)
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    words = [w for w in text.split() if w not in ("a", "an", "the")]
    return f" {' '.join(words)} " if words else ""


def _mean(values: list[float]) -> tuple[float | None, int]:
    return (sum(values) / len(values) if values else None), len(values)


def measures(split: Split, rows: list[Row]) -> dict[str, tuple[float | None, int]]:
    """Metric name -> (value, number of questions it is over)."""
    qs = {q.id: q for q in split.questions}
    gold = [(r, {canonical_url(u) for u in qs[r.id].gold_urls}) for r in rows
            if qs[r.id].gold_urls and r.kind != "null_query"]
    out: dict[str, tuple[float | None, int]] = {}
    for k in (1, 5, 10):
        out[f"gold-URL recall@{k}"] = _mean([float(any(u in g for u in r.urls[:k])) for r, g in gold])
    out["gold-URL MRR@10"] = _mean([next((1 / (i + 1) for i, u in enumerate(r.urls[:10]) if u in g), 0.0)
                                    for r, g in gold])
    if split.name == "realtimeqa":
        # evidence is a passage of an article published on or before the quiz date (see the corpus README):
        # a later article that gives the answer away does not count, for either pipeline
        published = {canonical_url(a.url): a.published_iso[:10] for a in split.articles}
        texts = {canonical_url(a.url): normal(a.text) for a in split.articles}

        def in_time(url: str, q: Question) -> bool:
            return not q.today or published.get(url, "") <= q.today.isoformat()

        passages = {r.id: [normal(t) for t in r.texts] for r in rows}

        def answered(r: Row, a: str, k: int) -> bool:
            return any(a in t for u, t in zip(r.urls[:k], passages[r.id][:k], strict=True) if in_time(u, qs[r.id]))

        answers = {r.id: normal(qs[r.id].answer) for r in rows}
        found = [(r, answers[r.id]) for r in rows if answers[r.id] and any(
            answers[r.id] in text for url, text in texts.items() if in_time(url, qs[r.id]))]
        for k in (1, 5, 10):
            out[f"answer-text recall@{k}"] = _mean([float(answered(r, a, k)) for r, a in found])
        # the same, over questions whose answer is in an article the quiz's search returned for them: elsewhere
        # the answer's words are in the corpus only by chance ("London" in an unrelated story)
        evidenced = [(r, a) for r, a in found if any(
            a in texts.get(canonical_url(u), "") and in_time(canonical_url(u), qs[r.id]) for u in qs[r.id].searched)]
        out["answer-text recall@5 (answer in the question's own articles)"] = _mean(
            [float(answered(r, a, 5)) for r, a in evidenced])
        out["answer contains gold"] = _mean([float(a in normal(r.answer)) for r, a in found if r.answer is not None])
    elif split.name == "rgb":
        out.update(_counterfactual(split, rows))
    else:
        out["all-sources@10 (comparison)"] = _mean([float(g <= set(r.urls[:10])) for r, g in gold
                                                    if r.kind == "comparison_query"])
        out.update(_abstention(rows))
        entity = [(r, normal(qs[r.id].answer)) for r in rows if r.answer is not None and r.kind != "null_query"
                  and normal(qs[r.id].answer).strip() not in YES_NO]
        out["answer contains gold (non yes/no)"] = _mean([float(a in normal(r.answer or "")) for r, a in entity])
    cited = [r for r in rows if r.cited]
    out["citations verbatim at offsets"] = ((sum(r.verbatim for r in cited) / sum(r.cited for r in cited))
                                            if cited else None, sum(r.cited for r in cited))
    return out


def _counterfactual(split: Split, rows: list[Row]) -> dict[str, tuple[float | None, int]]:
    """RGB: is the true answer found and said, is the false one said, and when both are, is the reader told?"""
    qs = {q.id: q for q in split.questions}

    def said(text: str | None, variants: tuple[str, ...]) -> bool:
        return any(normal(v) and normal(v) in normal(text or "") for v in variants)

    out = {"true answer in the top 5 passages": _mean(
        [float(any(said(t, qs[r.id].answers) for t in r.texts[:5])) for r in rows])}
    answered = [r for r in rows if r.answer is not None]
    if answered:
        both = [r for r in answered if said(r.answer, qs[r.id].answers) and said(r.answer, qs[r.id].false_answers)]
        out["answer gives the true answer"] = _mean([float(said(r.answer, qs[r.id].answers)) for r in answered])
        out["answer gives the false answer"] = _mean([float(said(r.answer, qs[r.id].false_answers)) for r in answered])
        out["answer gives the false answer alone"] = _mean(
            [float(said(r.answer, qs[r.id].false_answers) and not said(r.answer, qs[r.id].answers)) for r in answered])
        out["disagreement said, when both are given"] = _mean([float(r.disagreed) for r in both])
    return out


def _abstention(rows: list[Row]) -> dict[str, tuple[float | None, int]]:
    judged = [r for r in rows if r.abstained is not None]
    if not judged:
        return {name: (None, 0) for name in ("null abstained (recall)", "abstention precision", "answerable refused",
                                             "ask(): null abstained", "ask(): answerable refused")}
    nulls = [r for r in judged if r.kind == "null_query"]
    abstained = [r for r in judged if r.abstained]
    answerable = [r for r in judged if r.kind != "null_query"]
    return {
        "null abstained (recall)": _mean([float(bool(r.abstained)) for r in nulls]),
        "abstention precision": _mean([float(r.kind == "null_query") for r in abstained]),
        "answerable refused": _mean([float(bool(r.abstained)) for r in answerable]),
        "ask(): null abstained": _mean([float(bool(r.asked_abstained)) for r in nulls]),
        "ask(): answerable refused": _mean([float(bool(r.asked_abstained)) for r in answerable]),
    }


# -- report ----------------------------------------------------------------------------------------

def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def report_markdown(runs: list[Run], command: str = "") -> str:
    """The side-by-side Markdown report."""
    lines = ["# Evaluation report", ""]
    if command:
        lines += [f"Command: `{command}`", ""]
    for run in runs:
        ours, base = measures(run.split, run.ours), measures(run.split, run.base) if run.base else {}
        lines += [f"## {run.split.name}: {len(run.split.questions)} questions, {len(run.split.articles)} articles",
                  "", "| measure | n | ours | LangChain baseline | ours / baseline |", "| --- | --: | --: | --: | --: |"]
        for name, (value, n) in ours.items():
            if not n and not base.get(name, (None, 0))[1]:
                continue  # a measure this split has no questions for
            b = base.get(name, (None, 0))[0]
            ratio = f"{value / b:.2f}×" if value is not None and b else "—"
            lines.append(f"| {name} | {n} | {_fmt(value)} | {_fmt(b)} | {ratio} |")
        timing = ", ".join(f"{k} {v:.0f} s" for k, v in run.seconds.items())
        chunks = ", ".join(f"{k} {v}" for k, v in run.chunks.items())
        lines += ["", f"Chunks: {chunks}. Time: {timing}.", ""]
    return "\n".join(lines)


def report_json(runs: list[Run]) -> dict[str, Any]:
    """The same figures as plain data."""
    out: dict[str, Any] = {}
    for run in runs:
        pair = {"ours": measures(run.split, run.ours), "baseline": measures(run.split, run.base) if run.base else {}}
        out[run.split.name] = {
            "questions": len(run.split.questions), "articles": len(run.split.articles),
            "seconds": run.seconds, "chunks": run.chunks,
            **{side: {name: {"value": v, "n": n} for name, (v, n) in m.items()} for side, m in pair.items()},
        }
    return out
