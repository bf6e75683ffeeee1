"""Locate quotes in article text and check citations: a citation is valid only when
`article_text[start:end] == quote`.

`locate(text, quote)` finds a quote allowing only whitespace and typographic-quote differences and
returns the exact span as it is written in the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .models import Citation

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "‚": "'", "′": "'", "″": '"'})


def _pattern(quote: str) -> re.Pattern[str] | None:
    tokens = quote.translate(_QUOTES).split()
    if not tokens:
        return None
    parts = []
    for token in tokens:
        escaped = re.escape(token)
        escaped = escaped.replace("'", "['‘’‚′]").replace('"', '["“”„″]')
        parts.append(escaped)
    return re.compile(r"\s+".join(parts))


def locate(text: str, quote: str, near: int = 0) -> tuple[int, int] | None:
    """The (start, end) of `quote` in `text` (closest to `near`), tolerant of whitespace and quote marks."""
    if not quote.strip():
        return None
    exact = [m.start() for m in re.finditer(re.escape(quote), text)]
    if exact:
        start = min(exact, key=lambda s: abs(s - near))
        return start, start + len(quote)
    pattern = _pattern(quote)
    if pattern is None:
        return None
    matches = list(pattern.finditer(text))
    if not matches:
        return None
    best = min(matches, key=lambda m: abs(m.start() - near))
    return best.start(), best.end()


def is_verbatim(citation: Citation, article_text: str) -> bool:
    """True when the citation's quote is exactly the article text at its offsets."""
    return article_text[citation.start:citation.end] == citation.quote and bool(citation.quote)


def verify(citations: list[Citation], text_of: Callable[[str], str | None]) -> list[Citation]:
    """The citations whose quotes are verbatim at their offsets (re-located when only offsets drifted)."""
    good = []
    for c in citations:
        text = text_of(c.article_id)
        if text is None:
            continue
        if is_verbatim(c, text):
            good.append(c)
            continue
        span = locate(text, c.quote, c.start)
        if span:
            from dataclasses import replace

            good.append(replace(c, quote=text[span[0]:span[1]], start=span[0], end=span[1]))
    return good
