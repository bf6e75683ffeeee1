"""Hybrid retrieval on a real index: fusion (BM25 finds rare names, dense finds paraphrases), filters,
date words in questions, named outlets and diversity."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import UTC, date, datetime

import pytest

from assistant.articles import article_from_record
from assistant.cli import _filters
from assistant.models import Passage
from assistant.retrieval import Filters, _diversify, _merged
from tests.stories import add_stories

NEWS = [
    ("Harbour bridge reopens after repairs", "Reuters", "2025-05-02",
     "The harbour bridge reopened to traffic on Friday after six months of repairs. Engineer Thaddeus "
     "Okonkwo-Villanueva said the steel cables had been replaced. Commuters welcomed the news."),
    ("Car purchases fall sharply", "AP", "2025-05-12",
     "Purchases of new cars fell sharply in April as buyers balked at higher prices. Dealers reported "
     "that showrooms were quiet and that customers postponed buying vehicles."),
    ("Central bank holds rates", "Reuters", "2025-05-14",
     "The central bank kept interest rates unchanged, saying inflation was easing but still above target. "
     "The governor said further cuts would depend on the data."),
    ("City council approves budget", "BBC", "2025-04-20",
     "The city council approved next year's budget after a long debate. Spending on parks and libraries "
     "rises, while the council said road repairs would be delayed."),
    ("Football club names new manager", "BBC", "2025-05-16",
     "The football club named a new manager on Friday, ending a month-long search. The chairman said the "
     "appointment marked a fresh start for the team after a disappointing season."),
    ("Storm cuts power to thousands", "AP", "2025-03-10",
     "A storm cut power to thousands of homes overnight. Utility crews worked to restore electricity, and "
     "officials warned residents to avoid fallen lines."),
    ("Rates decision expected", "Reuters", "2025-03-12",
     "Economists expect the central bank to keep interest rates on hold at its March meeting, as inflation "
     "stays above target."),
]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, embeddings):  # noqa: ANN001, ANN201
    from assistant.service import Assistant
    from assistant.settings import load_settings

    s = load_settings(env={}, index=str(tmp_path_factory.mktemp("news") / "index"))
    a = Assistant(s, embeddings=embeddings)
    records = [{"title": t, "source": src, "published": d, "text": x, "url": f"https://example.com/{i}"}
               for i, (t, src, d, x) in enumerate(NEWS)]
    report = a.ingest_articles([article_from_record(r) for r in records])
    assert len(report.added) == len(NEWS)
    return a


def _titles(passages) -> list[str]:  # noqa: ANN001
    return [p.title for p in passages]


def test_bm25_finds_a_rare_name(news) -> None:  # noqa: ANN001
    query = "Okonkwo-Villanueva"
    vector = news.embeddings.encode([query])[0]
    dense = [meta["title"] for _cid, _text, meta, _sim in news.store.query_chunks(vector, 3)]
    keyword = news.keyword.search(query, 3)
    assert keyword and keyword[0].chunk_id.startswith(news.search(query, 1)[0].article_id)
    assert _titles(news.search(query, 1)) == ["Harbour bridge reopens after repairs"]
    assert dense[0] != "Harbour bridge reopens after repairs"  # dense alone ranks it lower


def test_dense_finds_a_paraphrase(news) -> None:  # noqa: ANN001
    query = "automobile sales slumped"
    assert not news.keyword.search(query, 3)  # no shared term: BM25 is blind here
    assert _titles(news.search(query, 1)) == ["Car purchases fall sharply"]


def test_each_article_at_most_twice_and_ranks_renumbered(news) -> None:  # noqa: ANN001
    passages = news.search("interest rates inflation central bank", 5)
    assert [p.rank for p in passages] == list(range(1, len(passages) + 1))
    assert max(_titles(passages).count(t) for t in _titles(passages)) <= 2


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--source", "BBC"], {"City council approves budget", "Football club names new manager"}),
        (["--source", "bbc", "--since", "2025-05-01"], {"Football club names new manager"}),
        (["--since", "2025-03-01", "--until", "2025-03-31"], {"Storm cuts power to thousands", "Rates decision expected"}),
        (["--source", "Reuters", "--until", "2025-05-02"], {"Harbour bridge reopens after repairs",
                                                             "Rates decision expected"}),
    ],
)
def test_filters_like_the_cli(news, argv: list[str], expected: set[str]) -> None:  # noqa: ANN001
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", action="append")
    parser.add_argument("--since")
    parser.add_argument("--until")
    filters = _filters(parser.parse_args(argv))
    assert isinstance(filters, Filters)
    assert set(_titles(news.search("news", 10, filters))) | set(_titles(news.search("rates", 10, filters))) == expected


def test_date_words_narrow_the_search(news) -> None:  # noqa: ANN001
    assert news.retriever.newest() == date(2025, 5, 16)  # "today" when none is set
    march = news.search("What happened to interest rates in March?", 2)
    assert _titles(march)[0] == "Rates decision expected"  # the range's passage about the question comes first
    assert "Storm cuts power to thousands" not in _titles(march)  # March's unrelated news does not pad it out
    assert march[0].published.startswith("2025-03")
    latest = news.search("What is the latest on interest rates?", 1)
    assert _titles(latest) == ["Central bank holds rates"]
    # a range that holds too little is topped up from the rest of the index
    assert len(news.search("What did the council say yesterday?", 3)) == 3


def test_today_hides_later_articles(news) -> None:  # noqa: ANN001
    news.settings = dataclasses.replace(news.settings, today=date(2025, 5, 1))
    try:
        titles = _titles(news.search("interest rates central bank", 10))
    finally:
        news.settings = dataclasses.replace(news.settings, today=None)
    assert "Central bank holds rates" not in titles and "Rates decision expected" in titles


def test_named_outlets_are_each_represented(news) -> None:  # noqa: ANN001
    passages = news.search("What did the BBC and AP report about repairs?", 3)
    assert {"BBC", "AP"} <= {p.source for p in passages}


def test_gentle_recency_lean_breaks_ties_but_keeps_a_clearly_better_old_passage() -> None:
    from datetime import UTC, datetime

    from assistant.models import Passage
    from assistant.retrieval import SOFT_DAYS, SOFT_FLOOR, Freshness

    def passage(name: str, score: float, dense: float, published: str) -> Passage:
        return Passage(name, name, "text", 0, 4, score, dense=dense, published=published)

    lean = Freshness(datetime(2025, 3, 31, tzinfo=UTC), SOFT_DAYS, SOFT_FLOOR)
    old_tie, new_tie = passage("old", 0.0164, 0.62, "2024-01-01"), passage("new", 0.0161, 0.60, "2025-03-30")
    assert [p.chunk_id for p in sorted(lean.apply([old_tie, new_tie]), key=lambda p: -p.score)] == ["new", "old"]
    old_best, new_weak = passage("old", 0.0164, 0.70, "2024-01-01"), passage("new", 0.0161, 0.30, "2025-03-30")
    assert [p.chunk_id for p in sorted(lean.apply([old_best, new_weak]), key=lambda p: -p.score)] == ["old", "new"]



def test_the_lean_fades_out_below_the_margin_instead_of_halving_at_it() -> None:
    from datetime import UTC, datetime

    from assistant.models import Passage
    from assistant.retrieval import SOFT_DAYS, SOFT_FLOOR, SOFT_MARGIN, Freshness

    def passage(name: str, dense: float, published: str) -> Passage:
        return Passage(name, name, "text", 0, 4, 0.03, dense=dense, published=published)

    lean = Freshness(datetime(2025, 2, 27, tzinfo=UTC), SOFT_DAYS, SOFT_FLOOR)
    best = passage("old", 0.78, "2015-06-09")  # "Which restaurant chain added an egg surcharge?": a 2015 egg story
    inside = passage("in", 0.78 - SOFT_MARGIN + 0.001, "2025-02-25")  # two days old, just inside the margin
    outside = passage("out", 0.78 - SOFT_MARGIN - 0.001, "2025-02-25")  # Denny's lede, just outside it
    far = passage("far", 0.40, "2025-02-25")
    weighted = {p.chunk_id: p.score for p in lean.apply([best, inside, outside, far])}
    assert weighted["out"] > 0.95 * weighted["in"]  # it was halved: the story's lede fell out of the top 5
    assert weighted["far"] == 0.03 * SOFT_FLOOR < weighted["out"]


def test_the_article_about_the_event_outranks_a_briefing_that_mentions_it(news) -> None:  # noqa: ANN001
    from assistant.models import Passage

    briefing = Passage("b:3", "b", "... and the harbour bridge reopened after repairs.", 2400, 2450, 0.02,
                       title="Morning briefing: markets, weather, transport")
    report = Passage("r:0", "r", "Traffic crossed the harbour bridge again on Friday.", 0, 50, 0.02,
                     title="Harbour bridge reopens after repairs")
    ranked = news.retriever._prefer_headlines_and_leads("When did the harbour bridge reopen?", [briefing, report])
    scores = {p.chunk_id: p.score for p in ranked}
    assert scores["r:0"] > scores["b:3"] > 0.0  # tied before: the headline and the lead decide


def test_rare_words_weigh_more_than_common_ones(news) -> None:  # noqa: ANN001
    rarity = news.keyword.rarity({"thaddeus", "interest", "zzzunseen"})  # in 0, 1 and 2 of the articles
    assert rarity["zzzunseen"] > rarity["thaddeus"] > rarity["interest"] > 0


@pytest.mark.parametrize("subset_max", [20_000, 0], ids=["vectors in memory", "chroma by id"])
def test_a_narrow_filter_searches_its_own_chunks_exactly(news, monkeypatch, subset_max: int) -> None:  # noqa: ANN001
    import numpy as np

    from assistant import retrieval

    monkeypatch.setattr(retrieval, "POST_FILTER_MAX", 1)  # no deeper unfiltered look: search the filter's chunks
    monkeypatch.setattr(retrieval, "SUBSET_MAX", subset_max)
    vector = news.embeddings.encode(["interest rates and inflation"])[0]
    nearest = [cid for cid, _sim in news.store.nearest_chunk_ids(vector, 2)]
    bbc = [cid for cid, src in zip(news.keyword.ids, news.keyword.sources, strict=True) if src == "bbc"]
    assert not set(nearest) & set(bbc)  # the unfiltered neighbours are all filtered out
    stored = news.store.get_chunks(bbc, vectors=True)
    exact = sorted(bbc, key=lambda cid: -float(np.asarray(stored[cid][2]) @ vector))[:2]
    for _ in range(2):  # the first search goes by id; from the second on, the filter's vectors are in memory
        found = news.retriever._dense(vector, Filters(sources=("BBC",)), news.keyword.mask(["BBC"]), 2)
        assert [cid for cid, _sim in found] == exact


def test_a_narrow_filters_vectors_are_read_again_after_an_ingest(assistant, monkeypatch) -> None:  # noqa: ANN001
    from assistant import retrieval

    monkeypatch.setattr(retrieval, "POST_FILTER_MAX", 1)
    record = {"source": "BBC", "published": "2025-05-01", "url": "https://example.com/bbc1",
              "title": "Council approves budget", "text": "The council approved the budget after a long debate."}
    others = [{**record, "source": "AP", "url": f"https://example.com/ap{i}", "title": title, "text": text}
              for i, (title, text) in enumerate([("Glacier study", "Alpine glaciers lost a tenth of their ice."),
                                                 ("Ski season", "Resorts in the Alps opened early.")])]
    assistant.ingest_articles([article_from_record(r) for r in (record, *others)])
    bbc = Filters(sources=("BBC",))
    for _ in range(2):
        assert _titles(assistant.search("glacier melting in the Alps", 1, filters=bbc)) == ["Council approves budget"]
    later = {**record, "url": "https://example.com/bbc2", "title": "Alpine glaciers melt faster",
             "text": "Glaciers in the Alps are melting faster than ever, scientists said."}
    assistant.ingest_articles([article_from_record(later)])
    for _ in range(2):
        assert _titles(assistant.search("glacier melting in the Alps", 1, filters=bbc)) == ["Alpine glaciers melt faster"]


def _passage(article: str, n: int, score: float) -> Passage:
    return Passage(f"{article}:{n}", article, f"{article} chunk {n}", n * 100, n * 100 + 90, score)


def test_another_articles_best_chunk_comes_before_a_second_chunk() -> None:
    pool = [_passage("a", 0, 1.0), _passage("a", 1, 0.95), _passage("b", 0, 0.9), _passage("a", 2, 0.93)]
    top = _diversify(pool, 3)
    assert [p.chunk_id for p in top] == ["a:0", "b:0", "a:1"]  # a third chunk of "a" never comes in
    assert [p.rank for p in top] == [1, 2, 3]


def test_overlapping_chunks_of_one_article_are_shown_as_one_passage() -> None:
    text = " ".join(f"Sentence {i} of the report." for i in range(40))
    a0, a1, a3 = (Passage(f"a:{n}", "a", text[s:e], s, e, score) for n, s, e, score in
                  ((0, 0, 300, 1.0), (1, 240, 540, 0.97), (3, 700, 1000, 0.96)))
    top = _diversify([a0, a1, _passage("b", 0, 0.9), a3], 3)
    assert [(p.article_id, p.start, p.end) for p in top] == [("a", 0, 540), ("b", 0, 90), ("a", 700, 1000)]
    assert top[0].text == text[0:540]  # the overlap once, and still the article's exact span
    assert [p.rank for p in top] == [1, 2, 3]  # the joined chunks are one of the article's two passages


def test_a_passage_joins_two_chunks_at_most() -> None:
    text = " ".join(f"Sentence {i} of the report." for i in range(40))
    a0, a1, a2, a4 = (Passage(f"a:{n}", "a", text[s:e], s, e, score) for n, s, e, score in
                      ((0, 0, 300, 1.0), (1, 240, 540, 0.99), (2, 480, 780, 0.98), (4, 900, 1000, 0.6)))
    top = _diversify([a0, a1, a2, _passage("b", 0, 0.5), a4], 4)
    assert [(p.article_id, p.start, p.end) for p in top] == [("a", 0, 540), ("a", 900, 1000), ("b", 0, 90)]


def test_a_date_ranges_passages_and_the_best_elsewhere_never_show_one_stretch_twice() -> None:
    """"Which food was recalled this week?": the week's search shows an article's chunk alone, the whole
    index's search that chunk joined to the next one; the merged answer shows that stretch once."""
    text = " ".join(f"Sentence {i} of the recall notice." for i in range(40))
    week = [Passage("a:2", "a", text[300:600], 300, 600, 1.0)]
    a3, a6, a8 = (Passage(f"a:{n}", "a", text[s:e], s, e, score) for n, s, e, score in
                  ((3, 300, 900, 0.9), (6, 1000, 1200, 0.7), (8, 1300, 1500, 0.65)))
    everywhere = [a3, _passage("b", 0, 0.8), a6, a8, _passage("c", 0, 0.6)]
    top = _merged(week, everywhere, 5)
    assert [(p.article_id, p.start, p.end) for p in top] == [
        ("a", 300, 900), ("b", 0, 90), ("a", 1000, 1200), ("c", 0, 90)]  # "a" never takes a third place
    assert top[0].text == text[300:900]
    assert [p.rank for p in top] == [1, 2, 3, 4]


