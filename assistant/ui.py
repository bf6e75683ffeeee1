"""The Gradio UI: chat with cited answers, a sources panel, filters, export and the article library.

`build(assistant)` makes the Blocks; `launch(settings)` builds the Assistant once (ingesting the bundled
sample into an empty index) and serves it. All HTML comes from `ui_render` (escaped there); the page
script `static/ui.js` opens a cited article when a [n] chip is clicked, with no server round trip.
Holds no retrieval or answering logic: every question goes to `Assistant.ask_stream`.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.components.chatbot import ExampleMessage

from . import ui_render as render
from .articles import TEXT_SUFFIXES, Failure, read_text_file
from .conversation import OWN_SPEAKER, reply_of
from .errors import AssistantError, InputError
from .ingest import IngestReport
from .models import Answer, Article
from .retrieval import Filters
from .service import Assistant
from .settings import Settings
from .ui_auth import load_users, make_checker

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent
UPLOAD_TYPES = (".txt", ".md", ".html", ".json", ".jsonl")
EXAMPLES = ["How long did Trump and Putin talk?", "What did Zelenskyy say about troop withdrawal?",
            "Compare what Trump and Putin said about a ceasefire"]
ALL_OUTLETS, ANY_SPEAKER = "All outlets", "Any speaker"
PANEL_TURNS = 20  # answers whose sources stay clickable in the panel
LIBRARY_HEADERS = ["Title", "Outlet", "Date", "Chunks", "Claims", "ID"]


@dataclass
class Conversation:
    """One browser session's chat: answers in order, what the user typed, the articles they cite."""

    answers: list[Answer] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)  # article id -> Article
    scopes: list[str] = field(default_factory=list)  # each answer's filters ("filters: outlet Reuters"), or ""


def page_options() -> dict[str, Any]:
    """The launch() options that style the page and load the citation script (Gradio 6 takes them there)."""
    theme = gr.themes.Default(primary_hue="red", neutral_hue="stone",
                              font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
                              font_mono=["ui-monospace", "monospace"])
    js = (PACKAGE / "static" / "ui.js").read_text(encoding="utf-8")
    return {"theme": theme, "css": (PACKAGE / "static" / "ui.css").read_text(encoding="utf-8"),
            "head": f"<script>{js}</script>"}


def parse_day(value: str, name: str, end: bool = False) -> datetime | None:
    """A YYYY-MM-DD filter as a UTC datetime (the end of that day for `until`)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise InputError(f"'{name}' must be a date like 2025-05-19, got {value!r}") from None
    return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)


def make_filters(outlet: str | None, since: str, until: str) -> Filters:
    sources = (outlet,) if outlet and outlet != ALL_OUTLETS else ()
    return Filters(sources=sources, since=parse_day(since, "since"), until=parse_day(until, "until", end=True))


def scope_text(outlet: str | None, since: str, until: str, speaker: str | None) -> str:
    """A short 'filters: …' line so the reader sees what narrowed the answer."""
    parts = [f"outlet {outlet}" if outlet and outlet != ALL_OUTLETS else "", f"since {since}" if since else "",
             f"until {until}" if until else "", f"speaker {speaker}" if speaker and speaker != ANY_SPEAKER else ""]
    shown = [p for p in parts if p]
    return "filters: " + ", ".join(shown) if shown else ""


FILTERS = "Filters (kept for the questions that follow)"


def filters_label(outlet: str | None, since: str, until: str, speaker: str | None) -> str:
    """The Filters bar's title, naming the filters set, so that a closed bar still shows what narrows answers."""
    scope = scope_text(outlet, since.strip(), until.strip(), speaker)
    return f"Filters — {scope.removeprefix('filters: ')} (kept for the questions that follow)" if scope else FILTERS


