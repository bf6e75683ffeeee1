"""The extractive answerer: calibrated abstention, quoted sentences at their offsets, dates in answers."""

from __future__ import annotations

import pytest

from assistant.extractive import (
    NOT_IN_ARTICLES,
    Candidate,
    adds_a_fact,
    answer_extractive,
    corroborated,
    entity_names,
    facts,
    format_date,
    is_question,
)
from assistant.models import Passage
from assistant.sentences import is_teaser


def story(article: str, text: str, rank: int = 1, **meta: str) -> Passage:
    """One passage holding a whole short article; the second ranked scores a little lower."""
    return Passage(f"{article}:0", article, text, 0, len(text), 1.0 if rank <= 1 else 0.9, rank=rank, **meta)


def dated_reports(reports: list[tuple[str, str, str]], title: str, source: str = "") -> list[Passage]:
    """One story per (article, ISO day, text) report, ranked in order, from `source` or else the article's id."""
    return [story(a, t, rank=n, title=title, published=d, source=source or a) for n, (a, d, t) in enumerate(reports, 1)]


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What did Macron say?", ["Macron"]),
        ("How long did Trump and Putin talk?", ["Trump", "Putin"]),
        ("Considering the article by The Verge on 2023-11-24, what did Apple say in October?", ["Verge", "Apple"]),
        ("Who won the 2022 US Open?", ["US", "Open"]),
        ("Which Greek island was hit by an earthquake on Wednesday?", []),  # describes it, does not name it
        ("Which American chain will cut 30% of its menu, Starbucks or Dunkin?", ["Starbucks", "Dunkin"]),
        ("Which is the happiest country on Earth?", []),
        ("Which YouTube-famous bald eagles have welcomed hatchlings?", []),  # "YouTube" only describes the eagles
        ("What did the Texas-based firm Dell say?", ["Dell"]),
        ("What did the Kremlin-backed channel on YouTube say?", ["YouTube"]),
    ],
)
def test_entity_names(question: str, names: list[str]) -> None:
    assert entity_names(question) == names


@pytest.mark.parametrize(
    ("question", "abstains"),
    [
        ("What did Macron say?", True),
        ("What did Considering Xavier Oyelaran-Quist say about Ecuador's lithium reserves?", True),
        ("How long did Trump and Putin talk?", False),
        ("What did Zelenskyy say about troops?", False),
    ],
)
def test_abstention(sample_assistant, question: str, abstains: bool) -> None:  # noqa: ANN001
    passages = sample_assistant.search(question)
    answer = answer_extractive(question, passages, sample_assistant.embeddings)
    assert answer.abstained is abstains
    assert (answer.text == NOT_IN_ARTICLES) is abstains
    assert bool(answer.citations) is not abstains
    whole = sample_assistant.ask(question)  # end to end (claims answers may phrase the refusal their own way)
    assert whole.abstained is abstains and bool(whole.citations) is not abstains


def test_answer_quotes_at_offsets_with_date(sample_assistant) -> None:  # noqa: ANN001
    answer = sample_assistant.ask("How long did Trump and Putin talk?")
    assert "two" in answer.text.lower()
    for c in answer.citations:
        article = sample_assistant.article(c.article_id)
        assert article is not None and article.text[c.start:c.end] == c.quote
        assert f"“{c.quote}” [{c.n}]" in answer.text
        if c.published:
            assert format_date(c.published) in answer.text  # answers say when


@pytest.mark.parametrize(("iso", "shown"), [("2025-05-19T10:00:00+00:00", "19 May 2025"), ("", "")])
def test_format_date(iso: str, shown: str) -> None:
    assert format_date(iso) == shown


QUIZ = ("Which insect can legally be considered a fish in California? A state appeals court ruled that the "
        "bumblebee can be protected as a fish under the state's endangered species law. The ruling reverses "
        "a lower court decision.")


def test_a_question_in_a_passage_is_never_quoted_as_the_answer(embeddings) -> None:  # noqa: ANN001
    passage = Passage("quiz:0", "quiz", QUIZ, 0, len(QUIZ), 1.0, rank=1, title="News quiz", source="quiz.example",
                      published="2022-06-03")
    answer = answer_extractive("Which insect can legally be considered a fish in California?", [passage], embeddings)
    assert not answer.abstained
    assert "bumblebee" in answer.citations[0].quote
    assert all(not c.quote.endswith("?") for c in answer.citations)


