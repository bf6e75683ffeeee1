"""An answer names whom a quoted sentence calls only "he" or "she"."""

from __future__ import annotations

from tests.stories import add_stories

BRIDGE = ("The Dunmore bridge will stay closed while engineers inspect it, the council said on Friday.\n\n"
          "Ingrid Halvorsen, the council's head of infrastructure, visited the site on Thursday. \"The bridge will stay "
          "shut for at least six weeks, and nobody should try to cross it,\" she said.\n\n"
          "Residents said the closure would add an hour to their commute.")


def test_a_quote_said_by_she_names_her_after_its_citation(assistant) -> None:  # noqa: ANN001
    add_stories(assistant, {"title": "Bridge to stay shut after flood", "text": BRIDGE, "source": "Courier",
                            "published": "2025-03-14"})
    answer = assistant.ask("How long will the bridge stay shut?")
    cited = next(c for c in answer.citations if "six weeks" in c.quote)
    assert f"[{cited.n}] (she: Ingrid Halvorsen)" in answer.text
    assert "Ingrid" not in cited.quote  # the quote is the article's own words, her name is beside it
    assert assistant.article(cited.article_id).text[cited.start:cited.end] == cited.quote


def test_a_quote_that_names_its_speaker_gets_no_note(assistant) -> None:  # noqa: ANN001
    text = ('Ingrid Halvorsen visited the site on Thursday. Halvorsen said the bridge would stay shut for six weeks, '
            'and she added that buses would run from Monday.')
    add_stories(assistant, {"title": "Bridge to stay shut", "text": text, "source": "Courier", "published": "2025-03-14"})
    answer = assistant.ask("How long will the bridge stay shut?")
    assert any("six weeks" in c.quote for c in answer.citations) and "(she:" not in answer.text
