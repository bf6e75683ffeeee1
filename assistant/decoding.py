"""A file's bytes into text: UTF-8 when it is, UTF-16 with or without its byte-order mark, UTF-8 with a few
stray Windows-1252 bytes, short Western legacy files as Windows-1252, anything else as charset_normalizer
detects it; binary data is refused with an InputError naming the file. Knows nothing of articles or formats.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import InputError


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


def stream_encoding(head: bytes) -> str:
    """UTF-8 when the file's first block is (a prefix of) UTF-8, else the detected encoding."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        return best.encoding if best is not None and best.encoding else "utf-8"