def test_passages_of_one_article_never_overlap(sample_assistant) -> None:  # noqa: ANN001
    text = sample_assistant.article(sample_assistant.articles()[0]["id"]).text
    for question in ("How long did Trump and Putin talk?", "What did Zelenskyy say about a ceasefire?"):
        passages = sorted(sample_assistant.search(question, 5), key=lambda p: p.start)
        assert all(text[p.start:p.end] == p.text for p in passages)
        assert all(a.end < b.start for a, b in zip(passages, passages[1:], strict=False))


def test_a_question_reads_the_index_generation_once(news, monkeypatch) -> None:  # noqa: ANN001
    """On a Chroma server each generation check is a round trip: a question with date words and an outlet
    (newest date, outlet names, two searches) checks once, and still sees the index as it is."""
    calls: list[int] = []
    generation = news.store.generation
    monkeypatch.setattr(news.store, "generation", lambda: calls.append(1) or generation())
    passages = news.search("What did Reuters report about interest rates last week?")
    assert len(calls) == 1
    # the note on other dates takes the dates of the question just searched, without reading the index again
    news.retriever.asked_dates("What did Reuters report about interest rates last week?")
    assert len(calls) == 1
    news.retriever.asked_dates("What happened in March?")  # another question is read anew
    assert len(calls) == 2
    assert passages and passages[0].title == "Central bank holds rates"


