"""Rewrite follow-up questions into standalone ones, deterministically (the `extractive` mode's rule;
the `llm` mode asks the model with prompts/condense.md and falls back to this).

Rule: a question that leans on the conversation borrows from the previous standalone question:
- a pronoun ("what did he say about sanctions?") becomes the previous question's first name;
- "and the Kremlin?" / "what about Zelenskyy?" swaps the speaker of the previous question;
- "what about sanctions?" swaps its topic; "what about last week?" its time; "about it" takes its topic;
- a question with no names of its own carries the previous names along.
It never consults the articles, so the same conversation always gives the same rewrite.
"""

from __future__ import annotations

import re

from .dates import mentions_date, strip_dates
from .extractive import key_names
from .terms import tokenize

PERSON_PRONOUNS = r"\b(he|she|him|her|his|hers)\b"
GROUP_PRONOUNS = r"\b(they|them|their|theirs)\b"
THING_PRONOUNS = r"\b(it|its|this|that|these|those)\b"
CONTINUATION = re.compile(r"^\s*(and what about|and how about|what about|how about|and|also)\b[\s,]*", re.I)
TOPIC = re.compile(r"\b(about|on|regarding|over|of)\s+(?!the (?:call|phone)\b)(.+?)\s*[?.!]*$", re.I)


def rewrite(question: str, history: list[str]) -> str:
    """`question` made standalone using the previous standalone questions (oldest first)."""
    if not history:
        return question
    previous = history[-1].strip()
    names = [n for n in key_names(strip_dates(previous)) if not n.isdigit()]
    text = question.strip()
    if CONTINUATION.match(text) and len(tokenize(CONTINUATION.sub("", text))) <= 4:
        return follow_on(previous, CONTINUATION.sub("", text).strip().rstrip("?. "), names)
    if names and re.search(PERSON_PRONOUNS, text, re.I):
        text = _replace_pronoun(text, PERSON_PRONOUNS, names[0])
    elif names and re.search(GROUP_PRONOUNS, text, re.I):
        text = _replace_pronoun(text, GROUP_PRONOUNS, " and ".join(names[:2]))
    elif not key_names(text) and names:
        text = f"{text.rstrip('?. ')} ({' '.join(names[:3])})?"
    if re.search(THING_PRONOUNS, text, re.I) and not set(tokenize(text)) - {"it", "this", "that"}:
        text = f"{text.rstrip('?. ')} ({previous.rstrip('?')})?"
    asked, before = TOPIC.search(text), TOPIC.search(previous)
    if asked and before and re.fullmatch(THING_PRONOUNS, asked.group(2), re.I):  # "what did she say about it?"
        text = f"{text[:asked.start(2)]}{before.group(2)}?"
    return text


def follow_on(previous: str, subject: str, names: list[str]) -> str:
    """The previous question with its time, speaker or topic replaced by `subject`."""
    if not subject:
        return previous
    if mentions_date(subject):  # "what about last week?"
        return f"{strip_dates(previous).rstrip('?. ')} {subject}?"
    if key_names(subject) and names:  # "and the Kremlin?": a new speaker, same topic
        return _swap_subject(previous, subject, names)
    topic = TOPIC.search(previous)
    if topic:  # "what about sanctions?": same speaker, new topic
        return f"{previous[:topic.start(2)]}{subject}?"
    if names:
        return f"What did {' and '.join(names[:2])} say about {subject}?"
    return f"{previous.rstrip('?. ')}: {subject}?"


def _replace_pronoun(text: str, pattern: str, name: str) -> str:
    def sub(m: re.Match[str]) -> str:
        word = m.group(0).lower()
        return f"{name}'s" if word in ("his", "hers", "their", "theirs") else name

    return re.sub(pattern, sub, text, count=1, flags=re.I)


def _swap_subject(previous: str, subject: str, names: list[str]) -> str:
    """'What did Putin say about X?' + 'the Kremlin' -> 'What did the Kremlin say about X?'."""
    out = previous
    for i, name in enumerate(names[:2]):
        if i and not re.search(rf"\band\s+{re.escape(name)}\b", out):
            break  # only a second speaker joined by "and" goes; other names are the topic
        out = out.replace(name, subject if i == 0 else "", 1)
    out = re.sub(r"\s+and\s+(?=\s|say|said|talk|\?)", " ", out)
    return re.sub(r"\s{2,}", " ", out).strip()
