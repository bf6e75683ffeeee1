"""Sources that disagree: two sentences that tell the same thing with different names or figures.

"The game was played at Raymond James Stadium in Tampa, Florida" against "... in Glendale, Arizona",
or a death toll of 12 in one report and 14 in a later one. Such a pair must reach the reader together,
each with its citation, instead of one being dropped as a repeat of the other. Works on words only: it
says that the accounts differ, never which one is right.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import Citation
from .terms import STOPWORDS, stem, tokenize, words

SAME_ACCOUNT = 0.6  # share of the longer sentence's terms the two must have in common
MAX_DIFFERENT = 4  # terms of either sentence the other lacks, at most: more is another account, not a variant


def facts(sentence: str) -> set[str]:
    """Names (capitalised words past the first) and numbers of a sentence, lower-cased stems."""
    out = set()
    for i, w in enumerate(words(sentence)):
        if any(ch.isdigit() for ch in w) or (i > 0 and w[:1].isupper() and w.lower() not in STOPWORDS):
            out.add(stem(w))
    return out


def disagree(a: str, b: str) -> bool:
    """True when `a` and `b` are the same account except for names or figures that each has and the other lacks."""
    ta, tb = set(tokenize(a)), set(tokenize(b))
    if not ta or not tb or len(ta & tb) / max(len(ta), len(tb)) < SAME_ACCOUNT:
        return False
    if len(ta - tb) > MAX_DIFFERENT or len(tb - ta) > MAX_DIFFERENT:
        return False
    return bool((facts(a) - tb) and (facts(b) - ta))


def disagreeing(citations: Sequence[Citation]) -> list[tuple[int, int]]:
    """Pairs of citation numbers, from different articles, whose quotes disagree (see `disagree`)."""
    return [(a.n, b.n) for i, a in enumerate(citations) for b in citations[i + 1:]
            if a.article_id != b.article_id and disagree(a.quote, b.quote)]