def test_an_answer_from_other_dates_than_the_question_names_says_so(news) -> None:  # noqa: ANN001
    # the newest article is of 16 May 2025, so "last week" is 5-11 May, when no storm story ran
    elsewhere = news.ask("What did the storm cut last week?")
    assert elsewhere.citations and all(c.published.startswith("2025-03") for c in elsewhere.citations)
    assert elsewhere.notice == ("None of the passages found is dated between 5 May 2025 and 11 May 2025; these "
                                "are from other dates.")
    assert "notice" in elsewhere.to_json()
    within = news.ask("What did the central bank do this week?")  # its story ran on 14 May: no note
    assert within.citations and not within.notice


def test_a_question_only_about_a_date_gets_that_dates_news(news) -> None:  # noqa: ANN001
    passages = news.search("What happened on 14 May 2025?")
    assert passages and {p.title for p in passages} == {"Central bank holds rates"}
    answer = news.ask("What happened on 14 May 2025?")
    assert answer.citations and not answer.notice


def test_what_an_outlet_reported_comes_from_that_outlet(news) -> None:  # noqa: ANN001
    answer = news.ask("What did the BBC report about the budget?")
    assert answer.citations and {c.source for c in answer.citations} == {"BBC"}
    # the BBC ran nothing on interest rates: Reuters' stories on them are not the BBC's reporting
    elsewhere = news.ask("What did the BBC report about interest rates?")
    assert {c.source for c in elsewhere.citations} <= {"BBC"}


