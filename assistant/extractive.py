"""The extractive answerer: quote the sentences of the retrieved passages that best answer the question.

Each candidate sentence is scored by its embedding similarity to the question (embedded under its
article's headline, as chunks are), the share of the question's terms it contains, its passage's rank,
whether it adds what the question asks for (a name or number the question does not hold), and whether
other well-scoring sentences hold that fact too (news repeats its answer across passages and outlets).
Sentences that are themselves questions are never quoted as answers. The best few are quoted verbatim,
each cited with its exact offsets; a sentence of another source that tells the same account with other
names or figures is quoted beside its twin, under a note that the sources disagree. When nothing scores
high enough, or the question's names appear in no passage, it abstains. No language model is involved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from .answer_types import asked_kind, new_facts_of_kind
from .dates import RECENT, mentions_date, only_dates
from .disagreements import counted_action, counted_noun, counts_of, disagree
from .embeddings import MiniLMEmbeddings
from .given_names import is_given_name
from .models import Answer, Citation, Passage
from .sentences import is_teaser, split_sentences
from .speakers import is_institution, is_role_word
from .terms import CALENDAR_WORDS, STOPWORDS, fold, stem, tokenize, words

NOT_IN_ARTICLES = "The articles don't say."
DISAGREE_NOTE = "The sources disagree:"  # the notes an answer may open with (the UI shows them as notices)
CHANGED_NOTE = "The figures changed over time:"
MAX_SENTENCES = 3
SCORED = 20  # sentences embedded per question: the encoder is most of an extractive answer's time
QUESTION_WORDS = {"what", "who", "when", "where", "why", "how", "which", "did", "does", "do", "is", "are",
                  "was", "were", "has", "have", "can", "could", "will", "would", "should", "according", "in",
                  "on", "after", "before", "between", "and", "the", "a", "an", "of", "compare", "tell", "list"}


# words that describe what is asked about rather than name it ("which American chain", "which Greek island",
# "the happiest country on Earth"): a passage about Starbucks or Santorini need not repeat them
DESCRIPTORS = {
    "earth", "american", "british", "english", "scottish", "welsh", "irish", "european", "african", "asian",
    "arab", "latin", "french", "german", "italian", "spanish", "portuguese", "dutch", "belgian", "swiss",
    "austrian", "greek", "turkish", "polish", "swedish", "norwegian", "danish", "finnish", "icelandic", "russian",
    "ukrainian", "belarusian", "hungarian", "czech", "romanian", "bulgarian", "serbian", "croatian", "chinese",
    "japanese", "korean", "taiwanese", "indian", "pakistani", "afghan", "iranian", "iraqi", "israeli",
    "palestinian", "lebanese", "syrian", "saudi", "egyptian", "nigerian", "kenyan", "ethiopian", "canadian",
    "mexican", "brazilian", "argentine", "argentinian", "chilean", "colombian", "venezuelan", "cuban", "peruvian",
    "australian", "filipino", "indonesian", "vietnamese", "thai", "malaysian", "singaporean",
}
NUMERIC_QUESTION = re.compile(r"\bhow (much|many|long|old|far|high|big|large|often)\b|"
                              r"\bwhat (percentage|percent|share|number|price|amount|age|year)\b|\bwhen\b", re.I)
DATE_QUESTION = re.compile(r"\bwhen\b|\bwhat (year|day|date|month|time)\b|\bhow (long ago|soon)\b", re.I)
NUMBER_WORDS = frozenset(
    ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen",
     "dozens", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds",
     "thousand", "thousands", "million", "millions", "billion", "billions", "trillion", "half"]
)  # fmt: skip
RECENCY_WEIGHT, RECENCY_WEEKS = 0.05, 8  # "latest" questions: score lost per week older than the newest, at most 8
CUTOFF = 0.75  # further sentences score at least this share of the best one's score
REPEAT = 0.6  # share of the shorter sentence's words (beyond the question's) that make it a repeat
DISAGREEMENT_FLOOR = 0.6  # a disagreeing sentence is quoted when it scores at least this share of the best
CORROBORATION_WEIGHT = 0.1  # at most this added for a fact that other well-scoring sentences repeat
CORROBORATION_FLOOR = 0.3  # a sentence's score above this is its vote for each fact it holds
PRIOR_WEIGHT = 0.2  # a sentence's share for its passage's rank (1/(1 + rank)): search's first passage is the story
# asked about more often than not (realtimeqa gold-URL recall@1 0.82), so its sentences come first among about as good
NEW_FACT_WEIGHT = 0.1  # a sentence that names something new outranks one that only restates the question
TYPED_FACT_WEIGHT = 0.25  # the same, when the question asks for a kind of fact (a percentage, an age, a reason)
PREDICATE_WEIGHT = 0.2  # "Was any customer data lost?": at most this for a sentence saying what is asked, whoever it names
ROLE_HOLDER_WEIGHT = 0.25  # "Who was the ferry's captain?": a sentence naming someone new beside "captain"
OTHER_EVENT_PENALTY = 0.25  # lost by a sentence naming another storm of the kind asked about (Fiona for Delphine)
ABOUT_MARGIN = 0.15  # "the latest on ...": sentences this close to the best one's similarity are about the question
LATEST_FLOOR = 0.5  # "the latest on ...": the newest story's best sentence is quoted if it scores this share of the best
COMMON_OPENERS = {"considering", "given", "based", "regarding", "following", "according", "during", "since",
                  "after", "before", "between", "among", "from", "per", "as", "while", "despite", "although",
                  "latest", "newest", "breaking", "status", "update", "updates", "news", "switching", "turning",
                  "moving", "returning", "back", "now", "ok", "okay", "so", "also", "and", "but"}


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    start: int  # offsets into the article
    end: int
    text: str
    score: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0


def candidates(passages: list[Passage], limit: int = 48) -> list[Candidate]:
    """The sentences of the passages, in passage order, with article offsets."""
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    for p in passages:
        for s, e in split_sentences(p.text):
            key = (p.article_id, p.start + s)
            text = p.text[s:e]  # a fragment is no answer, but "He was 49." gives a figure
            short = len(text) < 15 and not (len(text) >= 8 and re.search(r"\d", text))
            if key in seen or short or is_question(text) or is_teaser(text):
                continue
            seen.add(key)
            out.append(Candidate(p, p.start + s, p.start + e, text))
    return out[:limit]


def key_names(question: str) -> list[str]:
    """Capitalised words and numbers of the question that are not question words: the names asked about."""
    names = []
    for i, w in enumerate(words(question)):
        low = re.sub(r"['’]s$", "", w.lower())  # "What's", "Where's"
        low = low[:-1] if low.endswith("s") and low[:-1] in QUESTION_WORDS else low  # "Whats"
        if low in QUESTION_WORDS or low in STOPWORDS or i == 0 and low in COMMON_OPENERS:
            continue
        if w[:1].isupper() and (i > 0 or len(w) > 1) or any(ch.isdigit() for ch in w):
            names.append(w)
    return names


def score(question: str, cands: list[Candidate], embeddings: MiniLMEmbeddings) -> list[Candidate]:
    """The candidates with scores, best first."""
    if not cands:
        return []
    q_terms = set(tokenize(question))
    cands = _shortlist(cands, q_terms)
    vectors = embeddings.encode_cached([question] + [in_context(c) for c in cands])
    sims = vectors[1:] @ vectors[0]
    out = []
    events = _events_named(question)
    typed = bool(asked_kind(question))
    role = role_asked(question)
    decides = _deciding(question, cands)
    for c, sim in zip(cands, sims, strict=True):
        lexical = _lexical(c, q_terms)
        new_fact = TYPED_FACT_WEIGHT if typed and names_the_subject(question, c.passage) else NEW_FACT_WEIGHT
        total = 0.6 * float(sim) + 0.3 * lexical + PRIOR_WEIGHT * _prior(c) + new_fact * adds_a_fact(question, c.text)
        total += PREDICATE_WEIGHT * decides.get(id(c), 0.0)  # a yes/no question: the sentence saying it happened,
        # or did not ("No customer data was lost."), short and plain as it may be
        if role and _names_a_holder(question, c.text, role) and names_the_subject(question, c.passage):
            # "The ferry's captain, Eduardo Lim, 57, ..." (in a story about the ferry asked about)
            total += ROLE_HOLDER_WEIGHT
        if events and _other_event(c.text, events) or _other_edition(question, c.text):  # Hurricane Fiona's
            total -= OTHER_EVENT_PENALTY  # toll is no answer about Hurricane Delphine, nor the 148th show about the 149th
        out.append(Candidate(c.passage, c.start, c.end, c.text, total, float(sim), lexical))
    out = corroborated(question, out)
    if RECENT.search(question):  # "the latest on ...": of sentences about as good, the newest story's first
        out = newest_first(question, out)
    return sorted(out, key=lambda c: -c.score)


def _events_named(question: str) -> set[str]:
    """The names of storms and the like in a question: {"delphine"} for "Hurricane Delphine"."""
    return {m.group(2).lower() for m in _EVENT.finditer(question)}


def _other_event(sentence: str, events: set[str]) -> bool:
    """Whether a sentence names another storm ("Hurricane Fiona") and not the one asked about, under any label."""
    named = {m.group(2).lower() for m in _EVENT.finditer(sentence)}
    return bool(named - events) and not named & events


_HOLDER_ASKED = re.compile(r"^\s*who\s+(?:is|was|are|were|will\s+be)\s+(?:(?:the\s+)?(?:[A-Z][\w.&-]*\s+){0,3}"
                           r"[\w.&-]+['’]s|the|its|their|his|her)\s+"
                           r"(?:new\s+|current\s+|former\s+|acting\s+|interim\s+)?(?P<role>[a-z]+(?:\s+[a-z]+)?)\b", re.I)
HOLDERS = frozenset({"captain", "coach", "founder", "owner", "mayor", "lawyer", "attorney", "spokesman",
                     "spokeswoman", "spokesperson", "manager", "pilot", "driver", "suspect", "victim", "winner",
                     "author", "director", "chairman", "chairwoman", "chair", "head", "leader", "predecessor",
                     "successor", "operator", "mediator", "buyer", "seller", "investor", "architect"})


_YES_NO = re.compile(r"^\s*(?:and\s+)?(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\b(?![^?]*\bor\b)",
                     re.I)


def _deciding(question: str, cands: list[Candidate]) -> dict[int, float]:
    """For a yes/no question, how much of what it asks each candidate says (by id), its rarer words counting more
    ("lost" more than "outage", which every sentence of the story has); {} for other questions."""
    predicate = _predicate(question)
    if not predicate:
        return {}
    terms = {id(c): set(tokenize(c.text)) for c in cands}
    weight = {t: math.log(1 + len(cands) / (1 + sum(t in said for said in terms.values()))) for t in predicate}
    total = sum(weight.values()) or 1.0
    return {key: sum(weight[t] for t in predicate & said) / total for key, said in terms.items()}


@lru_cache(maxsize=256)
def _predicate(question: str) -> frozenset[str]:
    """The terms of a yes/no question beyond whom it names ("Was any customer data lost in the Skyvault outage?":
    customer, data, lost, outage); empty for other questions."""
    if not _YES_NO.match(question):
        return frozenset()
    names = {stem(n) for n in key_names(question)}
    return frozenset(t for t in tokenize(question) if t not in names)


@lru_cache(maxsize=256)
def role_asked(question: str) -> str:
    """The role a "Who is the ...?" question asks the holder of ("Who was the ferry's captain?": "captain"), or ""."""
    asked = _HOLDER_ASKED.match(question)
    found = [w for w in asked.group("role").split() if w.lower() in HOLDERS or is_role_word(w)] if asked else []
    return found[0].lower() if found else ""


def _names_a_holder(question: str, sentence: str, role: str) -> bool:
    """Whether the sentence names someone the question does not right beside the role ("captain, Eduardo Lim",
    "Chief Executive Officer Diego Rojas", "Lim, the captain")."""
    asked = {w.lower() for w in words(question)}
    said = words(sentence)
    named = [i for i, w in enumerate(said) if i > 0 and w[:1].isupper() and w.lower() not in asked
             and w.lower() not in STOPWORDS | CALENDAR_WORDS and not is_role_word(w)]  # not "CEO in January"
    spelled = _SPELLED_ROLES.get(role, ())  # "CEO" is also "chief executive"
    roles = [i for i, w in enumerate(said) if w.lower().startswith(role[:5]) or any(
        [x.lower() for x in said[i:i + len(words_)]] == list(words_) for words_ in spelled)]
    return any(0 < n - r <= 3 or 0 < r - n <= 2 for n in named for r in roles)


_SPELLED_ROLES = {"ceo": (("chief", "executive"),), "chief": (("ceo",),), "cfo": (("chief", "financial"),),
                  "cto": (("chief", "technology"),), "coo": (("chief", "operating"),)}


_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.I)


def _other_edition(question: str, sentence: str) -> bool:
    """Whether the question names an edition ("the 149th Westminster show", "the 97th Academy Awards") and the
    sentence names only others ("at the 148th annual Westminster show")."""
    asked = set(_ORDINAL.findall(question))
    given = set(_ORDINAL.findall(sentence)) if asked else set()
    return bool(given) and not given & asked


def newest_first(question: str, cands: list[Candidate]) -> list[Candidate]:
    """Scores lowered by RECENCY_WEIGHT for each week a sentence's story is older than the newest story about
    the question: one holding half its names or more (a story only of "a fire" is not about the Cedar Ridge Fire),
    or, for a question naming nothing, with a sentence within ABOUT_MARGIN of the best's similarity (an undated
    story counts as RECENCY_WEEKS old, as does anything older): a newer story about something else sets no clock."""
    def weeks_old(c: Candidate, newest: date) -> float:
        try:
            return min(max((newest - date.fromisoformat(c.passage.published[:10])).days / 7, 0.0), RECENCY_WEEKS)
        except ValueError:
            return RECENCY_WEEKS

    best = max((c.dense for c in cands), default=0.0)
    named = bool(entity_names(question))
    dated = [c.passage.published[:10] for c in cands if c.passage.published[:10] and (
        _about(question, c.passage) if named else c.dense >= best - ABOUT_MARGIN)]
    try:
        newest = max(date.fromisoformat(d) for d in dated)
    except ValueError:  # nothing dated
        return cands
    return [replace(c, score=c.score - RECENCY_WEIGHT * weeks_old(c, newest)) for c in cands]


def corroborated(question: str, scored: list[Candidate]) -> list[Candidate]:
    """Scores raised, by up to CORROBORATION_WEIGHT, for sentences holding a fact (a name, or a number for
    "how many") that other well-scoring sentences hold too: news repeats the answer across its passages and
    outlets ("Succession" leads the nominations ... "Succession" earned 25), while a name in passing is
    mentioned once. A fact's vote is the sum of its sentences' scores above CORROBORATION_FLOOR."""
    held = [facts(question, c.text, first=True) for c in scored]
    votes: dict[str, float] = {}
    for c, found in zip(scored, held, strict=True):
        for fact in found:
            votes[fact] = votes.get(fact, 0.0) + max(c.score - CORROBORATION_FLOOR, 0.0)
    best = max(votes.values(), default=0.0)
    if not best:
        return scored
    return [replace(c, score=c.score + CORROBORATION_WEIGHT * max((votes[f] for f in found), default=0.0) / best)
            for c, found in zip(scored, held, strict=True)]


def in_context(c: Candidate) -> str:
    """The text a sentence is embedded as: under its article's headline, as its chunk was stored, so that "The
    show leads with 25 nominations" is read as being about the Emmys."""
    return f"{c.passage.title}\n{c.text}" if c.passage.title else c.text


