"""Deterministic follow-up rewriting (the extractive mode's rule), and `standalone_question` end to end."""

from __future__ import annotations

import pytest

from assistant.conversation import rewrite
from tests.stories import add_stories


@pytest.mark.parametrize(
    ("history", "question", "standalone"),
    [
        ([], "What did Trump say?", "What did Trump say?"),
        (["What did Trump say about the call?"], "what did he say about sanctions?",
         "what did Trump say about sanctions?"),
        (["What did Putin say about the ceasefire?"], "and the Kremlin?",
         "What did the Kremlin say about the ceasefire?"),
        (["What did Putin say about the ceasefire?"], "And what about Zelenskyy?",
         "What did Zelenskyy say about the ceasefire?"),
        # a name with a thing of its own is a new topic, not a new speaker
        (["What did Kwame Mensah say about the Twitter deal?"], "What about the Facebook ban?",
         "What did Kwame Mensah say about the Facebook ban?"),
        (["What did Elon Musk say about the Twitter deal?"], "And Tesla's earnings?",
         "What did Elon Musk say about Tesla's earnings?"),
        # a body of several words goes whole
        (["What did the Ministry of Defence say about the drone?"], "And the Home Office?",
         "What did the Home Office say about the drone?"),
        (["What did Putin say about the ceasefire?"], "what about last week?",
         "What did Putin say about the ceasefire last week?"),
        (["What did Putin say about the ceasefire this week?"], "what about last week?",
         "What did Putin say about the ceasefire last week?"),
        (["What did Putin say about the ceasefire?"], "what about sanctions?",
         "What did Putin say about sanctions?"),
        (["How long did Trump and Putin talk?"], "what did they agree on?", "what did Trump and Putin agree on?"),
        (["What did Trump say about Ukraine?"], "what did his aides say?", "what did Trump's aides say?"),
        (["How long did Trump and Putin talk?"], "and prisoners?", "What did Trump and Putin say about prisoners?"),
        (["What did Harris say about the economy?"], "What did she say about it?",
         "What did Harris say about the economy?"),
        (["What did Harris say about the economy?"], "What did Vance say on that?", "What did Vance say on the economy?"),
        # a follow-up with names of its own stands alone already
        (["What did Trump say about Ukraine?"], "What did Macron say about Gaza?", "What did Macron say about Gaza?"),
        # a continuation that is a question of its own, about someone else, is not glued to the old one
        (["What did the mayor say about the fire?"], "And what did the central bank governor say?",
         "What did the central bank governor say?"),
        (["What did Trump say about tariffs?"], "What did the mayor say about the fire?",
         "What did the mayor say about the fire?"),
        # a name is all its words; "it", "in response" and a bare "his reasons" take the previous topic
        (["What did Kamala Harris say about Ukraine?"], "What did she say about it?",
         "What did Kamala Harris say about Ukraine?"),
        (["What happened at the NATO summit in Madrid?"], "What did Biden say about it?",
         "What did Biden say about the NATO summit in Madrid?"),
        (["What did Putin say about NATO expansion?"], "What did the Ukrainian president say in response?",
         "What did the Ukrainian president say about NATO expansion?"),
        (["What did Trump say about Greenland?"], "What were his reasons?", "What were Trump's reasons (Greenland)?"),
        # a speaker named by role is swapped for another role, and is who "he" means
        (["What did the transportation secretary say?"], "And the defense secretary?",
         "What did the defense secretary say?"),
        (["What did the defense secretary say?"], "What did he say about night vision goggles?",
         "What did the defense secretary say about night vision goggles?"),
        (["What did Noel Francisco argue?"], "And the solicitor general?", "What did the solicitor general argue?"),
        # "they" are the things asked about, unless someone is said to speak; "her" before a noun is possessive
        (["What did Trump say about the tariffs on Mexico?"], "When do they take effect?",
         "When do the tariffs on Mexico take effect?"),
        (["What did Claudia Sheinbaum say about tariffs?"], "What did her government say about fentanyl?",
         "What did Claudia Sheinbaum's government say about fentanyl?"),
        # "it" is the subject of a question asked with an auxiliary; a question naming its own subject stands
        (["How much will Nordtech's Finnish plant cost?"], "When does it open?",
         "When does Nordtech's Finnish plant open?"),
        (["When did the strike start?"], "Why did it start?", "Why did the strike start?"),
        (["Tell me about the Harbour Bridge in Portmere"], "Who opposed it?",
         "Who opposed the Harbour Bridge in Portmere?"),
        # a thing asked about is not made a speaker; a possessive is not part of a name
        (["How many acres has the Alder Canyon Fire burned?"], "And the containment?",
         "What about the containment (Alder Canyon Fire)?"),
        (["What share of the vote did Tom Whitaker get?"], "Did he concede?", "Did Tom Whitaker concede?"),
        (["What was the verdict in Daniel Ashcombe's trial?"], "What did he say?", "What did Daniel Ashcombe say?"),
        (["What did Andrew Bailey say about inflation?"], "What did the union demand?", "What did the union demand?"),
        # only the last standalone question counts
        (["What did Trump say?", "What did Putin say about the ceasefire?"], "and the Kremlin?",
         "What did the Kremlin say about the ceasefire?"),
    ],
)
def test_rewrite(history: list[str], question: str, standalone: str) -> None:
    assert rewrite(question, history) == standalone


