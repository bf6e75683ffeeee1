"""Rewrite follow-up questions into standalone ones, deterministically (the `extractive` mode's rule;
the `llm` mode asks the model with prompts/condense.md and falls back to this).

Rule: a question that leans on the conversation borrows from the previous standalone question:
- a pronoun ("what did he say about sanctions?") becomes the latest person named in the last LOOK_BACK
  questions whom it fits ("he" is not Rachel Tan; "her" is not Harborview); with none, the pronoun stays and
  the previous names come along in brackets;
- a question with no words of its own ("Why not?") carries the whole previous question;
- "and the Kremlin?" / "what about Zelenskyy?" swaps the speaker of the previous question;
- "what about sanctions?" swaps its topic; "what about last week?" its time; "about it" takes its topic;
- "in response" / "to that" takes the previous topic; "what were his reasons?" carries it along;
- "when does it open?" takes the subject of "how much will the plant cost?"; "what did the BBC say?" (an
  outlet, no topic) asks about the previous question's topic;
- a question with no names of its own carries the previous names along, unless it names its own speaker
  ("and what did the central bank governor say?" is a new question, not a new topic for the old speaker).
It never consults the articles, so the same conversation always gives the same rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .dates import mentions_date, only_dates, strip_dates
from .extractive import key_names
from .given_names import pronoun_of
from .models import Answer
from .speakers import TITLE_WORDS, is_institution, is_romanised_given
from .terms import CALENDAR_WORDS, tokenize

WHO_ASKED = re.compile(r"^\s*(?:and\s+)?(?:who|whom|which\s+(?:[\w-]+\s+)?(?:company|firm|person|man|woman|group|"
                       r"team|club|player|official|candidate|bidder|buyer|coach|manager|executive|ceo|director|"
                       r"minister|senator|lawmaker|judge|leader|politician|governor|mayor|actor|actress|singer|artist|"
                       r"author|writer|journalist|athlete|driver|publisher|outlet|network|agency|country|nation))\b",
                       re.I)  # a question whose answer names someone
DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]{2,}(?:,[^\n—–]{0,40}?)?(?:\([A-Za-z .]{1,20}\))?\s*[-—–]+\s*")  # "KINGSLEY (AP) — "
_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")
LOOK_BACK = 3  # questions looked back through for the person a pronoun stands for
PERSON_PRONOUNS = r"\b(he|she|him|her|his|hers)\b"
GROUP_PRONOUNS = r"\b(they|them|their|theirs)\b"
THING_PRONOUNS = r"\b(it|its|this|that|these|those)\b"
CONTINUATION = re.compile(r"^\s*(and what about|and how about|what about|how about|and|also)\b[\s,]*", re.I)
TOPIC = re.compile(r"\b(about|on|regarding|over|of)\s+(?!the (?:call|phone)\b)(.+?)\s*[?.!]*$", re.I)


QUESTION_START = re.compile(r"^(what|who|whom|whose|how|when|where|why|which|did|does|do|is|are|was|were|has|have|"
                            r"had|can|could|will|would|should)\b", re.I)
_ASKED = r"\b(?:did|does|do|has|have|had|will|would)\s+"  # "what did ..."
_SUBJECT = r"(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?"  # "... the central bank governor ..."
_SAY = r"say|said|tell|add|claim|announce|promise|warn|argue|respond|reply|write|post|report|demand|want|ask|" \
    r"propose|decide|vote|plan|insist|suggest|accept|reject|offer|threaten"  # "what did the union demand?"
OWN_SPEAKER = re.compile(rf"{_ASKED}(?!(?:he|she|they|it|you|we|i)\b){_SUBJECT}\s+(?:{_SAY})\b", re.I)  # not a pronoun
SPEAKER_AT = re.compile(rf"{_ASKED}(?P<who>{_SUBJECT})\s+(?:{_SAY}|think)\b", re.I)  # who a "what did X say" asks about
_TITLES = "|".join(sorted(TITLE_WORDS | {"general", "solicitor", "chair", "ceo", "cfo", "boss", "founder", "co-founder",
                                          "analyst", "mediator", "engineer"}))
ROLE = re.compile(rf"^the\s+(?:[\w'’.-]+\s+){{0,3}}(?:{_TITLES})$", re.I)  # "the defense secretary", "the Kremlin aide"
_SPEECH_WORDS = "say|said|says|tell|told|add|added"
SPEECH = re.compile(rf"\b({_SPEECH_WORDS})\b", re.I)
PEOPLE_DO = re.compile(rf"\b({_SPEECH_WORDS}|talk|talked|speak|spoke|meet|met|agree|agreed|discuss|discussed|argue|"
                       r"argued|call|called|want|wanted|think|believe|vote|voted|decide|decided|plan|planned|"
                       r"promise|promised|respond|responded|react|reacted)\b", re.I)  # what people do
NOT_A_NOUN = frozenset({"say", "said", "about", "to", "on", "in", "at", "for", "with", "and", "or", "from", "that", "if",
                        "when", "after", "before", "of", "by", "as", "was", "is", "be"})
WHAT_IS = re.compile(r"^\s*what\s+(?:is|are|was|were)\b", re.I)
BARE_SAY = re.compile(r"^\s*(?:and\s+)?what\s+(?:did|does|do|has|have)\s+(?:the\s+)?[\w'’.&-]+(?:\s+[\w'’.&-]+){0,2}\s+"
                      r"(?:say|report|write|reply|respond)\s*\??\s*$", re.I)  # a speaker or outlet, no topic
CONTENT_LEAD = re.compile(r"^(?:how\s+(?:much|many|long|often)|how|what|who|whom|when|where|why|which)\s+", re.I)
_AUXILIARY_WORDS = frozenset({"is", "are", "was", "were", "did", "does", "do", "will", "would", "has", "have", "had",
                              "can", "could"})
AUXILIARY_LEAD = re.compile(r"^(?:how\s+(?:much|many|long|often)|how|when|where|why|what\s+time)\s+"
                            r"(?:will|would|did|does|do|is|are|was|were|can|could|should)\s+", re.I)
CORRECTION = re.compile(r"^\s*(?:no|sorry|actually|oops)[,.!]*\s+(?:i\s+meant?|i\s+was\s+asking\s+about|i'm\s+asking\s+"
                        r"about)\s+(?P<what>[^?]+?)[?.!]*\s*$", re.I)
STEER = re.compile(r"^\s*(?:(?:ok(?:ay)?|now|so|and)[,.]?\s+)?(?:switching\s+to|turning\s+to|moving\s+on\s+to|"
                   r"changing\s+(?:the\s+)?subject\s+to|let['’]?s\s+(?:turn|move|switch|go)\s+to|back\s+to|"
                   r"going\s+back\s+to|returning\s+to)\s+(?P<story>[^:;?]{2,80}?)\s*[:;,]\s+(?=\S)", re.I)
ABOUT_THEM = re.compile(r"\b(?:name|names|job|role|title|position|age|nationality|background|party|"
                        r"surname|full\s+name)\b", re.I)  # what a person is, not what they said
_ANAPHORS = (r"company|firm|group|toll|death\s+toll|deal|agreement|plan|bill|case|trial|vote|election|race|storm|fire|"
             "blaze|quake|earthquake|outbreak|strike|crash|attack|ship|vessel|ferry|plane|flight|team|club|government|"
             "country|city|town|state|police|court|jury|union|project|report|study|figure|number|price|shares|stock|"
             "offer|bid|sale|merger|takeover|recall|ban|law|talks|accident|disaster|shooting|victims?|suspects?|"
             "survivors?|workers|employees|people|crew|passengers|fans|players|ceasefire|war|summit|hearing|verdict")
DEFINITE = re.compile(rf"\b(?:it|its|that|this|these|those|the\s+(?:{_ANAPHORS})(?:['’]s)?)\b",
                      re.I)  # "Who is the company's chief executive?", "Has the toll risen?": something said before (not
# "the rail strike": a story of its own)
IN_RESPONSE = re.compile(r"\s+(in (?:response|reply)|to (?:that|this|it))\s*[?.!]*$", re.I)
PREVIOUS_LEAD = re.compile(r"^(?:(?:what|who|when|where|why|how)\s+(?:happened|is|was|were|are|did|does|do)\s+|"
                           r"(?:at|in|on|during)\s+)+", re.I)


def rewrite(question: str, history: list[str], related: Callable[[str, str], bool] | None = None,
            outlet: Callable[[str], bool] | None = None, person: Callable[[str], str | None] | None = None,
            replies: list[str] | None = None, known: Callable[[str], bool] | None = None) -> str:
    """`question` made standalone using the previous standalone questions (oldest first).

    `related(question, previous)` says whether a question without names of its own goes on from the
    previous one ("What was the death toll?" after an earthquake) or starts anew ("What changes to buses?"
    after a ceasefire): only then does it carry the previous names. `outlet(question)` says whether a
    question asks what an outlet said ("What did the BBC say?"): with no topic, it asks about the last one.
    `person(name)` says whether a name is a person's, and which pronoun fits them: "he", "she", "" when
    unknown, None for no person (a place, a company); without it, a common given name tells the pronoun.
    `replies` are the answers to the previous questions (a quote each, or ""): a "he", "she" or "they" after "Who
    made a rival bid?" stands for whom the answer named. `known(name)` says whether the articles hold a name: one
    they lack ("What did Boris Johnson say?" asked of articles that never name him) is not carried into the next
    question, which it would leave unanswerable."""
    if not history:
        return question
    previous = history[-1].strip()
    corrected = CORRECTION.match(question)
    if corrected:  # "No, I meant the one in Chile": the last question again, about that
        return f"{previous.rstrip('?. ')} ({corrected.group('what').strip()})?"
    steered = STEER.match(question)
    if steered:  # "Switching to the digital services tax: who suspended it?": a new story, named here
        then, story = question[steered.end():].strip(), steered.group("story").strip()
        if re.search(r"\b(?:it|its)\b", then, re.I) and not key_names(then):
            return _replace_pronoun(then, r"\b(it|its)\b", story)
        return then if story.lower() in then.lower() else f"{then.rstrip('?. ')} ({story})?"
    named = _names_of(previous)
    said_by = SPEAKER_AT.search(previous)
    names = [n for n in named if n not in said_by.group("who")] if said_by and outlet is not None and outlet(
        previous) else named  # "What does AP say ...?": AP is no story's name
    story = previous  # the last question that named what the conversation is about
    for earlier in reversed(history[-LOOK_BACK:-1] if not names else []):  # "What does AP say is the latest?"
        found = _names_of(earlier)
        if found:  # named nothing: the story is the one asked about before it
            story, names = earlier.strip(), found
            break
    answered = _answered(previous, (replies or [""] * len(history))[len(history) - 1:])
    text = question.strip()
    rest = CONTINUATION.sub("", text).strip()
    if CONTINUATION.match(text) and QUESTION_START.match(rest):  # "and what did the governor say?": a question
        text = rest[:1].upper() + rest[1:]
    elif CONTINUATION.match(text) and len(tokenize(rest)) <= 4:
        return follow_on(previous, rest.rstrip("?. "), named)  # "And the Post?": the outlet too
    topic = topic_of(previous)
    subject = subject_of(previous)
    wanted = topic or subject or ("" if BARE_SAY.match(previous) else _content(previous))  # "the analyst say" is none
    if wanted and BARE_SAY.match(text) and outlet is not None and outlet(text):  # "What did the BBC say?" after
        return f"{text.rstrip('?. ')} about {wanted}?"  # the vote: about the vote
    about = TOPIC.search(previous)
    thing = subject or (about.group(2) if about else "")  # "Who opposed it?" after "Tell me about the bridge"
    if thing and re.search(r"\bits?\b", text, re.I) and not key_names(text) and not re.search(
            f"{PERSON_PRONOUNS}|{GROUP_PRONOUNS}", text, re.I):  # "When does it open?" after "How much will
        return _replace_pronoun(text, r"\b(it|its)\b", thing)  # the plant cost?"
    named_here = _antecedent_in(text, person)  # "Who is the governor ... and what did he say?": he is named here
    who = _referent(text, history, person, answered) if re.search(PERSON_PRONOUNS, text, re.I) \
        and not named_here else None
    if who:
        text = _replace_pronoun(text, PERSON_PRONOUNS, who)
        story_names = [n for n in names if n != who and not ROLE.match(n) and n.lower() not in text.lower()]
        if topic and not TOPIC.search(text) and not SPEECH.search(text) and len(tokenize(text)) <= 3 \
                and WHAT_IS.match(text) and not ABOUT_THEM.search(text):  # "what were his reasons?": for what the
            # last one was about (not "What is his name?", "What is her job?": about the person)
            text = f"{text.rstrip('?. ')} ({topic})?"
        elif ROLE.match(who) and story_names:  # "Did the CEO know?": the CEO of the company asked about
            text = f"{text.rstrip('?. ')} ({' '.join(story_names[:2])})?"
    elif re.search(GROUP_PRONOUNS, text, re.I) and topic and not PEOPLE_DO.search(text) and not OWN_SPEAKER.search(
            text) and TOPIC.search(previous):  # "when do they take effect?": the things asked about before
        text = _replace_pronoun(text, GROUP_PRONOUNS, topic)
    elif (group := next((n for n in answered if is_institution(n) or person is not None and person(n) is None
                         and n.lower() not in {m.lower() for m in names}), "")) and re.search(GROUP_PRONOUNS, text, re.I):
        text = _replace_pronoun(text, GROUP_PRONOUNS, group)  # "How much did they offer?" after "Who made a bid?"
    elif names and re.search(GROUP_PRONOUNS, text, re.I):
        text = _replace_pronoun(text, GROUP_PRONOUNS, " and ".join(names[:2]))
    elif not tokenize(text) and not re.search(THING_PRONOUNS, text, re.I):  # "Why not?": of the last question
        text = f"{text.rstrip('?. ')} ({previous.rstrip('?. ')})?"
    elif not key_names(text) and names and not (OWN_SPEAKER.search(text) and not _story_body(text)) and \
            not only_dates(text) and (
            re.search(PERSON_PRONOUNS, text, re.I) or DEFINITE.search(text) or related is None or related(text, story)) \
            and not named_here:
        # "How big is her lead?" with no woman named: about the race; never a man's name for her
        carried = [n for n in _story_names(text, names, history, person) if n.lower() not in text.lower()
                   and not _misfits(text, n, person) and (known is None or known(n))][:3]
        text = f"{text.rstrip('?. ')} ({' '.join(carried)})?" if carried else text
    if re.search(THING_PRONOUNS, text, re.I) and not set(tokenize(text)) - {"it", "this", "that"} - CALENDAR_WORDS:
        text = f"{text.rstrip('?. ')} ({previous.rstrip('?')})?"
    asked = TOPIC.search(text)
    if asked and topic and re.fullmatch(THING_PRONOUNS, asked.group(2), re.I):  # "what did she say about it?"
        text = f"{text[:asked.start(2)]}{topic}?"
    elif topic and (reply := IN_RESPONSE.search(text)):  # "what did the Ukrainian president say in response?"
        text = f"{text[:reply.start()]} about {topic}?"
    return text


def _story_names(question: str, names: list[str], history: list[str],
                 person: Callable[[str], str | None] | None) -> list[str]:
    """The names a follow-up carries: with no "he" or "she" in it, the story's places and bodies rather than the
    person the last question was about ("What did the union say?" after "Who replaced Helen Strand?" is about the
    Millbrook fire, not Strand), looked for in the questions before when the last named only people."""
    if person is None or re.search(PERSON_PRONOUNS, question, re.I):
        return names
    things = [n for n in names if person(n) is None]
    if things or not names:
        return things or names
    for earlier in reversed(history[-LOOK_BACK:-1]):
        found = [n for n in _names_of(earlier) if person(n) is None]
        if found:
            return found
    return names


def _antecedent_in(question: str, person: Callable[[str], str | None] | None) -> bool:
    """Whether the question names whom its pronoun stands for before it: "Who is the governor of the central bank
    and what did he say?", "What did Grace Okafor say, and why did she leave?" (not "Why did Lyon sell him?")."""
    pronoun = re.search(PERSON_PRONOUNS, question, re.I)
    before = question[: pronoun.start()] if pronoun else ""
    people = [n for n in names_in(before) if (person(n) if person is not None else pronoun_of(n) or None) is not None]
    return bool(people or re.search(rf"\bthe\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_TITLES})\b", before, re.I))


