"""An int8-quantised ONNX copy of the embedding model, exported once and cached beside the index.

Uses sentence-transformers' ONNX backend, which needs the optional `onnx` extra (optimum with
onnxruntime). The model folder is copied into the cache first, so the export never writes into
site-packages, and everything runs with the hub offline: nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from .errors import SettingsError

QUANTIZED = "onnx/model_qint8_avx2.onnx"  # relative to the cached model folder


def ensure_quantized_onnx(model_path: Path, cache_dir: Path) -> Path:
    """The cached model folder holding `QUANTIZED`, exporting and quantising it on first use."""
    target = cache_dir / f"{model_path.name}-onnx"
    if (target / QUANTIZED).is_file():
        return target
    if importlib.util.find_spec("optimum") is None or importlib.util.find_spec("onnxruntime") is None:
        raise SettingsError(
            "embedding_backend 'onnx' needs the optional 'onnx' extra (optimum[onnxruntime]), which is not "
            "installed; install news-assistant[onnx] or set NEWS_ASSISTANT_EMBEDDING_BACKEND=torch"
        )
    from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model

    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(model_path, work)
    model = SentenceTransformer(str(work), backend="onnx", device="cpu", local_files_only=True)
    model.save_pretrained(str(work))  # writes onnx/model.onnx
    export_dynamic_quantized_onnx_model(model, "avx2", str(work))
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)  # a cache that is complete or absent
    return target