def is_question(sentence: str) -> bool:
    """A sentence ending in a question mark (a quiz, a rhetorical question, an FAQ heading): not an answer."""
    return sentence.rstrip(" \"'\u201d\u2019)").endswith("?")


def adds_a_fact(question: str, sentence: str) -> bool:
    """True when the sentence holds something of the kind the question asks for that the question lacks; for
    "how many fans ...?", a count of fans ("in front of 88,513 fans", not "in 70 years")."""
    noun = counted_noun(question)
    if noun:  # "the death toll rose to seven" counts the dead too; "four people killed" no evacuees
        action, said = counted_action(question), {t[:6] for t in tokenize(sentence)}
        dying = bool({a[:6] for a in action} & _DYING)
        if action and not dying and said & _DYING and not {a[:6] for a in action} & said:
            return False  # a count of the dead is no answer to how many were evacuated
        if dying and not said & _DYING and not _LOST_LIVES.search(sentence):
            return False  # nor a count of the rescued to how many died
        rises = bool(re.search(r"\bhow\s+many\s+more\b", question, re.I))  # "how many more weeks of winter?"
        return bool(counts_of(noun, sentence, rises) or _toll(question, sentence))
    return bool(facts(question, sentence))


def facts(question: str, sentence: str, first: bool = False) -> set[str]:
    """What the sentence holds of the kind the question asks for that the question lacks, lower-cased:
    numbers and dates for "how many", "how much", "when"...; otherwise names (capitalised words past the
    first, or with `first` also the first unless it is a common opener) and numbers; for a question asking for a
    percentage, an age or a sum of money, only figures of that kind."""
    typed = new_facts_of_kind(question, sentence)
    if typed is not None:
        return typed
    asked = {w.lower() for w in words(question)}
    new = [(i, w) for i, w in enumerate(words(sentence)) if w.lower() not in asked]
    numbers = {w for _, w in new if any(ch.isdigit() for ch in w)}
    if NUMERIC_QUESTION.search(question):  # "two and a half hours" is an answer to "how long"; "Tuesday" is not
        found = numbers | {w for _, w in new if w.lower() in NUMBER_WORDS}
        if DATE_QUESTION.search(question):
            found |= {w for _, w in new if w.lower().rstrip(".") in CALENDAR_WORDS}
    else:
        found = numbers | {w for i, w in new if (i > 0 or first and w.lower() not in COMMON_OPENERS)
                           and w[:1].isupper() and w.lower().rstrip(".") not in STOPWORDS | CALENDAR_WORDS}
    return {w.lower() for w in found}


