"""Benchmarks: ingest throughput against the raw encoder, search/ask latency, filtered search, HNSW recall,
RSS and disk size, embedded and on a Chroma server, plus the LangChain tutorial pipeline as a baseline.

    python bench/run.py --sizes 1000,10000,100000 --ingest-size 1000 --rounds 3 --out bench/results.md

Ingest is measured with each backend of `--backends` (torch and the int8 ONNX copy), each against its
own raw encoder on the same chunks; the query path uses `--backend` (the settings' default).

Store and query figures reuse dev-corpus embeddings cached by `python bench/corpus.py` (vectors of
repeated copies get a little noise so that no two records are identical); ingest figures encode for real.
Prints a Markdown table; never asserts timings.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from assistant.claims import extract_claims  # noqa: E402
from assistant.ingest import BATCH_CHUNKS, holding_chunk, version_of  # noqa: E402
from assistant.retrieval import Filters  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.store import ArticleWrite, version_id  # noqa: E402
from bench.corpus import CACHE, chunk_texts, chunked, dev_articles, encoder, repeated  # noqa: E402
from tests.chroma_server import ChromaServer  # noqa: E402

QUESTIONS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realtimeqa" / "questions.jsonl"


def cached_unique(count: int) -> np.ndarray:
    """The cached torch vectors of the dev corpus's `count` chunks (full file or resumable parts), in order."""
    full = CACHE / f"realtimeqa-torch-{count}.npy"
    if full.exists():
        return np.load(full)
    parts = sorted(CACHE.glob(f"part-torch-{count}-*.npy"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if not parts:
        sys.exit(f"no cached vectors for the {count} dev-corpus chunks: run `python bench/corpus.py torch` first")
    return np.concatenate([np.load(p) for p in parts]).astype(np.float32)


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(xs, q)) * 1000 if xs else float("nan")


def disk(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def settings_for(mode: str, root: Path, server: ChromaServer | None, name: str):  # noqa: ANN201
    if mode == "server":
        assert server is not None
        return load_settings(env={}, index=str(root / f"{name}-local"), chroma_host="127.0.0.1",
                             chroma_port=server.port, collection=name)
    return load_settings(env={}, index=str(root / name), collection=name)


def build_store(app: Assistant, pairs, vectors: np.ndarray, n: int) -> tuple[float, np.ndarray, list[str]]:  # noqa: ANN001
    """Write n chunks with cached vectors (no encoding); returns seconds, the vectors and ids written."""
    rng = np.random.default_rng(0)
    all_vecs, all_ids, writes, t = [], [], [], time.perf_counter()
    for article, chunks, off in repeated(pairs, n):
        v = vectors[off:off + len(chunks)]
        if "~r" in article.id:  # a repeated copy: near-duplicate, not identical
            v = v + rng.normal(scale=0.01, size=v.shape).astype(np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
        writes.append(ArticleWrite(article, chunks, v, version_of(article), [], None, {}))
        all_vecs.append(v)
        all_ids += [version_id(c.id, version_of(article)) for c in chunks]  # the row ids the store writes
        if sum(len(w.chunks) for w in writes) >= 2000:
            app.store.write_articles(writes, replace=False)
            writes = []
    app.store.write_articles(writes, replace=False)
    app.keyword.sync(app.store)
    return time.perf_counter() - t, np.concatenate(all_vecs), all_ids


def query_figures(app: Assistant, questions: list[str], vecs: np.ndarray, ids: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    app.search(questions[0])  # warm
    app.embeddings.forget()  # every row's answers cold: no sentence vectors left from an earlier row
    search, ask, filt = [], [], []
    kinds = (Filters(sources=("cnn.com",)), Filters(sources=("theweek.co.uk",)),  # ~14% and ~2% of the chunks
             Filters(since=datetime(2025, 1, 1)))
    for i, q in enumerate(questions):
        t = time.perf_counter()
        app.search(q)
        search.append(time.perf_counter() - t)
        t = time.perf_counter()
        app.ask(q)
        ask.append(time.perf_counter() - t)
        f = kinds[i % len(kinds)]
        t = time.perf_counter()
        app.search(q, filters=f)
        filt.append(time.perf_counter() - t)
    out.update(search_p50=pct(search, 50), search_p95=pct(search, 95), ask_p50=pct(ask, 50),
               ask_p95=pct(ask, 95), filtered_p50=pct(filt, 50),
               filtered_p95=pct(filt, 95))
    qv = app.embeddings.encode(questions)
    exact = np.argsort(-(vecs @ qv.T), axis=0)[:10].T
    hit = 0
    for row, v in zip(exact, qv, strict=True):
        got = {h[0] for h in app.store.query_chunks(v, 10)}
        hit += len(got & {ids[j] for j in row})
    out["recall10"] = hit / (10 * len(questions))
    return out


def raw_encoder(model, texts: list[str]) -> float:  # noqa: ANN001
    t = time.perf_counter()
    for i in range(0, len(texts), BATCH_CHUNKS):
        model.encode_documents(texts[i:i + BATCH_CHUNKS])
    return len(texts) / (time.perf_counter() - t)


def langchain_tutorial(model, pairs, n: int, root: Path) -> float:  # noqa: ANN001
    from langchain_chroma import Chroma
    from langchain_core.documents import Document

    docs = [Document(page_content=f"{a.title}\n{c.text}", metadata={"source": a.source, "article_id": a.id})
            for a, cs, _ in repeated(pairs, n) for c in cs]
    t = time.perf_counter()
    Chroma.from_documents(docs, embedding=model, persist_directory=str(root / "langchain"))
    return len(docs) / (time.perf_counter() - t)


def ingest_figures(model, pairs, n: int, root: Path, server: ChromaServer, tag: str,  # noqa: ANN001
                   rounds: int) -> dict[str, Any]:
    """Chunks/s of each pipeline, median of `rounds` rounds; each round measures all four in turn, so that the
    machine's drift (a ~15 s run varies by ±5% here) hits the raw encoder and the pipelines alike."""
    arts = [a for a, _, _ in repeated(pairs, n)]
    texts = chunk_texts([(a, cs) for a, cs, _ in repeated(pairs, n)])
    claims = [(c, cs) for a, cs, _ in repeated(pairs, n) for c in extract_claims(a)]  # who said what
    runs: dict[str, list[float]] = {"raw": [], "embedded": [], "server": [], "langchain": []}
    for r in range(rounds):
        runs["raw"].append(raw_encoder(model, texts))
        for mode in ("embedded", "server"):
            app = Assistant(settings_for(mode, root, server, f"ingest{n}{tag}r{r}"), embeddings=model)
            report = app.ingest_articles(arts)
            runs[mode].append(report.chunks / report.seconds)
        runs["langchain"].append(langchain_tutorial(model, pairs, n, root / f"{tag}r{r}"))
    out = {k: float(np.median(v)) for k, v in runs.items()}
    for k in ("embedded", "server", "langchain"):  # the ratio within each round, then the median of those
        ratios = [x / raw for x, raw in zip(runs[k], runs["raw"], strict=True)]
        out[f"{k}_ratio"] = float(np.median(ratios))
        out[f"{k}_range"] = f"{min(ratios):.2f}–{max(ratios):.2f}"
    out.update(quotes=len(claims), quotes_alone=sum(holding_chunk(cs, c) is None for c, cs in claims))
    return out


def server_rss(server: ChromaServer) -> float:
    try:
        out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(server.proc.pid), "-p", str(server.proc.pid)],
                             capture_output=True, text=True, check=False).stdout
        return sum(int(x) for x in out.split()) / 1024
    except (OSError, ValueError, AttributeError):
        return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="store/query index sizes ('': ingest only, no cache needed)")
    ap.add_argument("--ingest-size", type=int, default=1000, help="chunks encoded for real (0: skip)")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=3, help="ingest rounds (medians are reported)")
    ap.add_argument("--backends", default="torch,onnx-fp32,onnx", help="embedding backends measured for ingest")
    ap.add_argument("--backend", default=load_settings(env={}).embedding_backend, help="backend of the query path")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    model = encoder(args.backend)
    pairs = chunked(dev_articles())
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    unique = cached_unique(sum(len(cs) for _, cs in pairs)) if sizes else np.zeros((0, 384), dtype=np.float32)
    pairs_cached, total = [], 0
    for a, cs in pairs:  # only articles whose vectors are cached
        if total + len(cs) > len(unique):
            break
        pairs_cached.append((a, cs))
        total += len(cs)
    questions = [json.loads(x)["question"] for x in QUESTIONS.read_text().splitlines()[: args.queries]]
    root = Path(tempfile.mkdtemp(prefix="na-bench-"))
    rows = []
    with ChromaServer(root / "server-data") as server:
        ing = {b: ingest_figures(encoder(b), pairs, args.ingest_size, root, server, b, args.rounds)
               for b in args.backends.split(",") if args.ingest_size}
        for n in sizes:
            for mode in ("embedded", "server"):
                app = Assistant(settings_for(mode, root, server, f"q{n}"), embeddings=model)
                secs, vecs, ids = build_store(app, pairs_cached, unique, n)
                figs = query_figures(app, questions, vecs, ids)
                size = disk(root / f"q{n}") if mode == "embedded" else disk(root / "server-data")
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                rows.append((n, mode, figs, secs, size, rss, server_rss(server) if mode == "server" else 0.0))
                print(n, mode, figs, file=sys.stderr)
    print_table(rows, ing, args, len(unique))
    shutil.rmtree(root, ignore_errors=True)