def _story_body(question: str) -> bool:
    """Whether a question asks only what an institution said ("What did the union say?", "And the company?"): one of
    the story asked about, not a person with a title of their own ("the central bank governor")."""
    asked = SPEAKER_AT.search(question)
    return bool(asked and BARE_SAY.match(question) and is_institution(asked.group("who"))
                and not ROLE.match(asked.group("who")))


def _answered(previous: str, replies: list[str]) -> list[str]:
    """The names the answer to a "who" question gave that the question did not hold ("Marston Capital" for "Who
    made a rival bid?"), or the speaker a statements answer was headed with; [] for other answers."""
    if not replies or not replies[-1]:
        return []
    asked = {n.lower() for n in names_in(previous)}
    heading = re.match(r"(?P<who>[A-Z][^:\n]{2,60}): ", replies[-1])  # a statements answer's speaker (`reply_of`)
    if heading and not WHO_ASKED.match(previous):  # "What did the board chair say?" answered by Robert Kincaid
        return [heading.group("who")] if heading.group("who").lower() not in asked else []
    if not WHO_ASKED.match(previous):
        return []
    said = DATELINE.sub("", replies[-1])  # "NEW YORK, Sept 22 (Reuters) - Marston Capital ...": no place or month
    found = [re.sub(r"^[A-Z]{2,4}\s+(?=\S+\s+\S)", "", n) for n in names_in(said)]  # "HC Dean Evason": a title's
    return [n for n in _distinct(found) if n.lower() not in asked and not _MONTH.search(n)  # initials before a name
            and not (n.isupper() and len(n) > 5)]


