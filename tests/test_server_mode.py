"""Server mode: several app processes sharing one Chroma server, and a server that goes down and
comes back (StoreError naming it, then recovery without rebuilding anything)."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from assistant.errors import StoreError
from assistant.service import Assistant
from assistant.settings import Settings, load_settings
from assistant.store import Store
from assistant.ui import UI
from tests import chroma_server as fixtures
from tests.chroma_server import ChromaServer, MemoEmbeddings, free_port
from tests.conftest import SAMPLE

memo_embeddings = fixtures.memo_embeddings


def _settings(index: Path, port: int, collection: str = "news") -> Settings:
    return load_settings(env={}, index=str(index), chroma_host="127.0.0.1", chroma_port=port, collection=collection)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    s = ChromaServer(tmp_path_factory.mktemp("chroma") / "data").start()
    yield s
    s.stop()


def test_two_processes_share_one_server(server: ChromaServer, tmp_path: Path, memo_embeddings: MemoEmbeddings) -> None:
    # two app processes: each its own local folder (keyword index), one Chroma server
    writer = Assistant(_settings(tmp_path / "one", server.port, "shared"), embeddings=memo_embeddings)
    reader = Assistant(_settings(tmp_path / "two", server.port, "shared"), embeddings=memo_embeddings)
    assert reader.search("Putin ceasefire") == []
    aid = writer.ingest([SAMPLE]).added[0]
    hits = reader.search("Putin ceasefire")  # the reader sees the new generation and rebuilds its keyword index
    assert hits and hits[0].article_id == aid
    assert any(i.startswith(f"{aid}:") for i in reader.keyword.ids)
    writer.delete(aid)
    assert reader.search("Putin ceasefire") == []
    assert reader.keyword.ids == []


def test_server_down_at_start_names_the_server(tmp_path: Path) -> None:
    port = free_port()
    with pytest.raises(StoreError, match=rf"Chroma server http://127\.0\.0\.1:{port}"):
        Store(_settings(tmp_path, port))


def test_server_restart_mid_session_recovers(tmp_path: Path, memo_embeddings: MemoEmbeddings) -> None:
    server = ChromaServer(tmp_path / "data").start()
    try:
        app = Assistant(_settings(tmp_path / "app", server.port), embeddings=memo_embeddings)
        app.ingest([SAMPLE])
        assert app.search("Putin ceasefire")
        server.stop()
        with pytest.raises(StoreError, match=rf"Chroma server http://127\.0\.0\.1:{server.port}"):
            app.search("Putin ceasefire")
        with pytest.raises(gr.Error, match=rf"Chroma server http://127\.0\.0\.1:{server.port}"):
            UI(app).library()  # the Library tab says so too, not a bare "Error"
        server.start()  # same path, same port
        hits = app.search("Putin ceasefire")
        assert hits and hits[0].text
    finally:
        server.stop()
