"""Read files, folders, JSON/JSONL news dumps (and, through web.py / feeds.py, HTML, URLs and feeds)
into `Article`s, and give each article its stable id.

`iter_articles(sources)` yields an `Article` or a `Failure` per item, so one bad file or line never
aborts a batch. JSONL streams line by line and a top-level JSON array record by record (constant
memory); a JSON object (`{"articles": [...]}`) is read whole, within the size limit. Knows nothing of
Chroma or models.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import InputError
from .models import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

_TEXT_KEYS = ("text", "body", "content", "article", "maintext")
_SOURCE_KEYS = ("source", "outlet", "publisher", "site_name", "source_name")
_DATE_KEYS = ("published", "published_at", "publish_date", "date", "pubDate", "date_publish")
_AUTHOR_KEYS = ("authors", "author", "byline")
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|ref_url|cmpid|ocid|smid|"
    r"smtyp|share|rss|icid|_ga|igshid|yclid|s_cid|at_\w+)$",
    re.I,
)


_STRAIGHT = str.maketrans("‘’“”", "''\"\"")


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: `name` is the file, "file:line" or URL."""

    name: str
    reason: str


def canonical_url(url: str) -> str:
    """The URL without fragment and tracking parameters, host lower-cased, query sorted."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    path = parts.path.rstrip("/") or "/"
    netloc = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((parts.scheme.lower() or "https", netloc, path, urlencode(sorted(query)), ""))


def normalise_text(text: str) -> str:
    """Whitespace collapsed, typographic quotes straightened: what content identity is based on."""
    text = text.translate(_STRAIGHT)
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    return hashlib.sha1(normalise_text(text).lower().encode()).hexdigest()[:16]


def article_id(url: str, text: str) -> str:
    """A stable id: from the canonical URL when there is one, else from the normalised text."""
    canon = canonical_url(url)
    if canon:
        return hashlib.sha1(canon.encode()).hexdigest()[:16]
    return content_hash(text)


def parse_date(value: Any) -> datetime | None:
    """An aware UTC datetime from ISO strings, common date formats or epoch numbers; else None."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value), tz=UTC)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from dateutil import parser

        try:
            parsed = parser.parse(text)
        except (ValueError, OverflowError):
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def make_article(
    text: str, title: str = "", url: str = "", source: str = "", published: Any = None,
    authors: Any = (),
) -> Article:
    """Build an Article with its id; raises InputError when there is no text."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise InputError("no article text")
    if not title:
        title = text.split("\n", 1)[0][:160]
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r",| and |;", authors) if a.strip()]
    names = tuple(
        str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in (authors or ())
    )
    return Article(
        id=article_id(url, text), title=" ".join(title.split()), text=text, url=url.strip(),
        source=(source or _host(url)).strip(), published=parse_date(published),
        authors=tuple(n for n in names if n),
    )


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.") if url else ""


def article_from_record(record: Any) -> Article:
    """An Article from a news-dump record (title, text|body|content, url, source|outlet, ...)."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    text = next((record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), "")
    source = next((record[k] for k in _SOURCE_KEYS if record.get(k)), "")
    if isinstance(source, dict):
        source = source.get("name", "")
    return make_article(
        text=text, title=str(record.get("title") or ""), url=str(record.get("url") or record.get("link") or ""),
        source=str(source), published=next((record[k] for k in _DATE_KEYS if record.get(k)), None),
        authors=next((record[k] for k in _AUTHOR_KEYS if record.get(k)), ()),
    )


