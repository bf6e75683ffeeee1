"""Speaker mentions in an article: the patterns that find them and the resolver that names them.

`SPEECH_EVENT`, `INVERTED` and `ACCORDING_TO` match a mention with its speech verb ("Trump said",
'..." said Jonathon Hamilton', "according to the Kremlin"). `Resolver` turns a mention into a canonical
speaker: names via speakers.py, "he"/"she" to the person last named as a subject, "the U.S. president"
to the person introduced with that role, "a Kremlin advisor" to the institution "Kremlin". Works on
text whose quotations are masked (quotes.mask_quotes), so nothing inside a quote is read as a mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .given_names import is_given_name, pronoun_of
from .places import is_place, places_in
from .speakers import (
    ORG_WORDS,
    TITLE_WORDS,
    canonical_speaker,
    is_institution,
    is_role_word,
    remember_speaker,
    role_matches,
    split_title,
    surname,
    word_key,
)
from .terms import CALENDAR_WORDS, STOPWORDS


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _verbs(bases: str) -> str:
    forms: set[str] = set()
    for base in bases.split():
        if base.endswith("e"):
            forms |= {base + "d", base + "s", base[:-1] + "ing"}
        elif base.endswith("y"):
            forms |= {base[:-1] + "ied", base[:-1] + "ies", base + "ing"}
        else:
            forms |= {base + "ed", base + "s", base + "ing"}
    forms -= {"states", "posts", "answers", "promises", "counters", "estimates"}  # nouns as often as verbs:
    # "the Baltic states were", "his posts on X"
    return "|".join(sorted(forms, key=len, reverse=True))


SAY_VERB = "(?:" + _verbs(
    """state note add confirm remark disclose affirm reaffirm indicate emphasise emphasize mention
    announce warn claim argue insist explain acknowledge assert declare deny suggest predict promise
    pledge vow tweet post describe characterise characterize call urge stress express clarify
    reiterate reveal recall concede contend counter reply respond answer caution allege
    hint propose estimate repeat complain boast observe acknowledge"""
) + "|said|says|saying|say|told|tells|telling|wrote|writes|writing|admitted|admits|admitting" \
    "|signaled|signalled|signals|signaling|signalling)"
_CAP = r"(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Rev|St|Jr|Sr|Sec|Atty|Adm|Supt)\.|" \
    r"[A-Z]\.(?=[ \t]+[A-Z][a-z])|(?!(?:He|She|It|They|We|His|Her|Its|Their)\b(?![ \t]+[A-Z]))[A-ZÀ-ÖØ-Þ][\w-]*(?:['’][A-Z][\w-]*)?)"
# "A." of "Louis A. Pearson" too; never a pronoun ("Samuel A. Alito Jr. He argued": "He" starts a sentence), but
# the family name of "He Lifeng"
PARTICLE = r"(?:de|van|von|der|da|di|bin|al|la|le|du|dos|del)"  # inside a name: "von der Leyen", "da Silva"
_NEXT_NAME_WORD = rf"[ \t]+(?:{PARTICLE}[ \t]+){{0,2}}{_CAP}"  # the next word of a name, after its particles
_LTITLE = r"(?:spokesperson|spokesman|spokeswoman|aide|adviser|advisor|official|minister|secretary|" \
    r"director|chief|president|chairman|chairwoman|lawyer|attorney|executive|manager|coach|commander|captain|" \
    r"governor|mayor|senator|leader|founder|economist|analyst|strategist|prosecutor|ambassador|envoy|" \
    r"commissioner|negotiator|editor|correspondent|lawmaker|sheriff|superintendent|goalkeeper|keeper|striker|" \
    r"councilor|councillor|councilman|councilwoman|alderman|legislator|activist|researcher|professor|" \
    r"defender|midfielder|winger|quarterback|pitcher|skipper)"  # "Liverpool striker Mo Salah"
_ROLE_NOUN = r"(?i:spokesperson|spokesman|spokeswoman|aide|adviser|advisor|officials?|company|firm|judge|" \
    r"chancellor|manager|coach|mayor|governor|senator|leader|premier|captain|sheriff|commissioner|" \
    r"government|ministry|department|agency|police|president|minister|secretary|administration|" \
    r"embassy|office|court|military|army|campaign|sources?|prosecutors?|authorities|investigators|" \
    r"statement|report|group|organi[sz]ation|regulators?|spokespeople|leadership|team|lawyers?|attorneys?|" \
    r"bank|union|council|commission|committee|board|authority|university|hospital|club|airline|carrier|automaker|" \
    r"carmaker|insurer|manufacturer)"  # "the bank said", "the airline said"
_OFFICE = r"(?:Secretary|Minister|President|Director|Chair(?:man|woman)?|Governor|Mayor|Head|Chief|Commissioner|" \
    r"Ambassador|Speaker|Leader|Superintendent|Administrator)"  # "Secretary of State Marco Rubio"
_NAMED = rf"(?:(?:{_CAP}[ \t]+){{1,4}}(?:[a-z][\w-]*[ \t]+){{1,2}}{_LTITLE}[ \t]+|" \
    rf"(?:{_CAP}[ \t]+){{0,3}}{_OFFICE}[ \t]+of[ \t]+(?:the[ \t]+)?(?:{_CAP}[ \t]+){{1,3}}(?={_CAP})|" \
    rf"(?:{_CAP}[ \t]+){{0,4}}(?:{_LTITLE}[ \t]+(?:of[ \t]+{_CAP}[ \t]+)?)?){_CAP}" \
    rf"(?:{_NEXT_NAME_WORD}){{0,4}}"  # "Liverpool head coach Arne Slot", "von der Leyen"
_OWNED = rf"{_CAP}(?:[ \t]+{_CAP}){{0,3}}['’]s[ \t]+(?:[a-z][\w-]*[ \t]+){{0,2}}" \
    r"(?:spokes(?:man|woman|person)|lawyers?|attorneys?|aide|adviser|advisor|office|representative)"  # "Johnson's spokesman"
_MENTION = rf"(?<![\w.'’-])(?:{_OWNED}|[Hh]e|[Ss]he|(?:[Tt]he|[Aa]n?)[ \t]+(?:{_CAP}[ \t]+){{0,3}}(?:[a-z][\w-]*[ \t]+)" \
    rf"{{0,3}}?{_ROLE_NOUN}|[Tt]he[ \t]+{_CAP}(?:[ \t]+{_CAP}){{0,3}}|(?:{_CAP}[ \t]+){{1,3}}{_ROLE_NOUN}" \
    rf"(?![ \t]+[A-Z]|[\w'’-])|{_NAMED}|(?:{_CAP}[ \t]+){{1,3}}{_ROLE_NOUN})" \
    r"(?![\w'’-])"
_APPOSITIVE = r"(?:[ \t]*\([A-Z][\w.&'’ -]{0,30}\))?(?:,[ \t]+\d{1,3})?(?:,[ \t]+(?:(?:a|an|the|who|whose|which|[a-z])[^,§;]{0,100}|[A-Z][^,§;]{0,80}|" \
    r"\d{1,3}),)?"  # ", 45,", ", the mayor,", ", 58, the chief executive of Calder Chemicals,"
_ADVERBS = r"(?:[ \t]+(?:also|further|later|earlier|previously|then|again|repeatedly|publicly|privately|" \
    r"separately|reportedly|recently|initially|immediately|quickly|has|had|have|was|is|would|will|" \
    r"once|first|has[ \t]+since|on[ \t]+\w+day|in[ \t]+a[ \t]+statement)){0,3}"
SPEECH_EVENT = re.compile(rf"(?P<m>{_MENTION}){_APPOSITIVE}{_ADVERBS}[ \t]+(?P<v>{SAY_VERB})\b")
SAYING_EVENT = re.compile(  # "Councillor Tom Hale praised the project, saying it came in under budget"
    rf"(?P<m>{_MENTION})[ \t]+[a-z][^.;:!?§\n]{{0,80}}?,[ \t]+"
    r"(?P<v>saying|adding|noting|arguing|warning|insisting|explaining|claiming|stressing|calling)\b")
WHO_SAID_EVENT = re.compile(  # "hosted by President Gitanas Nausėda, who said the Baltic states were ..."
    rf"(?P<m>{_MENTION}),[ \t]+who[ \t]+(?:(?:also|later|earlier|has|had|then)[ \t]+)?(?P<v>{SAY_VERB})\b")
NAME_SET_OFF_EVENT = re.compile(  # "Ashcombe's lawyer, Priya Natarajan, said": the full name between commas speaks
    rf",[ \t]+(?P<m>{_CAP}(?:{_NEXT_NAME_WORD}){{1,4}}),[ \t]+(?P<v>{SAY_VERB})\b")
INVERTED = re.compile(rf"§[ \t,]*(?P<v>{SAY_VERB})[ \t]+(?:(?:[a-z][\w-]*[ \t]+){{0,2}}{_LTITLE}[ \t]+(?=[A-Z]))?"
                      rf"(?P<m>{_MENTION})")  # '"...," said opposition councilor Maria Rossi'
REPORTED_BEFORE = re.compile(  # "Vance is terrified of women, said Mini Timmaraju, CEO of ...": what comes before
    rf"(?<=\w),[ \t]+(?P<v>said|says|added|adds|argued|warned|explained|insisted|noted|wrote)[ \t]+"
    rf"(?:(?:[a-z][\w-]*[ \t]+){{0,2}}{_LTITLE}[ \t]+(?=[A-Z]))?(?P<m>{_MENTION})(?=[ \t]*(?:[,.;]|$))")
ACCORDING_TO = re.compile(
    rf"\b[Aa]ccording[ \t]+to[ \t]+(?:(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){{0,3}}?(?:report|statement|study|"
    rf"survey|analysis|data|memo|letter|filing|post|estimate|poll)s?[ \t]+(?:from|by|of)[ \t]+)?(?P<m>{_MENTION})"
)
_NAME_RE = re.compile(rf"(?<![\w.'’-]){_NAMED}")
_BEFORE_CAPITAL = re.compile(rf"\b(?P<word>[A-Za-z]+)\.?(?:[ \t]+of[ \t]+{_CAP})?\s+(?=[A-Z])")
_NAME_AFTER = re.compile(rf",[ \t]+(?P<name>{_CAP}(?:{_NEXT_NAME_WORD}){{1,3}})(?=[ \t]*(?:[.;:!?§\n]|$))")
_NAME_AT = re.compile(rf"{_CAP}(?:{_NEXT_NAME_WORD}){{0,3}}")
_ROLE_APPOSED = re.compile(  # "The Chancellor of the Exchequer, Rachel Reeves,", "Its chair, Margaret Llewellyn,"
    rf"\b(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|{_CAP}['’]s)[ \t]+(?P<role>[^,§;\n.]{{2,60}}?),[ \t]+"
    rf"(?P<name>{_CAP}(?:{_NEXT_NAME_WORD}){{1,3}}),")
_ROLE_PREFIX = re.compile(rf"(?:{_CAP}[ \t]+){{1,3}}$")
SAYS = re.compile(rf"\b{SAY_VERB}\b")
_APPOSED = re.compile(  # "Jane Doe, the mayor,", "Ellen de Groot, chief executive of Zorggroep Midden,"
    rf"(?P<name>{_CAP}(?:{_NEXT_NAME_WORD}){{1,3}}),[ \t]+(?:\d{{1,3}},[ \t]+)?(?:(?:an?|the)[ \t]+(?P<role>[^,§;\n]{{2,60}}?)|"
    rf"(?P<bare>[a-z][^,§;\n]{{1,59}}?)),")
_LEADING = STOPWORDS | _wordset(
    """despite following after before meanwhile however additionally yesterday today earlier later
    tonight still yet instead separately previously speaking asked monday tuesday wednesday thursday
    friday saturday sunday but and so now also when while as in on at then though although because if unless
    whereas whether once until"""
)  # fmt: skip
_ARTICLES = ("the", "a", "an")
_BUSINESS = frozenset({"company", "firm", "airline", "carrier", "automaker", "carmaker", "insurer", "manufacturer"})
# "the airline said": the business that spoke before
_GENERIC = frozenset({"company", "firm", "group", "organization", "organisation", "team"} | _BUSINESS)
_NOBODY = frozenset(  # one capitalised word that names no one: unnamed sources, a title, the tail of a long name
    ["officials", "authorities", "experts", "analysts", "critics", "residents", "researchers", "scientists", "officers",
     "doctors", "americans", "economists", "investigators", "lawmakers", "observers", "sources",
     "witnesses", "organizers", "advocates", "supporters", "opponents", "voters", "parents", "students", "users",
     "department", "office", "university", "centers", "center", "prevention", "times", "post", "news", "journal",
     "board", "committee", "commission", "council", "agency", "bureau", "service", "authority", "administration",
     "ministry", "government", "company", "group", "party", "union", "association", "institute", "foundation",
     "network", "fund", "league", "club", "team", "school", "hospital", "coalition", "alliance", "nations",
     "house", "white", "state", "federal", "national", "international"] + sorted(TITLE_WORDS - {"pope"})
)  # fmt: skip
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")  # "U.S.", "U.K."
_FORMERLY = frozenset({"former", "ex", "late", "then", "incoming", "outgoing"})
_DOCUMENTS = frozenset({"statement", "report", "study", "survey", "analysis", "memo", "letter", "filing", "post",
                        "release", "document", "complaint", "lawsuit", "ruling", "order", "notice"})
_NAMED_AFTER = frozenset(
    ["awards", "award", "prize", "day", "street", "avenue", "road", "boulevard", "bridge", "park", "county", "city",
     "center", "centre", "hall", "stadium", "arena", "house", "hotel", "airport", "school", "college", "library",
     "museum", "foundation", "trophy", "cup", "act", "law", "island", "lake", "river", "mountain", "fund"]
)  # fmt: skip
_BODIES = frozenset(
    ["police", "government", "ministry", "department", "agency", "embassy", "military", "army", "court",
     "administration", "campaign", "officials", "sources", "prosecutors", "authorities", "investigators",
     "regulators", "spokespeople", "leadership"]
)  # fmt: skip  # named with their place or owner, these speak as themselves, not as "West Yorkshire"


@dataclass(frozen=True)
class Mention:
    """A resolved speaker mention at text[start:end]."""

    start: int
    end: int
    as_written: str
    speaker: str
    role: str = ""
    institution: bool = False
    anchor: int = -1  # where a claim should start when not at the mention: "Despite Trump's ..., he said"


class Resolver:
    """Names mentions within one article, remembering who was introduced and who spoke last."""

    def __init__(self, masked: str, aliases: Mapping[str, str]) -> None:
        self.masked = masked
        self.aliases = aliases
        self.known: dict[str, str] = {}  # lower-cased full name / surname / alias -> canonical
        self.persons: set[str] = set()
        self.roles: dict[str, str] = {}  # canonical person -> role as written
        self.pronouns: dict[str, str] = {}  # canonical person -> "he" or "she", where a title or given name tells
        self.last_subject = ""
        self.last_institution = ""
        self._unit_start = 0
        self._subject_seen = False
        self._claimless: list[tuple[int, int]] = []  # sentences without claims since the last speaker
        self._whole: set[str] = set()  # names of people met whole though no given name shows them ("LeBron James")
        self._names = [(m.start(), m.end(), m.group()) for m in _NAME_RE.finditer(masked)]  # read once, used often
        self._name_starts = [start for start, _end, _written in self._names]
        self._introduce()

    def _introduce(self) -> None:
        for hit in _BEFORE_CAPITAL.finditer(self.masked):
            name = _NAME_AT.match(self.masked, hit.end())
            word = hit.group("word")
            if word.lower() not in TITLE_WORDS or name is None or _not_a_name(name.group()) \
                    or ("." in hit.group() and len(word) > 4):  # "... the vice president. Vance said"
                continue
            prefix = _ROLE_PREFIX.search(self.masked, max(0, hit.start() - 40), hit.start())
            person = name.group()
            title, _bare = split_title(person)  # "Vice President Kamala Harris": the role is "Vice President"
            if re.search(r"[ \t]of[ \t]", hit.group()) and len(person.split()) > 2 and not title and \
                    not is_given_name(person.split()[0]):  # "Director of National Intelligence Tulsi Gabbard"
                title, person = _split_office(person)
            role = f"{self.masked[prefix.start() if prefix else hit.start() : hit.end()]} {title}"
            self._add_person(person, " ".join(w for w in role.split() if w.lower() not in _ARTICLES))
        for hit in _APPOSED.finditer(self.masked):
            role = " ".join((hit.group("role") or hit.group("bare")).split())
            office = re.sub(r"[ \t]+(?:of|for|at)[ \t].*$", "", role).split()[-1].lower()  # "chief executive of X"
            if office in TITLE_WORDS and not is_institution(hit.group("name")) and not _not_a_name(hit.group("name")):
                self._add_person(hit.group("name"), role)
        for hit in _ROLE_APPOSED.finditer(self.masked):  # "The Chancellor of the Exchequer, Rachel Reeves,"
            role = " ".join(hit.group("role").split())
            office = re.sub(r"[ \t]+(?:of|for)[ \t].*$", "", role).split()[-1].lower()
            if office in TITLE_WORDS and not is_institution(hit.group("name")) and not _not_a_name(hit.group("name")):
                self._add_person(split_title(hit.group("name"))[1] or hit.group("name"), role)
        for name_start, name_end, written in self._names:  # "goals from Dan Burn": "Burn said" later is him
            role, full = split_title(" ".join(_strip_leading(written.split())))
            words = full.split()
            given = next((i for i, w in enumerate(words[:-1]) if is_given_name(w)), 0)
            if given:  # "Journalist Melissa Jacobs", "Chief Medical Examiner Laura Knight": the name starts there
                role, full = " ".join([role, *words[:given]]).strip(), " ".join(words[given:])
            if role or not self._newly_named(full, name_end) or _not_a_name(full) or full.lower() in self.known:
                continue
            bare = self.known.get(surname(full).lower(), "")
            if bare and " " not in bare and bare in self.persons:  # "Mr Starmer" met first by its title: he is
                self.persons.discard(bare)  # "Keir Starmer", named in full elsewhere in the article
                self._add_person(full, self.roles.pop(bare, ""))
                self.known[bare.lower()] = full
                continue
            owner = self.known.get(surname(full).lower(), "")
            if owner and " " in owner and 0 <= name_start < self.masked.find(owner) and not re.search(
                    r"\b(?:Jr|Sr|II|III)\b", written):  # "David Miliband ... the energy
                self._add_person(full, "")  # secretary Ed Miliband": the surname is the one named first in the text's
                self.known[surname(full).lower()] = full
            elif owner:  # "Samuel Lilley ... his father Tim Lilley": the surname
                self.persons.add(full)  # stays with the first, the father is known by his full name
                self.known[full.lower()] = full
                self.pronouns.setdefault(full, pronoun_of(full))
            else:
                self._add_person(full, "")

    def _add_person(self, name: str, role: str) -> str:
        canonical = canonical_speaker(name, self.known, self.aliases)
        family = surname(canonical).lower()
        kin = self.known.get(family, "")
        remember_speaker(canonical, self.known)
        if kin != canonical and " " in kin and " " in canonical and kin in self.persons and self._relative(canonical, kin):
            self.known[family] = kin  # "President Joe Biden ... first lady Jill Biden": "Biden" alone stays him
        self.persons.add(canonical)
        if role and (not self.roles.get(canonical) or self.roles[canonical].lower().rstrip(".") in _HONORIFICS):
            self.roles[canonical] = " ".join(role.split())  # "Sir" gives way to "Prime Minister"
        told = pronoun_of(canonical, role) or pronoun_of(name, role)
        if told:
            self.pronouns.setdefault(canonical, told)
        return canonical

    def _relative(self, person: str, first: str) -> bool:
        """Whether `person` is introduced as a relative ("first lady Jill Biden", "his daughter Ivanka Trump") of
        `first`, the one of that family name met earlier: the story's subject, whom the bare family name means."""
        at = self.masked.find(person)
        return 0 <= self.masked.find(first) < at and bool(_KIN.search(self.masked, max(0, at - 40), at))

    def _fits(self, person: str, pronoun: str) -> bool:
        """Whether "he"/"she" can mean the person (a person whose pronoun is not known fits either)."""
        told = self.pronouns.get(person) or pronoun_of(person)
        return not told or told == pronoun.lower()

    def begin_unit(self, start: int) -> None:
        self._unit_start, self._subject_seen = start, False

    def end_unit(self, start: int, end: int) -> None:
        """Remember a sentence with no claim: its first named person may be the subject for "he"/"she"."""
        if not self._subject_seen:
            self._claimless = [*self._claimless[-4:], (start, end)]

    def saw_subject(self, speaker: str) -> None:
        self.last_subject, self._subject_seen, self._claimless = speaker, True, []

    def _subject(self, pronoun: str | None) -> str:
        """The subject of the last sentences that the pronoun fits (any person for None)."""
        for start, end in reversed(self._claimless):
            people = [p for p in self._people(start, end, subjects=True) if pronoun is None or self._fits(p, pronoun)]
            if people:
                return people[0]
        if self.last_subject and (pronoun is None or self._fits(self.last_subject, pronoun)):
            return self.last_subject
        if pronoun is None:
            return ""
        told = [p for p in self._people(max(0, self._unit_start - LOOK_BACK), self._unit_start)
                if self.pronouns.get(p) == pronoun.lower() or pronoun_of(p) == pronoun.lower()]
        return told[-1] if told else ""  # "... Brennan said. '...,' she said": the last woman named, if one is

    def _described(self, start: int) -> str:
        """Whom a description ("the Chinese president", "the Republican senator") stands for when nobody was
        introduced with it: the first person named earlier in the sentence, else the subject of the last sentences
        (as for "he"); "" when there is none."""
        people = self._people(self._unit_start, start)
        return people[0] if people else self._subject(None)

    def mention(self, start: int, end: int, written: str) -> Mention | None:
        """The speaker a mention refers to, or None when it cannot be resolved. A body's name is read whole ("the
        Centers for Disease Control and Prevention", not "Centers"; "the Food and Drug Administration", not "Drug
        Administration"), and "the agency" or "the department" is the last one of its kind the story named."""
        found = self._mention(start, end, written)
        if found is not None and not found.institution:
            whole = _whole_body(self.masked, found.start, found.end, longer=False)  # "The Justice Department"
            if whole is None or is_given_name(found.speaker.split()[0]) or any(
                    w.lower().rstrip(".") in TITLE_WORDS for w in whole.group().split()[1:]):
                return found  # (but "Climate Action" of "... Economic Affairs and Climate Action" is no one)
            found = replace(found, speaker="", institution=True)
        else:
            whole = _whole_body(self.masked, start, end)
        speaker = self._body_speaker(whole.group()) if whole is not None else ""
        if whole is not None and (found is None or found.speaker != speaker):
            self.last_institution = speaker
            first, last = min(found.start if found else start, whole.start()), max(found.end if found else end, whole.end())
            return Mention(first, last, self.masked[first:last], speaker, "", institution=True)
        kind = written.split()[-1] if found is not None and found.speaker == written.split()[-1].lower() else ""
        body = _last_body(self.masked, start, kind.lower()) if kind.lower() in _BODY_KINDS else None
        if body is not None and found is not None:  # "the agency said", after "The Food and Drug Administration"
            speaker = self._body_speaker(body)
            self.last_institution = speaker
            return replace(found, speaker=speaker)
        return found

    def _body_speaker(self, name: str) -> str:
        """A public body's name as a speaker: as the aliases or the story spell it, its words kept (no title words
        dropped: "Bureau of Justice Statistics", "Office of the High Commissioner for Human Rights")."""
        name = _body_name(name)
        return self.aliases.get(name) or self.known.get(name.lower(), name)

    def _mention(self, start: int, end: int, written: str) -> Mention | None:
        if written in ("he", "He", "she", "She"):
            people = [p for p in self._people(self._unit_start, start, subjects=True) if self._fits(p, written)]
            speaker = people[0] if people else self._subject(written)
            anchor = self._unit_start if people else -1
            if speaker and not self.pronouns.get(speaker):  # "Giorgia Meloni ... she said": a later "he" is not her
                self.pronouns[speaker] = written.lower()
            return Mention(start, end, written, speaker, self.roles.get(speaker, ""), anchor=anchor) \
                if speaker else None
        owned = _OWNER.match(written)
        if owned:  # "Boris Johnson's spokesman said": the spokesman, for Johnson
            principal = canonical_speaker(owned.group("owner"), self.known, self.aliases)
            role = " ".join(owned.group("role").lower().split())
            if role == "office" or is_institution(principal):  # "Zelensky's office", "the Kremlin's spokesman"
                return Mention(start, end, written, principal if role != "office" else f"{principal}'s office",
                               f"{principal}'s {role}", institution=True)
            return self._proxy_of(start, end, written, principal, role)
        tokens = _strip_leading(written.split())
        if not tokens or (tokens[0].lower() in _LEADING and tokens[0].lower() not in _ARTICLES):
            return None
        if len(tokens) < len(written.split()):
            start = self.masked.index(tokens[0], start)
        written = " ".join(tokens)
        words = [w for w in tokens if w.lower() not in ("the", "a", "an")]
        if len(words) == 1 and tokens[0].lower() == "the" and _EPITHET.fullmatch(words[0]):  # "the Spaniard said",
            described = self._described(start)  # "the 71-year-old said": the one just named, never a speaker
            return Mention(start, end, written, described, "") if described else None  # called "Spaniard"
        proxy = _PROXY.search(self.masked, max(0, start - 50), start)
        if proxy:  # "a spokesman for Boris Johnson said": the spokesman, not Johnson
            return self._proxy(proxy, end, written)
        if words and all(w.lower().rstrip(".") in TITLE_WORDS for w in words):  # "The Prime Minister said"
            words = [w.lower() for w in words]
            holders = [p for p, role in self.roles.items() if role_matches(" ".join(words), role)]
            if len(holders) == 1 and " ".join(words) not in self.known:  # "King Charles ... the King said": Charles
                # (not "Justice said" of Gov. Jim Justice)
                return Mention(start, end, written, holders[0], self.roles[holders[0]])
        if words and re.fullmatch(_ROLE_NOUN, words[-1].rstrip(".")) and words[-1][:1].islower():
            named = _NAME_AFTER.match(self.masked, end)  # "said the national security adviser, Mike Waltz."
            if named and len(named.group("name").split()) > 1 and not is_institution(named.group("name")):
                found = self._named(start, named.end("name"), f"{' '.join(words)} {named.group('name')}")
                return replace(found, start=start) if found else None
            employer = _EMPLOYER.match(self.masked, end)  # "said a spokeswoman for Tesco": Tesco's statement
            if employer and len(words) == 1 and words[0].lower() in _SPOKES:
                org = canonical_speaker(employer.group("org"), self.known, self.aliases)
                return self._proxy_of(start, employer.end("org"), written, org, words[0].lower())
            return self._role_mention(start, end, written, words)
        return self._named(start, end, written)

    def _proxy(self, proxy: re.Match[str], end: int, written: str) -> Mention | None:
        """The one who speaks for someone: "a spokesman for Boris Johnson", "a source close to Catherine"."""
        principal = canonical_speaker(f"{proxy.group('org') or ''}{written}", self.known, self.aliases)
        return self._proxy_of(proxy.start(), end, written, principal, " ".join(proxy.group("role").lower().split()))

    def _proxy_of(self, start: int, end: int, written: str, principal: str, role: str) -> Mention:
        joiner = "to" if role.startswith(("source", "friend", "someone")) else "for"
        person = principal in self.persons or is_given_name(principal.split()[0]) if principal else False
        if is_institution(principal) or role in _SPOKES - {"lawyer", "attorney"} and not person:
            speaker = principal  # "a spokeswoman for Tesco": the company's statement, given by its spokeswoman
        else:
            speaker = f"{role} {joiner} {principal}"
        self.last_institution = speaker
        return Mention(start, end, written, speaker, f"{role} {joiner} {principal}", institution=True)

    def _role_mention(self, start: int, end: int, written: str, words: list[str]) -> Mention | None:
        phrase = " ".join(words)
        if words[-1].lower() in _DOCUMENTS and not any(w[:1].isupper() for w in words):  # '..., said a statement',
            return None  # "a transparency report said": whose is not said ("a Kremlin statement" is the Kremlin's)
        lead = [w for w in words if w[:1].isupper()]  # "the Ohio senator", "the New York governor": a senator, a
        place = set(lead) if lead and is_place(" ".join(lead)) else set()  # governor (not someone called "Ohio")
        plain = [w for w in words if not _DESCRIPTOR.fullmatch(w) and w not in place]  # "the Democratic governor"
        fitting = [p for p, role in self.roles.items() if role_matches(phrase, role) or role_matches(" ".join(plain), role)
                   and not (place and _places(role) and not _places(role) & _places(" ".join(lead)))]  # "the Ohio
        # senator" is not "former Arizona Sen. John McCain"
        if len(fitting) == 1:
            return Mention(start, end, written, fitting[0], self.roles[fitting[0]])
        if len(plain) < len(words) and words[-1].lower().rstrip(".") in _ONE_PERSON:  # "the Chinese president" with
            speaker = self._described(start)  # no one introduced so: the one the story is about (Xi Jinping, just named)
            return Mention(start, end, written, speaker, phrase) if speaker else None
        caps = [w for w in words if w[:1].isupper() and w.lower().rstrip(".") not in TITLE_WORDS]
        if caps and words[-1].lower() in _BODIES and not is_institution(" ".join(caps)):
            speaker, phrase = " ".join(words[words.index(caps[0]):]), ""  # "West Yorkshire police", "Nevada high court"
        elif caps:  # "a Kremlin advisor", "White House officials": the institution they speak for
            speaker = canonical_speaker(" ".join(caps), self.known, self.aliases)
        elif words[-1].lower() in _GENERIC and self.last_institution and not (
                words[-1].lower() in _BUSINESS and _BODY.fullmatch(self.last_institution)):  # "the company"
            # is not the Department of Justice that spoke before
            speaker = self.last_institution
        elif words[-1].lower().rstrip(".") in _ONE_PERSON:  # "the judge said" with no judge named: whom it means
            return None  # is not known (and "judge" is nobody's name)
        else:
            speaker = phrase
        self.last_institution = speaker
        return Mention(start, end, written, speaker, phrase, institution=True)

    def _named(self, start: int, end: int, written: str) -> Mention | None:
        role, name = split_title(written)
        qualifier, rest = ("", name) if name in self._whole else _qualifier(name)  # a person met whole speaks as
        # such ("Giovanni Andrea Martini" is not Andrea Martini of somewhere called Giovanni)
        title = self._title_of(start)
        words = [w for w in title.group().split()[:-1] if w not in ("The", "the")] if title else []
        office = words[-1].lower() if words else ""  # the word before "of"
        if title and self._a_person_of(words):  # "Rich King of Delaware Surf Fishing said": he did
            who = self._add_person(" ".join(words), "")
            return Mention(title.start(), end, self.masked[title.start() : end], who, self.roles.get(who, ""))
        if not qualifier and office in TITLE_WORDS and len(name.split()) > 1 and not is_institution(name) \
                and not is_given_name(name.split()[0]):
            qualifier, rest = _split_office(name)  # "Minister of Defence Rustem Umerov": "Defence" is the office
        elif title and office in ORG_WORDS and not role and (" " not in name or not any(  # "The Ministry of
                is_given_name(w) or w.lower().rstrip(".") in TITLE_WORDS for w in name.split())):  # Foreign Affairs"
            start, written = title.start(), self.masked[title.start() : end]
            role, name = "", written
        elif title and office in ORG_WORDS and role:  # "Bank of England Governor Andrew Bailey"
            start, role = title.start(), " ".join([*words, "of", role])
        if qualifier and _ABBREVIATION.fullmatch(qualifier.split()[-1]):
            if rest.lower() in self.known or is_given_name(rest.split()[0]):  # "... the U.S. Trump has said":
                name, start = rest, self.masked.index(rest.split()[0], start)  # it ended the sentence before
            qualifier = ""  # ... or belongs to the name: "the U.S. Centers for Disease Control"
        elif qualifier:  # "State Antony Blinken", of "Secretary of State Antony Blinken": the claim starts at its title
            name = rest
            if title:
                start, qualifier = title.start(), " ".join(title.group().split() + [qualifier])
        role = " ".join(w for w in (role, qualifier) if w)
        if name.lower() in ("the", "a", "an", "") or len(name) == 1:  # "Gen Z", the "M" of "3M"
            return None
        if name.lower().rstrip(".") in CALENDAR_WORDS or len(name.split()) == 1 and re.search(
                r"\b(?:of|from|in|near)[ \t]+$", self.masked[max(0, start - 10):start]):  # "who lives in Austin, Texas"
            return None  # "In December, he ...": a date; "Rep. Maxwell Frost of Florida said": the place, not him
        if " " not in name and word_key(name) in _NOBODY and name.lower() not in self.known:  # "Officials said",
            # "... Control and Prevention said"; but "Justice said" after "Gov. Jim Justice" is him
            return None
        tokens = name.split()
        whole = next((" ".join(tokens[cut:]) for cut in range(1, len(tokens) - 1) if name.lower() not in self.known
                      and all(t[:1].isupper() and t.lower() not in ORG_WORDS for t in tokens[:cut])
                      and self.known.get(" ".join(tokens[cut:]).lower()) in self.roles), "")
        name = whole or name  # "(Director of National) Intelligence Tulsi Gabbard": Tulsi Gabbard, introduced before
        speaker = canonical_speaker(name, self.known, self.aliases)
        if " " not in speaker and is_given_name(speaker):  # "Lilley's father, Tim, who said": Tim Lilley
            named = [p for p in self.persons if len(p.split()) > 1 and p.split()[0].lower() == speaker.lower()]
            speaker = named[0] if len(named) == 1 else speaker
        person = speaker in self.persons or bool(role) or (len(speaker.split()) > 1 and not is_institution(speaker)) \
            or (" " not in speaker and not is_institution(speaker) and self._called_he_or_she(end))
        if person:
            speaker = self._add_person(speaker, role)
            return Mention(start, end, written, speaker, self.roles.get(speaker, ""))
        self.last_institution = speaker
        return Mention(start, end, written, speaker, "", institution=True)

    def _a_person_of(self, words: list[str]) -> bool:
        """Whether the capitalised words before "of" name a person ("Rich King", "Maxwell Frost"), not an office
        ("Secretary") or a body ("Ministry")."""
        office = words[-1].lower() if words else ""
        named = is_given_name(words[0]) or office in _SURNAME_TITLES or \
            canonical_speaker(" ".join(words), self.known, self.aliases) in self.persons if words else False
        return 2 <= len(words) <= 3 and named and office not in ORG_WORDS and \
            (office not in TITLE_WORDS or office in _SURNAME_TITLES)

    def _called_he_or_she(self, end: int) -> bool:
        """Whether the paragraph goes on about the one just named as "he" or "she" before naming another person:
        "Slot admitted that Liverpool had been second best. '...,' he said" (a surname alone is a person), unlike
        "Apple said it would ..." (an institution)."""
        stop = self.masked.find("\n", end)
        pronoun = _PERSONAL.search(self.masked, end, min(stop if stop >= 0 else len(self.masked), end + 400))
        return pronoun is not None and not self._people(end, pronoun.start())

    def _title_of(self, start: int) -> re.Match[str] | None:
        """Capitalised words and "of" just before a mention ("Secretary of " before "State Antony Blinken"), unless
        a preposition leads to them ("a professor at the University of Bordeaux said": she said it, not it)."""
        title = _TITLE_OF.search(self.masked, max(0, start - 60), start)
        if title is None or _AFTER_PREPOSITION.search(self.masked, max(0, title.start() - 12), title.start()):
            return None
        return title

    def named(self, start: int, end: int) -> list[str]:
        """Persons named in masked[start:end], in order."""
        return self._people(start, end)

    def _people(self, start: int, end: int, subjects: bool = False) -> list[str]:
        """Known persons named in masked[start:end] (possessives included), in order; with `subjects`, not those
        named after a preposition ("after a clear warning to Trump, he said", "standing alongside Biden, he was")."""
        found = []
        for name_start, name_end, written in self._names[bisect_left(self._name_starts, start):]:
            if name_start >= end:
                break
            if name_end > end or subjects and _OBJECT.search(self.masked, max(start, name_start - 12), name_start):
                continue
            tokens = _strip_leading(written.split())
            speaker = canonical_speaker(split_title(" ".join(tokens))[1], self.known, self.aliases)
            if speaker in self.persons or self._newly_named(speaker, name_end):
                found.append(speaker)
        return found

    def _newly_named(self, name: str, end: int) -> bool:
        """A person not met before whose given name shows them ("Jennifer Pratt"), or whose family name comes first
        ("Xi Jinping"), unless the words are a thing named after someone ("Tony Awards", "Martin Luther King Day") or
        a photo credit ("John Smith/Reuters")."""
        words = name.split()
        return len(words) > 1 and (is_given_name(words[0]) or surname(name) == words[0] or self._speaks_alone(name)) \
            and not is_institution(name) and words[-1].lower() not in _NAMED_AFTER and not self.masked.startswith("/", end)

    def _speaks_alone(self, name: str) -> bool:
        """Whether the article quotes someone by this name or its last word alone ("LeBron James ... James said",
        'said opposition councilor Giovanni Andrea Martini'): a given name no list holds ("LeBron", "Giovanni")
        still makes a person who speaks."""
        words = name.split()
        if words[0].isupper() or "." in words[0] or is_role_word(words[0]) or len(words) > 3 \
                or any(is_given_name(w) for w in words[1:-1]) or re.search(rf"\b{re.escape(words[0].lower())}\b", self.masked) \
                or not re.search(rf"[a-z,][ \t]+{re.escape(name)}\b", self.masked):
            return False  # "NASA Administrator ...", "Journalist Melissa Jacobs" (her name starts at "Melissa"), a word
            # the text also writes in lower case, or a heading's first words ("Meet Trump"): named mid-sentence only
        if words[-1].lower() in CALENDAR_WORDS or is_institution(name) or places_in("country", name) \
                or places_in("state", name) or words[0].lower() in _PLACE_WORDS:
            return False  # "said Wednesday", "Mack Trucks", "Northern Iowa", "American Academy"
        called, full = rf"(?:{re.escape(name)}|{re.escape(words[-1])})", re.escape(name)
        role = rf"(?:[a-z][\w-]*[ \t]+){{0,2}}{_LTITLE}[ \t]+"  # "opposition councilor"
        said = r"(?:said|says|told|added|asked|wrote|explained|recalled|noted|insisted|argued|warned|stated|replied)"
        # "James said", "said James", "said opposition councilor Giovanni Andrea Martini"; not "called Devils Well"
        speaks = re.search(rf"(?<![\w.'’-]){called}[ \t]+{said}\b|\b{said}[ \t]+{called}(?![\w'’-])|"
                           rf"\b{said}[ \t]+{role}{full}(?![\w'’-])", self.masked) is not None
        if speaks:
            self._whole.add(name)
        return speaks


