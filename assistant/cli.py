"""The command line: `python -m assistant ingest|refresh|search|ask|claims|delete|repair|reprocess|articles|eval ...`.

Argument parsing, JSON output, progress bars and exit codes only: every command calls the same
`Assistant` methods as the UI. Library errors become one-line messages on stderr (exit 2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AssistantError
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .ingest import IngestReport


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", help="index folder (default: index/ or NEWS_ASSISTANT_INDEX)")
    p.add_argument("--json", action="store_true", help="print JSON (one object a line)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="News Assistant: cited answers over news.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="add articles: files, folders, JSON/JSONL dumps, HTML, URLs, feeds")
    p.add_argument("paths", nargs="+")
    _common(p)
    for name in ("search", "ask"):
        p = sub.add_parser(name, help=f"{name} the articles")
        p.add_argument("text", nargs="?", help="the query or question")
        p.add_argument("--batch", help='JSONL file of {"id", "question"} objects')
        p.add_argument("-k", type=_passage_count, help="number of passages (1–100)")
        p.add_argument("--source", action="append", help="only this outlet (repeatable)")
        p.add_argument("--since", help="only articles published on or after this date (YYYY-MM-DD)")
        p.add_argument("--until", help="only articles published on or before this date (YYYY-MM-DD)")
        p.add_argument("--today", help="the date that 'this week' or 'latest' are relative to")
        _common(p)
    p = sub.add_parser("claims", help="list who said what")
    p.add_argument("--speaker", help="only this speaker (name, surname or alias)")
    _common(p)
    p = sub.add_parser("refresh", help="re-read every ingested feed and add its new or changed entries")
    _common(p)
    p = sub.add_parser("delete", help="remove an article by id or URL")
    p.add_argument("refs", nargs="+")
    _common(p)
    p = sub.add_parser("repair", help="reclaim what killed ingests left (run while no ingest is writing)")
    _common(p)
    p = sub.add_parser("reprocess", help="after an upgrade, process stored articles again where it changed "
                                         "their data (claims), from their stored text")
    _common(p)
    p = sub.add_parser("articles", help="list indexed articles")
    _common(p)
    p = sub.add_parser("eval", help="measure retrieval and answers on a dev corpus, against the LangChain baseline")
    p.add_argument("data", help="corpus folder holding realtimeqa/, multihop/ and/or rgb/ (or one of them)")
    p.add_argument("--split-name", choices=["realtimeqa", "multihop", "rgb"], help="only this split")
    p.add_argument("--sample", type=int, help="realtimeqa: whole quiz weeks until N questions")
    p.add_argument("--index-cache", help="where built indexes are cached (default ~/.cache/news-assistant/eval)")
    p.add_argument("--no-baseline", action="store_true", help="skip the LangChain baseline")
    p.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    return parser


def _passage_count(value: str) -> int:
    n = int(value) if value.strip().lstrip("-").isdigit() else 0
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 100, got {value!r}")
    return n


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(index=getattr(args, "index", None), today=getattr(args, "today", None))
        code = COMMANDS[args.command](args, settings)
        sys.stdout.flush()  # a reader that closed the pipe early shows here, where it is handled
        return code
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `assistant articles | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


def _assistant(settings: Settings, create: bool = False) -> Any:
    """The assistant on the settings' index; one that reads (not `create`) wants the index folder to exist, so a
    mistyped --index is an error instead of a new, empty index."""
    from .service import Assistant

    if not create:
        _check_index(settings)
    return Assistant(settings)


def _check_index(settings: Settings) -> None:
    if not settings.server_mode and not settings.index.exists():
        raise AssistantError(f"no index at '{settings.index}': check --index, or ingest articles there first")


def _emit(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings, create=True)
    return _run_ingest(args, lambda bar: assistant.ingest(args.paths, progress=bar))


def cmd_reprocess(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings)
    return _run_ingest(args, lambda bar: assistant.reprocess(progress=bar))


def _run_ingest(args: argparse.Namespace, run: Callable[[Any], IngestReport]) -> int:
    """Run an ingest with a progress bar on a terminal, then print its report (or its JSON)."""
    bar = None if args.json or not sys.stderr.isatty() else _progress_bar()
    report = run(bar)
    if bar:
        bar(None)
    if args.json:
        _emit(report.to_json())
    else:
        print(f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
              f"duplicate {len(report.duplicate)}, failed {len(report.failed)}; {report.chunks} chunks "
              f"in {report.seconds:.1f} s")
        _print_items(report)
    return 1 if report.failed and not report.articles else 0


def _print_items(report: Any) -> None:
    """An ingest report's failures, duplicates (each with the article it repeats) and the feed entries stored from
    their summaries, a line each."""
    for failure in report.failed:
        print(f"failed: {failure.name}: {failure.reason}")
    for duplicate in report.duplicates:
        print(f"duplicate: {duplicate.name}: {duplicate.reason}")
    for entry in report.summary_only:
        print(f"summary only: {entry.name}: stored from the feed's summary ({entry.reason})")
    for warning in report.warnings:
        print(f"warning: {warning.name}: {warning.reason}")


def _progress_bar() -> Any:
    from tqdm import tqdm

    bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)
    shown = [0.0]  # elapsed seconds at the last redraw

    def update(report: Any) -> None:
        if report is None:
            bar.close()
            return
        bar.n = report.articles + len(report.failed)
        elapsed = bar.format_dict["elapsed"]
        bar.set_postfix_str(f"{report.chunks} chunks, {report.chunks / max(elapsed, 1e-6):.1f} chunks/s",
                            refresh=False)
        if elapsed - shown[0] >= 0.1:  # skipping unchanged articles calls this thousands of times a second
            shown[0] = elapsed
            bar.refresh()

    return update


def _queries(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The query given, or every line of the --batch file, all read and checked before any is answered (a bad
    line found half-way through a long run would leave it half done)."""
    if args.batch and args.text:
        raise AssistantError("give a query or --batch FILE, not both")
    if not args.batch:
        if not (args.text or "").strip():  # spaces alone ask nothing
            raise AssistantError("give a query or --batch FILE")
        return [{"question": args.text}]
    try:
        lines = Path(args.batch).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise AssistantError(f"{args.batch}: no such batch file") from None
    except IsADirectoryError:
        raise AssistantError(f"{args.batch}: a folder, not a batch file (JSONL)") from None
    except UnicodeDecodeError as exc:
        raise AssistantError(f"{args.batch}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise AssistantError(f"{args.batch}: cannot read it ({exc.strerror})") from None
    records = []
    for lineno, line in enumerate(lines, start=1):
        if line.strip():
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AssistantError(f"{args.batch}:{lineno}: malformed JSON line: {exc.msg} "
                                     f"(column {exc.colno}); nothing was answered") from None
            records.append(_batch_record(record, f"{args.batch}:{lineno}"))
    return records


def _batch_record(record: Any, where: str) -> dict[str, Any]:
    """A batch line checked: an object whose question is text and whose history, if any, is a list of the
    earlier questions (a string there would be read letter by letter)."""
    if not isinstance(record, dict):
        raise AssistantError(f"{where}: expected a JSON object like {{\"id\": 1, \"question\": \"...\"}}")
    for key in ("question", "query"):
        if key in record and not isinstance(record[key], str):
            raise AssistantError(f"{where}: {key!r} must be a string")
    history = record.get("history")
    if history is not None and not (isinstance(history, list) and all(isinstance(h, str) for h in history)):
        raise AssistantError(f"{where}: 'history' must be a list of the earlier questions (strings)")
    replies = record.get("replies")
    if replies is not None and not (isinstance(replies, list) and all(isinstance(r, str) for r in replies)):
        raise AssistantError(f"{where}: 'replies' must be a list of the earlier answers (strings)")
    return record


def _filters(args: argparse.Namespace) -> Any:
    from .articles import parse_date
    from .retrieval import Filters

    def day(value: str | None, end: bool) -> datetime | None:
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise AssistantError(f"invalid date {value!r}: expected YYYY-MM-DD")
        return parsed.replace(hour=23, minute=59, second=59) if end and len(value) <= 10 else parsed

    return Filters(tuple(args.source or ()), day(args.since, False), day(args.until, True))


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    queries, filters = _queries(args), _filters(args)
    assistant = _assistant(settings)
    for q in queries:
        query = str(q.get("question") or q.get("query") or "")
        passages = assistant.search(query, args.k, filters)
        if args.json or args.batch:
            _emit({**({"id": q["id"]} if "id" in q else {}), "query": query,
                   "passages": [p.to_json() for p in passages]})
        else:
            for p in passages:
                print(f"[{p.rank}] {p.score:.4f}  {p.title} — {p.source} {p.published[:10]}\n    {p.text[:300]}\n")
            if not passages:
                print("No passages found" + (f" ({filters.describe()})." if not filters.empty else "."))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    queries, filters = _queries(args), _filters(args)
    assistant = _assistant(settings)
    for q in queries:
        question = str(q.get("question") or "")
        answer = assistant.ask(question, list(q.get("history") or []), filters, list(q.get("replies") or []))
        if args.json or args.batch:
            _emit({**({"id": q["id"]} if "id" in q else {}), **answer.to_json()})
        else:
            print(render_answer(answer))
    return 0


def render_answer(answer: Any) -> str:
    """A plain-text answer with its sources, for the terminal."""
    lines = [answer.text, ""]
    if answer.notice:
        lines.append(f"note: {answer.notice}")
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.title} — {c.source} {c.published[:10]} {c.url}\n    “{c.quote}”")
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines.append(f"(understood as: {answer.standalone_question})")
    # the mode that answered: a fallback to quoted passages is "extractive" whatever the settings say
    lines.append(f"mode: {answer.mode}" + (f" ({answer.model})" if answer.mode == "llm" and answer.model else ""))
    return "\n".join(lines)