def decode_bytes(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 if it is, else the detected encoding; InputError for binary data."""
    if not data.strip():
        raise InputError(f"cannot read {name!r}: the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"cannot read {name!r}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(f"cannot read {name!r}: not text in any known encoding")
    return data.decode(best.encoding, errors="replace")


def read_text_file(path: Path, data: bytes) -> Article:
    """A .txt/.md file: metadata from front matter (title, source, url, date, author) or first line."""
    text = decode_bytes(data, str(path))
    meta: dict[str, str] = {}
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.S)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("'\"")
        text = text[match.end() :]
    title = meta.get("title", "")
    if not title and path.suffix in (".md", ".markdown"):
        heading = re.match(r"\s*#\s+(.+)\n", text)
        title = heading.group(1) if heading else ""
    try:
        return make_article(
            text=text, title=title, url=meta.get("url", ""),
            source=meta.get("source") or meta.get("outlet", ""),
            published=next((meta[k] for k in _DATE_KEYS if meta.get(k)), None),
            authors=meta.get("authors") or meta.get("author", ""),
        )
    except InputError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc}") from None


def iter_json_file(path: Path, max_bytes: int) -> Iterator[Article | Failure]:
    """Articles of a .json (object or array) or .jsonl file; bad records become Failures."""
    if path.suffix == ".json":
        with path.open("rb") as handle:
            head = handle.read(_BLOCK)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                yield from _iter_json_array(_ArrayStream(handle, head, str(path), max_bytes))
                return
        _check_size(path, max_bytes)
        try:
            payload = json.loads(decode_bytes(path.read_bytes(), str(path)))
        except json.JSONDecodeError as exc:
            yield Failure(str(path), f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
            return
        records = payload if isinstance(payload, list) else payload.get("articles", [payload]) if isinstance(payload, dict) else [payload]
        for i, record in enumerate(records):
            yield _from_record(record, f"{path}[{i}]")
        return
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Failure(f"{path}:{lineno}", f"malformed JSON line: {exc}")
                continue
            yield _from_record(record, f"{path}:{lineno}")


_BLOCK = 1 << 20  # bytes read at a time from a JSON array; the buffer doubles only for a bigger record
_DECODE = json.JSONDecoder().raw_decode


class _ArrayStream:
    """The unread part of a top-level JSON array in a file: `buf[pos:]` plus what the handle still holds."""

    def __init__(self, handle: Any, head: bytes, name: str, max_bytes: int) -> None:
        self.handle, self.name, self.max_bytes = handle, name, max_bytes
        self.decoder = codecs.getincrementaldecoder(_stream_encoding(head))(errors="replace")
        self.buf = self.decoder.decode(head)
        self.pos = self.buf.index("[") + 1
        self.dropped = 0  # characters already dropped from the front of buf
        self.line, self.counted = 1, 0  # the line number at buf[counted]
        self.eof = False

    def more(self) -> bool:
        """Drop what was read, append the next block; False at the end of the file."""
        self.where(self.pos)
        self.buf, self.dropped = self.buf[self.pos :], self.dropped + self.pos
        self.counted, self.pos = self.counted - self.pos, 0
        if len(self.buf) > self.max_bytes:
            raise InputError(f"cannot read {self.name!r}: a record at {self.where(0)} is over the size limit")
        data = self.handle.read(max(_BLOCK, len(self.buf)))
        self.buf += self.decoder.decode(data, final=not data)
        self.eof = not data
        return bool(data)

    def where(self, pos: int) -> str:
        """ "line L, character C" of buf[pos] in the whole file (pos never goes backwards)."""
        self.line += self.buf.count("\n", self.counted, pos)
        self.counted = pos
        return f"line {self.line}, character {self.dropped + pos + 1}"

    def value(self) -> Any:
        """The JSON value at pos, reading more until it is complete; JSONDecodeError when it is broken."""
        while True:
            try:
                value, end = _DECODE(self.buf, self.pos)
                if end < len(self.buf) or self.eof:  # else a number or literal may go on in the next block
                    self.pos = end
                    return value
            except json.JSONDecodeError:
                if self.eof:
                    raise
            self.more()

    def skip_space(self) -> str:
        """The next non-blank character ("" at the end of the file), reading more as needed."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos : self.pos + 1]


def _iter_json_array(stream: _ArrayStream) -> Iterator[Article | Failure]:
    """One Article or Failure per record of the array; broken JSON ends it with a Failure saying where."""
    for index in itertools.count():
        if stream.skip_space() == "]" and index == 0:
            return
        try:
            record = stream.value()
        except json.JSONDecodeError as exc:
            yield Failure(stream.name, f"broken JSON at {stream.where(exc.pos)}: {exc.msg}")
            return
        yield _from_record(record, f"{stream.name}[{index}]")
        char = stream.skip_space()
        if char == "]":
            return
        if char != ",":
            yield Failure(stream.name, f"broken JSON at {stream.where(stream.pos)}: expected ',' or ']'")
            return
        stream.pos += 1


def _stream_encoding(head: bytes) -> str:
    """UTF-8 when the file's first block is (a prefix of) UTF-8, else the detected encoding."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        return best.encoding if best is not None and best.encoding else "utf-8"


def _from_record(record: Any, name: str) -> Article | Failure:
    try:
        return article_from_record(record)
    except InputError as exc:
        return Failure(name, str(exc))


def _check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"cannot read {str(path)!r}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit"
        )


def walk(folder: Path) -> Iterator[Path]:
    """The files of a folder and its subfolders, sorted; hidden ones and Chroma index folders skipped."""
    if (folder / "chroma.sqlite3").exists():
        return  # an index folder, not articles
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from walk(child)
        else:
            yield child


def iter_path(path: Path, max_bytes: int, timeout: float = 15.0) -> Iterator[Article | Failure]:
    """Articles from one file; folders are walked recursively (hidden files and Chroma indexes skipped)."""
    if path.is_dir():
        for child in walk(path):
            yield from iter_path(child, max_bytes, timeout)
        return
    try:
        if not path.exists():
            raise InputError(f"cannot read {str(path)!r}: no such file or folder")
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson", ".json"):
            yield from iter_json_file(path, max_bytes)
            return
        _check_size(path, max_bytes)
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            from .web import article_from_html, decode_html

            yield article_from_html(decode_html(data, str(path)), url="", name=str(path))
        elif suffix in FEED_SUFFIXES:
            from .feeds import iter_feed_file

            yield from iter_feed_file(path, data, timeout, max_bytes)
        elif suffix in TEXT_SUFFIXES or suffix == "":
            yield read_text_file(path, data)
        else:
            raise InputError(
                f"cannot read {str(path)!r}: unsupported file type {suffix!r} "
                f"(expected one of {', '.join(sorted(KNOWN_SUFFIXES))})"
            )
    except InputError as exc:
        yield Failure(str(path), str(exc))
    except OSError as exc:
        yield Failure(str(path), f"cannot read {str(path)!r}: {exc.strerror or exc}")


def iter_articles(sources: Iterable[str | Path], max_bytes: int, timeout: float = 15.0) -> Iterator[Article | Failure]:
    """Articles from paths, folders and http(s) URLs (pages or feeds), one result per item."""
    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            from .web import iter_url

            yield from iter_url(text, max_bytes, timeout)
        else:
            yield from iter_path(Path(text).expanduser(), max_bytes, timeout)
