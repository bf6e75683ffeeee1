"""Reading articles: text/Markdown with front matter, JSON/JSONL dumps, folders, ids and bad input."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.articles import (
    MAX_TITLE,
    Failure,
    article_from_record,
    article_id,
    author_names,
    canonical_url,
    iter_articles,
    iter_path,
    make_article,
    parse_date,
)
from assistant.errors import InputError
from assistant.models import Article

LIMIT = 5_000_000


def read(*paths: Path) -> tuple[list[Article], list[Failure]]:
    items = list(iter_articles(paths, LIMIT))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


def test_markdown_front_matter_gives_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Bridge approved\nsource: Gazette\nurl: https://gazette.example/bridge\n"
                    "date: 2025-03-02\nauthor: Ann Lee, Bo Chan\n---\nThe council approved the bridge.\n")
    [article], failures = read(path)
    assert not failures
    assert (article.title, article.source, article.url) == ("Bridge approved", "Gazette", "https://gazette.example/bridge")
    assert article.published is not None and article.published.isoformat().startswith("2025-03-02")
    assert article.authors == ("Ann Lee", "Bo Chan")
    assert article.text == "The council approved the bridge."


def test_header_lines_without_dashes_give_metadata_too(tmp_path: Path) -> None:
    path = tmp_path / "ledger.txt"
    path.write_text("title: Millbrook plant fire: 14 confirmed dead\nsource: Northern Ledger\n"
                    "url: https://ledger.example/millbrook\ndate: 2025-06-03\n\nFourteen people were killed in the fire.\n")
    [article], failures = read(path)
    assert not failures
    assert (article.title, article.source, article.url, article.published_iso[:10], article.text) == (
        "Millbrook plant fire: 14 confirmed dead", "Northern Ledger", "https://ledger.example/millbrook", "2025-06-03",
        "Fourteen people were killed in the fire.")
    path.write_text("Council approves bus fare rise\nsource: Riverton Courier\ndate: 2025-06-24\n\nThe council voted 7-4.\n")
    [article], _ = read(path)  # a title line of its own, then the header lines
    assert (article.title, article.source, article.published_iso[:10], article.text) == (
        "Council approves bus fare rise", "Riverton Courier", "2025-06-24", "The council voted 7-4.")


def test_plain_text_title_is_first_line(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("Storm closes port\nThe port closed on Monday.")
    [article], _ = read(path)
    assert article.title == "Storm closes port"
    assert article.text.startswith("Storm closes port")


def test_json_dump_shapes(tmp_path: Path) -> None:
    records = [
        {"title": "A", "body": "Body A text.", "url": "https://x.example/a", "outlet": "X", "published_at": "2024-05-01T10:00:00Z",
         "author": "Kim"},
        {"title": "B", "content": "Body B text.", "source": {"name": "Y"}, "date": "May 2, 2024", "authors": ["Lu"]},
    ]
    (tmp_path / "dump.json").write_text(json.dumps(records))
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n")
    articles, failures = read(tmp_path)
    assert [a.title for a in articles] == ["A", "B", "A", "B"]
    assert articles[0].source == "X" and articles[1].source == "Y"
    assert articles[1].published is not None and articles[1].published.day == 2
    assert [f.name for f in failures] == [f"{tmp_path / 'dump.jsonl'}:3"]
    assert failures[0].reason == "malformed JSON line: Expecting property name enclosed in double quotes at column 2"


@pytest.mark.parametrize(
    ("name", "data", "reason", "where"),
    [
        ("empty.txt", b"", "the file is empty", ""),
        ("blob.txt", b"\x00\x01\x02binary" * 10, "binary file", ""),
        ("broken.json", b'{"title": "x", ', "broken JSON", ""),
        ("notext.json", b'{"title": "only a title"}', "no article text", "[0]"),  # the record, within its file
        ("image.png", b"\x89PNG....", "unsupported file type '.png'", ""),
        # files that hold no article fail by name as well
        ("empty.jsonl", b"", "no articles in the file", ""),
        ("blank.jsonl", b"\n\n  \n", "no articles in the file", ""),
        ("empty.json", b"[]", "no articles in the file", ""),
        ("none.json", b'{"articles": []}', "no articles in the file", ""),
        ("matter.md", b"---\ntitle: X\n---", "no article text", ""),
    ],
)
def test_bad_files_are_reported_by_name(tmp_path: Path, name: str, data: bytes, reason: str, where: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    articles, [failure] = read(path)
    assert not articles
    assert failure.name == f"{path}{where}" and reason in failure.reason


def test_missing_path_and_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    [failure] = list(iter_articles([big], max_bytes=100))
    assert isinstance(failure, Failure) and "over the" in failure.reason
    [missing] = list(iter_articles([tmp_path / "nope.txt"], LIMIT))
    assert isinstance(missing, Failure) and "no such file" in missing.reason


def test_non_utf8_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café owners in Zürich said the fête was cancelled. " .encode("cp1252") * 5)
    [article], _ = read(path)
    assert "Café" in article.text and "Zürich" in article.text


def test_ids_come_from_canonical_url_else_text() -> None:
    assert canonical_url("https://WWW.Example.com/story/?utm_source=x&b=2&a=1#top") == "https://example.com/story?a=1&b=2"
    assert article_id("https://example.com/story?utm_medium=rss", "x") == article_id("https://example.com/story/", "y")
    assert article_id("", "Same  text.") == article_id("", "Same text.")
    assert make_article("Some text").id != make_article("Other text").id
    with pytest.raises(InputError, match="no article text"):
        make_article("   ")


def test_a_stored_url_keeps_its_query_and_fragment_but_not_tracking_parameters() -> None:
    article = make_article("Some text", url="https://example.com/story?id=5&utm_campaign=rss&fbclid=x#top")
    assert article.url == "https://example.com/story?id=5#top"  # what a reader follows and cites
    assert article.id == make_article("Some text", url="https://example.com/story?id=5").id


GOOD = {"title": "Port reopens", "text": "The port reopened on Monday after repairs.", "url": "https://port.example/a"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published", -1e20),
        ("published", 1e400),  # json.dumps writes Infinity
        ("published", float("nan")),
        ("published", True),
        ("author", 5),
        ("author", True),
        ("source", ["a", "list"]),
        ("url", 17),
    ],
)
def test_an_odd_field_value_is_ignored_and_the_batch_goes_on(tmp_path: Path, field: str, value: object) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({**GOOD, field: value}) + "\n" + json.dumps({**GOOD, "url": "https://port.example/b"}))
    articles, failures = read(dump)
    assert not failures and len(articles) == 2
    assert articles[0].published is None and articles[0].authors == ()


def test_a_malformed_url_fails_its_record_by_line_and_the_rest_is_read(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({**GOOD, "url": "http://[::1"}) + "\n" + json.dumps(GOOD) + "\n")
    articles, [failure] = read(dump)
    assert [a.url for a in articles] == [GOOD["url"]]
    assert failure.name == f"{dump}:1" and "malformed url 'http://[::1'" in failure.reason


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (1749600000000, "2025-06-11T00:00:00+00:00"),  # epoch milliseconds
        (1749600000, "2025-06-11T00:00:00+00:00"),
        ("1749456000", "2025-06-09T08:00:00+00:00"),  # epoch seconds as a digit string
        ("20250614", "2025-06-14T00:00:00+00:00"),  # an ISO basic date, not an epoch
        ("June 3, 2025 9:00 PM EST", "2025-06-03T21:00:00-05:00"),
        ("Tue, 10 Jun 2025 21:00:00 PDT", "2025-06-10T21:00:00-07:00"),
        ("10 June 2025 09:00 CEST", "2025-06-10T09:00:00+02:00"),
        ("2025-08-14T01:30:00+02:00", "2025-08-14T01:30:00+02:00"),  # the outlet's day, not the UTC one
        ("2025-05-19", "2025-05-19T00:00:00+00:00"),
        ("10.06.2025 14:00", "2025-06-10T14:00:00+00:00"),  # a dotted date is always day-first
        ("10.6.25", "2025-06-10T00:00:00+00:00"),
        ("2025-06-10 14:00:00 UTC+2", "2025-06-10T14:00:00+02:00"),  # two hours ahead of UTC, as written
        ("2025-06-10 14:00 GMT-5", "2025-06-10T14:00:00-05:00"),
        ("2025-06-10 14:00 UTC+05:30", "2025-06-10T14:00:00+05:30"),
        ("Tuesday 10 June 2025 14.00 BST", "2025-06-10T14:00:00+01:00"),  # the Guardian's style
        ("10 June 2025 | 14:00 BST", "2025-06-10T14:00:00+01:00"),
        ("mar., 10 juin 2025 14:00:00 +0200", "2025-06-10T14:00:00+02:00"),  # French RSS
        ("Di, 10 Juni 2025 14:00:00 +0200", "2025-06-10T14:00:00+02:00"),  # German RSS
        ("Tues, 10 Jun 2025 14:00:00 GMT", "2025-06-10T14:00:00+00:00"),  # an odd day name
        ("06/08/2025", "2025-06-08T00:00:00+00:00"),  # slashed and ambiguous: month-first unless told
        ("2025", ""),  # no month or day: nothing is invented from today
        ("May 2025", ""),
        ("Tuesday", ""),
        ("3", ""),
        (True, ""),
        (float("nan"), ""),
        (-1e20, ""),
    ],
)
def test_dates_are_read_as_written_or_not_at_all(value: object, iso: str) -> None:
    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else "") == iso


def test_zone_names_give_the_right_instant_without_a_warning(recwarn: pytest.WarningsRecorder) -> None:
    parsed = parse_date("June 3, 2025 9:00 PM EST")
    assert parsed is not None and parsed.astimezone(UTC) == datetime(2025, 6, 4, 2, 0, tzinfo=UTC)
    # filters count the outlet's clock: the story is one of 3 June, as the outlet printed it
    assert make_article("x", published="June 3, 2025 9:00 PM EST").published_ts == int(
        datetime(2025, 6, 3, 21, 0, tzinfo=UTC).timestamp())
    parse_date("June 3, 2025 9:00 PM XYZT")
    assert not recwarn.list


def test_schema_org_newsapi_and_wordpress_fields(tmp_path: Path) -> None:
    records = [
        {"headline": "Dam approved", "articleBody": "The council approved the dam.", "datePublished": "2025-03-02",
         "dateModified": "2025-04-09", "author": [{"@type": "Person", "name": "Peter Berg"}, {"name": "Ann Lee"}]},
        {"title": "Rates held", "description": "The bank held rates.", "publishedAt": "2025-05-01T10:00:00Z",
         "author": {"name": "Peter Berg"}},
        {"title": {"rendered": "Ferry &#8211; new route"}, "content": {"rendered": "<p>A new ferry route opens.</p>"},
         "date": "2025-05-30T10:15:00", "date_gmt": "2025-05-30T09:15:00"},  # WordPress: local time and GMT
        {"title": "Record year", "body": "<p>&quot;A record year,&quot; she said.</p><script>alert(1)</script>",
         "description": "A summary, not the text."},
    ]
    (tmp_path / "dump.json").write_text(json.dumps(records))
    dam, rates, ferry, record = read(tmp_path / "dump.json")[0]
    assert (dam.title, dam.text, dam.published_iso[:10], dam.authors) == (
        "Dam approved", "The council approved the dam.", "2025-03-02", ("Peter Berg", "Ann Lee"))
    assert (rates.text, rates.published_iso, rates.authors) == (
        "The bank held rates.", "2025-05-01T10:00:00+00:00", ("Peter Berg",))
    assert (ferry.title, ferry.text) == ("Ferry – new route", "A new ferry route opens.")
    assert ferry.published_iso == "2025-05-30T10:15:00+01:00"  # the site's local time, with its offset
    assert record.text == '"A record year," she said.'


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("By JOHN SMITH and Mary Jones, Reuters", ("John Smith", "Mary Jones")),
        ("[Ann Lee, Bo Chen]", ("Ann Lee", "Bo Chen")),
        ({"name": "Peter Berg"}, ("Peter Berg",)),
        ({"original": "By Jane Doe and John Smith", "person": []}, ("Jane Doe", "John Smith")),  # NYT
        ("By Jane Doe, Reuters", ("Jane Doe",)),
        ("Shaun Walker in Kyiv and Jane Doe", ("Shaun Walker", "Jane Doe")),  # the Guardian: where they wrote from
        ([{"name": "Peter Berg"}, "Ann Lee"], ("Peter Berg", "Ann Lee")),
        ("Anne Brand; Alexandra Anderson", ("Anne Brand", "Alexandra Anderson")),
        ("Hannah Cole, Health Reporter", ("Hannah Cole",)),  # a job title after the name is no second author
        ("By Kim Lee, Staff Writer", ("Kim Lee",)),
        ("Ana Writer", ("Ana Writer",)),  # ... but a name is a name
        (5, ()),
    ],
)
def test_author_names(value: object, names: tuple[str, ...]) -> None:
    assert author_names(value) == names


def test_front_matter_author_list(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Bridge\nauthors: [Ann Lee, Bo Chen]\n---\nThe bridge opened.\n")
    [article], _ = read(path)
    assert article.authors == ("Ann Lee", "Bo Chen")


def test_latin1_jsonl_and_upper_case_suffix(tmp_path: Path) -> None:
    (tmp_path / "latin.jsonl").write_bytes(json.dumps({"title": "Café", "text": "Zürich café reopens."},
                                                      ensure_ascii=False).encode("latin-1") + b"\n")
    (tmp_path / "UPPER.JSON").write_text(json.dumps({"title": "Upper", "text": "An upper-case name."}, indent=2))
    articles, failures = read(tmp_path)
    assert not failures
    assert sorted(a.text for a in articles) == ["An upper-case name.", "Zürich café reopens."]


@pytest.mark.parametrize("name", ["big.jsonl", "big.json"])
def test_a_dump_streams_past_the_size_limit(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    lines = [json.dumps({"title": f"T{n}", "text": "word " * 40}) for n in range(20)]
    path.write_text("\n".join(lines) if name.endswith("l") else "[" + ",".join(lines) + "]")
    assert path.stat().st_size > 4000  # 4 times the limit
    assert len([a for a in iter_articles([path], max_bytes=1000) if isinstance(a, Article)]) == 20


def test_a_record_or_a_single_object_over_the_size_limit_fails_by_name(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps({"title": t, "text": "word " * n}) for t, n in (("A", 40), ("B", 400))))
    a, failure = iter_articles([dump], max_bytes=1000)
    assert isinstance(a, Article) and isinstance(failure, Failure)
    assert failure.name == f"{dump}:2" and failure.reason == "a record of 0.00203 MB is over the 0.001 MB limit"
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"title": "Huge", "text": "word " * 400}))
    [too_big] = list(iter_articles([single], max_bytes=1000))
    assert isinstance(too_big, Failure) and too_big.name == str(single) and "over the" in too_big.reason


@pytest.mark.parametrize(("text", "encoding"), [
    ("Café owner wins appeal. Zoë Müller said “no”.", "cp1252"),  # short legacy Western text
    ("Große Straße in München, sagte Jürgen.", "latin-1"),
    ("Привет мир, это тест для проверки кодировки текста новостей", "cp1251"),  # not read as accented Latin
])
def test_legacy_encodings_read_right(text: str, encoding: str) -> None:
    from assistant.decoding import decode_bytes

    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_a_placeholder_date_is_no_date() -> None:
    from assistant.articles import parse_date

    assert parse_date("9999-12-31T23:59:59-05:00") is None and parse_date("0001-01-01") is None
    assert parse_date("2025-08-14T01:30:00+02:00") is not None


def test_a_markdown_file_is_stored_as_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    path.write_text("# Ferry fares to rise 10 percent\n\nThe **ferry** operator said on *Wednesday* that "
                    "[fuel costs](https://example.org/fuel) had doubled.\n\n---\n\nTickets go on sale on `Monday`.\n")
    [article] = list(iter_articles([path], LIMIT))
    assert isinstance(article, Article) and article.title == "Ferry fares to rise 10 percent"
    assert "The ferry operator said on Wednesday that fuel costs had doubled." in article.text
    assert not any(mark in article.text for mark in ("#", "**", "*", "](", "---", "`"))


def test_a_record_over_the_size_limit_inside_a_json_array_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.dumps as dumps

    monkeypatch.setattr(dumps, "_BLOCK", 256)  # the big record spans many blocks, as a real one would
    huge = {"title": "Huge", "text": 'word \\"quoted\\" ] } , [ ' * 300, "tags": [{"a": "]"}, [1, 2]]}
    records = [{"title": "First", "text": "The first story."}, huge, {"title": "Last", "text": "The last story."}]
    dump = tmp_path / "dump.json"
    dump.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]")
    first, failure, last = iter_articles([dump], max_bytes=2000)
    assert isinstance(first, Article) and first.text == "The first story."
    assert isinstance(failure, Failure) and failure.name == f"{dump}[1]"
    assert failure.reason.startswith("a record of 0.0") and failure.reason.endswith("MB is over the 0.002 MB limit")
    assert isinstance(last, Article) and last.text == "The last story."


def test_a_json_array_cut_inside_an_oversized_record_says_where(tmp_path: Path) -> None:
    dump = tmp_path / "cut.json"
    dump.write_text('[{"title": "First", "text": "The first story."}, {"title": "Cut", "text": "' + "word " * 500)
    first, failure = iter_articles([dump], max_bytes=1000)
    assert isinstance(first, Article)
    assert isinstance(failure, Failure) and failure.name == str(dump)
    assert failure.reason.startswith("broken JSON at line 1") and "the file ends inside a record" in failure.reason


def test_utf16_files_with_a_byte_order_mark_read_right(tmp_path: Path) -> None:
    records = [{"title": "Café", "text": "Zürich café owners said prices rose."}, {"title": "Two", "text": "The second record."}]
    (tmp_path / "dump.jsonl").write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-16"))
    (tmp_path / "array.json").write_bytes(json.dumps(records, ensure_ascii=False).encode("utf-16"))
    (tmp_path / "note.txt").write_bytes("Harbour note\n\nThe café reopens.".encode("utf-16"))
    articles, failures = read(tmp_path)
    assert not failures
    assert sorted(a.text for a in articles) == sorted(["Zürich café owners said prices rose.", "The second record."] * 2
                                                      + ["Harbour note\n\nThe café reopens."])


@pytest.mark.parametrize("value", ["null", "5", '"a string"'])
def test_articles_that_are_not_a_list_fail_by_name(tmp_path: Path, value: str) -> None:
    dump = tmp_path / "dump.json"
    dump.write_text('{"articles": ' + value + '}')
    [failure] = list(iter_articles([dump], max_bytes=1000))
    assert isinstance(failure, Failure) and failure.name == str(dump) and "not a list" in failure.reason


def test_a_folder_linked_into_itself_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text("Harbour story\n\nThe ferry runs again.")
    (tmp_path / "news" / "loop").symlink_to(tmp_path / "news")
    articles, failures = read(tmp_path / "news")
    assert not failures and [a.title for a in articles] == ["Harbour story"]


def test_a_table_in_a_wordpress_body_keeps_its_cells_apart() -> None:
    table = ("<p>Bins went uncollected for weeks.</p>\n<table>\n<tr>\n  <th>Week</th>\n  <th>Tonnes uncollected</th>\n"
             "</tr>\n<tr><td>1</td>\n<td>4,000</td></tr>\n<tr><td>24</td> <td>17,000</td></tr>\n</table>")
    article = article_from_record({"title": {"rendered": "Bin strike"}, "content": {"rendered": table}})
    assert article.text == "Bins went uncollected for weeks.\nWeek | Tonnes uncollected\n1 | 4,000\n24 | 17,000"


@pytest.mark.parametrize(("dayfirst", "iso"), [(True, "2025-08-06"), (False, "2025-06-08"), (None, "2025-06-08")])
def test_an_ambiguous_slashed_date_follows_the_locale_when_it_is_known(dayfirst: bool | None, iso: str) -> None:
    parsed = parse_date("06/08/2025", dayfirst=dayfirst)
    assert parsed is not None and parsed.date().isoformat() == iso
    assert parse_date("13/08/2025", dayfirst=False) == parse_date("13/08/2025") == datetime(2025, 8, 13, tzinfo=UTC)


def test_a_date_that_cannot_be_read_leaves_the_article_undated_and_is_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="assistant.articles")
    article = make_article("The tram consultation opened.", url="https://x.example/tram", published="sometime soon")
    assert article.published is None
    assert "https://x.example/tram: cannot read the date 'sometime soon'; the article is stored without one" in (
        caplog.text)


def test_a_file_with_no_story_in_it_fails_by_name(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_text("xxxxxxxxxx")
    (tmp_path / "title.txt").write_text("Title only line\n")
    articles, failures = read(tmp_path)
    assert not articles
    assert sorted(f.reason.split(": ", 1)[1] for f in failures) == [
        "too little text for an article (1 words)", "too little text for an article (3 words)"]


def test_a_front_matter_title_keeps_a_quote_it_ends_with(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Almeida takes the stand: 'I never meant to lose anyone's money'\n---\n"
                    "Victor Almeida testified on Tuesday.\n")
    [article], _ = read(path)
    assert article.title == "Almeida takes the stand: 'I never meant to lose anyone's money'"


FERRY_HTML = "<p>Ferry crews walked out at dawn on Saturday.</p> <p>&quot;We had no choice,&quot; said Ann Lee.</p>"
FERRY_TEXT = 'Ferry crews walked out at dawn on Saturday.\n"We had no choice," said Ann Lee.'
GUARDIAN = {"response": {"status": "ok", "userTier": "developer", "total": 1, "currentPage": 1, "results": [{
    "id": "uk-news/2025/mar/01/ferry-strike", "type": "article", "sectionName": "UK news",
    "webPublicationDate": "2025-03-01T10:00:00Z", "webTitle": "Ferry crews strike over pay",
    "webUrl": "https://www.theguardian.com/uk-news/2025/mar/01/ferry-strike",
    "apiUrl": "https://content.guardianapis.com/uk-news/2025/mar/01/ferry-strike", "pillarName": "News",
    "fields": {"headline": "Ferry crews strike over pay", "trailText": "Unions say <strong>talks</strong> failed",
               "byline": "Jane Doe and John Smith", "body": FERRY_HTML,
               "bodyText": 'Ferry crews walked out at dawn on Saturday. "We had no choice," said Ann Lee.'}}]}}
NEWSAPI = {"status": "ok", "totalResults": 1, "articles": [{
    "source": {"id": "bbc-news", "name": "BBC News"}, "author": "BBC News", "title": "Ferry crews strike over pay",
    "description": "Crews walked out at dawn.", "url": "https://www.bbc.co.uk/news/articles/c1ferry",
    "urlToImage": "https://ichef.bbci.co.uk/ferry.jpg", "publishedAt": "2025-03-01T10:00:00Z",
    "content": "Ferry crews walked out at dawn on Saturday, the union said … [+3120 chars]"}]}
NYT = {"status": "OK", "copyright": "Copyright (c) 2025 The New York Times Company.", "response": {"docs": [{
    "abstract": "Crews walked out at dawn.", "web_url": "https://www.nytimes.com/2025/03/01/nyregion/ferry-strike.html",
    "snippet": "Crews walked out at dawn.", "lead_paragraph": "Ferry crews walked out at dawn on Saturday.",
    "source": "The New York Times", "headline": {"main": "Ferry crews strike over pay", "kicker": None},
    "pub_date": "2025-03-01T10:00:00+0000", "document_type": "article",
    "byline": {"original": "By Jane Doe and John Smith", "person": [{"firstname": "Jane", "lastname": "Doe"}]},
    "_id": "nyt://article/1"}], "meta": {"hits": 1, "offset": 0}}}
PLAIN = {"title": "Ferry crews strike over pay", "text": "Ferry crews walked out at dawn on Saturday.",
         "url": "https://gazette.example/ferry", "outlet": "Gazette", "published": "2025-03-01T10:00:00Z",
         "byline": "By Jane Doe, Reuters"}
SAID = ("Ferry crews strike over pay", "2025-03-01T10:00:00+00:00")  # every dump's title and date


@pytest.mark.parametrize(
    ("dump", "source", "url", "authors", "text"),
    [
        (GUARDIAN, "The Guardian", "https://www.theguardian.com/uk-news/2025/mar/01/ferry-strike",
         ("Jane Doe", "John Smith"), FERRY_TEXT),
        (NEWSAPI, "BBC News", "https://www.bbc.co.uk/news/articles/c1ferry", (),
         "Ferry crews walked out at dawn on Saturday, the union said …"),
        (NYT, "The New York Times", "https://www.nytimes.com/2025/03/01/nyregion/ferry-strike.html",
         ("Jane Doe", "John Smith"), "Ferry crews walked out at dawn on Saturday."),
        ({"data": [PLAIN]}, "Gazette", "https://gazette.example/ferry", ("Jane Doe",), PLAIN["text"]),
        ({"items": [{**PLAIN, "text": FERRY_HTML}]}, "Gazette", "https://gazette.example/ferry", ("Jane Doe",),
         FERRY_TEXT),
        ({"meta": {"page": 1}, "results": [PLAIN]}, "Gazette", "https://gazette.example/ferry", ("Jane Doe",),
         PLAIN["text"]),
    ],
    ids=["guardian", "newsapi", "nyt", "data", "items", "results"],
)
def test_news_api_responses_give_each_article_its_metadata(
        tmp_path: Path, dump: dict[str, object], source: str, url: str, authors: tuple[str, ...], text: str) -> None:
    (tmp_path / "response.json").write_text(json.dumps(dump))
    [article], failures = read(tmp_path / "response.json")
    assert not failures
    assert (article.title, article.published_iso) == SAID
    assert (article.source, article.url, article.authors, article.text) == (source, url, authors, text)


def test_an_api_response_line_of_a_jsonl_file_gives_its_articles(tmp_path: Path) -> None:
    (tmp_path / "pages.jsonl").write_text(json.dumps(GUARDIAN) + "\n" + json.dumps(NYT) + "\n")
    articles, failures = read(tmp_path / "pages.jsonl")
    assert not failures and [a.source for a in articles] == ["The Guardian", "The New York Times"]


@pytest.mark.parametrize(
    ("dump", "keys"),
    [
        ({"status": "error", "code": "apiKeyInvalid", "message": "Your API key is invalid."},
         '"status", "code", "message"'),
        ({"response": {"status": "error", "message": "Unauthorized"}}, '"response"'),
    ],
)
def test_json_of_no_known_shape_fails_by_name_saying_what_was_expected(
        tmp_path: Path, dump: dict[str, object], keys: str) -> None:
    path = tmp_path / "reply.json"
    path.write_text(json.dumps(dump))
    articles, [failure] = read(path)
    assert not articles and failure.name == str(path)
    assert failure.reason == (
        f"cannot read {str(path)!r}: no articles in it: expected an article, a list of them, or an API response "
        f'with a list under "articles", "results", "docs", "items" or "data" (found {keys})')


def test_records_of_a_response_without_text_fail_by_position_and_the_others_are_read(tmp_path: Path) -> None:
    results = GUARDIAN["response"]["results"]  # type: ignore[index]
    bare = {k: v for k, v in results[0].items() if k != "fields"}  # asked for without show-fields=body
    dump = {"response": {"status": "ok", "results": [{**bare, "webUrl": "https://www.theguardian.com/a"}, *results]}}
    (tmp_path / "response.json").write_text(json.dumps(dump))
    [article], [failure] = read(tmp_path / "response.json")
    assert article.text == FERRY_TEXT
    assert (failure.name, failure.reason) == (f"{tmp_path / 'response.json'}[0]", "no article text")


def _read_folder(folder: Path) -> tuple[list[str], dict[str, str]]:
    """(titles of the articles read, failure reason by file name) of a folder's ingest."""
    read = list(iter_path(folder, max_bytes=1_000_000))
    return ([a.title for a in read if isinstance(a, Article)],
            {Path(f.name).name: f.reason for f in read if isinstance(f, Failure)})


