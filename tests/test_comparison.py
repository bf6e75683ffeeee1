"""Claim questions: recognition, and speaker / comparison / who-said answers over the sample's claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.claims import extract_claims
from assistant.comparison import (
    ClaimQuestion,
    ScoredClaim,
    answer_comparison,
    answer_speaker,
    answer_unknown_speakers,
    answer_who_said,
    describe_claim,
    parse_claim_question,
    row_topic,
)
from assistant.models import Answer, Article, Claim

SAMPLE = Path(__file__).resolve().parent.parent / "assistant" / "samples" / "trump-putin-call.txt"
ALIASES = {"Zelensky": "Volodymyr Zelenskyy"}
T, P, Z, U = "Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy", "Yuri Ushakov"


@pytest.fixture(scope="module")
def claims(sample_article: Article) -> list[Claim]:
    return extract_claims(sample_article, ALIASES)


@pytest.fixture(scope="module")
def known(claims: list[Claim]) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in claims:
        out.setdefault(c.speaker, "" if c.kind == "institutional" else c.role)
    return out


@pytest.fixture(scope="module")
def embed(embeddings) -> Callable[[list[str]], np.ndarray]:  # noqa: ANN001
    return embeddings.encode


def _scored(claims: list[Claim], cq: ClaimQuestion, embed: Callable[[list[str]], np.ndarray]
            ) -> dict[str, list[ScoredClaim]]:
    topic = embed([cq.topic or "statement"])[0]
    out: dict[str, list[ScoredClaim]] = {}
    for claim in claims:
        if claim.speaker in cq.speakers:
            out.setdefault(claim.speaker, []).append((claim, float(embed([claim.quote])[0] @ topic)))
    return out


def _assert_verbatim(answer: Answer, article: Article) -> None:
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for citation in answer.citations:
        assert article.text[citation.start : citation.end] == citation.quote
        assert citation.article_id == article.id and citation.url == article.url
        assert f"[{citation.n}]" in answer.text


@pytest.mark.parametrize(("question", "kind", "speakers", "unknown", "topic"), [
    ("How long did Trump and Putin talk?", None, [], [], ""),
    ("What is the capital of France?", None, [], [], ""),
    ("What did Zelenskyy say about troop withdrawal?", "speaker", [Z], [], "troop withdrawal"),
    ("What did Zelensky say?", "speaker", [Z], [], ""),
    ("Compare what Trump and Putin said about the call", "compare", [T, P], [], "call"),
    ("What did Trump and Putin each say about a ceasefire?", "compare", [T, P], [], "ceasefire"),
    ("How did Trump's and Putin's accounts differ", "compare", [T, P], [], ""),
    ("What did Macron say?", "speaker", [], ["Macron"], ""),
    ("What did the Kremlin say about a meeting?", "speaker", ["Kremlin"], [], "meeting"),
    ("What did the Kremlin aide say?", "speaker", [U], [], ""),
    ("What did Putin and Macron say about sanctions?", "compare", [P], ["Macron"], "sanctions"),
    ("What did Zelensky say about abortion?", "speaker", [Z], [], "abortion"),  # not "bortion"
    ("What did Trump say about an attack on the theory of oil?", "speaker", [T], [], "attack on the theory of oil"),
    ("Which company announced job cuts last week?", None, [], [], ""),  # who did it: the passages tell
    # a figure or a name a statement gave is a fact the passages tell, not a list of the speaker's statements
    ("Which company did Trump say would build the plant?", None, [], [], ""),
    ("How many classified files did Trump say he would release?", None, [], [], ""),
    ("What tariff did Trump vow to impose on imports from Mexico?", None, [], [], ""),
    ("What else did Trump say?", "speaker", [T], [], ""),
])  # fmt: skip
def test_recognises_claim_questions(question: str, kind: str | None, speakers: list[str], unknown: list[str],
                                    topic: str, known: dict[str, str]) -> None:
    cq = parse_claim_question(question, known, ALIASES)
    if kind is None:
        assert cq is None
        return
    assert cq is not None
    assert (cq.kind, cq.speakers, cq.unknown, cq.topic) == (kind, speakers, unknown, topic)


def test_recognises_who_said(known: dict[str, str]) -> None:
    cq = parse_claim_question("Who said 'No one will be pulling our troops out'?", known)
    assert cq is not None and cq.kind == "who_said" and cq.quote == "No one will be pulling our troops out"
    cq = parse_claim_question('Which senator said "we will not yield"?', known)
    assert cq is not None and cq.kind == "who_said" and cq.quote == "we will not yield"


def test_comparison_has_both_columns_and_verbatim_cells(sample_article: Article, claims: list[Claim], known: dict[str, str],
                                                        embed: Callable[[list[str]], np.ndarray]) -> None:
    question = "Compare what Trump and Putin said about a ceasefire"
    cq = parse_claim_question(question, known)
    assert cq is not None and cq.kind == "compare"
    answer = answer_comparison(question, cq, _scored(claims, cq, embed), embed)
    assert answer.comparison is not None and answer.comparison.speakers == [T, P]
    assert answer.mode == "extractive" and not answer.abstained
    rows = answer.comparison.rows
    assert 2 <= len(rows) <= 6 and all(row.topic for row in rows)
    assert any(row.cells[T] and row.cells[P] for row in rows)  # at least one point both addressed
    by_n = {c.n: c for c in answer.citations}
    for row in rows:
        for speaker, numbers in row.cells.items():
            for n in numbers:
                assert any(c.speaker == speaker and c.quote == by_n[n].quote for c in claims)
    assert "| Point | Donald Trump | Vladimir Putin |" in answer.text
    _assert_verbatim(answer, sample_article)


def test_comparison_is_fair_to_each_speaker(claims: list[Claim], embed: Callable[[list[str]], np.ndarray]) -> None:
    cq = ClaimQuestion("compare", [T, U], [], "")
    trump = [(c, 1.0) for c in claims if c.speaker == T]
    ushakov = [(c, 0.1) for c in claims if c.speaker == U]
    answer = answer_comparison("x", cq, {T: trump, U: ushakov}, embed, max_rows=4)
    assert answer.comparison is not None
    assert sum(bool(r.cells[U]) for r in answer.comparison.rows) >= 2


def test_speaker_answer_quotes_with_date_and_kind(sample_article: Article, claims: list[Claim]) -> None:
    cq = ClaimQuestion("speaker", [Z, "Kremlin"], [], "troop withdrawal")
    scored = {s: [(c, 1.0) for c in claims if c.speaker == s] for s in cq.speakers}
    answer = answer_speaker("What did Zelenskyy and the Kremlin say?", cq, scored)
    assert "On 19 May 2025, Volodymyr Zelenskyy (Ukrainian President) said: “No one will be pulling" in answer.text
    assert "reported speech" in answer.text and "statement by the Kremlin" in answer.text
    _assert_verbatim(answer, sample_article)


def test_speaker_without_claims_is_named(claims: list[Claim]) -> None:
    cq = ClaimQuestion("compare", [T, "Emmanuel Macron"], [], "")
    answer = answer_speaker("q", cq, {T: [(c, 1.0) for c in claims if c.speaker == T]}, max_per_speaker=2)
    assert "No statements by Emmanuel Macron in the articles." in answer.text and len(answer.citations) == 2


def test_unknown_speaker_abstains(known: dict[str, str]) -> None:
    cq = parse_claim_question("What did Macron say?", known)
    assert cq is not None
    answer = answer_unknown_speakers("What did Macron say?", cq)
    assert answer.text == "No statements by Macron in the articles." and answer.abstained and not answer.citations


def test_who_said(sample_article: Article, claims: list[Claim], known: dict[str, str]) -> None:
    cq = parse_claim_question("Who said 'No one will be pulling our troops out'?", known)
    assert cq is not None
    matches = [c for c in claims if cq.quote.lower() in c.quote.lower()]
    answer = answer_who_said("Who said ...?", cq, matches)
    assert "Volodymyr Zelenskyy" in answer.text and answer.citations[0].quote.startswith("No one will")
    _assert_verbatim(answer, sample_article)
    assert answer_who_said("Who said ...?", cq, []).abstained
    # the same words carried by three stories that give him three titles: one person, named once
    titled = [replace(matches[0], article_id=f"a{i}", role=role) for i, role in enumerate(["President", "Ukraine's leader",
                                                                                   "president"])]
    head = answer_who_said("Who said ...?", cq, titled).text.splitlines()[0]
    assert head.endswith("is attributed to Volodymyr Zelenskyy (President).")


@pytest.mark.parametrize(
    "question",
    [
        "Does the Engadget article claim that the VPN skipped an independent security audit?",
        "Which company is at the center of discussions involving the portrayal as an antagonist in a trial by Epic "
        "Games, the claim of superior architecture, and a settlement?",
        "Who is the individual implicated in a case covered by The Verge for allowing a trader to withdraw funds from "
        "an account?",
        "Do 'The Age' and 'FOX News' suggest that parents matter, or do their claims deny it?",
    ],
)
def test_questions_about_what_articles_say_are_not_claim_questions(question: str) -> None:
    assert parse_claim_question(question, {"Donald Trump": "U.S. President"}) is None


@pytest.mark.parametrize(("speaker", "shown"), [
    ("Kremlin", "the Kremlin"), ("FBI", "the FBI"), ("White House", "the White House"), ("ministry", "the ministry"),
    ("Google", "Google"), ("Israel", "Israel"), ("The Pentagon", "The Pentagon"),
])  # fmt: skip
def test_an_institution_is_named_as_english_names_it(speaker: str, shown: str) -> None:
    claim = Claim(speaker=speaker, speaker_as_written=speaker, role="", kind="institutional", quote="Talks go on.",
                  article_id="a", start=0, end=12)
    assert describe_claim(claim, 1) == f"a statement by {shown}, as reported by the article: Talks go on. [1]"


def test_a_name_with_particles_and_a_date_in_a_claim_question() -> None:
    from assistant.comparison import parse_claim_question

    known = {"Ursula von der Leyen": "European Commission President", "Friedrich Merz": ""}
    cq = parse_claim_question("What did Ursula von der Leyen say about sanctions?", known)
    assert cq is not None and (cq.speakers, cq.unknown, cq.topic) == (["Ursula von der Leyen"], [], "sanctions")
    dated = parse_claim_question("What did Merz say last month about defence?", known)
    assert dated is not None and (dated.speakers, dated.topic) == (["Friedrich Merz"], "defence")  # not "last month"


def test_two_speakers_named_by_their_roles_are_both_found() -> None:
    from assistant.speakers import match_speakers

    roles = {"Pete Hegseth": "Defense Secretary", "Elizabeth Warren": "Senator"}
    assert match_speakers("What did the defense secretary and the senator each say?", roles, None, roles) == [
        "Pete Hegseth", "Elizabeth Warren"]


def test_a_fact_asked_of_a_source_is_no_claim_question() -> None:
    from assistant.comparison import parse_claim_question

    assert parse_claim_question("How many MPC members voted for the cut according to the BBC?", {}) is None


def test_two_what_did_x_say_clauses_ask_for_both_speakers() -> None:
    from assistant.comparison import parse_claim_question

    known = {"Maria Lindqvist": "Chief Executive", "Andrew Bailey": "Governor"}
    cq = parse_claim_question("What did Lindqvist say about tariffs and what did Bailey say about them?", known)
    assert cq is not None and (cq.kind, cq.speakers, cq.topic) == ("compare", ["Maria Lindqvist", "Andrew Bailey"],
                                                                   "tariffs")


def test_how_shares_reacted_is_no_claim_question() -> None:
    from assistant.comparison import parse_claim_question

    known = {"Halvorsen Foods": ""}
    assert parse_claim_question("How did Halvorsen shares react to the deal?", known) is None
    assert parse_claim_question("How did Halvorsen Foods react to the deal?", known) is not None


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What did Rachel Tan say in court?", ""),
        ("What did Rachel Tan say next?", ""),
        ("What did Rachel Tan say that day?", ""),
        ("What did Rachel Tan say in court about the money?", "money"),
        ("What did Victor Almeida tell reporters about the jet?", "jet"),
        ("What did Rachel Tan say about the court ruling?", "court ruling"),
    ],
)
def test_where_or_when_something_was_said_is_no_topic(question: str, topic: str) -> None:
    cq = parse_claim_question(question, {"Rachel Tan": "finance chief", "Victor Almeida": "founder"})
    assert cq is not None and cq.topic == topic


@pytest.mark.parametrize(
    ("phrase", "role", "fits"),
    [
        ("the CEO", "chief executive", True),
        ("the utility's CEO", "chief executive of Pacific Crest Power", True),
        ("the chief executive", "executive", True),  # the article's "chief executive Gordon Hale", stored short
        ("the CFO", "chief financial officer", True),
        ("the PM", "Prime Minister", True),
        ("the CEO", "spokesman", False),
        ("the chancellor", "shadow chancellor", False),
    ],
)
def test_a_role_as_a_reader_types_it(phrase: str, role: str, fits: bool) -> None:
    from assistant.speakers import role_matches

    assert role_matches(phrase, role) is fits


def test_the_ceo_asks_for_the_one_chief_executive_quoted() -> None:
    cq = parse_claim_question("What did the utility's CEO say about the fire?", {"Gordon Hale": "chief executive",
                                                                                 "Dana Okafor": "fire chief"})
    assert cq is not None and cq.speakers == ["Gordon Hale"] and not cq.unknown


def test_what_someone_predicted_or_admitted_is_a_question_about_their_statements() -> None:
    known = {"Jennifer Ahn": "analyst", "Rachel Tan": "finance chief"}
    for question, speaker in [("What did Jennifer Ahn predict about the regulator?", "Jennifer Ahn"),
                              ("What did Rachel Tan admit?", "Rachel Tan")]:
        cq = parse_claim_question(question, known)
        assert cq is not None and cq.speakers == [speaker]


def test_what_someone_said_in_response_has_no_topic_but_what_it_responds_to() -> None:
    known = {"Mark Tillman": "governor"}
    assert parse_claim_question("What did Mark Tillman say in response?", known).topic == ""  # type: ignore[union-attr]
    assert parse_claim_question("What did Mark Tillman say in response to the flood?",  # type: ignore[union-attr]
                                known).topic == "flood"


def test_a_pronoun_is_no_topic() -> None:
    cq = parse_claim_question("What did Vasquez say about it?", {"Elena Vasquez": "mayor"})
    assert cq is not None and cq.topic == "" and cq.speakers == ["Elena Vasquez"]


def test_a_name_before_its_particle_is_how_the_person_is_called() -> None:
    from assistant.speakers import match_speakers

    known = {"Luiz Inacio Lula da Silva": "President", "Ursula von der Leyen": "President"}
    assert match_speakers("What did Lula say?", known) == ["Luiz Inacio Lula da Silva"]
    assert match_speakers("What did Ursula say?", known) == []  # a given name alone is anyone's


def test_row_labels_name_what_the_statements_are_about(claims: list[Claim]) -> None:
    said = next(c for c in claims if c.quote.startswith("We just spent two and a half hours"))
    label = row_topic([said], [T, P])
    assert "progress" in label.split(", ")  # not "spent, half, hours"
    assert not {"spent", "half", "hours", "just"} & set(label.split(", "))
    europe = next(c for c in claims if "European issue" in c.quote)
    assert "European" in row_topic([europe], [T, P]).split(", ")  # a name keeps its capital


def test_a_row_label_comes_from_what_was_said_not_from_who_said_it_when() -> None:
    reported = Claim(speaker="Tomas Kessler", speaker_as_written="Tomas Kessler", role="Prime Minister",
                     kind="paraphrase", quote="Merovian Prime Minister Tomas Kessler said on Friday that the dairy "
                     "quotas remained the main obstacle to the trade deal", article_id="a", start=0, end=10)
    label = row_topic([reported], ["Tomas Kessler", "Elena Marsh"]).split(", ")
    assert not {"Merovian", "Prime", "Minister", "Friday"} & set(label) and "dairy" in label


def test_a_quotation_inside_a_reported_sentence_is_shown_once() -> None:
    from assistant.articles import make_article

    text = ('Labour Minister Paul Okafor said the offer was "fair and final." Okafor added that talks would '
            "resume on Monday.")
    claims = extract_claims(make_article(text=text, title="Strike", published="2025-03-16"))
    assert {c.kind for c in claims} >= {"direct", "paraphrase"}  # both are stored ...
    cq = ClaimQuestion("speaker", ["Paul Okafor"], [], "")
    answer = answer_speaker("What did Okafor say?", cq, {"Paul Okafor": [(c, 0.5) for c in claims]})
    assert answer.text.count("fair and final") == 1  # ... but the statement is shown once


@pytest.mark.parametrize("question", ["Who missed the 52-yard field goal for Ohio State?",
                                      "Who did Michigan State hire as its football coach?",
                                      "What did the Secretary of State say about Iran?"])
def test_a_capitalised_state_is_a_name_not_a_verb_of_saying(question: str) -> None:
    assert parse_claim_question(question, {}) is None  # the passages answer; no one called "Ohio" is asked about
