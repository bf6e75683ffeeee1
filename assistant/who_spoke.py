"""Naming whom a quoted sentence calls only "he" or "she".

An answer quotes sentences; '"The bridge will stay shut for at least six weeks," she said.' leaves the reader asking
who she is. The statements extracted at ingest know (the speaker named in the sentence before), so the answer names
her after the citation: '... she said.” [1] (she: Ingrid Halvorsen)'. The quote itself is left as the article has it.
Knows nothing of search or storage: the statements of an article are asked of `statements_of`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .models import Answer, Claim

_SAID_BY_PRONOUN = re.compile(
    r"\b(?P<p>he|she)[ \t]+(?:also[ \t]+)?(?:said|says|added|adds|told|tells|explained|noted|wrote|writes|warned|"
    r"argued|insisted|continued|recalled|stressed)\b|\b(?:said|says|added|adds)[ \t]+(?P<q>he|she)\b", re.I)


def name_pronoun_speakers(answer: Answer, statements_of: Callable[[str], list[Claim]]) -> Answer:
    """`answer` with each quote whose speaker it names only as "he" or "she" followed by who that is, as the
    article's statements attribute it; unchanged when no quote does."""
    if answer.abstained or not answer.citations:
        return answer
    lines = answer.text.split("\n")
    read: dict[str, list[Claim]] = {}
    for cited in answer.citations:
        said = _SAID_BY_PRONOUN.search(cited.quote)
        if said is None:
            continue
        pronoun = (said.group("p") or said.group("q")).lower()
        if cited.article_id not in read:
            read[cited.article_id] = statements_of(cited.article_id)
        who = next((c.speaker for c in read[cited.article_id] if c.start < cited.end and cited.start < c.end
                    and c.speaker_as_written.lower() == pronoun and len(c.speaker.split()) > 1), "")
        if not who or who.split()[-1] in cited.quote:  # named in the quote already ("Halvorsen said ... she added")
            continue
        marker = f"[{cited.n}]"
        at = next((i for i, line in enumerate(lines) if marker in line), None)
        if at is not None:
            lines[at] = lines[at].replace(marker, f"{marker} ({pronoun}: {who})", 1)
    text = "\n".join(lines)
    return answer if text == answer.text else replace(answer, text=text)