_PLACE_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                          "new", "mount", "lake", "port", "fort", "san", "santa", "los", "las", "el", "baton", "tampa",
                          "daily", "national", "federal", "state", "county", "city", "united", "royal", "global",
                          "american", "british", "chinese", "russian", "french", "german", "indian", "democrat",
                          "democratic", "republican", "conservative", "liberal", "labour", "former", "incumbent",
                          "medical", "senior", "chief"})  # first words of places, bodies and descriptions, not names
_PERSONAL = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]im|[Hh]imself|[Hh]erself)\b")
_ONE_PERSON = frozenset({"judge", "chancellor", "manager", "coach", "mayor", "governor", "senator", "leader",
                         "president", "minister", "secretary", "chairman", "chairwoman", "captain", "premier",
                         "commissioner", "sheriff", "director", "executive", "lawyer", "attorney"})  # one person's
_DESCRIPTOR = re.compile(r"(?:Democratic|Republican|Labour|Conservative|Liberal|Green|Socialist|French|Dutch|Greek|Swiss|"
                         r"Thai|Czech|Welsh|[A-Z][a-z]+(?:ian|ean|an|ish|ese|ic|i))")
_EPITHET = re.compile(r"\d{1,3}-year-old|Spaniard|Frenchman|Frenchwoman|Dutchman|Dutchwoman|Englishman|Englishwoman|"
                      r"Scotsman|Scot|Welshman|Irishman|Irishwoman|Italian|German|Brazilian|Argentine|Argentinian|"
                      r"Portuguese|Australian|American|Canadian|Belgian|Norwegian|Swede|Dane|Finn|Pole|Croat|Serb|"
                      r"Nigerian|Ghanaian|Senegalese|Egyptian|Moroccan|Japanese|South Korean|Mexican|Colombian|"
                      r"Uruguayan|Chilean|Austrian|Swiss|Greek|Turk|Russian|Ukrainian|Chinese|Indian|Kenyan|New Zealander")