def with_speaker(question: str, speaker: str | None) -> str:
    """The question aimed at the chosen speaker, unless it names them already or asks what someone else said
    ("What did Tom Hale say?" with Maria Lind chosen is about Tom Hale)."""
    if not speaker or speaker == ANY_SPEAKER:
        return question
    if speaker.split()[-1].lower() in question.lower() or OWN_SPEAKER.search(question):
        return question
    topic = re.sub(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+|^\s*and\s+(?:about\s+)?", "", question.rstrip(" ?"),
                   flags=re.I)  # "What about dairy?": about dairy
    return f"What did {speaker} say about {topic[:1].lower() + topic[1:]}?"


def safe_name(name: str) -> str:
    """A file's basename with only letters, digits, '.', '_' and '-' (no folders, no leading dots); a name with
    none of those before its type ("日本語.txt") is "upload.txt"."""
    base = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = base.rpartition(".") if re.fullmatch(r"[^.]+\.[A-Za-z0-9]{1,8}", base.lstrip(".")) else (base, "", "")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")
    return f"{stem[-120:] or 'upload'}{dot}{suffix}"


def save_upload(src: Path, folder: Path, max_bytes: int) -> Path:
    """Copy an uploaded file into `folder` under a safe name, after checking its type and size."""
    name = safe_name(src.name)
    if Path(name).suffix.lower() not in UPLOAD_TYPES:
        raise InputError(f"cannot ingest {name!r}: only {', '.join(UPLOAD_TYPES)} files are accepted")
    if src.stat().st_size > max_bytes:
        raise InputError(f"cannot ingest {name!r}: larger than {max_bytes // 1_000_000} MB")
    folder.mkdir(parents=True, exist_ok=True)
    dest = _free_name(folder, name, src).resolve()
    if dest.parent != folder.resolve():
        raise InputError(f"cannot ingest {name!r}: bad file name")
    shutil.copyfile(src, dest)
    return dest