@pytest.mark.parametrize(("sentence", "asks"), [
    ("What happens next?", True),
    ('"Who would do that?"', True),
    ("The court ruled on Friday.", False),
])
def test_is_question(sentence: str, asks: bool) -> None:
    assert is_question(sentence) is asks


@pytest.mark.parametrize(("sentence", "teaser"), [
    ("More:Supreme Court may decide Friday on the TikTok ban", True),
    ("Related: CDC confirms 6 new deaths in listeria outbreak", True),
    ("FOOD RECALLS:FDA recalls more than 2 million baked goods", True),
    ("Food recall:FDA recalls more than 2 million baked goods over concerns of listeria contamination", True),
    ("Ashley Walters vs. Marilyn Manson:Marilyn Manson's former assistant sues him", True),
    ("Dover:Delaware Attorney General Kathy Jennings has filed a lawsuit against Monsanto.", False),  # a dateline
    ("Update:Supreme Court upholds law banning TikTok. Read more.", True),
    ("Contributing: Terry Collins, USA Today.", True),
    ("Sign up for USA TODAY's Daily Briefing newsletter.", True),
    ("Play the USA TODAY Daily Crossword Puzzle.", True),
    ("Video Ad Feedback 02:17 - Source: CNN 'We're staying': Why some won't leave", True),
    ("Offer from the Motley Fool: Before you buy stock in Nvidia, consider this:", True),
    ("Wilmington:The state's students are chronically absent at 25%.", False),  # a roundup's dateline
    ("The court said it would read more filings before ruling.", False),
    ('He said: "We will win."', False),
])
def test_links_to_other_stories_are_told_apart(sentence: str, teaser: bool) -> None:
    assert is_teaser(sentence) is teaser


def test_a_link_to_another_story_is_never_quoted_as_the_answer(embeddings) -> None:  # noqa: ANN001
    text = ("The justices heard arguments last week. More:Supreme Court upholds TikTok ban as app faces shutdown. "
            "In a 9-0 ruling on Friday, the court said the law that forces a sale does not violate the First "
            "Amendment.")
    passage = Passage("t:0", "t", text, 0, len(text), 1.0, rank=1, title="TikTok ruling", source="wire.example",
                      published="2025-01-17")
    answer = answer_extractive("What did the Supreme Court decide about the TikTok ban?", [passage], embeddings)
    assert answer.citations and "9-0 ruling" in answer.citations[0].quote
    assert all("More:" not in c.quote for c in answer.citations)


@pytest.mark.parametrize(("question", "sentence", "adds"), [
    ("How many minutes did the riot last?", "The riot lasted 187 minutes.", True),
    ("How many minutes did the riot last?", "The riot lasted for minutes, Cheney said.", False),  # a name, no number
    ("Which state was hit by tornadoes?", "Tornadoes hit Mississippi overnight.", True),
    ("Which state was hit by tornadoes?", "Tornadoes hit the state overnight.", False),
    ("Which state was hit by tornadoes?", "Mississippi was hit by tornadoes.", False),  # first word only
])
def test_a_sentence_adds_what_the_question_asks_for(question: str, sentence: str, adds: bool) -> None:
    assert adds_a_fact(question, sentence) is adds


@pytest.mark.parametrize(("question", "sentence", "held"), [
    ("Which country slapped tariffs on American imports?", "China slapped tariffs of 15% on US coal on Monday.",
     {"china", "us", "15"}),  # names and numbers the question lacks; never a weekday
    ("Which country slapped tariffs on American imports?", "Tariffs on American imports were weighed.", set()),
    ("How many tornadoes hit Mississippi?", "Officials counted 32 tornadoes in Mississippi in March.",
     {"32"}),  # "how many": numbers only, not the month
    ("How long did Trump and Putin talk?", "They spoke for two and a half hours.", {"two", "half"}),
    ("How long did Trump and Putin talk?", "The leaders will talk again by phone on Tuesday.", set()),  # when
    ("When did the tornadoes hit Mississippi?", "Tornadoes hit Mississippi in March.", {"march"}),
])
def test_the_facts_a_sentence_adds(question: str, sentence: str, held: set[str]) -> None:
    assert facts(question, sentence, first=True) == held


