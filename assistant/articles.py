"""Read files, folders, JSON/JSONL news dumps (and, through web.py / feeds.py, HTML, URLs and feeds)
into `Article`s, and give each article its stable id.

`iter_articles(sources)` yields an `Article` or a `Failure` per item, so one bad file or line never
aborts a batch. JSONL streams line by line and a top-level JSON array record by record (constant
memory); a JSON object (an article, or an API response holding a list of them: `{"articles": [...]}`,
`{"response": {"results": [...]}}`) is read whole, within the size limit. What a record's fields mean, whichever
API wrote it, is records.py's. Knows nothing of Chroma or models.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import itertools
import json
import logging
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import InputError
from .given_names import is_given_name
from .models import Article
from .published import parse_date
from .records import DATE_KEYS, record_fields, records_in

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

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


@dataclass(frozen=True)
class Notice(Failure):
    """Nothing failed, but the reader should know: a folder with no articles in it, a feed with no entries. The
    ingest's report lists it as a warning, not a failure."""


@dataclass(frozen=True)
class StandIn(Article):
    """An article made from a feed entry's own summary because its page could not be had (HTTP error,
    timeout, not an article): it may be stored when nothing is, but never replaces a stored article."""

    rejected: str = ""  # why the page, though fetched, is not an article ("... looks like a paywall teaser")
    why: str = ""  # why the page was not used, whatever it was ("HTTP 500", "timed out", not an article)


def stand_in(article: Article, rejected: str = "", why: str = "") -> StandIn:
    """The same article, marked as a stand-in for its page (`rejected`: why the page was not an article; `why`: why
    it was not used, whatever the reason)."""
    return StandIn(**{f.name: getattr(article, f.name) for f in fields(Article)}, rejected=rejected,
                   why=why or rejected)


def canonical_url(url: str) -> str:
    """The URL without fragment and tracking parameters, host lower-cased, query sorted."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    query = _untracked(parts.query)
    path = parts.path.rstrip("/") or "/"
    netloc = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((parts.scheme.lower() or "https", netloc, path, urlencode(sorted(query)), ""))


def without_tracking(url: str) -> str:
    """The URL as given, less its tracking parameters ("?utm_source=rss"): what a reader follows and cites."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(_untracked(parts.query)), parts.fragment))


def _untracked(query: str) -> list[tuple[str, str]]:
    """A query's parameters, in order, less the tracking ones ("utm_source", "fbclid")."""
    return [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING.match(k)]


def normalise_text(text: str) -> str:
    """Whitespace collapsed, typographic quotes straightened: what content identity is based on."""
    text = text.translate(_STRAIGHT)
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    return hashlib.sha1(normalise_text(text).lower().encode()).hexdigest()[:16]


def article_id(url: str, text: str, key: str = "") -> str:
    """A stable id: from the canonical URL when there is one, else from `key` (a local file's path) when given, else
    from the normalised text."""
    canon = canonical_url(url) or (f"file:{key}" if key else "")
    if canon:
        return hashlib.sha1(canon.encode()).hexdigest()[:16]
    return content_hash(text)


MAX_TITLE = 300  # characters of a title kept
MIN_WORDS = 3  # a file of fewer words than this is no article; of fewer than twice that, only if it is a sentence


_SPACELESS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana and CJK ideographs: no spaces
_MARKS = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"  # their punctuation ("。", "、", "！"): no word
_WORD = re.compile(f"[{_SPACELESS}]|[^\\s{_SPACELESS}{_MARKS}]+")


def count_words(text: str) -> int:
    """The words of a text: what spaces part, and each kana or ideograph of scripts written without spaces
    ("橋が開通した" is six)."""
    return len(_WORD.findall(text))


def _a_story(text: str) -> bool:
    """Whether a file's text can be a story: a sentence at least ("The bridge opened."), not "xxxxxxxxxx" or a
    title alone."""
    words = count_words(text)
    return words >= 2 * MIN_WORDS or words >= MIN_WORDS and bool(re.search(r"[.!?…。！？][\"”'’)」』]*\s*$",
                                                                               text.strip()))


