"""What kind of fact a question asks for (a percentage, an age, a sum of money, a country), and the facts of that
kind in a sentence: "What percentage of the vote did the AfD win?" is answered by "20.8%", not by "in 2017"."""

from __future__ import annotations

import re
from functools import lru_cache

from .disagreements import amounts
from .places import places_in

_SUCCESSOR_ASKED = re.compile(r"\bwho\s+(?:replaced|replaces|succeeded|succeeds|will\s+(?:replace|succeed|take\s+over)|"
                              r"took\s+over|is\s+taking\s+over|is\s+the\s+new)\b", re.I)
_SUCCESSION = re.compile(r"\b(?:named|appointed|succeeds?|succeeded|successor|interim|acting|"
                         r"takes?\s+over|took\s+over|tapped|chosen|elected|promoted)\b", re.I)
_REASON_ASKED = re.compile(r"^\s*(?:and\s+)?(?:why\b|what\s+(?:was|is|were|are)\s+the\s+reasons?\b|"
                           r"for\s+what\s+reason\b)", re.I)
_REASON = re.compile(r"\b(?:because|due\s+to|owing\s+to|citing|cited|as\s+a\s+result\s+of|the\s+reason|reasons|"
                     r"blamed|lost\s+confidence|in\s+protest|so\s+that|in\s+order\s+to|over\s+concerns?|"
                     r"accused\s+(?:him|her|them|it)\s+of|for\s+failing)\b", re.I)
_CHANGE_ASKED = re.compile(  # a rise, a fall or an offer: in per cent or in money ("How much did the district offer?",
    # "How much did the shares fall?")
    r"\bby\s+how\s+much\b|\bhow\s+much\b(?!\s+(?:rain|snow|water|land|weight|time)\b).*\b(?:offer|offered|offering|raise|raised|fall|fell|rise|rose|drop|dropped|"
    r"climb|climbed|jump|jumped|slump|slumped|plunge|plunged|gain|gained|decline|declined|increase|increased|"
    r"decrease|decreased|grow|grew|shrink|shrank|soar|soared|sink|sank|slide|slid)\b", re.I)
_CHANGED = re.compile(r"\b(?:offer\w*|rais\w*|rise[sn]?|rising|rose|f[ae]ll\w*|drop\w*|climb\w*|jump\w*|slump\w*|"
                      r"plung\w*|gain\w*|declin\w*|increas\w*|decreas\w*|gr[eo]w\w*|shr[ai]nk\w*|soar\w*|s[ai]nk\w*|"
                      r"slid\w*|cut\w*|hik\w*|add\w*|up|down|more|less|higher|lower|lost|shed)\b", re.I)
_PERCENT_ASKED = re.compile(r"\b(?:what|which)\s+(?:percentage|percent|proportion|share)\b|"
                            r"\bhow\s+much\s+of\b|\bhow\s+many\s+percent(?:age\s+points)?\b", re.I)
_AGE_ASKED = re.compile(r"\bhow\s+old\b|\bwhat\s+age\b|\bat\s+what\s+age\b", re.I)
_MONEY_ASKED = re.compile(r"\bhow\s+much\b(?!\s+(?:of|longer|more\s+time|time|weight|rain|snow|water|land)\b)|"
                          r"\bwhat\s+(?:is|was|will\s+be|were|are)\s+(?:the\s+)?(?:[\w'’]+\s+){0,4}?"
                          r"(?:fee|fees|price|cost|fine|salary|bail|ransom|reward|valuation|budget|wages?)\b", re.I)
