"""Web pages into Articles: fetch a URL with httpx and extract an HTML page's main text and metadata.

`fetch` is the one HTTP GET of the package: a User-Agent naming NewsAssistant, at most 5 redirects,
the body streamed and cut at `max_bytes`, every failure an InputError naming the URL. Extraction is
trafilatura's (htmldate as the date fallback); both get an already-parsed tree, so neither touches the
network. Feeds are not parsed here: `iter_url` hands feed bodies to feeds.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html import unescape
from typing import Any

import httpx

from .articles import Failure, make_article, normalise_text
from .decoding import decode_bytes
from .errors import InputError, NotArticleError
from .models import Article
from .walls import strip_offer, wall_kind

USER_AGENT = "NewsAssistant/0.1 (news ingestion; +https://github.com/news-assistant)"
MAX_REDIRECTS = 5
MIN_ARTICLE_CHARS = 200  # less main text than this is a login page, an index or a stub
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")  # CJK and Hangul
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"
)
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_DATE_PARAMS = {"outputformat": _DATE_FORMAT, "original_date": True, "extensive_search": True}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


@dataclass(frozen=True)
class Page:
    """A fetched response body; `url` is the final URL after redirects."""

    url: str
    content_type: str  # media type without parameters, lower-cased, e.g. "text/html"
    charset: str  # from the Content-Type header, "" when it does not say
    data: bytes


@dataclass(frozen=True)
class Extract:
    """What an HTML page says about itself; "" (or None) where it does not say."""

    text: str
    title: str
    url: str  # the URL given, else the page's canonical URL
    site: str  # the outlet's name from the page's metadata
    published: str | None
    authors: str  # trafilatura joins several names with "; "


def cannot(name: str, what: str) -> str:
    """The message of an InputError about `name`: "cannot read 'name': what"."""
    return f"cannot read {name!r}: {what}"


def make_client(timeout: float) -> httpx.Client:
    """An httpx client with the package's User-Agent, redirect limit and timeout."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    )


def fetch(url: str, max_bytes: int, timeout: float, client: httpx.Client | None = None) -> Page:
    """GET `url` (redirects followed, body capped at `max_bytes`); InputError naming the URL on failure."""
    if client is None:
        with make_client(timeout) as own:
            return fetch(url, max_bytes, timeout, own)
    try:
        return _get(client, url, max_bytes, timeout)
    except httpx.TooManyRedirects:
        raise InputError(cannot(url, f"too many redirects (more than {MAX_REDIRECTS})")) from None
    except httpx.TimeoutException:
        raise InputError(cannot(url, f"timed out after {timeout:g} s")) from None
    except httpx.ConnectError as exc:
        raise InputError(cannot(url, f"cannot connect: {_connect_reason(exc)}")) from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise InputError(cannot(url, f"{type(exc).__name__}: {exc}")) from None


def _get(client: httpx.Client, url: str, max_bytes: int, timeout: float) -> Page:
    deadline = time.monotonic() + timeout  # httpx times each read; this bounds a trickling body
    with client.stream("GET", url) as response:
        where = "" if str(response.url) == url else f" (at {str(response.url)!r})"
        if response.status_code >= 400:
            raise InputError(
                cannot(url, f"HTTP {response.status_code} {response.reason_phrase}{where}".strip())
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise InputError(cannot(url, f"the response is over the limit of {_size(max_bytes)}{where}"))
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise InputError(cannot(url, f"the response is over the limit of {_size(max_bytes)}{where}"))
            if time.monotonic() > deadline:
                raise InputError(cannot(url, f"timed out after {timeout:g} s{where}"))
        media, _, params = response.headers.get("content-type", "").partition(";")
        charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.I)
        return Page(
            str(response.url), media.strip().lower(), charset.group(1) if charset else "", bytes(body)
        )


def _connect_reason(exc: httpx.ConnectError) -> str:
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    if any(s in text for s in ("Name or service not known", "nodename nor servname", "name resolution")):
        return "host not found"
    return text or "connection failed"


def _size(n: int) -> str:
    return f"{n / 1e6:g} MB" if n >= 1_000_000 else f"{n:,} bytes"


