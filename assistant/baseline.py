"""The LangChain tutorial pipeline, as the evaluation harness's point of comparison.

RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) + langchain_chroma.Chroma with the
same MiniLM embeddings + plain dense top-k: no keyword search, no fusion, no filters, no diversity, no
abstention. Its index is persisted so that re-runs skip the embedding. Used only by evaluation.py.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from .models import Article

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
BATCH = 256


@dataclass(frozen=True)
class BaselineHit:
    """One retrieved chunk: its article's URL and the chunk text."""

    url: str
    text: str


class Baseline:
    """A persisted tutorial index (split → embed → Chroma) and its dense top-k search."""

    def __init__(self, folder: Path, embeddings: Embeddings) -> None:
        from langchain_chroma import Chroma

        self.folder = folder
        self.embeddings = embeddings
        self._done = folder / "complete"
        if not self._done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a half-built index is rebuilt from scratch
        folder.mkdir(parents=True, exist_ok=True)
        self.db = Chroma(collection_name="baseline", embedding_function=embeddings, persist_directory=str(folder))

    @property
    def built(self) -> bool:
        return self._done.exists()

    def build(self, articles: list[Article]) -> int:
        """Split and embed the articles (once); return the number of chunks."""
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        if self.built:
            return int(self._done.read_text() or 0)
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                                  add_start_index=True)
        docs = splitter.split_documents(
            [Document(page_content=a.text, metadata={"url": a.url, "source": a.source}) for a in articles]
        )
        for i in range(0, len(docs), BATCH):
            self.db.add_documents(docs[i:i + BATCH], ids=[str(n) for n in range(i, i + len(docs[i:i + BATCH]))])
        self._done.write_text(str(len(docs)))
        return len(docs)

    def search(self, query: str, k: int = 10) -> list[BaselineHit]:
        """Dense top-k, as in the tutorial."""
        return [BaselineHit(str(d.metadata.get("url", "")), d.page_content)
                for d in self.db.similarity_search(query, k=k)]
