"""The int8 ONNX backend: exported once into a temporary cache, it reads like the torch model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import MiniLMEmbeddings, bundled_model_path, load_embeddings
from assistant.onnx_encoder import OnnxEmbeddings
from assistant.onnx_export import FP32, QUANTIZED

SENTENCES = [
    "The central bank raised interest rates by a quarter point on Wednesday.",
    "Flooding forced thousands of residents to leave their homes in the river valley.",
    "The striker scored twice as the home side won the cup final.",
    "Lawmakers passed a bill to expand broadband access in rural areas.",
    "Shares of the chipmaker fell 8% after it cut its sales forecast.",
    "Putin and Trump spoke by phone for two hours about a ceasefire in Ukraine.",
]
SEARCHES = [  # (query, the passage it should find among PASSAGES)
    ("Who won the football final?", 1),
    ("What did the Fed do with rates?", 0),
    ("Where was there a flood?", 2),
    ("Why did the chip stock drop?", 3),
]
PASSAGES = [
    "The Federal Reserve lifted its benchmark rate to fight inflation, the chair said.",
    "United beat City 2-1 in the final at Wembley with a late goal.",
    "Heavy rain swelled the river and water reached the town centre overnight.",
    "The semiconductor company's stock slid after weak guidance for the next quarter.",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def torch_model() -> MiniLMEmbeddings:
    """The same model on PyTorch, the reference the int8 copy is checked against."""
    return load_embeddings(backend="torch")


@pytest.fixture(scope="module")
def onnx(cache_dir: Path) -> MiniLMEmbeddings:
    """The ONNX backend as the settings load it, exported into this module's cache (once)."""
    return load_embeddings(backend="onnx", cache_dir=str(cache_dir))


def test_onnx_fp32_stores_torch_vectors_and_keeps_int8_for_answer_sentences(
        onnx: MiniLMEmbeddings, torch_model: MiniLMEmbeddings, cache_dir: Path) -> None:
    precise = load_embeddings(backend="onnx-fp32", cache_dir=str(cache_dir))  # the same export, no second one
    assert precise is not onnx and precise.name.endswith("(onnx fp32)") and len(list(cache_dir.iterdir())) == 1
    reference = torch_model.encode(SENTENCES)
    assert (precise.encode_documents(SENTENCES) * reference).sum(axis=1).min() >= 0.9999
    texts, _ = precise.encode_with_spans(SENTENCES, [])
    assert (texts * reference).sum(axis=1).min() >= 0.9999
    alone = np.stack([onnx.encode_documents([s])[0] for s in SENTENCES])  # int8, each sentence in its own batch
    np.testing.assert_allclose(precise.encode_cached(SENTENCES), alone, atol=1e-6)
    assert (onnx.encode_documents(SENTENCES) * reference).sum(axis=1).min() < 0.9999  # int8 is not torch's


def test_load_embeddings_returns_the_onnx_encoder(onnx: MiniLMEmbeddings) -> None:
    assert isinstance(onnx, OnnxEmbeddings)
    assert "onnx" in onnx.name


def test_vectors_are_float32_unit_rows_of_384(onnx: MiniLMEmbeddings) -> None:
    vectors = onnx.encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_vectors_agree_with_the_torch_model(onnx: MiniLMEmbeddings, torch_model: MiniLMEmbeddings) -> None:
    reference = torch_model.encode(SENTENCES)
    assert (onnx.encode_documents(SENTENCES) * reference).sum(axis=1).min() >= 0.98  # int8 weights
    assert (onnx.encode(SENTENCES) * reference).sum(axis=1).min() >= 0.9999  # float32: the same model


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_nearest_passage_is_the_torch_models(onnx: MiniLMEmbeddings, torch_model: MiniLMEmbeddings,
                                             query: str, expected: int) -> None:
    def nearest(model: MiniLMEmbeddings) -> int:
        return int(np.argmax(model.encode_documents(PASSAGES) @ model.encode([query])[0]))

    assert nearest(torch_model) == expected
    assert nearest(onnx) == expected


def test_a_text_past_256_word_pieces_is_truncated(onnx: MiniLMEmbeddings, torch_model: MiniLMEmbeddings) -> None:
    long_text = " ".join(SENTENCES * 20)
    assert isinstance(onnx, OnnxEmbeddings)
    assert len(onnx.tokenizer.encode(long_text).ids) == 256
    vectors = onnx.encode_documents([long_text, "short"])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ torch_model.encode([long_text])[0]) >= 0.98