def reply_of(answer: Answer) -> str:
    """What an answer tells a follow-up about whom it named: the speaker a statements answer is headed with (or a
    "who said" answer names), and its first two quotes."""
    quote = " ".join(c.quote for c in answer.citations[:2])  # the name asked for may be in the second quote only
    heading = re.match(r"\*\*(?P<who>[^*\n]{2,80})\*\*", answer.text) or re.match(
        r"“[^\n]*” is attributed to (?:the )?(?P<who>[^(.\n]{2,80}?)(?: \(|\.| and |$)", answer.text)
    return f"{heading.group('who')}: {quote}" if heading else quote or answer.text[:300]


def _referent(text: str, history: list[str], person: Callable[[str], str | None] | None,
              answered: Sequence[str] = ()) -> str:
    """The person a he/she/his/her of `text` stands for: the latest name in the last LOOK_BACK questions that is a
    person's and fits the pronoun ("Did he deny it?" after "What did Rachel Tan testify?" skips her for the man
    asked about before), else the latest role that fits ("the prosecutor"); "" when none does."""
    wanted = _wanted(text)
    for name in answered:  # the one the last answer named, if a person who fits
        fits = _pronoun(name, person)
        if fits == wanted or fits == "" and person is not None:  # without the articles' word, a given name tells
            return name
    roles = []
    for previous in reversed(history[-LOOK_BACK:]):
        for name in _names_of(previous.strip()):
            fits = "" if person is None and ROLE.match(name) else _pronoun(name, person)
            if fits is not None and fits in ("", wanted):
                if not ROLE.match(name):
                    return name
                roles.append(name)
    return roles[0] if roles else ""  # "the prosecutor" only when no one named fits