def _lexical(c: Candidate, q_terms: set[str]) -> float:
    return len(q_terms & set(tokenize(c.text))) / len(q_terms) if q_terms else 0.0


def _prior(c: Candidate) -> float:
    return 1.0 / (1 + c.passage.rank) if c.passage.rank else 0.0


def _shortlist(cands: list[Candidate], q_terms: set[str]) -> list[Candidate]:
    """The SCORED candidates most worth embedding (question terms, then passage rank), in passage order."""
    if len(cands) <= SCORED:
        return cands
    keep = sorted(range(len(cands)), key=lambda i: -(_lexical(cands[i], q_terms) + 0.5 * _prior(cands[i])))[:SCORED]
    return [cands[i] for i in sorted(keep)]


_BODY = re.compile(r"\b[A-Z][\w'’.&-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.&-]*)+")  # "Bank of England"
BODY_WORDS = frozenset(  # the last word of the name of an institution or an event
    ["bank", "court", "nations", "union", "party", "council", "committee", "commission", "agency", "ministry",
     "department", "league", "cup", "championship", "championships", "olympics", "games", "awards", "festival",
     "parliament", "congress", "senate", "assembly", "authority", "bureau", "fund", "organization",
     "organisation", "institute", "university", "corporation", "federation", "association", "board", "tribunal",
     "summit", "conference", "forum", "series", "bowl", "open", "prize", "marathon"])


