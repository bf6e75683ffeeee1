"""Sources that disagree: the same account with other names or figures is told apart from agreement and from
other accounts, and reaches the reader with both versions cited, in both answer modes."""

from __future__ import annotations

import json

import pytest

from assistant import llm
from assistant.articles import article_from_record
from assistant.disagreements import disagree
from assistant.extractive import Candidate, choose
from assistant.models import Passage


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ("The final was played on Sunday at Riverside Stadium in Leeds, officials said.",
         "The final was played on Sunday at Riverside Stadium in Glasgow, officials said.", True),
        ("The storm killed 12 people, the governor said on Monday.",
         "The storm killed 14 people, the governor said on Monday.", True),
        ("The final was played on Sunday at Riverside Stadium in Leeds.",
         "Riverside Stadium in Leeds hosted Sunday's final, officials said.", False),  # the same facts
        ("Trump and Putin spoke for two hours on Monday.", "Putin said the call was frank and useful.", False),
        ("Putin told Trump he supported a ceasefire.", "Putin told Trump he supported a ceasefire.", False),
        ("Germany became the first European team to win a World Cup staged in the Americas.",
         "Spain became the first European team to win a World Cup staged in the Americas.", True),
        ("Police said the fire was contained by Tuesday night.",
         "Officials said the fire was contained by Tuesday night.", False),  # other sources, the same account
        ("A Russian court on Monday scheduled Brittney Griner's trial to start on Friday.",
         "A Russian court has scheduled Griner's trial to start on Friday.", False),  # the same name, written out
        ("The pontiff was admitted to hospital on February 14.",
         "The pontiff was admitted to hospital on Friday.", False),  # a date and a weekday may be the same day
        ("The orders change the official names of Mount Denali in Alaska and the Gulf of Mexico.",
         "The orders change the official names of Mt. Denali in Alaska and the Gulf of Mexico.", False),
        ("The FDA has officially banned Red No. 3, an additive used for a cherry-red color.",
         "Red No. 3, an additive used for a cherry-red color, was officially banned on Wednesday.", False),
        ("The bridge reopened on Friday after six months of repairs.",
         "The bridge reopened to traffic on Friday after repairs, the city said.", False),  # no rival fact
    ],
)
def test_disagree(a: str, b: str, differ: bool) -> None:
    assert disagree(a, b) is differ
    assert disagree(b, a) is differ


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ("Twelve people were killed when fire tore through a warehouse in Leeds on Monday night.",
         "Fourteen people died in the Leeds warehouse blaze, officials said on Tuesday.", True),  # worded apart
        ("Twelve people were killed in the Leeds warehouse fire.", "The Leeds warehouse fire killed 12 people.", False),
        ("Six people died in the Leeds warehouse fire and 12 people were hurt.",  # two counts: which is the toll?
         "Fourteen people died in the Leeds warehouse blaze.", False),
        ("Fourteen people died in the Leeds warehouse blaze.",
         "About 300 people live near the industrial estate in Bradford.", False),  # a count of something else
    ],
)
def test_counts_that_answer_how_many_disagree_however_worded(a: str, b: str, differ: bool) -> None:
    question = "How many people died in the Leeds warehouse fire?"
    assert disagree(a, b, question) is differ
    assert disagree(b, a, question) is differ


def _candidate(text: str, article: str, score: float) -> Candidate:
    return Candidate(Passage(f"{article}:0", article, text, 0, len(text), 1.0), 0, len(text), text, score)


def test_a_sentence_restating_the_question_does_not_hide_the_answer() -> None:
    fragment = _candidate("2024 Harbour Prize shortlist announced.", "a", 0.9)
    answer = _candidate("The 2024 Harbour Prize went to novelist Amara Okafor for her debut, the jury said.", "b", 0.8)
    assert choose("Who won the 2024 Harbour Prize?", [fragment, answer]) == [fragment, answer]