def test_a_fact_that_several_sources_repeat_outranks_one_mentioned_once() -> None:
    question = "Which country slapped retaliatory tariffs on some American imports this week?"

    def sentence(n: int, text: str, score: float) -> Candidate:
        passage = Passage(f"a{n}:0", f"a{n}", text, 0, len(text), 1.0, rank=n, source=f"outlet {n}")
        return Candidate(passage, 0, len(text), text, score)

    once = sentence(1, "Retaliatory tariffs on American goods are being weighed in Ottawa, officials said.", 0.70)
    twice = [sentence(2, "China slapped retaliatory tariffs of up to 15% on American coal and gas.", 0.68),
             sentence(3, "Beijing's response came within minutes: China imposed tariffs on American crude oil.", 0.60)]
    ranked = sorted(corroborated(question, [once, *twice]), key=lambda c: -c.score)
    assert ranked[0].text.startswith("China slapped")
    assert ranked[1].text.startswith("Retaliatory")  # still quoted, below the corroborated answer


def test_a_sentence_is_read_under_its_headline(embeddings) -> None:  # noqa: ANN001
    def passage(n: int, title: str, text: str) -> Passage:
        return Passage(f"a{n}:0", f"a{n}", text, 0, len(text), 1.0, rank=n, title=title, source="outlet",
                       published="2022-07-12")

    theatre = passage(1, "Hometown theatre awards: the nominees",
                      "The musical Rivertown leads this year's nominations with 12 nods.")
    emmys = passage(2, "Emmys 2022: HBO dominates the nominations",
                    "The drama Succession leads this year's field with 25 nods.")
    answer = answer_extractive("Which series leads this year's Emmy nominations?", [theatre, emmys], embeddings)
    # alone, the theatre sentence is closer to the question; under their headlines, the Emmys one is
    assert answer.citations[0].quote.startswith("The drama Succession")


def test_the_latest_news_comes_first_when_asked_for(embeddings) -> None:  # noqa: ANN001
    old = "Pope Francis remains in hospital with double pneumonia, the Vatican said on Tuesday."
    new = "Pope Francis is stable and spent the day working from his hospital room, the Vatican said."
    passages = [story("o", old, title="Pope in hospital", published="2025-02-18"),
                story("n", new, rank=2, title="Pope stable", published="2025-03-05")]
    latest = answer_extractive("What is the latest on Pope Francis's health?", passages, embeddings)
    assert latest.citations[0].article_id == "n"
    plain = answer_extractive("How is Pope Francis's health?", passages, embeddings)
    assert plain.citations[0].article_id == "o"  # without "latest", the closer sentence first


@pytest.mark.parametrize("question", ["What's happening with the stadium?", "Whats happening with the stadium?",
                                      "Where’s the new stadium going?", "Latest news on the stadium"])
def test_contractions_and_openers_are_not_names(question: str) -> None:
    assert entity_names(question) == []


def test_an_institution_or_event_no_passage_names_is_not_answered_from_another() -> None:
    from assistant.extractive import bodies_missing

    boe = ("The Bank of England cut interest rates to 4.25% on Thursday. The central bank said inflation was easing, "
           "while European markets rose.")
    passages = [story("b", boe, title="Bank of England cuts rates")]
    assert bodies_missing("What did the European Central Bank decide on interest rates?", passages) == [
        "European Central Bank"]
    assert bodies_missing("What did the Bank of England decide on interest rates?", passages) == []
    ecb = "The ECB held rates at 2.5%, its president said."
    assert bodies_missing("What did the European Central Bank decide?", [story("e", ecb)]) == []
    grammys = "Beyoncé won album of the year at the Grammy Awards on Sunday."
    assert bodies_missing("Beyoncé finally won at Sunday's Grammy Awards, after how many nominations?",
                          [story("g", grammys)]) == []


def test_a_how_many_question_is_answered_by_a_count_of_what_it_asks() -> None:
    from assistant.extractive import adds_a_fact

    question = "How many fans attended the Carabao Cup final?"
    assert adds_a_fact(question, "Chiesa's late goal made for a nervy finish in front of 88,513 fans.")
    assert not adds_a_fact(question, "Newcastle won their first trophy in 70 years with a 2-1 win in the final.")
    assert adds_a_fact("How many died in the storm?", "Fourteen people died as the storm hit Spain.")
    # a count of the dead is no answer to how many were evacuated
    assert not adds_a_fact("How many people were evacuated?", "The fire killed at least four people.")
    assert adds_a_fact("How many people were evacuated?", "Officials ordered about 180,000 people to evacuate.")
    # ... nor a count of the rescued to how many died
    assert not adds_a_fact("How many people died in the floods?", "Crews rescued 23 people by boat.")
    assert adds_a_fact("How many people died in the floods?", "Two people lost their lives in the floods.")


