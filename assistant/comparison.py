"""Answer "who said what" questions from claims the caller has already retrieved.

`parse_claim_question` recognises questions about what someone said (one speaker, a comparison, or
"who said '...'"); the `answer_*` builders turn scored claims into an extractive `Answer` whose
citations quote the claims verbatim at their offsets. A comparison pairs the speakers' claims on the
same point by embedding similarity. Nothing here retrieves, stores or calls a language model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .dates import strip_dates
from .extractive import format_date
from .mentions import PARTICLE, SAY_VERB, SAYS
from .models import Answer, Citation, Claim, Comparison, ComparisonRow
from .speakers import is_institution, is_role_word, match_speakers
from .terms import CALENDAR_WORDS, STOPWORDS, stem, words

ScoredClaim = tuple[Claim, float]  # (claim, relevance to the topic: higher is better)
Embed = Callable[[list[str]], np.ndarray]

_SAY = r"(?:say|said|says|saying|state|stated|claim|claimed|claims|tell|told|remarks?|comments?|statements?|" \
    r"quotes?|quoted|describe|described|characteri[sz]e|announce|announced|accounts?|positions?|stance|" \
    r"views?|words|react|reacted|reaction|respond|responded|response|think|thinks|thought|believe|" \
    r"according|argue|argued|add|added|adds|warn|warned|promise|promised|insist|insisted|mention|mentioned|" \
    r"predict|predicted|expect|expected|forecast|admit|admitted|testify|testified|urge|urged|" \
    r"demand|demanded|acknowledge|acknowledged|propose|proposed|vow|vowed|pledge|pledged)"
_COMPARE = re.compile(r"\b(?:compare|compared|comparison|contrast|differ|differed|difference|differences|"
                      r"versus|vs\.?|each|both|agree|agreed|disagree|disagreed)\b", re.I)
_NEXT_ASKED = re.compile(r"[,;]?\s+and\s+(?=(?:what|how)\s+(?:did|does|do|has|have|had)\s)", re.I)
_THINGS = frozenset(["shares", "stocks", "stock", "markets", "market", "prices", "price", "investors", "bonds",
                     "yields", "futures", "currency", "dollar", "euro", "oil", "sales", "fans", "crowd", "voters"])
_FACT_QUESTION = re.compile(r"\s*(?:and\s+)?(?:how|when|where|why|which|who|whom|is|are|was|were|did|does|do)\b", re.I)
_FIGURE_ASKED = re.compile(
    r"\s*(?:and\s+)?(?:how\s+(?:many|much|long|old|far|big|large)\b|what\s+(?:percentage|percent|share|number|amount|"
    r"price|age|year|date|day|time)\b|(?:what|which)\s+(?!else\b|exactly\b|precisely\b|specifically\b|other\b|"
    r"more\b|then\b)[a-z]+\s+(?:did|does|do|has|have|had|will|would)\b)", re.I)
_WHO_SAID = re.compile(rf"\bwho\s+(?:has\s+|had\s+)?{_SAY}\b", re.I)
_WHICH_SAID = re.compile(  # "Which company announced job cuts?", "Which minister said ...": who, not what they said
    rf"^\s*(?:and\s+)?which\s+(?:(?!(?:did|does|do|is|was|are|were|will|would|has|have|had)\b)[\w'’-]+\s+){{1,3}}?"
    rf"(?:has\s+|had\s+|have\s+)?{_SAY}\b", re.I)
_QUOTED = re.compile(r"[\"“‘']([^\"“”‘’]{3,}?)[\"”’'](?=[\s?.!,]|$)")
_NAME = re.compile(rf"\b[A-Z][\w’'-]*(?:\s+(?:{PARTICLE}\s+){{0,2}}[A-Z][\w’'-]*)*")
_QUESTION_WORDS = frozenset(
    ["what", "who", "how", "did", "does", "do", "has", "have", "was", "were", "compare", "contrast", "which", "when", "why", "is", "are", "whose", "tell", "according", "and", "or", "the", "a", "an", "each", "both"]
)
_PREPOSITIONS = "about|on|regarding|concerning|of|over|that|to|after|before|during|following|at|in"
_TOPIC_PREPOSITIONS = re.compile(rf"^(?:(?:{_PREPOSITIONS})\b|\s)+", re.I)  # "about the economy" -> "the economy"
_TOPIC_LEAD = re.compile(rf"^(?:(?:{_PREPOSITIONS}|the|a|an)\b|\s)+", re.I)  # ... -> "economy"
_SETTING = re.compile(  # where or in what order something was said: no topic
    r"\b(?:in|at|on|to|during|before|outside)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?(?:court|courtroom|"
    r"trial|hearing|interview|statement|press\s+conference|news\s+conference|briefing|speech|debate|rally|"
    r"television|tv|radio|parliament|congress|reporters|journalists|the\s+media|social\s+media|x|twitter|"
    r"facebook|instagram|a\s+podcast|podcast|the\s+stand|testimony|closing\s+arguments?|response|reply|return)\b|"
    r"^\s*(?:next|then|first|last|later|afterwards|after\s+that|that\s+day|that\s+night|the\s+day\s+before|"
    r"again|publicly|today|yesterday)\s*(?=[?.!]*\s*$)|"
    r"^\s*(?:reporters|journalists|lawmakers|senators|supporters|the\s+jury|the\s+court|the\s+committee|"
    r"the\s+crowd|the\s+audience)\b", re.I)  # "tell reporters about ...": whom it was said to
_PRONOUN_TOPICS = frozenset({"it", "this", "that", "them", "these", "those", "him", "her", "so"})
_SIMILARITY_FLOOR = 0.35
_MAX_SLOT_WORDS = 10  # "Compare what Trump and Putin said": the speakers come early in a claim question
_ABOUT_ARTICLES = re.compile(r"\b(?:article|articles|report|reports|reporting|story|stories|piece|coverage|"
                             r"outlet|newspaper|headline|according)\b", re.I)
_EXCERPT = 240


@dataclass(frozen=True)
class ClaimQuestion:
    """A question about what someone said: which speakers, on what topic, or which quote."""

    kind: Literal["speaker", "compare", "who_said"]
    speakers: list[str]  # canonical speakers from `known` that the question names
    unknown: list[str]  # person names in the question that match no known speaker, e.g. ["Macron"]
    topic: str  # what it is about, speaker names and "what did ... say" removed ("" if none)
    quote: str = ""  # for who_said: the quoted text
    about: str = ""  # the topic as written for a reader ("the economy" where `topic` is "economy")
    slot: str = ""  # the part naming the speakers, before "say" ("What did Okafor"), not the topic


def parse_claim_question(question: str, known: Mapping[str, str], aliases: Mapping[str, str] | None = None,
                         weights: Mapping[str, int] | None = None) -> ClaimQuestion | None:
    """Recognise a claim question; `known` maps canonical speaker -> role, `weights` speaker -> claims (a
    shared surname names the most quoted). None for other questions."""
    text = " ".join(question.split())
    parts = _NEXT_ASKED.split(text)
    if len(parts) > 1:  # "What did Lindqvist say about tariffs and what did Bailey say about them?": both
        asked = [parse_claim_question(part, known, aliases, weights) for part in parts]
        if all(cq is not None and cq.kind != "who_said" for cq in asked):
            first = [cq for cq in asked if cq is not None][0]
            speakers = list(dict.fromkeys(s for cq in asked if cq is not None for s in cq.speakers))
            unknown = list(dict.fromkeys(n for cq in asked if cq is not None for n in cq.unknown))
            kind: Literal["speaker", "compare"] = "compare" if len(speakers) + len(unknown) >= 2 else "speaker"
            return ClaimQuestion(kind, speakers, unknown, first.topic, about=first.about,
                                 slot=" ".join(cq.slot for cq in asked if cq is not None))
    who = _WHO_SAID.search(text)
    if who and len(text[: who.start()].split()) > 2:
        who = None  # "Who said ...", "And who said ...", not a "who said" clause later in the question
    quoted = _QUOTED.search(text)
    if who is None and _WHICH_SAID.search(text):  # "Which company announced job cuts last week?" asks who did,
        if quoted is None:  # from the passages (a statement holding "job cuts" may be anyone's); 'Which senator
            return None  # said "we will not yield"?' asks who said those words
        who = _WHICH_SAID.search(text)
    if who is not None:
        quote = quoted.group(1) if quoted else _TOPIC_LEAD.sub("", text[who.end():])
        return ClaimQuestion("who_said", [], [], "", quote.strip(" ?.!'\"“”‘’"))
    say = next((m for m in re.finditer(rf"\b{_SAY}\b", text, re.I)  # a capital is a name's ("Ohio State", "Views
                if m.group()[:1].islower() or not text[: m.start()].strip()), None)  # Motors"), not a verb
    if say is None or say.group().lower() == "according" and _FACT_QUESTION.match(text) or _FIGURE_ASKED.match(text):
        return None  # "How many members voted for the cut, according to the BBC?" asks a fact of a source, "How many
        # files did Trump say he would release?" and "What tariff did Trump vow to impose?" a figure of a statement
    slot = text[: say.start()]
    if len(slot.split()) > _MAX_SLOT_WORDS or _ABOUT_ARTICLES.search(slot):
        return None  # "Does the Verge article claim ...": a question about what articles say, not a speaker
    last = slot.split()[-1] if slot.split() else ""
    if last[:1].islower() and last.lower() in _THINGS:
        return None  # "How did Halvorsen shares react?": the shares, not a speaker
    speakers = match_speakers(slot, known, aliases, known, weights)
    unknown = _unknown_names(slot, known, aliases or {})
    if not speakers and not unknown:
        return None
    rest = strip_dates(_COMPARE.sub(" ", text[say.end() :]))  # "say in February": when, not what about
    rest = _SETTING.sub(" ", rest)  # "say in court", "say next": where or when, not what about
    topic = " ".join(_TOPIC_LEAD.sub("", rest).strip(" ?.!").split())
    if not re.search(r"\w", topic):  # "... promise)?": the end of a bracket, no topic
        topic, rest = "", ""
    if topic.lower() in _PRONOUN_TOPICS:  # "What did she say about it?" left unresolved: about nothing named
        topic = ""
    about = " ".join(_TOPIC_PREPOSITIONS.sub("", rest).strip(" ?.!").split())
    many = len(speakers) + len(unknown) >= 2
    return ClaimQuestion("compare" if many else "speaker", speakers, unknown, topic, about=about if topic else "",
                         slot=slot)


def _unknown_names(slot: str, known: Mapping[str, str], aliases: Mapping[str, str]) -> list[str]:
    """Capitalised names in the speaker part of a question that match no known speaker."""
    found = []
    for hit in _NAME.finditer(slot):
        tokens = [t for t in re.sub(r"['’]s\b", "", hit.group()).split() if t.lower() not in _QUESTION_WORDS]
        name = " ".join(tokens)
        if len(name) == 1:  # an initial ("J.D. Vance"): part of a name, never one
            continue
        office = re.search(r"([A-Z][\w’'-]*)\s+of\s+(?:the\s+)?$", slot[: hit.start()])  # "Secretary of State":
        if office and is_role_word(office.group(1)):  # an office's name, not a person
            continue
        if name and not match_speakers(name, known, aliases, known) and not all(is_role_word(t) for t in tokens) \
                and not _a_role_of(name, known):  # "the Transport Secretary" names whoever holds it, not someone unknown
            found.append(name)
    return found


def _a_role_of(name: str, known: Mapping[str, str]) -> bool:
    """Whether a capitalised phrase ending in a title is the role of a known speaker ("Transport Secretary")."""
    words = name.split()
    return bool(words) and is_role_word(words[-1]) and any(
        role and name.lower() in role.lower() for role in known.values())


class _Citer:
    """Numbers citations 1..m in order of first use, one per claim."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._numbers: dict[str, int] = {}

    def cite(self, claim: Claim) -> int:
        if claim.id not in self._numbers:
            n = len(self.citations) + 1
            self._numbers[claim.id] = n
            self.citations.append(Citation(
                n=n, article_id=claim.article_id, quote=claim.quote, start=claim.start, end=claim.end,
                title=claim.title, url=claim.url, source=claim.source, published=claim.published,
            ))
        return self._numbers[claim.id]


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _who(claim: Claim) -> str:
    if claim.kind == "institutional":
        role = f" ({claim.role})" if claim.role and claim.role != claim.speaker else ""
        # "the Kremlin", "the FBI", but "Google", "Israel": only names of the institution kind take "the"
        the = "the " if is_institution(claim.speaker) and not claim.speaker.lower().startswith("the ") else ""
        return f"{the}{claim.speaker}{role}"
    return f"{claim.speaker} ({claim.role})" if claim.role else claim.speaker


