"""Pages standing where an article should be: cookie-consent walls, "page not found" pages served with
HTTP 200 (soft 404s) and paywall teasers; and the subscription offers paywalls put inside real articles.

`strip_offer(text)` drops a subscription offer's lines from extracted text, `wall_kind(title, text,
offer)` names what a page looks like when it is not an article, and `is_teaser(new, stored)` tells a
teaser of a stored article from an edit of it. All three read extracted text only, and only phrases
that address the reader ("we use cookies", "already a subscriber?", "the page you are looking for"),
so a short news brief, or a story *about* cookies or subscription prices, is an article.
Deliberately not handled: walls in languages other than English, and login forms or section indexes
(web.py's length gate rejects those).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .articles import normalise_text

WALL_MAX_CHARS = 2500  # a consent or "not found" page is short; a longer text is an article that mentions one
TEASER_MIN_CHARS = 300  # less text than this beside a subscription offer is a teaser, even in whole sentences
TEASER_PARAGRAPHS = 3  # a teaser shows at most this many of the story's paragraphs
TEASER_SHARE = 0.25  # a new version under this share of the stored text, starting like it, is a teaser
_OFFER_LINE_CHARS = 120  # a longer line with one offer phrase is prose ("subscribers can cancel anytime")

_CONSENT = re.compile(
    r"\bwe use cookies\b|\bwe and our (?:\d+ )?partners\b|\bbefore you continue\b|\byour privacy choices\b"
    r"|\bmanage (?:your )?(?:cookie|privacy|consent) (?:settings|preferences|options)\b", re.I)
_COOKIE_WORDS = re.compile(r"\b(?:cookies?|consent|personali[sz]ed|partners|privacy|tracking)\b", re.I)
_NOT_FOUND = re.compile(
    r"\bpage not found\b|\b(?:error )?404\b.*\bnot found\b|\b(?:error 404|404 error)\b"
    r"|\b(?:couldn't|could not|can't|cannot|can not) (?:find|locate) (?:that|this|the) page\b"
    r"|\bpage (?:you are|you're|you were) looking for\b|\bpage (?:does not|doesn't|no longer) exists?\b",
    re.I)
_OFFER = re.compile(
    r"\balready (?:a )?(?:subscriber|member)\b|\bsubscribe to (?:unlock|continue|read|keep reading|access)\b"
    r"|\bunlock this (?:article|story)\b|\b(?:start|begin) (?:your |a )?(?:free )?trial\b|\bcancel any ?time\b"
    r"|\bunlimited (?:digital )?access\b|\b(?:complete|essential|full) digital access\b"
    r"|\bexplore our (?:full range of )?subscriptions\b|\balready have access\b"
    r"|\b(?:discover|see|view) all (?:the |our )?plans\b|\bsign in to (?:continue|keep) reading\b"
    r"|\bto continue reading,? (?:subscribe|sign in|log in|register)\b"
    r"|\bthis (?:article|story|content) is (?:only )?(?:available )?(?:for|to) (?:subscribers|members)\b"
    r"|^[-•*]?\s*[\w +&]{2,40}:\s*[£$€]\s?\d+(?:[.,]\d\d)? (?:per|a) (?:week|month|year)\b", re.I)
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
_BUTTON_CHARS = 40  # a line this short between two offer lines is its button or heading ("Start trial")
_TEASER_END = re.compile(r"(?:…|\.\.\.|\bread more|\bcontinue reading|\[\+\d+ chars\])[\s.!:»›>→]*$", re.I)


@dataclass(frozen=True)
class Offer:
    """What `strip_offer` took out of a text."""

    lines: int  # lines carrying an offer's phrases
    cut: bool  # the text before the offer stops mid-sentence, as a teaser does


def strip_offer(text: str) -> tuple[str, Offer | None]:
    """The text without a subscription offer's lines, and what was taken out (None when nothing was)."""
    lines = text.split("\n")
    marked = [i for i, line in enumerate(lines) if _offer_line(line)]
    if not marked:
        return text, None
    dropped = set(marked)
    dropped |= {i for i in range(marked[0], marked[-1]) if len(lines[i].strip()) <= _BUTTON_CHARS}
    before = [line.strip() for line in lines[: marked[0]] if line.strip()]
    cut = bool(before) and not re.search(r"[.!?:;\"'”’)\]]$", before[-1])
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped), Offer(len(marked), cut)


def _offer_line(line: str) -> bool:
    """A line of an offer: a short one with an offer's phrase, or a longer one with several."""
    found = {m.group().lower() for m in _OFFER.finditer(line)}
    return bool(found) and (len(line) <= _OFFER_LINE_CHARS or len(found) >= 2)


def wall_kind(title: str, text: str, offer: Offer | None = None) -> str:
    """What a page looks like when it is not an article ("a cookie consent page", "a 'page not found'
    page", "a paywall teaser"); "" for an article. `offer` is what `strip_offer` took out of `text`."""
    size = len(normalise_text(text))
    lines = [line for line in text.split("\n") if line.strip() and line.strip() != title.strip()]
    unquoted = _QUOTED.sub(" ", f"{title}\n{text}")  # a story quoting "we use cookies" is no wall
    if size <= WALL_MAX_CHARS and lines and _CONSENT.search(unquoted):
        wordy = sum(1 for line in lines if _COOKIE_WORDS.search(line))
        if wordy * 2 >= len(lines):
            return "a cookie consent page"
    if size <= WALL_MAX_CHARS and _NOT_FOUND.search(_QUOTED.sub(" ", "\n".join([title, *lines[:2]]))):
        return "a 'page not found' page"
    if offer is not None and offer.lines >= 2 and (offer.cut or size < TEASER_MIN_CHARS):
        return "a paywall teaser"
    return ""


def is_teaser(new: str, stored: str) -> bool:
    """Whether `new` is a teaser of the `stored` text rather than an edit of it: it opens the same way and is
    either a small share of it, or a shorter one that ends in "…" or "Read more", or one whose every paragraph is
    word for word in the stored text (its opening paragraphs, the rest behind a paywall)."""
    new_text, old_text = normalise_text(new).lower(), normalise_text(stored).lower()
    if not new_text or len(new_text) >= len(old_text):
        return False
    opening = new_text[: min(80, len(new_text) // 2)]
    if opening not in old_text:
        return False
    share = len(new_text) / len(old_text)
    if share < TEASER_SHARE:
        return True
    paragraphs = [normalise_text(p).lower() for p in new.split("\n") if p.strip()]
    opening_only = len(paragraphs) <= TEASER_PARAGRAPHS and all(p in old_text for p in paragraphs)
    return share < 2 * TEASER_SHARE and (bool(_TEASER_END.search(new_text)) or opening_only)
