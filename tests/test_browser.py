"""The UI in a real browser: citations click through to highlighted quotes, uploads, filters, export,
comparison tables, and hostile articles that must run nothing. Real app, real index, Debian Chromium.

Screenshots for the docs: `UI_SCREENSHOTS=1 pytest tests/test_browser.py -k screenshots` writes
docs/screenshots/*.png from the running app.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import (  # noqa: F401  (fixtures)
    App,
    add_article,
    app,
    ask,
    chromium,
    open_chat,
    open_library,
    page,
    pick_in_library,
    start_app,
)

pytestmark = pytest.mark.timeout(180)
TRUMP_Q = "How long did Trump and Putin talk?"
COMPARE_Q = "Compare what Trump and Putin said about a ceasefire"
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
HARBOR = {
    "title": "Harbor Times: Port Avalon festival draws record crowd",
    "source": "Harbor Times",
    "published": "2025-06-02",
    "url": "https://harbortimes.example/festival",
    "text": "The Port Avalon harbor festival drew a record crowd of 40,000 visitors on Saturday. "
            "Festival director Mara Quill said the boat parade was the longest in its history. "
            "Organisers plan to extend the festival to three days next year.",
}
BRIDGE = """---
title: Riverton council approves Elm Street bridge
source: Riverton Gazette
date: 2025-03-04
url: https://rivertongazette.example/elm-street-bridge
---
The Riverton city council voted 7-2 on Monday to approve the new Elm Street bridge over the Sable River.
The bridge will cost 12 million dollars and is expected to open in the autumn of 2027.
Councillor Dana Reyes said the crossing would cut commuting times for thousands of residents.
"""
IN_VIEW = """() => { const m = document.querySelector('#sources-panel mark.active').getBoundingClientRect();
  const p = document.querySelector('#sources-panel .src-panel').getBoundingClientRect();
  return m.top >= Math.max(0, p.top) && m.bottom <= Math.min(window.innerHeight, p.bottom); }"""
PWN = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module", autouse=True)
def harbor(app: App) -> str:  # noqa: F811
    """A second outlet in the index, so that an outlet filter can exclude the sample."""
    path = app.folder / "harbor.json"
    path.write_text(json.dumps(HARBOR))
    report = app.assistant.ingest([path])
    assert report.added
    return report.added[0]


def cited_titles(answer: Any) -> list[str]:
    return answer.locator(".cite-list .src-title").all_inner_texts()


def active_highlight(page: Any) -> str:  # noqa: F811
    return str(page.evaluate(
        "Array.from(document.querySelectorAll('#sources-panel mark.active')).map(m => m.textContent).join('')"))


def test_citation_chip_opens_the_article_with_the_quote_highlighted(page: Any, app: App) -> None:  # noqa: F811
    expected = {c.n: c.quote for c in app.assistant.ask(TRUMP_Q).citations}
    expect(page.locator("#question").get_by_role("button", name="Ask")).to_be_visible()  # the send icon has a name
    answer = ask(page, TRUMP_Q)
    chip = answer.locator(".answer-text a.cite-chip", has_text="[1]").first
    chip.click()
    assert active_highlight(page) == expected[1]
    article = page.locator("#sources-panel .src-article:not([hidden])")
    assert article.count() == 1 and article.locator("mark.active").first.is_visible()
    assert page.evaluate(IN_VIEW), "the highlighted quote is scrolled into view"
    answer.locator(".answer-text a.cite-chip", has_text="[2]").first.click()
    assert active_highlight(page) == expected[2]


def test_uploaded_article_is_indexed_and_cited(page: Any, app: App) -> None:  # noqa: F811
    path = app.folder / "incoming" / "elm-bridge.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(BRIDGE)
    open_library(page)
    page.locator("#upload input[type=file]").set_input_files(str(path))
    results = page.locator("#ingest-results")
    results.get_by_text("added").wait_for(timeout=60_000)
    assert "elm-bridge.txt" in results.inner_text()
    assert (app.folder / "uploads" / "elm-bridge.txt").exists()
    page.locator("#library-table").get_by_text("Riverton council approves Elm Street bridge").first.wait_for()
    open_chat(page)
    answer = ask(page, "How much will the Elm Street bridge in Riverton cost?")
    assert "Riverton council approves Elm Street bridge" in cited_titles(answer)
    assert "12 million dollars" in answer.inner_text()


def test_upload_with_a_bad_line_reports_what_was_added_and_hides_server_paths(page: Any, app: App) -> None:  # noqa: F811
    folder = app.folder / "incoming"
    folder.mkdir(exist_ok=True)
    mixed, empty = folder / "mixed.jsonl", folder / "empty.txt"
    record = {"title": "Kelp farm opens off Port Avalon", "source": "Harbor Times",
              "text": "A kelp farm opened off Port Avalon on Friday, the first in the region, its owners said."}
    mixed.write_text('{"title": "cut off\n' + json.dumps(record) + "\n")
    empty.write_text("")
    open_library(page)
    page.locator("#upload input[type=file]").set_input_files([str(mixed), str(empty)])
    results = page.locator("#ingest-results")
    results.get_by_text("partly added").wait_for(timeout=60_000)
    text = results.inner_text()
    assert "line 1 failed: malformed JSON line" in text
    assert "cannot read 'empty.txt': the file is empty" in text
    assert str(app.folder) not in text
    page.locator("#library-table").get_by_text(record["title"]).first.wait_for()


def test_hostile_article_shows_as_text_and_runs_nothing(page: Any, app: App) -> None:  # noqa: F811
    # a plain-text file keeps markup as text (a JSON dump's HTML body would be converted to text at ingest)
    path = app.folder / "hostile.txt"
    path.write_text(f"Lighthouse {PWN} reopening\n\nThe Port Avalon lighthouse will reopen to visitors on August 9 "
                    f"after a two-year restoration. {PWN} Keeper Ona Brisk said the lamp was rebuilt by hand.\n")
    aid = app.assistant.ingest([path]).added[0]
    assert "<script>" in app.assistant.article(aid).text
    page.reload()
    answer = ask(page, "When will the Port Avalon lighthouse reopen?")
    answer.locator("a.cite-chip").first.click()
    panel = page.locator("#sources-panel")
    assert "<script>window.__pwned=1</script>" in panel.inner_text()
    open_library(page)
    # the table keeps hidden measuring copies of its cells: wait on the visible text of the table itself
    expect(page.locator("#library-table")).to_contain_text(f"Lighthouse {PWN} reopening", use_inner_text=True)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0


def test_outlet_filter_changes_the_answer(page: Any, app: App) -> None:  # noqa: F811
    sample_title = app.assistant.ask(TRUMP_Q).citations[0].title
    page.get_by_text("Filters (kept for the questions that follow)").click()
    page.locator("#outlet-filter input").click()
    page.get_by_role("option", name="Harbor Times").click()
    answer = ask(page, TRUMP_Q)
    titles = cited_titles(answer)
    assert sample_title not in titles
    assert all(t == HARBOR["title"] for t in titles)
    assert "outlet Harbor Times" in answer.inner_text()
    page.get_by_text("Filters — outlet Harbor Times (kept for the questions that follow)").wait_for()  # closed too


def test_a_bad_filter_date_is_said_and_the_question_kept_to_ask_again(page: Any, app: App) -> None:  # noqa: F811
    page.get_by_text("Filters (kept for the questions that follow)").click()
    page.locator("#since input, #since textarea").first.fill("2025-13-45")
    box = page.locator("#question textarea")
    box.fill(TRUMP_Q)
    box.press("Enter")
    page.locator("#chatbot").get_by_text("2025-13-45").first.wait_for()  # the error names the bad date
    expect(box).to_have_value(TRUMP_Q)


def test_export_contains_the_citations(page: Any, app: App) -> None:  # noqa: F811
    quote = app.assistant.ask(TRUMP_Q).citations[0].quote
    ask(page, TRUMP_Q)
    with page.expect_download() as download:
        page.locator("#export").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"## {TRUMP_Q}" in text and "[1]" in text and f"“{quote}”" in text and "Sources:" in text


def test_comparison_renders_a_table(page: Any, app: App) -> None:  # noqa: F811
    if app.assistant.ask(COMPARE_Q).comparison is None:
        pytest.skip("the assistant gave no comparison for the sample")
    answer = ask(page, COMPARE_Q)
    table = answer.locator(".comparison table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[1:] == ["Donald Trump", "Vladimir Putin"]
    assert table.locator("tbody tr").count() >= 1 and table.locator("a.cite-chip").count() >= 2
    table.locator("a.cite-chip").first.click()
    assert active_highlight(page)


def test_comparison_shows_reported_speech_without_quotation_marks(page: Any, app: App) -> None:  # noqa: F811
    marked = app.assistant.ask(COMPARE_Q).text.count("(reported)")  # as the Markdown table and the export mark it
    if not marked:
        pytest.skip("the sample's comparison has no reported speech")
    table = ask(page, COMPARE_Q).locator(".comparison table")
    reported = table.locator(".cell-quote.reported").all_inner_texts()
    assert len(reported) == marked
    assert all("(reported)" in cell and "“" not in cell for cell in reported)
    # each statement after its story's date: "19 May 2025: “...”"
    assert all(cell.startswith("19 May 2025: “") for cell in table.locator(".cell-quote:not(.reported)").all_inner_texts())
    assert all(cell.startswith("19 May 2025: ") for cell in reported)


def test_library_search_and_delete(page: Any, app: App) -> None:  # noqa: F811
    aid = add_article(page, app, "doomed.json", {"title": "Doomed article about turnips", "source": "Veg Weekly",
                                                 "text": "Turnip prices rose sharply this spring, growers said on "
                                                         "Tuesday."})
    pick_in_library(page, "turnips", "Doomed article about turnips")
    table = page.locator("#library-table")
    table.get_by_text("Veg Weekly").filter(visible=True).first.wait_for()  # the outlet shown beside it
    page.once("dialog", lambda dialog: dialog.dismiss())  # the browser asks first; declined, nothing goes
    page.locator("#delete").click()
    page.get_by_text("Nothing was deleted.").wait_for()
    assert app.assistant.article(aid) is not None
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#delete").click()
    page.get_by_text(f"Deleted “Doomed article about turnips” ({aid}).").wait_for()  # what it was, not only its id
    assert app.assistant.article(aid) is None
    assert "Doomed article" not in table.inner_text()
    page.get_by_text("No article matches “turnips”.").wait_for()  # an empty search says so


def test_deleting_the_filtered_outlet_s_last_article_leaves_questions_answerable(page: Any, app: App) -> None:  # noqa: F811
    aid = add_article(page, app, "lonely.json", {"title": "Old Mill bridge shut", "source": "Radio Westmoor",
                                                 "text": "The Old Mill bridge will stay shut for six weeks, engineers "
                                                         "said on Monday."})
    page.get_by_text("Filters (kept for the questions that follow)").click()
    page.locator("#outlet-filter input").click()
    page.get_by_role("option", name="Radio Westmoor").click()
    pick_in_library(page, "Old Mill", "Old Mill bridge shut")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#delete").click()
    page.get_by_text(f"Deleted “Old Mill bridge shut” ({aid}).").wait_for()
    open_chat(page)
    box = page.locator("#question textarea")
    box.fill("How long will the bridge stay shut?")
    box.press("Enter")
    page.locator("#chatbot").get_by_text("Radio Westmoor").first.wait_for()  # says which outlet has no articles
    assert page.locator(".toast-wrap .error, [data-testid='toast-body']").count() == 0


ASKED_ROW_TOP = """() => {
  const wrap = document.querySelector('#chatbot .bubble-wrap');
  const asked = wrap.querySelectorAll('.message-row.user-row');
  const row = asked[asked.length - 1];
  return {offset: row.getBoundingClientRect().top - wrap.getBoundingClientRect().top,
          below: wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight};
}"""


def test_a_long_answer_is_shown_from_its_start(chromium: Any, app: App) -> None:  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    try:
        pg.goto(app.url)
        ask(pg, TRUMP_Q)
        ask(pg, COMPARE_Q)  # a table, its notes and its sources: taller than the chat
        pg.wait_for_timeout(500)
        seen = pg.evaluate(ASKED_ROW_TOP)
        assert 0 <= seen["offset"] < 60  # the question just asked at the top, the answer's start under it
        assert seen["below"] > 0  # (the answer runs on below the view: it was scrolled to its end)
    finally:
        context.close()


def test_a_phone_never_scrolls_the_page_sideways(chromium: Any, app: App) -> None:  # noqa: F811
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = phone.new_page()
    pg.set_default_timeout(30_000)
    try:
        pg.goto(app.url)
        pg.locator("#question textarea").wait_for()
        pg.wait_for_function("document.activeElement && document.activeElement.closest('#question') !== null")
        assert pg.evaluate("window.scrollY") == 0  # the question box has the keyboard; the title is in view
        answer = ask(pg, "Compare what Trump and Putin said about a ceasefire")  # a wide table in the chat
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        cells = answer.locator(".comparison td")
        if cells.count():  # each point stacked, each speaker's statements under their name, none cut off
            box = answer.locator(".comparison").bounding_box()
            assert all(cells.nth(i).bounding_box()["x"] + cells.nth(i).bounding_box()["width"] <= box["x"] + box["width"] + 1
                       for i in range(cells.count()))
            assert cells.first.locator(".who").inner_text() in ("Donald Trump", "Vladimir Putin")
        open_library(pg)  # a search box beside an upload box, and a wide table
        pg.wait_for_timeout(300)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        # the library's title, outlet and date, each readable (a date on at most two lines); its id is for wider screens
        date = pg.locator('#library-table [role=gridcell][aria-colindex="3"] span').first
        line = float(pg.evaluate("parseFloat(getComputedStyle(document.querySelector("
                                 "'#library-table [role=gridcell] span')).lineHeight) || 24"))
        assert date.bounding_box()["height"] <= 2 * line + 1, date.bounding_box()
        assert not pg.locator('#library-table [role=gridcell][aria-colindex="6"]').first.is_visible()
    finally:
        phone.close()


@pytest.mark.skipif(not os.environ.get("UI_SCREENSHOTS"), reason="set UI_SCREENSHOTS=1 to write docs/screenshots")
def test_screenshots(chromium: Any, tmp_path: Path, embeddings: Any) -> None:  # noqa: F811
    """Real captures of a fresh app (sample, one other outlet, one upload) for docs/screenshots."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    fresh, demo = start_app(tmp_path, embeddings)
    try:
        (tmp_path / "harbor.json").write_text(json.dumps(HARBOR))
        (tmp_path / "elm-bridge.txt").write_text(BRIDGE)
        fresh.assistant.ingest([tmp_path / "harbor.json", tmp_path / "elm-bridge.txt"])
        _capture(chromium, fresh)
    finally:
        demo.close()


