"""Find quotations in news text: spans of the words between matching quote marks.

Handles straight and typographic, double and single marks, tells apostrophes ("It's", "Russia’s",
"players' union", "'90s") from single quote marks, keeps a quote that runs over several lines or
paragraphs as one span, and follows the news convention of a quote continued in the next paragraph
with a fresh opening mark. It does not decide who said a quote (claims.py does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENING = re.compile(r"[\"“'‘]")
_DOUBLE_CLOSE = re.compile(r"[\"”]")
_SINGLE_CLOSE = re.compile(r"['’]")
_BEFORE_OPEN = " \t\n([{—–-:/"
_MAX_SINGLE = 1500
_MAX_DOUBLE = 4000


@dataclass(frozen=True)
class Quote:
    """A quotation: marks at `open_at` and `close_at`; the words are text[start:end]."""

    open_at: int
    close_at: int  # index just after the closing mark (or the paragraph end when unclosed)
    start: int
    end: int


def find_quotes(text: str) -> list[Quote]:
    """The quotations of `text`, in order, not nested, with trimmed inner spans."""
    quotes: list[Quote] = []
    pos = 0
    while True:
        hit = _OPENING.search(text, pos)
        if hit is None:
            return quotes
        i = hit.start()
        close = _find_close(text, i) if _is_opening(text, i) else None
        if close is None:
            pos = i + 1
            continue
        quote = _make_quote(text, i, close)
        if quote is not None:
            quotes.append(quote)
        pos = max(close, i + 1)


def _is_opening(text: str, i: int) -> bool:
    if i + 1 >= len(text) or text[i + 1].isspace():
        return False
    if i > 0 and text[i - 1] not in _BEFORE_OPEN:
        return False
    if text[i] in "'‘" and re.match(r"['‘](?:\d\ds|em|n|til|cause)\b", text[i:]):
        return False  # '90s, 'em, rock 'n' roll
    return True


def _find_close(text: str, i: int) -> int | None:
    """Index just after the closing mark of the quote opened at i, or None."""
    single = text[i] in "'‘"
    closer, limit = (_SINGLE_CLOSE, _MAX_SINGLE) if single else (_DOUBLE_CLOSE, _MAX_DOUBLE)
    stop = min(len(text), i + limit)
    pos = i + 1
    while pos < stop:
        hit = closer.search(text, pos, stop)
        blank = text.find("\n\n", pos, hit.start() if hit else stop)
        if blank != -1:
            nxt = re.compile(r"\n\s*").match(text, blank)
            after = nxt.end() if nxt else blank
            if after < len(text) and text[after] == text[i] and not single:
                pos = after + 1  # the quote continues in the next paragraph
                continue
            return None if single else blank
        if hit is None:
            return None
        j = hit.start()
        if _is_closing(text, j, single):
            return j + 1
        pos = j + 1
    return None


def _is_closing(text: str, j: int, single: bool) -> bool:
    if text[j - 1].isspace():
        return False
    nxt = text[j + 1] if j + 1 < len(text) else " "
    if nxt.isalnum():
        return False  # It's, Russia’s, don't
    if single and text[j - 1] in "sS" and re.match(r"['’] [a-z]", text[j : j + 3]):
        return False  # the players' union
    return True


def _make_quote(text: str, open_at: int, close: int) -> Quote | None:
    end = close - 1 if text[close - 1] in "\"”'’" else close
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return Quote(open_at, close, start, end)


def mask_quotes(text: str, quotes: list[Quote], fill: str = "§") -> str:
    """`text` with every quotation (marks included) replaced by `fill`, same length."""
    parts: list[str] = []
    pos = 0
    for q in quotes:
        parts.append(text[pos : q.open_at])
        parts.append(re.sub(r"[^\n]", fill, text[q.open_at : q.close_at]))
        pos = q.close_at
    parts.append(text[pos:])
    return "".join(parts)
