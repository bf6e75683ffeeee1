"""Sources that disagree: two sentences that tell the same thing with different names or figures.

"The game was played at Raymond James Stadium in Tampa, Florida" against "... in Glendale, Arizona",
or a death toll of 12 in one report and 14 in a later one. Such a pair must reach the reader together,
each with its citation, instead of one being dropped as a repeat of the other. Works on words only: it
says that the accounts differ, never which one is right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from .models import Citation
from .terms import CALENDAR_WORDS, STOPWORDS, tokenize, words

SAME_ACCOUNT = 0.6  # how alike the two sentences' word sequences must be (difflib's ratio)


GENERIC = {"officials", "police", "authorities", "experts", "analysts", "researchers", "scientists", "witnesses",
           "critics", "residents", "sources", "reports", "people", "many", "several", "some", "most", "both",
           "one", "two", "another", "others", "everyone", "nobody", "there", "here", "after", "before", "later",
           "earlier", "meanwhile", "however", "also", "still", "yet"}  # sentence openers that name no one


def _is_fact(word: str, position: int) -> bool:
    """A number, or a name: a capitalised word that is no stop word or day (as a sentence's first word, no
    generic opener either: "Germany won" against "Spain won" differ in a name, "Police said" against
    "Officials said" do not)."""
    low = word.lower().rstrip(".")
    if any(ch.isdigit() for ch in word):
        return True
    if not word[:1].isupper() or low in STOPWORDS or low in CALENDAR_WORDS:  # "Friday" may be "February 14"
        return False
    return position > 0 or low not in GENERIC


def disagree(a: str, b: str, question: str = "") -> bool:
    """True when `a` and `b` tell the same account except that, at the same place, each gives a different
    name or number ("in Tampa, Florida" / "in Glendale, Arizona"). A detail one adds that the other
    leaves out ("on Wednesday", "the Food and Drug Administration") is not a disagreement. Asked "how many
    people died?", two sentences that each count the people differently disagree however they are worded
    ("Twelve people were killed ..." / "Fourteen people died ..."); asked "how much", two sums of money
    ("310 million euros" / "340 million euros") disagree the same way."""
    if question and _counts_differ(question, a, b):
        return True
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    la, lb = [_plain(w) for w in wa], [_plain(w) for w in wb]
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    if matcher.ratio() < SAME_ACCOUNT:
        return False
    only_a, only_b = set(la) - set(lb), set(lb) - set(la)  # "Brittney Griner" against "Griner's" differs in nothing
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        facts_a = [la[i] for i in range(i1, i2) if _is_fact(wa[i], i) and la[i] in only_a]
        facts_b = [lb[j] for j in range(j1, j2) if _is_fact(wb[j], j) and lb[j] in only_b]
        if [f for f in facts_a if not any(_abbreviates(f, g) for g in facts_b)] and \
                [g for g in facts_b if not any(_abbreviates(g, f) for f in facts_a)]:
            return True
    return False


_HOW_MANY = re.compile(r"\bhow\s+many\s+(?:more\s+|other\s+)?(?P<noun>[a-z]+)", re.I)  # "how many (more) people"
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | _TENS  # "seven": 7, "ninety": 90
_NUMBER = re.compile(rf"\b(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS[1:10])}))?|"
                     rf"{'|'.join(_UNITS)})\b", re.I)


def _likeness(a: str, b: str) -> float:
    """How alike two sentences' word sequences are (difflib's ratio, 0 to 1)."""
    return SequenceMatcher(None, [_plain(w) for w in words(a)], [_plain(w) for w in words(b)], autojunk=False).ratio()


def _counts_differ(question: str, a: str, b: str) -> bool:
    """Each sentence gives one count of what a "how many" question asks about, in an account of what the
    question asks (half or more of its other words: "died", "Leeds", "warehouse"), and the counts differ.
    "11 million undocumented immigrants" threatened with deportation and "475,000 undocumented immigrants" in
    New Jersey are counts of other things than the arrests asked about."""
    noun, context, action = _counted(question)
    if not noun and _HOW_MUCH.search(question):  # "How much did the bridge cost?": 310 million euros / 340 million
        asked = tokenize(question)
        context = frozenset(asked) - {"much"}
        if any(2 * len(context & set(tokenize(s))) < len(context) for s in (a, b)):
            return False
        verb = asked[-1] if asked else ""  # "lose" in "How much did customers lose?": not the deposits they held
        if any(verb not in tokenize(s) for s in (a, b)) and _likeness(a, b) < SAME_ACCOUNT:
            return False
        amounts_a, amounts_b = amounts(a), amounts(b)
        return len(amounts_a) == 1 and len(amounts_b) == 1 and amounts_a != amounts_b
    if not noun or any(2 * len(context & set(tokenize(s))) < len(context) for s in (a, b)):
        return False
    if action and any(not action & set(tokenize(s)) for s in (a, b)):  # "how many lost power": not the dead
        return False
    counts_a, counts_b = _counts(noun, a), _counts(noun, b)
    return len(counts_a) == 1 and len(counts_b) == 1 and counts_a != counts_b


@lru_cache(maxsize=64)
def _counted(question: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """What a "how many" question counts (a stem; "" for other questions), its other words, and what it asks
    happened to them (the words after the noun; any word for dying when it asks about deaths), read once for
    all the sentence pairs an answer compares. "How many died?" counts people."""
    asked = _HOW_MANY.search(question)
    if not asked:
        return "", frozenset(), frozenset()
    word = asked.group("noun").lower()
    implied = word in _AUXILIARIES or word.endswith("ed") or word in _DEATH_WORDS  # "how many died / were hurt"
    noun = "people" if implied else (tokenize(word) or [""])[0]
    if not noun:
        return "", frozenset(), frozenset()
    after = question[asked.start("noun") if implied else asked.end("noun"):]
    action = frozenset(tokenize(" ".join(after.split()[:3])))
    action = _DEATH if action & _DEATH else action - {"people"}
    return noun, frozenset(tokenize(question)) - {"many", noun}, action


_DEATH_WORDS = {"died", "killed", "dead"}
_DEATH = frozenset(tokenize("died dead death deaths killed kills fatalities toll perished"))
_AUXILIARIES = {"were", "was", "are", "is", "have", "has", "had", "did", "will", "would"}


def counted_action(question: str) -> frozenset[str]:
    """What a "how many" question asks happened to what it counts, as stems ({"evacu"} for "How many people were
    evacuated?"; every word for dying when it asks about deaths); empty for other questions."""
    return _counted(question)[2]


def counted_noun(question: str) -> str:
    """What a "how many" question counts, a stem ("fan" for "How many fans attended?", "people" for "How many
    died?"); "" for other questions."""
    return _counted(question)[0]


def counts_of(noun: str, sentence: str, rises: bool = False) -> set[int]:
    """The numbers in `sentence` that count `noun` (a stem): "in front of 88,513 fans" -> {88513}; with `rises`
    ("how many more weeks ...?"), "six more weeks" too."""
    return _counts(noun, sentence, rises)


def _counts(noun: str, sentence: str, rises: bool = False) -> set[int]:
    """The numbers in `sentence` that count `noun` (a stem): "Twelve people", "14 people" -> {12, 14}; not a rise
    ("nine more bodies were recovered" is no toll) unless `rises`."""
    found = set()
    for hit in _NUMBER.finditer(sentence):
        after = sentence[hit.end():].split()[:3]
        if noun in tokenize(" ".join(after)) and (rises or not (after and after[0].lower() == "more")):
            found.add(_value(hit.group()))
    return found


_HOW_MUCH = re.compile(r"\bhow\s+much\b", re.I)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_AMOUNT = re.compile(r"(?:(?P<sym>[$€£¥])\s?(?P<n1>\d[\d,]*(?:\.\d+)?)\s*(?P<s1>thousand|million|billion|trillion|"
                     r"bn|mn|tn|[kmb])?\b|(?P<n2>\d[\d,]*(?:\.\d+)?)\s*(?P<s2>thousand|million|billion|trillion|bn|mn)?"
                     r"\s+(?P<cur>euros?|dollars?|pounds?|yen|yuan|rupees?|francs?|kronor|krona|crowns?))", re.I)


def amounts(sentence: str) -> set[float]:
    """The sums of money in a sentence, as numbers: "$3.65bn" -> {3.65e9}, "310 million euros" -> {3.1e8}."""
    found = set()
    for hit in _AMOUNT.finditer(sentence):
        number = (hit.group("n1") or hit.group("n2")).replace(",", "")
        scale = (hit.group("s1") or hit.group("s2") or "").lower()
        found.add(round(float(number) * _SCALE.get(scale, 1.0), 2))
    return found


def _value(number: str) -> int:
    low = number.lower().replace(",", "")
    if low.isdigit():
        return int(low)
    tens, _, unit = low.partition("-")
    return _TENS[tens] + _UNITS.index(unit) if tens in _TENS else _UNITS.index(low)


def _abbreviates(x: str, y: str) -> bool:
    """True when one word is a short form of the other ("mt" and "mount", "gov" and "governor")."""
    short, full = sorted((x.rstrip("."), y.rstrip(".")), key=len)
    if len(short) > 4 or not short or short[0] != full[0] or short == full:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def _plain(word: str) -> str:
    """A word lower-cased, without a possessive "'s"."""
    return re.sub(r"['’]s$", "", word.lower())


def disagreeing(citations: Sequence[Citation], question: str = "") -> list[tuple[int, int]]:
    """Pairs of citation numbers, from different articles, whose quotes disagree (see `disagree`: asked "how much",
    two sums of money disagree however they are worded)."""
    return [(a.n, b.n) for i, a in enumerate(citations) for b in citations[i + 1:]
            if a.article_id != b.article_id and disagree(a.quote, b.quote, question)]
