"""The feed list and `refresh` over a real index, with feeds and pages served from a local HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.feedlist import FeedList
from assistant.settings import load_settings
from assistant.store import Store
from tests.httpserver import LocalSite, news_page

STORIES = {
    "/news/harbour": ("Harbour reopens after storm", "The harbour reopened on Monday after a week of repairs."),
    "/news/budget": ("Council approves budget", "The city council approved next year's budget by nine votes."),
    "/news/museum": ("Museum wins award", "The riverside museum won the national design award for its hall."),
}
MORE = "Officials said further details would follow later in the week, once the review of the work is complete."


def serve_story(site: LocalSite, path: str, extra: str = "") -> None:
    title, lead = STORIES[path]
    site.route(path, news_page(title, [lead, MORE, MORE.replace("week", "month") + extra], author="Kim Reporter",
                               published="2025-06-02T08:00:00Z", site="Harbour Herald"))


def rss(site: LocalSite, paths: list[str]) -> str:
    items = "".join(f"<item><title>{STORIES[p][0]}</title><link>{site.url(p)}</link><guid>{site.url(p)}</guid>"
                    f"<pubDate>Tue, 10 Jun 2025 0{n}:00:00 GMT</pubDate></item>" for n, p in enumerate(paths, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Harbour Herald</title>'
            f"<link>{site.base}/</link><description>Top stories</description>{items}</channel></rss>")


@pytest.fixture
def feed(local_site: LocalSite) -> str:
    """A feed of two stories (the third is published later)."""
    for path in STORIES:
        serve_story(local_site, path)
    return local_site.route("/feed.xml", rss(local_site, list(STORIES)[:2]), content_type="application/rss+xml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:
    code = main(list(argv))
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def stored(index: str) -> dict[str, list[str]]:
    """Each stored article's id -> its chunk texts, from the index folder."""
    store = Store(load_settings(env={}, index=index))
    out: dict[str, list[str]] = {}
    for chunk in store.iter_chunks():
        out.setdefault(str(chunk.meta["article_id"]), []).append(chunk.text)
    return out