def _pronoun(name: str, person: Callable[[str], str | None] | None) -> str | None:
    """The pronoun that fits `name` ("" for either), by the articles' word (`person`) or else a common given name;
    None for no person ("Jordan Chemicals" is no Jordan)."""
    if person is not None:
        return person(name)
    return None if is_institution(name) else pronoun_of(name)


def _wanted(text: str) -> str:
    """"she" when the question's first he/she/his/her pronoun is a woman's, else "he" ("Did he know about her
    warnings?" asks about him)."""
    first = re.search(PERSON_PRONOUNS, text, re.I)
    return "she" if first and first.group(0).lower() in ("she", "her", "hers") else "he"


def _misfits(text: str, name: str, person: Callable[[str], str | None] | None) -> bool:
    """Whether `name` is a person whom the he/she of `text` cannot stand for."""
    if not re.search(PERSON_PRONOUNS, text, re.I):
        return False
    fits = _pronoun(name, person)
    return bool(fits) and fits != _wanted(text)


def _names_of(question: str) -> list[str]:
    """The names of a question, with the speaker it asks about by role first ("the defense secretary")."""
    names = names_in(strip_dates(question))
    speaker = SPEAKER_AT.search(question)
    if speaker and ROLE.match(speaker.group("who")) and speaker.group("who") not in names:
        names = [speaker.group("who"), *names]
    return _distinct(names)


