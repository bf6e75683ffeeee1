"""Claim extraction: precision/recall on the hand-checked sample, attribution examples, offsets."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.articles import make_article
from assistant.claims import extract_claims
from assistant.errors import SettingsError
from assistant.models import Article, Claim
from assistant.quotes import find_quotes
from assistant.speakers import canonical_speaker, group_speakers, identity, load_aliases, match_speakers

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assistant" / "samples" / "trump-putin-call.txt"
GOLD = Path(__file__).with_name("claims_gold_sample.json")
REALTIMEQA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realtimeqa" / "articles.jsonl"


@pytest.fixture(scope="module")
def claims(sample_article: Article) -> list[Claim]:
    return extract_claims(sample_article)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _find(claims: list[Claim], words: str) -> Claim:
    return next(c for c in claims if words in c.quote)


def test_precision_and_recall_against_gold(sample_article: Article, claims: list[Claim]) -> None:
    gold = []
    for item in json.loads(GOLD.read_text(encoding="utf-8")):
        start = sample_article.text.index(item["quote"])
        gold.append((item["speaker"], (start, start + len(item["quote"]))))

    def matches(claim: Claim, g: tuple[str, tuple[int, int]]) -> bool:
        span = g[1]
        return claim.speaker == g[0] and _overlap((claim.start, claim.end), span) >= 0.5 * (span[1] - span[0])

    precision = sum(any(matches(c, g) for g in gold) for c in claims) / len(claims)
    recall = sum(any(matches(c, g) for c in claims) for g in gold) / len(gold)
    print(f"\nclaims precision={precision:.3f} recall={recall:.3f} ({len(claims)} predicted, {len(gold)} gold)")
    assert precision >= 0.9 and recall >= 0.9


def test_gold_quotes_are_substrings(sample_article: Article) -> None:
    for item in json.loads(GOLD.read_text(encoding="utf-8")):
        assert item["quote"] in sample_article.text
        assert item["kind"] in ("direct", "paraphrase", "institutional")


def test_pronouns_go_to_the_last_named_subject(claims: list[Claim]) -> None:
    remarked = _find(claims, "I'd just back away")
    assert (remarked.speaker, remarked.kind, remarked.speaker_as_written) == ("Donald Trump", "direct", "He")
    noted = _find(claims, "call each other as needed")
    assert noted.speaker == "Yuri Ushakov" and noted.role == "Kremlin foreign policy aide"
    stated = _find(claims, "Russia also favours a peaceful settlement")
    assert stated.speaker == "Vladimir Putin"
    clarified = _find(claims, "any conditions set by Russia")
    assert clarified.speaker == "Volodymyr Zelenskyy" and clarified.kind == "paraphrase"


def test_kremlin_statements_are_not_putins(claims: list[Claim]) -> None:
    advisor = _find(claims, "exchange of prisoners")
    kremlin = _find(claims, "face-to-face meeting")
    for claim in (advisor, kremlin):
        assert claim.speaker == "Kremlin" and claim.kind == "institutional"
    assert not any(c.speaker == "Vladimir Putin" and "prisoners" in c.quote for c in claims)


def test_multi_line_quotes_are_one_claim(claims: list[Claim]) -> None:
    for first, last in [("We just spent", "we did something."), ("It was very informative", "Russia and Ukraine."),
                        ("No one will be pulling", "integrity of Ukraine.")]:
        claim = _find(claims, first)
        assert claim.kind == "direct" and claim.quote.endswith(last) and "\n" in claim.quote


def test_names_roles_and_apostrophes(claims: list[Claim]) -> None:
    assert {c.speaker for c in claims} == {"Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy",
                                           "Yuri Ushakov", "Kremlin", "Russia"}
    trump = _find(claims, "We just spent")
    assert trump.role == "U.S. President" and "It's a terrible situation" in trump.quote
    assert _find(claims, "Ushakov disclosed").speaker == "Yuri Ushakov"
    assert all(c.published.startswith("2025-05-19") and c.url == "https://example.com/call" for c in claims)


def test_claims_round_trip(sample_article: Article, claims: list[Claim]) -> None:
    assert claims and all(sample_article.text[c.start : c.end] == c.quote for c in claims)


@pytest.mark.parametrize(("text", "speaker", "kind", "quote"), [
    ('"We will rebuild," Mayor Jane Doe said on Monday.', "Jane Doe", "direct", "We will rebuild"),
    ("“It was a mistake,” said Acme spokesperson John Smith.", "John Smith", "direct", "It was a mistake"),
    ("Police Chief Ann Lee told reporters: 'We have a suspect in custody.'", "Ann Lee", "direct",
     "We have a suspect in custody."),
    ("According to the Pentagon, the drills will continue next week.", "Pentagon", "institutional",
     "According to the Pentagon, the drills will continue next week"),
    ("The ministry said in a statement that prices would rise.", "ministry", "institutional",
     "The ministry said in a statement that prices would rise"),
    ("Sen. Mary Jones warned that the bill would fail. Jones added that talks continue.", "Mary Jones",
     "paraphrase", "Jones added that talks continue"),
    # a quotation inside the reported clause belongs to it: not "Vance said climate change is"
    ("Sen. JD Vance said climate change is “a hoax” invented abroad.", "JD Vance", "paraphrase",
     "Sen. JD Vance said climate change is “a hoax” invented abroad"),
    ("Sen. JD Vance said climate change is “a hoax” invented abroad.", "JD Vance", "direct", "a hoax"),
    # ... and through a second quotation the clause leads into
    ("Donald Trump said the app is a “wakeup call” for industries, which need to be “laser-focused on winning.”",
     "Donald Trump", "paraphrase",
     "Donald Trump said the app is a “wakeup call” for industries, which need to be “laser-focused on winning.”"),
    # ... up to a quotation that closes on a comma, after which the sentence turns to someone else
    ("Rep. Barbara Lee said she voted against “extreme Republicans,” and Porter criticized the bill.",
     "Barbara Lee", "paraphrase", "Rep. Barbara Lee said she voted against “extreme Republicans,”"),
    ("Gov. Jim Justice spoke in Charleston. Justice said the roads would reopen.", "Jim Justice", "paraphrase",
     "Justice said the roads would reopen"),  # a surname that is also a title, once the article names him
    ("Commissioner Louis A. Molina said the jail is safer. Molina added that staffing had improved.",
     "Louis A. Molina", "paraphrase", "Molina added that staffing had improved"),  # a middle initial
    # "been told" is passive, not a trailing speech verb to trim
    ("Sam Bankman-Fried admitted that he had been told.", "Sam Bankman-Fried", "paraphrase",
     "Sam Bankman-Fried admitted that he had been told"),
    # "..., saying" after what the subject did
    ("Councillor Tom Hale praised the project, saying it came in under budget.", "Tom Hale", "paraphrase",
     "Councillor Tom Hale praised the project, saying it came in under budget"),
    # a body named with its place or owner speaks as itself: not "West Yorkshire", and not Joe Biden
    ("Two men were arrested, according to West Yorkshire police.", "West Yorkshire police", "institutional",
     "Two men were arrested, according to West Yorkshire police"),
    ("President Joe Biden spoke on Monday. The Biden administration said the rule takes effect in May.",
     "Biden administration", "institutional", "The Biden administration said the rule takes effect in May"),
    ("A Kremlin adviser said the talks were useful.", "Kremlin", "institutional",
     "A Kremlin adviser said the talks were useful"),  # one who speaks for an institution: the institution
    # what was said comes before the attribution, whatever the clause after it: not "he said, calling it ..."
    ("The restaurant measure will affect 240,000 workers, Governor Jared Polis said, calling it a tough step.",
     "Jared Polis", "paraphrase", "The restaurant measure will affect 240,000 workers"),
    # a noun that is also a verb of speech ends a statement whole: not "... would break the country's climate"
    ("Chancellor Olaf Brandt said it would break the country's climate pledges.", "Olaf Brandt", "paraphrase",
     "Chancellor Olaf Brandt said it would break the country's climate pledges"),
    ("Mayor Ann Stein said she rejected the claims.", "Ann Stein", "paraphrase",
     "Mayor Ann Stein said she rejected the claims"),
    # a quotation followed by a new clause is the one's before it, not the next speaker's
    ('Prime Minister Ruth Marsh said the farm chapter was "essentially settled," while Tomas Kessler said gaps '
     "remained.", "Ruth Marsh", "direct", "essentially settled"),
])  # fmt: skip
def test_attribution_patterns(text: str, speaker: str, kind: str, quote: str) -> None:
    found = extract_claims(make_article(text=text))
    assert any((c.speaker, c.kind, c.quote) == (speaker, kind, quote) for c in found), found


@pytest.mark.parametrize("sentence", ["At the hearing, she said the rules were unfair.",
                                      "I think, she said, the rules were unfair."])
def test_a_title_word_before_a_full_stop_does_not_make_the_next_word_a_person(sentence: str) -> None:
    # "the judge. At" once made "At" a judge named At, and "she" then resolved to it
    found = extract_claims(make_article(text=f"Senator Maria Lopez thanked the judge. {sentence}"))
    assert [c.speaker for c in found] == ["Maria Lopez"]


def test_the_agency_is_the_agency_the_article_named_last() -> None:
    text = ("The Federal Emergency Management Agency sent 200 staff to Kentucky. The agency said more would follow. "
            "The U.S. Department of Agriculture recalled the beef. The department said no illnesses were reported. "
            "The Supreme Court heard the case in March. The court said it would rule in June.")
    found = {c.quote: c.speaker for c in extract_claims(make_article(text=text))}
    banks = extract_claims(make_article(text="The Bank of England held rates at 5%. The bank said in a statement that "
                                             "rates would stay high."))
    assert [(c.speaker, c.quote) for c in banks] == [("Bank of England", "The bank said in a statement that rates "
                                                                          "would stay high")]
    assert found == {"The agency said more would follow": "Federal Emergency Management Agency",
                     "The department said no illnesses were reported": "Department of Agriculture",
                     "The court said it would rule in June": "Supreme Court"}


def test_a_role_set_off_by_commas_without_an_article_is_the_persons() -> None:
    found = extract_claims(make_article(text="Ellen Visser, chief executive of Zorggroep Midden, said the hospital "
                                             "would stay open. Visser added that no jobs would go."))
    assert {(c.speaker, c.role) for c in found} == {("Ellen Visser", "chief executive of Zorggroep Midden")}


def test_an_age_and_a_role_set_off_by_commas_are_the_persons() -> None:
    found = extract_claims(make_article(text='Daniel Brandt, 58, the chief executive of Calder Chemicals, said: "We '
                                             "are devastated, and we will pay for every family's funeral.\""))
    assert [(c.speaker, c.role, c.kind) for c in found] == [("Daniel Brandt", "chief executive of Calder Chemicals",
                                                               "direct")]


@pytest.mark.parametrize(("text", "speaker", "role"), [
    ("Keeper Nia Evans said the team had nothing left to give.", "Nia Evans", "Keeper"),
    ("Liverpool striker Mo Salah said the title race was over.", "Mo Salah", "Liverpool striker"),
    ("Browns quarterback Deshaun Watson said he had no regrets.", "Deshaun Watson", "Browns quarterback"),
])  # fmt: skip
def test_a_player_s_position_is_a_role_not_part_of_the_name(text: str, speaker: str, role: str) -> None:
    assert {(c.speaker, c.role) for c in extract_claims(make_article(text=text))} == {(speaker, role)}


@pytest.mark.parametrize(("text", "expected"), [
    # a given name no list holds is still a name when the article quotes the person by the family name
    ('Lakers star LeBron James paid tribute to Wahl. "He was a great man," James said.',
     [("LeBron James", "direct", "He was a great man")]),
    # "Sec." is a title, and a programme's title in quotation marks is no statement
    ('Secretary of State Antony Blinken spoke. "Americans who are detained must come home," Sec. Blinken told CNN\'s '
     '"State of the Union" on Sunday.', [("Antony Blinken", "direct", "Americans who are detained must come home")]),
    # an office before a name is the role, whatever the office ("Park Superintendent", "City Councilmember")
    ('"We will not know the timing of the reopening," said Yellowstone Park Superintendent Cam Sholly.',
     [("Cam Sholly", "direct", "We will not know the timing of the reopening")]),
    # nor is a group's name
    ('Defense Secretary Pete Hegseth spoke on Monday. "Nobody was texting war plans," Hegseth told the "Houthi PC '
     'Small Group" later.', [("Pete Hegseth", "direct", "Nobody was texting war plans")]),
    # a clause's conjunction is no part of the speaker's name
    ("Donald Trump spoke. Though Trump said he would sign the bill, aides were unsure.",
     [("Donald Trump", "paraphrase", "Trump said he would sign the bill, aides were unsure")]),
    # the speaker after the verb, with a role in lower case before the name
    ('"It has been a total failure," said opposition councilor Maria Rossi.',
     [("Maria Rossi", "direct", "It has been a total failure")]),
])  # fmt: skip
def test_speakers_named_in_the_ways_news_names_them(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.speaker, c.kind, c.quote) for c in extract_claims(make_article(text=text))] == expected


def test_a_title_of_two_words_is_the_whole_role() -> None:
    text = "Vice President Kamala Harris said the economy is strong. She praised the vice president. Harris added more."
    roles = {c.role for c in extract_claims(make_article(text=text)) if c.speaker == "Kamala Harris"}
    assert roles == {"Vice President"}  # not "Vice", nor "vice president." from the end of a sentence


def test_a_single_letter_is_not_a_speaker() -> None:
    found = extract_claims(make_article(text="Half of Gen Z said music inspires them, a survey found."))
    assert all(len(c.speaker) > 1 for c in found), found


def test_apostrophes_are_not_quote_marks() -> None:
    text = "The players' union said it's Russia’s move. 'We won't wait,' she said. It was the '90s."
    spans = [text[q.start : q.end] for q in find_quotes(text)]
    assert spans == ["We won't wait"]


def test_speaker_names_and_aliases(tmp_path: Path) -> None:
    known = {"donald trump": "Donald Trump", "trump": "Donald Trump"}
    for written in ("Trump", "Donald Trump", "President Trump", "U.S. President Donald Trump", "Mr. Trump"):
        assert canonical_speaker(written, known, {}) == "Donald Trump"
    assert canonical_speaker("Zelensky", {}, {"Zelensky": "Volodymyr Zelenskyy"}) == "Volodymyr Zelenskyy"
    path = tmp_path / "aliases.json"
    path.write_text('{"Zelensky": "Volodymyr Zelenskyy"}')
    assert load_aliases(str(path)) == {"Zelensky": "Volodymyr Zelenskyy"} and load_aliases("") == {}
    path.write_text("[1, 2]")
    with pytest.raises(SettingsError, match="aliases.json"):
        load_aliases(str(path))
    assert group_speakers({"Trump": 2, "Donald Trump": 5, "Kremlin": 1})["Trump"] == "Donald Trump"


def test_match_speakers() -> None:
    known = ["Donald Trump", "Vladimir Putin", "Kremlin", "Yuri Ushakov", "Volodymyr Zelenskyy"]
    roles = {"Yuri Ushakov": "Kremlin foreign policy aide", "Donald Trump": "U.S. President"}
    aliases = {"Zelensky": "Volodymyr Zelenskyy"}
    assert match_speakers("Did Putin agree with trump?", known, aliases) == ["Vladimir Putin", "Donald Trump"]
    assert match_speakers("What did the Kremlin aide say?", known, aliases, roles) == ["Yuri Ushakov"]
    assert match_speakers("What did Zelensky say?", known, aliases) == ["Volodymyr Zelenskyy"]
    assert match_speakers("What did Macron say?", known, aliases) == []


def test_one_person_under_several_spellings_is_one_speaker() -> None:
    counts = {"Kamala Harris": 30, "President-elect Kamala D. Harris": 2, "Harris": 12, "Scott Harris": 2,
              "JD Vance": 9, "J.D. Vance": 3, "Vance": 5, "Kremlin": 4, "former president": 3, "president": 2}
    shown = group_speakers(counts)
    assert {n for n, p in shown.items() if p == "Kamala Harris"} == {
        "Kamala Harris", "President-elect Kamala D. Harris", "Harris"}  # a bare surname joins the most quoted
    assert shown["Scott Harris"] == "Scott Harris"
    assert {shown["JD Vance"], shown["J.D. Vance"], shown["Vance"]} == {"JD Vance"}
    assert shown["president"] == "president" and shown["former president"] == "former president"  # roles


def test_spellings_with_and_without_accents_or_transliterated_endings_are_one_speaker() -> None:
    shown = group_speakers({"Volodymyr Zelensky": 30, "Volodymyr Zelenskyy": 17, "Zelenskiy": 2,
                            "Recep Tayyip Erdoğan": 4, "Recep Tayyip Erdogan": 1, "Sky": 1})
    assert {shown["Volodymyr Zelenskyy"], shown["Zelenskiy"]} == {"Volodymyr Zelensky"}
    assert shown["Recep Tayyip Erdogan"] == "Recep Tayyip Erdoğan" and shown["Sky"] == "Sky"
    known = ["Recep Tayyip Erdoğan", "Sauli Niinistö", "Volodymyr Zelensky"]
    assert match_speakers("What did Erdogan, Niinisto and Zelenskyy say?", known) == known


def test_a_one_word_speaker_is_not_found_inside_another_name() -> None:
    known = ["Sam", "Donald Trump", "Melania Trump"]
    weights = {"Sam": 3, "Donald Trump": 50, "Melania Trump": 2}
    assert match_speakers("What did Sam Altman say about DeepSeek?", known, weights=weights) == []
    assert match_speakers("What did Melania Trump say?", known, weights=weights) == ["Melania Trump"]
    assert match_speakers("What did President Trump say on Tuesday?", known, weights=weights) == ["Donald Trump"]
    assert match_speakers("In Trump's speech, what did he promise?", known, weights=weights) == ["Donald Trump"]
    assert match_speakers("Since Sam spoke, what changed?", known, weights=weights) == ["Sam"]


def test_a_surname_shared_by_two_prominent_people_stays_apart() -> None:
    shown = group_speakers({"Joe Biden": 10, "Jill Biden": 8, "Biden": 4})
    assert shown["Biden"] == "Biden"


def test_a_shared_surname_in_a_question_names_the_most_quoted_speaker() -> None:
    known = ["Kamala Harris", "Scott Harris", "JD Vance"]
    weights = {"Kamala Harris": 44, "Scott Harris": 2, "JD Vance": 17}
    assert match_speakers("What did Harris and Vance say?", known, weights=weights) == ["Kamala Harris", "JD Vance"]
    assert match_speakers("What did Scott Harris say?", known, weights=weights) == ["Scott Harris"]


def _realtimeqa(limit: int) -> list[Article]:
    if not REALTIMEQA.exists():
        pytest.skip("realtimeqa corpus not available")
    articles = []
    with REALTIMEQA.open(encoding="utf-8") as lines:
        for _, line in zip(range(limit), lines, strict=False):
            r = json.loads(line)
            articles.append(make_article(text=r["text"], title=r.get("title", ""), url=r.get("url", ""),
                                         source=r.get("source", ""), published=r.get("published")))
    return articles


def test_offsets_round_trip_on_realtimeqa() -> None:
    articles = _realtimeqa(200)
    began = time.perf_counter()
    found = [(a, c) for a in articles for c in extract_claims(a)]
    per_article_ms = (time.perf_counter() - began) * 1000 / len(articles)
    print(f"\n{len(found)} claims from {len(articles)} articles, {per_article_ms:.2f} ms per article")
    assert len(found) > len(articles)
    assert all(a.text[c.start : c.end] == c.quote and c.quote.strip() for a, c in found)
    assert per_article_ms < 50


_PIECES = list("abc XYZ.,:;'\"“”‘’\n-") + ["Trump", " said", "He ", "the Kremlin", " according to ", "President "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join) | st.text(max_size=200))
def test_never_raises_and_round_trips(text: str) -> None:
    if not text.strip():
        return
    article = make_article(text=text)
    for claim in extract_claims(article):
        assert article.text[claim.start : claim.end] == claim.quote


def test_claim_ids_are_unique_on_realtimeqa_articles() -> None:
    """Claims are stored by id (`article:start-end`): one span must never be credited twice."""
    path = ROOT.parent / "shared" / "corpus" / "realtimeqa" / "articles.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line, _ in zip(handle, range(300), strict=False):
            record = json.loads(line)
            article = make_article(text=record["text"], title=record["title"], url=record["url"])
            ids = [c.id for c in extract_claims(article)]
            assert len(ids) == len(set(ids)), article.url


def test_an_institution_is_not_given_one_mentions_role_everywhere() -> None:
    from assistant.speakers import make_roster

    roster = make_roster([("Kremlin", "Kremlin advisor", "a"), ("Kremlin", "", "b"), ("Yuri Ushakov", "Kremlin aide", "a"),
                          ("Yuri Ushakov", "", "b")])
    statement = Claim("Kremlin", "the Kremlin", "", "institutional", "the call was useful", "a", 0, 19)
    assert roster.as_person(statement, "Kremlin").role == ""
    assert roster.as_person(replace(statement, speaker="Yuri Ushakov"), "Yuri Ushakov").role == "Kremlin aide"


@pytest.mark.parametrize(("text", "speaker"), [
    # "she" is not the man named before her; a given name shows a person met for the first time
    ("Mayor Donald Reyes opened the shelter on Monday. The group's director, Jennifer Pratt, walked the site. "
     "She said the beds would fill within days.", "Jennifer Pratt"),
    ("Governor Donald Reyes spoke first. Later in the day Jennifer Pratt toured the flooded streets. She said the "
     "town would need months to recover.", "Jennifer Pratt"),
    ("Senator Maria Lopez spoke on Monday. Her aide, Tom Hale, disagreed. He said the vote would fail.", "Tom Hale"),
    # a photo credit is nobody's statement
    ("President Joe Biden arrived in London on Saturday. Jonathan Hordle/Pool/Reuters The President met the King, "
     "and he said the visit was an honor.", "Joe Biden"),
])  # fmt: skip
def test_he_and_she_go_to_someone_they_can_mean(text: str, speaker: str) -> None:
    [claim] = [c for c in extract_claims(make_article(text=text)) if c.speaker_as_written.lower() in ("he", "she")]
    assert claim.speaker == speaker


def test_pronoun_claims_against_hand_labels() -> None:
    """'He said ...' on real news: the speaker resolved against a careful reader's label (84 of 99 now, 77 when
    written; 70 before pronouns had to fit their person). A claim the resolver now leaves out is not wrong."""
    if not REALTIMEQA.exists():
        pytest.skip("realtimeqa corpus not available")
    gold = json.loads((Path(__file__).parent / "claims_pronoun_gold.json").read_text())["claims"]
    wanted = {g["url"] for g in gold}
    records = {}
    with REALTIMEQA.open(encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            if r.get("url") in wanted:
                records.setdefault(r["url"], r)
    right = wrong = 0
    for g in gold:
        r = records[g["url"]]
        article = make_article(text=r["text"], title=r.get("title", ""), url=r["url"])
        found = [c for c in extract_claims(article) if c.start == g["start"]]
        if found:
            same = identity(found[0].speaker).split()[-1:] == identity(g["speaker"]).split()[-1:]
            right, wrong = right + same, wrong + (not same)
    assert right >= 84 and wrong <= 13, (right, wrong)


@pytest.mark.parametrize(("text", "speaker", "role"), [
    ("Secretary of State Antony Blinken said the talks would resume.", "Antony Blinken", "Secretary of State"),
    ("President-elect Donald Trump said the app has a warm spot in his heart.", "Donald Trump", "President-elect"),
    ("Chiefs MVP Patrick Mahomes said the team was ready.", "Patrick Mahomes", "Chiefs MVP"),
    # a sentence ending in "the U.S." does not make "U.S. Trump"
    ("President Donald Trump met Mexico's leader. Mexico shares borders with the U.S. Trump has said he will impose "
     "tariffs.", "Donald Trump", "President"),
    ("The White House said the talks were productive.", "White House", ""),
])  # fmt: skip
def test_words_before_a_name_are_its_role_not_the_name(text: str, speaker: str, role: str) -> None:
    assert (speaker, role) in {(c.speaker, c.role) for c in extract_claims(make_article(text=text))}


@pytest.mark.parametrize(("text", "speaker", "role", "quote"), [
    ("Secretary of State Antony Blinken said the talks were productive.", "Antony Blinken", "Secretary of State",
     "Secretary of State Antony Blinken said the talks were productive"),
    ("Minister of Defence Rustem Umerov said the front held.", "Rustem Umerov", "Minister of Defence",
     "Minister of Defence Rustem Umerov said the front held"),
    ("Chairman of the Joint Chiefs Dan Caine said the strike worked.", "Dan Caine", "Chairman of the Joint Chiefs",
     "Chairman of the Joint Chiefs Dan Caine said the strike worked"),
    ("Secretary of State Rubio said the deal was close.", "Rubio", "Secretary of State",
     "Secretary of State Rubio said the deal was close"),
    ("The Ministry of Foreign Affairs said the talks were over.", "Ministry of Foreign Affairs", "",
     "The Ministry of Foreign Affairs said the talks were over"),
    ("The Department of Justice said the probe continues.", "Department of Justice", "",
     "The Department of Justice said the probe continues"),
])  # fmt: skip
def test_a_title_or_body_with_of_belongs_to_the_speaker_and_the_quote(text: str, speaker: str, role: str,
                                                                       quote: str) -> None:
    [claim] = extract_claims(make_article(text=text))
    assert (claim.speaker, claim.role, claim.quote) == (speaker, role, quote)


@pytest.mark.parametrize("text", [
    "Rich King of Delaware Surf Fishing said the water was rough.",  # a person "of" a club, not a title
    "Ana Ruiz, a professor at the University of Bordeaux, said the data was clear.",  # she spoke, not it
])
def test_a_name_before_of_is_no_office(text: str) -> None:
    assert not any("University" in c.speaker or "Fishing" in c.speaker for c in extract_claims(make_article(text=text)))


def test_saying_belongs_to_the_subject_not_to_someone_named_after_it() -> None:
    text = ("Senator Ann Cole criticized Governor Mark Reed on Monday, saying the budget was late. "
            "Crews kept working on Tuesday, Mayor Jo Lund said, adding that roads would reopen.")
    said = {(c.speaker, c.quote[:30]) for c in extract_claims(make_article(text=text)) if c.kind != "direct"}
    assert ("Ann Cole", "Senator Ann Cole criticized Go") in said
    assert not any(speaker in ("Mark Reed", "Crews") for speaker, _ in said)


@pytest.mark.parametrize("text", [
    "Officials said the bridge would reopen on Monday.",  # unnamed sources are nobody in particular
    "The Centers for Disease Control and Prevention said cases rose.",  # nor the tail of a long name
    "In December, he officially endorsed the party.",  # a month is nobody
    "Rep. Maxwell Frost of Florida said the bill would pass.",  # nor the place after a name
    "Prices will rise in May, a report said.",  # nor a document whose author is not given
])
def test_no_statement_is_given_to_a_date_a_place_or_a_document(text: str) -> None:
    speakers = {c.speaker for c in extract_claims(make_article(text=text))}
    assert not speakers & {"December", "Florida", "report", "Officials", "Prevention"}


@pytest.mark.parametrize("text", [
    "Officials in Texas and Florida said the storm had weakened.",  # the second of two places
    "Top Republicans in the Iowa House and Senate said they expected to continue.",
    "Officials in both Sweden and Finland have also expressed frustration that Russia demanded guarantees.",
    "Both Democrats and Republicans said the bill was flawed.",  # the second of two groups
])
def test_the_second_name_after_and_in_a_shared_phrase_is_no_speaker(text: str) -> None:
    assert extract_claims(make_article(text=text)) == []


def test_a_person_named_in_full_after_and_still_speaks() -> None:
    text = "Officials in Texas and Gov. Greg Abbott said the storm had weakened."
    assert [c.speaker for c in extract_claims(make_article(text=text))] == ["Greg Abbott"]


def test_a_quotation_that_goes_on_after_its_attribution_is_the_same_speakers() -> None:
    text = ('"We are ready to support a pause in the fighting," Blinken told reporters in Brussels. "Anything less is '
            'a trap."\n\nPresidential adviser Jeffrey Zients said Monday the program will be "running at full '
            'strength" by next week.')
    said = {(c.speaker, c.quote) for c in extract_claims(make_article(text=text)) if c.kind == "direct"}
    assert ("Blinken", "Anything less is a trap.") in said
    assert ("Jeffrey Zients", "running at full strength") in said


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ('"The plan is dead," said Secretary of State Marco Rubio.', "Marco Rubio", "The plan is dead"),
    ('"Nobody takes it seriously," said the national security adviser, Mike Waltz.', "Mike Waltz",
     "Nobody takes it seriously"),
    ('"It means everything to this city," said Newcastle manager Eddie Howe.', "Eddie Howe",
     "It means everything to this city"),
    ('"Russia must pay," said European Commission President Ursula von der Leyen.', "Ursula von der Leyen",
     "Russia must pay"),
    ('Brazilian President Luiz Inácio Lula da Silva opened the summit. "This will be the COP of truth," Lula said.',
     "Luiz Inácio Lula da Silva", "This will be the COP of truth"),
    ('Goals from Dan Burn and Alexander Isak won it. "I used to stand in the Gallowgate as a kid," Burn said.',
     "Dan Burn", "I used to stand in the Gallowgate as a kid"),
])  # fmt: skip
def test_the_speaker_after_said_is_the_whole_name(text: str, speaker: str, quote: str) -> None:
    assert (speaker, quote) in {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))}


def test_a_pronoun_once_used_for_someone_tells_their_gender_and_a_surname_alone_can_be_a_person() -> None:
    text = ('Italian Prime Minister Giorgia Meloni agreed. "Illegal migration is a European problem," she said.\n\n'
            'He said Greece had received 54,000 arrivals last year.\n\n'
            'Slot admitted that Liverpool had been second best. "We did not play our game," he said.')
    claims = extract_claims(make_article(text=text))
    assert not any(c.speaker == "Giorgia Meloni" and "Greece" in c.quote for c in claims)
    assert {(c.speaker, c.kind) for c in claims if "Liverpool" in c.quote or "our game" in c.quote} == {
        ("Slot", "paraphrase"), ("Slot", "direct")}


def test_who_said_clauses_and_states_that_are_places() -> None:
    text = ('The summit was hosted by Lithuanian President Gitanas Nausėda, who said the Baltic states were '
            '"on the front line of freedom".\n\nThirty-eight states now have statewide mandates.')
    claims = extract_claims(make_article(text=text))
    assert {c.speaker for c in claims} == {"Gitanas Nausėda"}
    assert ("Gitanas Nausėda", "on the front line of freedom") in {(c.speaker, c.quote) for c in claims}


def test_a_given_name_alone_is_the_person_named_in_full_before() -> None:
    text = ("Samuel Lilley was the first officer, according to a post by his father Tim Lilley.\n\n"
            "Reporters reached Lilley's father, Tim, who said he was not available to talk.")
    assert "Tim Lilley" in {c.speaker for c in extract_claims(make_article(text=text))}


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("A spokesman for Boris Johnson said he had broken no rules.", "spokesman for Boris Johnson", "institutional"),
    ("A source close to Catherine said she was recovering well.", "source close to Catherine", "institutional"),
    ('"We are disappointed," said a spokeswoman for Tesco.', "Tesco", "direct"),
    ("Keir Starmer set out plans on Monday.\n\nMr Starmer said the plan was fair.", "Keir Starmer", "paraphrase"),
    ('Chancellor Rachel Reeves began her speech. "We will fix the foundations," the chancellor said.',
     "Rachel Reeves", "direct"),
    ("Prime Minister Keir Starmer visited Kyiv. The Prime Minister said Britain would stand by Ukraine.",
     "Keir Starmer", "paraphrase"),
    ("Gov. Larry Hogan spoke on Monday. The Republican governor said his priority was safety.", "Larry Hogan",
     "paraphrase"),
    ('"This was a clean beat," said Stacy Rasgon, an analyst at Bernstein, who added that guidance was better.',
     "Stacy Rasgon", "direct"),
    ("The Office for Budget Responsibility says growth will slow.", "Office for Budget Responsibility",
     "institutional"),
    ("Prosecutors said Mashinsky lied to customers.", "Prosecutors", "institutional"),
])  # fmt: skip
def test_who_speaks_for_whom_and_roles_that_stand_for_a_name(text: str, speaker: str, kind: str) -> None:
    claims = extract_claims(make_article(text=text))
    assert (speaker, kind) in {(c.speaker, c.kind) for c in claims}
    assert not {c.speaker for c in claims} & {"Boris Johnson", "Catherine", "Minister", "Bernstein", "Republican"}


@pytest.mark.parametrize("text", [
    '"Nobody warned me," the judge said.',  # no judge was named: whose words these are is not known
    "Nvidia's revenue beat Wall Street estimates, as demand for chips grew.",  # "estimates" is a noun here
    "The Democratic governor said the plan would work.",
    "Requests from police rose by a third, a transparency report said.",  # a document names no one
])
def test_a_role_or_noun_that_names_nobody_makes_no_speaker(text: str) -> None:
    assert extract_claims(make_article(text=text)) == []


def test_she_after_a_man_spoke_is_the_woman_named_before() -> None:
    text = ("Maria Delgado, the Democratic candidate, spoke first. Tom Brennan, her Republican rival, said the city "
            'needed change. "I have a record of delivering," she said.')
    said = {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))}
    assert ("Maria Delgado", "I have a record of delivering") in said


def test_where_someone_responded_is_no_statement() -> None:
    text = "Mel Stride has responded on social media. Donald Trump responded on Truth Social."
    assert extract_claims(make_article(text=text)) == []


def test_the_chancellor_is_not_the_shadow_chancellor() -> None:
    text = ("The Chancellor of the Exchequer, Rachel Reeves, presented the budget. Shadow chancellor Mel Stride said "
            'it was a tax raid. The chancellor said the budget would "fix the foundations".')
    said = {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))}
    assert ("Rachel Reeves", "fix the foundations") in said
    assert not any(speaker == "Mel Stride" and "foundations" in quote for speaker, quote in said)


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Ashcombe's lawyer, Priya Natarajan, said her client would appeal.", "Priya Natarajan",
     "Ashcombe's lawyer, Priya Natarajan, said her client would appeal"),
    ("The city's mayor, Hanna Zdanowska, said the tram would run again.", "Hanna Zdanowska",
     "The city's mayor, Hanna Zdanowska, said the tram would run again"),
    ("Zelensky, who said no deal could be made without Ukraine, postponed a visit to Saudi Arabia.", "Zelensky",
     "Zelensky, who said no deal could be made without Ukraine"),
    ("The number of people killed by the storm has reached 14, the Louisiana Department of Health said on Friday, "
     "as the clean-up began in earnest.", "Louisiana Department of Health",
     "The number of people killed by the storm has reached 14"),
])  # fmt: skip
def test_a_name_set_off_a_relative_clause_and_an_attribution_after_the_statement(text: str, speaker: str,
                                                                                  quote: str) -> None:
    assert (speaker, quote) in {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))}


@pytest.mark.parametrize("text", ['"We will appeal," said a lawyer for the family.', "Officers said the road was closed."])
def test_an_unnamed_lawyer_or_officers_are_nobody_in_particular(text: str) -> None:
    assert extract_claims(make_article(text=text)) == []


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Growth was 0.7% in the first quarter, finance minister Rachel Reeves said on Thursday.", "Rachel Reeves",
     "Growth was 0.7% in the first quarter"),
    ("John Smith, 45, said the water came in fast.", "John Smith", "John Smith, 45, said the water came in fast"),
    ("A spokeswoman for the Ministry of Defence said no British troops were involved.", "Ministry of Defence",
     "A spokeswoman for the Ministry of Defence said no British troops were involved"),
    ("The flights will resume next week, a spokeswoman for British Airways said.", "British Airways",
     "The flights will resume next week"),
    ("The shadow chancellor, Mel Stride, said the plan would raise taxes.", "Mel Stride",
     "The shadow chancellor, Mel Stride, said the plan would raise taxes"),
    ("China's Ambassador to Australia, Xiao Qian, said Canberra should not fear China.", "Xiao Qian",
     "China's Ambassador to Australia, Xiao Qian, said Canberra should not fear China"),
])  # fmt: skip
def test_ages_employers_and_names_set_off_after_a_role_or_place(text: str, speaker: str, quote: str) -> None:
    claims = extract_claims(make_article(text=text))
    assert [(c.speaker, c.quote) for c in claims] == [(speaker, quote)]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Boris Johnson's spokesman said he had broken no rules.", "spokesman for Boris Johnson"),
    ("Trump's lawyers said the case was baseless.", "lawyers for Trump"),
    ("Zelensky's office said talks would resume.", "Zelensky's office"),
])
def test_someones_spokesman_lawyer_or_office_speaks_for_them_but_is_not_them(text: str, speaker: str) -> None:
    assert [c.speaker for c in extract_claims(make_article(text=text))] == [speaker]


def test_a_statement_after_a_who_said_clause_leaves_the_clause_out() -> None:
    text = "Governor Tom Hale, who said last week that taxes would not rise, proposed a fuel levy on Monday."
    quotes = [c.quote for c in extract_claims(make_article(text=text))]
    assert quotes == ["Governor Tom Hale, who said last week that taxes would not rise", "proposed a fuel levy on Monday"]


@pytest.mark.parametrize(
    ("name", "family"),
    [("Xi Jinping", "Xi"), ("Lee Jae-myung", "Lee"), ("Kim Jong Un", "Kim"), ("Wang Yi", "Wang"),
     ("Son Heung-min", "Son"), ("Kim Kardashian", "Kardashian"), ("Kim Deti", "Deti"), ("Lee Anderson", "Anderson"),
     ("Jackie Chan", "Chan"), ("Martin Luther King Jr.", "King"), ("Ishiba Shigeru", "Ishiba"),
     ("Shigeru Ishiba", "Ishiba"), ("Koo Byoung-sam", "Koo")],
)
def test_a_family_name_written_first_is_the_surname(name: str, family: str) -> None:
    from assistant.speakers import surname

    assert surname(name) == family


def test_a_family_name_first_speaker_keeps_their_quotes_under_their_full_name() -> None:
    text = ('Chinese President Xi Jinping said on Friday that China was not afraid of a trade war. "There are no '
            'winners in a tariff war," Xi said. South Korean President Lee Jae-myung said his government would respond '
            'calmly. "Trade is our lifeline," Lee said.')
    found = {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))}
    assert ("Xi Jinping", "There are no winners in a tariff war") in found
    assert ("Lee Jae-myung", "Trade is our lifeline") in found
    assert group_speakers({"Xi Jinping": 3, "Xi": 2})["Xi"] == "Xi Jinping"


def test_a_description_stands_for_the_person_the_story_just_named() -> None:
    text = ('Xi Jinping addressed a military parade in Beijing on Wednesday.\n\n"Today, mankind is again faced with '
            'the choice of peace or war," the Chinese president said.\n\nGov. Jim Justice spoke on Monday. Schools '
            'will stay open. "We have hit a wall," the Republican governor said.')
    found = {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))}
    assert ("Xi Jinping", "Today, mankind is again faced with the choice of peace or war") in found
    assert ("Jim Justice", "We have hit a wall") in found



def _at(text: str, quote: str) -> tuple[str, int, int]:
    """A quote of `text` with its offsets."""
    return quote, text.index(quote), text.index(quote) + len(quote)


@pytest.mark.parametrize("label", ["Tuchel", "TUCHEL", "Thomas Tuchel"])
def test_an_interviews_labelled_answers_are_direct_claims_of_the_one_answering(label: str) -> None:
    text = ("England head coach Thomas Tuchel spoke to reporters at St George's Park. Here is what he said, lightly "
            f"edited.\n\nQ: Why is Phil Foden left out?\n\n{label}: He needs to play more minutes at his club. Phil "
            f"knows what I expect.\n\nQ: Will Harry Kane be captain?\n\n{label}: Harry is our captain. There is no "
            "discussion.")
    found = [(c.speaker, c.kind, c.quote, c.start, c.end) for c in extract_claims(make_article(text=text))]
    assert found == [("Thomas Tuchel", "direct", *_at(text, "He needs to play more minutes at his club. Phil knows "
                                                            "what I expect.")),
                     ("Thomas Tuchel", "direct", *_at(text, "Harry is our captain. There is no discussion."))]


def test_the_interviewers_questions_are_nobodys_claims() -> None:
    text = ("South Korean President Lee Jae-myung spoke to TIME's Charlie Campbell in Seoul. The conversation has been "
            "edited for length and clarity.\n\nTIME: North Korea has rejected your overtures. Why keep trying?\n\n"
            "LEE: Because the alternative is worse. Weapons accumulate.\n\nCAMPBELL: Is the alliance at risk?\n\n"
            "LEE: No. The alliance is the foundation of our security.\n\nQ: What about tariffs?\n\n"
            "A: Trade is our lifeline.")
    found = [(c.speaker, c.kind, c.quote, c.start, c.end) for c in extract_claims(make_article(text=text))]
    assert found == [("Lee Jae-myung", "direct", *_at(text, answer)) for answer in (
        "Because the alternative is worse. Weapons accumulate.", "No. The alliance is the foundation of our security.",
        "Trade is our lifeline.")]


def test_a_debates_moderators_are_nobodys_claims_and_a_cut_off_answer_is_one() -> None:
    text = ("Ohio Sen. JD Vance and Minnesota Gov. Tim Walz faced off on Tuesday. The debate was moderated by CBS "
            "anchors Norah O'Donnell and Margaret Brennan.\n\nMARGARET BRENNAN: Welcome. Governor, your time is up."
            "\n\n[0:41] JD VANCE: We're going to turn this whole country red --\n\nMARGARET BRENNAN: Thank you, "
            "Senator.\n\nTIM WALZ: Well, thank you. Let's keep in mind where this started.")
    found = [(c.speaker, c.quote) for c in extract_claims(make_article(text=text))]
    assert found == [("JD Vance", "We're going to turn this whole country red --"),
                     ("Tim Walz", "Well, thank you. Let's keep in mind where this started.")]


@pytest.mark.parametrize("text", [
    "Prime Minister Keir Starmer visited Leeds.\n\nWarning: This story contains distressing details.\n\n"
    "Update: Starmer left at noon.\n\nPhoto: Starmer in Leeds. Getty Images",
    "Keir Starmer arrives at 10:30. Key points:\n\nStarmer: visit to Leeds\n\nStarmer: speech at 10:30",
    "Starmer praised the volunteers.\n\nStarmer: He thanked them warmly.",
    "Here is how England rated against Wales, with Jordan Pickford and Harry Kane starting.\n\nPickford: Made two "
    "fine saves. 7.\n\nKane: Scored twice and led the line. 8.",
    "Speaker Nancy Pelosi held a news conference.\n\nQ: When is the vote?\n\nPelosi: House to vote on relief "
    "package\n\nPelosi: Deal 'very close'",
])
def test_colons_in_prose_make_no_answers(text: str) -> None:
    assert extract_claims(make_article(text=text)) == []


@pytest.mark.parametrize("text", [
    "England head coach Thomas Tuchel spoke to reporters. Here is what he said, lightly edited.",
    "England head coach Thomas Tuchel spoke to reporters. The interview has been lightly edited, he said.",
])
def test_an_editors_note_is_no_statement(text: str) -> None:
    assert extract_claims(make_article(text=text)) == []


def test_a_surname_two_people_share_belongs_to_the_one_named_first_in_the_text() -> None:
    text = ('David Miliband, who runs the International Rescue Committee, accused rich countries of failing the test '
            'on climate finance.\n\nIn an interview, Miliband said aid cuts had left conflict zones "doubly exposed" '
            'to climate shocks.\n\nHis younger brother, the energy secretary Ed Miliband, defended the government\'s '
            'record. "Adaptation is not a luxury," Ed Miliband said.')
    found = {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))}
    assert ("David Miliband", "doubly exposed") in found
    assert ("Ed Miliband", "Adaptation is not a luxury") in found


def test_a_pronoun_after_a_suffixed_name_starts_a_new_sentence() -> None:
    text = ('Justice Brett M. Kavanaugh wrote the principal dissent, joined by Justices Clarence Thomas and Samuel A. '
            'Alito Jr. He argued that the majority had "hamstrung the President at a moment of serious economic danger."')
    speakers = {c.speaker for c in extract_claims(make_article(text=text))}
    assert "Samuel A. Alito Jr. He" not in speakers and "Brett M. Kavanaugh" in speakers


def test_a_title_alone_stands_for_the_one_person_introduced_with_it() -> None:
    text = ('King Charles sent a recorded message to the summit. "It gives me no satisfaction at all to see so many of '
            'those warnings come true," the King said.')
    claims = extract_claims(make_article(text=text))
    assert [(c.speaker, c.role) for c in claims] == [("Charles", "King")]


def test_he_is_a_family_name_before_a_given_name() -> None:
    text = ('The Chinese delegation was led by Vice Premier He Lifeng. He described the meeting as "candid, in-depth '
            'and constructive".')
    assert {c.speaker for c in extract_claims(make_article(text=text))} == {"He Lifeng"}


def test_answers_labelled_a_are_the_one_the_introduction_is_about() -> None:
    text = ('Mikel Arteta admitted Arsenal were not good enough after a 2-1 defeat at Aston Villa.\n\nSpeaking at his '
            'post-match press conference, the Arsenal manager was asked about the decision to start Gabriel Jesus.\n\n'
            'Q: Was starting Jesus the right call?\n\nA: Yes. He has been training very well.\n\n'
            'Q: Is the title race over?\n\nA: No. It is December. Nobody wins the league in December.')
    answers = {c.quote: c.speaker for c in extract_claims(make_article(text=text)) if c.kind == "direct"}
    assert answers == {"Yes. He has been training very well.": "Mikel Arteta",
                       "No. It is December. Nobody wins the league in December.": "Mikel Arteta"}


def test_a_kings_counsel_keeps_his_surname() -> None:
    text = 'Prosecutor Alan Whitby KC opened the case. "It was a fraud from the first day," Whitby said.'
    assert {c.speaker for c in extract_claims(make_article(text=text))} == {"Alan Whitby KC"}


def test_a_nationality_or_an_age_stands_for_the_one_just_named() -> None:
    text = ('Mikel Arteta admitted Arsenal had been second best at Villa Park. "We suffered, but we deserved it," the '
            'Spaniard said.')
    assert {(c.speaker, c.quote) for c in extract_claims(make_article(text=text))} >= {
        ("Mikel Arteta", "We suffered, but we deserved it")}


def test_a_bare_family_name_stays_with_the_subject_not_a_relative_named_later() -> None:
    text = ('President Joe Biden on Sunday visited Uvalde. Biden and first lady Jill Biden laid flowers at the school.'
            '\n\n"To lose a child is like having a piece of your soul ripped away," Biden said.')
    claims = extract_claims(make_article(text=text))
    assert {(c.speaker, c.quote) for c in claims} == {
        ("Joe Biden", "To lose a child is like having a piece of your soul ripped away")}


@pytest.mark.parametrize("text", [
    ('Volodymyr Zelensky met President Joe Biden on Wednesday. Zelensky said one Patriot system was not enough.\n\nYet standing alongside Biden, he was frank.\n\n'
     '"We would like to get more Patriots," he said as Biden laughed.'),
    ('Twitter banned President Donald Trump in 2021. Twitter founder Jack Dorsey said the ban was a hard decision. It was made "with the best information we had" '
     'and after a clear warning to Trump, he said.'),
], ids=["beside-him", "warning-to-him"])
def test_he_is_not_someone_named_after_a_preposition(text: str) -> None:
    speakers = {c.speaker for c in extract_claims(make_article(text=text)) if c.kind == "direct"}
    assert speakers and speakers <= {"Volodymyr Zelensky", "Jack Dorsey"}


def test_an_office_of_several_words_before_a_name_is_the_role() -> None:
    text = ('Director of National Intelligence Tulsi Gabbard testified on Tuesday. "There was no classified material '
            'in the chat," Gabbard said. Later, Director of National Intelligence Tulsi Gabbard added that "the review '
            'is ongoing."')
    assert {(c.speaker, c.role) for c in extract_claims(make_article(text=text))} == {
        ("Tulsi Gabbard", "Director of National Intelligence")}


@pytest.mark.parametrize(("text", "speaker"), [
    ('Republican vice presidential nominee JD Vance faced criticism this week.\n\nIn an interview, the Ohio senator '
     'said that the country was run by "miserable" people.\n\nThe daughter of former Arizona Sen. John McCain was '
     'among his critics.', "JD Vance"),
    ('Emmanuel Macron arrived in Washington on Wednesday. The French leader told reporters that he "intends to speak '
     'with Putin."', "Emmanuel Macron"),
], ids=["state", "nationality"])
def test_a_place_or_nationality_before_a_role_describes_the_one_named(text: str, speaker: str) -> None:
    assert {c.speaker for c in extract_claims(make_article(text=text))} == {speaker}


def test_initials_and_a_short_given_name_name_the_same_person() -> None:
    assert match_speakers("What did J.D. Vance say?", ["JD Vance", "Kamala Harris"]) == ["JD Vance"]
    from assistant.comparison import parse_claim_question

    asked = parse_claim_question("What did J.D. Vance say about cats?", {"JD Vance": ""})
    assert asked is not None and (asked.kind, asked.speakers, asked.unknown) == ("speaker", ["JD Vance"], [])
    assert match_speakers("Compare what Hegseth and Michael Waltz said", ["Pete Hegseth", "Mike Waltz"]) == [
        "Pete Hegseth", "Mike Waltz"]
    assert match_speakers("What did Melania Trump say?", ["Donald Trump"]) == []  # another person, not a spelling
    assert len(set(group_speakers({"Steve Altemus": 7, "Stephen Altemus": 7}).values())) == 1
    assert len(set(group_speakers({"Steve Witkoff": 3, "Steven Witkoff": 5}).values())) == 1
    assert group_speakers({"Mike Waltz": 10, "Michael Waltz": 8, "Waltz": 3}) == {
        "Mike Waltz": "Mike Waltz", "Michael Waltz": "Mike Waltz", "Waltz": "Mike Waltz"}


def test_a_statement_cut_before_another_attribution_ends_on_what_was_said() -> None:
    text = ("Superintendent Gary Halverson said his resignation follows some vandalism at his house, which Sheriff "
            "Tom Dart said was under investigation.")
    said = {c.speaker: c.quote for c in extract_claims(make_article(text=text))}
    assert said["Gary Halverson"] == (
        "Superintendent Gary Halverson said his resignation follows some vandalism at his house")


def test_a_link_to_another_story_is_no_statement() -> None:
    text = ("Iowa closed its schools on Sunday.\n\nMore:Gov. Kim Reynolds says there are now 17 cases in Iowa\n\n"
            "Gov. Kim Reynolds said the state would reopen schools in April.")
    assert [c.quote for c in extract_claims(make_article(text=text))] == [
        "Gov. Kim Reynolds said the state would reopen schools in April"]


def test_what_comes_before_said_and_a_name_is_that_person_s_statement() -> None:
    text = ("Republican vice presidential nominee JD Vance faced a backlash.\n\nVance is absolutely terrified of the "
            "power of American women, said Mini Timmaraju, CEO of Reproductive Freedom for All.\n\n"
            "“It’s that simple. He can see it as clearly as the rest of us,” she said.")
    said = [(c.speaker, c.kind, c.quote) for c in extract_claims(make_article(text=text))]
    assert said == [("Mini Timmaraju", "paraphrase", "Vance is absolutely terrified of the power of American women"),
                    ("Mini Timmaraju", "direct", "It’s that simple. He can see it as clearly as the rest of us")]


@pytest.mark.parametrize(("text", "words", "speaker"), [
    # a public body is named whole, whatever "and", "of" or "for" its name holds
    ("The US Food and Drug Administration said Monday that it would ease imports of infant formula.", "ease imports",
     "Food and Drug Administration"),
    ("Cases rose by a third last week, according to the Centers for Disease Control and Prevention.", "a third",
     "Centers for Disease Control and Prevention"),
    ('"The risk is low," the Centers for Disease Control and Prevention said on Friday.', "risk is low",
     "Centers for Disease Control and Prevention"),
    ("The National Oceanic and Atmospheric Administration said the season would be busy.", "season would be",
     "National Oceanic and Atmospheric Administration"),
    ("Officers train for eight months, according to the Bureau of Justice Statistics.", "eight months",
     "Bureau of Justice Statistics"),
    ("The Department of Health and Human Services said the two agencies would meet next week.", "would meet",
     "Department of Health and Human Services"),
    ("Japan's Ministry of Health, Labour and Welfare said on Sunday that heatstroke admissions had doubled.",
     "had doubled", "Ministry of Health, Labour and Welfare"),
    ("Germany's Federal Ministry for Economic Affairs and Climate Action said talks would continue.",
     "talks would continue", "Federal Ministry for Economic Affairs and Climate Action"),
    ("The Justice Department said Wednesday it would review the company's safety record.", "safety record",
     "Justice Department"),
    # ... but two bodies joined by "and" stay two
    ("The guidance was drafted by the Centers for Disease Control and Prevention and the World Health Organization, "
     "the agency said.", "guidance was drafted", "Centers for Disease Control and Prevention"),
    # "the agency", "the department", "the committee", "the authority": the last body of that kind the story named
    ('The Food and Drug Administration warned parents on Monday. "Companies should submit information quickly," the '
     "agency said in a statement.", "submit information", "Food and Drug Administration"),
    ('The Iowa Department of Public Health said the outbreak had ended. "We are confident the water is safe," the '
     "department said.", "water is safe", "Iowa Department of Public Health"),
    ("The Environmental Protection Agency said a chemical spill posed no risk. The Department of Homeland Security "
     'said it was monitoring the site. "Residents should not drink tap water until Friday," the agency said.',
     "tap water", "Environmental Protection Agency"),  # the last Agency, before a department named since
    ("The Bank of England's Monetary Policy Committee said inflation risks had eased. \"Rates will stay on hold for "
     'now," the committee said.', "on hold", "Monetary Policy Committee"),
    ('The Civil Aviation Authority said SkyJet broke the rules. "We have paid every claim on time," the authority '
     "said.", "every claim", "Civil Aviation Authority"),
    # "the airline": the airline that spoke before, not the regulator
    ('The Civil Aviation Authority said SkyJet broke the rules. SkyJet said it would appeal. "We have paid every '
     'claim on time," the airline said.', "every claim", "SkyJet"),
    # a person after a body's possessive is the person
    ("The Department of Defense's Celeste Wallander said the aid would arrive within weeks.", "within weeks",
     "Celeste Wallander"),
    # a bracket between the name and the verb of saying
    ("Sen. Ted Cruz (R-Texas) said the bill would fail in the Senate.", "bill would fail", "Ted Cruz"),
    ("The U.S. Food and Drug Administration (FDA) said fish from the lake were safe to eat.", "safe to eat",
     "Food and Drug Administration"),
    # given names the list lacked: "he" is not the woman named first
    ("Kirsten Gillibrand met Dean Evason on Monday. He said the team had let the fans down.", "let the fans down",
     "Dean Evason"),
    ("Gretchen Whitmer met Lonnie Cook at the memorial. He said the attack came without warning.",
     "came without warning", "Lonnie Cook"),
])  # fmt: skip
def test_a_statement_is_given_to_the_body_or_person_who_made_it(text: str, words: str, speaker: str) -> None:
    assert _find(extract_claims(make_article(text=text)), words).speaker == speaker


def test_a_live_blogs_sign_off_is_nobody_the_next_post_quotes() -> None:
    text = ("Rep. Elaine Luria said the panel would detail the 187 minutes.\n\n– Joey Garrison\n\n"
            "Why look at these minutes?\n\nThe committee will study the afternoon, when he posted a video urging "
            "rioters to go home.\n\nContributing: Joey Garrison, Maureen Groppe")
    article = make_article(text=text, title="Jan. 6 hearing live updates", url="https://example.com/live")
    assert "Joey Garrison" not in {c.speaker for c in extract_claims(article)}


def test_the_company_is_never_the_public_body_that_spoke_before() -> None:
    text = ("The Department of Justice said it had opened a criminal inquiry into Nimbus. The company said in a filing "
            "that it had set aside $40 million for legal costs.")
    assert _find(extract_claims(make_article(text=text)), "set aside").speaker != "Department of Justice"


def test_a_bodys_initials_and_other_name_are_the_same_speaker() -> None:
    shown = group_speakers({"CDC": 1, "Centers for Disease Control and Prevention": 3, "Justice Department": 1,
                            "Department of Justice": 2, "ABC": 2})
    assert shown["CDC"] == "Centers for Disease Control and Prevention"
    assert shown["Justice Department"] == shown["Department of Justice"]
    assert shown["ABC"] == "ABC"  # initials no body here has