def ingested_summary_feed(local_site: LocalSite, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> tuple[str, dict[str, list[str]]]:
    """Every story's page served, a feed of summaries for the first two ingested into a new index: the index folder
    and what it stores."""
    for path in STORIES:
        serve_story(local_site, path)
    feed = local_site.route("/feed.xml", rss_with_summaries(local_site, list(STORIES)[:2]),
                            content_type="application/rss+xml")
    index = str(tmp_path / "index")
    run(capsys, "ingest", feed, "--index", index, "--json")
    return index, stored(index)


def feeds_of(index: str) -> list:
    return FeedList(Store(load_settings(env={}, index=index))).feeds()


def test_ingesting_a_feed_twice_adds_nothing_and_remembers_it(
        feed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    index = str(tmp_path / "index")
    code, [first] = run(capsys, "ingest", feed, "--index", index, "--json")
    assert code == 0 and first["added"] == 2 and first["failed"] == []
    before = stored(index)
    code, [second] = run(capsys, "ingest", feed, "--index", index, "--json")
    assert code == 0 and (second["added"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert stored(index) == before
    [remembered] = feeds_of(index)
    assert (remembered.url, remembered.title, remembered.entries) == (feed, "Harbour Herald", 2)
    assert remembered.refreshed.startswith("20")


def test_refresh_adds_new_entries_and_updates_only_the_edited_one(
        feed: str, local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        embeddings: object) -> None:
    index = str(tmp_path / "index")
    run(capsys, "ingest", feed, "--index", index, "--json")
    before = stored(index)
    serve_story(local_site, "/news/budget", extra=" The mayor vetoed the library cuts on Friday.")
    local_site.route("/feed.xml", rss(local_site, list(STORIES)), content_type="application/rss+xml")
    code, [report] = run(capsys, "refresh", "--index", index, "--json")
    assert code == 0 and report["feed"] == feed and report["title"] == "Harbour Herald"
    assert (report["added"], report["updated"], report["unchanged"], report["failed"]) == (1, 1, 1, [])
    after = stored(index)
    changed = {aid for aid in before if after[aid] != before[aid]}
    assert len(changed) == 1 and "vetoed the library cuts" in " ".join(after[changed.pop()])
    assert len(after) == 3
    assert feeds_of(index)[0].entries == 3


def test_a_dead_feed_is_reported_by_name_and_nothing_stored_changes(
        feed: str, local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        embeddings: object) -> None:
    index = str(tmp_path / "index")
    run(capsys, "ingest", feed, "--index", index)
    capsys.readouterr()
    before, [listed] = stored(index), feeds_of(index)
    local_site.route("/feed.xml", "gone", status=410, content_type="text/plain")
    code = main(["refresh", "--index", index])
    out = capsys.readouterr().out
    assert code == 1
    assert f"failed: {feed}: cannot read '{feed}': HTTP 410 Gone" in out
    assert stored(index) == before and feeds_of(index) == [listed]


def test_a_feed_file_in_a_folder_is_remembered_by_its_path(
        local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    for path in STORIES:
        serve_story(local_site, path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "herald.rss").write_text(rss(local_site, list(STORIES)))
    (folder / "note.txt").write_text("Ferry timetable\nThe winter ferry timetable starts on Monday.")
    index = str(tmp_path / "index")
    code, [report] = run(capsys, "ingest", str(folder), "--index", index, "--json")
    assert code == 0 and report["added"] == 4
    [remembered] = feeds_of(index)
    assert remembered.url == str((folder / "herald.rss").resolve()) and remembered.entries == 3
    _, [again] = run(capsys, "refresh", "--index", index, "--json")
    assert (again["added"], again["unchanged"]) == (0, 3)


def test_refresh_without_feeds_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       embeddings: object) -> None:
    (tmp_path / "index").mkdir()
    assert main(["refresh", "--index", str(tmp_path / "index")]) == 0
    assert "no feeds to refresh" in capsys.readouterr().out


def test_a_command_that_reads_a_missing_index_says_so_and_creates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "idnex"
    for command in (["search", "ferry"], ["ask", "ferry"], ["articles"], ["claims"], ["refresh"], ["repair"]):
        assert main([*command, "--index", str(typo)]) == 2
        assert f"no index at '{typo}'" in capsys.readouterr().err
    assert not typo.exists()


def rss_with_summaries(site: LocalSite, paths: list[str]) -> str:
    """The feed of `rss`, each entry with a one-line summary the page could be replaced by."""
    return rss(site, paths).replace("</title><link>", "</title><description>A one-line summary of the story.</description><link>")


@pytest.mark.parametrize("outage", [{"status": 404}, {"delay": 2.0}])
def test_a_page_that_cannot_be_fetched_never_replaces_its_stored_article_with_the_summary(
        local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object,
        monkeypatch: pytest.MonkeyPatch, outage: dict) -> None:
    index, before = ingested_summary_feed(local_site, tmp_path, capsys)
    local_site.route("/news/harbour", "gone for now", content_type="text/plain", **outage)
    monkeypatch.setenv("NEWS_ASSISTANT_FETCH_TIMEOUT", "0.5")
    code, [report] = run(capsys, "refresh", "--index", index, "--json")
    assert code == 0 and (report["added"], report["updated"], report["unchanged"]) == (0, 0, 2)
    assert stored(index) == before
    assert "A one-line summary of the story." not in " ".join(t for texts in stored(index).values() for t in texts)


def test_a_stored_summary_gives_way_to_its_page_once_the_page_is_back(
        local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    serve_story(local_site, "/news/budget")
    feed = local_site.route("/feed.xml", rss_with_summaries(local_site, ["/news/harbour", "/news/budget"]),
                            content_type="application/rss+xml")
    index = str(tmp_path / "index")
    _, [first] = run(capsys, "ingest", feed, "--index", index, "--json")
    assert first["added"] == 2  # the harbour page is missing: its summary stands in, and the report says so
    assert [entry["name"] for entry in first["summary_only"]] == [local_site.url("/news/harbour")]
    assert "404" in first["summary_only"][0]["reason"]
    assert ["A one-line summary of the story."] in stored(index).values()
    serve_story(local_site, "/news/harbour")
    _, [report] = run(capsys, "refresh", "--index", index, "--json")
    assert (report["updated"], report["unchanged"]) == (1, 1)
    assert ["A one-line summary of the story."] not in stored(index).values()
    # the page, now stored, is no stand-in any more: a later outage leaves it alone
    local_site.route("/news/harbour", "gone again", content_type="text/plain", status=404)
    _, [again] = run(capsys, "refresh", "--index", index, "--json")
    assert (again["updated"], again["unchanged"]) == (0, 2)
    assert ["A one-line summary of the story."] not in stored(index).values()


CONSENT_WALL = (
    "<html><head><title>Before you continue</title></head><body><h1>Before you continue to Harbour Herald</h1>"
    "<p>We use cookies and data to deliver and maintain our services, track outages and protect against spam, "
    "fraud and abuse, and measure audience engagement.</p><p>If you choose to \"Accept all\", we will also use "
    "cookies and data to show personalised content and ads depending on your settings.</p></body></html>"
)


def test_a_stored_page_that_turns_into_a_cookie_wall_is_kept_and_the_wall_reported(
        local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    serve_story(local_site, "/news/harbour")
    url, index = local_site.url("/news/harbour"), str(tmp_path / "index")
    run(capsys, "ingest", url, "--index", index, "--json")
    before = stored(index)
    local_site.route("/news/harbour", CONSENT_WALL)
    code, [report] = run(capsys, "ingest", url, "--index", index, "--json")
    assert (report["added"], report["updated"]) == (0, 0)
    assert report["failed"] == [{"name": url, "reason": f"cannot read {url!r}: not an article: "
                                                        "looks like a cookie consent page"}]
    assert stored(index) == before


def test_refresh_keeps_a_stored_story_whose_page_is_now_a_paywall_teaser_and_says_so(
        local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    index, before = ingested_summary_feed(local_site, tmp_path, capsys)
    title, lead = STORIES["/news/budget"]
    local_site.route("/news/budget", news_page(title, [lead, "Subscribe to unlock this article",
                                                       "Already a subscriber? Sign in",
                                                       "Try unlimited access. Cancel anytime."]))
    code, [report] = run(capsys, "refresh", "--index", index, "--json")
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 1)
    url = local_site.url("/news/budget")
    assert report["failed"] == [{"name": url, "reason": f"cannot read {url!r}: not an article: looks like a "
                                                        "paywall teaser; the stored version is kept"}]
    assert stored(index) == before


def test_feed_entries_that_differ_only_by_fragment_are_all_stored(
        local_site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str], embeddings: object) -> None:
    local_site.route("/press", "<html><body><h1>Gallery</h1><p>Click to enlarge.</p></body></html>")
    texts = ["Three parks in the east of the city will close for six weeks for drainage works.",
             "From October, households must separate food waste into a new grey caddy.",
             "The mayor will lead a trade delegation to Osaka and Tokyo next month."]
    items = "".join(f"<item><title>Release {n}</title><link>{local_site.url('/press')}#item-{n}</link>"
                    f"<guid>pr-{n}</guid><description>{text}</description></item>" for n, text in enumerate(texts, 1))
    feed = local_site.route("/feed.xml", f'<rss version="2.0"><channel><title>Press</title>{items}</channel></rss>',
                            content_type="application/rss+xml")
    _, [report] = run(capsys, "ingest", feed, "--index", str(tmp_path / "index"), "--json")
    assert (report["added"], report["duplicate"]) == (3, 0)
    assert sorted(t for chunks in stored(str(tmp_path / "index")).values() for t in chunks) == sorted(texts)
