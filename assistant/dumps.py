"""JSON and JSONL news dumps into `Article`s (or `Failure`s), streamed so that a dump of any size is read.

JSONL streams line by line and a top-level JSON array record by record (constant memory); a JSON object (an
article, or an API response holding a list of them: `{"articles": [...]}`, `{"response": {"results": [...]}}`)
is read whole, within the size limit. One bad record or line never aborts the rest. What a record's fields mean,
whichever API wrote it, is records.py's; the Article is made by articles.py.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .articles import Failure, article_from_record, check_size
from .decoding import decode_bytes, is_binary, stream_encoding
from .errors import InputError
from .models import Article
from .records import records_in

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
        check_size(path, max_bytes)
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
        self.decoder = codecs.getincrementaldecoder(stream_encoding(head))(errors="replace")
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


def _from_record(record: Any, name: str) -> Article | Failure:
    """The record's Article, or a Failure naming it: one odd field value never stops the rest of a dump."""
    try:
        return article_from_record(record)
    except InputError as exc:
        return Failure(name, str(exc))
    except (ValueError, TypeError, OverflowError) as exc:  # a field value of a shape no reader expected
        return Failure(name, f"unreadable record: {type(exc).__name__}: {exc}")


def _reason(exc: json.JSONDecodeError) -> str:
    """The decoder's complaint without its dangling "at" ("Invalid control character at": the place is said)."""
    return exc.msg.removesuffix(" at")
