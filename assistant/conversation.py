"""Rewrite follow-up questions into standalone ones, deterministically (the `extractive` mode's rule;
the `llm` mode asks the model with prompts/condense.md and falls back to this).

Rule: a question that leans on the conversation (a pronoun, "and ...?", "what about ...?", or no
names of its own) borrows the names and the topic of the previous standalone questions.
"""

from __future__ import annotations

import re

from .extractive import key_names
from .terms import tokenize

PERSON_PRONOUNS = r"\b(he|she|him|her|his|hers)\b"
GROUP_PRONOUNS = r"\b(they|them|their|theirs)\b"
THING_PRONOUNS = r"\b(it|its|this|that|these|those)\b"
CONTINUATION = re.compile(r"^\s*(and|also|what about|how about|and what about)\b[\s,]*", re.I)


def rewrite(question: str, history: list[str]) -> str:
    """`question` made standalone using the previous standalone questions (oldest first)."""
    if not history:
        return question
    previous = history[-1]
    names = [n for n in key_names(previous) if not n.isdigit()]
    own = key_names(question)
    text = question.strip()
    if names and re.search(PERSON_PRONOUNS, text, re.I):
        text = _replace_pronoun(text, PERSON_PRONOUNS, names[0])
    elif names and re.search(GROUP_PRONOUNS, text, re.I):
        text = _replace_pronoun(text, GROUP_PRONOUNS, " and ".join(names[:2]))
    elif CONTINUATION.match(text) and len(tokenize(text)) <= 4:
        return _swap_subject(previous, CONTINUATION.sub("", text).rstrip("?. "), names)
    elif not own and names:
        text = f"{text.rstrip('?. ')} ({' '.join(names[:3])})?"
    if re.search(THING_PRONOUNS, text, re.I) and not set(tokenize(text)) - {"it", "this", "that"}:
        text = f"{text.rstrip('?. ')} ({previous.rstrip('?')})?"
    return text


def _replace_pronoun(text: str, pattern: str, name: str) -> str:
    def sub(m: re.Match[str]) -> str:
        word = m.group(0).lower()
        return f"{name}'s" if word in ("his", "hers", "their", "theirs") else name

    return re.sub(pattern, sub, text, count=1, flags=re.I)


def _swap_subject(previous: str, subject: str, names: list[str]) -> str:
    """'What did Putin say about X?' + 'and the Kremlin?' -> 'What did the Kremlin say about X?'."""
    if not subject:
        return previous
    if names:
        out = previous
        for i, name in enumerate(names[:2]):
            out = out.replace(name, subject if i == 0 else "", 1)
        out = re.sub(r"\s+and\s+(?=\s|say|said|\?)", " ", out)
        return re.sub(r"\s{2,}", " ", out).strip()
    return f"{previous.rstrip('?. ')}: {subject}?"