def _free_name(folder: Path, name: str, src: Path) -> Path:
    """Where an upload is saved: under its own name, unless another story was uploaded under it before. A .txt or
    .md file's article is known by its path, so an edited file replaces its earlier version, but a different story
    that happens to share the name ("article.txt") must not: it goes to "article-2.txt"."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in itertools.count(1):
        dest = folder / (name if n == 1 else f"{stem}-{n}{suffix}")
        if not dest.exists() or suffix.lower() not in TEXT_SUFFIXES or _same_story(dest, src):
            return dest
    raise AssertionError("unreachable")


def _same_story(saved: Path, upload: Path) -> bool:
    """Whether two text files are versions of one story: the same title (a file that is no story is none)."""
    try:
        return read_text_file(saved, saved.read_bytes()).title == read_text_file(upload, upload.read_bytes()).title
    except (InputError, OSError):
        return False


def without_folder(text: str, folder: Path) -> str:
    """The message with the server-side upload folder dropped from paths, so a file is named as uploaded."""
    for prefix in (str(folder.resolve()), str(folder)):  # resolved first: it may contain the relative form
        text = text.replace(prefix + os.sep, "")
    return text


def failure_text(failure: Failure, name: str, folder: Path) -> str:
    """One failure of uploaded file `name`, saying which line or record of the file when it is one."""
    where, reason = without_folder(failure.name, folder), without_folder(failure.reason, folder)
    line = re.fullmatch(re.escape(name) + r":(\d+)", where)  # a .jsonl line: "feed.jsonl:3"
    record = re.fullmatch(re.escape(name) + r"\[(\d+)\]", where)  # a .json array item: "feed.json[0]"
    if line:
        return f"line {line.group(1)} failed: {reason}"
    if record:
        return f"record {int(record.group(1)) + 1} failed: {reason}"
    return reason if where == name else f"{where} failed: {reason}"


def outcome(name: str, report: IngestReport, folder: Path) -> tuple[str, str, str]:
    """(file, status, detail) for one file ingested from the upload `folder` (a path never shown).

    Articles added from a file with some bad lines are reported as "partly added", with each failure."""
    failed = [failure_text(f, name, folder) for f in report.failed]
    warned = [without_folder(w.reason, folder) for w in report.warnings]
    for status, ids in (("added", report.added), ("updated", report.updated)):
        if ids:
            detail = f"{len(ids)} article(s), {report.chunks} chunks"
            return name, f"partly {status}" if failed else status, "; ".join([detail, *warned, *failed])
    if failed:
        return name, "failed", "; ".join(failed)
    if report.duplicate:
        return name, "duplicate", "the same text is already indexed under another name"
    if report.unchanged:
        return name, "unchanged", "already indexed"
    return name, "failed", "no article found in the file"


class UI:
    """The event handlers, sharing one Assistant across sessions."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        s = assistant.settings
        self.upload_dir = Path(s.upload_dir) if s.upload_dir else s.index / "uploads"
        self.export_dir = Path(tempfile.mkdtemp(prefix="news-assistant-export-"))
        self.writing = threading.Lock()  # one ingest or delete at a time; questions run concurrently

    def status_html(self) -> str:
        a = self.assistant
        n = len(a.articles())
        return (f'<span class="status">{n} article{"s" if n != 1 else ""} indexed · answers: '
                f"{render.mode_badge(a.mode, a.model_name)}</span>")

    def respond(self, message: str, history: list[dict[str, Any]], conv: Conversation, outlet: str | None,
                since: str, until: str, speaker: str | None) -> Iterator[tuple[Any, ...]]:
        """Stream one answer into the chat, then refresh the sources panel and the export file."""
        message = " ".join((message or "").split())
        if not message:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        history = [*history, {"role": "user", "content": render.esc(message)},
                   {"role": "assistant", "content": render.partial_html("")}]
        yield history, conv, gr.skip(), gr.skip(), ""
        try:
            filters = make_filters(outlet, since, until)
            question = with_speaker(message, speaker)
            speaker = speaker if question != message else None  # not applied: "What did Tom Hale say?" as asked
            previous = [a.standalone_question or a.question for a in conv.answers]
            replies = [reply_of(a) for a in conv.answers]  # whom each answer named
            for partial, final in self.assistant.ask_stream(question, history=previous, filters=filters,
                                                            replies=replies):
                if final is None:
                    history[-1] = {"role": "assistant", "content": render.partial_html(partial)}
                    yield history, conv, gr.skip(), gr.skip(), gr.skip()
                    continue
                scope = scope_text(outlet, since, until, speaker)
                conv = self._record(conv, final, message, scope)
                history[-1] = {"role": "assistant", "content": render.answer_html(
                    final, len(conv.answers), self.assistant.model_name, message, scope)}
                yield history, conv, self.panel(conv), self.export(conv), gr.skip()
        except AssistantError as exc:  # (a bad filter date): the question goes back in the box, to ask again
            history[-1] = {"role": "assistant", "content": render.error_html(str(exc))}
            yield history, conv, gr.skip(), gr.skip(), message
        except Exception:
            log.exception("answering failed")
            history[-1] = {"role": "assistant", "content": render.error_html(
                "Something went wrong while answering; the server log has the details.")}
            yield history, conv, gr.skip(), gr.skip(), gr.skip()

    def _record(self, conv: Conversation, answer: Answer, typed: str, scope: str = "") -> Conversation:
        articles = dict(conv.articles)
        for c in answer.citations:
            if c.article_id not in articles:
                art = self.assistant.article(c.article_id)
                if art is not None:
                    articles[c.article_id] = art
        return Conversation([*conv.answers, answer], [*conv.typed, typed], articles, [*conv.scopes, scope])

    @staticmethod
    def panel(conv: Conversation) -> str:
        last = len(conv.answers)
        parts = [render.sources_html(a, conv.articles, turn=i, visible=i == last)
                 for i, a in enumerate(conv.answers, start=1)][-PANEL_TURNS:]
        return render.sources_panel(parts)

    def export(self, conv: Conversation) -> Any:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = Path(tempfile.mkdtemp(dir=self.export_dir))
        path = folder / f"news-conversation-{stamp}.md"
        path.write_text(render.conversation_markdown(conv.answers, conv.scopes), encoding="utf-8")
        return gr.DownloadButton(value=str(path), interactive=True)

    def reset(self) -> tuple[Any, ...]:
        return [], Conversation(), render.sources_panel([]), gr.DownloadButton(value=None, interactive=False), ""

    # -- library ---------------------------------------------------------------------------------

    def examples(self) -> list[ExampleMessage]:
        """The example questions under an empty chat, fitting the library as it is now."""
        return [ExampleMessage(text=q) for q in self.assistant.example_questions(EXAMPLES)]

    LIBRARY_PARTS = 6  # what library() returns

    def library(self, query: str = "") -> tuple[Any, ...]:
        """Table, delete choices, outlet and speaker choices, the status line and the chat's example questions (an
        upload or a deletion changes whom they ask about), all fresh; a store that cannot be read (a Chroma server
        down) is a message naming it, not a bare "Error"."""
        try:
            return self._library(query)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None

    def _library(self, query: str) -> tuple[Any, ...]:
        rows = self.assistant.articles()
        table = render.library_rows(rows, query)
        choices = [(f"{r[0]} — {r[1] or 'no outlet'} ({r[5]})", r[5]) for r in render.library_rows(rows)]
        outlets = sorted({str(r.get("source")) for r in rows if r.get("source")}, key=str.lower)
        speakers = [(f"{name} ({n})", name) for name, n in self.assistant.speakers().items()]
        query = (query or "").strip()
        label = f"No article matches “{query}”." if query and not table else \
            f"{len(table)} of {len(rows)} articles" if query else f"{len(rows)} articles"
        return (gr.Dataframe(value=table, headers=LIBRARY_HEADERS, label=label, show_label=True),
                gr.Dropdown(choices=choices, value=None),
                gr.Dropdown(choices=[ALL_OUTLETS, *outlets]), gr.Dropdown(choices=[(ANY_SPEAKER, ANY_SPEAKER), *speakers]),
                self.status_html(), gr.Chatbot(examples=self.examples()))  # the conversation itself is left as it is

    def delete(self, article_id: str | None, query: str, confirmed: bool = True) -> tuple[Any, ...]:
        if article_id and not confirmed:  # declined in the browser's confirmation: the choice stays as it was
            return ("Nothing was deleted.", *(gr.skip() for _ in range(self.LIBRARY_PARTS)))
        if not article_id:
            return ("Choose an article to delete first.", *self.library(query))
        try:
            article = self.assistant.article(article_id)
            with self.writing:
                removed = self.assistant.delete(article_id)
        except AssistantError as exc:
            return (f"Nothing was deleted: {exc}", *(gr.skip() for _ in range(self.LIBRARY_PARTS)))
        named = f"“{article.title}” ({article_id})" if article and article.title else article_id
        return (f"Deleted {named}." if removed else f"{article_id} was not in the index.", *self.library(query))

    def upload(self, files: list[str] | None, query: str, progress: Any = None) -> tuple[Any, ...]:
        """Copy each file into the upload folder, ingest it, and report per file; the copy of a file that fails is
        removed again (the user's own file is never touched)."""
        progress = progress or gr.Progress()
        results: list[tuple[str, str, str]] = []
        paths = [Path(f) for f in files or []]
        for i, src in enumerate(paths):
            name = safe_name(src.name)
            progress((i, len(paths)), desc=f"Ingesting {name}")
            def tick(report: IngestReport, i: int = i, name: str = name) -> None:
                progress((i, len(paths)), desc=f"{name}: {report.chunks} chunks embedded")

            saved = {p.name for p in self.upload_dir.iterdir()} if self.upload_dir.is_dir() else set()
            dest = None
            try:
                dest = save_upload(src, self.upload_dir, self.assistant.settings.max_file_mb * 1_000_000)
                with self.writing:
                    results.append(outcome(name, self.assistant.ingest([dest], progress=tick), self.upload_dir))
            except AssistantError as exc:
                results.append((name, "failed", without_folder(str(exc), self.upload_dir)))
            if dest is not None and results[-1][1] == "failed" and dest.name not in saved:
                dest.unlink(missing_ok=True)  # the copy made for this upload only; one saved before backs an article
        progress((len(paths), len(paths)), desc="Done")
        try:
            parts = self._library(query)
        except AssistantError:  # each file's result already says why (a Chroma server down)
            parts = tuple(gr.skip() for _ in range(self.LIBRARY_PARTS))
        return (render.ingest_results_html(results), None, *parts)


