"""Hybrid retrieval: dense Chroma search and BM25, fused by reciprocal rank, filtered, diversified.

`Retriever.search_dated(query, k, filters, today)` returns `Passage`s best first. Outlets named in the query are
each searched on their own and merged in, so that every named source is represented. Knows
nothing of answering or the UI.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from .answer_types import asked_kind, asked_place, new_facts_of_kind, new_places
from .dates import DateIntent, describe_range, end, only_dates, read_dates
from .embeddings import MiniLMEmbeddings
from .errors import FilterError
from .keyword import KeywordIndex
from .models import Passage, clock_stamp
from .store import Store
from .terms import tokenize

RRF_K = 60
MAX_PER_ARTICLE = 2
JOINED_MAX = 2  # chunks joined into one passage at most (two overlapping chunks: up to ~1,800 characters)
SECOND_CHUNK_WEIGHT = 0.85  # an article's second chunk scores this share: another article's best comes first
SOFT_DAYS, SOFT_FLOOR = 14.0, 0.5  # questions without date words: a gentle lean, never below half weight
DATE_MARGIN = 0.15  # a date-range passage this much less similar than the best anywhere no longer counts first
SOFT_MARGIN = 0.15  # cosine similarity within which passages count as equally relevant for that lean
SOFT_RAMP = 0.05  # ... and below it, over this much more, the lean fades out (no cliff at the margin)
KEYWORD_ABOUT = 1.0  # ... as does the best keyword match ("How old is Amara Okafor?": the story naming her, however
# far in meaning the question is from "Okafor, 49, has made three acquisitions")
FRESH_DAYS = 10.0  # "latest": an article this many days older than the newest scores half as much
HEADLINE_WEIGHT = 0.35  # score × (1 + this × share of the question's rarity-weighted terms in the headline)
POST_FILTER_MAX = 1000  # neighbours fetched (ids only) and filtered here, before a filter's own chunks are searched
SUBSET_MAX, SUBSETS_KEPT = 20_000, 4  # a narrow filter's vectors kept in memory (≤ 30 MB each), for the last 4
FILTERS_REMEMBERED = 256  # narrow filters remembered as searched once (their vectors are read on the second)
POOL_DEPTH = 60  # passages fetched from each of the dense and keyword searches before fusion (at least 4 × k)
OUTLETS_LISTED = 20  # outlets named in the error for one the index lacks
PHRASE_BONUS = 2.0  # score × (1 + this) for a passage holding the query's exact wording
NAME_BONUS = 1.0  # score × (1 + this) for a passage holding each rare name the question names ("Paradigm")
RARE_NAME = 0.6  # a name is rare when its rarity is at least this share of the highest possible ...
RARE_DF = 3  # ... and at most this many passages hold it
LEAD_BONUS = 0.1  # score × (1 + this) for an article's opening chunk, where news puts the key facts
TYPED_BONUS = 0.5  # score × (1 + this) for a passage holding the kind of figure asked for ("what percentage": a %)
# or the kind of place ("which country": a country the question does not name)


@dataclass(frozen=True)
class Filters:
    """What a search is restricted to; empty means everything."""

    sources: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    @property
    def empty(self) -> bool:
        return not self.sources and self.since is None and self.until is None

    def describe(self) -> str:
        """The filters for a reader: "outlet BBC News, published from 1 January 2026 on"."""
        parts = [f"outlet {' or '.join(self.sources)}"] if self.sources else []
        if self.since is not None or self.until is not None:
            parts.append(f"published {describe_range(self.since, self.until)}")
        return ", ".join(parts)

    def where(self, source_names: dict[str, str]) -> dict[str, Any] | None:
        """The Chroma `where` clause for these filters (outlets matched case-insensitively)."""
        clauses: list[dict[str, Any]] = []
        if self.sources:
            names = [source_names.get(s.lower(), s) for s in self.sources]
            clauses.append({"source": {"$in": names}})
        if self.since is not None:
            clauses.append({"published_ts": {"$gte": int(self.since.timestamp())}})
        if self.until is not None:
            clauses.append({"published_ts": {"$lte": int(self.until.timestamp())}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def admits(self, source: str, published: str) -> bool:
        """Whether an article from `source`, published at `published` (ISO), passes, as `where` would decide."""
        if self.sources and source.lower() not in {s.lower() for s in self.sources}:
            return False
        if self.since is None and self.until is None:
            return True
        if not published:  # as in Chroma: a missing date fails every comparison
            return False
        stamp = clock_stamp(datetime.fromisoformat(published))  # as stored in `published_ts`
        return (self.since is None or stamp >= int(self.since.timestamp())) and (
            self.until is None or stamp <= int(self.until.timestamp()))


class Retriever:
    """Dense + keyword search over one store, sharing one embedding model."""

    def __init__(self, store: Store, keyword: KeywordIndex, embeddings: MiniLMEmbeddings) -> None:
        self.store = store
        self.keyword = keyword
        self.embeddings = embeddings
        self._names: tuple[int | None, dict[str, str]] = (None, {})  # (keyword generation, outlets)
        self._dates_read: tuple[Any, DateIntent] = (None, DateIntent())  # (generation, query, today), its dates
        self._subsets: OrderedDict[tuple[Any, ...], np.ndarray] = OrderedDict()  # narrow filter -> its vectors
        self._filters_seen: OrderedDict[tuple[Any, ...], None] = OrderedDict()  # narrow filters searched once
        self._lock = threading.Lock()

    def _source_names(self) -> dict[str, str]:
        """Outlets in the index, `{lower-case: as stored}` (read once per index generation).

        This and the other private steps read the keyword index as the public method that called them synced
        it: one generation check per question (a round trip on a Chroma server)."""
        if self._names[0] != self.keyword.generation:
            names = {str(r.get("source", "")) for r in self.store.list_articles()}
            self._names = (self.keyword.generation, {s.lower(): s for s in names if s})
        return self._names[1]

    def newest(self) -> date | None:
        """The publication date of the newest article in the index (None when nothing is dated)."""
        self.keyword.sync(self.store)
        return self._newest()

    def _newest(self) -> date | None:
        stamps = self.keyword.timestamps
        return datetime.fromtimestamp(int(stamps.max()), UTC).date() if len(stamps) and stamps.max() >= 0 else None

    def resolve(self, filters: Filters) -> Filters:
        """`filters` with each outlet as the index spells it: "CNN" finds "CNN" and "cnn.com".

        Raises FilterError for an outlet the index lacks (naming those it has) or a range ending before it starts:
        either would otherwise match nothing and read as "the articles don't say".
        """
        if filters.since is not None and filters.until is not None and filters.since > filters.until:
            raise FilterError(f"the date range starts ({filters.since.date()}) after it ends ({filters.until.date()})")
        if not filters.sources:
            return filters
        self.keyword.sync(self.store)
        stored = sorted(self._source_names().values(), key=str.lower)
        names: list[str] = []
        for wanted in filters.sources:
            found = _matching_outlets(wanted, stored)
            if not found:
                listed = ", ".join(stored[:OUTLETS_LISTED]) + (" …" if len(stored) > OUTLETS_LISTED else "")
                raise FilterError(f"no articles from the outlet {wanted!r} in the index"
                                  + (f"; its outlets: {listed}" if stored else ""))
            names += found
        return replace(filters, sources=tuple(dict.fromkeys(names)))

    def outlet_speaking(self, query: str) -> tuple[str, ...]:
        """The outlet a question asks about as a speaker ("What did The Week report about ...?", "What did CNN
        say ..."), as the index spells it (every spelling); () when the question names no outlet that way."""
        return self.outlet_asked(query)[0]

    def outlet_asked(self, query: str) -> tuple[tuple[str, ...], str]:
        """`outlet_speaking`, and the name as written when the question asks what an outlet reported and the
        index has no articles from it ("What did Al Jazeera report about ...?"; "" otherwise): one reading."""
        asked = _OUTLET_SAYS.search(query) or _ACCORDING.search(query)
        if not asked:
            return (), ""
        self.keyword.sync(self.store)
        found = _matching_outlets(asked.group("who"), list(self._source_names().values()))
        reported = "verb" in asked.groupdict() and asked.group("verb").lower() in _REPORTING  # "according to the UN"
        return found, asked.group("who") if reported and not found else ""  # may be no outlet: nothing missing

    def question_filters(self, query: str, filters: Filters | None = None, today: date | None = None) -> Filters:
        """What a question is strictly restricted to: `filters`, or else the dates its words name ("last week",
        "in March"), and never anything after `today`. (`search_dated` treats the question's dates as a
        preference instead; statements by a named speaker are kept to them.)"""
        filters = filters or Filters()
        if filters.since is None and filters.until is None:
            intent = self.asked_dates(query, today)
            filters = replace(filters, since=intent.since, until=intent.until)
        return replace(filters, until=_earliest(filters.until, end(today) if today else None))

    def asked_dates(self, query: str, today: date | None = None) -> DateIntent:
        """The dates a question's words name ("last week", "in March"), counted from `today` or else the newest
        article in the index. The question just searched is not read again (nor is its event date looked up
        again, nor the index's generation checked again)."""
        if self._dates_read[0] != (self.keyword.generation, query, today):
            self.keyword.sync(self.store)
        return self._dates_of(query, today)

    def _dates_of(self, query: str, today: date | None) -> DateIntent:
        """`asked_dates` on the index as last synced, remembered for the last question."""
        key, read = (self.keyword.generation, query, today), self._dates_read  # one read: threads share it
        if read[0] != key:
            now = today or self._newest()
            read = (key, read_dates(self._without_outlets(query), now, self._event_date) if now else DateIntent())
            self._dates_read = read
        return read[1]

    def search_dated(self, query: str, k: int = 5, filters: Filters | None = None,
                     today: date | None = None) -> list[Passage]:
        """`search`, with the question's date words ("last week", "in March", "latest") applied.

        Nothing after `today` (when given) is returned. A range read from the question puts its passages
        first, as long as they are about as relevant as the best anywhere (within DATE_MARGIN); the rest
        of the k comes from the whole index. Explicit `filters` dates win over the question's.
        """
        self.keyword.sync(self.store)  # once per question: every step below reads this state
        filters = filters or Filters()
        now = today or self._newest()
        intent = self._dates_of(query, today)
        cap = end(today) if today else None
        base = replace(filters, until=_earliest(filters.until, cap))
        vector = self.embeddings.encode([query])[0]
        # "latest" asks for the newest coverage; any other question still leans gently towards recent news
        recent = None if now is None else (
            Freshness(end(now), FRESH_DAYS, 0.0) if intent.recent else Freshness(end(now), SOFT_DAYS, SOFT_FLOOR))
        if filters.since or filters.until or (intent.since is None and intent.until is None):
            return self._search(query, k, base, vector, recent)
        narrowed = replace(base, since=intent.since, until=_earliest(intent.until, cap))
        found = self._search(query, k, narrowed, vector, recent)
        if found and only_dates(query):  # "What happened on 26 March?"
            return found  # the dates are all it asks about
        everywhere = self._search(query, k, base, vector, recent)
        floor = max((p.dense for p in everywhere), default=0.0) - DATE_MARGIN
        relevant = [p for p in found if p.dense >= floor]  # the range's passages about the question come first
        if len(relevant) < k:  # the range alone would pad the answer with unrelated news: add the best others
            found = _merged(relevant, everywhere, k)
        return found

    def _without_outlets(self, query: str) -> str:
        """The query without outlet names, whose words ("Business Today | Latest ...") are not dates."""
        for name in sorted(self._source_names().values(), key=len, reverse=True):
            if len(name) >= 4:
                query = re.sub(re.escape(name), " ", query, flags=re.I)
        return query

    def _event_date(self, phrase: str) -> date | None:
        """The publication date of the best passage about an event ("the summit")."""
        hits = self._search(phrase, 1)
        return datetime.fromisoformat(hits[0].published).date() if hits and hits[0].published else None

    def _search(self, query: str, k: int = 5, filters: Filters | None = None,
                vector: np.ndarray | None = None, recent: Freshness | None = None) -> list[Passage]:
        """The k best passages for `query` under `filters`, each article at most twice.

        With `recent`, newer articles are preferred: scores decay with age before its date.
        """
        filters = filters or Filters()
        vector = self.embeddings.encode([query])[0] if vector is None else vector
        named = [s for s in self._named_sources(query) if not filters.sources]
        pool = self._fused(query, vector, filters, depth=max(POOL_DEPTH, 4 * k))
        if recent is not None:
            pool = recent.apply(pool)
        required: list[Passage] = []
        for source in named:  # make sure each outlet the question names is represented
            own = Filters(sources=(source,), since=filters.since, until=filters.until)
            required += self._fused(query, vector, own, depth=max(10, k))[:1]
        return _diversify(pool, k, required[:k])

    def _named_sources(self, query: str) -> list[str]:
        """Outlets in the index that the query names (e.g. "The Verge", "TechCrunch")."""
        lowered = f" {query.lower()} "
        found = []
        for lower, name in self._source_names().items():
            bare = lower.removeprefix("the ")
            if len(bare) >= 3 and (f" {bare}" in lowered or f"'{bare}" in lowered or f"{bare}." in lowered
                                   and "." in bare):
                found.append(name)
        return sorted(found)

    def _fused(self, query: str, vector: np.ndarray, filters: Filters, depth: int) -> list[Passage]:
        mask = self.keyword.mask(list(filters.sources), _ts(filters.since), _ts(filters.until))
        dense = self._dense(vector, filters, mask, depth)
        hits = self.keyword.search(query, depth, mask)
        scores: dict[str, float] = {}
        for rank, (cid, _sim) in enumerate(dense):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, hit in enumerate(hits):
            scores[hit.chunk_id] = scores.get(hit.chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        sims = dict(dense)
        top = max((hit.score for hit in hits), default=0.0) or 1.0
        matched = {hit.chunk_id: hit.score / top for hit in hits}
        got = self.store.get_chunks(list(scores), vectors=True)
        passages = [replace(_passage(cid, text, meta, sims[cid] if cid in sims else
                                     float(np.asarray(vec, np.float32) @ vector), scores[cid]),
                            keyword=matched.get(cid, 0.0))
                    for cid, (text, meta, vec) in got.items() if cid in self.keyword.rows]  # committed versions only
        return sorted(self._prefer_headlines_and_leads(query, passages), key=lambda p: -p.score)

    def _dense(self, vector: np.ndarray, filters: Filters, mask: np.ndarray | None,
               depth: int) -> list[tuple[str, float]]:
        """The depth nearest chunks that pass the filters, as [(chunk_id, similarity)].

        Chroma's `where` search is slow at scale (~400 ms at 100k chunks), so filters are applied here,
        to ids-only neighbour lists fetched deeper, with the keyword index's in-memory metadata; a narrow
        filter (a rare outlet, a short date range) searches just its own chunks by id.
        """
        size = max(len(self.keyword.ids), 1)
        if mask is None:
            return self.store.nearest_chunk_ids(vector, min(depth, size))
        rows = self.keyword.rows
        if len(mask) != len(rows):  # the keyword index was rebuilt meanwhile: let Chroma filter
            where = filters.where(self._source_names())
            return [(cid, sim) for cid, _t, _m, sim in self.store.query_chunks(vector, depth, where=where)]
        allowed = int(mask.sum())
        if not allowed:
            return []
        n = min(size, max(depth, math.ceil(2 * depth * size / allowed)))  # about 2 × depth should pass
        if n <= POST_FILTER_MAX:
            found = self.store.nearest_chunk_ids(vector, n)
            kept = [(cid, sim) for cid, sim in found if cid in rows and mask[rows[cid]]]
            if len(kept) >= min(depth, allowed) or n >= size:
                return kept[:depth]
        ids = [self.keyword.ids[i] for i in np.flatnonzero(mask)]
        vectors = self._subset_vectors(filters, ids) if len(ids) <= SUBSET_MAX else None
        if vectors is None:
            return self.store.nearest_chunk_ids(vector, min(depth, len(ids)), ids=ids)
        sims = vectors @ vector  # exact search over the filter's own chunks
        top = np.argsort(-sims, kind="stable")[:depth]
        return [(ids[i], float(sims[i])) for i in top]

    def _subset_vectors(self, filters: Filters, ids: list[str]) -> np.ndarray | None:
        """The vectors of a narrow filter's chunks, from the second search with that filter on (a reader who
        picks an outlet or a week usually asks several questions of it), per index generation; None before."""
        key = (self.keyword.generation, filters.sources, filters.since, filters.until)
        with self._lock:
            if key in self._subsets:
                self._subsets.move_to_end(key)
                return self._subsets[key]
            if key not in self._filters_seen:
                self._filters_seen[key] = None
                while len(self._filters_seen) > FILTERS_REMEMBERED:
                    self._filters_seen.popitem(last=False)
                return None
        vectors = self.store.chunk_vectors(ids)
        with self._lock:
            self._subsets[key] = vectors
            while len(self._subsets) > SUBSETS_KEPT:
                self._subsets.popitem(last=False)
        return vectors

    def _prefer_headlines_and_leads(self, query: str, passages: list[Passage]) -> list[Passage]:
        """Fused scores raised for articles whose headline carries the question's rarer words, and for
        opening chunks: the article about the event ranks above one that mentions it in passing; and for a question
        asking for a percentage, an age or a sum of money, passages giving one, and for one asking which country
        or US state, passages naming one it does not."""
        terms = set(tokenize(query))
        rarity = self.keyword.rarity(terms)
        total = sum(rarity.values()) or 1.0
        phrases = _phrases(query)
        typed = asked_kind(query) not in ("", "reason", "successor")  # those kinds' cue words are in most news
        place = asked_place(query)  # "Which country ...?": a passage naming another country
        names = self._rare_names(query) if NAME_BONUS else set()
        headline: dict[str, float] = {}
        out = []
        for p in passages:
            if p.title not in headline:
                headline[p.title] = sum(rarity[t] for t in terms & set(tokenize(p.title))) / total
            boost = (1 + HEADLINE_WEIGHT * headline[p.title]) * (1 + LEAD_BONUS * (p.start == 0))
            if phrases and any(ph.search(_plain(p.text)) for ph in phrases):
                boost *= 1 + PHRASE_BONUS  # the very words searched for, in that order
            if typed and new_facts_of_kind(query, p.text) or place and new_places(query, p.text):
                boost *= 1 + TYPED_BONUS
            if names and names <= set(tokenize(p.text)):  # (a headline has its own weight)
                boost *= 1 + NAME_BONUS  # the one company or person of that name the question asks about
            out.append(replace(p, score=p.score * boost))
        return out

    def _rare_names(self, query: str) -> set[str]:
        """The terms of the capitalised names a question holds past its first word that few passages hold (at most
        RARE_DF, and rare for the size of the index)."""
        words = re.findall(r"(?<=\s)[A-Z][\w'’-]*", query)
        counted = self.keyword.frequencies(set(tokenize(" ".join(words))))
        if counted is None:
            return set()
        total, held = counted
        return {t for t, df in held.items()
                if df <= RARE_DF and np.log1p(total / (1 + df)) >= RARE_NAME * np.log1p(max(total, 1))}


_OUTLET_SAYS = re.compile(r"\b(?i:did|does|do|has|have|is|was)\s+(?P<who>(?i:the\s+)?[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,3}?)"
                          r"\s+(?P<verb>(?i:say|said|report|reported|reporting|write|wrote|publish|published|cover|covered|"
                          r"tell))\b")
_ACCORDING = re.compile(r"\b(?i:according\s+to)\s+(?P<who>(?i:the\s+)?[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,3})")
_REPORTING = frozenset({"report", "reported", "reporting", "publish", "published", "cover", "covered"})  # an outlet's
_DOMAIN_SUFFIXES = {"com", "org", "net", "gov", "edu", "int", "info", "news", "co", "ac"}


def without_outlet(query: str) -> str:
    """A question `Retriever.outlet_asked` found an outlet in, without it ("What did the FT say about the merger?" ->
    "What did say about the merger?"): to match the outlet's own sentences, which never name it."""
    asked = _OUTLET_SAYS.search(query)
    if asked is None and (according := _ACCORDING.search(query)):  # "According to Bloomberg, how much ...?"
        joined = f"{query[:according.start()].rstrip(' ,')} {query[according.end():].lstrip(' ,')}"
        return re.sub(r"\s+([?.!])", r"\1", joined).strip()
    return f"{query[:asked.start('who')]}{query[asked.end('who'):].lstrip()}" if asked else query


def _plain(text: str) -> str:
    """Text for phrase matching: lower case, curly quotes straightened, single spaces."""
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def _phrases(query: str) -> list[re.Pattern[str]]:
    """The exact wordings a query asks for, as whole words: its quoted parts ('Who said "warm spot in my
    heart"?'), or, for a search that is not a question, the whole query ("warm spot in my heart", "prisoner
    exchange", a name such as "Lutnick")."""
    quoted = [q for q in re.findall(r'["“]([^"”]+)["”]', query) if len(q.split()) >= 2]
    bare = query.strip().rstrip(".!")
    wanted = quoted or ([bare] if "?" not in bare and (2 <= len(bare.split()) <= 12 or (
        len(bare) >= 4 and bare[:1].isupper() and " " not in bare)) else [])
    return [re.compile(rf"(?<!\w){re.escape(_plain(w))}(?!\w)") for w in wanted]


def _matching_outlets(wanted: str, stored: list[str]) -> tuple[str, ...]:
    """The stored outlets a name typed by a reader means: those of the same name or key, with or without "The"
    ("CNN": "CNN" and cnn.com; "Riverton Gazette": "The Riverton Gazette" too: one outlet under the spellings its
    articles gave), else those whose key starts with it ("Fox News": "FOX News - Lifestyle", "FOX News - Sports")."""
    bare = re.sub(r"^the\s+", "", wanted.strip(), flags=re.I)  # "the BBC"
    key, bare_key = _outlet_key(wanted), _outlet_key(bare)
    typed = bare.lower().split()
    short = wanted.strip().lower().startswith("the ") and len(typed) == 1
    for fits in (lambda s: bool(_outlet_keys(s) & {key, bare_key}),
                 lambda s: len(bare_key) >= 4 and _outlet_key(s).startswith(bare_key),
                 lambda s: _words(s)[:len(typed)] == typed,  # "BBC": "BBC News"; "Fox": "FOX News - Lifestyle"
                 lambda s: len(bare_key) >= 2 and bare.isupper() and _initials(s) == bare_key,  # "NYT"
                 lambda s: short and _words(s)[-1:] == typed and len(_words(s)) > 1 and _words(s)[0] not in _NOT_SHORT):
        # "the Journal": The Wall Street Journal; "the Post": every Post (never the Financial Times as "the Times")
        found = tuple(s for s in stored if bare_key and fits(s))
        if found:
            return found
    return ()


_NOT_SHORT = frozenset({"financial"})  # outlets no one calls by their last word ("the Times" is not the FT)


def _words(name: str) -> list[str]:
    """An outlet's words, lower case, without a leading "The"."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return words[1:] if words[:1] == ["the"] else words


def _initials(name: str) -> str:
    """"nyt" for "The New York Times"."""
    return "".join(w[0] for w in _words(name))


def _outlet_key(name: str) -> str:
    """An outlet's name as a reader may type it: "cnn.com", "edition.cnn.com" and "CNN" are all "cnn"."""
    name = name.strip().lower()
    if " " not in name and "." in name:  # a domain: the label before its suffix (".com", ".co.uk", ".media")
        labels = name.split(".")
        labels.pop()  # the top-level domain, whichever it is: "nosuchpaper.media" is no "media"
        while len(labels) > 1 and labels[-1] in _DOMAIN_SUFFIXES:  # ".co.uk", ".com.au"
            labels.pop()
        name = labels[-1]
    return re.sub(r"[^a-z0-9]", "", name)


def _outlet_keys(name: str) -> set[str]:
    """A stored outlet's keys, with and without a leading "The" ("The Week": "theweek", "week")."""
    return {_outlet_key(name), _outlet_key(re.sub(r"^the\s+", "", name.strip(), flags=re.I))}


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    return min(a, b) if a is not None and b is not None else a or b


@dataclass(frozen=True)
class Freshness:
    """How much newer articles are preferred: weight 1 at `now`, falling towards `floor` with age."""

    now: datetime
    days: float  # age at which the weight is halfway between 1 and the floor
    floor: float

    def apply(self, pool: list[Passage]) -> list[Passage]:
        """Scores weighted by age; with a floor (a gentle lean), only passages about as similar to the
        question as the best one get the recency bonus, so a clearly better old passage stays first. Without
        one ("the latest on ..."), age counts from the newest of those passages: the latest on a story from
        August is its newest August report, not whatever the index received last."""
        best = max((p.dense for p in pool), default=0.0)
        if not self.floor:
            about = [_when(p.published) for p in pool if p.dense >= best - SOFT_MARGIN]
            newest = max((w for w in about if w is not None), default=None)
            fresh = replace(self, now=min(self.now, newest)) if newest is not None else self
            return [replace(p, score=p.score * fresh.weight(p.published)) for p in pool]
        return [replace(p, score=p.score * (self.weight(p.published) if p.dense >= best - SOFT_MARGIN
                                            or p.keyword >= KEYWORD_ABOUT else self._faded(p, best))) for p in pool]

    def _faded(self, p: Passage, best: float) -> float:
        """The lean's weight for a passage less similar than the margin allows: its full weight fading to the floor
        over SOFT_RAMP, so that 0.001 less similarity no longer halves a new story's score."""
        share = (p.dense - (best - SOFT_MARGIN - SOFT_RAMP)) / SOFT_RAMP if SOFT_RAMP else 0.0
        return self.floor + (self.weight(p.published) - self.floor) * min(max(share, 0.0), 1.0)

    def weight(self, published: str) -> float:
        when = _when(published)
        if when is None:
            return self.floor + (1 - self.floor) * 0.25  # undated: counts as old
        decay = 1.0 / (1.0 + max((self.now - when).days, 0) / self.days)
        return self.floor + (1 - self.floor) * decay


def _when(published: str) -> datetime | None:
    """A passage's publication time, in UTC when it gives no zone; None when undated."""
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _ts(value: datetime | None) -> int | None:
    return int(value.timestamp()) if value is not None else None


def _passage(cid: str, text: str, meta: dict[str, Any], sim: float, score: float) -> Passage:
    return Passage(
        chunk_id=cid, article_id=str(meta["article_id"]), text=text, start=int(meta["start"]),
        end=int(meta["end"]), score=score, title=str(meta.get("title", "")), url=str(meta.get("url", "")),
        source=str(meta.get("source", "")), published=str(meta.get("published", "")), dense=sim,
    )


def _diversify(pool: list[Passage], k: int, required: list[Passage] = ()) -> list[Passage]:  # type: ignore[assignment]
    """Best-first, one entry per chunk, at most MAX_PER_ARTICLE passages per article (the later ones discounted
    by SECOND_CHUNK_WEIGHT), where overlapping chunks of one article are joined into one passage of at most
    JOINED_MAX chunks, `required` always in; ranks renumbered."""
    best: dict[str, Passage] = {}
    for p in pool:
        if p.chunk_id not in best or p.score > best[p.chunk_id].score:
            best[p.chunk_id] = p
    taken: dict[str, list[list[tuple[int, int]]]] = {}  # per article, its passages: the chunks each joins
    weighted: list[Passage] = []
    for p in sorted(best.values(), key=lambda p: -p.score):
        passages = taken.setdefault(p.article_id, [])
        joins = [i for i, chunks in enumerate(passages) if any(_touches(p, s, e) for s, e in chunks)]
        if len(joins) == 1 and len(passages[joins[0]]) < JOINED_MAX:
            passages[joins[0]].append((p.start, p.end))
            weighted.append(replace(p, score=p.score * SECOND_CHUNK_WEIGHT ** joins[0]))
        elif not joins and len(passages) < MAX_PER_ARTICLE:
            passages.append([(p.start, p.end)])
            weighted.append(replace(p, score=p.score * SECOND_CHUNK_WEIGHT ** (len(passages) - 1)))
    chosen = _joined(sorted(weighted, key=lambda p: -p.score), k)
    have = {p.source for p in chosen}
    for p in required:
        if p.source not in have:
            have.add(p.source)
            counts = {s: sum(1 for c in chosen if c.source == s) for s in have}
            drop = next((c for c in reversed(chosen) if counts.get(c.source, 0) > 1), None)
            if len(chosen) >= k and drop is not None:
                chosen.remove(drop)
            chosen.append(p)
    chosen.sort(key=lambda p: -p.score)
    return [replace(p, rank=i + 1) for i, p in enumerate(chosen[: max(k, len(required))])]


def _joined(ranked: list[Passage], k: int) -> list[Passage]:
    """The k best passages, where a chunk that overlaps or touches one already chosen from its article is
    joined to it (one passage, `text == article.text[start:end]` still), so the overlap is not shown twice
    and the slot goes to the next passage."""
    chosen: list[Passage] = []
    for p in ranked:
        if len(chosen) >= k:
            break
        at = next((i for i, c in enumerate(chosen)
                   if c.article_id == p.article_id and _touches(p, c.start, c.end)), None)
        if at is None:
            chosen.append(p)
        else:
            chosen[at] = _join(chosen[at], p)
    return chosen


def _merged(first: list[Passage], then: list[Passage], k: int) -> list[Passage]:
    """`first` in its order, then the passages of `then` it lacks, k in all and ranks renumbered: a passage
    overlapping one already in is joined to it (the same stretch of an article is never shown twice), and
    no article has more than MAX_PER_ARTICLE passages."""
    counts = Counter(p.article_id for p in first)
    taken = list(first)
    for p in then:
        overlaps = any(c.article_id == p.article_id and _touches(p, c.start, c.end) for c in taken)
        if overlaps or counts[p.article_id] < MAX_PER_ARTICLE:
            counts[p.article_id] += not overlaps
            taken.append(p)
    return [replace(p, rank=i + 1) for i, p in enumerate(_joined(taken, k))]


def _touches(p: Passage, start: int, end: int) -> bool:
    """Whether a passage overlaps or touches the stretch start..end of its article (they are shown as one)."""
    return start <= p.end and p.start <= end


def _join(kept: Passage, other: Passage) -> Passage:
    """One passage spanning two overlapping or touching chunks of an article, with the better one's score."""
    first, second = (kept, other) if kept.start <= other.start else (other, kept)
    text = first.text + second.text[first.end - second.start:] if second.end > first.end else first.text
    return replace(kept, start=first.start, end=max(first.end, second.end), text=text,
                   dense=max(kept.dense, other.dense))