def test_a_figure_that_moved_on_is_given_newest_first_as_an_update_not_a_disagreement(embeddings) -> None:  # noqa: ANN001
    reports = [("v", "2025-10-22", "The Alder Canyon Fire has burned 18,200 acres, Ventura County fire officials said."),
               ("l", "2025-10-24", "The Alder Canyon Fire had burned 26,750 acres by Friday, Cal Fire said.")]
    passages = dated_reports(reports, "Alder Canyon Fire")
    answer = answer_extractive("How many acres has the Alder Canyon Fire burned?", passages, embeddings)
    assert [c.article_id for c in answer.citations] == ["l", "v"]  # the newest figure first
    assert answer.text.startswith("The figures changed over time: [1] (newer) and [2]")
    assert not answer.disagreements and "disagree" not in answer.text


def test_who_is_someone_is_answered_by_the_sentence_naming_them(embeddings) -> None:  # noqa: ANN001
    text = ("The stoppage halted all eleven tram lines across the city on Monday, after talks on pay, rostering and "
            "depot safety collapsed late on Sunday, according to union leader Grace Okafor and depot managers.")
    passages = [story("t", text, title="Tram strike", source="Gazette")]
    answer = answer_extractive("Who is Grace Okafor?", passages, embeddings)
    assert not answer.abstained and "union leader Grace Okafor" in answer.citations[0].quote
    assert answer_extractive("Who is Joe Bloggs?", passages, embeddings).abstained


def test_a_named_storm_no_passage_names_is_not_answered_from_another() -> None:
    from assistant.extractive import bodies_missing

    text = "At least 19 people have died after Hurricane Delphine made landfall in Texas."
    passages = [story("d", text, title="Hurricane Delphine")]
    assert bodies_missing("How many people died in Hurricane Ernesto?", passages) == ["Hurricane Ernesto"]
    assert bodies_missing("How many people died in Hurricane Delphine?", passages) == []


def test_a_sentence_about_another_named_storm_is_no_answer(embeddings) -> None:  # noqa: ANN001
    fiona = "At least two people have died in Puerto Rico because of Hurricane Fiona, the governor said."
    delphine = "The death toll from Hurricane Delphine rose to 11 on Tuesday, state officials said."
    passages = [story("f", fiona, title="Hurricane Fiona hits Puerto Rico"),
                story("d", delphine, rank=2, title="Delphine toll rises")]
    answer = answer_extractive("How many people have died in Hurricane Delphine?", passages, embeddings)
    assert answer.citations[0].article_id == "d"


def test_the_latest_quotes_the_newest_story_even_when_older_ones_score_higher(embeddings) -> None:  # noqa: ANN001
    older = ("The new Harbour Bridge in Portmere will open to traffic on 14 June, the mayor announced. "
             "The Harbour Bridge cost 310 million euros. The Harbour Bridge will carry four lanes of traffic. "
             "Work on the Harbour Bridge in Portmere began in 2022.")
    newer = "Councillors voted 7-5 on Thursday to keep tolls on the bridge for drivers."
    passages = [story("o", older, title="Harbour Bridge to open in June",
                        published="2025-05-12"),
                story("n", newer, rank=2, title="Council split over bridge tolls",
                        published="2025-05-16")]
    answer = answer_extractive("What's the latest on the Harbour Bridge?", passages, embeddings)
    assert answer.citations[0].article_id == "n"


def test_the_latest_is_the_newest_story_about_the_question_not_the_newest_story(embeddings) -> None:  # noqa: ANN001
    storm = "The death toll from Hurricane Delphine rose to 11 on Wednesday, state health officials said."
    trial = "Judge Helen Carrow said sentencing would take place on 14 December."
    passages = [story("s", storm, title="Delphine toll rises",
                        published="2025-09-10"),
                story("t", trial, rank=2, title="Ashcombe found guilty",
                        published="2025-11-20")]
    answer = answer_extractive("What is the latest on Hurricane Delphine?", passages, embeddings)
    assert [c.article_id for c in answer.citations] == ["s"]


