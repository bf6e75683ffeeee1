"""Load prompt templates from the `prompts/` folder and render them with strict variables.

The folder is the repository's top-level `prompts/` (or, in an installed wheel, `assistant/prompts`).
Rendering fails loudly when a variable is missing or unknown.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import SettingsError


def prompts_dir() -> Path:
    """Where the prompt files live."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "prompts", here.parent / "prompts"):
        if candidate.is_dir():
            return candidate
    raise SettingsError(f"prompt folder not found next to {here}")


@lru_cache(maxsize=32)
def load_prompt(name: str) -> str:
    """The text of `prompts/<name>.md`."""
    path = prompts_dir() / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SettingsError(f"cannot read prompt {str(path)!r}: {exc.strerror}") from None


def render(name: str, **values: str) -> str:
    """The prompt with `{name}` fields filled; every field must be given, and only those."""
    template = load_prompt(name)
    fields = set(re.findall(r"\{([a-z_]+)\}", template))
    if fields != set(values):
        raise SettingsError(
            f"prompt {name!r} needs {sorted(fields)}, got {sorted(values)}"
        )
    # literal braces in templates (JSON examples) are left alone: only known fields are replaced
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out
