"""Route "who said what" questions to the claims: retrieve per speaker from the claims collection,
then build the answer (extractive alignment, or the model's comparison checked against claim spans).

Per-speaker retrieval is what keeps one heavily quoted speaker from crowding the others out.
Returns None for questions that are not about what someone said.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

from .comparison import (
    ClaimQuestion,
    ScoredClaim,
    answer_comparison,
    answer_speaker,
    answer_unknown_speakers,
    answer_who_said,
    parse_claim_question,
)
from .dates import describe_range, names_month
from .errors import LLMBadReply, LLMError
from .llm import failure
from .models import Answer, Claim, Comparison, ComparisonRow
from .prompts import render
from .retrieval import Filters
from .speakers import namesakes
from .store import where_in
from .terms import tokenize

if TYPE_CHECKING:
    from .service import Assistant
    from .speakers import Roster

PER_SPEAKER = 8
ON_TOPIC = 0.3  # a claim this similar to the topic is about it whatever its context ...
MIN_WORDS_BY_MEANING = 4  # ... if it has at least this many words
CONTEXT = 300  # characters either side of a claim that show what the article is talking about there
LEDE = 400  # an article's opening paragraph (this many characters at most) says what the whole story is about
LEDE_WORDS = 8  # ... and has this many words at least (not "CNN —", "By Jane Doe")
SCOPED_DEPTH = 2000  # a speaker's claims read, at most, to find those within an outlet or date filter


def answer_claim_question(assistant: Assistant, question: str, standalone: str,
                          filters: Filters | None = None) -> Answer | None:
    """The answer to a question about what someone said, or None if it is not one.

    Statements are kept to `filters`, or else to the dates the question names ("last week"), and to none
    published after the assistant's `today`."""
    roster = assistant.roster()
    # the question as asked first: it names its speakers itself more often than the rewrite guesses them
    cq = parse_claim_question(question, roster.roles, assistant.aliases, roster.counts) or (
        parse_claim_question(standalone, roster.roles, assistant.aliases, roster.counts)
        if standalone != question else None)
    if cq is None:
        return None
    scope = assistant.retriever.question_filters(standalone, filters, assistant.settings.today)
    if cq.kind == "who_said":  # no statement holds the words: the passages may still tell who said them
        said = [c for c in _quote_matches(assistant, cq.quote) if scope.admits(c.source, c.published)]
        return answer_who_said(standalone, cq, said) if said else None
    if not cq.speakers:
        # nobody in the index is quoted under those names: say so only if no article mentions them at all,
        # otherwise the passages may still answer (names of places, companies, events...)
        if cq.unknown and not any(_mentioned(assistant, name) for name in cq.unknown):
            return answer_unknown_speakers(standalone, cq)
        return None
    vector = assistant.embeddings.encode([cq.topic or standalone])[0]

    def statements(scope: Filters) -> dict[str, list[ScoredClaim]]:
        claims = {s: [(roster.as_person(c, s), sim) for c, sim in _statements(assistant, roster, s, vector, scope)]
                  for s in cq.speakers}
        # "No statements by X about Y" rather than X's best quotes on something else
        return _on_topic(assistant, cq.topic, claims, cq.about) if cq.topic else claims

    claims, elsewhen = statements(scope), ""
    explicit = filters is not None and (filters.since or filters.until)
    if not any(claims.values()) and not explicit and (scope.since or scope.until):  # "What did Merz say in
        earlier = _a_year_before(assistant, standalone, filters, scope, statements)  # February?": none then; the
        if earlier is not None:  # same month of an earlier year ("in December": December 2022 when 2024 has none)
            claims, then = earlier
            elsewhen = (f"None of the statements found is dated {describe_range(scope.since, scope.until)}; these are "
                        f"from {describe_range(then.since, then.until)}.")
        else:
            wide = assistant.retriever.question_filters("", filters, assistant.settings.today)
            if wide != scope:
                claims = statements(wide)
                elsewhen = (f"None of the statements found is dated {describe_range(scope.since, scope.until)}; "
                            "these are from other dates.") if any(claims.values()) else ""
    if not any(claims.values()) and cq.topic and any(
            _mentioned(assistant, f"{speaker.split()[-1]} {cq.topic}") for speaker in cq.speakers):
        return None  # no statement of theirs on it was recognised, but an article names them with it: its passages
        # answer ("Brandt's pledge to pay for every family's funeral drew applause"), not "No statements by Brandt"
    answer = _answer_statements(assistant, standalone, cq, claims)
    notes = [answer.notice, elsewhen, _also_meant(assistant, roster, cq)]
    return replace(answer, notice=" ".join(n for n in notes if n)) if any(notes[1:]) else answer