def check_story(text: str) -> None:
    """Raise InputError "too little text for an article (1 words)" unless the text can be a story (see `_a_story`):
    a file, a dump's record and a feed entry's summary are held to the same minimum."""
    if text.strip() and not _a_story(text):
        raise InputError(f"too little text for an article ({count_words(text)} words)")


def make_article(
    text: str, title: str = "", url: str = "", source: str = "", published: Any = None,
    authors: Any = (), key: str = "",
) -> Article:
    """Build an Article with its id; raises InputError when there is no text or the URL is malformed. Without a URL,
    `key` (a file's path) makes the id, so that an edited file replaces its earlier version; else the text does."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise InputError("no article text")
    if not title:
        title = text.split("\n", 1)[0][:160]
    title = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"  # a field run on, not a title
    url = url.strip()
    try:
        aid, host, url = article_id(url, text, key), _host(url), without_tracking(url)
    except ValueError as exc:  # urlsplit: "Invalid IPv6 URL" and the like
        raise InputError(f"malformed url {url!r}: {exc}") from None
    when = parse_date(published)
    unread = str(published).strip() if when is None and published is not None else ""
    if unread:  # (the ingest's report names it to the user: `ingest.warnings_of`)
        log.info("%s: cannot read the date %r; the article is stored without one", url or title, published)
    return Article(
        id=aid, title=" ".join(title.split()), text=text, url=url,
        source=(source or outlet_of(host)).strip(), published=when, authors=author_names(authors), unread_date=unread,
    )


def author_names(value: Any) -> tuple[str, ...]:
    """Names from a byline ("By JOHN SMITH and Mary Jones, Reuters"), a list, or {"name": ...} objects.

    A leading "By" and a trailing place ("Shaun Walker in Kyiv") are dropped, all-capital names are title-cased,
    and one-word parts beside full names (the agency: "Reuters") are left out; anything that is not text, a
    list or an object gives no names. Names come only from a byline, never from the text."""
    if isinstance(value, dict):  # {"name": ...}; NYT's byline {"original": "By ...", "person": [...]}
        value = value.get("name") or value.get("original", "")
    if isinstance(value, (list, tuple)):
        names = [name for item in value for name in author_names(item)]
    elif isinstance(value, str):
        byline = re.sub(r"^by\s+", "", value.strip().removeprefix("[").removesuffix("]").strip(), flags=re.I)
        parts = re.split(r",|;|&|\band\b", byline, flags=re.I)
        names = [_name_case(_PLACE.sub("", part).strip(" \t'\"")) for part in parts]
        jobs = {n for n in names[1:] if _JOB.search(n) and not is_given_name(n.split()[0])}  # "Hannah Cole,
        names = [n for n in names if n and n not in jobs]  # Health Reporter": one author
        if any(" " in n for n in names):
            names = [n for n in names if " " in n]
    else:
        return ()
    return tuple(dict.fromkeys(names))


_JOB = re.compile(r"\b(?:reporter|correspondent|editor|writer|columnist|contributor|producer|journalist|critic|"
                  r"photographer|desk|staff)s?$", re.I)  # a byline's job title, no one's name
_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*\s*$")  # "Shaun Walker in Kyiv": where, not who


def _reason(exc: json.JSONDecodeError) -> str:
    """The decoder's complaint without its dangling "at" ("Invalid control character at": the place is said)."""
    return exc.msg.removesuffix(" at")


def _name_case(name: str) -> str:
    return name.title() if name.isupper() and len(name) > 3 else name


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.") if url else ""


_OUTLETS = {  # domain -> the outlet's name, for outlets whose domain is not their name (others keep the domain)
    "theguardian.com": "The Guardian", "nytimes.com": "The New York Times", "bbc.co.uk": "BBC News",
    "bbc.com": "BBC News", "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "apnews.com": "Associated Press", "reuters.com": "Reuters",
}


def outlet_of(host: str) -> str:
    """The outlet a host belongs to: its name when known ("amp.theguardian.com" is "The Guardian"), else the host."""
    return next((name for domain, name in _OUTLETS.items() if host == domain or host.endswith(f".{domain}")), host)