def test_what_an_outlet_the_index_lacks_reported_is_answered_from_others_with_a_note(news) -> None:  # noqa: ANN001
    answer = news.ask("What did Al Jazeera report about the city council's budget debate?")
    assert answer.citations and answer.notice is not None
    assert "There are no articles from Al Jazeera in the index" in answer.notice
    assert not news.ask("What did the BBC report about the budget?").notice


def test_a_question_about_reporting_names_no_outlet(news) -> None:  # noqa: ANN001
    assert news.retriever.outlet_speaking("Was the reporting on the bridge consistent after the BBC story?") == ()
    assert news.retriever.outlet_speaking("What did the BBC report about the budget?") == ("BBC",)


def test_an_outlet_is_found_as_a_reader_types_it() -> None:
    from assistant.retrieval import _matching_outlets

    stored = ["cnn.com", "FOX News - Lifestyle", "FOX News - Sports", "The Week", "theweek.co.uk", "Foxtrot Daily"]
    assert _matching_outlets("CNN", stored) == ("cnn.com",)
    assert _matching_outlets("Fox News", stored) == ("FOX News - Lifestyle", "FOX News - Sports")
    assert _matching_outlets("The Week", stored) == ("The Week", "theweek.co.uk")  # one outlet, two spellings
    assert _matching_outlets("theweek", stored) == ("The Week", "theweek.co.uk")
    assert _matching_outlets("the CNN", stored) == ("cnn.com",)  # "What did the CNN report ..."
    assert _matching_outlets("the", stored) == ()
    # a short name is a whole first word ("Fox" is not "Foxtrot Daily"), or initials as typed in capitals
    assert _matching_outlets("Fox", stored) == ("FOX News - Lifestyle", "FOX News - Sports")
    assert _matching_outlets("BBC", ["BBC News", "bbc.co.uk"]) == ("bbc.co.uk",)  # the same key first
    assert _matching_outlets("the BBC", ["BBC News"]) == ("BBC News",)
    assert _matching_outlets("NYT", ["The New York Times", "Nytimes Blog"]) == ("The New York Times",)
    assert _matching_outlets("Daily Planet", stored) == ()
    # a domain's key is the label before its suffix, whatever the suffix: not every outlet on ".media"
    assert _matching_outlets("nosuchpaper.media", ["rivertonpost.media", "ashfordchronicle.media"]) == ()
    assert _matching_outlets("rivertonpost.media", ["rivertonpost.media", "ashfordchronicle.media"]) == (
        "rivertonpost.media",)
    gazette = ["The Riverton Gazette", "Riverton Gazette", "rivertongazette.example", "ashfordtimes.example"]
    assert _matching_outlets("Riverton Gazette", gazette) == tuple(gazette[:3])
    assert _matching_outlets("The Riverton Gazette", gazette) == tuple(gazette[:3])
    assert _matching_outlets("Ashford Times", gazette) == ("ashfordtimes.example",)
    # "the Journal", "the Post", "the Times": the outlets named so by their last word, never the Financial Times
    papers = ["The Wall Street Journal", "The Washington Post", "South China Morning Post", "Financial Times",
              "The New York Times"]
    assert _matching_outlets("the Journal", papers) == ("The Wall Street Journal",)
    assert _matching_outlets("the Post", papers) == ("The Washington Post", "South China Morning Post")
    assert _matching_outlets("the Times", papers) == ("The New York Times",)
    assert _matching_outlets("Post", papers) == ()