def test_rewrite_is_deterministic() -> None:
    history = ["What did Putin say about the ceasefire?"]
    assert len({rewrite("and the Kremlin?", history) for _ in range(5)}) == 1


def test_standalone_question_in_answer(sample_assistant) -> None:  # noqa: ANN001
    answer = sample_assistant.ask("what did he say about sanctions?", ["What did Trump say about the call?"])
    assert answer.standalone_question == "what did Trump say about sanctions?"
    assert answer.to_json()["standalone_question"] == "what did Trump say about sanctions?"
    assert not answer.abstained and "sanctions" in answer.text


def test_only_a_related_question_carries_the_last_names() -> None:
    history = ["Earthquake in Myanmar: what happened?"]
    assert rewrite("What was the death toll?", history, lambda q, p: True) == "What was the death toll (Earthquake Myanmar)?"
    assert rewrite("What changes to buses?", history, lambda q, p: False) == "What changes to buses?"
    assert rewrite("What happened yesterday?", history, lambda q, p: True) == "What happened yesterday?"  # a date


@pytest.mark.parametrize(("previous", "question", "standalone"), [
    ("What deal did Andes Litio sign?", "Who is the company's chief executive?",
     "Who is the company's chief executive (Andes Litio)?"),
    ("What pay deal ended the Rotterdam strike?", "Who mediated it?", "Who mediated it (Rotterdam)?"),
    ("How many workers died in the Gazipur garment factory fire?", "Has the toll risen?",
     "Has the toll risen (Gazipur)?"),
])
def test_a_question_referring_to_something_said_before_carries_the_story(previous: str, question: str,
                                                                          standalone: str) -> None:
    # however far in meaning from the last question: "the company", "it", "the toll" point back to it
    assert rewrite(question, [previous], lambda q, p: False) == standalone


def test_a_new_question_in_a_conversation_is_left_as_asked(sample_assistant) -> None:  # noqa: ANN001
    history = ["What did Trump say about a ceasefire?"]
    assert sample_assistant.standalone("What changes to bus routes are planned?", history) == \
        "What changes to bus routes are planned?"
    assert sample_assistant.standalone("How long did they talk?", history) == "How long did Trump talk?"


def test_an_outlet_asked_about_with_no_topic_takes_the_last_one() -> None:
    history = ["How did the Monetary Policy Committee vote?"]
    outlets = lambda q: "BBC" in q  # noqa: E731
    assert rewrite("What did the BBC say?", history, outlet=outlets) == \
        "What did the BBC say about the Monetary Policy Committee vote?"
    assert rewrite("What did the BBC say?", ["How many people were arrested at the arms factory protest?"],
                   outlet=outlets) == "What did the BBC say about people arrested at the arms factory protest?"
    assert rewrite("What did the central bank governor say?", history, outlet=outlets) == \
        "What did the central bank governor say?"  # a person: a question of its own