def decode_html(data: bytes, name: str, charset: str = "") -> str:
    """An HTML body as text: UTF-8 when it is, else the declared (header or <meta>) or detected encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:4096])
    declared = (charset or (meta.group(1).decode("ascii", "replace") if meta else "")).lower()
    try:
        return data.decode(_WHATWG_ALIASES.get(declared, declared or "utf-8"))
    except (LookupError, UnicodeDecodeError):
        return decode_bytes(data, name)


def extract_page(html: str, url: str, name: str) -> Extract:
    """The main text and metadata of an HTML page, without any subscription offer inside it; NotArticleError
    when it has too little text or looks like a cookie wall, a "page not found" page or a paywall teaser."""
    import trafilatura
    from trafilatura.utils import load_html

    label = name or url
    tree = load_html(html) if html.strip() else None
    if tree is None:
        raise InputError(cannot(label, "not an HTML page"))
    collapse_whitespace(tree)  # else a <br> in a paragraph makes trafilatura keep the source's line wraps
    drop_link_lists(tree)
    doc: Any = trafilatura.bare_extraction(
        tree, url=url or None, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    text, offer = strip_offer(_without_credits((doc.text or "") if doc is not None else ""))
    looks_like = wall_kind(doc.title or "", text, offer) if doc is not None else ""
    if looks_like:
        raise NotArticleError(cannot(label, f"not an article: looks like {looks_like}"))
    plain = normalise_text(text)
    size = len(plain) + 2 * len(_WIDE.findall(plain))  # a Chinese or Japanese character says about a word's worth
    if size < MIN_ARTICLE_CHARS:
        raise NotArticleError(cannot(label, f"not an article (only {len(plain)} characters of main text)"))
    own_url = doc.url if str(doc.url or "").startswith(("http://", "https://")) else ""
    return Extract(
        text=text,
        title=doc.title or "",
        url=url or own_url,
        site=doc.sitename or "",
        published=_with_time(_stated(doc.date or _find_date(tree), tree), tree),
        authors=doc.author or "",
    )


def _stated(found: str | None, tree: Any) -> str | None:
    """The date found, unless it is a first of the month that nothing on the page states: htmldate fills a
    year or a month alone ("© 2025", "May 2025") with day 1 (and month 1), which would invent a date."""
    if not found or not re.fullmatch(r"\d{4}-\d\d-01.*", found):
        return found
    if any(stamp[:10] == found[:10] for stamp in _page_stamps(tree)):
        return found
    when = date.fromisoformat(found[:10])
    month = when.strftime("%B")
    text = " ".join(tree.itertext())
    said = (rf"\b{month}\s+1(?:st)?\b|\b1(?:st)?\s+{month}\b|\b{month[:3]}\.?\s+1\b|{found[:10]}|"
            rf"\b0?{when.month}/0?1/{when.year}\b")
    return found if re.search(said, text, re.I) else None


def _with_time(found: str | None, tree: Any) -> str | None:
    """The page's own publication timestamp (article:published_time, datePublished) when it falls on the
    day found, else the day found: htmldate often keeps only the day, which a feed's date for the same page
    would not lose."""
    for stamp in _page_stamps(tree):
        if re.search(r"T\d\d:\d\d", stamp) and (found is None or stamp[:10] == found[:10]):
            return stamp
    return found


def _page_stamps(tree: Any) -> list[str]:
    """Publication timestamps the page states in its metadata, in order of trust."""
    stamps = tree.xpath(
        '//meta[@property="article:published_time" or @itemprop="datePublished" or @name="article:published_time"]'
        '/@content | //time[@itemprop="datePublished"]/@datetime'
    )
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        stamps += re.findall(r'"datePublished"\s*:\s*"([^"]+)"', script)
    return [str(s).strip() for s in stamps]


def _find_date(tree: Any) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, outputformat=_DATE_FORMAT, original_date=True, extensive_search=True)
    except ValueError:
        return None


_CREDIT = re.compile(  # a wire story's closing credits: "Reporting by A; Editing by B", "Our Standards: ..."
    r"^\s*\(?(?:(?:additional\s+)?reporting|writing|editing|compiled|graphics)\s+by\b.*$|^\s*our\s+standards\s*:.*$", re.I)


def _without_credits(text: str) -> str:
    """The text without the credit lines that close it (the story's words end before them)."""
    lines = text.rstrip().split("\n")
    while lines and (_CREDIT.match(lines[-1]) or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_SITE = re.compile(  # "Pine Hollow school reopens | Valley Chronicle": a page title ending with its site's name
    r"^(?P<title>.{12,}?)\s+[|–—-]\s+(?P<site>(?:The\s+)?[A-Z][\w'&.]*(?:\s+[A-Z][\w'&.]*){0,3})\s*$")


def article_from_html(html: str, url: str, name: str) -> Article:
    """An Article from an HTML page (a saved file or a fetched page); `name` is what error messages name."""
    page = extract_page(html, url, name)
    title, site = page.title, page.site
    head = _HTML_TITLE.search(html[:20000])
    whole = " ".join(unescape(head.group(1)).split()) if head else ""
    named = _TITLE_SITE.match(whole)
    if named and not site:  # "<title>Pine Hollow school reopens | Valley Chronicle</title>": the outlet
        site = named.group("site")
        title = named.group("title") if title == whole else title
    return make_article(
        text=page.text,
        title=title,
        url=page.url,
        source=site,
        published=page.published,
        authors=page.authors,
    )


def page_kind(page: Page) -> str:
    """What a fetched body is, by sniffing then Content-Type: "feed", "html", "json" or "other"."""
    from .feeds import is_feed

    if is_feed(page.data):
        return "feed"
    head = page.data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "json" in page.content_type or head.startswith((b"{", b"[")):
        return "json"
    if "html" in page.content_type or head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    return "other"


def iter_url(url: str, max_bytes: int, timeout: float) -> Iterator[Article | Failure]:
    """Articles from an http(s) URL: one for an HTML page, one per entry for an RSS or Atom feed."""
    try:
        page = fetch(url, max_bytes, timeout)
        kind = page_kind(page)
        if kind == "feed":
            from .feeds import iter_feed_page

            yield from iter_feed_page(page, url, max_bytes, timeout)
        elif kind == "html":
            yield article_from_html(decode_html(page.data, url, page.charset), page.url, url)
        else:
            raise InputError(cannot(url, _unsupported(kind, page)))
    except InputError as exc:
        yield Failure(url, str(exc))


def _unsupported(kind: str, page: Page) -> str:
    if kind == "json":
        return "JSON from a URL is not supported (save it to a .json or .jsonl file and ingest the file)"
    if "xml" in page.content_type or page.data.lstrip().startswith(b"<?xml"):
        return "not an RSS or Atom feed"
    return f"unsupported content type {page.content_type or 'unknown'!r} (expected an HTML page or a feed)"


_BLOCKS = ("p", "div", "br", "li", "tr", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table",
           "caption", "figure", "figcaption", "section", "article", "header", "footer", "aside", "main", "nav",
           "dl", "dt", "dd", "ul", "ol", "hr", "address", "details", "summary")
_CELLS = ("td", "th")
_SPACES = re.compile(r"[ \t\r\n\f]+")  # HTML's white space; a no-break space is a character


def collapse_whitespace(root: Any) -> None:
    """Line breaks and runs of spaces in an HTML tree's text made single spaces (outside <pre>), as a browser
    shows them: only tags break lines, never how the source was wrapped."""
    kept = {id(e) for pre in root.iter("pre", "textarea", "script", "style") for e in pre.iter()}
    for element in root.iter():
        if id(element) not in kept and isinstance(element.tag, str) and element.text:  # (a comment's is not shown)
            element.text = _collapsed(element.text)
        parent = element.getparent()
        if element.tail and (parent is None or id(parent) not in kept):
            element.tail = _collapsed(element.tail)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # no part of a page's text, and lxml refuses to set them


def _collapsed(text: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", text))


_LIST_CLASS = re.compile(  # a class or id naming a list of other stories: "most-read", "related-links", "trending"
    r"(?:most[-_]?(?:read|popular|viewed|shared)|trending|popular(?:[-_](?:stories|articles|now))?|"
    r"recommended|related(?:[-_](?:stories|articles|links|content|posts))?|more[-_]stories|read[-_]?more|"
    r"also[-_]read|outbrain|taboola)", re.I)
_LIST_HEADING = re.compile(  # the heading or opening words of such a list: "Most read", "Related:", "Read more"
    r"^\s*(?:most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|popular(?:\s+now)?|related(?:\s+(?:stories|"
    r"articles|coverage|content))?|more\s+(?:from|on|stories|news)\b.*|read\s+more|see\s+also|also\s+read|"
    r"recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|don't\s+miss)\s*(?::.*)?$", re.I | re.S)
_LIST_MAX = 1500  # characters: a container holding more is part of the story, whatever its class says


def drop_link_lists(root: Any) -> None:
    """Remove the lists of other stories a page or a body places inside the article ("Most read", a "Related:"
    aside, a trending box): their lines are other stories' headlines, no part of this one's text."""
    for element in list(root.iter("div", "section", "aside", "ul", "ol", "nav")):
        if element.getparent() is None or len(element.text_content()) > _LIST_MAX:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}".split()
        heading = next(element.iter("h2", "h3", "h4", "h5", "h6", "strong", "p"), None)
        opening = heading.text_content() if heading is not None else ""
        if (any(_LIST_CLASS.fullmatch(n) for n in names) or _LIST_HEADING.match(opening)
                or element.tag == "aside" and _LIST_HEADING.match(element.text_content())):
            element.drop_tree()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): tags dropped, blocks (captions and table rows
    too) on their own lines, a row's cells apart as "a | b", as trafilatura writes a page's tables."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return normalise_text(re.sub(r"<[^>]*>", " ", fragment))
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    collapse_whitespace(root)
    drop_link_lists(root)
    for element in root.iter(*_CELLS):
        if element.getnext() is not None and element.getnext().tag in _CELLS:
            element.tail = " | " + (element.tail or "")
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag not in ("br", "hr"):
            element.text = "\n" + (element.text or "")  # a block's text never runs on from what precedes it
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
