"""News Assistant: cited answers over news articles.

The public surface is small: build `Settings` with `load_settings()`, then an `Assistant` with them,
and call `ingest`, `search`, `ask` or `claims`. Everything else is internal.
"""

from .errors import AssistantError, InputError, LLMError, SettingsError, StoreError
from .models import Answer, Article, Chunk, Citation, Claim, Passage
from .settings import Settings, load_settings


def __getattr__(name: str) -> object:
    if name == "Assistant":  # imported lazily: it pulls in Chroma and torch
        from .service import Assistant

        return Assistant
    raise AttributeError(name)


__all__ = [
    "Answer", "Article", "Assistant", "AssistantError", "Chunk", "Citation", "Claim", "InputError",
    "LLMError", "Passage", "Settings", "SettingsError", "StoreError", "load_settings",
]