def describe_claim(claim: Claim, n: int) -> str:
    """One sentence presenting a claim with its date, speaker, kind and citation marker."""
    date = format_date(claim.published)
    when = f"On {date}, " if date else ""
    quote = _excerpt(claim.quote)
    if claim.kind == "direct":
        return f"{when}{_who(claim)} said: “{quote}” [{n}]"
    if claim.kind == "institutional":  # the reporter's words: no quotation marks, as in comparisons
        return f"{when}a statement by {_who(claim)}, as reported by the article: {quote} [{n}]"
    return f"{when}reported speech (not a direct quote) of {_who(claim)}: {quote} [{n}]"


def _missing(speakers: Sequence[str], topic: str = "") -> list[str]:
    about = f" about {topic}" if topic else ""
    return [f"No statements by {s}{about} in the articles." for s in speakers]


def _top(scored: Sequence[ScoredClaim], limit: int) -> list[Claim]:
    """The best `limit` statements, each once: a quotation inside a reported sentence already chosen (or holding
    one) is that statement again ("The minister said the offer was "fair and final."" and "fair and final")."""
    out: list[Claim] = []
    for claim, _ in sorted(scored, key=lambda cs: (-cs[1], cs[0].published, cs[0].start)):
        if len(out) < limit and not any(_within(claim, o) or _within(o, claim) for o in out):
            out.append(claim)
    return out