YEARS_BACK = 5  # "in December" with no statements then: the same month this many years back at most


def _a_year_before(assistant: Assistant, question: str, filters: Filters | None, scope: Filters,
                   statements: Any) -> tuple[dict[str, list[ScoredClaim]], Filters] | None:
    """The statements of the same month (or day of a month) an earlier year, the latest that has any, when a question
    names a time of year without its year ("What did Zelensky say in December?"); None otherwise."""
    if scope.since is None or scope.until is None or (scope.until - scope.since).days > 31 or not names_month(
            question) or re.search(r"\b(?:1[89]|2[01])\d\d\b", question):  # "in December 2022" meant that year
        return None
    last = scope.until.date()  # the range's last day, that many years back: the question read as of then
    for back in range(1, YEARS_BACK + 1):
        day = last.replace(year=last.year - back, day=min(last.day, 28) if last.month == 2 else last.day)
        then = assistant.retriever.question_filters(question, filters, day)
        if then.since is None or then == scope:
            return None
        found = statements(then)
        if any(found.values()):
            return found, then
    return None


def _also_meant(assistant: Assistant, roster: Roster, cq: ClaimQuestion) -> str:
    """A note when a name asked about is shared by people quoted in the articles ("Okafor": Paul Okafor, the
    most quoted, is answered; Grace Okafor is named so that the reader can ask about her). Only the speakers' part
    of the question is read, not its topic ("the rail strike" names no Northwind Rail)."""
    others = [s for s in namesakes(cq.slot, cq.speakers, list(roster.counts), assistant.aliases)
              if roster.counts.get(s)]
    if not others:
        return ""
    named = " and ".join(f"{s} ({roster.counts[s]} statement{'s' if roster.counts[s] != 1 else ''})" for s in others[:3])
    return f"The name asked about may also mean {named}; ask with the full name for them."


def _answer_statements(assistant: Assistant, standalone: str, cq: ClaimQuestion,
                       claims: dict[str, list[ScoredClaim]]) -> Answer:
    """The statements as a speaker's list, or side by side (by the model in `llm` mode)."""
    if cq.kind == "speaker" and not cq.unknown or not any(claims.values()):
        return answer_speaker(standalone, cq, claims)
    chat = assistant.chat_now()
    if chat is not None:
        try:
            return _llm_comparison(assistant, chat, standalone, cq, claims)
        except LLMError as exc:
            fallback = answer_comparison(standalone, cq, claims, assistant.embeddings.encode)
            return replace(fallback, notice=assistant.model_failed(exc, "statements aligned by topic"))
    fallback = answer_comparison(standalone, cq, claims, assistant.embeddings.encode)
    return replace(fallback, notice=assistant.paused_notice("statements aligned by topic")) \
        if assistant.chat is not None else fallback


def _label(topic: Any) -> str:
    """A row's topic as the model wrote it, made a plain label: no table bars, line breaks, tags or citation
    markers that could add a row or a citation to the answer."""
    text = re.sub(r"\[\d+\]|[|<>\n\r\t]", " ", str(topic or "") if isinstance(topic, str) else "")
    return " ".join(text.split())[:80]


