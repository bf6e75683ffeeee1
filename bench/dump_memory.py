"""Peak memory (RSS) of reading and chunking a news dump: streaming vs loading it whole, 1x vs 4x its size.

    .venv/bin/python bench/dump_memory.py [DUMP.jsonl] [--times 4]

Makes, in a temp folder, the dump as a JSON array, and both repeated `--times` times; then runs each
(file, reader) pair in a fresh subprocess that reads every article and splits it into chunks (no
embedding) and reports its own peak RSS (`ru_maxrss`). "stream" is `iter_articles` (JSONL line by
line, JSON arrays record by record); "load" parses the whole file first (`json.load` style).
Streaming should stay flat as the file grows; loading grows with it.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realtimeqa" / "articles.jsonl"
LIMIT = 10**12  # no size limit: memory is what is measured


def rss_mb() -> float:
    """This process's peak RSS so far, from VmHWM (ru_maxrss would include the parent's, inherited at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path, mode: str) -> dict[str, float]:
    """Read and chunk one dump in this process; return counts, seconds and peak RSS."""
    from assistant.articles import Failure, article_from_record, iter_articles
    from assistant.chunking import split_article

    base = rss_mb()
    started = time.perf_counter()
    if mode == "stream":
        items = iter_articles([path], LIMIT)
    else:
        with path.open("rb") as handle:
            records = json.load(handle) if path.suffix == ".json" else [json.loads(line) for line in handle]
        items = (article_from_record(r) for r in records)
    articles = chunks = 0
    for item in items:
        if not isinstance(item, Failure):
            articles += 1
            chunks += len(split_article(item, 800, 200))
    return {"articles": articles, "chunks": chunks, "seconds": time.perf_counter() - started,
            "base_mb": base, "peak_mb": rss_mb()}


def make_files(source: Path, folder: Path, times: int) -> list[Path]:
    """The dump as JSONL and as a JSON array, each at 1x and `times`x its size."""
    files = []
    for n in (1, times):
        jsonl, array = folder / f"dump-{n}x.jsonl", folder / f"dump-{n}x.json"
        with jsonl.open("wb") as lines_out, array.open("wb") as array_out:
            array_out.write(b"[")
            first = True
            for _ in range(n):
                with source.open("rb") as handle:
                    for line in (raw.strip() for raw in handle):
                        if line:
                            lines_out.write(line + b"\n")
                            array_out.write((b"\n" if first else b",\n") + line)
                            first = False
            array_out.write(b"\n]\n")
        files += [jsonl, array]
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", nargs="?", default=str(CORPUS))
    parser.add_argument("--times", type=int, default=4)
    parser.add_argument("--one", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one[1]), args.one[0])))
        return
    print(f"| file | MB | reader | articles | chunks | s | RSS after imports MB | peak RSS MB |\n{'|---' * 8}|")
    with tempfile.TemporaryDirectory() as tmp:
        for path in make_files(Path(args.dump), Path(tmp), args.times):
            for mode in ("stream", "load"):
                out = subprocess.run([sys.executable, __file__, "--one", mode, str(path)], check=True,
                                     capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                print(f"| {path.name} | {path.stat().st_size / 1e6:.0f} | {mode} | {r['articles']:.0f} | "
                      f"{r['chunks']:.0f} | {r['seconds']:.1f} | {r['base_mb']:.0f} | {r['peak_mb']:.0f} |",
                      flush=True)


if __name__ == "__main__":
    main()