def _within(inner: Claim, outer: Claim) -> bool:
    return inner.article_id == outer.article_id and outer.start <= inner.start and inner.end <= outer.end


def answer_speaker(question: str, cq: ClaimQuestion, claims: Mapping[str, Sequence[ScoredClaim]],
                   max_per_speaker: int = 4) -> Answer:
    """What each named speaker said on the topic, quoted with citations."""
    citer = _Citer()
    blocks: list[str] = []
    missing = [s for s in cq.speakers if not claims.get(s)]
    for speaker in cq.speakers:
        chosen = _top(claims.get(speaker, ()), max_per_speaker)
        if chosen:
            lines = [f"- {describe_claim(c, citer.cite(c))}" for c in chosen]
            blocks.append(f"**{speaker}**\n" + "\n".join(lines))
    notes = _missing(missing, cq.about or cq.topic) + _missing(cq.unknown)
    text = "\n\n".join(blocks + ([" ".join(notes)] if notes else []))
    return Answer(question=question, text=text or "No statements found in the articles.",
                  citations=citer.citations, mode="extractive", abstained=not citer.citations)


def answer_unknown_speakers(question: str, cq: ClaimQuestion) -> Answer:
    """Abstain: the question names speakers with no statements in the articles."""
    names = cq.unknown or cq.speakers
    return Answer(question=question, text=" ".join(_missing(names)) or "No statements found in the articles.",
                  citations=[], mode="extractive", abstained=True)