def test_a_figure_asked_for_on_one_date_is_that_dates_with_no_note(embeddings) -> None:  # noqa: ANN001
    first = "Halvorsen has made a 310 million euro takeover offer for Nordtech, the companies said on Monday."
    raised = "Halvorsen has raised its takeover offer for Nordtech to €340m after the board rejected it."
    passages = [story("a", first, title="Halvorsen bids", published="2025-06-02"),
                story("b", raised, rank=2, title="Halvorsen raises bid",
                        published="2025-06-16")]
    dated = answer_extractive("How much did Halvorsen offer for Nordtech on 2 June?", passages, embeddings)
    assert dated.citations[0].article_id == "a" and "changed over time" not in dated.text and "disagree" not in dated.text
    now = answer_extractive("How much is Halvorsen offering for Nordtech?", passages, embeddings)
    assert now.citations[0].article_id == "b" and now.text.startswith("The figures changed over time")


def test_a_storm_under_another_label_is_the_same_storm() -> None:
    from assistant.extractive import bodies_missing

    text = "Delphine was downgraded to a tropical storm after killing 14 people in Louisiana."
    passages = [story("d", text, title="Hurricane Delphine weakens")]
    assert bodies_missing("How many people died in Tropical Storm Delphine?", passages) == []


def test_a_death_toll_counts_as_the_answer_to_how_many_died() -> None:
    from assistant.extractive import adds_a_fact

    assert adds_a_fact("How many people died in Hurricane Marisol?",
                       "Hurricane Marisol made landfall on Monday, and the death toll rose to seven.")
    assert not adds_a_fact("How many bodies have been recovered from the ferry?",
                           "Divers recovered nine more bodies from the ferry on Wednesday.")  # a rise, not the count
    assert adds_a_fact("How many bodies have been recovered from the ferry?",
                       "Divers have recovered 31 bodies from the ferry so far.")
    assert adds_a_fact("How many more weeks of winter are on the way?", "Phil saw his shadow: six more weeks of winter.")


def test_a_figure_asked_for_on_a_date_comes_first_from_that_days_story(embeddings) -> None:  # noqa: ANN001
    early = "The Cedar Ridge fire grew to 8,000 acres on Tuesday and was 5% contained, Cal Fire said."
    later = "The Cedar Ridge fire has burned 21,000 acres and is 40% contained, Cal Fire said on Friday."
    passages = [story("l", later, title="Cedar Ridge fire", published="2025-06-06"),
                story("e", early, rank=2, title="Cedar Ridge fire", published="2025-06-03")]
    answer = answer_extractive("How many acres had the Cedar Ridge fire burned on 3 June?", passages, embeddings,
                               asked_days=("2025-06-03", "2025-06-03"))
    assert answer.citations[0].article_id == "e"


def test_a_toll_from_another_disaster_is_no_earlier_report_of_this_one(embeddings) -> None:  # noqa: ANN001
    storm = "Tropical Storm Marisol killed three people in Cuba on Sunday, officials said."
    floods = "In the 2018 floods some 8,000 people were killed across the region."
    passages = [story("m", storm, title="Marisol kills three", published="2025-06-01"),
                story("f", floods, rank=2, title="Deadliest floods", published="2018-07-24")]
    answer = answer_extractive("How many people has Marisol killed?", passages, embeddings)
    assert "changed over time" not in answer.text and "disagree" not in answer.text


def test_the_newest_report_of_a_count_is_quoted_first_though_it_does_not_name_the_story_again(embeddings) -> None:  # noqa: ANN001
    reports = [("a", "2025-08-11", "The Cedar Ridge Fire had burned about 2,500 acres by Monday evening, the state "
                "fire agency said."),
               ("b", "2025-08-13", "The Cedar Ridge Fire has now burned 14,300 acres, officials confirmed."),
               ("c", "2025-08-15", "The Cedar Ridge Fire has burned 19,800 acres, growing only slightly since "
                "Wednesday."),
               ("d", "2025-08-18", "Pacific Crest Power said its line likely started the Cedar Ridge Fire. The fire "
                "was 94 percent contained on Monday and had burned 20,150 acres, the state fire agency said.")]
    passages = dated_reports(reports, "Cedar Ridge Fire", "Chronicle")
    answer = answer_extractive("How many acres has the Cedar Ridge Fire burned?", passages, embeddings)
    assert "20,150 acres" in answer.citations[0].quote
    assert answer.text.startswith("The figures changed over time: [1], [2] and [3]")


