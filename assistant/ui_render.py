"""HTML and Markdown for the chat UI: answers with clickable [n] chips, sources, comparisons, exports.

Pure functions from the shared nouns (Answer, Citation, Article) to strings; no Gradio here. Every
piece of article-derived text (titles, outlets, quotes, article bodies) goes through `esc`, which also
escapes the characters Markdown and Gradio's HTML templates would interpret (`*_[]{}$` and backticks).
A chip `[n]` in answer `turn` is a plain link `<a class="cite-chip" href="#cite-<turn>-<n>">`; the
page script (static/ui.js) turns a click on it into "show that article and scroll to its <mark>".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .extractive import CHANGED_NOTE, DISAGREE_NOTE, format_date
from .models import Answer, Article, Citation

NOT_ADDRESSED = '<em class="missing">not addressed</em>'
MARKER = re.compile(r"\[(\d+)\]")
HEADING_CHARS = 120  # a question longer than this is cut in the sources panel heading
_INLINE = re.compile(r"(\[\d+\]|\*\*.+?\*\*)")
_EXTRA = str.maketrans({"*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "`": "&#96;",
                        "{": "&#123;", "}": "&#125;", "$": "&#36;", "~": "&#126;", "\\": "&#92;"})


def esc(value: Any) -> str:
    """Text as inert HTML: tags, quotes and Markdown/template syntax escaped."""
    return html.escape(str(value or ""), quote=True).translate(_EXTRA)


def day(iso: str) -> str:
    """The YYYY-MM-DD part of an ISO timestamp ('' when unknown)."""
    return (iso or "")[:10]


def safe_url(url: str) -> str:
    """The URL when it is http(s), else '' (never a javascript: or data: link)."""
    return url if re.match(r"^https?://[^\s\"'<>]+$", url or "") else ""


def chip(turn: int, n: int) -> str:
    return f'<a class="cite-chip" href="#cite-{turn}-{n}" title="Show source {n}">[{n}]</a>'


def linked_text(text: str, turn: int, known: Iterable[int]) -> str:
    """Escaped text with each [n] of a known citation turned into a chip and **bold** kept."""
    numbers = set(known)
    out = []
    for token in _INLINE.split(text):
        marker = MARKER.fullmatch(token)
        if marker and int(marker.group(1)) in numbers:
            out.append(chip(turn, int(marker.group(1))))
        elif token.startswith("**") and token.endswith("**") and len(token) > 4:
            out.append(f"<strong>{linked_text(token[2:-2], turn, numbers)}</strong>")
        else:
            out.append(esc(token))
    return "".join(out)


def text_html(text: str, turn: int, known: Iterable[int], tables: bool = True) -> str:
    """Answer text as HTML: "- " lines become a list, blank lines paragraphs; Markdown table rows are
    dropped when `tables` is False (the comparison is drawn from its data instead)."""
    numbers = set(known)
    blocks: list[str] = []
    items: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        if items:
            blocks.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()
        if lines:
            blocks.append("<p>" + "<br>".join(lines) + "</p>")
            lines.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not tables and line.startswith("|"):
            continue
        if line.startswith(("- ", "* ")):
            if lines:
                flush()
            items.append(linked_text(line[2:], turn, numbers))
            continue
        if items or not line:
            flush()
        if line.startswith((DISAGREE_NOTE, CHANGED_NOTE)):  # "The sources disagree: ...": a note on the answer, shown as one
            flush()
            blocks.append(f'<p class="notice">{linked_text(line, turn, numbers)}</p>')
        elif line:
            lines.append(linked_text(line, turn, numbers))
    flush()
    return "".join(blocks)



def mode_badge(mode: str, model: str = "") -> str:
    label = f"llm · {model}" if mode == "llm" and model else mode
    return f'<span class="mode-badge mode-{esc(mode)}" title="answer mode">{esc(label)}</span>'


def source_line(c: Citation | Article) -> str:
    """'Title — Outlet · YYYY-MM-DD' with whatever is known."""
    title = c.title or "Untitled article"
    when = day(c.published if isinstance(c, Citation) else c.published_iso)
    meta = " · ".join(esc(x) for x in (c.source, when) if x)
    return f'<span class="src-title">{esc(title)}</span>' + (f' <span class="src-meta">— {meta}</span>' if meta else "")


def grouped_sources(citations: Sequence[Citation], turn: int) -> str:
    """Citations grouped by article: its title, outlet and date once, then each [n] with its exact quote."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.article_id, []).append(c)
    items = []
    for cites in groups.values():
        quotes = "".join(f'<li>{chip(turn, c.n)} <span class="quote">“{esc(c.quote)}”</span></li>' for c in cites)
        items.append(f'<li class="src-group"><div class="src-head">{source_line(cites[0])}</div>'
                     f'<ol class="quotes">{quotes}</ol></li>')
    return f'<ol class="src-groups">{"".join(items)}</ol>'


