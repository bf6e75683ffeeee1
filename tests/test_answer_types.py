"""Questions asking for a kind of figure (a percentage, an age, a sum of money) are answered by a sentence giving
one, and search puts passages giving one first."""

from __future__ import annotations

import pytest

from assistant.answer_types import asked_kind, asked_place, facts_of_kind, new_facts_of_kind, new_places
from assistant.extractive import answer_extractive
from assistant.models import Passage
from tests.stories import add_stories


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What percentage of the vote did the AfD win?", "percent"),
        ("What share of voters backed the plan?", "percent"),
        ("How old is the new chief executive?", "age"),
        ("At what age did she sign her first contract?", "age"),
        ("How much will the bridge cost?", "money"),
        ("What is the new fee to climb Mount Everest?", "money"),
        ("What was Halvorsen Foods' net profit in the third quarter?", ""),  # results give many sums: the lede's
        ("What is Lucas Moreau's weekly wage?", "money"),
        ("By how much could car prices rise?", "change"),
        ("How much did the district offer the teachers?", "change"),  # a raise in per cent, or a sum
        ("How much of the forest has burned?", "percent"),
        ("How much rain fell overnight?", ""),
        ("How much did Jonas Weller's shares fall?", "change"),  # a move, in per cent or money
        ("How many people died?", ""),
        ("Who won the election?", ""),
        ("Why was Lena Marsh fired?", "reason"),
        ("Who replaced Tom Okonkwo?", "successor"),
        ("What was the reason for the delay?", "reason"),
    ],
)
def test_the_kind_of_figure_a_question_asks_for(question: str, kind: str) -> None:
    assert asked_kind(question) == kind


def test_figures_of_a_kind_are_one_key_however_written() -> None:
    assert facts_of_kind("percent", "The Greens took 11.6% in 2025, up from 8 per cent.") == {"11.6%", "8%"}
    assert facts_of_kind("age", "Lind, 52, met a 19-year-old intern; he signed at age 14; she was aged 30.") == {
        "52 years", "19 years", "14 years", "30 years"}
    assert facts_of_kind("age", "Prominent journalist Grant Wahl has died. He was 49.") == {"49 years"}
    assert facts_of_kind("age", "His clients, both 31, were unaware of the warning.") == {"31 years"}
    assert facts_of_kind("age", "He was 49 points ahead.") == set()
    assert facts_of_kind("money", "It costs $3.65bn, and 1.2 million people use it.") == {"$3650000000.0"}
    assert facts_of_kind("money", "The deal is worth 3.65 billion.") == {"$3650000000.0"}


def test_a_figure_the_question_gives_is_no_answer() -> None:
    question = 'Trump said he would impose a "25% tariff". By how much could car prices rise?'
    assert new_facts_of_kind(question, "The 25% tariff could add $12,500 to a car's price.") == {"$12500.0"}
    assert new_facts_of_kind("Who won?", "Smith won 52% of the vote.") is None
    # a move is a figure beside a word of change, not a standing share
    question = "How much did Jonas Weller's shares fall?"
    assert new_facts_of_kind(question, "Shares rose as much as 6.5% in Frankfurt.") == {"6.5%"}
    assert new_facts_of_kind(question, "The Weller family still owns 35% of the shares.") == set()


def story(article: str, text: str, rank: int) -> Passage:
    return Passage(f"{article}:0", article, text, 0, len(text), 1.0 if rank <= 1 else 0.9, rank=rank, title="News",
                   source="Gazette", published="2025-06-01")


@pytest.mark.parametrize(
    ("question", "about", "answer"),
    [
        ("What percentage of the vote did the Green Party win in Sunday's election?",
         "The Green Party won the 2019 election in Bremen with 24 seats, and in Sunday's election it campaigned on "
         "rail. Turnout in the vote was 71 in every hundred, up from 2019.",
         "Counting finished overnight. The Greens ended with 11.6 percent, their best showing yet."),
        ("How old is the new chief executive of Halvorsen?",
         "Halvorsen named Maria Lind as its new chief executive on Monday, after 12 years in which the company "
         "doubled its sales to 2024.",
         "Halvorsen shares rose 3% on the news. Lind, 52, joined the company in 1998 as an engineer."),
        ("How much will the new bridge over the Tay cost?",
         "The new bridge over the Tay will open in 2031 and carry 40,000 vehicles a day, the council said.",
         "The Tay crossing's price has risen to £410 million, a council report shows."),
        ("How much is the dock strike costing the port of Rotterdam per day?",  # a rate: not the total so far
         "The dock strike at the port of Rotterdam has cost it 100 million euros so far, the port said on Friday.",
         "Rotterdam port officials put the losses at 25 million euros a day as ships queued offshore."),
        ("What is Moreau's weekly wage at Newcastle?",
         "Newcastle paid Lyon 45 million pounds for Moreau, a club record, on Friday.",
         "Moreau will earn 120,000 pounds a week at Newcastle, people familiar with the deal said."),
    ],
)
def test_the_first_quote_gives_the_kind_of_figure_asked_for(embeddings, question: str, about: str,  # noqa: ANN001
                                                             answer: str) -> None:
    passages = [story("about", about, 1), story("answer", answer, 2)]
    reply = answer_extractive(question, passages, embeddings)
    assert reply.citations[0].article_id == "answer"
    assert reply.citations[0].quote in answer