@pytest.mark.parametrize(
    ("history", "question", "standalone"),
    [
        # he is not Rachel: the man asked about before
        (["What is Victor Almeida accused of?", "What did Rachel Tan testify?"], "Did he deny it?",
         "Did Victor Almeida deny it?"),
        # no man named at all: the pronoun stays, and her name is not carried for him
        (["What did Rachel Tan testify?"], "When will he be sentenced?", "When will he be sentenced?"),
        (["Did Reinholt concede?"], "Why not?", "Why not (Did Reinholt concede)?"),
        (["What did the BBC report about Almeida's testimony?"], "And the New York Times?",
         "What did the New York Times report about Almeida's testimony?"),
        (["What did the utility's CEO say about the fire?"], "Who is he?", "Who is the utility's CEO?"),
    ],
)
def test_a_pronoun_stands_for_a_person_it_fits(history: list[str], question: str, standalone: str) -> None:
    assert rewrite(question, history) == standalone


def test_a_pronoun_never_stands_for_a_place_or_a_company() -> None:
    history = ["Who is winning the Harborview mayoral race?"]
    not_people = {"Harborview": None}
    assert rewrite("How big is her lead?", history, person=not_people.get) == "How big is her lead (Harborview)?"


def test_a_follow_up_naming_its_own_subject_carries_the_story_not_the_person_just_asked_about() -> None:
    history = ["How many people died in the Millbrook fire?", "Who resigned after the fire?", "Who replaced Helen Strand?"]
    people = {"Helen Strand": "she", "Millbrook": None}.get
    related = lambda q, p: True  # noqa: E731
    assert rewrite("What did the union say?", history, related, person=people) == "What did the union say (Millbrook)?"
    assert rewrite("Why did the fire start?", history, related, person=people) == "Why did the fire start (Millbrook)?"
    assert rewrite("What did she say next?", history, related, person=people) == "What did Helen Strand say next?"


def test_the_articles_tell_who_is_a_person(assistant) -> None:  # noqa: ANN001
    from assistant.articles import article_from_record

    text = ('Mayor Elena Vasquez took a lead of 321 votes in the Harborview mayoral race. "The mail ballots are where '
            'our voters are," Vasquez said. Harborview Port Authority said the count would finish on Friday.')
    assistant.ingest_articles([article_from_record({"title": "Vasquez ahead", "text": text, "source": "AP",
                                                    "published": "2025-11-07", "url": "https://h.example/1"})])
    assert assistant.standalone("How big is her lead?", ["Who is winning the Harborview mayoral race?"]) == \
        "How big is her lead (Harborview)?"
    assert assistant.standalone("What did she say next?", ["What did Vasquez say about the ballots?"]) == \
        "What did Vasquez say next?"


def test_a_pronoun_prefers_a_person_named_to_a_role() -> None:
    history = ["What did Almeida say the villa was for?", "What did the prosecutor reply?", "Who is the prosecutor?"]
    assert rewrite("What sentence is he likely to get?", history) == "What sentence is Almeida likely to get?"


def test_a_pronoun_after_a_who_question_stands_for_whom_the_answer_named() -> None:
    history = ["Why was Lena Marsh fired?", "Who resigned in protest?"]
    replies = ["The board said it had lost confidence in Lena Marsh.", "Co-founder Tomás Ruiz resigned on Monday."]
    assert rewrite("What did he say?", history, replies=replies) == "What did Tomás Ruiz say?"
    bid = ["Who made a rival bid for BrightCrate?"]
    assert rewrite("How much did they offer?", bid, replies=["Marston Capital made a rival bid for BrightCrate."]) \
        == "How much did Marston Capital offer?"
    assert rewrite("How much did they offer?", ["What did BrightCrate's board say?"],
                   replies=["Marston Capital made a rival bid."]) != "How much did Marston Capital offer?"  # no "who"