_KIN = re.compile(r"\b(?:first[ \t]+lady|first[ \t]+gentleman|wife|husband|daughter|son)\b[^.\n]{0,12}$", re.I)
_OBJECT = re.compile(r"\b(?:(?<!according[ \t])to|with|against|alongside|beside|toward|towards|than|at)[ \t]+(?:the[ \t]+)?$")
LOOK_BACK = 600  # characters before a sentence searched for the person a "she" or "he" of known gender means
_HONORIFICS = frozenset({"sir", "dame", "mr", "mrs", "ms", "miss", "dr", "lord", "lady", "prof"})
_OWNER = re.compile(r"(?P<owner>.+?)['’]s\s+(?P<role>.+)$")
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative", "lawyer", "attorney"})
_PROXY = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir)[ \t]+(?:[\w-]+[ \t]+)?(?P<role>spokes(?:man|woman|person)|"
                    r"lawyer|attorney|representative|source[ \t]+close|friend|someone[ \t]+close)[ \t]+(?:for|to|of)[ \t]+"
                    r"(?P<org>(?:the[ \t]+)?(?:[A-Z][\w'’-]*[ \t]+)+(?:of|for)[ \t]+(?:the[ \t]+)?)?\Z")  # "... for the
# Ministry of " before "Defence"
_EMPLOYER = re.compile(rf"[ \t]+(?:for|of|at)[ \t]+(?P<org>(?:the[ \t]+)?{_CAP}(?:[ \t]+(?:(?:of|for)[ \t]+(?:the[ \t]+)?)?"
                       rf"{_CAP}){{0,4}})")  # "a spokeswoman for the Ministry of Defence"