def _distinct(names: list[str]) -> list[str]:
    """Names, less any inside a longer one ("CEO" beside "the utility's CEO")."""
    return [n for n in names if not any(n != m and re.search(rf"\b{re.escape(n)}\b", m) for m in names)]


def subject_of(question: str) -> str:
    """The subject of a question asked with an auxiliary, its last word (the verb) dropped: "Nordtech's
    Finnish plant" in "How much will Nordtech's Finnish plant cost?", "the Monetary Policy Committee" in "How
    did the Monetary Policy Committee vote?"; "" for other questions."""
    found = AUXILIARY_LEAD.match(question.strip())
    if not found:
        return ""
    rest = question.strip()[found.end():].rstrip("?. ").split()
    if len(rest) < 2 or rest[-1][:1].isupper() or any(w.lower() in NOT_A_NOUN for w in rest[:-1]):
        return ""  # "... say about tariffs", "... meet Putin": no plain subject-verb question
    return " ".join(rest[:-1])


def _content(question: str) -> str:
    """What a question asks about, its question words dropped: "people arrested at the arms factory protest" in
    "How many people were arrested at the arms factory protest?"."""
    rest = CONTENT_LEAD.sub("", question.strip().rstrip("?. "))
    return " ".join(w for w in rest.split() if w.lower() not in _AUXILIARY_WORDS)