def citations_html(answer: Answer, turn: int) -> str:
    """The source list under an answer: title, outlet, date and each exact quote."""
    if not answer.citations:
        return ""
    return f'<div class="cite-list"><div class="label">Sources</div>{grouped_sources(answer.citations, turn)}</div>'


def clip(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"


def cell_quote(c: Citation, turn: int, reported: bool) -> str:
    """One statement in a comparison cell: a direct quote in quotation marks, reported speech without
    them and marked "(reported)", as in the Markdown export; each after the date of its story."""
    when = format_date(c.published)
    dated = f'<span class="when">{esc(when)}:</span> ' if when else ""
    if reported:
        return (f'<div class="cell-quote reported">{dated}{esc(c.quote)} <span class="kind">(reported)</span> '
                f"{chip(turn, c.n)}</div>")
    return f'<div class="cell-quote">{dated}“{esc(c.quote)}” {chip(turn, c.n)}</div>'


def comparison_table(answer: Answer, turn: int) -> str:
    """One column per speaker, one row per point; each cell the cited statements or 'not addressed'."""
    comp = answer.comparison
    if comp is None:
        return ""
    by_n = {c.n: c for c in answer.citations}
    reported = set(comp.reported)
    head = "".join(f"<th>{esc(s)}</th>" for s in comp.speakers)
    rows = []
    for row in comp.rows:
        cells = []
        for speaker in comp.speakers:
            found = [by_n[n] for n in row.cells.get(speaker, []) if n in by_n]
            quotes = "".join(cell_quote(c, turn, c.n in reported) for c in found)
            cells.append(f'<td><span class="who">{esc(speaker)}</span>{quotes or NOT_ADDRESSED}</td>')  # shown on a
            # phone, where the columns' heads are not
        rows.append(f'<tr><th scope="row">{esc(row.topic)}</th>{"".join(cells)}</tr>')
    return (f'<div class="comparison"><table><thead><tr><th>Point</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def answer_html(answer: Answer, turn: int, model: str = "", typed: str = "", scope: str = "") -> str:
    """The whole chat answer: text with chips, comparison table, sources, notice, badge, rewritten question.

    `typed` is what the user typed when the UI asked something else (a speaker filter); `scope` names
    the filters that applied."""
    known = [c.n for c in answer.citations]
    parts = [f'<div class="answer{" abstained" if answer.abstained else ""}">']
    if answer.notice:
        parts.append(f'<div class="notice">{esc(answer.notice)}</div>')
    text = text_html(answer.text, turn, known, tables=answer.comparison is None)
    parts.append(f'<div class="answer-text">{text}</div>')
    parts.append(comparison_table(answer, turn))
    parts.append(citations_html(answer, turn))
    meta = [mode_badge(answer.mode, answer.model or model)]
    if scope:
        meta.append(f'<span class="scope">{esc(scope)}</span>')
    parts.append(f'<div class="answer-meta">{" ".join(meta)}</div>')
    understood = answer.standalone_question or answer.question
    typed = typed or answer.question
    if understood != typed and not typed.startswith(understood) and not typed.endswith(understood):  # cut to length
        # (its end kept), it is not "understood as" anything; a speaker filter's question is: "containment" asked as
        # "What did Dana Okafor say about containment?"
        parts.append(f'<div class="understood">understood as: {esc(clip(understood, 300))}</div>')
    parts.append("</div>")
    return "".join(parts)


def partial_html(text: str) -> str:
    """A streaming answer so far (markers stay plain text until the citations are checked)."""
    return f'<div class="answer streaming"><div class="answer-text">{esc(text).replace(chr(10), "<br>")}▍</div></div>'


def error_html(message: str) -> str:
    return f'<div class="answer error"><div class="notice">⚠ {esc(message)}</div></div>'


def highlighted_text(text: str, citations: Sequence[Citation]) -> str:
    """The article text escaped, each cited span inside <mark data-cites="n m"> (overlaps split)."""
    spans = [c for c in citations if 0 <= c.start < c.end <= len(text) and text[c.start:c.end] == c.quote]
    cuts = sorted({0, len(text), *(c.start for c in spans), *(c.end for c in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        ns = sorted(c.n for c in spans if c.start <= a and b <= c.end)
        piece = esc(text[a:b])
        out.append(f'<mark data-cites="{" ".join(map(str, ns))}">{piece}</mark>' if ns else piece)
    return "".join(out)


def article_html(article: Article, citations: Sequence[Citation], turn: int) -> str:
    """One cited article, hidden until a chip asks for it: metadata, link to the original, marked text."""
    url = safe_url(article.url)
    meta = [esc(x) for x in (article.source, ", ".join(article.authors), day(article.published_iso)) if x]
    link = (f'<a class="original" href="{esc(url)}" target="_blank" rel="noopener noreferrer">'
            f'Read the original ↗</a>') if url else ""
    return (f'<article class="src-article" data-turn="{turn}" data-article="{esc(article.id)}" hidden>'
            f'<h3>{esc(article.title or "Untitled article")}</h3>'
            f'<div class="src-meta">{" · ".join(meta) or "outlet and date unknown"} {link}</div>'
            f'<div class="src-text">{highlighted_text(article.text, citations)}</div></article>')


def sources_html(answer: Answer, articles: Mapping[str, Article], turn: int = 1, visible: bool = True) -> str:
    """The sources panel part of one answer: its source list and each cited article, marked."""
    body = grouped_sources(answer.citations, turn) if answer.citations else \
        '<p class="empty">This answer cites no sources.</p>'
    arts = "".join(
        article_html(art, [c for c in answer.citations if c.article_id == aid], turn)
        for aid, art in articles.items() if any(c.article_id == aid for c in answer.citations)
    )
    heading = clip(answer.question, HEADING_CHARS)  # a 2,000-character question would push the sources away
    return (f'<div class="src-turn" data-turn="{turn}"{"" if visible else " hidden"}>'
            f'<div class="src-question"><span class="label">Sources for</span> “{esc(heading)}”</div>{body}{arts}</div>')


def sources_panel(parts: Sequence[str]) -> str:
    """The whole panel: one part per answer, or the empty-state help."""
    body = "".join(parts) or ('<p class="empty">Sources appear here. Click a <b>&#91;n&#93;</b> in an answer to read '
                              "the quoted passage highlighted in its article.</p>")
    return f'<h2 class="panel-title">Sources</h2><div class="src-panel">{body}</div>'


def conversation_markdown(answers: Sequence[Answer], scopes: Sequence[str] = ()) -> str:
    """The conversation as Markdown: each question, the filters it was asked under ("filters: outlet
    Reuters"), the answer with [n] markers and its sources."""
    lines = ["# News Assistant conversation", ""]
    for i, answer in enumerate(answers):
        lines += [f"## {answer.question}", ""]
        if answer.standalone_question and answer.standalone_question != answer.question:
            lines += [f"*Understood as: {answer.standalone_question}*", ""]
        if i < len(scopes) and scopes[i]:
            lines += [f"*{scopes[i][:1].upper()}{scopes[i][1:]}*", ""]
        if answer.notice:
            lines += [f"> Note: {answer.notice}", ""]
        lines += [_paragraphs(answer.text), ""]  # a comparison's table is in the text, quotes and marks included
        if answer.citations:
            lines += ["Sources:", ""]
        for c in answer.citations:
            meta = ", ".join(x for x in (c.source, day(c.published)) if x)
            head = f"{c.n}. {c.title or 'Untitled article'}" + (f" ({meta})" if meta else "")
            quote = "\n   > ".join(f"“{c.quote}”".splitlines())  # a quote of several lines stays one blockquote
            lines += [head + (f" <{c.url}>" if c.url else ""), f"   > {quote}"]
        mode = answer.mode + (f" ({answer.model})" if answer.model else "")
        lines += ["", f"*Mode: {mode}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def _paragraphs(text: str) -> str:
    """An answer's lines as Markdown paragraphs: each line its own (a renderer would run single lines together), but
    a table's rows and a list's items kept together."""
    out: list[str] = []
    kind = ""
    for line in text.splitlines():
        if not line.strip():  # a break already: the next line starts a paragraph anyway
            kind = ""
            continue
        now = "table" if line.startswith("|") else "list" if re.match(r"\s*(?:[-*]|\d+\.)\s", line) else ""
        if out and (not now or now != kind):
            out.append("")
        out.append(line)
        kind = now
    return "\n".join(out)


def library_rows(rows: Sequence[Mapping[str, Any]], query: str = "") -> list[list[Any]]:
    """Table rows [title, outlet, date, chunks, claims, id] of the articles matching `query`."""
    q = (query or "").strip().lower()
    out = []
    for r in rows:
        cells = [r.get("title") or "Untitled", r.get("source") or "", day(str(r.get("published") or "")),
                 int(r.get("chunks") or 0), int(r.get("claims") or 0), r.get("id", "")]
        shown = (cells[0], cells[1], cells[2], cells[5], r.get("authors", ""), r.get("published", ""))
        if not q or any(q in str(x).lower() for x in shown):
            out.append(cells)
    return out


def ingest_results_html(results: Sequence[tuple[str, str, str]]) -> str:
    """Per-file outcome rows (name, status, detail) as an HTML table."""
    if not results:
        return ""
    rows = "".join(f'<tr class="st-{esc(status.replace(" ", "-"))}"><td>{esc(name)}</td><td><b>{esc(status)}</b></td>'
                   f"<td>{esc(detail)}</td></tr>" for name, status, detail in results)
    return f'<table class="ingest-results"><tr><th>File</th><th>Result</th><th>Detail</th></tr>{rows}</table>'