@pytest.mark.parametrize(("question", "kind"), [
    ("Which country was put back on the list of state sponsors of terrorism?", "country"),
    ("The leader of which country said there was no chance of a deal?", "country"),
    ("What two nations did NATO invite to join?", "country"),
    ("Which US state was struck by 32 tornadoes?", "state"),
    ("In which state did the storm make landfall?", "state"),
    ("Which state agency ordered the recall?", ""),  # an agency is asked for, not a state
    ("Which state-run broadcaster aired the speech?", ""),
    ("Which company announced job cuts?", ""),
])  # fmt: skip
def test_the_kind_of_place_a_question_asks_for(question: str, kind: str) -> None:
    assert asked_place(question) == kind


def test_places_new_to_the_question_are_one_key_however_written() -> None:
    question = "Which country did the U.S. put back on its list of state sponsors of terrorism?"
    sentence = "The United States returned Cuba to the list; America had removed it a week earlier, like South Sudan."
    assert new_places(question, sentence) == {"cuba", "south sudan"}  # not "sudan", and not the US however written
    assert new_places("Which US state was hit?", "Tornadoes hit Mississippi and West Virginia.") == {
        "mississippi", "west virginia"}
    assert new_places("Who won the election?", "Cuba") == set()


def test_search_puts_a_passage_naming_a_country_first_for_a_which_country_question(assistant) -> None:  # noqa: ANN001
    records = [
        ("Power grid experts warn of blackouts", "Grid experts warned this week that a massive electricity blackout "
         "could follow a heatwave, as demand for air conditioning strains ageing power lines."),
        ("Millions without power", "President Gabriel Boric said Chile would stay under a state of emergency until "
         "power returned to all 14 regions hit by the outage."),
    ]
    add_stories(assistant, *[{"title": t, "published": "2025-02-26", "text": x} for t, x in records])
    question = "Which country declared a state of emergency this week following a massive electricity blackout?"
    assert "Chile" in assistant.search(question, 2)[0].text


def test_search_puts_a_passage_giving_a_percentage_first_for_a_percentage_question(assistant) -> None:  # noqa: ANN001
    records = [
        ("Far-right AfD surges in German election", "The far-right Alternative for Germany surged in Sunday's "
         "election in Germany, winning the broadest support of any far-right party since the war, as voters "
         "punished the governing parties over the economy and migration."),
        ("What the German election result means", "Eastern Germany was a sea of blue, the colour of the far-right "
         "party, which doubled its vote share to 20.8% by campaigning on deportations."),
    ]
    add_stories(assistant, *[{"title": t, "published": "2025-02-24", "text": x} for t, x in records])
    question = "What percentage of the vote did the far-right AfD receive in Sunday's election in Germany?"
    assert "20.8%" in assistant.search(question, 2)[0].text


def test_a_figure_from_a_story_about_someone_else_is_not_preferred(embeddings) -> None:  # noqa: ANN001
    passages = [story("deal", "Halvorsen will pay $42 a share, a premium of 31 percent to BrightCrate's closing price.", 1),
                story("fire", "Pacific Crest Power said it would compensate those who lost homes in the fire.", 2)]
    reply = answer_extractive("How much did Pacific Crest Power pay in compensation?", passages, embeddings)
    assert reply.citations[0].article_id == "fire"


def test_an_age_the_passage_gives_is_answered_though_the_sentence_reads_unlike_the_question(embeddings) -> None:  # noqa: ANN001
    text = ("KINGSLEY (AP) — Jordan Chemicals chief executive Daniel Brandt resigned on Tuesday, hours after state "
            "regulators fined the company $18.5 million over the solvent spill.\n\nBrandt, 61, said in a letter to "
            "employees that the company needed \"a fresh start.\" Chief operating officer Naomi Feld will serve as "
            "interim chief executive.")
    passage = Passage("ap:0", "ap", text, 0, len(text), 1.0, rank=1, source="AP", published="2025-10-21",
                      title="Jordan Chemicals CEO resigns as state levies record fine over Ashford spill")
    reply = answer_extractive("How old is Daniel Brandt?", [passage], embeddings)
    assert not reply.abstained and "61" in reply.citations[0].quote


def test_a_why_question_is_answered_by_the_sentence_giving_a_reason(embeddings) -> None:  # noqa: ANN001
    fired = ("The board of Verity AI has fired chief executive Lena Marsh, the company said on Friday, in a surprise "
             "move that stunned employees.")
    why = "In a short blog post, the board said it had lost confidence in her leadership of the safety programme."
    reply = answer_extractive("Why was Lena Marsh fired?", [story("verge", f"{fired} {why}", 1)], embeddings)
    assert reply.citations[0].quote == why


def test_who_replaced_someone_is_answered_by_the_sentence_naming_the_successor(embeddings) -> None:  # noqa: ANN001
    resigned = ("Ellis Grant chief executive Tom Okonkwo stepped down on Monday, two weeks after a footbridge built by "
                "the company collapsed, and the city now estimates that replacing the bridge will cost $35 million.")
    named = "The board named chief financial officer Alice Brennan interim chief executive."
    reply = answer_extractive("Who replaced Tom Okonkwo?", [story("b", f"{resigned} {named}", 1)], embeddings)
    assert reply.citations[0].quote == named