def test_two_counts_of_one_day_are_not_called_a_change_over_time(embeddings) -> None:  # noqa: ANN001
    reports = [("bbc", "2025-11-07", "The final unofficial tally gave Vasquez 78,402 votes and Reinholt 78,090."),
               ("ap", "2025-11-07", "The unofficial results showed Vasquez with 78,411 votes to Reinholt's 78,090."),
               ("later", "2025-11-12", "Vasquez goes into the recount with a lead of 287 votes over Reinholt after "
                "the final cured ballots were added.")]
    passages = dated_reports(reports, "Harborview count")
    answer = answer_extractive("How many votes did Vasquez get in the final count?", passages, embeddings)
    assert "different days, the newest first" not in answer.text
    assert "[3]" not in answer.text.splitlines()[0]  # the two same-day counts are not one series


def test_the_newest_death_toll_comes_first_however_it_is_worded(embeddings) -> None:  # noqa: ANN001
    reports = [("r", "2025-08-28", "Hurricane Delia made landfall near Port Allison, killing at least four people."),
               ("c", "2025-08-30", "Fourteen people have now died as a result of Hurricane Delia, officials said."),
               ("l", "2025-09-10", "Insurers put Hurricane Delia's losses at $9 billion. The storm's death toll "
                "stands at 17.")]
    passages = dated_reports(reports, "Hurricane Delia")
    answer = answer_extractive("How many people died in Hurricane Delia?", passages, embeddings)
    assert "17" in answer.citations[0].quote


def test_a_further_quote_comes_from_a_story_naming_what_was_asked_about(embeddings) -> None:  # noqa: ANN001
    warehouse = story("w", "Two Harborview firefighters were treated for smoke inhalation after a fire broke out in a "
                           "storage warehouse on Saturday.", title="Warehouse fire in Harborview")
    wildfire = story("c", "Three people have died in the Cedar Ridge Fire, the county coroner said on Tuesday.",
                     rank=2, title="Cedar Ridge Fire kills three")
    answer = answer_extractive("How many people died in the Harborview warehouse fire?", [warehouse, wildfire],
                               embeddings)
    assert {c.article_id for c in answer.citations} == {"w"}


def test_a_name_only_describing_what_is_asked_about_is_no_reason_to_abstain(embeddings) -> None:  # noqa: ANN001
    eagles = story("eagles", "The eaglets have finally landed as Southern California's famous bald eagle couple, "
                             "Jackie and Shadow, have welcomed two new hatchlings.", title="Bald eagle cam: eggs hatch",
                   published="2025-03-04")
    answer = answer_extractive("Which YouTube-famous bald eagles have welcomed hatchlings?", [eagles], embeddings)
    assert not answer.abstained
    assert "Jackie and Shadow" in answer.text


def test_a_sentence_about_another_edition_of_the_event_is_not_the_answer(embeddings) -> None:  # noqa: ANN001
    preview = story("preview", "Sage, the Miniature Poodle, won Best in Show at the 148th annual Westminster Kennel "
                               "Club Dog Show last May, beating over 2,500 dogs.", title="Westminster dog show: preview",
                    published="2025-02-10")
    result = story("result", "Monty the Giant Schnauzer was named Best in Show on Tuesday night, capping off the "
                             "149th Westminster show in New York.", rank=2, title="Westminster dog show winner",
                   published="2025-02-12")
    answer = answer_extractive("Which dog breed won Best in Show at the 149th Westminster Kennel Club Dog Show?",
                               [preview, result], embeddings)
    assert answer.citations[0].article_id == "result"
    assert "Giant Schnauzer" in answer.text.split("[1]")[0]


@pytest.mark.parametrize("sentence", [
    "Editor's note: Follow along with us for live updates leading up to Best in Show.",
    "Follow along for live coverage of the count as results come in.",
])
def test_page_furniture_is_never_quoted(sentence: str) -> None:
    assert is_teaser(sentence)


def test_a_person_named_in_full_is_not_answered_with_someone_else_of_that_family_name(embeddings) -> None:  # noqa: ANN001
    mayor = story("mayor", "Independent candidate Camila Rojas won the mayoral election in Valparaiso with 47.9% of the "
                           "vote. Rojas, 34, a former environmental lawyer, thanked her supporters.",
                  title="Camila Rojas elected mayor of Valparaiso", published="2025-05-19")
    miner = story("miner", "Andes Litio signed a $2.3 billion lithium deal with the state. Chief Executive Officer "
                           "Diego Rojas, 58, called it the largest investment in the company's history.", rank=2,
                  title="Andes Litio signs lithium deal", published="2025-05-22")
    answer = answer_extractive("Who is Diego Rojas?", [mayor, miner], embeddings)
    assert answer.citations and {c.article_id for c in answer.citations} == {"miner"}
    both = answer_extractive("What did Camila Rojas and Diego Rojas say?", [mayor, miner], embeddings)
    assert {c.article_id for c in both.citations} == {"mayor", "miner"}  # each names one of the two asked about


