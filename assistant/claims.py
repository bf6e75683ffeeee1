"""Extract speaker-attributed claims from an article: direct quotes and reported statements.

`extract_claims(article, aliases)` returns `Claim`s whose `quote` is always `article.text[start:end]`:
quoted words (without the marks) for direct quotes, and the clause from the speaker's mention to
the end of the statement for reported speech ("Trump said that ...", "according to the Kremlin, ..."),
through any quotation inside that clause ('Vance said climate change is "a hoax" ...'), which is also a
direct quote of its own. In an interview or debate transcript, each answer after a speaker label ("Tuchel: We were
brave today.") is a direct quote of the person the introduction names (transcripts.py finds them).
Rule-based and fast (regular expressions over sentences); pronouns and role phrases resolve to the
person last named as a subject. It does not judge whether a claim is true, nor split plural subjects
("Trump and Putin said") into two speakers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .mentions import (
    ACCORDING_TO,
    INVERTED,
    NAME_SET_OFF_EVENT,
    REPORTED_BEFORE,
    SAY_VERB,
    SAYING_EVENT,
    SAYS,
    SPEECH_EVENT,
    WHO_SAID_EVENT,
    Mention,
    Resolver,
)
from .models import Article, Claim, ClaimKind
from .quotes import Quote, find_quotes, mask_quotes
from .sentences import is_link, split_sentences
from .transcripts import LabelledAnswer, find_answers

VERSION = "23"  # bump when extraction changes: stored articles then count as changed (`reprocess` renews them)
_TRAILING = re.compile(  # "..., and said", "... police said": the verb goes; a noun that is also a verb of speech
    # stays ("rejected the claims", "the country's climate pledges")
    rf"(?:[\s,;:—–-]*\b(?:and|but|while|with)\b)?(?:[\s,;:]*\b(?:said|says|added|told|stated|explained|wrote)\b|"
    rf"\s*[,;:—–-]\s*{SAY_VERB}\b)?[\s,;:.—–-]*$")
_PUNCTUATION = re.compile(r"[\s,;:.—–-]*$")
_DANGLING = re.compile(  # words that lead into what the statement no longer holds
    r"(?:[\s,;:—–-]*\b(?:according[ \t]+to|which|that|who|whom|whose|when|where|because|although|though|while|but|"
    r"and|or|as|a|an|the)\b)+[\s,;:—–-]*$")  # (not "in", "by": "as reports come in", "the department stands by")
_PASSIVE = re.compile(r"\b(?:been|be|being|was|were|is|are|get|gets|got|getting)\s*$", re.I)  # "he'd been told"
_FILLER = frozenset(
    ["that", "in", "on", "at", "to", "a", "an", "the", "his", "her", "their", "its", "statement", "interview", "email", "e-mail", "reporters", "press", "conference", "briefing", "release", "tweet", "post", "video", "speech", "letter", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "this", "last", "week", "earlier", "later", "late", "today", "yesterday", "night", "morning"]
)  # fmt: skip


@dataclass(frozen=True)
class _Event:
    """A speech verb with its speaker mention; `inverted` for '..." said X'."""

    mention: Mention
    verb_start: int
    verb_end: int
    inverted: bool = False
    according: bool = False
    relative: bool = False  # "X, who said ...": the statement ends with the clause
    begin: int = -1  # where the statement starts when not at the mention ("X, who said A, proposed B": at "proposed")
    before: bool = False  # what was said comes before: "Vance is terrified, said Mini Timmaraju"


_NAMED_BY = r"(?:[A-Z][\w'’.-]*[ \t]+){1,3}[A-Z][\w'’.-]*"
_SIGN_OFF = re.compile(  # "– Joey Garrison", "-- Joey Garrison": a live blog's reporter signing off a post, and
    rf"(?m)^[ \t]*(?:[–—−-]{{1,2}}|(?i:contributing|contributors?|reporting)[ \t]*(?:by)?:)[ \t]*{_NAMED_BY}"  # the
    rf"(?:(?:,[ \t]*|[ \t]+and[ \t]+){_NAMED_BY})*[ \t.]*$")  # credits ("Contributing: Joey Garrison"): never
# the "he" of the next post


def extract_claims(article: Article, aliases: Mapping[str, str] | None = None) -> list[Claim]:
    """All speaker-attributed claims of `article`, in text order."""
    text = article.text
    quotes = find_quotes(text)
    masked = _SIGN_OFF.sub(lambda m: " " * len(m.group()), mask_quotes(text, quotes))  # no one speaks there
    resolver = Resolver(masked, aliases or {})
    answers = find_answers(masked, lambda end: resolver.named(0, end), article.authors)
    claims: list[Claim] = [_answered(article, answer, quotes, resolver) for answer in answers]
    previous: Claim | None = None
    for start, end in _units(text, quotes):
        if is_link(text[start:end]):  # "More:Trump declares national emergency": another story's headline
            previous = None
            continue
        unit_quotes = [q for q in quotes if start <= q.open_at < end]
        resolver.begin_unit(start)
        events = _events(masked, start, end, resolver)
        found = _unit_claims(article, masked, (start, end), unit_quotes, events, resolver, previous)
        claims.extend(found)
        previous = found[-1] if found else None
        resolver.end_unit(start, end)
    unique: dict[str, Claim] = {}  # one speaker per span: the first attribution found wins
    for claim in claims:
        unique.setdefault(claim.id, _with_named_body(text, claim))
    return sorted(unique.values(), key=lambda c: (c.start, c.end))


_BODIES = frozenset({"agency", "department", "ministry", "court", "commission", "council", "committee", "board",
                     "authority", "administration", "university", "hospital", "union", "bank", "regulator"})
_BODY_LOOKBACK = 4000  # characters before a statement searched for the body "the agency" stands for


def _with_named_body(text: str, claim: Claim) -> Claim:
    """A statement by "the agency" (or department, ministry, court ...) under the body of that kind the article
    named last before it: "the Federal Emergency Management Agency ... the agency said" is FEMA's."""
    noun = claim.speaker.lower()
    if claim.kind != "institutional" or noun not in _BODIES:
        return claim
    window = text[max(0, claim.start - _BODY_LOOKBACK): claim.start]
    word = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w&'’-]*)"  # "U.S.", "Health", never "Europe." ending a sentence
    head_last = rf"\b((?:{word}[ \t]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?){{1,5}}(?i:{noun}))\b"
    head_first = rf"\b((?i:{noun})[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{word}" \
                 rf"(?:[ \t]+(?:of[ \t]+|and[ \t]+(?!(?i:{noun})\b))?{word}){{0,4}})"  # "... and Conservation"
    found = [(m.end(), re.sub(r"^(?:The|A|An|Its|Their)\s+", "", " ".join(m.group(1).split())))
             for pattern in (head_last, head_first) for m in re.finditer(pattern, window)]
    named = [(end, body) for end, body in found if body.lower() != noun and body[:1].isupper()]
    return replace(claim, speaker=max(named)[1]) if named else claim