def test_a_date_filter_finds_an_article_on_the_day_its_outlet_gave(assistant) -> None:  # noqa: ANN001
    from datetime import UTC, datetime

    assistant.ingest_articles([
        article_from_record({"title": "Berlin ferry strike", "text": "Ferry crews in Kiel walked out at dawn.",
                             "published": "2025-08-14T01:30:00+02:00", "url": "https://a.example/kiel"}),
        article_from_record({"title": "Chicago transit fare", "text": "Chicago raised its transit fare by a dollar.",
                             "published": "2025-08-13T22:00:00-05:00", "url": "https://b.example/fare"}),
    ])
    day = Filters(since=datetime(2025, 8, 14, tzinfo=UTC), until=datetime(2025, 8, 14, 23, 59, 59, tzinfo=UTC))
    found = assistant.search("ferry strike fare", 5, day)
    assert [p.title for p in found] == ["Berlin ferry strike"] and found[0].published.startswith("2025-08-14")


def test_the_exact_words_searched_for_come_first(assistant) -> None:  # noqa: ANN001
    records = [
        ("TikTok ban looms", "2025-01-05", "The president-elect said the app has a warm spot in my heart, he told "
         "reporters, as the ban on the video app neared its deadline."),
        ("Warm spell ahead", "2025-03-20", "A warm spell will bring sunshine to every spot in the region, and heart "
         "doctors warn people to drink water in the heat."),
        ("Heart health tips", "2025-03-21", "Doctors say a warm bath and a quiet spot to rest are good for the "
         "heart after a long day."),
        ("Garden spot of the year", "2025-03-22", "The warm garden spot won the town's heart and a prize."),
    ]
    assistant.ingest_articles([article_from_record({"title": t, "published": d, "text": x,
                                                    "url": f"https://p.example/{i}"})
                               for i, (t, d, x) in enumerate(records)])
    assert assistant.search("warm spot in my heart", 3)[0].title == "TikTok ban looms"
    assert assistant.search('Who said "warm spot in my heart"?', 3)[0].title == "TikTok ban looms"