def answer_who_said(question: str, cq: ClaimQuestion, matches: Sequence[Claim]) -> Answer:
    """Who said the quoted words, with the claims that contain them."""
    if not matches:
        return Answer(question=question, text=f"No statement matching “{cq.quote}” was found in the articles.",
                      citations=[], mode="extractive", abstained=True)
    citer = _Citer()
    lines = [f"- {describe_claim(c, citer.cite(c))}" for c in matches]
    first = {c.speaker: c for c in reversed(matches)}  # one person once, under the role of their first match
    speakers = list(dict.fromkeys(_who(first[c.speaker]) for c in matches))
    head = f"“{_excerpt(cq.quote, 120)}” is attributed to {' and '.join(speakers)}." if cq.quote else ""
    return Answer(question=question, text="\n".join([head, *lines]).strip(), citations=citer.citations,
                  mode="extractive")


def answer_comparison(question: str, cq: ClaimQuestion, claims: Mapping[str, Sequence[ScoredClaim]],
                      embed: Embed, max_rows: int = 6) -> Answer:
    """A table pairing the speakers' claims on the same points, one column per speaker."""
    present = [s for s in cq.speakers if claims.get(s)]
    if len(present) < 2:
        return answer_speaker(question, cq, claims)
    candidates = {s: _top(claims[s], 2 * max_rows) for s in present}  # more to pair from than rows shown
    rows = align_claims(candidates, embed, max_rows)
    citer = _Citer()
    table_rows: list[ComparisonRow] = []
    lines = ["| Point | " + " | ".join(present) + " |", "|" + " --- |" * (len(present) + 1)]
    for row in rows:
        cells = {s: [citer.cite(row[s])] if s in row else [] for s in present}
        topic = row_topic(list(row.values()), present)
        table_rows.append(ComparisonRow(topic=topic, cells=cells))
        rendered = [_cell(row[s], cells[s][0]) if s in row else "(not addressed)" for s in present]
        lines.append(f"| {topic} | " + " | ".join(rendered) + " |")
    about = f" about {cq.about or cq.topic}" if cq.topic else ""
    parts = [f"What {' and '.join(present)} said{about}:", "\n".join(lines)]
    notes = _missing([s for s in cq.speakers if s not in present], cq.about or cq.topic) + _missing(cq.unknown)
    text = "\n\n".join(parts + ([" ".join(notes)] if notes else []))
    reported = sorted({citer.cite(claim) for row in rows for claim in row.values() if claim.kind != "direct"})
    return Answer(question=question, text=text, citations=citer.citations, mode="extractive",
                  comparison=Comparison(speakers=present, rows=table_rows, reported=reported))