_FIGURE = re.compile(r"\b(?:death\s+toll|toll|number|total|count|percentage|share|price|cost|rate)\b", re.I)
_TOLL_ASKED = re.compile(r"\b(?:death|casualty)\s+tolls?\b", re.I)  # "What is the death toll ...?": a figure now
_TOLL = re.compile(rf"{_TOLL_ASKED.pattern}|\btolls?\s+(?:rose|climbed|reached|stood|stands|is|was|has)\b", re.I)
_DYING = frozenset(t[:6] for t in tokenize("died dead death deaths killed killing kills fatalities toll"))
_LOST_LIVES = re.compile(r"\blost\s+(?:their|his|her)\s+lives?\b|\bbodies\b", re.I)
_EVENT = re.compile(r"\b(Hurricane|Storm|Typhoon|Cyclone|Tropical Storm|Operation)\s+([A-Z][\w-]+)")
EVENT_HEADS = frozenset(["hurricane", "storm", "typhoon", "cyclone", "tropical", "operation"])  # "Hurricane Ernesto"


def entity_names(question: str) -> list[str]:
    """The key names that identify what is asked about: no dates, numbers, descriptors ("American"),
    sentence-initial words, or names only describing something else ("YouTube-famous eagles",
    "Texas-based company": the eagles are asked about, not YouTube)."""
    first = words(question)[:1]
    return [n for n in key_names(question) if n.lower().rstrip(".") not in CALENDAR_WORDS | DESCRIPTORS
            and not any(ch.isdigit() for ch in n) and not (first and n == first[0] and n.lower() in COMMON_OPENERS)
            and not _only_describes(n, question)]


def _only_describes(name: str, question: str) -> bool:
    """Whether every use of the name in the question is the first half of a compound adjective ("YouTube-famous")."""
    uses = [m.end() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w])", question)]
    return bool(uses) and all(re.match(r"-[a-z]", question[end:end + 2]) for end in uses)


def names_the_subject(question: str, passage: Passage) -> bool:
    """Whether the passage (or its headline) names one of the question's names, or the question names nothing: a
    figure from a story about someone else is no answer ("$42 a share" from Halvorsen for Pacific Crest Power)."""
    names = entity_names(question)
    return not names or len(_missing_from(question, passage)) < len(names)


@lru_cache(maxsize=1024)
def _missing_from(question: str, passage: Passage) -> tuple[str, ...]:
    """`names_missing` for one passage, read once however many of its sentences ask."""
    return tuple(names_missing(question, [passage]))


def names_missing(question: str, passages: list[Passage]) -> list[str]:
    """Entity names from the question found in none of the passages (nor their titles or outlets). A person the
    question names in full is missing from passages naming only someone else of that family name ("Who is Diego
    Rojas?": a story about Camila Rojas does not name him)."""
    texts = [f"{p.title} {p.source} {p.text}" for p in passages]
    corpus = " ".join(texts).lower()
    stems = {stem(w) for w in words(corpus)}
    others = _namesakes(question, texts)
    return [n for n in entity_names(question) if n in others or n.lower() not in corpus and stem(n) not in stems]


@lru_cache(maxsize=1024)
def _of_a_namesake(question: str, passage: Passage) -> bool:
    """Whether the passage names only someone else of the family name of a person the question names in full."""
    return bool(_namesakes(question, [f"{passage.title} {passage.text}"]))


_FULL_NAME = re.compile(r"\b([A-Z][a-z'’-]+)\s+([A-Z][\w'’-]+)")


def _namesakes(question: str, texts: list[str]) -> set[str]:
    """The given and family names of people the question names in full ("Diego Rojas") whom no text names so, though
    one names another person of that family ("Camila Rojas") or, never naming the family, another person of that
    given name ("Luka Marin" for Luka Marić). Accents do not count ("Maric" is Marić)."""
    out: set[str] = set()
    asked = [(given, re.sub(r"['’]s?$", "", family)) for given, family in _FULL_NAME.findall(question)]  # "Lim's",
    # "Halvorsen Foods'"
    plain = [fold(" ".join(t.split())) for t in texts]
    for given, family in asked:
        if given.lower() in QUESTION_WORDS | STOPWORDS | DESCRIPTORS or is_role_word(given) \
                or family.lower() in BODY_WORDS or is_institution(f"{given} {family}") \
                or any(fold(f"{given} {family}") in t for t in plain):  # (a company is no person: Halvorsen Foods)
            continue
        said_given = any(re.search(rf"\b{re.escape(fold(given))}\b", t) for t in plain)
        said_family = any(re.search(rf"\b{re.escape(fold(family))}\b", t) for t in plain)
        if not said_given and any(is_given_name(other) and other != given and (other, family) not in asked
                                  for t in texts for other in re.findall(rf"\b([A-Z][a-z'’-]+)\s+{re.escape(family)}\b", t)):
            out |= {given, family}  # Camila Rojas, not Diego
        elif said_given and not said_family and any(
                fold(other) != fold(family) and (given, other) not in asked
                for t in texts for other in re.findall(rf"\b{re.escape(given)}\s+([A-Z][\w'’-]+)", t)):
            out |= {given, family}  # Luka Marin, not Luka Marić
    return out