def test_a_batch_line_can_carry_the_earlier_answers(tmp_path, sample_assistant, monkeypatch) -> None:  # noqa: ANN001
    from assistant.cli import _batch_record
    from assistant.errors import AssistantError

    assert _batch_record({"question": "q", "history": ["a"], "replies": ["b"]}, "f:1")["replies"] == ["b"]
    with pytest.raises(AssistantError, match="f:2: 'replies' must be a list"):
        _batch_record({"question": "q", "replies": "b"}, "f:2")


def test_a_hyphenated_given_name_stays_whole_and_a_bare_speaker_question_has_no_topic() -> None:
    assert rewrite("What is her role now?", ["What did Park Ji-won say?"]) == "What is Park Ji-won's role now?"
    assert rewrite("What did he say?", ["Who resigned?"], replies=["Co-founder Tomás Ruiz resigned."]) == \
        "What did Tomás Ruiz say?"


def test_a_follow_up_after_a_question_naming_only_an_outlet_keeps_the_story() -> None:
    history = ["What happened at Jordan Chemicals?", "What does AP say is the latest?"]
    asks_an_outlet = {"What does AP say is the latest?"}.__contains__
    assert rewrite("How much did the shares fall?", history, outlet=asks_an_outlet) == \
        "How much did the shares fall (Jordan Chemicals)?"


def test_a_company_named_like_a_person_is_no_he_and_a_role_keeps_its_company() -> None:
    history = ["What happened at Jordan Chemicals?", "What did the CEO say about Jordan Chemicals?"]
    assert rewrite("Did he know about the inspection?", history) == \
        "Did the CEO know about the inspection (Jordan Chemicals)?"


def test_a_dateline_or_a_month_in_the_last_answer_is_no_one_a_pronoun_stands_for() -> None:
    wire = "NEW YORK, Sept 22 (Reuters) - Marston Capital made a rival bid for BrightCrate on Monday."
    assert rewrite("How much did they offer?", ["Who made a rival bid for BrightCrate?"], replies=[wire]) == \
        "How much did Marston Capital offer?"
    fire = "PINE HOLLOW, California, Aug 15 (Reuters) - Officials said the line failed."
    assert rewrite("When did they do it?", ["Who started the fire?"], replies=[fire]) == \
        "When did they do it (Who started the fire)?"  # no "PINE HOLLOW California Aug" for "they"


def test_a_statements_answer_tells_a_follow_up_whose_they_are() -> None:
    from assistant.conversation import reply_of
    from assistant.models import Answer, Citation

    quote = "I want to be honest with people: this is going to be a long fight"
    answer = Answer("Who is the fire chief?", f"**Dana Okafor**\n- On 12 August 2025, Dana Okafor said: “{quote}” [1]",
                    [Citation(1, "a", quote, 0, len(quote), "Fire", "", "Courier", "2025-08-12")], "extractive")
    assert reply_of(answer).startswith("Dana Okafor")
    quoted = {"Dana Okafor": ""}.get  # a person the articles quote, of a given name that tells no gender
    assert rewrite("What did she say about containment?", ["Who is the fire chief?"], person=quoted,
                   replies=[reply_of(answer)]) == "What did Dana Okafor say about containment?"


def test_a_company_the_articles_quote_is_no_he(assistant) -> None:  # noqa: ANN001
    from assistant.articles import article_from_record

    text = ('Pacific Crest Power said its line likely started the fire. "We deeply regret the loss of life," chief '
            'executive Gordon Hale said.')
    assistant.ingest_articles([article_from_record({"title": "Utility admits fault", "text": text, "source": "Courier",
                                                    "published": "2025-08-18", "url": "https://u.example/1"})])
    assert assistant.standalone("What did he say about the fire?", ["Who runs Pacific Crest Power?"],
                                ["Pacific Crest Power said its line likely started the fire."]) == \
        "What did he say about the fire (Pacific Crest Power)?"  # the pronoun stays: no person was named