def test_names_carried_into_a_follow_up_are_two_people_not_one(embeddings) -> None:  # noqa: ANN001
    call = story("call", "Donald Trump and Vladimir Putin spoke for two and a half hours on Monday, the Kremlin said. "
                         "Trump called the talks excellent.", title="Trump and Putin talk", published="2025-05-19")
    answer = answer_extractive("How long was that call (Trump Putin)?", [call], embeddings)  # not "Mr Trump Putin"
    assert not answer.abstained and "two and a half hours" in answer.text


def test_who_holds_a_role_is_answered_by_the_sentence_naming_them_beside_it(embeddings) -> None:  # noqa: ANN001
    ferry = story("ferry", "The MV Santa Lucia overturned off Guimaras island shortly after leaving Iloilo City. The MV "
                           "Santa Lucia had 158 passengers and five crew on its manifest. Investigators found that the "
                           "MV Santa Lucia was carrying 163 people. The ferry's captain, Eduardo Lim, 57, was being "
                           "questioned by coast guard investigators.", title="Ferry capsizes off Iloilo",
                  published="2025-03-11")
    answer = answer_extractive("Who was the captain of the MV Santa Lucia?", [ferry], embeddings)
    assert "Eduardo Lim" in answer.citations[0].quote  # not the sentences that only repeat the ship's name


def test_a_figure_asked_for_on_a_day_is_quoted_from_that_day_though_it_scores_lower(embeddings) -> None:  # noqa: ANN001
    later = story("later", "The move follows several accidents, including the capsizing of the MV Santa Lucia off "
                           "Guimaras in March, which killed 34 people.", title="Ferry safety under scrutiny",
                  published="2025-05-02")
    that_day = story("that-day", "The death toll from the capsizing of a ferry in the central Philippines rose to 27 on "
                                 "Tuesday, with 19 people still missing, as divers recovered more bodies. Divers cut "
                                 "through the hull of the MV Santa Lucia overnight.", rank=2,
                     title="Ferry death toll rises", published="2025-03-11")
    answer = answer_extractive("How many people died in the Santa Lucia capsizing on 11 March?", [later, that_day],
                               embeddings, asked_days=("2025-03-11", "2025-03-11"))
    assert answer.citations[0].article_id == "that-day" and "27" in answer.citations[0].quote


@pytest.mark.parametrize(("question", "abstains"), [
    ("What was the name of the tugboat that towed the MV Santa Lucia?", True),  # no tugboat in the stories
    ("Who is the mayor of Iloilo?", True),
    ("What is Eduardo Lim's weekly wage?", True),
    ("Who was the captain of the MV Santa Lucia?", False),
    ("What was the name of the ferry that capsized off Guimaras?", False),
])
def test_a_question_about_a_thing_no_story_mentions_is_not_answered_with_the_story(embeddings, question: str,  # noqa: ANN001
                                                                                   abstains: bool) -> None:
    ferry = story("ferry", "The MV Santa Lucia ferry capsized off Guimaras on Monday after leaving Iloilo City. The "
                           "ferry's captain, Eduardo Lim, 57, was questioned by the coast guard. Divers recovered 31 "
                           "bodies.", title="Ferry capsizes",
                  published="2025-03-11")
    assert answer_extractive(question, [ferry], embeddings).abstained is abstains


def test_a_yes_no_question_is_answered_first_by_the_sentence_that_decides_it(embeddings) -> None:  # noqa: ANN001
    outage = story("outage", "Cloud storage service Skyvault suffered a major outage on Wednesday that left about two "
                             "million customers unable to reach their files. Skyvault said in a post on its status page "
                             "that it had identified the issue and restored service for most customers. The outage also "
                             "hit businesses that rely on Skyvault's storage. No customer data was lost.",
                   title="Skyvault outage", published="2025-03-12")
    answer = answer_extractive("Was any customer data lost in the Skyvault outage?", [outage], embeddings)
    assert answer.citations[0].quote == "No customer data was lost."


