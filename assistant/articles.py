"""Read files, folders, JSON/JSONL news dumps (and, through web.py / feeds.py, HTML, URLs and feeds)
into `Article`s, and give each article its stable id.

`iter_articles(sources)` yields an `Article` or a `Failure` per item, so one bad file or line never
aborts a batch. Reading a JSON/JSONL dump is dumps.py's, turning a file's bytes into text decoding.py's; what a
record's fields mean, whichever API wrote it, is records.py's. Knows nothing of Chroma or models.
"""

from __future__ import annotations

import hashlib
import logging
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .decoding import decode_bytes
from .errors import InputError
from .given_names import is_given_name
from .models import Article
from .published import parse_date
from .records import DATE_KEYS, record_fields

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


def check_size(path: Path, max_bytes: int) -> None:
    """Raise InputError naming the file when its size on disk is over `max_bytes`."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"cannot read {str(path)!r}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit"
        )


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, never more than `max_bytes` read (a file whose size its metadata does not tell, such as
    one under /proc, is read up to the limit and refused past it)."""
    check_size(path, max_bytes)
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
    from .dumps import TOO_DEEP, iter_json_file  # here, not at the top: dumps.py imports this module

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
