"""The facade the CLI, the UI, the eval harness and the tests all call: `Assistant`.

Built once from Settings; loads the embedding model and opens the store once per process. Routes a
question to claims answering (who said what, comparisons) or to passage answering, in `llm` mode
when a model is configured and `extractive` mode otherwise, and falls back to `extractive` with a
visible notice when the model fails.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import conversation, extractive, llm
from .articles import Failure
from .articles import article_id as make_id
from .citations import verify
from .dates import describe_range
from .embeddings import MiniLMEmbeddings, embeddings_for
from .errors import LLMBadReply, LLMError, LLMTruncated, LLMUnreachable
from .feedlist import FeedList, FeedRefresh, ReadFeeds, iter_sources, refresh_feeds
from .given_names import pronoun_of
from .ingest import Ingester, IngestReport, Progress
from .keyword import KeywordIndex
from .models import Answer, Article, Claim, Passage
from .retrieval import Filters, Retriever, without_outlet
from .settings import Settings
from .speakers import (
    Roster,
    is_generic_speaker,
    is_institution,
    is_person_role,
    load_aliases,
    make_roster,
    match_speakers,
    namesakes,
)
from .store import Store
from .who_spoke import name_pronoun_speakers

log = logging.getLogger(__name__)
LLM_DOWN = "The language model is unavailable; showing quoted passages."  # (with why, when known: `model_failed`)
LLM_UNSUPPORTED = "The language model's answer cited nothing the articles support; showing quoted passages."
MAX_QUESTION = 2000  # characters: longer input is cut, not sent whole to the model and the indexes
FOLLOW_UP_SIMILARITY = 0.2  # a question with no names of its own this close to the last one goes on from it


class Assistant:
    """Ingest, search, ask and list claims over one index."""

    def __init__(self, settings: Settings, embeddings: MiniLMEmbeddings | None = None,
                 chat: Any | None = None) -> None:
        self.settings = settings
        self.store = Store(settings)
        self.embeddings = embeddings or embeddings_for(settings)
        self.keyword = KeywordIndex(self._keyword_folder())
        self.retriever = Retriever(self.store, self.keyword, self.embeddings)
        self.chat: Any = chat if chat is not None else (llm.make_chat_model(settings) if settings.llm_enabled else None)
        self.aliases = load_aliases(settings.aliases_file)
        self._roster: tuple[int | None, Roster] = (None, make_roster(()))
        self._paused: tuple[float, str] = (0.0, "")  # the model is not asked until then (monotonic clock), and why

    def _keyword_folder(self) -> Path:
        s = self.settings
        if s.server_mode:
            return s.index / f"keyword-{s.chroma_host}-{s.chroma_port}-{s.collection}"
        return s.index / f"keyword-{s.collection}"

    @property
    def mode(self) -> str:
        return "llm" if self.chat is not None else "extractive"

    @property
    def model_name(self) -> str:
        return self.settings.openai_model if self.chat is not None else self.embeddings.name

    # -- ingest --------------------------------------------------------------------------------

    def ingest(self, sources: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Ingest files, folders and URLs; the report lists what was added, unchanged and failed.

        Feeds among them (URLs or feed files) are remembered with the index, for `refresh`.
        """
        feeds: ReadFeeds = []  # filled by the reader thread; complete once the ingest returns
        items = iter_sources(sources, self.settings.max_file_mb * 1_000_000, self.settings.fetch_timeout, feeds)
        report = self.ingest_articles(items, progress)
        feed_list = FeedList(self.store)
        for source, result in feeds:
            feed_list.remember(result, source)
        return report

    def refresh(self, progress: Progress | None = None) -> list[FeedRefresh]:
        """Re-read every remembered feed and ingest its new or changed entries; one report per feed."""
        ingester = Ingester(self.store, self.embeddings, self.settings, self._extractor())
        done = refresh_feeds(FeedList(self.store), lambda items: ingester.ingest(items, progress),
                             self.settings.max_file_mb * 1_000_000, self.settings.fetch_timeout)
        self.keyword.sync(self.store)
        return done

    def ingest_articles(self, items: Iterable[Article | Failure], progress: Progress | None = None) -> IngestReport:
        """Ingest already-read articles (failures pass through to the report)."""
        report = Ingester(self.store, self.embeddings, self.settings, self._extractor()).ingest(items, progress)
        self.keyword.sync(self.store)
        return report

    def reprocess(self, progress: Progress | None = None) -> IngestReport:
        """Process again, from their stored text, the articles whose stored data an upgrade has made out of
        date (claims from an older extractor): they are reported as updated, the rest as unchanged."""
        return self.ingest_articles(self.store.iter_articles(), progress)

    def _extractor(self) -> Callable[[Article], list[Claim]] | None:
        try:
            from .claims import extract_claims
        except ImportError:
            return None
        return lambda article: extract_claims(article, self.aliases)

    def delete(self, ref: str) -> bool:
        """Delete an article by id or URL, with its chunks, claims and keyword entries."""
        target = make_id(ref, "") if ref.startswith(("http://", "https://")) else ref
        removed = self.store.delete_article(target)
        self.keyword.sync(self.store)
        return removed

    # -- read ----------------------------------------------------------------------------------

    def search(self, query: str, k: int | None = None, filters: Filters | None = None) -> list[Passage]:
        """The best passages for a query; its date words ("last week", "in March", "latest") narrow or order them.

        Raises FilterError for filters that can match nothing (an outlet the index lacks, an empty range)."""
        filters = self.retriever.resolve(filters) if filters else None
        return self.retriever.search_dated(query, k or self.settings.top_k, filters, self.settings.today)

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def articles(self) -> list[dict[str, Any]]:
        return self.store.list_articles()

    def claims(self, speaker: str | None = None) -> list[Claim]:
        """Stored claims, optionally of one speaker (name, surname or alias), under any of their spellings."""
        roster = self.roster()
        if not speaker:  # each under the person it belongs to ("Marsh said ...": Elena Marsh, reported speech)
            person_of = {name: person for person, names in roster.spellings.items() for name in names}
            return [roster.as_person(c, person_of.get(c.speaker, c.speaker)) for c in self.store.get_claims()]
        found = match_speakers(speaker, list(roster.counts), self.aliases, weights=roster.counts)
        if not found:
            return self.store.get_claims({"speaker": speaker})
        everyone = [found[0], *namesakes(speaker, found[:1], list(roster.counts), self.aliases)]  # "Okafor": both
        return [roster.as_person(c, person) for person in everyone for c in self.store.get_claims(roster.where(person))]

    def example_questions(self, bundled: list[str]) -> list[str]:
        """Questions to suggest that fit the library: `bundled` on the sample article, else about its two most
        quoted people (a first question that fails on its own suggestion would be a poor welcome)."""
        people = [p for p in self.speakers() if len(p.split()) > 1 and not is_institution(p)]
        if people[:2] == ["Donald Trump", "Vladimir Putin"] or len(people) < 2:  # the sample is most of the library
            return bundled
        stories = self.roster().articles  # person -> the articles quoting them
        together = ((a, b) for i, a in enumerate(people) for b in people[i + 1:]  # the most quoted two of one
                    if stories[a] & stories[b])  # story: a comparison about something shared
        pair = next(together, None)
        if pair is None:  # no two people quoted in one story: nothing to compare
            return [f"What did {people[0]} say?", f"What did {people[1]} say?"]
        first, other = pair
        return [f"What did {first} say?", f"What did {other} say?", f"Compare what {first} and {other} said"]

    def speakers(self) -> dict[str, int]:
        """Speakers (each person or body once, under their most quoted spelling) with their claim counts, most quoted
        first; no generic ones ("Prosecutors", "Fire officials", "state fire agency"): no one can be asked about
        under those."""
        return {name: n for name, n in self.roster().counts.items() if not is_generic_speaker(name)}

    def roster(self) -> Roster:
        """The index's speakers as people, read once per store generation."""
        generation = self.store.generation()
        if self._roster[0] != generation:
            self._roster = (generation, make_roster((c.speaker, c.role, c.article_id) for c in self.store.get_claims()))
        return self._roster[1]

    # -- ask -----------------------------------------------------------------------------------

    def chat_now(self) -> Any:
        """The chat model, or None when there is none or it is paused: after its server gave no reply in time or
        refused the connection, it is not asked again for `llm_pause` seconds (a dead server would otherwise cost
        every question its timeouts and retries, and a follow-up twice)."""
        return None if self.chat is None or time.monotonic() < self._paused[0] else self.chat

    def model_failed(self, exc: LLMError, instead: str = "showing quoted passages") -> str:
        """Log a failure, pause the model if its server did not answer, and say why for the notice of the answer
        given `instead`."""
        log.warning("the language model failed: %s", exc)
        if isinstance(exc, LLMBadReply):
            return f"The language model's reply could not be used ({exc}); {instead}."
        if isinstance(exc, LLMUnreachable) and self.settings.llm_pause > 0:
            self._paused = (time.monotonic() + self.settings.llm_pause, str(exc))
            return f"The language model is unavailable ({exc}; not asked again for {self.settings.llm_pause:g} s); " \
                   f"{instead}."
        return f"The language model is unavailable ({exc}); {instead}."

    def paused_notice(self, instead: str = "showing quoted passages") -> str:
        """The notice of an answer given while the model is paused."""
        left = max(1, round(self._paused[0] - time.monotonic()))
        return f"The language model is unavailable ({self._paused[1]} a moment ago; asked again in {left} s); {instead}."

    def standalone(self, question: str, history: list[str], replies: list[str] | None = None) -> str:
        """The question rewritten to stand alone, given the previous standalone questions and, when known, the
        answers to them (`replies`, aligned with `history`: "Who made a rival bid?" -> "Marston Capital ...")."""
        if not history:
            return question
        replies = [*(replies or [])[: len(history)], *[""] * (len(history) - len(replies or []))]
        chat = self.chat_now()
        if chat is not None:
            try:
                return llm.condense(chat, list(zip(history, replies, strict=True)), question)
            except LLMError as exc:
                self.model_failed(exc)  # the rule rewrites it instead
        return conversation.rewrite(question, history, self._goes_on,
                                    lambda q: bool(self.retriever.outlet_speaking(q)), self._pronoun_for,
                                    replies, self.retriever.keyword.holds)

    def _pronoun_for(self, name: str) -> str | None:
        """"he" or "she" for a person the articles quote (or a common given name) when their title or given name
        tells, "" for one that does not; None for a name the articles quote as no person and no given name tells
        ("Harborview", "Pacific Crest Power")."""
        if is_institution(name):  # "Jordan Chemicals" is no Jordan
            return None
        roster = self.roster()
        quoted = match_speakers(name, roster.spellings, self.aliases, roster.roles, roster.counts)  # "the judge" too
        for speaker in quoted:  # a full name the articles quote is a person's if a given name or a title says so
            told = pronoun_of(speaker, roster.roles.get(speaker, "")) if not is_institution(speaker) else ""
            if told or " " in speaker and is_person_role(roster.roles.get(speaker, "")):
                return told
        return pronoun_of(name) or (None if quoted or name[:1].isupper() else "")

    def _goes_on(self, question: str, previous: str) -> bool:
        """Whether a question is close enough in meaning to the previous one to be its follow-up."""
        a, b = self.embeddings.encode([question, previous])
        return float(a @ b) >= FOLLOW_UP_SIMILARITY

    def ask(self, question: str, history: list[str] | None = None, filters: Filters | None = None,
            replies: list[str] | None = None) -> Answer:
        """Answer a question (with the conversation so far: earlier questions, and their answers if known) with
        verified citations."""
        final: Answer | None = None
        for _partial, answer in self.ask_stream(question, history, filters, replies):
            final = answer or final
        assert final is not None
        return final

    def ask_stream(self, question: str, history: list[str] | None = None, filters: Filters | None = None,
                   replies: list[str] | None = None) -> Iterator[tuple[str, Answer | None]]:
        """Yield (partial text, None) while the answer streams, then ("", final Answer)."""
        question = " ".join("".join(ch if ch.isprintable() else " " for ch in question).split())
        shortened = len(question) > MAX_QUESTION
        question = question[-MAX_QUESTION:].lstrip()  # a long paste ends with what is asked about it
        if shortened:  # from a whole word, and its last question alone: a paste is far in meaning from any passage
            question = question.split(" ", 1)[-1]
            questions = [q.strip() for q in re.findall(r"[^.!?\n]*\?", question) if len(q.strip()) >= 10]
            question = questions[-1] if questions else question
        if not question:
            yield "", Answer("", "Please type a question about the articles.", [], "extractive", abstained=True)
            return
        filters = self.retriever.resolve(filters) if filters else None
        standalone = self.standalone(question, history or [], replies)
        outlets, missing = self.retriever.outlet_asked(standalone)
        if outlets and not (filters and filters.sources):  # "What did Reuters report about ...?": Reuters only
            filters = replace(filters or Filters(), sources=outlets)
        claim_answer = None if outlets else self._answer_claims(question, standalone, filters)
        if claim_answer is not None:
            yield "", self._checked(_shortened(claim_answer, shortened), question, standalone)
            return
        plain = without_outlet(standalone) if outlets else standalone  # the outlet is a filter now
        passages = self.search(plain, filters=filters)
        answer: Answer | None = None
        chat, down = self.chat_now(), LLM_DOWN
        if self.chat is not None and chat is None and passages:
            down = self.paused_notice()
        elif chat is not None and passages:
            streamed = yield from self._stream_llm(chat, standalone, passages)
            if isinstance(streamed, LLMError):
                down = self.model_failed(streamed)
            elif not streamed.abstained and not streamed.citations:
                log.warning("the model's answer cites nothing the passages support: %r", streamed.text[:200])
                down = LLM_UNSUPPORTED
            else:
                answer = streamed
        if answer is None:
            asked = self.retriever.asked_dates(standalone, self.settings.today)
            days = (asked.since.date().isoformat() if asked.since else "",
                    asked.until.date().isoformat() if asked.until else "") if asked.since or asked.until else None
            answer = extractive.answer_extractive(plain, passages, self.embeddings,
                                                  self.settings.abstain_threshold, days)
            if self.chat is not None and passages:
                answer = _with(answer, notice=down)
        elsewhen = self._outside_asked_dates(standalone, filters, passages)
        if missing and not (filters and filters.sources):  # "What did Al Jazeera report ...?" with no Al Jazeera articles: the reader should know
            lacking = f"There are no articles from {missing} in the index"
            elsewhen = " ".join(n for n in (f"{lacking}; these passages are from other outlets.", elsewhen) if n)
            if answer.abstained:  # the reason matters most when nothing else answers
                answer = _with(answer, notice=" ".join(n for n in (answer.notice, f"{lacking}.") if n))
        if not passages and filters is not None and not filters.empty:  # nothing passes the filters: say which
            answer = _with(answer, notice=" ".join(n for n in (answer.notice, "No article matches the filters "
                                                                f"({filters.describe()}).") if n))
        if elsewhen and not answer.abstained:
            answer = _with(answer, notice=" ".join(n for n in (answer.notice, elsewhen) if n))
        answer = name_pronoun_speakers(answer, lambda aid: self.store.get_claims({"article_id": aid}))
        yield "", self._checked(_shortened(answer, shortened), question, standalone)

    def _outside_asked_dates(self, question: str, filters: Filters | None, passages: list[Passage]) -> str:
        """A note when the question names dates ("last week") and no passage found is from them: the answer
        then comes from other dates, and the reader should know (explicit filters are strict: never)."""
        if filters is not None and (filters.since or filters.until):
            return ""
        asked = self.retriever.asked_dates(question, self.settings.today)
        if not passages or asked.since is None and asked.until is None:
            return ""
        scope = Filters(since=asked.since, until=asked.until)
        if any(scope.admits(p.source, p.published) for p in passages):
            return ""
        year = asked.since.year if asked.since and asked.until and asked.since.year == asked.until.year and (
            asked.since.month, asked.since.day, asked.until.month, asked.until.day) == (1, 1, 12, 31) else None
        if year is not None and any(re.search(rf"\b{year}\b", p.text) for p in passages):
            return ""  # "What did the Wild do in 2021?": later stories telling of that year answer it
        return f"None of the passages found is dated {describe_range(asked.since, asked.until)}; these are from other dates."

    def _stream_llm(self, chat: Any, question: str, passages: list[Passage]
                    ) -> Generator[tuple[str, Answer | None], None, Answer | LLMError]:
        """The model's answer, streamed and checked; the error instead when the model failed."""
        draft = llm.Draft(passages)  # checks each sentence once complete: shown markers never change
        try:
            for piece in llm.stream_text(chat, question, passages):
                yield draft.add(piece), None
        except LLMTruncated:  # what came is good, but for its unfinished last sentence
            return draft.answer(question, self.settings.openai_model, cut=True)
        except LLMError as exc:
            return exc
        return draft.answer(question, self.settings.openai_model)

    def _answer_claims(self, question: str, standalone: str, filters: Filters | None) -> Answer | None:
        try:
            from .claim_answers import answer_claim_question
        except ImportError:
            return None
        return answer_claim_question(self, question, standalone, filters)

    def _checked(self, answer: Answer, question: str, standalone: str) -> Answer:
        """Keep only citations whose quote is verbatim at its offsets."""
        texts: dict[str, str | None] = {}

        def text_of(aid: str) -> str | None:
            if aid not in texts:
                art = self.store.get_article(aid)
                texts[aid] = art.text if art else None
            return texts[aid]

        good = verify(answer.citations, text_of)
        return _with(answer, question=question, standalone_question=standalone, citations=good)


def _shortened(answer: Answer, shortened: bool) -> Answer:
    """The answer, noting that the question was cut to MAX_QUESTION characters when it was."""
    if not shortened:
        return answer
    note = f"The question was cut to its last {MAX_QUESTION} characters."
    return _with(answer, notice=" ".join(n for n in (note, answer.notice) if n))


def _with(answer: Answer, **changes: Any) -> Answer:
    return replace(answer, **changes)


__all__ = ["Assistant", "Filters"]