@pytest.mark.parametrize("deep", ["[" * 100_000 + "]" * 100_000, '{"a":' * 5_000 + "1" + "}" * 5_000],
                         ids=["array", "object"])
def test_json_nested_too_deep_fails_by_name_and_the_rest_is_read(tmp_path: Path, deep: str) -> None:
    (tmp_path / "deep.json").write_text(deep)
    (tmp_path / "deep.jsonl").write_text(deep + "\n" + json.dumps({"title": "Bridge", "text": "The bridge opened."}))
    (tmp_path / "good.txt").write_text("Harbour reopens\nThe harbour reopened after the storm on Tuesday.")
    titles, failed = _read_folder(tmp_path)
    assert sorted(titles) == ["Bridge", "Harbour reopens"]
    assert {name.split(":")[0].split("[")[0] for name, why in failed.items() if "nested too deeply" in why} == {
        "deep.json", "deep.jsonl"}


def test_a_pipe_or_a_device_is_refused_without_being_read(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait forever
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "good.txt").write_text("Harbour reopens\nThe harbour reopened after the storm on Tuesday.")
    titles, failed = _read_folder(tmp_path)
    assert titles == ["Harbour reopens"]
    assert failed == {"pipe.txt": f"cannot read {str(tmp_path / 'pipe.txt')!r}: not a regular file (a named pipe)",
                      "zero.txt": f"cannot read {str(tmp_path / 'zero.txt')!r}: not a regular file (a device)"}