_SURNAME_TITLES = frozenset({"king", "prince", "lord", "justice", "judge"})  # title words that are surnames too
_AFTER_PREPOSITION = re.compile(r"\b(?i:at|with|from|for|of|in|to|by|on|and)[ \t]+(?:the[ \t]+)?\Z")
_TITLE_OF = re.compile(r"\b(?:[A-Z][\w'’-]*[ \t]+)+(?:of|for)[ \t]+\Z")  # "Secretary of " before "State Antony Blinken"


def _places(text: str) -> set[str]:
    return places_in("country", text) | places_in("state", text)


def _qualifier(name: str) -> tuple[str, str]:
    """Words before a name that qualify the person, split off: "State Antony Blinken" (of "Secretary of State
    Antony Blinken") -> ("State", "Antony Blinken"); "U.S. Trump" -> ("U.S.", "Trump"); "Former Biden" ->
    ("Former", "Biden"); "MVP Patrick Mahomes" -> ("MVP", "Patrick Mahomes")."""
    tokens = name.split()
    lead = 1 if len(tokens) > 2 and tokens[0].lower() in _ARTICLES and _ABBREVIATION.fullmatch(tokens[1]) else 0
    cut = lead
    while cut < len(tokens) - 1 and (_ABBREVIATION.fullmatch(tokens[cut]) or tokens[cut].lower() in _FORMERLY):
        cut += 1
    cut = 0 if cut == lead else cut  # "The White House": an article alone qualifies nobody
    given = next((i for i in range(cut + 1, len(tokens) - 1) if is_given_name(tokens[i])), None)
    if given is not None and not is_given_name(tokens[cut]):
        cut = given  # capitalised words before a given name: a department, a distinction, not the name
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


