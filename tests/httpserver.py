"""A local web site for tests: a threaded `http.server` on 127.0.0.1 (a free port) whose routes tests set.

    from tests.httpserver import dead_url_fixture, local_site_fixture  # noqa: F401  (fixtures)

    def test_page(local_site):
        url = local_site.route("/a", "<html>...</html>")            # 200 text/html
        local_site.route("/gone", "", status=404)
        local_site.redirect("/old", "/a")                           # 302 -> /a
        local_site.route("/slow", "late", delay=2.0)                # answers after 2 s
        local_site.route("/big", b"x" * 1024, repeat=1000, send_length=False)  # 1 MB, no Content-Length
        local_site.route("/a", "<html>edited</html>")               # edits the page for the next request
        assert local_site.hits["/a"] == 0

The fixtures are named `local_site` and `dead_url`; their functions have other names so that a test's
`local_site` parameter does not shadow the import (ruff F811). A conftest.py can import them the same way.

Routes match the path with its query first, then without. Unknown paths get a 404. `requests` records
(path, headers) of every request. `dead_url` is a URL on a port where nothing listens. `news_page`
builds an article page with the metadata trafilatura reads.
"""

from __future__ import annotations

import contextlib
import html
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest


@dataclass(frozen=True)
class Route:
    """What the site answers on one path."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    repeat: int = 1  # the body is sent this many times (a big response without a big bytes object)


class LocalSite:
    """A running local HTTP server and its routes; use through the `local_site` fixture."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a sleeping slow route must not hold up the teardown
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        """The absolute URL of `path` on this site."""
        return self.base + path

    def route(self, path: str, body: str | bytes = b"", **options: Any) -> str:
        """Serve `body` on `path` (options: Route's fields), replacing any earlier route; returns the URL."""
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self.routes[path] = Route(body=data, **options)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Redirect `path` to `to` (a path on this site or an absolute URL); returns the URL of `path`."""
        return self.route(path, b"", status=status, headers={"Location": to})

    def lookup(self, path: str) -> Route | None:
        with self._lock:
            self.hits[path.split("?", 1)[0]] += 1
            return self.routes.get(path) or self.routes.get(path.split("?", 1)[0])

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    site: ClassVar[LocalSite]

    def do_GET(self) -> None:
        self.site.requests.append((self.path, dict(self.headers.items())))
        route = self.site.lookup(self.path)
        if route is None:
            route = Route(body=b"no such page", content_type="text/plain", status=404)
        if route.delay:
            time.sleep(route.delay)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: expected
            self._answer(route)

    def _answer(self, route: Route) -> None:
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.send_length:
            self.send_header("Content-Length", str(len(route.body) * route.repeat))
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(route.repeat):
            self.wfile.write(route.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(name="local_site")
def local_site_fixture() -> Iterator[LocalSite]:
    """A fresh local site per test, stopped afterwards."""
    site = LocalSite().start()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture(name="dead_url")
def dead_url_fixture() -> str:
    """An http URL on a loopback port where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/article"


def news_page(
    title: str,
    paragraphs: list[str],
    author: str = "",
    published: str = "",
    site: str = "",
    charset: str = "utf-8",
) -> str:
    """An HTML news article page: navigation, the article (heading, byline, paragraphs) and a footer."""
    meta = [f'<meta charset="{charset}">', f"<title>{html.escape(title)}</title>"]
    meta += [f'<meta name="author" content="{html.escape(author)}">'] if author else []
    meta += [f'<meta property="article:published_time" content="{published}">'] if published else []
    meta += [f'<meta property="og:site_name" content="{html.escape(site)}">'] if site else []
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    byline = f'<p class="byline">By {html.escape(author)}</p>' if author else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{"".join(meta)}</head><body>\n'
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>\n'
        f"<article><h1>{html.escape(title)}</h1>{byline}\n{body}\n</article>\n"
        "<footer>All rights reserved.</footer></body></html>"
    )
