"""The embedding model run by onnxruntime from its int8 ONNX copy (`onnx_export`), without torch.

Does what sentence-transformers does around the transformer, for a mean-pooling model such as
all-MiniLM-L6-v2: word pieces from the folder's fast tokenizer, truncated at its `max_seq_length`;
texts sorted by length and padded per batch, so short texts do not pay for long ones; mean pooling
over the attention mask; L2 normalisation. Other pooling modes (CLS, max) are not supported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .embeddings import DIMENSION, MiniLMEmbeddings, TokenVectors, normalised
from .onnx_export import FP32, OUTPUT, QUANTIZED, ensure_onnx


class OnnxEmbeddings(MiniLMEmbeddings):
    """The model's ONNX copies (exported into `cache_dir` on first use) on onnxruntime's CPU provider:
    float32 for `encode` (the question searched for: one short text), int8 for answer sentences
    (`encode_cached`), and for stored texts (`encode_documents`, `encode_with_spans`) int8, or float32
    with `precise_documents` (the "onnx-fp32" backend: torch's vectors, at about half int8's speed)."""

    def __init__(self, model_path: Path, cache_dir: Path, batch_size: int = 64, precise_documents: bool = False) -> None:
        import onnxruntime as ort

        folder = ensure_onnx(model_path, cache_dir)
        super().__init__(f"all-MiniLM-L6-v2 (onnx {'fp32' if precise_documents else 'int8'})", batch_size)
        self.tokenizer = load_tokenizer(model_path)
        self.session = ort.InferenceSession(str(folder / QUANTIZED), session_options(),
                                            providers=["CPUExecutionProvider"])
        self.precise = ort.InferenceSession(str(folder / FP32), session_options(), providers=["CPUExecutionProvider"])
        self.documents = self.precise if precise_documents else self.session
        self.inputs = [i.name for i in self.session.get_inputs()]

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._pooled(texts, self.precise)

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        return self._pooled(texts, self.documents)

    def _encode_sentences(self, texts: list[str]) -> np.ndarray:
        """Each sentence in a batch of its own: the int8 copy's vectors depend on what else shares the batch, and a
        remembered sentence's vector must not depend on the question that met it first (the same question would
        get another answer after other questions); ~2.5 ms a sentence against ~1.5 batched."""
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._pooled([text], self.session)[0]
        return out

    def _pooled(self, texts: list[str], session) -> np.ndarray:  # noqa: ANN001 (onnxruntime.InferenceSession)
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for rows, _encodings, tokens, mask in self._batches(texts, session):
            out[rows] = pool_mean(tokens, mask)
        return out

    def _encode_tokens(self, texts: list[str]) -> list[TokenVectors]:
        out: list[TokenVectors] = [(np.zeros(0), np.zeros(0))] * len(texts)
        for rows, encodings, tokens, _mask in self._batches(texts, self.documents):
            for row, (i, e) in enumerate(zip(rows, encodings, strict=True)):
                out[i] = (tokens[row, :len(e.ids)], np.asarray(e.offsets, dtype=np.int64).reshape(-1, 2))
        return out

    def _batches(self, texts: list[str], session) -> Iterator[tuple[np.ndarray, list, np.ndarray, np.ndarray]]:  # noqa: ANN001
        """The texts run through `session` longest first, a batch at a time: (their positions in `texts`,
        their encodings, word-piece vectors, attention mask). Sorting keeps short texts from paying for long ones."""
        encodings = self.tokenizer.encode_batch(texts)
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        for at in range(0, len(texts), self.batch_size):
            rows = order[at:at + self.batch_size]
            batch = [encodings[i] for i in rows]
            yield (rows, batch, *self._run([e.ids for e in batch], session))

    def _run(self, pieces: list[list[int]], session) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
        """The model's word-piece vectors (batch, sequence, 384) and the attention mask, padded per batch."""
        ids = np.zeros((len(pieces), max(map(len, pieces))), dtype=np.int64)  # (batch, sequence), 0 = [PAD]
        mask = np.zeros_like(ids)
        for row, p in enumerate(pieces):
            ids[row, :len(p)] = p
            mask[row, :len(p)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        tokens = session.run([OUTPUT], {name: feed[name] for name in self.inputs})[0]  # (batch, sequence, 384)
        return tokens, mask


def pool_mean(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of each text's token vectors over its attention mask, L2-normalised: (batch, hidden) float32."""
    weights = mask[..., None].astype(np.float32)
    return normalised((tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None))


def load_tokenizer(model_path: Path):  # noqa: ANN201 (tokenizers.Tokenizer, imported lazily)
    """The folder's fast tokenizer, truncating at the model's max_seq_length and never padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    tokenizer.enable_truncation(max_seq_length(model_path))  # counts [CLS] and [SEP]
    tokenizer.no_padding()  # tokenizer.json pads to 128; we pad per batch
    return tokenizer


def max_seq_length(model_path: Path) -> int:
    """The word pieces the model reads (sentence_bert_config.json; 512, BERT's limit, without it)."""
    config = model_path / "sentence_bert_config.json"
    return int(json.loads(config.read_text()).get("max_seq_length", 512)) if config.is_file() else 512


def session_options():  # noqa: ANN201 (onnxruntime.SessionOptions, imported lazily)
    """One op at a time over all cores, and no spinning between calls on a small, shared machine."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options