def _cell(claim: Claim, n: int) -> str:
    """A statement in a comparison cell, dated as answers are ("19 May 2025: ... [3]")."""
    said = _excerpt(claim.quote, 160).replace("|", "\\|")
    said = f"“{said}”" if claim.kind == "direct" else f"{said} (reported)"  # the speaker's words, or the reporter's
    when = format_date(claim.published)
    return (f"{when}: " if when else "") + f"{said} [{n}]"


def align_claims(candidates: Mapping[str, Sequence[Claim]], embed: Embed, max_rows: int) -> list[dict[str, Claim]]:
    """Rows of at most one claim per speaker, pairing claims on the same point (greedy, similarity floor)."""
    flat = [(s, c) for s, cs in candidates.items() for c in cs]
    vectors = embed([" ".join(c.quote.split()) for _, c in flat])
    sims = vectors @ vectors.T
    pairs = sorted(((float(sims[i, j]), i, j) for i in range(len(flat)) for j in range(i + 1, len(flat))
                    if flat[i][0] != flat[j][0] and sims[i, j] >= _SIMILARITY_FLOOR), reverse=True)
    row_of: dict[int, int] = {}
    rows: list[dict[str, int]] = []
    for _, i, j in pairs:
        if i in row_of and j in row_of:
            continue
        if i not in row_of and j not in row_of:
            row_of[i] = row_of[j] = len(rows)
            rows.append({flat[i][0]: i, flat[j][0]: j})
            continue
        held, new = (i, j) if i in row_of else (j, i)
        row = rows[row_of[held]]
        if flat[new][0] not in row and all(sims[new, k] >= _SIMILARITY_FLOOR for k in row.values()):
            row[flat[new][0]] = new
            row_of[new] = row_of[held]
    rows = rows[:max_rows]
    rows += _single_rows(flat, {i for r in rows for i in r.values()}, list(candidates), max_rows - len(rows))
    return [{s: flat[i][1] for s, i in row.items()} for row in rows]