def _split_office(name: str) -> tuple[str, str]:
    """The office and the person in the words after "<title> of": all but the last two words (and a suffix such
    as "Jr.") are the office: "Foreign Affairs Sergei Lavrov" -> ("Foreign Affairs", "Sergei Lavrov")."""
    tokens = name.split()
    keep = min(len(tokens) - 1, 3 if tokens[-1].lower().rstrip(".") in ("jr", "sr", "ii", "iii", "iv") else 2)
    return " ".join(tokens[:-keep]), " ".join(tokens[-keep:])


def _not_a_name(phrase: str) -> bool:
    """A capitalised phrase that opens with a function word or pronoun ("At an event", "I", "You"): a title
    word before a full stop ("... a public defender. At an event") must not make it a person."""
    return phrase.split()[0].lower() in _LEADING


def _strip_leading(tokens: list[str]) -> list[str]:
    """Drop sentence-initial function words glued to a name ("Despite Trump" -> "Trump")."""
    while len(tokens) > 1 and tokens[0].lower() in _LEADING and tokens[0].lower() not in _ARTICLES \
            and tokens[1][:1].isupper():
        tokens = tokens[1:]
    return tokens


_BODY_HEAD = r"(?:Administration|Agency|Commission|Committee|Bureau|Services?|Board|Authority|Department|Office|" \
    r"Ministry|Centers?|Centres?|Institutes?)"