def test_names_are_found_as_readers_type_them_without_accents(assistant) -> None:  # noqa: ANN001
    records = [
        ("Fire at recycling plant", "A fire at a recycling plant in Łódź killed five workers on Sunday, firefighters said."),
        ("Fire at garment factory", "A fire at a garment factory near Dhaka killed nine workers on Sunday, police said."),
    ]
    add_stories(assistant, *({"title": t, "text": x, "published": "2025-06-01"} for t, x in records))
    assert assistant.search("Lodz fire", 1)[0].title == "Fire at recycling plant"  # the keyword index folds accents
    answer = assistant.ask("How many workers died in the Lodz fire?")
    assert not answer.abstained and "Łódź killed five" in answer.text


def test_the_latest_on_an_older_story_is_its_newest_report_not_the_newest_article(assistant) -> None:  # noqa: ANN001
    records = [
        ("Cedar Ridge Fire forces 1,200 from homes", "2025-08-11", "The Cedar Ridge Fire had burned about 2,500 acres "
         "by Monday evening and was 0 percent contained, the state fire agency said."),
        ("Cedar Ridge Fire 61 percent contained", "2025-08-15", "Firefighters had the Cedar Ridge Fire 61 percent "
         "contained on Friday, and evacuation orders for Pine Hollow were lifted."),
        ("Utility admits its line likely sparked Cedar Ridge Fire", "2025-08-18", "The Cedar Ridge Fire was 94 percent "
         "contained on Monday and had burned 20,150 acres, the state fire agency said."),
        ("Warehouse fire injures two firefighters", "2025-11-08", "Two firefighters were treated for smoke inhalation "
         "after a fire broke out in a storage warehouse in the port district on Saturday."),
        ("Council approves budget", "2025-11-10", "The city council approved next year's budget after a long debate."),
    ]
    assistant.ingest_articles([article_from_record({"title": t, "published": d, "text": x, "source": "Chronicle",
                                                    "url": f"https://fire.example/{i}"})
                               for i, (t, d, x) in enumerate(records)])
    question = "What's the latest on the Cedar Ridge Fire?"
    assert assistant.search(question, 3)[0].published.startswith("2025-08-18")
    answer = assistant.ask(question)
    assert not answer.abstained and "94 percent" in answer.citations[0].quote


def test_what_an_outlet_said_is_answered_from_its_articles_under_its_short_name(assistant) -> None:  # noqa: ANN001
    records = [
        ("Financial Times", "Halvorsen agrees $8.4bn deal to buy BrightCrate", "Halvorsen Foods has agreed to buy the "
         "supermarket chain BrightCrate Grocers for $8.4bn in cash, creating the third-largest grocery group."),
        ("Financial Times", "Watchdog opens probe into grocery merger", "The competition authority opened "
         "an in-depth probe into the merger. The merger would leave shoppers with less choice, the authority said."),
        ("Reuters", "Airline merger cleared", "Regulators cleared the merger of two regional airlines on Monday."),
    ]
    assistant.ingest_articles([article_from_record({"title": t, "source": src, "published": "2025-09-08", "text": x,
                                                    "url": f"https://m.example/{i}"})
                               for i, (src, t, x) in enumerate(records)])
    answer = assistant.ask("What did the FT say about the merger?")
    assert not answer.abstained
    assert {c.source for c in answer.citations} == {"Financial Times"}