def test_a_company_in_the_possessive_is_not_taken_for_a_person_with_a_namesake(embeddings) -> None:  # noqa: ANN001
    results = story("results", "Norwegian food group Halvorsen Foods reported third-quarter net profit of 312 million "
                               "euros on Wednesday. The Halvorsen family still controls 38% of the voting shares.",
                    title="Halvorsen Foods profit beats forecasts", published="2025-10-22")
    other = story("other", "Sundaram Infotech reported a 9% rise in net profit for the July-September quarter.",
                  rank=2, title="Sundaram Infotech quarterly profit rises", published="2025-10-15")
    answer = answer_extractive("What was Halvorsen Foods' net profit in the third quarter?", [results, other],
                               embeddings)
    assert not answer.abstained and "312 million euros" in answer.citations[0].quote


def test_a_quotation_running_over_sentences_is_quoted_whole(embeddings) -> None:  # noqa: ANN001
    text = ("The Riverton flood barrier failed on Friday, flooding 260 homes.\n\nMayor Elena Vasquez said the failure "
            "was unacceptable. “We were told this barrier would hold for a century. It did not hold for a decade,” "
            "she told reporters outside the town hall. \"The gate jammed. Then the backup generator never started,\" "
            "Brandt said.\n\nThe inquiry will report in six months.")
    reply = answer_extractive("Was the barrier meant to hold for a century?", [story("g", text)], embeddings)
    quotes = [c.quote for c in reply.citations]
    assert "“We were told this barrier would hold for a century. It did not hold for a decade,” she told reporters " \
           "outside the town hall." in quotes  # not cut after "century."
    reply = answer_extractive("Did the backup generator start?", [story("g", text)], embeddings)
    assert reply.citations[0].quote == "\"The gate jammed. Then the backup generator never started,\" Brandt said."
    for c in reply.citations:
        assert text[c.start:c.end] == c.quote


@pytest.mark.parametrize("question", ["How many people died in the Millbrook fire?",
                                      "What is the death toll of the Millbrook fire?"])
def test_the_newest_toll_comes_first_though_two_outlets_disagreed_on_an_earlier_day(question: str,
                                                                                     embeddings) -> None:  # noqa: ANN001
    reports = [("ledger", "2025-06-03", "Fourteen people were killed in the fire at the plant in Millbrook, county "
                                        "officials confirmed on Tuesday."),
               ("gazette3", "2025-06-03", "The death toll from Monday's fire at the plant in Millbrook rose to 17 on "
                                          "Tuesday after search teams recovered five more bodies."),
               ("gazette2", "2025-06-02", "A fire tore through the plant in Millbrook on Monday, killing 12 workers."),
               ("gazette5", "2025-06-05", "Helen Strand resigned on Thursday, three days after the Millbrook fire. The "
                                          "toll rose to 19 on Wednesday night when two injured workers died in hospital.")]
    reply = answer_extractive(question, dated_reports(reports, "Millbrook fire"), embeddings)
    assert reply.citations[0].article_id == "gazette5" and "19" in reply.citations[0].quote



def test_a_short_sentence_giving_the_figure_asked_for_is_quoted_first(embeddings) -> None:  # noqa: ANN001
    text = ("Prominent American journalist Grant Wahl has died in Qatar after collapsing while covering the World Cup, "
            "sparking an outpouring of shock and grief across the sports world. He was 49.")
    reply = answer_extractive("How old was Grant Wahl when he died?", [story("cnn", text)], embeddings)
    assert reply.citations[0].quote == "He was 49."


def test_a_property_of_a_place_no_story_gives_is_not_in_the_articles(embeddings) -> None:  # noqa: ANN001
    fire = story("fire", "A fire tore through the Corvane Chemicals plant in Millbrook on Monday morning, killing 12 "
                         "workers and injuring dozens more, officials said. Mayor Gloria Pennington said the relief "
                         "centre had registered 240 families.", title="Blaze at Millbrook chemical plant")
    assert answer_extractive("What is the population of Millbrook?", [fire], embeddings).abstained
    assert not answer_extractive("How many workers died in the Millbrook fire?", [fire], embeddings).abstained


def test_of_two_sentences_about_as_good_the_first_storys_comes_first(embeddings) -> None:  # noqa: ANN001
    summit = story("summit", "Baku welcomed delegates to the summit on climate this week.", title="Climate summit opens",
                   published="2024-11-11")  # search's first passage: the story asked about, more often than not
    protests = story("protests", "The climate summit this week drew protests in many cities, organizers said.", rank=4,
                     title="Climate news", published="2024-11-12")
    answer = answer_extractive("Which city hosted the climate summit this week?", [summit, protests], embeddings)
    assert answer.citations[0].article_id == "summit" and "Baku" in answer.text.split("[1]")[0]