def build(assistant: Assistant) -> gr.Blocks:
    """The Blocks app over one Assistant; launch it with `**page_options()` for the look and the script."""
    ui = UI(assistant)
    with gr.Blocks(title="News Assistant", analytics_enabled=False) as demo:
        conv = gr.State(Conversation())
        with gr.Row(elem_id="masthead", equal_height=True):
            gr.HTML("<h1>News Assistant</h1><p>Questions answered from your news articles, each with the "
                    "sources you can check.</p>", scale=3, min_width=300)
            status = gr.HTML(ui.status_html(), scale=1, min_width=200, elem_id="status")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"), gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=330):
                    chatbot = gr.Chatbot(elem_id="chatbot", height=560, show_label=False, autoscroll=False,  # ui.js: from its start
                                         examples=ui.examples(), feedback_options=None,
                                         buttons=[],  # a copy of the chat would be its HTML: Export gives the text
                                         placeholder="**Ask about the news in your library.** "
                                                     "Every answer cites the articles it quotes.")
                    with gr.Row():
                        box = gr.Textbox(placeholder="Ask a question…", show_label=False, scale=5,
                                         elem_id="question", submit_btn=True)  # focused by ui.js, without scrolling
                    with gr.Accordion(FILTERS, open=False, elem_id="filters") as filters:
                        with gr.Row():
                            # a choice kept after its last article is deleted is still sent (and answered with
                            # "no articles from ..."), never refused by the dropdown with a bare "Error"
                            outlet = gr.Dropdown([ALL_OUTLETS], value=ALL_OUTLETS, label="Outlet",
                                                 elem_id="outlet-filter", min_width=160, allow_custom_value=True)
                            speaker = gr.Dropdown([ANY_SPEAKER], value=ANY_SPEAKER, label="Speaker",
                                                  elem_id="speaker-filter", min_width=160, allow_custom_value=True)
                        with gr.Row():
                            since = gr.Textbox(label="Since", placeholder="YYYY-MM-DD", elem_id="since", min_width=120)
                            until = gr.Textbox(label="Until", placeholder="YYYY-MM-DD", elem_id="until", min_width=120)
                    with gr.Row():
                        new = gr.Button("New conversation", size="sm", elem_id="new-conversation")
                        export = gr.DownloadButton("Export as Markdown", size="sm", interactive=False,
                                                   elem_id="export")
                with gr.Column(scale=2, min_width=300):
                    panel = gr.HTML(render.sources_panel([]), elem_id="sources-panel")
            with gr.Tab("Library", id="library"):
                with gr.Row(elem_id="library-row"):
                    search = gr.Textbox(label="Search the library", placeholder="title, outlet or id", scale=3)
                    upload = gr.File(label="Add articles (.txt .md .html .json .jsonl)", file_count="multiple",
                                     file_types=list(UPLOAD_TYPES), scale=2, elem_id="upload")
                results = gr.HTML(elem_id="ingest-results")
                table = gr.Dataframe(headers=LIBRARY_HEADERS, interactive=False, wrap=True, elem_id="library-table",
                                     column_widths=["44%", "16%", "12%", "7%", "7%", "14%"])
                with gr.Row():
                    doomed = gr.Dropdown([], label="Article to delete", scale=4, elem_id="delete-choice")
                    remove = gr.Button("Delete", variant="stop", scale=1, elem_id="delete")
                deleted = gr.Markdown()
        ask_inputs = [box, chatbot, conv, outlet, since, until, speaker]
        ask_outputs = [chatbot, conv, panel, export, box]
        refreshed = [table, doomed, outlet, speaker, status, chatbot]
        box.submit(ui.respond, ask_inputs, ask_outputs)
        for field in (outlet, since, until, speaker):
            field.change(_filters_bar, [outlet, since, until, speaker], filters, show_progress="hidden")
        chatbot.example_select(_example_text, None, box).then(ui.respond, ask_inputs, ask_outputs)
        new.click(ui.reset, None, [chatbot, conv, panel, export, box])
        chatbot.clear(ui.reset, None, [chatbot, conv, panel, export, box])
        search.change(ui.library, search, refreshed)
        # deleting is for people at the page, never for API clients
        confirmed = gr.Checkbox(value=False, visible=False)  # set by the browser's confirmation
        remove.click(ui.delete, [doomed, search, confirmed], [deleted, *refreshed], api_visibility="private",
                     js=CONFIRM_DELETE)
        # files dropped while an upload is still being ingested queue behind it (ingests take turns), never lost
        upload.upload(_with_progress(ui.upload), [upload, search], [results, upload, *refreshed],
                      trigger_mode="multiple")
        table.select(_picked_row, None, doomed)
        demo.load(ui.library, search, refreshed)
    demo.queue(default_concurrency_limit=assistant.settings.ui_concurrency)
    return demo