def test_a_folder_that_cannot_be_opened_fails_by_name_and_the_rest_is_read(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "private"
    locked.mkdir()
    (locked / "secret.txt").write_text("Secret\nA secret story nobody may read here.")
    (tmp_path / "good.txt").write_text("Harbour reopens\nThe harbour reopened after the storm on Tuesday.")
    opened = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]  # as a folder of mode 000 behaves for a user (not root)
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return opened(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    titles, failed = _read_folder(tmp_path)
    assert titles == ["Harbour reopens"]
    assert failed == {"private": f"cannot read the folder {str(locked)!r}: Permission denied"}


def test_a_title_run_on_for_pages_is_cut() -> None:
    article = make_article("The bridge opened on Tuesday.", title="Bridge " * 10_000)
    assert len(article.title) == MAX_TITLE and article.title.endswith("…")


def test_a_text_given_as_a_list_of_paragraphs_is_read_a_paragraph_a_line() -> None:
    article = article_from_record({"title": "Bridge", "text": ["The bridge opened on <b>Tuesday</b>.", 7,
                                                              {"rendered": "Traffic was light."}]})
    assert article.text == "The bridge opened on Tuesday.\n\nTraffic was light."


def test_utf8_text_with_a_few_stray_latin1_bytes_reads_as_both() -> None:
    from assistant.decoding import decode_bytes

    data = "Le café était plein — “oui”, a dit Zoë.".encode() + b" Caf\xe9 au lait."  # pasted from another file
    assert decode_bytes(data, "menu.txt") == "Le café était plein — “oui”, a dit Zoë. Café au lait."
    assert decode_bytes("Café crème".encode("cp1252"), "old.txt") == "Café crème"  # a Latin-1 file stays one