def test_an_empty_answer_says_why_when_an_outlet_or_the_filters_left_nothing(news) -> None:  # noqa: ANN001
    lacking = news.ask("What did Al Jazeera report about the hurricane in Tonga?")
    assert lacking.abstained and "There are no articles from Al Jazeera in the index" in lacking.notice
    future = news.ask("What did the council approve?", filters=Filters(since=datetime(2030, 1, 1, tzinfo=UTC)))
    assert future.abstained and future.notice == "No article matches the filters (published from 1 January 2030 on)."


def _order_reports(records: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Each outlet's report (outlet, text) of Brightwater's Airbus order, all of one day."""
    return [{"title": "Brightwater orders Airbus jets", "text": t, "source": o, "published": "2025-06-17"}
            for o, t in records]


def test_according_to_an_outlet_keeps_the_answer_to_that_outlet(assistant) -> None:  # noqa: ANN001
    records = [("Reuters", "Brightwater Airlines ordered 40 Airbus jets in a deal worth about $5.6 billion at list prices."),
               ("Bloomberg", "Brightwater Airlines agreed to buy 40 Airbus jets in an order valued at about $4.9 billion.")]
    add_stories(assistant, *_order_reports(records))
    for question in ("According to Bloomberg, how much is Brightwater's Airbus order worth?",
                     "How much is Brightwater's Airbus order worth, according to Bloomberg?"):
        answer = assistant.ask(question)
        assert answer.citations and {c.source for c in answer.citations} == {"Bloomberg"}, question
        assert "$4.9 billion" in answer.citations[0].quote
    assert not assistant.ask("According to the UN, how much is Brightwater's Airbus order worth?").notice  # no outlet


def test_how_two_outlets_differ_quotes_each_and_says_they_disagree(assistant) -> None:  # noqa: ANN001
    records = [("Reuters", "Brightwater Airlines ordered 40 Airbus jets on Tuesday in a deal worth $5.6 billion at list "
                           "prices. The airline said deliveries would start in 2027."),
               ("Bloomberg", "Brightwater Airlines agreed to buy 40 Airbus jets in an order valued at about $4.9 billion, "
                             "people familiar with the terms said. The carrier flies to 90 airports.")]
    add_stories(assistant, *_order_reports(records))
    answer = assistant.ask("How do Reuters and Bloomberg differ on the value of Brightwater's Airbus order?")
    assert [c.source for c in answer.citations[:2]] == ["Reuters", "Bloomberg"]  # in the order asked
    assert "$5.6 billion" in answer.citations[0].quote and "$4.9 billion" in answer.citations[1].quote
    assert answer.disagreements == [(1, 2)] and answer.text.startswith("The sources disagree:")


def test_the_best_keyword_match_keeps_its_weight_in_the_lean_towards_recent_news() -> None:
    from datetime import UTC, datetime

    from assistant.models import Passage
    from assistant.retrieval import Freshness

    now = datetime(2025, 11, 7, tzinfo=UTC)
    near = Passage("a:0", "a", "The 22-year-old took five seconds off the record.", 0, 50, 1.0, published="2025-11-06",
                   dense=0.30)
    named = Passage("b:0", "b", "Okafor, 49, has made three acquisitions.", 0, 40, 1.0, published="2025-11-06",
                    dense=0.10, keyword=1.0)  # "How old is Amara Okafor?": far in meaning, the one naming her
    other = Passage("c:0", "c", "The 23-year-old signed a five-year contract.", 0, 45, 1.0, published="2025-11-06",
                    dense=0.05, keyword=0.3)
    weighted = {p.article_id: p.score for p in Freshness(now, 14.0, 0.5).apply([near, named, other])}
    assert weighted["b"] == weighted["a"] > weighted["c"] == 0.5  # the floor is for the far and the weakly matched


def test_a_passage_knows_its_keyword_match_against_the_best(assistant) -> None:  # noqa: ANN001
    from tests.stories import add_stories

    add_stories(assistant, {"title": "Corvan buys Belltree", "text": "Chief Executive Amara Okafor, 49, led the deal."},
                {"title": "Record run", "text": "The 22-year-old runner took five seconds off the record."})
    found = {p.title: p.keyword for p in assistant.search("How old is Amara Okafor?", 2)}
    assert found["Corvan buys Belltree"] == 1.0 and found.get("Record run", 0.0) < 1.0


def test_what_an_outlet_reported_about_a_topic_is_answered_by_its_sentences_naming_the_topic(
        assistant) -> None:  # noqa: ANN001
    from tests.stories import add_stories

    add_stories(assistant, *[{"title": title, "source": source, "published": day, "text": text}
                             for title, source, day, text in MILLBROOK])
    reply = assistant.ask("What did the Harbor Gazette report about the union?")
    assert not reply.abstained and "Kofi Mensah" in reply.citations[0].quote
    assert {c.source for c in reply.citations} == {"Harbor Gazette"}
    assert assistant.ask("What did the Harbor Gazette report about the weather?").abstained


MILLBROOK = [
    ("Blaze at Millbrook chemical plant kills 12 workers", "Harbor Gazette", "2025-06-02",
     "A fire tore through the Corvane Chemicals plant in Millbrook on Monday morning, killing 12 workers and injuring "
     "dozens more, officials said.\n\nFire Chief Marcus Oyelaran said the blaze started in the solvent storage building "
     "shortly after 6 a.m. \"The building was fully involved when we arrived,\" he said."),
    ("Millbrook fire death toll rises to 17 as search ends", "Harbor Gazette", "2025-06-03",
     "The death toll from Monday's fire at the Corvane Chemicals plant in Millbrook rose to 17 on Tuesday after search "
     "teams recovered five more bodies from the collapsed storage hall.\n\nUnion representative Kofi Mensah said "
     "workers had raised concerns about ventilation in the storage hall for months."),
    ("Corvane chief executive Helen Strand resigns after Millbrook fire", "Harbor Gazette", "2025-06-05",
     "Helen Strand resigned as chief executive of Corvane Chemicals on Thursday, three days after a fire at the "
     "company's Millbrook plant killed 19 workers.\n\nThe toll rose to 19 on Wednesday night when two injured workers "
     "died in hospital.\n\n\"I take responsibility for what happened on my watch,\" Strand said in a farewell message "
     "to staff.\n\nUnion representative Kofi Mensah called the resignation \"a start, but not justice\"."),
    ("Millbrook plant fire: 14 confirmed dead, union blames management", "Northern Ledger", "2025-06-03",
     "Fourteen people were killed in the fire at the Corvane Chemicals plant in Millbrook, county officials confirmed "
     "on Tuesday.\n\nThe workers' union said management had ignored repeated warnings about the storage hall."),
]


def test_a_year_asked_about_that_later_stories_tell_of_needs_no_note(assistant) -> None:  # noqa: ANN001
    add_stories(assistant, {"title": "Coach fired after slow start", "published": "2023-11-27", "text":
                            "The Wild fired coach Dean Evason on Monday. In 2021, Evason led the team to 49 wins and "
                            "its best season in a decade."},
                {"title": "Trade deadline", "published": "2023-03-01", "text": "The Wild traded two prospects."})
    told = assistant.ask("How many games did the Wild win in 2021?")
    assert "49 wins" in told.citations[0].quote and not told.notice  # the year is in the story, if not its date
    other = assistant.ask("How many games did the Wild win in 2019?")
    assert (other.notice or "").startswith("None of the passages found is dated between 1 January 2019")


def test_a_rare_name_the_question_asks_about_lifts_the_passage_holding_it(assistant) -> None:  # noqa: ANN001
    trial = [("Bankman-Fried takes the stand", "Bankman-Fried told the jury he had made mistakes running FTX but "
              "never meant to defraud anyone, his lawyers said."),
             ("Ellison testifies against Bankman-Fried", "Caroline Ellison said Bankman-Fried directed her to take "
              "customer money from FTX to repay lenders of Alameda."),
             ("Jury selected in Bankman-Fried trial", "The jury that will decide whether Bankman-Fried committed "
              "fraud at FTX was selected on Wednesday."),
             ("What Bankman-Fried's defense argued", "The defense countered that the FTX founder acted in good faith "
              "and was pressed by events beyond his control."),
             ("Investors on the witness stand", "During cross-examination, Huang said Paradigm pressed Bankman-Fried "
              "on the board issue before it invested.")]
    add_stories(assistant, *({"title": t, "text": x, "published": "2023-10-06"} for t, x in trial))
    assert "Paradigm" in assistant.search("What did Paradigm press Bankman-Fried on?", 3)[0].text