def bodies_missing(question: str, passages: list[Passage]) -> list[str]:
    """Names of institutions and events in the question ("the European Central Bank", "the Six Nations") that
    no passage has: whole, as initials ("ECB"), or with all its words close together ("the world championships
    in Nordic skiing"). Passages about the Bank of England hold "Central" and "Bank", but they do not answer
    for the ECB. A possessive splits names: "Sunday's Grammy Awards" names the Grammy Awards."""
    texts = [" ".join(f"{p.title} {p.source} {p.text}".split()) for p in passages]
    whole = " ".join(texts)
    missing = []
    for hit in _BODY.finditer(question):
        if hit.start() == 0:
            continue
        for name in re.split(r"['’]s\s+", hit.group()):
            tokens = name.split()
            if len(tokens) < 2 or tokens[-1].lower() not in BODY_WORDS and tokens[0].lower() not in EVENT_HEADS:
                continue  # "the Six Nations", "Hurricane Ernesto"
            if tokens[0].lower() in EVENT_HEADS:  # "Tropical Storm Delphine" is Hurricane Delphine downgraded
                if not re.search(rf"\b{re.escape(tokens[-1])}\b", whole, re.I):
                    missing.append(name)
                continue
            initials = "".join(t[0] for t in tokens if t[:1].isupper())
            wanted = set(tokenize(name))
            if name.lower() not in whole.lower() and not re.search(rf"\b{initials}\b", whole) \
                    and not any(_close_together(wanted, tokenize(t)) for t in texts):
                missing.append(name)
    return missing


_FOCUS = re.compile(  # what a question asks about by its head noun: "the name of the tugboat that ...", "the mayor
    # of Gazipur", "the population of Millbrook", "Lucas Moreau's weekly wage"
    r"^\s*(?:(?i:what\s+(?:is|was|were|are)\s+the\s+names?\s+of\s+(?:the|a|an))\s+(?P<thing>[a-z][a-z\s-]*?)|"
    r"(?i:who\s+(?:is|was)\s+the)\s+(?P<role>[a-z][a-z-]*)(?=\s+of\s+[A-Z])|"
    r"(?i:what\s+(?:is|was)\s+the)\s+(?P<attr>[a-z][a-z-]*)(?=\s+of\s+[A-Z])|"  # "the population of Millbrook"
    r"(?i:what\s+(?:is|was))\s+(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*['’]s\s+(?P<own>[a-z][a-z\s-]*?))"
    r"(?=\s+(?:that|who|which|whose|at|in|of|on|from|for|with|by|to|after|before|during)\b|\s+[A-Z]|\s*[?.,]|$)")


def focus_missing(question: str, passages: list[Passage]) -> bool:
    """Whether the thing a question asks about by name ("What was the name of the tugboat that towed the ferry?",
    "Who is the mayor of Gazipur?", "What is Lucas Moreau's weekly wage?") is in no passage: quotes about the
    ferry, Gazipur or Moreau do not answer it."""
    asked = _FOCUS.match(question)
    if asked is None or _WHO_IS.match(question):  # "What is Vicente Bautista's job?": "Transport Secretary ..." says
        return False
    wanted = {stem(w) for w in re.findall(r"[a-z]+", next(g for g in asked.groups() if g)) if w not in STOPWORDS}
    about = [p for p in passages if names_the_subject(question, p)]  # Moreau's stories, not a strike's wage talks
    if any(new_facts_of_kind(question, p.text) for p in about):  # "120,000 pounds a week" is his weekly wage
        return False
    said = {stem(w) for p in about for w in words(f"{p.title} {p.text}")}
    return bool(wanted) and not wanted & said


def _close_together(wanted: set[str], terms: list[str]) -> bool:
    """Whether all the wanted terms occur within a stretch of one more term than they are ("the world
    championships in Nordic skiing" for the Nordic World Ski Championships)."""
    width = len(wanted) + 1
    return bool(wanted) and any(wanted <= set(terms[i:i + width]) for i, t in enumerate(terms) if t in wanted)


_WHO_IS = re.compile(r"^\s*(?:(?i:who\s+(?:is|was|are|were))\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})|"
                     r"(?i:what\s+(?:is|was)|what's)\s+(?P<whose>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}?)['’]s\s+"
                     r"(?i:job|role|title|position|profession))\s*\??\s*$")  # "What is Vicente Bautista's job?"


def _named_in(question: str, ranked: list[Candidate]) -> bool:
    """A "Who is Grace Okafor?" question whose person the best sentence names in full: a short question is far
    in meaning from the sentence that says who someone is ("union leader Grace Okafor said ...")."""
    asked = _WHO_IS.match(question)
    return asked is not None and (asked.group("name") or asked.group("whose")).lower() in ranked[0].text.lower()


_REPORTED_ON = re.compile(r"^\s*(?:and\s+)?what\s+(?:did|does|has|have)\s+(?:the\s+)?(?:say|said|report|reported|write|"
                          r"wrote|publish|published)\s+(?:about|on)\s+(?P<topic>.+?)\s*\??\s*$", re.I)


