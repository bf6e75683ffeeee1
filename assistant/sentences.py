"""Split text into sentence spans, keeping character offsets into the original text.

`split_sentences(text)` returns `[(start, end), ...]` with `text[start:end]` stripped of surrounding
whitespace. Rule-based: it knows common abbreviations ("U.S.", "Mr.", "Jan."), initials and
decimals, and treats line breaks as boundaries. It does not parse quotations: a quote that runs over
several sentences is several sentences here (claims.py joins them).
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "rep",
    "sen", "gov", "pres", "rev", "hon", "no", "vs", "etc", "inc", "ltd", "co", "corp", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig",
    "approx", "est", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "mt", "ft", "ave",
    "atty", "supt", "insp", "det", "cmdr", "adm", "maj", "brig", "cpl", "pvt", "msgr", "fr", "sens", "reps",
    "mme", "messrs", "bros", "assn", "univ", "sec",  # titles before a name ("his lawyer, Atty. Ramon Cruz")
}  # fmt: skip

# a candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace
_END = re.compile(r"[.!?…]+['\"”’)\]]*(?=\s)|\n")
_NEXT_START = re.compile(r"\s*['\"“‘(\[]?[A-Z0-9À-ÖØ-Þ]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group() != "\n" and not _is_boundary(text, match.start(), end):
            continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _is_boundary(text: str, punct_at: int, end: int) -> bool:
    if not _NEXT_START.match(text, end):
        return False
    if text[punct_at] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[max(0, punct_at - 12) : punct_at])
    if not word:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return False
    # single initials ("J. Smith") but not a lone capital ending a sentence about "Plan B."
    return not (len(token) == 1 and token.isalpha() and text[end:].lstrip()[:1].isupper()
                and punct_at >= 2 and text[punct_at - 2] in " \n")


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


_TEASER = re.compile(
    r"^\W*(?:(?:more|related|read(?: more| this| next)?|see also|also read|previously|full story|live updates|"
    r"you may like|required reading|opinion|watch|update|sign up|subscribe)\s*:"
    r"|(?-i:[A-Z][\w'’ .-]{2,60}:(?=[A-Z])).*[^.!?”\"'’)\s]\s*$"  # a label glued to its link, a headline with no
    # full stop: "FOOD RECALLS:FDA ...", "Food recall:FDA recalls ..." (not "Dover:Delaware's attorney general filed ....")
    r"|(?-i:[A-Z][\w'’ ]{0,40}:(?=[A-Z“\"])).*\bread more\b)"  # "Update:Supreme Court upholds law ... Read more."
    r"|\bread more\W*$", re.I)
_FURNITURE = re.compile(  # the page around the story: credits, newsletter and puzzle offers, video players, ads
    r"^\W*(?:contributing|contributors?|additional reporting)\b\s*(?::|by\b)|\bsign up\b|\bsubscribe\b"
    r"|^\W*editor['’]s note\b|\bfollow along\b.*\blive\b"
    r"|^\W*play the\b|video ad feedback|\d\d:\d\d\s*-\s*source:|^\W*offer from\b|motley fool|stock advisor", re.I)


def is_link(sentence: str) -> bool:
    """A link to another story left in the text ("More:Fed raises rates", "Related: ...", "... Read more."): its
    words are another story's headline, no statement of this one."""
    return bool(_TEASER.search(sentence))


def is_teaser(sentence: str) -> bool:
    """A link to another story left in the text ("More:Fed raises rates", "Related: ...", "... Read more."), or
    the page around the story ("Contributing: ...", "Sign up for our newsletter", "Video Ad Feedback 02:17 -
    Source: CNN"): never something this article reports."""
    return is_link(sentence) or bool(_FURNITURE.search(sentence))
