"""Short news records ingested as articles for tests that need a few stories in a real index."""

from __future__ import annotations

import re
from typing import Any

from assistant.articles import article_from_record


def add_stories(assistant: Any, *stories: dict[str, str]) -> None:
    """Ingest each record (title, text, and any of source, published, url) as an article; one without a URL gets one
    of its own, from its place and its title."""
    assistant.ingest_articles([article_from_record(
        {"url": f"https://story.example/{i}-{re.sub(r'[^a-z0-9]+', '-', s.get('title', '').lower())}", **s})
        for i, s in enumerate(stories)])