def test_the_langchain_interface_and_the_memo(onnx: MiniLMEmbeddings) -> None:
    assert len(onnx.embed_query(SENTENCES[0])) == 384
    assert len(onnx.embed_documents(SENTENCES[:2])) == 2
    assert onnx.encode([]).shape == (0, 384)
    np.testing.assert_allclose(onnx.encode_cached(SENTENCES[:3]), onnx.encode_cached(SENTENCES[:3]))


def test_a_second_load_reuses_the_cached_export(onnx: MiniLMEmbeddings, cache_dir: Path) -> None:
    (folder,) = cache_dir.iterdir()  # one complete folder, no temporary one left
    assert sorted(f.name for f in folder.iterdir()) == sorted([FP32, QUANTIZED])
    exported = folder / QUANTIZED
    stamp = exported.stat().st_mtime_ns
    again = OnnxEmbeddings(bundled_model_path(), cache_dir)
    assert exported.stat().st_mtime_ns == stamp
    assert list(cache_dir.iterdir()) == [folder]
    assert (again.encode(SENTENCES[:1]) @ onnx.encode(SENTENCES[:1]).T).item() >= 0.999


@pytest.fixture(scope="module", params=["onnx", "torch"])
def either(request: pytest.FixtureRequest) -> MiniLMEmbeddings:
    return request.getfixturevalue("onnx" if request.param == "onnx" else "torch_model")


def test_text_vectors_from_the_span_pass_are_encodes(either: MiniLMEmbeddings) -> None:
    vectors, spans = either.encode_with_spans(PASSAGES, [])
    np.testing.assert_allclose(vectors, either.encode_documents(PASSAGES), atol=1e-5)
    assert spans.shape == (0, 384)


def test_a_quote_read_in_its_chunk_keeps_the_chunks_topic(either: MiniLMEmbeddings) -> None:
    chunks = ["Ceasefire talks\nThe talks on a ceasefire in Gaza broke down on Monday. \"We will not accept it,\" "
              "the negotiator said.",
              "Budget vote\nThe finance minister defended the spending cuts in parliament. \"We will not accept it,\" "
              "the opposition leader said."]
    quote = '"We will not accept it,"'
    spans = [(i, text.index(quote), text.index(quote) + len(quote)) for i, text in enumerate(chunks)]
    _, quoted = either.encode_with_spans(chunks, spans)
    np.testing.assert_allclose(np.linalg.norm(quoted, axis=1), 1.0, atol=1e-5)
    topics = either.encode(["Gaza ceasefire negotiations", "the government's budget and spending cuts"])
    # the same words, two contexts: each reads as its own story, which the quote alone cannot tell apart
    assert float(quoted[0] @ topics[0]) > float(quoted[1] @ topics[0])
    assert float(quoted[1] @ topics[1]) > float(quoted[0] @ topics[1])
    assert float(quoted[0] @ either.encode([quote])[0]) > 0.5


def test_a_span_past_the_models_reach_is_encoded_on_its_own(either: MiniLMEmbeddings) -> None:
    long_text = " ".join(SENTENCES * 20)  # the model reads 256 word pieces of it
    tail = long_text.rindex(SENTENCES[-1])
    _, quoted = either.encode_with_spans([long_text], [(0, tail, len(long_text))])
    np.testing.assert_allclose(quoted[0], either.encode_documents([SENTENCES[-1]])[0], atol=1e-5)


def test_a_cache_from_before_the_float32_file_is_completed(onnx: MiniLMEmbeddings, cache_dir: Path,
                                                           tmp_path: Path) -> None:
    (folder,) = cache_dir.iterdir()
    old = tmp_path / folder.name  # what an earlier version left: the int8 file alone
    old.mkdir()
    (old / QUANTIZED).write_bytes((folder / QUANTIZED).read_bytes())
    upgraded = OnnxEmbeddings(bundled_model_path(), tmp_path)
    assert sorted(f.name for f in old.iterdir()) == sorted([FP32, QUANTIZED])
    assert list(tmp_path.iterdir()) == [old]  # no temporary folder left
    assert (upgraded.encode(SENTENCES[:1]) @ onnx.encode(SENTENCES[:1]).T).item() >= 0.9999


def test_an_answer_sentences_vector_does_not_depend_on_what_was_encoded_with_it(onnx: MiniLMEmbeddings) -> None:
    onnx.forget()
    with_others = onnx.encode_cached([SENTENCES[1], "A short line.", SENTENCES[0]])[2]
    onnx.forget()
    np.testing.assert_allclose(onnx.encode_cached([SENTENCES[0]])[0], with_others, atol=1e-6)  # the same answer