def cmd_claims(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings)
    claims = assistant.claims(args.speaker)
    for claim in claims:
        if args.json:
            _emit(claim.to_json())
        else:
            role = f" ({claim.role})" if claim.role else ""
            print(f"{claim.speaker}{role} [{claim.kind}] {claim.published[:10]}: “{claim.quote}”")
    if not claims and not args.json:  # (JSON lines: none is an empty output)
        print(f"No statements by {args.speaker} in the index." if args.speaker else "No statements in the index.")
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings)
    missing = 0
    for ref in args.refs:
        removed = assistant.delete(ref)
        missing += not removed
        if args.json:
            _emit({"ref": ref, "deleted": removed})
        else:
            print(f"{'deleted' if removed else 'not found'}: {ref}", file=sys.stdout if removed else sys.stderr)
    return 1 if missing else 0


def cmd_repair(args: argparse.Namespace, settings: Settings) -> int:
    from .store import Store

    _check_index(settings)
    removed = Store(settings).repair()
    if args.json:
        _emit({"removed": removed})
    else:
        print(f"removed {removed} chunks and claims of articles never committed")
    return 0


def cmd_refresh(args: argparse.Namespace, settings: Settings) -> int:
    done = _assistant(settings).refresh()
    for feed in done:
        r = feed.report
        if args.json:
            _emit(feed.to_json())
            continue
        print(f"{feed.feed.title or feed.feed.url} ({feed.feed.url}): added {len(r.added)}, "
              f"updated {len(r.updated)}, unchanged {len(r.unchanged)}, duplicate {len(r.duplicate)}, "
              f"failed {len(r.failed)}")
        _print_items(r)
    if not done and not args.json:
        print("no feeds to refresh: ingest a feed URL or feed file first")
    return 1 if any(f.report.failed and not f.report.articles for f in done) else 0


def cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings)
    for row in assistant.articles():
        if args.json:
            _emit(row)
        else:
            print(f"{row['id']}  {str(row.get('published', ''))[:10]:10}  {row.get('source', ''):20.20}  "
                  f"{row.get('title', '')}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluation import DEFAULT_CACHE, evaluate, report_json, report_markdown

    data = Path(args.data)
    if not data.is_dir():
        raise AssistantError(f"cannot read {args.data!r}: not a folder")
    cache = Path(args.index_cache).expanduser() if args.index_cache else DEFAULT_CACHE
    runs = evaluate(data, settings, args.sample, args.split_name, cache, not args.no_baseline,
                    log=lambda line: print(line, file=sys.stderr, flush=True))
    if not runs:
        raise AssistantError(f"no realtimeqa/ or multihop/ questions found in {args.data!r}")
    if args.json:
        _emit(report_json(runs))
    else:
        print(report_markdown(runs, "python -m assistant " + " ".join(sys.argv[1:])))
    return 0


COMMANDS = {"ingest": cmd_ingest, "search": cmd_search, "ask": cmd_ask, "claims": cmd_claims,
            "delete": cmd_delete, "articles": cmd_articles, "eval": cmd_eval, "refresh": cmd_refresh,
            "repair": cmd_repair, "reprocess": cmd_reprocess}
