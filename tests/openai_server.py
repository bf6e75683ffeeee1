"""A small OpenAI-protocol server on 127.0.0.1 for tests: real sockets, real SSE streaming.

Scripted with a queue of replies (`server.enqueue("text")`) and faults (`server.enqueue(Fault.http(429,
retry_after=1))`, `Fault.timeout(5)`, `Fault.cut_stream("partial")`, `Fault.bad_json()`, `Fault.bad_chunk("partial")`,
`Fault.empty()`, `Fault.length("partial")`). `closed_port()` gives a port nothing listens on (connection refused).
Every request body is recorded in `server.requests` so tests can assert on the prompt that was sent.
When the queue is empty it answers with `default` (or 500 if there is none).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Fault:
    kind: str
    status: int = 500
    retry_after: float | None = None
    delay: float = 0.0
    text: str = ""

    @staticmethod
    def http(status: int, retry_after: float | None = None) -> Fault:
        return Fault("http", status=status, retry_after=retry_after)

    @staticmethod
    def timeout(seconds: float) -> Fault:
        return Fault("timeout", delay=seconds)

    @staticmethod
    def cut_stream(text: str) -> Fault:
        return Fault("cut", text=text)

    @staticmethod
    def bad_json() -> Fault:
        return Fault("bad_json")

    @staticmethod
    def bad_chunk(text: str) -> Fault:
        """A stream that starts well, then sends an event that is not JSON."""
        return Fault("bad_chunk", text=text)

    @staticmethod
    def empty() -> Fault:
        return Fault("empty")

    @staticmethod
    def length(text: str) -> Fault:
        """A reply that stops at the model's length limit (finish_reason "length")."""
        return Fault("length", text=text)


class OpenAIServer:
    """Start with `with OpenAIServer() as server:`; `server.base_url` ends in /v1."""

    def __init__(self, default: str | None = None) -> None:
        self.queue: deque[str | Fault] = deque()
        self.requests: list[dict[str, Any]] = []
        self.default = default
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, *replies: str | Fault) -> None:
        self.queue.extend(replies)

    def __enter__(self) -> OpenAIServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next(self) -> str | Fault:
        if self.queue:
            return self.queue.popleft()
        return self.default if self.default is not None else Fault.http(500)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                reply = server._next()
                if isinstance(reply, Fault):
                    self._fault(reply, body)
                elif body.get("stream"):
                    self._stream(reply, body)
                else:
                    self._json(200, _completion(reply, body))

            def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, text: str, body: dict[str, Any], cut: bool = False, garbage: bool = False,
                        finish: str = "stop") -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                words = text.split(" ")
                for i, word in enumerate(words):
                    piece = word if i == 0 else " " + word
                    self._event(_chunk(piece, body))
                if garbage:
                    self.wfile.write(b'data: {"choices": [ not json\n\n')
                if cut:
                    self.wfile.flush()
                    self.connection.shutdown(2)  # the stream ends without [DONE]
                    return
                self._event(_chunk("", body, finish=finish))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

            def _fault(self, fault: Fault, body: dict[str, Any]) -> None:
                if fault.kind == "http":
                    headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                    self._json(fault.status, {"error": {"message": f"scripted {fault.status}", "type": "test"}},
                               headers)
                elif fault.kind == "timeout":
                    time.sleep(fault.delay)
                    self.close_connection = True
                elif fault.kind == "cut":
                    self._stream(fault.text, body, cut=True)
                elif fault.kind == "bad_json":
                    data = b'{"id": "x", "choices": [ this is not json'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                elif fault.kind == "bad_chunk":
                    self._stream(fault.text, body, garbage=True)
                elif fault.kind == "length":
                    self._stream(fault.text, body, finish="length")
                elif fault.kind == "empty":
                    if body.get("stream"):
                        self._stream("", body)
                    else:
                        self._json(200, _completion("", body))

        return Handler


def closed_port() -> int:
    """A loopback port that was just free and has nothing listening: connecting is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


def _completion(text: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "test-model"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(piece: str, body: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    delta = {"content": piece} if piece else {}
    return {
        "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
        "model": body.get("model", "test-model"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