def print_table(rows, ing, args, n_unique: int) -> None:  # noqa: ANN001
    lines = []
    for backend, fig in ing.items():
        lines += [f"Ingest, {args.ingest_size} chunks encoded for real ({backend} backend; medians of "
                  f"{args.rounds} rounds):", "",
                  "| pipeline | chunks/s | ratio to raw encoder | ratio's range over the rounds |",
                  "| --- | --- | --- | --- |",
                  f"| raw encoder (same chunks, batches of {BATCH_CHUNKS}) | {fig['raw']:.1f} | 1.00 | |"]
        for k, label in (("embedded", "ours, embedded"), ("server", "ours, Chroma server"),
                         ("langchain", "LangChain tutorial `Chroma.from_documents`")):
            lines.append(f"| {label} | {fig[k]:.1f} | {fig[k + '_ratio']:.2f} | {fig[k + '_range']} |")
        lines += ["", f"Ingest also gives a vector to each of the {fig['quotes']:.0f} claim quotes of these articles "
                  "(who said what), pooled from its chunk's pass through the model; the "
                  f"{fig['quotes_alone']:.0f} that no chunk holds whole are encoded on their own.", ""]
    if rows:
        lines += [f"Store and query ({args.queries} realtimeqa questions, {args.backend} query encoder; vectors from "
                  f"{n_unique} cached unique chunks):", "",
                  "| chunks | mode | write s | search p50/p95 ms | ask p50/p95 ms | filtered search p50/p95 ms | "
                  "HNSW recall@10 | peak RSS MB (app / server) | disk MB |", "|" + " --- |" * 9]
    for n, mode, f, secs, size, rss, srss in rows:
        lines.append(f"| {n} | {mode} | {secs:.1f} | {f['search_p50']:.0f} / {f['search_p95']:.0f} | "
                     f"{f['ask_p50']:.0f} / {f['ask_p95']:.0f} | {f['filtered_p50']:.0f} / {f['filtered_p95']:.0f} | "
                     f"{f['recall10']:.3f} | "
                     f"{rss:.0f} / {srss:.0f} | {size:.0f} |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        machine = f"{platform.platform()}, {platform.processor() or 'cpu'}, 2 cores shared, Python {platform.python_version()}"
        cmd = "python bench/run.py " + " ".join(sys.argv[1:])
        Path(args.out).write_text(f"# Benchmarks\n\nMachine: {machine}\n\nCommand: `{cmd}`\n\n{text}\n")


if __name__ == "__main__":
    main()
