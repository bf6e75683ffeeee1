"""Shared fixtures: settings in tmp_path, the real embedding model once per session, real Chroma
indexes, the sample article, and the OpenAI-protocol test server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# no test may reach a hub or the internet
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
for var in list(os.environ):
    if var.startswith("NEWS_ASSISTANT_") or var.startswith("OPENAI_"):
        del os.environ[var]

from assistant.embeddings import MiniLMEmbeddings, embeddings_for  # noqa: E402
from assistant.models import Article  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402
from tests.httpserver import dead_url_fixture, local_site_fixture  # noqa: E402, F401
from tests.openai_server import OpenAIServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assistant" / "samples" / "trump-putin-call.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def sample_article() -> Article:
    """The shipped sample's text (front matter removed) as an article with an outlet and a date."""
    from assistant.articles import make_article, read_text_file

    body = read_text_file(SAMPLE, SAMPLE.read_bytes()).text
    return make_article(text=body, title="Trump and Putin talk", url="https://example.com/call",
                        source="example.com", published="2025-05-19")


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    """The real all-MiniLM-L6-v2 model with the default settings' backend (ONNX, float32 for stored texts), loaded once."""
    return embeddings_for(load_settings(env={}))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with every path in tmp_path and no LLM."""
    return load_settings(env={}, index=str(tmp_path / "index"))


@pytest.fixture
def assistant(settings: Settings, embeddings: MiniLMEmbeddings):  # noqa: ANN201
    """An Assistant over an empty, real Chroma index in tmp_path."""
    from assistant.service import Assistant

    return Assistant(settings, embeddings=embeddings)


@pytest.fixture(scope="module")
def sample_assistant(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings):  # noqa: ANN201
    """An Assistant whose index holds the sample article (built once per module)."""
    from assistant.service import Assistant

    s = load_settings(env={}, index=str(tmp_path_factory.mktemp("sample") / "index"))
    a = Assistant(s, embeddings=embeddings)
    report = a.ingest([SAMPLE])
    assert len(report.added) == 1
    return a


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """A scripted OpenAI-protocol server on 127.0.0.1."""
    with OpenAIServer() as server:
        yield server
