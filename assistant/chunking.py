"""Split an article into overlapping, sentence-aligned chunks with exact character offsets.

Invariant (tested as a property): `article.text[chunk.start:chunk.end] == chunk.text`.
A chunk is whole sentences up to `max_chars`; the next chunk starts with the trailing sentences of
the previous one that fit in `overlap_chars`. A sentence longer than `max_chars` is cut at
whitespace. Knows nothing of storage or models.
"""

from __future__ import annotations

import re

from .models import Article, Chunk
from .sentences import split_sentences


def split_article(article: Article, max_chars: int = 1000, overlap_chars: int = 200) -> list[Chunk]:
    """Return the chunks of `article`, in order, ids `"<article_id>:<n>"`."""
    pieces = _pieces(article.text, max_chars)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        j = i
        while j + 1 < len(pieces) and pieces[j + 1][1] - pieces[i][0] <= max_chars:
            j += 1
        spans.append((pieces[i][0], pieces[j][1]))
        if j + 1 >= len(pieces):
            break
        # step back over trailing sentences that fit in the overlap, always moving forward
        k = j + 1
        while k - 1 > i and pieces[j][1] - pieces[k - 1][0] <= overlap_chars:
            k -= 1
        i = k
    return [
        Chunk(f"{article.id}:{n}", article.id, n, article.text[s:e], s, e)
        for n, (s, e) in enumerate(spans)
    ]


def _pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence over `max_chars` cut at whitespace."""
    out: list[tuple[int, int]] = []
    for start, end in split_sentences(text):
        while end - start > max_chars:
            cut = _cut_point(text, start, start + max_chars)
            out.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return out


def _cut_point(text: str, start: int, limit: int) -> int:
    spaces = [m.start() for m in re.finditer(r"\s", text[start:limit])]
    cut = start + spaces[-1] if spaces and spaces[-1] > (limit - start) // 2 else limit
    while cut > start and text[cut - 1].isspace():
        cut -= 1
    return cut if cut > start else limit
