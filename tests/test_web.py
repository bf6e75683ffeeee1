"""web.py over real HTTP on loopback: article pages, failures that name the URL, saved HTML files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.articles import Failure, article_id, iter_path
from assistant.errors import InputError
from assistant.models import Article
from assistant.web import MIN_ARTICLE_CHARS, article_from_html, html_to_text, iter_url
from tests.httpserver import LocalSite, dead_url_fixture, local_site_fixture, news_page  # noqa: F401  (fixtures)

PARAGRAPHS = [
    "Negotiators from both sides returned to Geneva on Tuesday for a third round of talks aimed at a "
    "lasting ceasefire, officials said.",
    '"We are closer than we have ever been," the chief mediator told reporters outside the Palais des '
    "Nations, adding that several points remained open.",
    "The talks are expected to last until Friday. Analysts cautioned that previous rounds had collapsed "
    "at the last minute over prisoner exchanges.",
]
PAGE = news_page(
    "Ceasefire talks resume in Geneva",
    PARAGRAPHS,
    author="Lois Lane",
    published="2025-05-20T09:30:00Z",
    site="Daily Planet",
)
LOGIN = (
    "<html><head><title>Sign in</title></head><body><form><input name=user>"
    "<input type=password name=pw><button>Sign in</button></form><p>Forgot your password?</p></body></html>"
)
MAX = 1_000_000


def one(url: str, max_bytes: int = MAX, timeout: float = 2.0) -> Article | Failure:
    results = list(iter_url(url, max_bytes, timeout))
    assert len(results) == 1, results
    return results[0]


def test_article_page_gives_title_author_date_text_and_outlet(local_site: LocalSite) -> None:
    url = local_site.route("/world/geneva-talks", PAGE)
    article = one(url)
    assert isinstance(article, Article), article
    assert article.title == "Ceasefire talks resume in Geneva"
    assert article.authors == ("Lois Lane",)
    assert article.published == datetime(2025, 5, 20, 9, 30, tzinfo=UTC)
    assert article.source == "Daily Planet"
    assert article.url == url and article.id == article_id(url, "")
    assert all(p in article.text for p in PARAGRAPHS)
    assert "All rights reserved" not in article.text and "Home" not in article.text


def test_requests_name_news_assistant_in_the_user_agent(local_site: LocalSite) -> None:
    one(local_site.route("/a", PAGE))
    assert "NewsAssistant" in local_site.requests[0][1]["User-Agent"]


def test_outlet_falls_back_to_the_host_and_date_to_htmldate(local_site: LocalSite) -> None:
    page = news_page("Talks resume", PARAGRAPHS).replace("<footer>", "<footer>Published 3 March 2024. ")
    article = one(local_site.route("/b", page))
    assert isinstance(article, Article), article
    assert article.source == "127.0.0.1:" + local_site.base.rsplit(":", 1)[1]
    assert article.published is not None and article.published.date().isoformat() == "2024-03-03"


def test_redirects_are_followed_and_the_article_has_the_final_url(local_site: LocalSite) -> None:
    final = local_site.route("/final", PAGE)
    local_site.redirect("/r2", "/final", status=301)
    local_site.redirect("/r1", "/r2")
    article = one(local_site.url("/r1"))
    assert isinstance(article, Article) and article.url == final


@pytest.mark.parametrize(
    "body",
    [
        LOGIN,
        "<html><body><ul><li><a href='/1'>World</a></li><li><a href='/2'>Sport</a></li></ul></body></html>",
    ],
    ids=["login", "index"],
)
def test_a_page_that_is_not_an_article_fails(local_site: LocalSite, body: str) -> None:
    url = local_site.route("/login", body)
    failure = one(url)
    assert isinstance(failure, Failure) and failure.name == url
    assert "not an article" in failure.reason and repr(url) in failure.reason


def test_a_dead_host_fails_naming_the_url(dead_url: str) -> None:
    failure = one(dead_url)
    assert isinstance(failure, Failure) and failure.name == dead_url
    assert repr(dead_url) in failure.reason and "connection refused" in failure.reason


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda s: s.route("/x", "gone", status=404), "HTTP 404"),
        (lambda s: s.route("/x", "oops", status=500), "HTTP 500"),
        (lambda s: s.route("/x", PAGE, delay=2.0), "timed out"),
        (lambda s: (s.redirect("/x", "/y"), s.redirect("/y", "/x")), "too many redirects"),
        (lambda s: s.route("/x", b"<p>" + b"x" * 1000, repeat=100), "over the limit"),
        (lambda s: s.route("/x", b"<p>" + b"x" * 1000, repeat=100, send_length=False), "over the limit"),
        (
            lambda s: s.route("/x", '{"title": "t", "text": "a JSON body"}', content_type="application/json"),
            "JSON from a URL is not supported",
        ),
        (lambda s: s.route("/x", b"\x89PNG\r\n\x1a\n", content_type="image/png"), "unsupported content type"),
    ],
    ids=["404", "500", "timeout", "redirect-loop", "over-size", "over-size-streamed", "json", "image"],
)
def test_http_failures_name_the_url_and_say_what_happened(local_site: LocalSite, setup, expected) -> None:  # type: ignore[no-untyped-def]
    setup(local_site)
    url = local_site.url("/x")
    failure = one(url, max_bytes=50_000, timeout=0.5)
    assert isinstance(failure, Failure), failure
    assert failure.name == url and failure.reason.startswith(f"cannot read {url!r}: ")
    assert expected in failure.reason


def test_the_size_limit_stops_reading_an_endless_body(local_site: LocalSite) -> None:
    local_site.route("/x", b"x" * 65536, repeat=100_000, send_length=False)  # 6.5 GB if read to the end
    failure = one(local_site.url("/x"), max_bytes=200_000)
    assert isinstance(failure, Failure) and "over the limit of 200,000 bytes" in failure.reason


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_wire_story_s_closing_credits_are_no_part_of_its_text(tmp_path: Path) -> None:
    credits = ["Reporting by Anna Lee in Geneva; Editing by Paul Sims", "Our Standards: The Trust Principles."]
    page = news_page("Ceasefire talks resume in Geneva", [*PARAGRAPHS, *credits])
    [article] = iter_path(write(tmp_path, "wire.html", page.encode()), MAX)
    assert isinstance(article, Article), article
    assert article.text.endswith(PARAGRAPHS[-1]) and "Editing by" not in article.text


def test_html_file_keeps_script_looking_text_and_drops_nothing(tmp_path: Path) -> None:
    xss = "The memo contained the string <script>alert(1)</script> in its footer."
    page = news_page("Leaked memo <script>alert(1)</script> examined", [*PARAGRAPHS, xss])
    page = page.replace("</article>", "<script>alert(2)</script></article>")  # a real script element
    [article] = iter_path(write(tmp_path, "memo.html", page.encode()), MAX)
    assert isinstance(article, Article), article
    assert article.title == "Leaked memo <script>alert(1)</script> examined"
    assert xss in article.text and all(p in article.text for p in PARAGRAPHS)
    assert "alert(2)" not in article.text


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_non_utf8_html_file_decodes(tmp_path: Path, encoding: str) -> None:
    accents = "Négociateurs de Zürich: « déjà vu », señor, façade, naïveté."
    quotes = " “Déjà vu” — €5 million." if encoding == "cp1252" else ""
    page = news_page("Genève: les négociations reprennent", [*PARAGRAPHS, accents + quotes], charset=encoding)
    [article] = iter_path(write(tmp_path, "geneve.html", page.encode(encoding)), MAX)
    assert isinstance(article, Article), article
    assert article.title == "Genève: les négociations reprennent"
    assert (accents + quotes) in article.text


def test_html_file_uses_its_canonical_url(tmp_path: Path) -> None:
    canonical = '<link rel="canonical" href="https://planet.example/world/geneva">'
    page = PAGE.replace("<head>", "<head>" + canonical)
    [article] = iter_path(write(tmp_path, "saved.html", page.encode()), MAX)
    assert isinstance(article, Article) and article.url == "https://planet.example/world/geneva"


def test_a_non_article_html_file_fails_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "login.html", LOGIN.encode())
    [failure] = iter_path(path, MAX)
    assert isinstance(failure, Failure) and failure.name == str(path)
    assert failure.reason.startswith(f"cannot read {str(path)!r}: not an article (only ")


def test_article_from_html_names_the_culprit() -> None:
    with pytest.raises(InputError, match=r"cannot read 'page\.html': not an article"):
        article_from_html("<html><body><p>Short.</p></body></html>", url="", name="page.html")
    assert MIN_ARTICLE_CHARS == 200


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One &amp; two</p><p>Three</p>", "One & two\nThree"),
        ("<p>Shown &lt;script&gt;alert(1)&lt;/script&gt;</p>", "Shown <script>alert(1)</script>"),
        ("<div>a<br>b<script>x()</script></div>", "a\nb"),
        ("plain words", "plain words"),
        ("", ""),
        ("<table><tr><th>Week</th><th>Tonnes uncollected</th></tr><tr><td>1</td><td>4,000</td></tr>"
         "<tr><td>24</td><td>17,000</td></tr></table>", "Week | Tonnes uncollected\n1 | 4,000\n24 | 17,000"),
        ("<figure><img src='t.jpg'><figcaption>A Metro train. Photo: Nexus</figcaption></figure>"
         "<p>The changes take effect</p>", "A Metro train. Photo: Nexus\nThe changes take effect"),
        ("<header>Rail</header><section>Fares rise</section><dl><dt>Cost</dt><dd>£5</dd></dl><hr>End",
         "Rail\nFares rise\nCost\n£5\nEnd"),
    ],
    ids=["entities", "escaped-script", "br", "plain", "empty", "table", "figcaption", "other-blocks"],
)
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


def test_a_fetched_page_is_decoded_with_the_header_charset(local_site: LocalSite) -> None:
    line = "Zürich’s “déjà vu” costs €5, señor."
    page = news_page("Café talks", [*PARAGRAPHS, line]).replace('<meta charset="utf-8">', "")
    local_site.route("/cp", page.encode("cp1252"), content_type="text/html; charset=windows-1252")
    article = one(local_site.url("/cp"))
    assert isinstance(article, Article), article
    assert article.title == "Café talks"
    assert line in article.text


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("</\x1f")  # a comment holding a control character (lxml refused to set its text back)
@example("<p>a\x1fb</p>x\x01y")
def test_html_to_text_never_raises(fragment: str) -> None:
    assert isinstance(html_to_text(fragment), str)


def test_control_characters_are_no_part_of_a_pages_text() -> None:
    assert html_to_text("<p>a\x1fb</p>x\x01y<!-- \x02 -->") == "ab\nxy"


@pytest.mark.parametrize(("stated", "published"), [
    ("<p>May 2025</p>", ""),  # a month alone is no date, not 1 May
    ("<footer>© 2025 Example News</footer>", ""),  # nor a copyright year 1 January
    ("<p>Published May 1, 2025</p>", "2025-05-01"),  # a first of the month the page states is kept
    ("<p>Published June 3, 2025</p>", "2025-06-03"),
])
def test_a_page_date_is_what_the_page_states(stated: str, published: str) -> None:
    body = "<p>" + "The harbour committee met to discuss repairs to the old pier and the ferry timetable. " * 8
    page = (f"<html><head><title>Pier repairs</title></head><body><article><h1>Pier repairs</h1>{stated}{body}</p>"
            "</article></body></html>")
    assert article_from_html(page, "https://x.example/pier", "x.html").published_iso[:10] == published


CONSENT = (
    "<html><head><title>Before you continue</title></head><body><div class='consent'>"
    "<h1>Before you continue to News Site</h1><p>We use cookies and data to deliver and maintain our services, "
    "track outages and protect against spam, fraud and abuse, and measure audience engagement.</p>"
    "<p>If you choose to \"Accept all\", we will also use cookies and data to develop and improve new services "
    "and show personalised content and ads depending on your settings.</p>"
    "<button>Reject all</button><button>Accept all</button></div></body></html>"
)
SOFT_404 = (
    "<html><head><title>Page not found | Tyneside Today</title></head><body><main>"
    "<h1>Sorry, we couldn't find that page</h1><p>The page you are looking for may have been moved, deleted or "
    "possibly never existed. Please check the address for typing errors, or use the search box above.</p>"
    "<p>You might be interested in our latest headlines instead. Our newsroom publishes more than 200 stories "
    "a day covering news, sport and business.</p></main></body></html>"
)
OFFER = [
    "Subscribe to unlock this article",
    "Try unlimited access. Only £1 for 4 weeks. Then £69 per month. Cancel anytime during your trial.",
    "Already a subscriber? Sign in",
    "Standard Digital: £39 per month. Essential digital access to quality journalism.",
    "Check whether you already have access via your university or organisation.",
]
TEASER = news_page("Inside the collapse of Northvolt", [
    "When Northvolt filed for bankruptcy in Sweden last week, it ended the most ambitious attempt yet to build "
    "a European champion in electric vehicle batteries.",
    "Interviews with more than 30 current and former employees describe a company that expanded faster than it "
    "could make", *OFFER])


@pytest.mark.parametrize(("body", "looks_like"), [
    (CONSENT, "a cookie consent page"),
    (SOFT_404, "a 'page not found' page"),
    (TEASER, "a paywall teaser"),
], ids=["consent", "soft-404", "paywall-teaser"])
def test_a_page_standing_in_for_an_article_fails_saying_what_it_looks_like(
        local_site: LocalSite, body: str, looks_like: str) -> None:
    url = local_site.route("/news/story", body)
    failure = one(url)
    assert isinstance(failure, Failure) and failure.name == url
    assert failure.reason == f"cannot read {url!r}: not an article: looks like {looks_like}"


def test_a_saved_cookie_wall_fails_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "wall.html", CONSENT.encode())
    [failure] = iter_path(path, MAX)
    assert isinstance(failure, Failure)
    assert failure.reason == f"cannot read {str(path)!r}: not an article: looks like a cookie consent page"


def test_a_subscription_offer_inside_a_real_article_is_left_out() -> None:
    page = news_page("Ceasefire talks resume in Geneva", [*PARAGRAPHS, *OFFER])
    article = article_from_html(page, "https://planet.example/geneva", "geneva.html")
    assert all(p in article.text for p in PARAGRAPHS)
    assert not any(line in article.text for line in OFFER)


MOST_READ = ('<div class="most-read"><h3>Most read</h3><ol><li>Ashford cinema to reopen</li>'
             "<li>Library reopens after refit</li></ol></div>")
TRENDING = "<section><h2>Trending now</h2><ul><li><a href='/a'>Heatwave: hottest July day</a></li></ul></section>"


@pytest.mark.parametrize("box", [MOST_READ, TRENDING], ids=["by-class", "by-heading"])
def test_a_list_of_other_stories_inside_the_article_is_left_out(box: str) -> None:
    page = news_page("Ceasefire talks resume in Geneva", PARAGRAPHS).replace("</article>", f"{box}</article>")
    article = article_from_html(page, "https://planet.example/geneva", "geneva.html")
    assert all(p in article.text for p in PARAGRAPHS)
    assert "Heatwave" not in article.text and "cinema" not in article.text and "Most read" not in article.text


def test_a_related_aside_inside_a_body_is_left_out_and_a_fact_box_kept() -> None:
    body = ("<p>Dunmore pier reopened on Monday.</p><aside><p>Related: Ashford pier fire destroys arcade</p></aside>"
            "<p>Its chair, Helen Ward, was pleased.</p><aside><p>The pier is 1,200 feet long.</p></aside>")
    assert html_to_text(body) == ("Dunmore pier reopened on Monday.\nIts chair, Helen Ward, was pleased.\n"
                                  "The pier is 1,200 feet long.")


@pytest.mark.parametrize("paragraphs", [
    ["The A1 northbound was closed between junctions 63 and 65 on Tuesday morning after a lorry shed its load. "
     "Police said the road was expected to reopen by lunchtime and advised drivers to find another route."],
    ["Regulators fined the publisher £2m on Tuesday because its site said \"we use cookies\" without asking. "
     "Its banner had no reject all button, the regulator said, and readers' consent was never recorded."],
    ["The streaming service raised its standard plan to £12.99 per month on Monday, and said subscribers could "
     "cancel anytime. Analysts said the rise was the third in two years and would test customers' loyalty."],
], ids=["road-closure", "cookie-fine", "price-rise"])
def test_a_short_news_brief_is_an_article(paragraphs: list[str]) -> None:
    article = article_from_html(news_page("News in brief", paragraphs), "https://x.example/brief", "brief.html")
    assert all(p in article.text for p in paragraphs)


def test_a_source_line_wrap_inside_a_paragraph_with_a_br_does_not_split_the_sentence() -> None:
    wrapped = ("<p>Season tickets between Brighton and London will cost\nmore than five thousand pounds for the "
               "first time.<br>\nThe increase applies to about\n   45 percent of all fares.</p>")
    page = news_page("Rail fares rise", PARAGRAPHS).replace("</article>", wrapped + "</article>")
    article = article_from_html(page, "https://x.example/fares", "fares.html")
    assert ("Season tickets between Brighton and London will cost more than five thousand pounds for the first "
            "time.\nThe increase applies to about 45 percent of all fares.") in article.text
    assert html_to_text(wrapped) == ("Season tickets between Brighton and London will cost more than five thousand "
                                     "pounds for the first time.\nThe increase applies to about 45 percent of all fares.")


def test_a_page_whose_title_ends_with_its_site_gets_that_outlet() -> None:
    from assistant.web import article_from_html

    paragraphs = "".join(f"<p>Pine Hollow Elementary reopened on Monday, {n} weeks after the Cedar Ridge Fire forced its "
                         f"closure, principal Janet Ruiz said on day {n}.</p>" for n in range(2, 6))
    html = (f"<html><head><title>Pine Hollow school reopens after wildfire | Valley Chronicle</title></head><body>"
            f"<article><h1>Pine Hollow school reopens after wildfire</h1>{paragraphs}</article></body></html>")
    article = article_from_html(html, "", "good.html")
    assert (article.title, article.source) == ("Pine Hollow school reopens after wildfire", "Valley Chronicle")


def test_a_short_japanese_story_is_an_article() -> None:
    from assistant.web import article_from_html

    story = ("東京都は十日、新しい防災計画を発表した。大地震に備えて、避難所の数を二倍に増やし、食料と水の備蓄を"
             "三日分から七日分に拡大する。知事は記者会見で「都民の命を守るため、できることはすべて行う」と述べた。"
             "計画は来年四月から実施される。")
    html = (f"<html lang='ja'><head><title>東京都が新防災計画</title></head><body><article><h1>東京都が新防災計画</h1>"
            f"<p>{story}</p></article></body></html>")
    assert len(story) < 200
    assert "防災計画" in article_from_html(html, "", "tokyo.html").text


def test_a_newsapi_record_cut_short_gives_its_text_without_the_marker() -> None:
    from assistant.articles import article_from_record

    cut = article_from_record({"title": "Bridge", "url": "https://n.example/1",
                               "content": "The mayor said the bridge will reopen in May… [+3120 chars]",
                               "description": "The mayor said the bridge will reopen in May after repairs to its "
                                              "cables, and tolls will stay at their current level."})
    assert "[+" not in cut.text and cut.text.endswith("at their current level.")