REPORTS = [
    ("Final to be played at Riverside Stadium", "Reuters", "2025-05-02",
     "The cup final was played on Sunday at Riverside Stadium in Leeds, officials said. Tickets sold out within an "
     "hour of going on sale, and the club thanked supporters for their patience."),
    ("Cup final draws record crowd", "AP", "2025-05-03",
     "The cup final was played on Sunday at Riverside Stadium in Glasgow, officials said. Fans travelled from across "
     "the country, and police reported no arrests."),
    ("Council approves library budget", "BBC", "2025-05-01",
     "The city council approved next year's library budget after a long debate about opening hours."),
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, embeddings):  # noqa: ANN001, ANN201
    from assistant.service import Assistant
    from assistant.settings import load_settings

    a = Assistant(load_settings(env={}, index=str(tmp_path_factory.mktemp("disagree") / "index")), embeddings=embeddings)
    a.ingest_articles([article_from_record({"title": t, "source": s, "published": d, "text": x,
                                            "url": f"https://example.com/{i}"})
                       for i, (t, s, d, x) in enumerate(REPORTS)])
    return a


def test_both_versions_are_quoted_and_the_disagreement_said_first(reports) -> None:  # noqa: ANN001
    answer = reports.ask("Where was the cup final played?")
    quotes = {c.n: c.quote for c in answer.citations}
    assert answer.disagreements and not answer.abstained
    (a, b), = answer.disagreements
    assert {"Leeds", "Glasgow"} == {w for n in (a, b) for w in ("Leeds", "Glasgow") if w in quotes[n]}
    assert answer.text.splitlines()[0] == f"The sources disagree: [{a}] and [{b}] give different names or figures for the same account."
    assert json.loads(json.dumps(answer.to_json()))["disagreements"] == [[a, b]]
    for c in answer.citations:
        article = reports.article(c.article_id)
        assert article is not None and article.text[c.start:c.end] == c.quote


def test_agreeing_sources_get_no_note(reports) -> None:  # noqa: ANN001
    answer = reports.ask("What did the city council approve?")
    assert not answer.disagreements and "disagree" not in answer.text
    assert "disagreements" not in answer.to_json()


def test_llm_answers_name_the_citations_that_disagree() -> None:
    leeds = Passage("a:0", "a", "The final was played at Riverside Stadium in Leeds.", 0, 51, 1.0)
    glasgow = Passage("b:0", "b", "The final was played at Riverside Stadium in Glasgow.", 0, 53, 1.0)
    reply = ("The final was played at Riverside Stadium in Leeds [1]. "
             "Another report says the final was played at Riverside Stadium in Glasgow [2].")
    answer = llm.finish("Where was the final?", reply, [leeds, glasgow], "m")
    assert [c.article_id for c in answer.citations] == ["a", "b"]
    assert answer.disagreements == [(1, 2)]


@pytest.mark.parametrize(("question", "differ"), [
    ("How many people died in Storm Hollis?", True),
    ("How many died in Storm Hollis?", True),  # the people are implied
    ("How many were killed when Storm Hollis hit?", True),
    ("How many people lost power during Storm Hollis?", False),  # the counts are of the dead, not of this
])
def test_a_how_many_question_compares_counts_of_what_it_asks(question: str, differ: bool) -> None:
    a = "Twelve people were killed as Storm Hollis lashed Portugal and Spain, officials said."
    b = "Storm Hollis left 14 people dead in Portugal and Spain."
    assert disagree(a, b, question) is differ


def test_two_sums_of_money_for_how_much_disagree_however_worded() -> None:
    question = "How much did the Harbour Bridge cost?"
    a = "The Harbour Bridge cost 310 million euros, according to city records."
    b = "The council's finance office said the Harbour Bridge cost €340m in total."
    assert disagree(a, b, question) and disagree(b, a, question)
    assert not disagree(a, "The Harbour Bridge cost €310m, the council's finance office said.", question)
    assert not disagree(a, "The Harbour Bridge opened on Friday to 3,000 drivers.", question)  # no sum


def test_two_sums_of_different_things_are_no_disagreement_about_how_much() -> None:
    question = "How much money did Lumen customers lose?"
    hidden = ("The former finance chief of Lumen Exchange testified that Almeida told her to hide more than $900 "
              "million in losses from auditors and customers.")
    held = "Lumen Exchange filed for bankruptcy, leaving about 310,000 customers unable to withdraw $1.7 billion."
    assert not disagree(hidden, held, question)
