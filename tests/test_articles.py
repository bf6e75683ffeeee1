"""Reading articles: text/Markdown with front matter, JSON/JSONL dumps, folders, ids and bad input."""

import json
from pathlib import Path

import pytest

from assistant.articles import Failure, article_id, canonical_url, iter_articles, make_article
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
    assert "malformed JSON line" in failures[0].reason


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blob.txt", b"\x00\x01\x02binary" * 10, "binary file"),
        ("broken.json", b'{"title": "x", ', "broken JSON"),
        ("notext.json", b'{"title": "only a title"}', "no article text"),
        ("image.png", b"\x89PNG....", "unsupported file type '.png'"),
    ],
)
def test_bad_files_are_reported_by_name(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    articles, [failure] = read(path)
    assert not articles
    assert str(path) in failure.name and reason in failure.reason


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
