"""Date words in questions -> ranges and recency, relative to a fixed today (Tuesday 20 May 2025)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.dates import mentions_date, read_dates, strip_dates

TODAY = date(2025, 5, 20)


@pytest.mark.parametrize(
    ("question", "since", "until", "recent"),
    [
        ("What did Putin say about the ceasefire?", None, None, False),
        ("What is the latest on the ceasefire?", None, None, True),
        ("What did Trump say most recently?", None, None, False),  # "recently" describes
        ("Which report on the ceasefire was published in March?", None, None, False),
        ("What did Putin say yesterday?", "2025-05-19", "2025-05-19", False),
        ("What happened today?", "2025-05-20", "2025-05-20", False),
        ("What did Zelenskyy say this week?", "2025-05-14", "2025-05-20", False),
        ("What did Zelenskyy say last week?", "2025-05-12", "2025-05-18", False),
        ("What happened last month?", "2025-04-01", "2025-04-30", False),
        ("What did the Kremlin say in March?", "2025-03-01", "2025-03-31", False),
        ("What did the Kremlin say in June?", "2024-06-01", "2024-06-30", False),  # no year: the last June
        ("What did the Kremlin say in March 2024?", "2024-03-01", "2024-03-31", False),
        ("Who won the election in 2024?", "2024-01-01", "2024-12-31", False),
        ("What has Trump said since May?", "2025-05-01", None, False),
        ("What has Trump said since 12 May?", "2025-05-12", None, False),
        ("What did Putin say before 19 May?", None, "2025-05-18", False),
        ("How many had died by 12 May?", None, "2025-05-12", False),
        ("What did Putin say after May 19, 2025?", "2025-05-20", None, False),
        ("What was said on 2025-05-19?", "2025-05-19", "2025-05-19", False),
        ("What were the latest talks in March?", "2025-03-01", "2025-03-31", True),
        # two dates belong to two clauses: not a range
        ("Did The Verge on 2023-11-24 and Wired on 2023-11-25 agree?", None, None, False),
        ("Is the market in good shape now?", None, None, True),  # no range: the newest reports first
        # a weekday is no range: counted from the newest article, it would point an archive's March story at June
        ("What was the ferry's death toll on Tuesday?", None, None, False),
        ("What did USA Today report about the tuna recall?", None, None, False),  # an outlet's name, not a day
        ("What did USA TODAY say about Thanksgiving dinner costs?", None, None, False),
    ],
)
def test_read_dates(question: str, since: str | None, until: str | None, recent: bool) -> None:
    intent = read_dates(question, TODAY)
    assert (intent.since.date().isoformat() if intent.since else None) == since
    assert (intent.until.date().isoformat() if intent.until else None) == until
    assert intent.recent is recent


def test_event_dates_are_looked_up() -> None:
    asked: list[str] = []

    def lookup(phrase: str) -> date | None:
        asked.append(phrase)
        return date(2025, 5, 16)

    before = read_dates("What did Zelenskyy say before the summit?", TODAY, lookup)
    after = read_dates("What did Zelenskyy say after the summit?", TODAY, lookup)
    assert asked == ["the summit", "the summit"]
    assert before.since is None and before.until is not None and before.until.date() == date(2025, 5, 15)
    assert after.since is not None and after.since.date() == date(2025, 5, 16) and after.until is None
    # without a lookup, or for a long clause, there is no range
    assert read_dates("What did Zelenskyy say before the summit?", TODAY).empty
    assert read_dates("After the report by The Age, did TechCrunch agree?", TODAY, lookup).empty


@pytest.mark.parametrize(
    ("text", "has_date", "stripped"),
    [
        ("last week", True, ""),
        ("What did Putin say about the ceasefire this week?", True, "What did Putin say about the ceasefire?"),
        ("in March 2025", True, ""),
        ("sanctions", False, "sanctions"),
        ("the Kremlin", False, "the Kremlin"),
    ],
)
def test_mentions_and_strips_dates(text: str, has_date: bool, stripped: str) -> None:
    assert mentions_date(text) is has_date
    assert strip_dates(text) == stripped


def test_what_an_outlet_reported_then_is_read_for_dates_but_a_report_pointed_to_is_not() -> None:
    asked = read_dates("What did Reuters report about sanctions in March?", TODAY)
    assert asked.since is not None and (asked.since.month, asked.until.month if asked.until else 0) == (3, 3)
    assert read_dates("Does the TechCrunch report published in March say sales rose?", TODAY).empty


@pytest.mark.parametrize(
    ("question", "recent"),
    [("Who is leading in Harborview now?", True), ("What is the toll so far?", True),
     ("Which country currently tops the table?", True), ("What's the latest on the fire?", True),
     ("Who was recently accused of fraud?", False), ("Who won the election?", False)],
)
def test_questions_about_now_ask_for_the_newest_reports(question: str, recent: bool) -> None:
    from assistant.dates import RECENT

    assert bool(RECENT.search(question)) is recent