def _reported_on(question: str, ranked: list[Candidate]) -> bool:
    """A question asking what was reported about a topic, its outlet taken out as a filter ("What did report about
    the union?"), whose best sentences name every word of the topic: short and vague, it is far in meaning from
    the sentences that answer it ("Union representative Kofi Mensah said ...")."""
    asked = _REPORTED_ON.match(question)
    wanted = set(tokenize(asked.group("topic"))) if asked else set()
    return bool(wanted) and any(wanted <= set(tokenize(c.text)) for c in ranked[:MAX_SENTENCES])


def should_abstain(question: str, ranked: list[Candidate], passages: list[Passage], threshold: float) -> bool:
    """Abstain when none of the best few sentences is close enough to the question (unless the best gives the kind
    of figure asked for, in a story naming whom it asks about), when an institution or event it names is in no
    passage, or when most of its names are nowhere.

    Calibrated on MultiHop-RAG: unanswerable questions name people, products and outlets the
    articles never mention; answerable ones rarely miss more than a third of theirs.
    """
    if not ranked or bodies_missing(question, passages) or focus_missing(question, passages):
        return True
    typed = asked_kind(question) and new_facts_of_kind(question, ranked[0].text) and entity_names(question) \
        and not names_missing(question, [ranked[0].passage])  # "How old is Daniel Brandt?": "Brandt, 61, said"
    if max(c.dense for c in ranked[:MAX_SENTENCES]) < threshold and not _named_in(question, ranked) and not typed \
            and not _reported_on(question, ranked):
        return True
    names = entity_names(question)
    return bool(names) and len(names_missing(question, passages)) > len(names) / 2


def answer_extractive(question: str, passages: list[Passage], embeddings: MiniLMEmbeddings,
                      threshold: float = 0.30, asked_days: tuple[str, str] | None = None) -> Answer:
    """Quote the best supporting sentences with citations, or abstain. A question only about a date ("What
    happened on 26 March?") is answered with the opening sentence of each passage from then: it asks for
    the news, which no sentence resembles. `asked_days` (first and last ISO day, "" for open) are the dates
    the question names: a figure asked for then is quoted first from a story of those days."""
    if passages and only_dates(question):
        return compose(question, [(c, None) for c in openings(passages)], passages)
    ranked = score(question, candidates(passages), embeddings)
    ranked = [c for c in ranked if not _of_a_namesake(question, c.passage)] or ranked  # not Camila for Diego Rojas
    if should_abstain(question, ranked, passages, threshold):
        return abstain(question, passages)
    accounts = outlets_compared(question, ranked)
    if accounts:  # "How did Reuters and Bloomberg differ on the order's value?": each outlet's account, side by side
        return compose(question, _side_by_side(question, accounts), passages)
    chosen = choose(question, ranked)
    if asked_kind(question):  # "How old is she?": of the sentences chosen, one giving an age first
        chosen = sorted(chosen, key=lambda c: not (new_facts_of_kind(question, c.text)
                                                    and names_the_subject(question, c.passage)))
    if _predicate(question):  # "Was any customer data lost?": the sentence saying most of what is asked first
        decides = _deciding(question, chosen)
        chosen = sorted(chosen, key=lambda c: -decides.get(id(c), 0.0))
    if role := role_asked(question):  # "Who was the ferry's captain?": a sentence naming the captain first
        chosen = sorted(chosen, key=lambda c: not _names_a_holder(question, c.text, role))
    if RECENT.search(question):
        chosen = _with_newest(question, chosen, ranked)
    elif _over_time(question) and (counted_noun(question) or _TOLL_ASKED.search(question)):
        chosen = _with_newest_figure(question, chosen, ranked)
    if RECENT.search(question) or _counts_differ_in_time(question, chosen):
        chosen = sorted(chosen, key=_day, reverse=True)  # the newest account first
    elif asked_days and (NUMERIC_QUESTION.search(question) or _FIGURE.search(question)):  # "How many acres had
        # burned on 3 June?", "What was the death toll on 4 June?": that day's figure first
        first, last = asked_days

        def then(c: Candidate) -> bool:
            return bool(_day(c)) and first <= _day(c) and (not last or _day(c) <= last)

        chosen = sorted(_with_figure_of(question, chosen, ranked, then), key=lambda c: not then(c))
    return compose(question, with_disagreements(question, chosen, ranked), passages)


def _with_newest(question: str, chosen: list[Candidate], ranked: list[Candidate]) -> list[Candidate]:
    """For "the latest on ...": the best sentence of the newest story that is about the question (scoring at least
    LATEST_FLOOR of the best) is quoted, in place of the last one chosen if need be."""
    floor = LATEST_FLOOR * ranked[0].score
    asked = set(tokenize(question))
    dated = [c for c in ranked if c.score >= floor and _day(c) and c.lexical > 0 and _about(question, c.passage)
             and asked & set(tokenize(c.passage.title))]  # the newest story about it, not the newest story
    if not dated:
        return chosen
    newest = max(_day(c) for c in dated)
    if any(_day(c) == newest for c in chosen):
        return chosen
    best = next(c for c in dated if _day(c) == newest)
    return [*chosen[: MAX_SENTENCES - 1], best]


def _with_newest_figure(question: str, chosen: list[Candidate], ranked: list[Candidate]) -> list[Candidate]:
    """For "how many acres has the fire burned?" (no date named): the newest report of the count about the
    question's subject (scoring at least LATEST_FLOOR of the best) is quoted, in place of the last one chosen if
    need be: "had burned 20,150 acres" on 18 August, though it does not name the fire again."""
    counted = [c for c in chosen if adds_a_fact(question, c.text)]  # "14 people died", "the toll stands at 17"
    counts = [c for c in _reports(question, ranked) if _day(c)]  # (two counts of one day, sources that disagree,
    # still give way to a newer report: 14 and 17 on 3 June, 19 on 5 June)
    if not counts:
        return chosen
    newest = max(counts, key=_day)  # the best-scoring of the newest day's (ranked is best first)
    if any(_day(c) >= _day(newest) for c in counted):
        return chosen
    return [*chosen[: MAX_SENTENCES - 1], newest]