_DATE_OR_ARTICLE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An)\b"  # never a word of a body's name
_BODY_WORD = rf"(?!{_DATE_OR_ARTICLE})(?:U\.S\.|U\.K\.|[A-Z][\w-]*(?:['’][A-Z][\w-]*)?)"
_AFTER_WORD = rf"(?!{_DATE_OR_ARTICLE})[A-Z][a-z][\w-]*"  # "Public Health", never "COVID-19"
_ANOTHER = rf"(?:(?:the[ \t]+)?(?:{_BODY_WORD}[ \t]+){{0,3}}(?:Organi[sz]ation|Coalition|Association|Foundation|Union|" \
    rf"Council)|(?:the[ \t]+(?:{_BODY_WORD}[ \t]+){{0,3}})?{_BODY_HEAD})\b"  # "... and Prevention and (the) World Health
# Organization", "and the Department of ...": another body (but "Department of Health and Human Services" is one)
_BODY = re.compile(  # "Food and Drug Administration", "Centers for Disease Control and Prevention", "Iowa Department
    rf"(?<![\w.'’-])(?:{_BODY_WORD}[ \t]+(?:(?:and|&)[ \t]+)?){{0,5}}(?P<head>{_BODY_HEAD})"  # of Public Health"
    rf"(?:[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?{_AFTER_WORD}(?:(?:[ \t]+(?:(?:and|&)[ \t]+(?!{_ANOTHER})|(?:of|for)[ \t]+)?|"
    rf",[ \t]+(?={_AFTER_WORD}[ \t]+(?:and|&)[ \t]+{_AFTER_WORD}))"  # "Ministry of Health, Labour and Welfare"
    rf"{_AFTER_WORD}){{0,5}})?(?:['’]s)?(?![\w'’-])")  # (a possessive ends it: "Department of Defense's Wallander")