def _with_progress(fn: Any) -> Any:
    def upload(files: list[str] | None, query: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        return fn(files, query, progress)

    return upload


def _filters_bar(outlet: str | None, since: str, until: str, speaker: str | None) -> Any:
    return gr.Accordion(label=filters_label(outlet, since or "", until or "", speaker))


# a deletion asks first in the browser; declined, the handler is told so (`confirmed` false) and deletes nothing
CONFIRM_DELETE = """(article, query) => [article, query, !article || window.confirm(
  "Delete this article from the index? Its passages and statements are removed too.")]"""


def _example_text(evt: gr.SelectData) -> str:
    return str(evt.value.get("text", "")) if isinstance(evt.value, dict) else str(evt.value)


def _picked_row(evt: gr.SelectData) -> Any:
    row = evt.row_value or []
    return row[-1] if row else gr.skip()


def main() -> int:
    """`python app.py`: read the settings and serve the UI; a bad setting or an unreachable Chroma server is one
    line naming it (exit code 2), as in the CLI, not a traceback."""
    from .settings import load_settings

    try:
        settings = load_settings()
        launch(settings)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the port is taken (Gradio's message names its own variable, not ours)
        if "port" not in str(exc).lower():
            raise
        print(f"error: cannot serve the UI on {settings.ui_host}:{settings.ui_port} ({exc.strerror or 'in use'}); set "
              "NEWS_ASSISTANT_UI_PORT to a free port", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


def launch(settings: Settings) -> None:
    """Build the Assistant once, ingest the bundled sample into an empty index, and serve the UI."""
    assistant = Assistant(settings)
    if not assistant.articles():
        assistant.ingest([PACKAGE / "samples"])
    auth = make_checker(load_users(settings.ui_auth_file)) if settings.ui_auth_file else None
    if auth is None and settings.ui_host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s without a login: anyone who can reach it can upload articles; "
                    "set NEWS_ASSISTANT_UI_AUTH_FILE", settings.ui_host)
    build(assistant).launch(server_name=settings.ui_host, server_port=settings.ui_port, auth=auth,
                            auth_message="Sign in to News Assistant" if auth else None,
                            max_file_size=f"{settings.max_file_mb}mb", **page_options())