def _answered(article: Article, answer: LabelledAnswer, quotes: list[Quote], resolver: Resolver) -> Claim:
    """The direct claim of a transcript's answer ("Tuchel: We were brave today."), inside its quote marks if it has
    them ('LEE: "Trade is our lifeline."')."""
    label = article.text[answer.label_start : answer.label_end]
    role = resolver.roles.get(answer.speaker, "")
    mention = Mention(answer.label_start, answer.label_end, label, answer.speaker, role)
    quoted = next((q for q in quotes if q.open_at == answer.start and q.close_at == answer.end), None)
    start, end = (quoted.start, quoted.end) if quoted else (answer.start, answer.end)
    return _claim(article, mention, "direct", start, end)


def _units(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans, merged so that no quotation crosses a boundary."""
    units: list[tuple[int, int]] = []
    qi = 0
    for start, end in split_sentences(text):
        while qi < len(quotes) and quotes[qi].close_at <= start:
            qi += 1
        if units and qi < len(quotes) and quotes[qi].open_at < start < quotes[qi].close_at:
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units


def _events(masked: str, start: int, end: int, resolver: Resolver) -> list[_Event]:
    events: list[_Event] = []
    speech = SAYS.search(masked, start, end) is not None
    for pattern, inverted, according in ((SPEECH_EVENT, False, False), (SAYING_EVENT, False, False),
                                         (WHO_SAID_EVENT, False, False), (NAME_SET_OFF_EVENT, False, False),
                                         (INVERTED, True, False), (REPORTED_BEFORE, False, False),
                                         (ACCORDING_TO, False, True)):
        if not (according or speech) or (according and "ccording to" not in masked[start:end]):
            continue
        for hit in pattern.finditer(masked, start, end):
            if pattern is WHO_SAID_EVENT and _AFTER_OF.search(masked, max(start, hit.start("m") - 12), hit.start("m")):
                continue  # "Stacy Rasgon, an analyst at Bernstein, who added": he added it, not Bernstein
            if pattern is SAYING_EVENT and (not _opens(masked[start:hit.start("m")])
                                            or SAYS.search(masked, hit.end("m"), hit.start("v"))):
                continue  # the one saying is the subject ("... criticized the Solomon Islands, saying" is not them),
                # and nobody else is said to speak before it ("Crews worked on, Chrimes said, adding ...")
            mention = resolver.mention(hit.start("m"), hit.end("m"), hit.group("m"))
            if mention is None or pattern is SPEECH_EVENT and _shared_object(masked, start, mention):
                continue
            if pattern is NAME_SET_OFF_EVENT:  # "Ashcombe's lawyer, Priya Natarajan, said": from the role
                mention = replace(mention, anchor=max(start, masked.rfind(",", start, hit.start()) + 1))
            verb = (hit.start("v"), hit.end("v")) if "v" in pattern.groupindex and hit.group("v") else \
                (hit.start(), hit.start())
            events.append(_Event(mention, verb[0], verb[1], inverted, according, pattern is WHO_SAID_EVENT,
                                 before=pattern is REPORTED_BEFORE))
    events.sort(key=lambda e: (e.mention.start, e.relative))
    kept: list[_Event] = []
    for e in events:  # "Weber, who said X, said Y": both
        prev = kept[-1] if kept else None
        if prev and e.mention.start < prev.mention.end and not (e.relative and e.verb_start != prev.verb_start):
            continue
        if prev and e.verb_start == prev.verb_start and not e.relative \
                and masked[prev.mention.end : e.mention.start].strip() == ",":  # "The shadow chancellor, Mel
            kept[-1] = e  # Stride, said": one statement, of the name set off ("... to Australia, Xiao Qian,")
            continue
        kept.append(e)
    return [_after_clause(masked, e, kept) for e in kept]


def _after_clause(masked: str, event: _Event, events: list[_Event]) -> _Event:
    """The event, starting after the "who said A" clause of its own speaker when there is one ("Governor Tom Hale,
    who said A, proposed B": B without the clause that is A)."""
    clause = next((r for r in events if r.relative and r is not event and r.mention.start == event.mention.start), None)
    closing = masked.find(",", clause.verb_end, event.verb_start) if clause and not event.relative else -1
    if closing < 0:
        return event
    rest = masked[closing + 1 :]
    return replace(event, begin=closing + 1 + len(rest) - len(rest.lstrip()))


_SHARED = re.compile(  # "Officials in Texas and Florida said", "Both Democrats and Republicans said": the name
    r"\b(?i:in|of|from|at|for|across|between|both)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w.'’-]*[ \t]+){1,3}and[ \t]+"
    r"(?:the[ \t]+)?\Z")  # after "and" is the second of two places or groups, never the one who spoke


def _shared_object(masked: str, start: int, mention: Mention) -> bool:
    """Whether a one-word mention ends a phrase it shares with another name ("in Texas and Florida"), so that
    it is no speaker: a person named in full after "and" ("Officials in Texas and Gov. Greg Abbott said") is."""
    return len(mention.as_written.split()) == 1 and _SHARED.search(masked, max(start, mention.start - 80),
                                                                     mention.start) is not None


_AFTER_OF = re.compile(r"\b(?:at|of|for|in)[ \t]+(?:the[ \t]+)?\Z")  # "an analyst at Bernstein, who ..."


def _opens(lead: str) -> bool:
    """Whether what comes before a mention leaves it the sentence's subject: nothing, or a short opening
    phrase and a comma ("On Monday, the mayor ...")."""
    lead = lead.strip()
    return not lead or lead.endswith(",") and len(lead.split()) <= 5


def _unit_claims(article: Article, masked: str, unit: tuple[int, int], quotes: list[Quote],
                 events: list[_Event], resolver: Resolver, previous: Claim | None) -> list[Claim]:
    claims: list[Claim] = []
    trailing: set[int] = set()  # events that only attribute the quotation before them
    for quote in quotes:
        if _is_title(article.text, quote):  # told CNN's "State of the Union": a programme, not his words
            continue
        event = _attribute(article.text, masked, unit, quote, events)
        if event is not None:
            claims.append(_claim(article, event.mention, "direct", quote.start, quote.end))
            if event.mention.start >= quote.close_at:
                trailing.add(id(event))
        elif previous is not None and _standalone(article.text, masked, unit, quote) and previous.kind != "institutional":
            claims.append(_again(article, previous, quote))
    for i, event in enumerate(events):
        if event.inverted or id(event) in trailing:
            continue
        span = _paraphrase_span(article.text, masked, unit, event, events[i + 1 :], quotes, first=i == 0)
        if span is not None:
            kind: ClaimKind = "institutional" if event.mention.institution else "paraphrase"
            claims.append(_claim(article, event.mention, kind, *span))
    for claim in claims:
        if claim.kind != "institutional":
            resolver.saw_subject(claim.speaker)
    return claims


def _attribute(text: str, masked: str, unit: tuple[int, int], quote: Quote, events: list[_Event]) -> _Event | None:
    """The event that introduces or follows a quotation in the same sentence, if any."""
    words = len(text[quote.start : quote.end].split())
    after = [e for e in events if e.mention.start >= quote.close_at or e.verb_start >= quote.close_at]
    gap = masked[quote.close_at : min(after[0].mention.start, after[0].verb_start)] if after else "§"
    if re.fullmatch(r"[\s,]*(?:[\w.'’-]+,?\s+){0,4}", gap) and not _NEW_CLAUSE.search(gap):
        return after[0]  # '...," Roswell, Georgia, police spokesman X said'; not '...," while Kessler said
    before = [e for e in events if e.mention.end <= quote.open_at and not e.inverted]
    lead = masked[unit[0] : quote.open_at]
    if before and re.search(rf"\b{SAY_VERB}\b[^§]{{0,60}}$", lead):
        return before[-1]
    if before and words >= 3:
        return before[-1]
    return after[0] if after and words >= 3 else None


_NEW_CLAUSE = re.compile(r"\b(?:while|whereas|but|although|though|and|as|when|after|before|because|since|whom?|which)\b",
                         re.I)  # after a quotation, a speaker named past one of these speaks in a clause of their own


_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "from", "by", "or", "vs"})
_TITLED = re.compile(r"(?:['’]s|\b(?:on|in|the|show|programme|program|podcast|film|movie|book|album|song|series|titled|"
                     r"called|named|entitled|dubbed|nicknamed|known[ \t]+as|chat|group))[ \t]*$", re.I)