_CLOCK = re.compile(r"\d+(?:[:.]\d+)?(?:am|pm|st|nd|rd|th|s)?", re.I)  # "2am", "21st", "1990s"


def names_in(question: str) -> list[str]:
    """The names of a question, a run of capitalised words as one: "Kamala Harris", "Trump", "Putin"."""
    wanted = {n for n in key_names(question) if not n.isdigit() and n.lower().rstrip(".") not in CALENDAR_WORDS
              and not _CLOCK.fullmatch(n)}  # "on Wednesday", "at 2am": when, not who
    runs: list[list[str]] = [[]]
    last = 0
    for hit in re.finditer(r"[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*", question):  # "Ji-won" whole, as written
        token = hit.group()
        if question[last:hit.start()].strip() and runs[-1]:  # '... in Chile," Chief ...': two names, not one
            runs.append([])
        last = hit.end()
        first, *rest = token.split("-")
        whole = all(p[:1].isupper() or is_romanised_given(p) for p in rest)  # not "Co-founder"
        for word in [token] if whole else [first, *rest]:
            if word.split("-")[0] in wanted:
                runs[-1].append(word)
            elif runs[-1]:
                runs.append([])
    runs = [_untitled(run) for run in runs]
    return list(dict.fromkeys(re.sub(r"['’]s$", "", " ".join(run)) for run in runs if run))  # "Ashcombe's": him


def _untitled(run: list[str]) -> list[str]:
    """A name without the titles before it: "Chief Executive Officer Diego Rojas" is Diego Rojas."""
    at = 0
    while at < len(run) - 1 and run[at].lower().rstrip(".") in TITLE_WORDS:
        at += 1
    return run[at:] if at and run[at].lower() not in TITLE_WORDS else run


