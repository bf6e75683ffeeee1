"""Interview and Q&A transcripts: the answers given after a speaker label at the start of a paragraph.

`find_answers(masked, people_before, authors)` returns an `LabelledAnswer` for each paragraph like "Tuchel: We were brave
today." or "LEE: Trade is our lifeline." whose label stands for a person the introduction names ("Thomas Tuchel",
"Lee Jae-myung"), and for "A: ..." when the introduction says an interview follows. Questions ("Q:", the outlet's
"TIME:", an interviewer named in the introduction or by the byline) are nobody's answers. Only an article that reads
as a transcript has answers: two of them at least, with a labelled question or an introduction that speaks of an
interview, so "Warning: ...", "Photo: ..." and player ratings ("Kane: Scored twice. 8.") give none. It does not find
speakers in prose (mentions.py does) nor make claims of the answers (claims.py does).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .speakers import fold, is_institution, split_title, surname

_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_LABEL = re.compile(  # "Tuchel: ...", "LEE JAE-MYUNG: ...", "**Q:** ...", "[1:03] Trump: ...", at a paragraph's start
    rf"^[ \t]*(?:\[[\d:]+\][ \t]*)?(?:\*\*)?(?P<label>{_WORD}(?:[ \t]+{_WORD}){{0,3}})(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]+"
    r"(?P<said>\S[^\n]*)", re.M)
_SENTENCE_END = re.compile(  # sentences, cut off ("--") or with a note ("[inaudible]"), not a heading ("Pelosi: Deal")
    r"(?:[.!?…—–-][\"”'’)\]]*|\[[^\]\n]*\]|\([^)\n]*\))[ \t]*$")
_ASKING = frozenset({"q", "question", "interviewer"})
_ANSWERING = frozenset({"a", "answer"})
_INTERVIEW = re.compile(  # what an introduction to a transcript says
    r"\b(?:interview(?:ed|s)?|conversation|(?:press|news)[ \t]+conference|transcript|Q&A|edited|condensed|"
    r"(?:spoke|speaks|talked|talks|speaking|talking)[ \t]+(?:to|with)|sat[ \t]+down[ \t]+with|told[ \t]+reporters|"
    r"(?:answered|took)[ \t]+questions)\b", re.I)
_ASKERS = re.compile(  # "... was moderated by CBS anchors Norah O'Donnell and Margaret Brennan.": the ones asking
    r"\b(?:(?:interviewed|questioned|asked|moderated|hosted)[ \t]+by|questions[ \t]+from)\b[^\n,;]*?"
    r"(?:[.!?](?=\s|$)|[\n,;]|$)")  # up to the clause's end: "Asked by the BBC whether he would quit, Starmer said"
_OPENING_NAME = re.compile(rf"\s*(?P<name>{_WORD}(?:[ \t]+{_WORD}){{1,2}})(?=[ \t]+[a-z])")  # the introduction's
# subject, named in full: "Mikel Arteta admitted ..."
_INTERVIEWS = re.compile(r"([\w'’-]+)[ \t]+interviewed\b")  # "Kim Hjelmgaard interviewed Zarif"


@dataclass(frozen=True)
class LabelledAnswer:
    """An answer by `speaker`: its label at text[label_start:label_end], its words at text[start:end]."""

    speaker: str
    label_start: int
    label_end: int
    start: int
    end: int


def find_answers(masked: str, people_before: Callable[[int], list[str]],
                 authors: Iterable[str] = ()) -> list[LabelledAnswer]:
    """The answers of a transcript in `masked` (an article's text with its quotations masked, so no label inside a
    quotation counts), in text order; `people_before(i)` gives the persons named in masked[:i]."""
    labels = list(_LABEL.finditer(masked))
    if len(labels) < 2:  # most articles: nothing more to do
        return []
    keys = [_key(hit.group("label")) for hit in labels]
    repeated = {key for key, count in Counter(keys).items() if count > 1}
    intro_end = next((hit.start() for hit, key in zip(labels, keys, strict=True)
                      if key in _ASKING | _ANSWERING | repeated), -1)
    if intro_end < 0:
        return []
    intro = masked[:intro_end]
    lowered = intro.lower()  # a cheap look before names are resolved: two labels at least that the introduction names
    if sum(key in _ANSWERING or hit.group("label").split()[-1].lower() in lowered
           for hit, key in zip(labels, keys, strict=True)) < 2:
        return []
    people = list(dict.fromkeys(people_before(intro_end)))
    named = _people_named(keys, people)
    askers = _askers(intro, people, authors, labels, named)
    interview = _INTERVIEW.search(intro) is not None
    opening = _OPENING_NAME.match(intro)  # "Mikel Arteta was asked about ...": whom the transcript is with
    subject = opening.group("name") if opening and not is_institution(opening.group("name")) else ""
    interviewee = next((p for p in [*named, subject, *people] if p and p not in askers), "") if interview else ""
    speakers = [interviewee if key in _ANSWERING else "" if p in askers else p
                for p, key in zip(named, keys, strict=True)]
    asked = any(p in askers or not s and _question(hit) for hit, p, s in zip(labels, named, speakers, strict=True))
    answers = [_answer(hit, s) for hit, s in zip(labels, speakers, strict=True)
               if s and hit.start() >= intro_end and _sentences(hit.group("said"))]
    return answers if len(answers) >= 2 and (asked or interview) else []


def _key(label: str) -> str:
    """A label as compared with names: without titles, accents, case and spaces ("MR O' NEIL" -> "o'neil")."""
    return _compared(split_title(" ".join(label.split()))[1]).rstrip(".")


def _compared(name: str) -> str:
    return "".join(fold(name).lower().replace("’", "'").split())


def _people_named(keys: list[str], people: list[str]) -> list[str]:
    """The one person of the introduction each label names, by full name or family name; "" for none or several."""
    named: dict[str, set[str]] = {}  # full name or family name, as compared -> the persons it names
    for person in people:
        for form in (person, surname(person)):
            named.setdefault(_compared(form), set()).add(person)
    return [next(iter(named[key])) if len(named.get(key, ())) == 1 else "" for key in keys]


def _askers(intro: str, people: list[str], authors: Iterable[str], labels: list[re.Match[str]],
            speakers: list[str]) -> set[str]:
    """The persons who ask: the byline's, those the introduction says ask, those whose paragraphs are questions."""
    asking = {_compared(surname(a)) for a in authors}  # family names
    asking |= {_compared(w) for hit in _ASKERS.finditer(intro) for w in re.findall(r"[\w'’-]+", hit.group())}
    asking |= {_compared(hit.group(1)) for hit in _INTERVIEWS.finditer(intro)}
    askers = {p for p in people if _compared(surname(p)) in asking}
    for person in set(filter(None, speakers)):
        said = [hit for hit, s in zip(labels, speakers, strict=True) if s == person]
        if 2 * sum(_question(hit) for hit in said) > len(said):
            askers.add(person)
    return askers


def _sentences(said: str) -> bool:
    """Whether an answer is sentences, not a heading; a quotation (masked) at its end stands for a sentence's end
    when the answer is that quotation or has another sentence before it."""
    quoted = said.rstrip(" \t").endswith("§")
    return _SENTENCE_END.search(said) is not None or quoted and (not said.strip("§ \t") or
                                                                 re.search(r"[.!?][ \t]", said) is not None)


def _question(label: re.Match[str]) -> bool:
    return label.group("said").rstrip(" \t\"”'’*").endswith("?")


def _answer(label: re.Match[str], speaker: str) -> LabelledAnswer:
    start, end = label.start("said"), label.start("said") + len(label.group("said").rstrip())
    return LabelledAnswer(speaker, label.start("label"), label.end("label"), start, end)