def _single_rows(flat: list[tuple[str, Claim]], used: set[int], speakers: list[str],
                 room: int) -> list[dict[str, int]]:
    """Unpaired claims, taken round-robin across speakers so no one crowds out the others."""
    queues = {s: [i for i, (sp, _) in enumerate(flat) if sp == s and i not in used] for s in speakers}
    out: list[dict[str, int]] = []
    while room > 0 and any(queues.values()):
        for s in speakers:
            if queues[s] and room > 0:
                out.append({s: queues[s].pop(0)})
                room -= 1
    return out


# words that say little about what a statement is about: common verbs and adverbs, amounts and spans of time
_PLAIN = frozenset(stem(w) for w in re.findall(r"\w+", """
    going goes went gone make makes made making take takes took taken think thinks thought know knows knew want wants
    wanted come comes came coming get gets got give gives gave gone look looks looked need needs needed keep kept put
    seem seems seemed feel feels felt try tried trying leave left call called work working back away just really very
    still even much many well also time times hour hours minute minutes day days week weeks year years month months
    people thing things way lot lots half single every something anything nothing everything good great better best
    little long next last first right sure certainly actually already always never ever maybe perhaps whether however
    though although able spent spend talk talking talked tell told today tonight yesterday tomorrow morning evening
    night like part place point number kind sort there here where other another others continue continued done doing
    believe believes believed ongoing further primarily clarified expressed noted suggested added stated confirmed
    announced announcing posted outlining various potential future possible together against terrible
    """))


_SAID = re.compile(rf"\b{SAY_VERB}\b(?:\s+(?:on|in|at|late|early|last|this)(?:\s+[\w'’-]+){{0,2}})?(?:\s+that)?\s+")


def _what_was_said(claim: Claim) -> str:
    """A statement without its attribution: reported speech from past its verb ("Merovian Prime Minister Tomas
    Kessler said on Friday that ..." is what follows); a quotation as it is."""
    if claim.kind == "direct":
        return claim.quote
    verb = _SAID.search(claim.quote)
    return claim.quote[verb.end():] if verb and verb.end() < len(claim.quote) else claim.quote


def row_topic(claims: Sequence[Claim], speakers: Sequence[str], size: int = 3) -> str:
    """A short deterministic label: the content words the row's statements share most, names before other words
    ("Ukraine", "Europe"), then the most frequent; words that say little ("spent", "hours", "going") only when
    nothing else is left."""
    names = {w.lower() for s in speakers for w in s.split()} | {w.lower() for c in claims for w in c.speaker.split()}
    counts: dict[str, tuple[int, int, int, int, int]] = {}
    written: dict[str, str] = {}
    for k, claim in enumerate(claims):
        seen: set[str] = set()
        for pos, word in enumerate(words(_what_was_said(claim))):
            w = word.lower().replace("’", "'")
            if len(w) < 4 or w in STOPWORDS or w in names or not w.isalpha() or SAYS.fullmatch(w) \
                    or w in CALENDAR_WORDS or is_role_word(word):  # not "Prime Minister", "Monday"
                continue
            proper = int(pos > 0 and word[:1].isupper())
            cells, freq, first, plain, named = counts.get(w, (0, 0, k * 10_000 + pos, int(stem(w) in _PLAIN), 0))
            counts[w] = (cells + (w not in seen), freq + 1, first, plain, named | proper)
            written.setdefault(w, word if proper else w)
            seen.add(w)
    best = sorted(counts, key=lambda w: (counts[w][3], -counts[w][0], -counts[w][4], -counts[w][1], counts[w][2]))
    best = [w for w in best if not counts[w][3]][:size] or best[:size]
    return ", ".join(written[w] for w in sorted(best, key=lambda w: counts[w][2])) or "other"