def article_from_record(record: Any, whole: bool = True) -> Article:
    """An Article from a news-dump record, its fields read by meaning whichever API wrote it (see records.py);
    a byline that is only the outlet's name ("BBC News" by BBC News) names no author. With `whole`, a stub ("x",
    "Short.") is refused as a file of it would be; a benchmark's passages are taken as they are."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    found = record_fields(record)
    outlet = found["source"].casefold()
    found["authors"] = [name for name in author_names(found["authors"]) if name.casefold() != outlet]
    if whole:
        check_story(str(found["text"] or ""))  # ("x", "Short.": a stub, as a file of it would be)
    return make_article(**found)


def decode_bytes(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 if it is, else the detected encoding; InputError for binary data."""
    if not data.strip():
        raise InputError(f"cannot read {name!r}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 byte-order mark says what the text is
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot read {name!r}: broken UTF-16 text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        unmarked = _unmarked_utf16(data)
        if unmarked is None:
            raise InputError(f"cannot read {name!r}: binary file, not text")
        return unmarked
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    western = _as_western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(f"cannot read {name!r}: not text in any known encoding")
    return data.decode(best.encoding, errors="replace")


def is_binary(head: bytes) -> bool:
    """Whether a file whose first bytes are `head` is binary data, not text: it holds zero bytes and is no UTF-16
    text (with or without its byte-order mark)."""
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return _unmarked_utf16(head[: len(head) // 2 * 2]) is None


def _unmarked_utf16(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, read by where its zero bytes fall: in text mostly of Latin letters
    nearly every other byte is 0, the even ones in big-endian, the odd ones in little-endian; None for anything else
    (binary data has zeros here and there, not in step)."""
    head = data[:8192]
    if len(data) % 2 or len(head) < 4:
        return None
    pairs = len(head) // 2
    for codec, zeros, others in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if zeros.count(0) >= 0.9 * pairs and others.count(0) <= 0.01 * pairs:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    for codec in ("utf-16-le", "utf-16-be"):  # text in other scripts has zero bytes only in its spaces and newlines
        try:
            if _no_text_in(codecs.getincrementaldecoder(codec)().decode(head)):
                continue  # (binary data shows it in its first bytes: the whole file is not decoded)
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(ch.isspace() for ch in text) and not _no_text_in(text):
            return text
    return None


def _no_text_in(text: str) -> bool:
    """Whether decoded characters hold one that no text does: a control character (bar whitespace), an unassigned
    or private one or a lone surrogate, as bytes of binary data read as UTF-16 always give some."""
    return any(unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and not ch.isspace() for ch in text)


_MAX_STRAY = 200  # stray bytes mended at most; a text with more is in some other encoding
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes of Windows-1252 pasted in ("Café" from another file): each stray byte read
    as Windows-1252, the rest as UTF-8; None unless the text's valid UTF-8 sequences outnumber its stray bytes."""
    good = len(_UTF8_SEQUENCE.findall(data))
    data = data.removeprefix(b"\xef\xbb\xbf")
    parts: list[str] = []
    while len(parts) < 2 * min(good, _MAX_STRAY):  # a text and a stray byte each time round
        try:
            return "".join([*parts, data.decode("utf-8")])
        except UnicodeDecodeError as exc:
            parts += [data[: exc.start].decode("utf-8"), data[exc.start : exc.start + 1].decode("cp1252", "replace")]
            data = data[exc.start + 1 :]
    return None


_WESTERN = re.compile(r"[^\x00-\x7f\u00c0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u00a0-\u00bf]")


def _as_western(data: bytes) -> str | None:
    """The text as Windows-1252 (a superset of Latin-1) when every byte beyond ASCII reads as an accented
    letter or common punctuation there ("Café", "Müller", “quotes”): short legacy files are mostly that,
    and a guessing detector may take them for a Baltic or Cyrillic code page ("Cafķ")."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(1 for ch in letters if ord(ch) > 127)
    # mostly plain letters with a few accented ones; a Cyrillic or Greek code page read this way is all accents
    return None if _WESTERN.search(text) or accented > 0.3 * len(letters) else text


_HEADER_LINES = re.compile(  # "title: ...", "source: ..." lines opening a file without "---" around them, maybe
    # after a title line of their own
    r"\A\s*(?P<first>[^\n:]{3,200}\n)?((?:(?:title|source|outlet|url|date|published|author|authors)[ \t]*:[^\n]*\n){2,})"
    r"\s*(?:\n|\Z)", re.I)


def read_text_file(path: Path, data: bytes) -> Article:
    """A .txt/.md file: metadata from front matter (title, source, url, date, author) or first line."""
    text = decode_bytes(data, str(path))
    meta: dict[str, str] = {}
    match = re.match(r"\A---\s*\n(.*?)\n---[ \t\r]*(?:\n|\Z)", text, re.S) or _HEADER_LINES.match(text)
    if match:
        lines = match.group(1).splitlines() if match.re is not _HEADER_LINES else [
            *([f"title: {match.group('first').strip()}"] if match.group("first") else []),
            *match.group(2).splitlines()]
        for line in lines:
            key, sep, value = line.partition(":")
            if sep:
                value = value.strip()  # quoted as a whole ('"Title"'), not a title ending in a quote
                meta[key.strip().lower()] = value[1:-1] if len(value) > 1 and value[0] == value[-1] and \
                    value[0] in "'\"" else value
        text = text[match.end() :]
    title = meta.get("title", "")
    try:
        check_story(text)  # "xxxxxxxxxx", a title alone: no story to quote
    except InputError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc}") from None
    if path.suffix.lower() in (".md", ".markdown"):
        heading = re.match(r"\s*#\s+(.+)\n", text)
        title = title or (markdown_to_text(heading.group(1)) if heading else "")
        text = markdown_to_text(text)
    try:
        return make_article(
            text=text, title=title, url=meta.get("url", ""),
            source=meta.get("source") or meta.get("outlet", ""),
            published=next((meta[k] for k in DATE_KEYS if meta.get(k)), None),
            authors=meta.get("authors") or meta.get("author", ""), key=str(path.resolve()),
        )
    except InputError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc}") from None


_MARKDOWN = [  # (pattern, replacement), in order: what Markdown marks, not what it says
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),  # "# Heading"
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # "> quoted"
    (re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M), ""),  # "---" rules
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]"), r"\1\2"),  # links: their words
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **bold**
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"),
     r"\1\2"),  # *italic*, _italic_
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # `code`
]


def markdown_to_text(text: str) -> str:
    """Markdown as it reads: headings, emphasis, links and rules without their marks ("**powerful**" is
    "powerful", "[the coast](https://...)" is "the coast"), so quotes are the article's words."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


TOO_DEEP = "JSON nested too deeply to be an article"


def iter_json_file(path: Path, max_bytes: int) -> Iterator[Article | Failure]:
    """Articles of a .json (an article, an array of them, or an API response holding them) or .jsonl file (an
    article or an API response a line); bad records become Failures ("file[i]", "file:line", "file:line[i]"),
    and a file with no records at all, or of no known shape, is one Failure naming it. Arrays and JSONL stream
    a record at a time, so a dump of any size is read; each record (and a single-object file) is held to
    `max_bytes`."""
    count = 0
    for item in _iter_json_records(path, max_bytes):
        count += 1
        yield item
    if not count:
        yield Failure(str(path), f"cannot read {str(path)!r}: no articles in the file")


def _iter_json_records(path: Path, max_bytes: int) -> Iterator[Article | Failure]:
    if path.suffix.lower() == ".json":
        with path.open("rb") as handle:
            head = handle.read(_BLOCK)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[") and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
                yield from _iter_json_array(_ArrayStream(handle, head, str(path), max_bytes))
                return
        _check_size(path, max_bytes)
        try:
            payload = json.loads(decode_bytes(path.read_bytes(), str(path)))
        except json.JSONDecodeError as exc:
            yield Failure(str(path), f"broken JSON at line {exc.lineno}, column {exc.colno}: {_reason(exc)}")
            return  # (a RecursionError, nesting too deep, is `iter_path`'s to report, as for any file)
        try:
            records = records_in(payload)
        except InputError as exc:
            yield Failure(str(path), f"cannot read {str(path)!r}: {exc}")
            return
        for i, record in enumerate(records):
            yield _from_record(record, f"{path}[{i}]")
        return
    with path.open("rb") as handle:
        head = handle.read(8192)
        utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff")
        if not utf16 and is_binary(head):  # one failure for the file, not one for each of its "lines"
            raise InputError(f"cannot read {str(path)!r}: binary file, not text")
        handle.seek(0)
        lines: Iterable[bytes] = (line.encode("utf-8") for line in io.TextIOWrapper(handle, "utf-16", "replace")) \
            if utf16 else handle  # a UTF-16 dump (with its byte-order mark), line by line as UTF-8
        for lineno, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            name = f"{path}:{lineno}"
            if len(raw) > max_bytes:
                yield Failure(name, f"a record of {len(raw) / 1e6:.3g} MB is over the {max_bytes / 1e6:g} MB limit")
                continue
            try:
                record = json.loads(decode_bytes(raw, name).rstrip("\r\n"))  # a Latin-1 line decodes as a
            except json.JSONDecodeError as exc:  # Latin-1 .txt would; the line's end is no part of the error's place
                yield Failure(name, f"malformed JSON line: {exc.msg} at column {exc.colno}")
                continue
            except RecursionError:
                yield Failure(name, f"malformed JSON line: {TOO_DEEP}")
                continue
            except InputError as exc:
                yield Failure(name, f"malformed JSON line: {exc}")
                continue
            yield from _from_line(record, name)


def _from_line(document: Any, name: str) -> Iterator[Article | Failure]:
    """The articles of a JSONL line: the record it is, or those of the API response it holds ("name[i]")."""
    try:
        records = records_in(document)
    except InputError as exc:
        yield Failure(name, str(exc))
        return
    if len(records) == 1 and records[0] is document:
        yield _from_record(document, name)
        return
    for i, record in enumerate(records):
        yield _from_record(record, f"{name}[{i}]")


_BLOCK = 1 << 20  # bytes read at a time from a JSON array; the buffer doubles only for a bigger record
_DECODE = json.JSONDecoder().raw_decode


class _Oversized(Exception):
    """A record of the array is longer than the size limit."""


_JSON_MARK = re.compile(r'["\\[\]{},]')  # outside a string: what changes depth or ends a value
_STRING_END = re.compile(r'["\\]')  # inside a string: its end, or an escape


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
            raise _Oversized
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

    def skip_value(self) -> None:
        """Pass over the value at pos without holding it whole (it is over the limit): pos ends on the ',' or ']'
        after it; JSONDecodeError when the file ends inside it."""
        depth, in_string = 0, False
        while True:
            if in_string:
                found = _STRING_END.search(self.buf, self.pos)
                if found and found.group() == "\\" and found.end() < len(self.buf):
                    self.pos = found.end() + 1
                    continue
                if found and found.group() == '"':
                    self.pos, in_string = found.end(), False
                    continue
            else:
                found = _JSON_MARK.search(self.buf, self.pos)
                if found:
                    mark, self.pos = found.group(), found.end()
                    if mark == '"':
                        in_string = True
                    elif mark in "[{":
                        depth += 1
                    elif mark in "]}" and depth:
                        depth -= 1
                    elif depth == 0 and mark in ",]":
                        self.pos -= 1
                        return
                    continue
            if found:  # a backslash at the very end of the buffer: keep it for the next block
                self.pos = found.start()
            else:
                self.pos = len(self.buf)
            self.where(self.pos)
            self.buf, self.dropped, self.counted, self.pos = self.buf[self.pos :], self.dropped + self.pos, 0, 0
            data = self.handle.read(_BLOCK)
            if not data:
                raise json.JSONDecodeError("the file ends inside a record", self.buf, self.pos)
            self.buf += self.decoder.decode(data)

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
        name, start = f"{stream.name}[{index}]", stream.dropped + stream.pos
        try:
            try:
                record = stream.value()
            except _Oversized:  # that record fails; the records after it are still read
                stream.skip_value()
            size = stream.dropped + stream.pos - start
            if size > stream.max_bytes:
                yield Failure(name, f"a record of {size / 1e6:.3g} MB is over the {stream.max_bytes / 1e6:g} MB limit")
            else:
                yield _from_record(record, name)
        except json.JSONDecodeError as exc:
            yield Failure(stream.name, f"broken JSON at {stream.where(exc.pos)}: {_reason(exc)}")
            return
        except RecursionError:
            yield Failure(name, TOO_DEEP)
            return
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
    """The record's Article, or a Failure naming it: one odd field value never stops the rest of a dump."""
    try:
        return article_from_record(record)
    except InputError as exc:
        return Failure(name, str(exc))
    except (ValueError, TypeError, OverflowError) as exc:  # a field value of a shape no reader expected
        return Failure(name, f"unreadable record: {type(exc).__name__}: {exc}")


def _check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"cannot read {str(path)!r}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit"
        )


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, never more than `max_bytes` read (a file whose size its metadata does not tell, such as
    one under /proc, is read up to the limit and refused past it)."""
    _check_size(path, max_bytes)
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"cannot read {str(path)!r}: over the {max_bytes / 1e6:.0f} MB limit")
    return data


def _not_regular(path: Path) -> str:
    """What a path that exists but is no regular file is ("a named pipe", "a device"), or "" for a file."""
    mode = path.stat().st_mode
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"


def walk(folder: Path, _seen: set[Path] | None = None) -> Iterator[Path | Failure]:
    """The files of a folder and its subfolders, sorted; hidden ones and Chroma index folders skipped, and each
    folder read once however links lead to it (a link to a folder above it would loop). A folder that cannot be
    read is a Failure naming it; the others are still read."""
    seen = set() if _seen is None else _seen
    try:
        real = folder.resolve()
        if real in seen or (folder / "chroma.sqlite3").exists():
            return  # met already; or an index folder, not articles
        seen.add(real)
        children = sorted(folder.iterdir())
    except OSError as exc:
        yield Failure(str(folder), f"cannot read the folder {str(folder)!r}: {exc.strerror or exc}")
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from walk(child, seen)
        else:
            yield child


_HTML_START = re.compile(rb"\s*<(?:!doctype\s+html|html[\s>])", re.I)
_HTML_PART = re.compile(rb"<(?:head|body|title|meta|/html)[\s>/]", re.I)


def is_html_document(data: bytes) -> bool:
    """Whether a file's bytes are an HTML document whatever its name says: a page saved as "page.txt" opens, after
    blanks and a byte-order mark, with "<!DOCTYPE html" or "<html", and has a head, a body, a title or an end
    (a text about HTML that opens with "<html> is the language of the web" is prose)."""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) and bool(_HTML_PART.search(data[:65536]))  # not prose about "<html>"


def iter_path(path: Path, max_bytes: int, timeout: float = 15.0) -> Iterator[Article | Failure]:
    """Articles from one file; folders are walked recursively (hidden files and Chroma indexes skipped)."""
    if path.is_dir():
        for child in walk(path):
            yield from [child] if isinstance(child, Failure) else iter_path(child, max_bytes, timeout)
        return
    try:
        if not path.exists():
            raise InputError(f"cannot read {str(path)!r}: no such file or folder")
        special = _not_regular(path)
        if special:  # reading a pipe waits forever, a device never ends
            raise InputError(f"cannot read {str(path)!r}: not a regular file ({special})")
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson", ".json"):
            yield from iter_json_file(path, max_bytes)
            return
        data = _read_capped(path, max_bytes)
        if suffix in HTML_SUFFIXES or (suffix in TEXT_SUFFIXES or suffix == "") and is_html_document(data):
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
    except RecursionError:  # a record nested deeper than any reader goes
        yield Failure(str(path), f"cannot read {str(path)!r}: {TOO_DEEP}")


def iter_articles(sources: Iterable[str | Path], max_bytes: int, timeout: float = 15.0) -> Iterator[Article | Failure]:
    """Articles from paths, folders and http(s) URLs (pages or feeds), one result per item."""
    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            from .web import iter_url

            yield from iter_url(text, max_bytes, timeout)
        else:
            yield from iter_path(Path(text).expanduser(), max_bytes, timeout)
