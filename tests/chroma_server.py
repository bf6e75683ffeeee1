"""A real Chroma server for the server-mode tests: `chroma run --path DIR --host 127.0.0.1 --port FREE`.

`ChromaServer(path)` starts it as a subprocess and waits for its heartbeat; `stop()` and `start()` may
be called again (same path, same port) to simulate a server that goes down and comes back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    """One `chroma run` subprocess on 127.0.0.1."""

    def __init__(self, path: Path, port: int | None = None, log: Path | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.log = log or path.with_name(path.name + ".log")
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ChromaServer:
        """Start the server and wait until its heartbeat answers."""
        self.path.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}; see {self.log}")
            if self.alive():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on port {self.port} within {timeout}s; see {self.log}")

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as resp:
                return resp.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and wait until the port is free."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None

    def __enter__(self) -> ChromaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- fixtures (imported by the test modules that run in both modes) -------------------------------

import itertools  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

_names = itertools.count()


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """One real Chroma server per test module."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data")
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["embedded", "server"])
def mode_settings(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201
    """Settings for an empty store, embedded in tmp_path or on the module's Chroma server (own collection)."""
    from assistant.settings import load_settings

    if request.param == "embedded":
        return load_settings(env={}, index=str(tmp_path / "index"))
    server: ChromaServer = request.getfixturevalue("chroma_server")
    return load_settings(env={}, index=str(tmp_path / "index"), chroma_host="127.0.0.1",
                         chroma_port=server.port, collection=f"t{next(_names)}-{os.getpid()}")


class MemoEmbeddings:
    """The real session model with a memo of texts already encoded, so tests that ingest the same
    article in both modes pay for its encoding once (vectors are identical either way)."""

    def __init__(self, model: Any) -> None:
        self.model, self.name, self.memo, self.documents = model, model.name, {}, {}

    def encode(self, texts: list[str]) -> Any:
        return self._memo(texts, self.memo, self.model.encode)

    def encode_documents(self, texts: list[str]) -> Any:
        return self._memo(texts, self.documents, self.model.encode_documents)

    @staticmethod
    def _memo(texts: list[str], memo: dict, encode: Any) -> Any:
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in memo]
        if todo:
            memo.update(zip(todo, encode(todo), strict=True))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray([memo[t] for t in texts], dtype=np.float32)

    def encode_with_spans(self, texts: list[str], spans: list[tuple[int, int, int]]) -> Any:
        import numpy as np

        own = [tuple((s, e) for i, s, e in spans if i == t) for t in range(len(texts))]  # each text's spans
        keys = [(text, mine) for text, mine in zip(texts, own, strict=True)]
        todo = [k for k in dict.fromkeys(keys) if k not in self.memo]
        if todo:
            flat = [(n, s, e) for n, (_, mine) in enumerate(todo) for s, e in mine]
            vectors, quoted = self.model.encode_with_spans([text for text, _ in todo], flat)
            at = 0
            for key, vector in zip(todo, vectors, strict=True):
                self.memo[key] = (vector, quoted[at:at + len(key[1])])
                at += len(key[1])
        where = {(i, s, e): (keys[i], n) for i, mine in enumerate(own) for n, (s, e) in enumerate(mine)}
        text_vectors = np.asarray([self.memo[k][0] for k in keys], dtype=np.float32).reshape(-1, 384)
        span_vectors = np.asarray([self.memo[where[sp][0]][1][where[sp][1]] for sp in spans],
                                  dtype=np.float32).reshape(-1, 384)
        return text_vectors, span_vectors

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_documents(list(texts)).tolist()


@pytest.fixture(scope="session")
def memo_embeddings(embeddings: Any) -> MemoEmbeddings:
    return MemoEmbeddings(embeddings)