# (not profit, revenue or earnings: a results story gives many sums, and its opening sentence the one asked for)
_COUNTRY_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:country|countries|nation|nations)\b", re.I)
_STATE_ASKED = re.compile(  # "which US state", not "which state agency" nor "which state-run firm"
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:state|states)\b(?!-|\s+(?:media|agency|agencies|department|officials?|"
    r"senators?|governors?|legislature|lawmakers|courts?|police|troopers|university|universities|parks?|prisons?|"
    r"broadcaster|television|tv|news|schools?|elections?|funeral|visit|dinner|secretary|capital|capitol|house|laws?|"
    r"government|budget|of)\b)", re.I)
_NUMBER = r"\d+(?:[.,]\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|a\s+half|half"
_PERCENT = re.compile(rf"\b(?P<n>{_NUMBER})\s?(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.I)
_SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
_LARGE = re.compile(r"(?<![$€£¥\d.,])(?P<n>\d[\d,]*(?:\.\d+)?)\s+(?P<s>million|billion|trillion)\b(?!\s+(?:people|residents))",
                    re.I)
_AGE = re.compile(r"\b(?P<n>\d{1,3})-year-old\b|\baged\s+(?P<a>\d{1,3})\b|\b(?P<b>\d{1,3})\s+years?\s+old\b|"
                  r"\bat\s+(?:the\s+)?age\s+(?:of\s+)?(?P<d>\d{1,3})\b|"
                  r"(?<=[A-Za-z]),\s+(?P<c>\d{1,3}),|"
                  r"\b(?:he|she)\s+(?:was|is|turns|turned)\s+(?P<e>\d{1,3})\s*[.;]|"  # "He was 49."
                  r"(?<=,)\s+both\s+(?P<f>\d{1,3}),", re.I)  # "his clients, both 31, were unaware"


_KINDS_ASKED = (("reason", _REASON_ASKED), ("successor", _SUCCESSOR_ASKED), ("change", _CHANGE_ASKED),
                ("percent", _PERCENT_ASKED), ("age", _AGE_ASKED), ("money", _MONEY_ASKED))  # the first that asks wins


@lru_cache(maxsize=256)
def asked_kind(question: str) -> str:
    """"percent", "age", "money" or "change" (either of the first and the last) when the question asks for that kind
    of figure, "reason" for a why-question, "successor" for who replaced someone; "" otherwise. (Read once per
    question: every candidate sentence asks.)"""
    return next((kind for kind, asked in _KINDS_ASKED if asked.search(question)), "")


def facts_of_kind(kind: str, sentence: str) -> set[str]:
    """The figures of `kind` in `sentence`, each as one key whatever the writing ("25%", "25 percent" -> "25%";
    "$3.65bn", "3.65 billion dollars" -> "$3650000000.0"; "45-year-old", "aged 45" -> "45 years")."""
    if kind == "successor":  # "The board named Alice Brennan interim chief executive"
        return {m.group().lower() for m in _SUCCESSION.finditer(sentence)}
    if kind == "reason":  # "... because ...", "citing ...", "said it had lost confidence in ..."
        return {m.group().lower() for m in _REASON.finditer(sentence)}
    if kind == "change":  # a figure beside a word of change ("Shares rose as much as 6.5%"), not a standing share
        if not _CHANGED.search(sentence):  # ("The family still owns 35% of the shares")
            return set()
        return facts_of_kind("percent", sentence) | facts_of_kind("money", sentence)
    if kind == "percent":
        return {f"{m.group('n').lower().replace(',', '.')}%" for m in _PERCENT.finditer(sentence)}
    if kind == "age":
        return {f"{next(g for g in m.groups() if g)} years" for m in _AGE.finditer(sentence)}
    if kind == "money":  # "worth 3.65 billion" is a sum too, its currency said elsewhere
        return {f"${value}" for value in amounts(sentence)} | {
            f"${float(m.group('n').replace(',', '')) * _SCALE[m.group('s').lower()]}" for m in _LARGE.finditer(sentence)}
    return set()


_PERIODS = {"hour": "hourly", "day": "daily", "week": "weekly", "month": "monthly", "year": "yearly|annual|annually"}
_PER = {period: re.compile(rf"\b(?:(?:per|a|an|each|every)\s+{period}|{adverbs})\b", re.I)  # "a day", "daily"
        for period, adverbs in _PERIODS.items()}


def _period_asked(question: str) -> str:
    """"day" for "How much is the strike costing per day?" (or "a day", "daily"); "" when no rate is asked."""
    return next((period for period, per in _PER.items() if per.search(question)), "")


def new_facts_of_kind(question: str, sentence: str) -> set[str] | None:
    """The figures of the kind the question asks for that the sentence holds and the question does not; None
    when the question asks for no such kind. A rate asked for ("per day", "weekly wage") is given only by a
    sentence saying that rate ("25 million euros a day", not "100 million euros so far")."""
    kind = asked_kind(question)
    if not kind:
        return None
    period = _period_asked(question) if kind in ("money", "percent", "change") else ""
    if period and not _PER[period].search(sentence):
        return set()
    return facts_of_kind(kind, sentence) - facts_of_kind(kind, question)


@lru_cache(maxsize=256)
def asked_place(question: str) -> str:
    """"country" or "state" (of the US) when the question asks which one ("Which country was put back on the
    list?", "Which US state was struck by 32 tornadoes?"); "" otherwise. (Read once per question: every passage
    searched asks.)"""
    return "country" if _COUNTRY_ASKED.search(question) else "state" if _STATE_ASKED.search(question) else ""


@lru_cache(maxsize=256)
def _places_asked_in(question: str) -> frozenset[str]:
    """The places of the asked kind the question itself names, read once per question."""
    return frozenset(places_in(asked_place(question), question))


def new_places(question: str, text: str) -> set[str]:
    """The places of the kind the question asks for that the text names and the question does not ("the U.S." and
    "America" are one place); empty when it asks for none. (Searching prefers passages naming one; sentences are
    not ranked by it: most news sentences name some country.)"""
    kind = asked_place(question)
    return places_in(kind, text) - _places_asked_in(question) if kind else set()