def test_an_outlet_follow_up_swaps_the_outlet_and_he_is_the_latest_role() -> None:
    asks_an_outlet = {"What did the Journal report about the spill?"}.__contains__
    assert rewrite("And the Post?", ["What did the Journal report about the spill?"], outlet=asks_an_outlet) == \
        "What did the Post report about the spill?"
    assert rewrite("Did he resign?", ["What did the Sterling CEO say?", "What did the board chair say?"]) == \
        "Did the board chair resign?"


def test_a_lead_in_naming_the_story_is_no_name_to_look_for() -> None:
    from assistant.extractive import entity_names

    assert entity_names("Switching to the bridge collapse: how many people died?") == []


def test_the_first_pronoun_says_whom_a_question_asks_about() -> None:
    history = ["What did Tom Okonkwo say?", "What did Rebecca Holt say?"]
    assert rewrite("Did he know about her warnings?", history) == "Did Tom Okonkwo know about her warnings?"
    titled = ["What did Daniel Brandt say?", "What did Kingsley Mayor Grace Kimura say about the company?"]
    assert rewrite("Did he know about the inspection?", titled) == "Did Daniel Brandt know about the inspection?"


def test_what_an_outlet_reported_after_a_question_about_a_speaker_is_asked_as_is() -> None:
    asks_an_outlet = {"What did the Guardian report?"}.__contains__
    assert rewrite("What did the Guardian report?", ["What did the analyst say?"], outlet=asks_an_outlet) == \
        "What did the Guardian report?"


def test_he_after_a_statements_answer_is_its_speaker() -> None:
    history = ["What did the Sterling CEO say?", "What did the board chair say?"]
    replies = ["", "Robert Kincaid: Mr. Kincaid said in a statement that he respected the outcome"]
    assert rewrite("Did he resign?", history, replies=replies) == "Did Robert Kincaid resign?"


@pytest.mark.parametrize(("question", "standalone"), [
    ("No, I meant the one in Chile", "Who won the Valparaiso mayoral election (the one in Chile)?"),
    ("Switching to the digital services tax: who suspended it?", "who suspended the digital services tax?"),
    ("Back to the ferry: who was the captain?", "who was the captain (the ferry)?"),
    ("Okay, turning to the Rotterdam strike, how many workers walked out?",
     "how many workers walked out (the Rotterdam strike)?"),
])
def test_a_correction_or_a_change_of_story_is_read_as_one(question: str, standalone: str) -> None:
    history = ["How many died in the Gazipur fire?", "Who won the Valparaiso mayoral election?"]
    assert rewrite(question, history, lambda q, p: True) == standalone  # never "(Gazipur)" or "(Valparaiso)"


def test_a_weekday_or_a_time_is_no_name_a_follow_up_carries() -> None:
    assert rewrite("What was it on Wednesday?", ["How many died in the Gazipur fire?"], lambda q, p: True) == \
        "What was it on Wednesday (How many died in the Gazipur fire)?"
    assert rewrite("Who owns the factory?", ["How many died in the Gazipur fire on Wednesday at 2am?"],
                   lambda q, p: True) == "Who owns the factory (Gazipur)?"


def test_what_an_institution_of_the_story_said_is_asked_about_the_story() -> None:
    assert rewrite("What did the union say?", ["How many jobs will Jonas Weller cut?"], lambda q, p: False) == \
        "What did the union say (Jonas Weller)?"  # its union, not the dockers' union of another story
    assert rewrite("What did the central bank governor say?", ["How did the Monetary Policy Committee vote?"],
                   lambda q, p: False) == "What did the central bank governor say?"  # a person: a question of its own


def test_what_a_person_is_asks_about_them_not_about_what_they_said() -> None:
    assert rewrite("What is his name?", ["What did the Transport Secretary promise?"], lambda q, p: True,
                   person=lambda n: "he", replies=["Vicente Bautista: If there was negligence, they will answer"]) == \
        "What is Vicente Bautista's name?"
    assert rewrite("What is his job?", ["What did Vicente Bautista promise?"], lambda q, p: True) == \
        "What is Vicente Bautista's job?"


