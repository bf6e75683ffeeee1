"""A bounded soak test: N concurrent chat sessions against the Gradio app for M minutes while an ingest runs.

Loopback only and stops by itself. It starts the app (`app.py`) on 127.0.0.1 over a fresh temporary index,
opens one `gradio_client.Client` per session (each its own Gradio session, so conversations are kept per
session, follow-ups included), and meanwhile uploads realtimeqa articles through the UI's upload handler in
a few files (the same process ingests while it answers). At the end it stops the app and checks the index:
chunk and article counts must be exactly what `split_article` gives for what was ingested.

    .venv/bin/python bench/soak.py --sessions 8 --minutes 5 --articles 120

Prints requests, errors, p50/p95/max latency and the count check; exits 1 on any error or mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "realtimeqa" / "articles.jsonl"
QUESTIONS = ["How long did Trump and Putin talk?", "What did Zelenskyy say about troop withdrawal?",
             "Where could a summit take place?", "What did the Kremlin say about a meeting?",
             "What happened with the baby formula shortage?", "Who won the election?",
             "What did the Federal Reserve decide about interest rates?", "What did Macron say?"]
FOLLOW_UPS = ["And what did he say after that?", "When was that?", "Why?"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_batches(folder: Path, articles: int, files: int) -> list[Path]:
    """The first `articles` realtimeqa articles split into `files` JSONL files."""
    with CORPUS.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(articles), handle, strict=False)]
    paths = []
    for i in range(files):
        path = folder / f"batch{i}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows[i::files]), encoding="utf-8")
        paths.append(path)
    return paths


def start_app(index: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWS_ASSISTANT_", "OPENAI_"))}
    env.update(NEWS_ASSISTANT_INDEX=str(index), NEWS_ASSISTANT_UI_HOST="127.0.0.1", NEWS_ASSISTANT_UI_PORT=str(port),
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    log = (index.parent / "app.log").open("wb")
    return subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def connect(url: str, deadline: float) -> Any:
    from gradio_client import Client

    while True:
        try:
            return Client(url, verbose=False)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def add(self, seconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def session(url: str, until: float, stats: Stats, seed: int) -> None:
    """One chat session: questions and follow-ups until the deadline, each timed."""
    rng = random.Random(seed)
    client = connect(url, until)
    history: list[Any] = []
    while time.monotonic() < until:
        question = rng.choice(FOLLOW_UPS) if history and rng.random() < 0.3 else rng.choice(QUESTIONS)
        started = time.monotonic()
        try:
            out = client.predict(question, history, "All outlets", "", "", "Any speaker", api_name="/respond")
            history = out[0] if isinstance(out, (list, tuple)) else []
            last = str(history[-1]["content"]) if history else ""
            error = "error reply: " + last[:200] if 'class="answer error"' in last or not last else ""
        except Exception as exc:  # a failed request is what we count, not a reason to stop
            error = f"{type(exc).__name__}: {exc}"[:300]
        stats.add(time.monotonic() - started, error)
        if len(history) > 12:
            history = []


def ingest(url: str, batches: list[Path], until: float, report: dict[str, Any]) -> None:
    """Upload the batches through the UI, one after another (an ingest running under the chat load)."""
    from gradio_client import handle_file

    client = connect(url, until)
    started = time.monotonic()
    for path in batches:
        try:
            client.predict([handle_file(str(path))], "", api_name="/upload")
        except Exception as exc:
            report.setdefault("errors", []).append(f"{path.name}: {type(exc).__name__}: {exc}"[:300])
    report["seconds"] = time.monotonic() - started


def check_counts(index: Path, batches: list[Path]) -> dict[str, Any]:
    """Chunks and articles stored vs. what the ingested files (and the bundled sample) give."""
    sys.path.insert(0, str(ROOT))
    from assistant.articles import iter_articles
    from assistant.chunking import split_article
    from assistant.ingest import text_hash
    from assistant.models import Article
    from assistant.settings import load_settings
    from assistant.store import Store

    settings = load_settings(env={}, index=str(index))
    want: dict[str, Article] = {}  # in ingest order: a later text of the same id updates it
    owner: dict[str, str] = {}  # text hash -> article id; the same text under another id is a duplicate
    for item in iter_articles([ROOT / "assistant" / "samples", *batches], 10**9, 1.0):
        if isinstance(item, Article) and owner.setdefault(text_hash(item), item.id) == item.id:
            want[item.id] = item
    chunks = sum(len(split_article(a, settings.chunk_chars, settings.chunk_overlap_chars)) for a in want.values())
    store = Store(settings)
    got_articles, got_chunks = len(store.list_articles()), store.count()
    return {"articles": got_articles, "articles_expected": len(want), "chunks": got_chunks,
            "chunks_expected": chunks, "ok": got_articles == len(want) and got_chunks == chunks}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=8)
    p.add_argument("--minutes", type=float, default=5.0)
    p.add_argument("--articles", type=int, default=120, help="realtimeqa articles to ingest during the soak")
    p.add_argument("--files", type=int, default=4, help="uploads the articles are split into")
    p.add_argument("--startup", type=float, default=240, help="seconds the app may take to start")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    index, port = work / "index", free_port()
    url = f"http://127.0.0.1:{port}/"
    batches = write_batches(work, args.articles, args.files)
    app = start_app(index, port)
    try:
        connect(url, time.monotonic() + args.startup)
        until = time.monotonic() + args.minutes * 60
        stats, ingested = Stats(), dict[str, Any]()
        threads = [threading.Thread(target=session, args=(url, until, stats, i), daemon=True)
                   for i in range(args.sessions)]
        threads.append(threading.Thread(target=ingest, args=(url, batches, until, ingested), daemon=True))
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.minutes * 60 + 600)  # an ingest still running at the deadline is waited for
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
    counts = check_counts(index, batches)
    lat = sorted(stats.latencies)
    result = {
        "sessions": args.sessions, "minutes": args.minutes, "requests": len(lat), "errors": len(stats.errors),
        "p50_s": round(percentile(lat, 50), 3), "p95_s": round(percentile(lat, 95), 3),
        "max_s": round(max(lat, default=0.0), 3), "ingest": ingested, "counts": counts, "work": str(work),
        "first_errors": stats.errors[:5],
    }
    print(json.dumps(result, indent=2))
    return 0 if not stats.errors and counts["ok"] and not ingested.get("errors") else 1


if __name__ == "__main__":
    sys.exit(main())