def _with_figure_of(question: str, chosen: list[Candidate], ranked: list[Candidate],
                    then: Callable[[Candidate], bool]) -> list[Candidate]:
    """For "How many had died on 11 March?": a report of the figure from those days about the question's subject
    (scoring at least LATEST_FLOOR of the best) is quoted, in place of the last one chosen if need be, when none
    chosen is from then."""
    if any(then(c) and adds_a_fact(question, c.text) for c in chosen):
        return chosen
    found = next((c for c in _reports(question, ranked) if then(c)), None)
    return chosen if found is None else [*chosen[: MAX_SENTENCES - 1], found]


def _reports(question: str, ranked: list[Candidate]) -> list[Candidate]:
    """The sentences giving the figure asked for, in stories about the question's subject, scoring at least
    LATEST_FLOOR of the best: the reports a figure on a day, or the newest, is taken from (best first)."""
    floor = LATEST_FLOOR * ranked[0].score
    return [c for c in ranked if c.score >= floor and adds_a_fact(question, c.text) and _about(question, c.passage)]


def _counts_differ_in_time(question: str, chosen: list[Candidate]) -> bool:
    """Whether the chosen sentences give different figures of what a "how many" or "how much" question asks
    (one naming no date), from different days: a toll that rose, a bid that was raised. The newest is then the
    answer."""
    if not _over_time(question):
        return False
    noun = counted_noun(question)
    figures = [(frozenset(counts_of(noun, c.text) or _toll(question, c.text) if noun else facts(question, c.text)),
                _day(c)) for c in chosen]  # "Fourteen people were killed", "The toll rose to 19"
    figures = [(f, d) for f, d in figures if f]  # "How much is Halvorsen paying?": $42, then $48, then $49.25
    return len({f for f, _ in figures}) > 1 and len({d for _, d in figures}) > 1


def openings(passages: list[Passage]) -> list[Candidate]:
    """The first sentence of each article's best passage, MAX_SENTENCES at most."""
    firsts: dict[str, Candidate] = {}
    for c in candidates(passages):
        firsts.setdefault(c.passage.article_id, c)
    return list(firsts.values())[:MAX_SENTENCES]


_COMPARED = re.compile(r"\b(?:differ|disagree|disagreement|compare|versus|vs\.?)\b|\bhow\s+did\b.*\band\b.*\breport\b",
                       re.I)  # (not "both" or "each": "Did both outlets report ...?" asks something else)


def outlets_compared(question: str, ranked: list[Candidate]) -> list[Candidate]:
    """For a question comparing what two or more outlets reported ("How did Reuters and Bloomberg differ on the
    order's value?"), each named outlet's best sentence giving something of what is asked, in the order the question
    names them; [] otherwise."""
    if not _COMPARED.search(question):
        return []
    lowered = f" {question.lower()} "
    named = sorted({c.passage.source for c in ranked if c.passage.source and re.search(
        rf"[\s'‘“\"]{re.escape(c.passage.source.lower().removeprefix('the '))}(?=[\s'’”\".,?|])", lowered)},
        key=lambda s: lowered.find(s.lower().removeprefix("the ")))
    if len(named) < 2:
        return []
    best = [next((c for c in ranked if c.passage.source == outlet and adds_a_fact(question, c.text)),
                 next(c for c in ranked if c.passage.source == outlet)) for outlet in named]
    return best


def _side_by_side(question: str, accounts: list[Candidate]) -> list[tuple[Candidate, Candidate | None]]:
    """Each outlet's account once; two that give different names or figures for what is asked, as a pair the answer
    says disagree."""
    first, *rest = accounts
    differ = [o for o in rest if (facts(question, o.text) - facts(question, first.text))
              and (facts(question, first.text) - facts(question, o.text))]
    if differ:
        return [(first, differ[0]), *[(o, None) for o in rest if o is not differ[0]]]
    return [(c, None) for c in accounts]


def choose(question: str, ranked: list[Candidate]) -> list[Candidate]:
    """The best sentence and up to MAX_SENTENCES - 1 more scoring within CUTOFF of it, from stories naming one of
    the question's names, none repeating a chosen one in the words beyond the question's: a fragment that only restates the question ("2017 Walter Camp Award
    Semifinalist ...") does not hide the sentence that names the winner."""
    asked = set(tokenize(question))
    named = [c for c in ranked if names_the_subject(question, c.passage)]  # not the Cedar Ridge Fire's dead for
    first = named[0] if named and named[0].score >= CUTOFF * ranked[0].score else ranked[0]  # the warehouse fire's
    chosen = [first]
    for c in ranked:
        if len(chosen) == MAX_SENTENCES or c.score < CUTOFF * ranked[0].score:
            break
        if c is first or not names_the_subject(question, c.passage):
            continue
        if all(_overlap(c.text, o.text, asked) < REPEAT for o in chosen):
            chosen.append(c)
    return chosen


def with_disagreements(question: str, chosen: list[Candidate],
                       ranked: list[Candidate]) -> list[tuple[Candidate, Candidate | None]]:
    """Each chosen sentence with the sentence of another source that tells the same account with other names or
    figures (or None). Such a sentence is quoted right after its twin, even past MAX_SENTENCES, as long as it scores
    within DISAGREEMENT_FLOOR of the best: the reader sees both versions, not whichever happened to rank first."""
    floor = DISAGREEMENT_FLOOR * ranked[0].score
    out: list[tuple[Candidate, Candidate | None]] = []
    shown: set[int] = set()  # ids of the sentences quoted so far
    for c in chosen:
        if id(c) in shown:
            continue  # already quoted as an earlier sentence's twin
        twin = next((o for o in ranked if o.score >= floor and id(o) not in shown and o is not c
                     and o.passage.article_id != c.passage.article_id and disagree(c.text, o.text, question)
                     and _about(question, o.passage)), None)  # (the story read only for a sentence that differs)
        out.append((c, twin))
        shown |= {id(c), id(twin)}
    return out


