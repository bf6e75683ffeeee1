"""feeds.py over real HTTP on loopback: RSS and Atom feeds, entry pages, fallbacks and non-feeds."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.articles import Failure, iter_path
from assistant.feeds import FeedResult, is_feed, iter_feed_file, read_feed
from assistant.models import Article
from assistant.web import iter_url
from tests.httpserver import LocalSite, local_site_fixture, news_page  # noqa: F401  (fixtures)

MAX = 1_000_000
STORIES = {
    "/news/one": (
        "Harbour reopens after storm",
        "The harbour reopened on Monday after a week of repairs to the "
        "sea wall, the port authority said, and the first ferries sailed at dawn.",
    ),
    "/news/two": (
        "Council approves budget",
        "The city council approved next year's budget by nine votes to "
        "four after a debate that ran past midnight, with libraries the main dispute.",
    ),
    "/news/three": (
        "Museum wins award",
        "The riverside museum won the national design award for its "
        "restored glass hall, which the jury called a model of careful conservation.",
    ),
}
# entry HTML, escaped once more for XML: the text shows "<script>" and a real script element is dropped
FALLBACK = (
    "&lt;p&gt;Summary only: the museum's &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; "
    "exhibit opens in June.&lt;script&gt;alert(2)&lt;/script&gt;&lt;/p&gt;"
)


def story_page(path: str, extra: str = "") -> str:
    title, lead = STORIES[path]
    more = "Officials said further details would follow later in the week, once the review is complete."
    return news_page(
        title,
        [lead, more, more.replace("week", "month") + extra],
        author="Kim Reporter",
        published="2025-06-02T08:00:00Z",
        site="Harbour Herald",
    )


def rss(site: LocalSite) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{site.url(path)}</link><guid>{site.url(path)}</guid>"
        f"<pubDate>Tue, 10 Jun 2025 0{n}:00:00 GMT</pubDate><author>desk@herald.example (News Desk)</author>"
        f"<description>{FALLBACK if n == 3 else 'A short summary.'}</description></item>"
        for n, (path, (title, _)) in enumerate(STORIES.items(), start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
        "<channel><title>Harbour Herald - Top</title>"
        f"<link>{site.base}/</link><description>Top stories</description>{items}</channel></rss>"
    )


def atom(site: LocalSite) -> str:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{site.url(path)}"/><id>{site.url(path)}</id>'
        f"<updated>2025-06-1{n}T12:00:00Z</updated><author><name>Ana Writer</name></author>"
        f'<content type="html">{FALLBACK if n == 3 else "Short."}</content></entry>'
        for n, (path, (title, _)) in enumerate(STORIES.items(), start=1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- generated -->\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Herald Atom</title><link href="{site.base}/"/><id>urn:herald</id>'
        f"<updated>2025-06-13T12:00:00Z</updated>{entries}</feed>"
    )


def serve_stories(site: LocalSite, missing: str = "/news/three") -> None:
    for path in STORIES:
        site.route(path, story_page(path), status=404 if path == missing else 200)


def check_three(results: list[Article | Failure], site: LocalSite, feed_title: str) -> list[Article]:
    assert all(isinstance(r, Article) for r in results), results
    articles = [r for r in results if isinstance(r, Article)]
    assert [a.url for a in articles] == [site.url(p) for p in STORIES]
    assert [a.title for a in articles] == [t for t, _ in STORIES.values()]
    one, two, three = articles
    assert STORIES["/news/one"][1] in one.text and one.source == "Harbour Herald"
    assert STORIES["/news/two"][1] in two.text
    # the third page 404s: the entry's own content stands in, HTML stripped, the feed as the outlet
    assert three.text == "Summary only: the museum's <script>alert(1)</script> exhibit opens in June."
    assert three.source == feed_title
    return articles


def test_rss_feed_url_gives_one_article_per_entry(local_site: LocalSite) -> None:
    serve_stories(local_site)
    url = local_site.route("/rss", rss(local_site), content_type="application/rss+xml")
    articles = check_three(list(iter_url(url, MAX, 2.0)), local_site, "Harbour Herald - Top")
    # the entry's metadata wins over the page's; the page fills what the entry does not say
    assert articles[0].published == datetime(2025, 6, 10, 1, tzinfo=UTC)
    assert articles[2].published == datetime(2025, 6, 10, 3, tzinfo=UTC)
    assert articles[0].authors == articles[2].authors == ("News Desk",)
    assert local_site.hits["/news/three"] == 1


def test_atom_feed_file_gives_one_article_per_entry(local_site: LocalSite, tmp_path: Path) -> None:
    serve_stories(local_site)
    path = tmp_path / "herald.atom"
    path.write_text(atom(local_site), encoding="utf-8")
    articles = check_three(list(iter_path(path, MAX, timeout=2.0)), local_site, "Herald Atom")
    assert articles[2].published == datetime(2025, 6, 13, 12, tzinfo=UTC)
    assert articles[2].authors == ("Ana Writer",)


def test_a_feed_served_as_html_is_sniffed(local_site: LocalSite) -> None:
    serve_stories(local_site)
    url = local_site.route("/feed", rss(local_site), content_type="text/html")
    check_three(list(iter_url(url, MAX, 2.0)), local_site, "Harbour Herald - Top")


def test_an_entry_page_that_is_not_an_article_falls_back_to_the_entry(local_site: LocalSite) -> None:
    serve_stories(local_site, missing="")
    local_site.route("/news/three", "<html><body><p>Please sign in.</p><form></form></body></html>")
    check_three(
        list(iter_url(local_site.route("/rss", rss(local_site)), MAX, 2.0)),
        local_site,
        "Harbour Herald - Top",
    )


def test_one_bad_entry_does_not_abort_the_others(local_site: LocalSite, tmp_path: Path) -> None:
    serve_stories(local_site)
    feed = atom(local_site).replace(f'<content type="html">{FALLBACK}</content>', "")
    path = tmp_path / "feed.xml"
    path.write_text(feed, encoding="utf-8")
    one, two, three = iter_feed_file(path, path.read_bytes(), timeout=2.0)
    assert isinstance(one, Article) and isinstance(two, Article)
    assert isinstance(three, Failure) and three.name == local_site.url("/news/three")
    assert "HTTP 404" in three.reason and "no content or summary" in three.reason


@pytest.mark.parametrize(
    "body",
    [
        '<?xml version="1.0"?><catalog><book id="1"><title>XML</title></book></catalog>',
        news_page("A page", ["Some text. " * 30]),
        "just some words",
    ],
    ids=["random-xml", "html", "text"],
)
def test_a_file_that_is_not_a_feed_fails(tmp_path: Path, body: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(body, encoding="utf-8")
    [failure] = iter_path(path, MAX)
    assert failure == Failure(str(path), f"cannot read {str(path)!r}: not an RSS or Atom feed")


def test_a_non_feed_xml_url_fails(local_site: LocalSite) -> None:
    url = local_site.route("/data.xml", "<?xml version='1.0'?><catalog/>", content_type="application/xml")
    assert list(iter_url(url, MAX, 2.0)) == [Failure(url, f"cannot read {url!r}: not an RSS or Atom feed")]


def test_read_feed_returns_the_feed_and_editing_a_page_changes_that_article_only(
    local_site: LocalSite,
) -> None:
    serve_stories(local_site, missing="")
    local_site.redirect("/feed", "/rss.xml")
    local_site.route("/rss.xml", rss(local_site), content_type="application/rss+xml")
    first = read_feed(local_site.url("/feed"), MAX, 2.0)
    assert isinstance(first, FeedResult) and not first.failures
    assert (first.url, first.title, first.link) == (
        local_site.url("/rss.xml"),
        "Harbour Herald - Top",
        local_site.base + "/",
    )
    local_site.route("/news/two", story_page("/news/two", extra=" Update: the vote was later confirmed."))
    second = read_feed(local_site.url("/feed"), MAX, 2.0)
    changed = [(a.id, b.id) for a, b in zip(first.articles, second.articles, strict=True) if a != b]
    assert changed == [(first.articles[1].id, first.articles[1].id)]
    assert "later confirmed" in second.articles[1].text


def test_read_feed_of_a_file_and_its_failures(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no such file"):
        read_feed(str(tmp_path / "missing.rss"), MAX, 1.0)
    path = tmp_path / "empty.rss"
    path.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>', encoding="utf-8")
    assert read_feed(str(path), MAX, 1.0) == FeedResult(url=str(path), title="Quiet", link="", items=())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<rss version="2.0"><channel/></rss>', True),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n<feed xmlns="http://www.w3.org/2005/Atom"/>', True),
        (b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', True),
        ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"/>'.encode("utf-16"), True),
        (b"<!DOCTYPE html><html><head><title>rss</title></head></html>", False),
        (b'<?xml version="1.0"?><catalog><rss/></catalog>', False),
        (b'{"rss": "feed"}', False),
        (b"", False),
    ],
)
def test_is_feed(data: bytes, expected: bool) -> None:
    assert is_feed(data) is expected


@given(st.binary(max_size=300))
def test_is_feed_takes_any_bytes(data: bytes) -> None:
    assert is_feed(data) in (True, False)


def test_the_page_fills_what_the_entry_does_not_say(local_site: LocalSite) -> None:
    serve_stories(local_site, missing="")
    feed = re.sub(r"<author>.*?</author>|<pubDate>.*?</pubDate>", "", rss(local_site))
    articles = list(iter_url(local_site.route("/rss", feed), MAX, 2.0))
    assert all(isinstance(a, Article) for a in articles), articles
    assert {a.authors for a in articles if isinstance(a, Article)} == {("Kim Reporter",)}
    assert {a.published for a in articles if isinstance(a, Article)} == {datetime(2025, 6, 2, 8, tzinfo=UTC)}


def test_entries_without_a_web_link_use_their_content(tmp_path: Path) -> None:
    feed = (
        '<rss version="2.0"><channel><title>Local</title>'
        "<item><title>A</title><link>/relative/a</link><description>The first entry says what happened.</description></item>"
        "<item><title>B</title><description>The second entry says it too.</description></item>"
        "<item><title>C</title></item></channel></rss>"
    )
    path = tmp_path / "local.rss"
    path.write_text(feed, encoding="utf-8")
    a, b, c = iter_path(path, MAX, timeout=1.0)
    assert isinstance(a, Article) and (a.text, a.url, a.source) == ("The first entry says what happened.", "", "Local")
    assert isinstance(b, Article) and b.text == "The second entry says it too."
    name = f"{path} entry 3"
    reason = f"cannot read {name!r}: the entry has no http(s) link, and the entry has no content or summary to use instead"
    assert c == Failure(name, reason)


def test_a_saved_page_and_the_same_page_from_a_feed_keep_the_outlets_date_and_time(
        local_site: LocalSite, tmp_path: Path) -> None:
    title, lead = STORIES["/news/one"]
    page = news_page(title, [lead, lead.replace("Monday", "Tuesday")], published="2025-06-10T23:45:00-07:00")
    page = page.replace("</head>", '<link rel="canonical" href="https://herald.example/2025/06/10/harbour"></head>')
    (tmp_path / "saved.html").write_text(page)
    url = local_site.route("/news/one", page)
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>'
            f"<item><title>{title}</title><link>{url}</link><pubDate>Tue, 10 Jun 2025 23:45:00 -0700</pubDate></item>"
            "</channel></rss>")
    [saved] = list(iter_path(tmp_path / "saved.html", MAX))
    [fed] = list(iter_url(local_site.route("/rss", feed, content_type="application/rss+xml"), MAX, 2.0))
    assert isinstance(saved, Article) and isinstance(fed, Article)
    assert saved.published_iso == fed.published_iso == "2025-06-10T23:45:00-07:00"  # 11 June in UTC
    assert saved.published is not None and saved.published.astimezone(UTC) == datetime(2025, 6, 11, 6, 45, tzinfo=UTC)
    assert saved.published_ts == int(datetime(2025, 6, 10, 23, 45, tzinfo=UTC).timestamp())  # filed under 10 June


def test_an_entry_with_a_malformed_link_fails_alone(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
        "<item><title>First</title><description>The first entry has a summary long enough to read.</description></item>"
        "<item><title>Second</title><guid>http://[::1/story</guid><description>Broken link.</description></item>"
        "<item><title>Third</title><description>The third entry has a summary of its own as well.</description></item>"
        "</channel></rss>")
    first, broken, third = iter_path(feed, max_bytes=100_000, timeout=1.0)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert isinstance(broken, Failure) and broken.name == f"{feed} entry 2" and "http://[::1/story" in broken.reason


@pytest.mark.parametrize(("language", "day"), [("<language>en-gb</language>", "2025-08-06"),
                                               ("<language>fr-FR</language>", "2025-08-06"),
                                               ("<language>en-us</language>", "2025-06-08"),
                                               ("", "2025-06-08")])
def test_a_slashed_date_in_a_feed_follows_the_feeds_language(tmp_path: Path, language: str, day: str) -> None:
    path = tmp_path / "local.rss"
    path.write_text(f'<rss version="2.0"><channel><title>Local</title>{language}<item><title>A</title>'
                    "<pubDate>06/08/2025</pubDate><description>Bins are collected on Friday.</description></item>"
                    "<item><title>B</title><pubDate>10.06.2025 14:00</pubDate><description>Trams run late tonight.</description>"
                    "</item></channel></rss>", encoding="utf-8")
    a, b = iter_path(path, MAX, timeout=1.0)
    assert isinstance(a, Article) and a.published is not None and a.published.date().isoformat() == day
    assert isinstance(b, Article) and b.published == datetime(2025, 6, 10, 14, tzinfo=UTC)


def test_entries_linking_to_one_page_by_fragment_stay_separate_when_the_page_is_not_used(
        local_site: LocalSite) -> None:
    local_site.route("/press", "<html><body><h1>Press releases</h1><p>Click to enlarge.</p></body></html>")
    items = "".join(f"<item><title>{title}</title><link>{local_site.url('/press')}#item-{n}</link><guid>pr-{n}</guid>"
                    f"<description>{text}</description></item>" for n, (title, text) in enumerate([
                        ("Park closures", "Three parks will close for six weeks for drainage works."),
                        ("Recycling rules", "Households must separate food waste from October."),
                    ], start=1))
    url = local_site.route("/feed.xml", f'<rss version="2.0"><channel><title>Press Office</title>{items}</channel></rss>',
                           content_type="application/rss+xml")
    one, two = iter_url(url, MAX, 2.0)
    assert isinstance(one, Article) and isinstance(two, Article)
    assert one.id != two.id and (one.title, two.title) == ("Park closures", "Recycling rules")
    [again, _] = iter_url(url, MAX, 2.0)
    assert isinstance(again, Article) and again.id == one.id  # the same entry keeps its id on every read


@pytest.mark.parametrize(("pub_date", "page_date", "expected"), [
    # the same moment: the page's own offset, so the story is filed under the outlet's day (14 March, not the 15th)
    ("Sat, 15 Mar 2025 04:30:00 GMT", "2025-03-14T23:30:00-05:00", "2025-03-14T23:30:00-05:00"),
    ("2025-06-02", "2025-06-02T07:00:00+01:00", "2025-06-02T07:00:00+01:00"),  # the feed gave the day only
    ("Tue, 10 Jun 2025 01:00:00 GMT", "2025-06-02T08:00:00Z", "2025-06-10T01:00:00+00:00"),  # another day: the entry's
])  # fmt: skip
def test_an_entry_and_its_page_agreeing_on_the_moment_keep_the_pages_offset(
        local_site: LocalSite, pub_date: str, page_date: str, expected: str) -> None:
    title, lead = STORIES["/news/one"]
    url = local_site.route("/news/one", news_page(title, [lead, lead.replace("Monday", "Tuesday")], published=page_date))
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>'
            f"<item><title>{title}</title><link>{url}</link><pubDate>{pub_date}</pubDate></item></channel></rss>")
    [fed] = list(iter_url(local_site.route("/rss", feed, content_type="application/rss+xml"), MAX, 2.0))
    assert isinstance(fed, Article) and fed.published_iso == expected


def test_an_impossible_entry_date_is_left_unread_not_moved_to_another_day(tmp_path: Path) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Dunmore Post</title>'
                    "<entry><title>Dunmore school gets new head</title><updated>2025-13-45T09:00:00Z</updated>"
                    "<summary>The school named Ruth Ames its new head, replacing Alan Crowe.</summary></entry></feed>")
    [entry] = list(iter_path(feed, MAX, timeout=1.0))
    assert isinstance(entry, Article) and entry.published is None  # feedparser reads it as 1 January 2026


def test_a_feed_broken_before_its_first_entry_fails_saying_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>Unclosed')
    [failure] = list(iter_path(path, MAX))
    assert isinstance(failure, Failure)
    assert failure.reason.startswith(f"cannot read {str(path)!r}: broken feed XML (")
    assert "line 1" in failure.reason and failure.reason.endswith("no entries read")