def topic_of(question: str) -> str:
    """What a question is about: "the economy" in "What did Harris say about the economy?", or else the
    question without its opening ("the NATO summit in Madrid" in "What happened at the NATO summit in Madrid?")."""
    found = TOPIC.search(question)
    if found:
        return found.group(2)
    if BARE_SAY.match(question):  # "What did Park Ji-won say?": a speaker, no topic
        return ""
    return PREVIOUS_LEAD.sub("", question.strip().rstrip("?. ")) if PREVIOUS_LEAD.match(question.strip()) else ""


def follow_on(previous: str, subject: str, names: list[str]) -> str:
    """The previous question with its time, speaker or topic replaced by `subject`."""
    subject = re.sub(r"^(?:about|regarding|on)\s+", "", subject, flags=re.I)  # "And about the rail strike?"
    if not subject:
        return previous
    if mentions_date(subject):  # "what about last week?"
        return f"{strip_dates(previous).rstrip('?. ')} {subject}?"
    speaker = SPEAKER_AT.search(previous)
    if ROLE.match(subject) and speaker:  # "and the defense secretary?": a new speaker by role, same question
        return f"{previous[:speaker.start('who')]}{subject}{previous[speaker.end('who'):]}"
    if key_names(subject) and names and not _a_thing_of(subject):  # "and the Kremlin?": a new speaker, same topic
        return _swap_subject(previous, subject, names)
    topic = TOPIC.search(previous)
    if topic and (topic.group(1).lower() in ("about", "regarding") or SPEECH.search(previous)):  # "what about
        return f"{previous[:topic.start(2)]}{subject}?"  # sanctions?": same speaker, new topic
    actors = [n for n in names if n in re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", "", previous)]  # not the story
    if actors and PEOPLE_DO.search(previous):  # "and prisoners?" after "How long did Trump and Putin talk?" (names
        return f"What did {' and '.join(actors[:2])} say about {subject}?"  # carried in brackets act in no one's place)
    if names:  # "And the containment?" after "How many acres has the Alder Canyon Fire burned?": no speaker
        return f"What about {subject} ({' '.join(names[:3])})?"
    return f"{previous.rstrip('?. ')}: {subject}?"


def _a_thing_of(subject: str) -> bool:
    """Whether a name comes with a thing of its own ("the Facebook ban", "Tesla's earnings"): a topic, not a
    speaker."""
    rest = [w for w in re.findall(r"[\w'’-]+", subject) if w[:1].islower() and w.lower() not in ("the", "a", "an", "of")]
    return bool(rest) and not ROLE.match(subject)


def _replace_pronoun(text: str, pattern: str, name: str) -> str:
    def sub(m: re.Match[str]) -> str:
        word = m.group(0).lower()
        after = re.match(r"\s+([\w'’-]+)", text[m.end():])
        possessive = word in ("his", "hers", "their", "theirs") or word == "her" and bool(
            after and after.group(1).lower() not in NOT_A_NOUN)  # "her government", not "told her about"
        return f"{name}'s" if possessive else name

    return re.sub(pattern, sub, text, count=1, flags=re.I)


def _swap_subject(previous: str, subject: str, names: list[str]) -> str:
    """'What did Putin say about X?' + 'the Kremlin' -> 'What did the Kremlin say about X?'."""
    out = previous
    article = r"(?:\bthe\s+)?" if subject.lower().startswith("the ") else ""  # "the BBC" -> "the New York Times"
    for i, name in enumerate(names[:2]):
        if i and not re.search(rf"\band\s+{re.escape(name)}\b", out):
            break  # only a second speaker joined by "and" goes; other names are the topic
        whole = r"(?-i:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?" if i == 0 else ""  # "Ministry
        out = re.sub(article + re.escape(name) + whole, (subject if i == 0 else "").replace("\\", r"\\"), out,  # of
                     count=1, flags=re.I if article else 0)  # Defence" goes whole
    out = re.sub(r"\s+and\s+(?=\s|say|said|talk|\?)", " ", out)
    return re.sub(r"\s{2,}", " ", out).strip()