def whole_quotation(c: Candidate, most: int = 3) -> Candidate:
    """The sentence with the rest of a quotation it opens or closes, from its paragraph (at most `most` sentences
    on each side): '“We were told this barrier would hold for a century. It did not hold for a decade,” she told
    reporters' is quoted whole, not cut after "century."; a quotation never closed there leaves it as it is."""
    text, base = c.passage.text, c.passage.start
    spans = split_sentences(text)
    i = next((n for n, (s, _e) in enumerate(spans) if base + s == c.start), None)
    if i is None:
        return c
    start, end = spans[i]
    j = i
    while _quote_balance(text[start:end]) > 0 and j + 1 < len(spans) and j - i < most \
            and "\n" not in text[end:spans[j + 1][0]]:
        j += 1
        end = spans[j][1]
    if _quote_balance(text[start:end]) > 0:
        end = spans[i][1]
    k = i
    while _quote_balance(text[start:end]) < 0 and k > 0 and i - k < most and "\n" not in text[spans[k - 1][1]:start]:
        k -= 1
        start = spans[k][0]
    if _quote_balance(text[start:end]) < 0:
        start = spans[i][0]
    return replace(c, start=base + start, end=base + end, text=text[start:end])


def _quote_balance(sentence: str) -> int:
    """Quotations a sentence opens less those it closes (a straight mark opens at the start or after a space, and
    closes elsewhere: 'Sentebale means ...," Harry said' closes one opened before it)."""
    opened = sentence.count("“") + len(re.findall(r'(?:^|(?<=[\s(\[—–-]))"', sentence))
    closed = sentence.count("”") + len(re.findall(r'(?<=[^\s(\[—–-])"', sentence))
    return opened - closed


def disagree_note(pairs: list[tuple[int, int]]) -> str:
    """The note an answer opens with when cited sources disagree: "The sources disagree: [1] and [2] give ..."."""
    which = ", ".join(f"[{a}] and [{b}]" for a, b in pairs)
    return f"{DISAGREE_NOTE} {which} give different names or figures for the same account."


def compose(question: str, chosen: list[tuple[Candidate, Candidate | None]], passages: list[Passage]) -> Answer:
    """Render chosen sentences (each with its disagreeing twin, if any) as quoted, dated, cited lines, with a note
    first when sources disagree; citations numbered in order."""
    citations: list[Citation] = []
    lines: list[str] = []
    pairs: list[tuple[int, int]] = []
    updates: list[tuple[int, int]] = []  # (newer, older): a later report, not a disagreement
    for c, twin in chosen:
        pair = (c,) if twin is None else (twin, c) if _over_time(question) and _day(twin) > _day(c) \
            else (c, twin)  # a figure that moved on: the newer report first
        for sentence in map(whole_quotation, pair):
            n = len(citations) + 1
            p = sentence.passage
            citations.append(Citation(n, p.article_id, sentence.text, sentence.start, sentence.end, p.title, p.url,
                                      p.source, p.published))
            lines.append(f"{attribution(p)}“{sentence.text}” [{n}]")
        if twin is not None:  # a count asked for, given on different days: it moved on (a toll that rose) ...
            apart = bool(_day(c) and _day(twin) and _day(c) != _day(twin) and NUMERIC_QUESTION.search(question))
            if not apart or _over_time(question):
                (updates if apart else pairs).append((len(citations) - 1, len(citations)))
            # ... or, asked about one date ("offered on 2 June"), the other day's figure is another stage: no note
    notes = []
    if pairs:
        notes.append(disagree_note(pairs))
    figures = [c for c in citations if adds_a_fact(question, c.quote)]
    days = {c.published[:10] for c in figures}
    if updates and not pairs and _over_time(question) and counted_noun(question) and len(figures) > 2 and \
            len(days) == len(figures):  # every report of the count, each of its own day
        which = ", ".join(f"[{c.n}]" for c in figures[:-1]) + f" and [{figures[-1].n}]"
        notes.append(f"{CHANGED_NOTE} {which} report the same account on different days, the "
                     "newest first.")
    elif updates:
        which = ", ".join(f"[{a}] (newer) and [{b}]" for a, b in updates)
        notes.append(f"{CHANGED_NOTE} {which} report the same account on different days.")
    return Answer(question, "\n".join([*notes, *lines]), citations, "extractive", passages=passages,
                  disagreements=pairs)


def _about(question: str, passage: Passage) -> bool:
    """Whether a passage's story has half or more of the names the question asks about (a toll from the 2018
    floods is no earlier report of Hurricane Marisol's)."""
    names = entity_names(question)
    return not names or 2 * len(_missing_from(question, passage)) <= len(names)


def _over_time(question: str) -> bool:
    """A "how many" or "how much" question that names no date: its figure is the one now, and older reports of
    it are earlier stages ("How much did they offer on 2 June?" asks about that day's figure)."""
    return bool(NUMERIC_QUESTION.search(question) or _TOLL_ASKED.search(question)) and not mentions_date(question)


def _toll(question: str, sentence: str) -> set[str]:
    """The figures of a sentence giving a toll ("The toll rose to 19 ..."), which counts no noun of its own."""
    return facts(question, sentence) if _TOLL.search(sentence) else set()


def _day(c: Candidate) -> str:
    return c.passage.published[:10]


def attribution(p: Passage) -> str:
    """"Reuters, 19 May 2025: " from a passage's outlet and date ("" when it has neither)."""
    parts = [x for x in (p.source, format_date(p.published)) if x]
    return ", ".join(parts) + ": " if parts else ""


def format_date(iso: str) -> str:
    """"19 May 2025" from an ISO date or timestamp; "" when there is none."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not m:
        return ""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    return f"{int(m.group(3))} {months[int(m.group(2)) - 1]} {m.group(1)}"


def abstain(question: str, passages: list[Passage]) -> Answer:
    return Answer(question, NOT_IN_ARTICLES, [], "extractive", abstained=True, passages=passages)


def _overlap(a: str, b: str, asked: set[str]) -> float:
    """The share of the shorter sentence's words, beyond the question's, that the other sentence has too."""
    ta, tb = set(tokenize(a)) - asked, set(tokenize(b)) - asked
    return len(ta & tb) / min(len(ta), len(tb)) if ta and tb else 0.0