def _statements(assistant: Assistant, roster: Roster, speaker: str, vector: Any,
                scope: Filters) -> list[ScoredClaim]:
    """The speaker's PER_SPEAKER claims nearest `vector` within `scope`, each wording once (read deeper and
    filtered here: claim records carry no outlet or date keys for Chroma's `where`)."""
    depth = PER_SPEAKER if scope.empty else min(max(roster.counts.get(speaker, 0), PER_SPEAKER), SCOPED_DEPTH)
    found = assistant.store.query_claims(vector, depth + PER_SPEAKER, where=roster.where(speaker))
    seen: set[str] = set()
    out = []
    for claim, sim in found:  # one statement carried by two outlets (a wire story) is shown once
        said = " ".join(claim.quote.lower().split())
        if said not in seen and scope.admits(claim.source, claim.published):
            seen.add(said)
            out.append((claim, sim))
    return out[:PER_SPEAKER]


_DETERMINER = re.compile(r"^(?:the|this|that|a|an)\\ ", re.I)  # (on an escaped phrase)
_ANY_DETERMINER = r"(?:(?:the|this|that|these|those|its|his|her|their|our|a|an)\\s+(?:[\\w-]+['’]s?\\s+)?" \
    r"(?:\\d[\\w-]*\\s+)?(?-i:[A-Z][\\w-]*\\s+){0,3}|(?-i:[A-Z][\\w-]*)['’]s\\s+|(?:on|over|under|within|off)\\s+)"
# ... "the company's offer", "Aldine's offer", or "on budget" for "the budget"