def _is_title(text: str, quote: Quote) -> bool:
    """Whether a quotation is the title of a programme, book or film ('told CNN's "State of the Union"', 'in her
    book "A Promised Land"') or some other name ('told the "Houthi PC Small Group"'): two to eight words, each
    capitalised but the small ones, no sentence inside it, after a possessive or a word that introduces a title."""
    inner = text[quote.start:quote.end]
    words = inner.split()
    if not 2 <= len(words) <= 8 or re.search(r"[.!?,;:]", inner):
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words) or not words[0][:1].isupper():
        return False
    return _TITLED.search(text[max(0, quote.open_at - 30):quote.open_at]) is not None


def _standalone(text: str, masked: str, unit: tuple[int, int], quote: Quote) -> bool:
    """A quotation that is a whole sentence on its own: it goes on the statement before it."""
    rest = masked[unit[0] : quote.open_at] + masked[quote.close_at : unit[1]]
    return not rest.strip(" .,;:\n") and len(text[quote.start : quote.end].split()) >= 3


def _paraphrase_span(text: str, masked: str, unit: tuple[int, int], event: _Event, later: list[_Event],
                     quotes: list[Quote], first: bool) -> tuple[int, int] | None:
    """The span of a reported statement: from the speaker's mention to the statement's end (or, for "A, said X",
    the sentence up to the comma)."""
    if event.before:
        comma = masked.rfind(",", unit[0], event.verb_start)
        first_char = unit[0] + len(masked[unit[0] : comma]) - len(masked[unit[0] : comma].lstrip())
        said = masked[first_char:comma]
        if "§" in said or len(re.findall(r"[\w'’-]+", said)) < 4 or _EDITED.fullmatch(said):
            return None  # a quotation is attributed as a quotation; a fragment is no statement
        return first_char, comma
    if event.according:
        start, end = unit
    else:
        start = event.begin if event.begin >= 0 else \
            event.mention.anchor if first and event.mention.anchor >= 0 else event.mention.start
        end = min([unit[1]] + [e.mention.start for e in later if e.mention.start > start])
        closing = masked.find(",", event.verb_end, end) if event.relative else -1
        end = closing if closing > 0 else end  # "Zelensky, who said X, postponed a visit": X, not the visit
        lead = re.sub(r"(?:\b(?:[Tt]he|[Aa]n?|[a-z][\w-]*)\s+){0,4}$", "", masked[unit[0] : event.mention.start])
        # ("..., finance minister Rachel Reeves said": the lowercase role words go with the name)
        if not event.relative and lead.rstrip().endswith(",") and len(lead.split()) >= 4 \
                and _AFTERWORD.fullmatch(masked[event.verb_end : unit[1]]):  # "The toll has reached 14, the
            first_char = unit[0] + len(lead) - len(lead.lstrip())  # health department said on Friday, as ...":
            last = unit[0] + len(lead.rstrip()) - 1  # what was said comes before the attribution
            return None if _EDITED.fullmatch(masked, first_char, last) else (first_char, last)
        stops = [q.open_at for q in quotes if start <= q.open_at < end  # a quotation ends the claim ...
                 and not (q.open_at >= event.verb_end and _inside_clause(masked, event.verb_end, q))]  # ... or not
        end = min([end, *stops, *_clause_ends(text, masked, event.verb_end, end, quotes)])
    trimmed = _TRAILING.search(masked, start, end)
    if trimmed and _PASSIVE.search(masked, start, trimmed.start()):  # "he had been told": keep the verb
        trimmed = _PUNCTUATION.search(masked, start, end)
    end = trimmed.start() if trimmed and trimmed.start() > start else end
    dangling = _DANGLING.search(masked, start, end)  # cut before another attribution: "..., which" / "according to"
    end = dangling.start() if dangling and dangling.start() > max(start, event.verb_end) else end
    content = masked[event.verb_end : end] if not event.according else masked[start:end]
    words = [w for w in re.findall(r"[\w'’-]+", content) if w.lower() not in _FILLER]
    if end <= start or len(words) < 2 or _ONLY_WHERE.fullmatch(content) or _EDITED.fullmatch(content):
        return None  # where, not what ("Trump responded on Truth Social"); an editor's note ("he said, lightly edited")
    return start, end