BODY_REACH = 1500  # "the agency" is one named at most this far before
_BODY_KINDS = {  # "the agency said": the last body named of one of these kinds
    "agency": {"administration", "agency", "commission", "bureau", "service", "services", "authority", "department",
               "office", "centers", "centres", "institute", "institutes"},  # (a "Center" may be a venue)
    "department": {"department"}, "commission": {"commission"}, "bureau": {"bureau"}, "ministry": {"ministry"},
    "administration": {"administration"}, "service": {"service"}, "committee": {"committee"},
    "authority": {"authority"}, "board": {"board"}}


def _whole_body(masked: str, start: int, end: int, longer: bool = True) -> re.Match[str] | None:
    """The full name of a public body that the mention at start..end is part of (if `longer`, only a longer one)."""
    for found in _BODY.finditer(masked, max(0, start - 80), min(len(masked), end + 120)):
        inside = found.start() <= start + 4 and end <= found.end()  # (start may be at "the ")
        if inside and (not longer or found.start() < start or found.end() > end) and len(found.group().split()) > 1:
            return found
    return None


def _last_body(masked: str, start: int, kind: str) -> str | None:
    """The name of the last public body of a kind ("agency") named in the BODY_REACH characters before `start`, of
    two words or more."""
    found = [m for m in _BODY.finditer(masked, max(0, start - BODY_REACH), start) if len(m.group().split()) > 1]
    same = [m.group() for m in found if m.group("head").lower().rstrip("s") == kind]  # "the agency": an Agency
    named = same or [m.group() for m in found if m.group("head").lower() in _BODY_KINDS[kind]]  # else a body of its kind
    return named[-1] if named else None


def _body_name(name: str) -> str:
    """A body's name as a speaker: without "the", a leading "U.S." ("U.S. Forest Service" is the Forest Service) or a
    possessive."""
    name = re.sub(r"['’]s$", "", name.strip())  # "the Florida Department of Transportation's"
    return re.sub(r"^(?:(?:the|The)[ \t]+)?(?:(?:U\.S\.|US|United[ \t]+States)[ \t]+)?", "", name)
