"""Browser fixtures: the real UI app on a free 127.0.0.1 port over a real index, and Debian Chromium.

Import the fixtures into a test module (`from tests.browser import app, page  # noqa: F401`).
`app` is module-scoped: one Chroma index with the sample article, one server, closed at the end.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.embeddings import MiniLMEmbeddings
from assistant.settings import load_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SAMPLE = Path(__file__).resolve().parent.parent / "assistant" / "samples" / "trump-putin-call.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class App:
    """A running UI: its URL, the Assistant behind it, and a folder for test files."""

    url: str
    assistant: Any
    folder: Path


def start_app(folder: Path, embeddings: MiniLMEmbeddings) -> tuple[App, Any]:
    """Ingest the sample into a fresh index under `folder` and serve the UI; returns (app, Blocks)."""
    from assistant.service import Assistant
    from assistant.ui import build, page_options

    settings = load_settings(env={}, index=str(folder / "index"), upload_dir=str(folder / "uploads"), max_file_mb=1)
    assistant = Assistant(settings, embeddings=embeddings)
    assistant.ingest([SAMPLE])
    demo = build(assistant)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True,
                max_file_size="1mb", **page_options())
    return App(f"http://127.0.0.1:{port}/", assistant, folder), demo


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Iterator[App]:
    running, demo = start_app(tmp_path_factory.mktemp("ui"), embeddings)
    try:
        yield running
    finally:
        demo.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Any, app: App) -> Iterator[Any]:
    """A fresh browser page (a new session: empty chat) on the app."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(app.url)
    pg.locator("#question textarea").wait_for()
    try:
        yield pg
    finally:
        context.close()


def ask(page: Any, question: str) -> Any:
    """Type a question, send it, wait until the answer is final; returns the last answer's locator."""
    done = page.locator("#chatbot .answer:not(.streaming)")
    before = done.count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#chatbot .answer:not(.streaming)').length > n", arg=before, timeout=60_000)
    return done.last


def open_library(page: Any) -> None:
    page.get_by_role("tab", name="Library").click()
    page.locator("#library-table").wait_for()


def add_article(page: Any, app: Any, name: str, record: dict[str, str]) -> str:
    """Ingest one JSON article from the app's folder and reload the page to show it; its id."""
    path = app.folder / name
    path.write_text(json.dumps(record))
    aid: str = app.assistant.ingest([path]).added[0]
    page.reload()
    return aid


def pick_in_library(page: Any, query: str, title: str) -> None:
    """Search the library and click an article's row: it becomes the one the Delete button deletes."""
    open_library(page)
    page.get_by_label("Search the library").fill(query)
    page.locator("#library-table").get_by_text(title).filter(visible=True).first.click()


def open_chat(page: Any) -> None:
    page.get_by_role("tab", name="Ask").click()
    page.locator("#question textarea").wait_for()