_AFTERWORD = re.compile(  # what may follow "..., the ministry said": when, then a clause about something else
    r"\s*(?:(?:on|in|at|late|early|last|this|earlier|later)(?:\s+[\w'’-]+){0,2})?\s*"
    r"(?:,\s*(?:as|while|when|after|before|but|and|citing|amid|[a-z]+ing)\b[^§]*)?[.!]?\s*")  # ", creating 300 jobs"
_EDITED = re.compile(  # an editor's note, no statement: "The interview has been lightly edited", ", edited for clarity"
    r"(?i:[\s,;:.—–-]*(?:(?:the|this|our|his|her|their)[ \t]+(?:interview|conversation|transcript|exchange|text|"
    r"remarks|answers|q&a)[ \t]+(?:has|have)[ \t]+been[ \t]+)?(?:(?:lightly|slightly)[ \t]+)?(?:edited|condensed)"
    r"(?:[ \t]+and[ \t]+(?:edited|condensed))?(?:[ \t]+for[ \t]+(?:length|clarity|brevity|style)(?:,?[ \t]+(?:and[ \t]+)?"
    r"(?:length|clarity|brevity|style))*)?[\s,;:.]*)")
_ONLY_WHERE = re.compile(r"\s*(?:on|in|at|via|through|from)\s+(?:(?!(?:to|that|for)\b)[\w'’.-]+\s*){1,4}[.,]?\s*")