def test_names_end_at_punctuation_and_lose_their_titles() -> None:
    from assistant.conversation import names_in

    said = '"This is a vote of confidence in Chile," Chief Executive Officer Diego Rojas, 58, said.'
    assert names_in(said) == ["Chile", "Diego Rojas"]  # not "Chile Chief Executive Officer Diego Rojas"


def test_she_after_a_who_question_finds_the_name_in_the_answers_second_quote() -> None:
    from assistant.conversation import reply_of
    from assistant.models import Answer, Citation

    quotes = ["Peter Mwangi won the Machakos governor by-election with 58% of the vote.",
              "Mwangi beat Ruth Ndeti of the ODM, who took 37%."]
    answer = Answer("Who did Peter Mwangi beat?", "", [Citation(n, "a", q, 0, len(q), "", "", "", "")
                                                       for n, q in enumerate(quotes, 1)], "extractive")
    assert rewrite("What did she say?", ["Who did Peter Mwangi beat?"], lambda q, p: True,
                   person=lambda n: "she" if n.startswith("Ruth") else "he", replies=[reply_of(answer)]) == \
        "What did Ruth Ndeti say?"


def test_names_carried_in_brackets_are_the_story_not_speakers() -> None:
    assert rewrite("What about the injured?", ["Who said so (What caused the fire (Gazipur))?"], lambda q, p: True) == \
        "What about the injured (Gazipur)?"  # never "What did Gazipur say about the injured?"


def test_a_new_story_named_with_the_is_not_the_last_ones() -> None:
    assert rewrite("What is the latest on the rail strike?", ["What did Elena Marsh say about the trade deal?"],
                   lambda q, p: False) == "What is the latest on the rail strike?"  # not "(Elena Marsh)"


def test_a_pronoun_whose_person_the_question_names_first_is_left_as_asked() -> None:
    assert rewrite("Who is the governor of the central bank and what did he say?",
                   ["What did Boris Johnson say about the trade deal?"], lambda q, p: True, person=lambda n: "he") == \
        "Who is the governor of the central bank and what did he say?"


def test_a_name_the_articles_lack_is_not_carried_into_the_next_question(assistant) -> None:  # noqa: ANN001
    text = "President Elena Marsh said on Friday that the trade deal with Merovia would be signed this year."
    add_stories(assistant, {"title": "Deal this year", "text": text, "source": "Wire", "published": "2025-03-28"})
    assistant.search("trade deal")  # the keyword index is read
    history = ["What did Boris Johnson say about the trade deal (Merovia)?"]
    assert assistant.standalone("When will the trade deal be signed?", history) == \
        "When will the trade deal be signed (Merovia)?"  # Boris Johnson is in no article; Merovia is


def test_and_about_a_topic_asks_the_same_people_about_it() -> None:
    assert rewrite("And about the rail strike?", ["What did Elena Marsh and Tomas Kessler say about the trade deal?"],
                   lambda q, p: True) == "What did Elena Marsh and Tomas Kessler say about the rail strike?"


def test_he_after_which_coach_is_whom_the_answer_named() -> None:
    assert rewrite("Who replaced him?", ["Which coach did the Minnesota Wild fire?"],
                   replies=["Wild fire HC Bill Peters, hire John Hynes as replacement"]) == "Who replaced Bill Peters?"


def test_he_after_a_who_said_answer_is_the_one_it_named() -> None:
    from assistant.conversation import reply_of
    from assistant.models import Answer, Citation

    quote = "Russia's attack on civilians at a shopping mall is cruel"
    answer = Answer("Who said the attack on a mall was cruel?",
                    f"“{quote}” is attributed to Joe Biden (President).\n- On 27 June 2022, Joe Biden said: “{quote}” [1]",
                    [Citation(1, "a", quote, 0, len(quote), "G7", "", "CNN", "2022-06-27")], "extractive")
    assert reply_of(answer).startswith("Joe Biden: ")
    assert rewrite("What did he say about Erdogan?", ["Who said the attack on a mall was cruel?"],
                   replies=[reply_of(answer)]) == "What did Joe Biden say about Erdogan?"