def _capture(chromium: Any, app: App) -> None:  # noqa: F811
    """Chat with a source open, a comparison, the library, and two phone-width views."""
    context = chromium.new_context(viewport={"width": 1360, "height": 900})
    pg = context.new_page()
    pg.goto(app.url)
    answer = ask(pg, TRUMP_Q)
    answer.locator(".answer-text a.cite-chip", has_text="[1]").first.click()
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(SHOTS / "chat-sources.png"))
    compare = ask(pg, COMPARE_Q)
    compare.locator(".comparison a.cite-chip").first.click()
    pg.wait_for_timeout(300)
    compare.locator(".comparison thead").evaluate("el => el.scrollIntoView({block: 'start'})")
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(SHOTS / "comparison.png"))
    open_library(pg)
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(SHOTS / "library.png"))
    context.close()
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = phone.new_page()
    pg.goto(app.url)
    answer = ask(pg, TRUMP_Q)
    answer.locator(".answer-text a.cite-chip", has_text="[1]").first.click()
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(SHOTS / "phone.png"), full_page=False)
    answer.scroll_into_view_if_needed()
    pg.screenshot(path=str(SHOTS / "phone-answer.png"), full_page=False)
    phone.close()


QUAY = "\n".join(json.dumps(story) for story in [
    {"title": "Quay Street redevelopment approved", "source": "Harbor Times", "published": "2025-07-01",
     "url": "https://harbortimes.example/quay", "text": "Mayor Elena Vasquez said the Quay Street plan would bring "
     "2,000 homes to the waterfront. Councillor Tomas Brandt said the plan ignored the fishing families who live "
     "there. Vasquez said the first homes would be finished in 2027."},
])


def test_example_questions_follow_the_library(chromium: Any, tmp_path: Path, embeddings: Any) -> None:  # noqa: F811
    fresh, demo = start_app(tmp_path, embeddings)
    try:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.goto(fresh.url)
        examples = pg.locator("#chatbot .example")  # suggestions for the sample article: Trump and Putin
        expect(examples.first).to_contain_text("Trump")
        for row in fresh.assistant.articles():  # a library of other news: suggestions about its people
            fresh.assistant.delete(str(row["id"]))
        (tmp_path / "quay.jsonl").write_text(QUAY)
        open_library(pg)
        pg.locator("#upload input[type=file]").set_input_files(str(tmp_path / "quay.jsonl"))
        pg.locator("#ingest-results").get_by_text("added").wait_for(timeout=60_000)
        open_chat(pg)
        expect(examples.first).to_have_text("What did Elena Vasquez say?")
        assert "Compare what Elena Vasquez and Tomas Brandt said" in examples.all_inner_texts()
        examples.last.click()
        pg.wait_for_function("() => document.querySelectorAll('#chatbot .answer:not(.streaming)').length > 0")
        assert "Tomas Brandt" in pg.locator("#chatbot .answer").last.inner_text()
        context.close()
    finally:
        demo.close()