def _clause_ends(text: str, masked: str, verb_end: int, end: int, quotes: list[Quote]) -> list[int]:
    """Where a reported statement that runs through quotations ends before its sentence does: at a paragraph
    break, or at a quotation that closes on a comma ('... against “extreme MAGA Republicans,” and Porter
    criticized ...'), after which the sentence goes on about something else."""
    ends = [i for i in (masked.find("\n", verb_end, end),) if i >= 0]
    ends += [q.close_at for q in quotes if verb_end <= q.open_at and q.close_at < end
             and "," in text[q.end:q.close_at] + masked[q.close_at:q.close_at + 1]]
    return ends


def _inside_clause(masked: str, verb_end: int, quote: Quote) -> bool:
    """True for a quotation that goes on a reported clause ('Vance said climate change is "a hoax"'): words
    of the statement come between the speech verb and the quotation, with no colon or comma before it, so
    the claim runs through it instead of stopping at "climate change is". A later quotation of the same
    clause goes on it too ('... a "wakeup call" for industries, which need to be "laser-focused"') when the
    first one did and words of the statement lead to it as well."""
    lead = masked[verb_end : quote.open_at]
    first, last = lead.split("§", 1)[0], lead.rsplit("§", 1)[-1]

    def leads_in(part: str) -> bool:
        words = [w for w in re.findall(r"[\w'’-]+", part) if w.lower() not in _FILLER]
        return bool(words) and not re.search(r"[,:;—–-]\s*$", part)

    return leads_in(first) and ("§" not in lead or leads_in(last))


def _claim(article: Article, mention: Mention, kind: ClaimKind, start: int, end: int) -> Claim:
    return Claim(
        speaker=mention.speaker, speaker_as_written=mention.as_written, role=mention.role, kind=kind,
        quote=article.text[start:end], article_id=article.id, start=start, end=end,
        published=article.published_iso, title=article.title, url=article.url, source=article.source,
    )


def _again(article: Article, previous: Claim, quote: Quote) -> Claim:
    """A stand-alone quotation right after a claim: the same speaker goes on talking."""
    return Claim(
        speaker=previous.speaker, speaker_as_written=previous.speaker_as_written, role=previous.role,
        kind="direct", quote=article.text[quote.start : quote.end], article_id=article.id,
        start=quote.start, end=quote.end, published=article.published_iso, title=article.title,
        url=article.url, source=article.source,
    )