def _on_topic(assistant: Assistant, topic: str, claims: dict[str, list[ScoredClaim]],
              as_written: str = "") -> dict[str, list[ScoredClaim]]:
    """Each speaker's claims about the topic: close to it in meaning, or said where the article is talking
    about it (both words of a two-word topic, half or more of a longer one, in the title or within CONTEXT
    characters of the claim). A short topic
    ("the call") is far in meaning from every quote, even from the ones made on that call. A topic of one
    word is talked about where the title has the word or the text near the claim has the topic as written
    (or its adjective: "a European issue" for "Europe"): "the call", not the "wakeup call" of a story about
    something else."""
    words = set(tokenize(topic))
    written = re.escape(as_written or topic)
    # "the ruling": "this ruling", "her 42-page ruling", "the Supreme Court ruling", "the court's ruling"; not "a wakeup
    # call" for "the call"
    written = _DETERMINER.sub(_ANY_DETERMINER, written, count=1)
    phrase = re.compile(rf"(?<!\w){written}(?:n|an|ian|ean|ese|ish|ic)?(?!\w)", re.I)  # "European"
    texts: dict[str, str] = {}  # article id -> text, read once however many speakers it quotes
    settings: dict[str, tuple[str, str]] = {}  # claim id -> (its story's opening, the text around it), read once
    named = set(tokenize(" ".join(re.findall(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]+", as_written or topic))))

    def setting(claim: Claim) -> tuple[str, str]:
        """The story's title or opening says what it is about; the text near the claim, what then."""
        if claim.id not in settings:
            if claim.article_id not in texts:
                article = assistant.article(claim.article_id)
                texts[claim.article_id] = article.text if article else ""
            text = texts[claim.article_id]
            settings[claim.id] = (_lede(text, claim.title),
                                  text[_context_start(text, claim.start) : _paragraph_end(text, claim.end)])
        return settings[claim.id]

    def names_it(claim: Claim) -> bool:  # "North Korea's nuclear program": not statements on Iran's, however alike
        if not named:
            return True
        lede, around = setting(claim)
        said = {t[:5] for t in tokenize(f"{claim.title} {lede} {around}")}
        return all(t[:5] in said for t in named)  # "Korea" in "Korean", "Europe" in "European"

    def about(claim: Claim) -> bool:
        if len(words) > 1 and {w[:4] for w in words} <= {t[:4] for t in tokenize(claim.quote)} or len(words) == 1 \
                and re.search(rf"\b(?:{_NAMES_THING})\s+{re.escape(next(iter(words))[:4])}", claim.quote, re.I):
            return True  # "he had received no warning": about the warnings (word starts: "warnings" and "warning"
            # stem apart); not "a wakeup call" for the call
        lede, around = setting(claim)
        if len(words) == 1:
            return bool(words & set(tokenize(claim.title))) or bool(phrase.search(around) or phrase.search(lede))
        near = set(tokenize(f"{claim.title} {around}"))
        if len(words) == 2:  # "the port sale": both words, not "port" alone; "the pay offer": the statement's own
            head = tokenize(topic)[-1]  # "offer" in a story whose opening is about pay
            return words <= near or head in tokenize(claim.quote) and words <= near | set(tokenize(lede))
        return bool(words) and 2 * len(words & near) >= len(words)

    def close(claim: Claim, sim: float) -> bool:  # a fragment ("wakeup call") is near any topic it shares a word with
        return sim >= ON_TOPIC and len(claim.quote.split()) >= MIN_WORDS_BY_MEANING

    return {s: [(c, sim) for c, sim in found if (close(c, sim) or about(c)) and names_it(c)] for s, found in claims.items()}


_NAMES_THING = "the|a|an|no|any|this|that|these|those|his|her|their|its|our|my|your|of|about|on|over|for"  # the
# words before a noun that name the thing itself


def _lede(text: str, title: str) -> str:
    """An article's opening paragraph (LEDE characters at most), past the title when the text starts with it and past
    a dateline or byline line ("CNN —", "By Jane Doe"): the first paragraph that is a sentence."""
    paragraphs = [p for p in text.split("\n", 6)[:6] if p.strip() and p.strip() != title.strip()]
    told = next((p for p in paragraphs if len(p.split()) >= LEDE_WORDS), paragraphs[0] if paragraphs else "")
    return told[:LEDE]


def _context_start(text: str, start: int) -> int:
    """Where the text that sets a claim's subject begins: CONTEXT characters before it, but not before the
    paragraph ahead of the claim's own ("On the ceasefire, ..." then "'...,' he said")."""
    own = text.rfind("\n", 0, start)
    before = text.rfind("\n", 0, len(text[:own].rstrip("\n"))) if own > 0 else -1
    return max(0, start - CONTEXT, before + 1)


def _paragraph_end(text: str, end: int) -> int:
    """Where the claim's paragraph ends, at most CONTEXT characters on: what the next one says is about
    what someone else said next."""
    stop = text.find("\n", end)
    return min(end + CONTEXT, stop if stop >= 0 else len(text))


def _mentioned(assistant: Assistant, name: str) -> bool:
    """True when some stored chunk or its article's headline contains the name's words (keyword index, no
    embedding)."""
    assistant.keyword.sync(assistant.store)
    wanted = set(tokenize(name))
    hits = assistant.keyword.search(name, 3)
    if not wanted or not hits:
        return False
    texts = assistant.store.get_chunks([h.chunk_id for h in hits])
    return any(wanted <= set(tokenize(f"{meta.get('title', '')} {text}")) for text, meta, _vec in texts.values())


def _quote_matches(assistant: Assistant, quote: str) -> list[Claim]:
    """Claims whose text contains the quoted words (tolerant of punctuation), best first.

    Candidates come from the chunks whose words match the quote (BM25), then from the claims nearest
    the quote's vector: claim vectors are read in the context of their article (see ingest), so exact
    wording is the keyword index's job.
    """
    wanted = tokenize(quote)
    if not wanted:
        return []
    assistant.keyword.sync(assistant.store)
    index = assistant.keyword
    articles = list(dict.fromkeys(index.article_ids[index.rows[h.chunk_id]] for h in index.search(quote, 10)))
    by_words = assistant.store.get_claims(where_in("article_id", articles)) if articles else []
    rank = {aid: i for i, aid in enumerate(articles)}
    by_words.sort(key=lambda c: rank[c.article_id])
    by_vector = [c for c, _score in assistant.store.query_claims(assistant.embeddings.encode([quote])[0], 20)]
    out: dict[str, Claim] = {}
    for claim in [*by_words, *by_vector]:
        if claim.id not in out and _holds(claim.quote, quote):
            out[claim.id] = claim
    return list(out.values())


def _holds(statement: str, quote: str) -> bool:
    """Whether a statement holds the words asked about together: four in five of their terms within a stretch
    two terms longer than they are ("we respect the verdict" is not in "we respect the jury's work but disagree
    with the verdict"); words of one term or none, as written ("I was believed" is not "he believes")."""
    terms, wanted = tokenize(statement), tokenize(quote)
    if len(wanted) < 2:
        plain = " ".join(re.findall(r"\w+", quote.lower()))
        return bool(plain) and plain in " ".join(re.findall(r"\w+", statement.lower()))
    need, width = -(-4 * len(wanted) // 5), len(wanted) + 2
    return any(sum(t in terms[i:i + width] for t in set(wanted)) >= need for i in range(max(1, len(terms) - 1)))


def _llm_comparison(assistant: Assistant, chat: Any, question: str, cq: ClaimQuestion,
                    claims: dict[str, list[ScoredClaim]]) -> Answer:
    """The model groups the numbered statements into rows; ids are checked against the claims."""
    from langchain_core.messages import HumanMessage, SystemMessage

    numbered: list[Claim] = [c for s in cq.speakers for c, _ in claims.get(s, [])[:6]]
    if not numbered:
        return answer_comparison(question, cq, claims, assistant.embeddings.encode)
    lines = [f'<statement id="{i}" speaker="{escape(c.speaker)}" date="{escape(c.published[:10])}">'
             f"{escape(c.quote, quote=False)}</statement>" for i, c in enumerate(numbered, start=1)]  # cannot close it
    messages = [SystemMessage(render("compare_system")),
                HumanMessage(render("compare_user", speakers=", ".join(cq.speakers), statements="\n".join(lines),
                                    question=question))]
    try:
        reply = str(chat.invoke(messages).content)
    except Exception as exc:  # network, HTTP
        raise failure(exc) from exc
    try:
        payload = json.loads(re.search(r"\{.*\}", reply, re.S).group(0))  # type: ignore[union-attr]
    except Exception as exc:  # no JSON object in it
        raise LLMBadReply("its comparison is no JSON object") from exc
    return _checked_rows(question, cq, numbered, payload, assistant.settings.openai_model)


def _checked_rows(question: str, cq: ClaimQuestion, numbered: list[Claim], payload: Any, model: str) -> Answer:
    """Rows of the statements the model grouped, each under its own speaker's column whatever column the model put
    it in or however it spelled the speaker ("Souza" for "Ana Souza"): who said it is known, the model only groups;
    ids that are no statement are dropped. Citations built from the claims."""
    from .comparison import _cell, _Citer

    citer = _Citer()
    rows: list[ComparisonRow] = []
    claim_of: dict[int, Claim] = {}  # citation number -> the statement it cites
    given = payload.get("rows") if isinstance(payload, dict) else None
    if not isinstance(given, list):
        raise LLMBadReply("its comparison has no list of rows")
    for row in [r for r in given if isinstance(r, dict) and isinstance(r.get("cells"), dict)][:6]:
        ids = [i for said in row["cells"].values() if isinstance(said, list)
               for i in said if isinstance(i, int) and not isinstance(i, bool) and 1 <= i <= len(numbered)]
        cells: dict[str, list[int]] = {}
        for speaker in cq.speakers:
            valid = [numbered[i - 1] for i in dict.fromkeys(ids) if numbered[i - 1].speaker == speaker]
            cells[speaker] = [citer.cite(c) for c in valid]
            claim_of.update(zip(cells[speaker], valid, strict=True))
        if any(cells.values()):
            rows.append(ComparisonRow(_label(row.get("topic")), cells))
    if not rows:
        raise LLMBadReply("its comparison cited no valid statement")
    header = "| Point | " + " | ".join(cq.speakers) + " |\n|" + "---|" * (len(cq.speakers) + 1)
    body = ["| " + r.topic + " | " + " | ".join(
        "<br>".join(_cell(claim_of[n], n) for n in r.cells[s]) or "(not addressed)"
        for s in cq.speakers) + " |" for r in rows]
    reported = sorted(n for n, c in claim_of.items() if c.kind != "direct")
    return Answer(question, "\n".join([header, *body]), citer.citations, "llm",
                  comparison=Comparison(list(cq.speakers), rows, reported), model=model)
