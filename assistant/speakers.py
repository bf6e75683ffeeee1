"""Speaker names: strip titles, map surnames and spelling variants to one canonical name, find speakers.

`canonical_speaker` turns "U.S. President Donald Trump", "Mr. Trump" or "Trump" into "Donald Trump"
given the names already seen in an article (`known`, lower-cased key -> canonical name) and an alias
map ({"Zelensky": "Volodymyr Zelenskyy"}). Across articles, `group_speakers` / `make_roster` take the
spellings of one person ("J.D. Vance", "JD Vance", a bare "Vance") as one speaker. `match_speakers` finds
which known speakers a question names. It does not find speakers in articles (claims.py does).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError
from .given_names import is_given_name
from .models import Claim
from .terms import STOPWORDS

TITLE_WORDS = frozenset(
    ["president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "sec", "atty", "supt", "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "judge", "justice", "gen", "general", "adm", "admiral", "col", "colonel", "lt", "sgt", "capt", "captain", "dr", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "lord", "lady", "king", "queen", "prince", "princess", "pope", "speaker", "leader", "commissioner", "ambassador", "chairman", "chairwoman", "chair", "ceo", "cfo", "director", "spokesperson", "spokesman", "spokeswoman", "coach", "officer", "detective", "sheriff", "chief", "rev", "deputy", "agent", "aide", "adviser", "advisor", "official", "attorney", "envoy", "councillor", "councilor", "alderman", "legislator", "activist", "researcher", "councilman", "councilwoman", "lawmaker", "founder", "head", "manager", "commander", "strategist", "prosecutor", "executive", "analyst", "economist", "scientist", "correspondent", "minister-president", "goalkeeper", "keeper", "striker", "defender", "midfielder", "winger", "quarterback", "pitcher", "skipper", "batsman", "bowler", "nominee", "candidate", "superintendent", "councilmember", "administrator", "supervisor", "actress", "actor", "bishop", "rabbi", "imam", "treasurer", "comptroller"]
)  # fmt: skip
ORG_WORDS = frozenset(
    ["kremlin", "white", "house", "pentagon", "ministry", "government", "police", "department", "agency", "centers", "centres", "company", "corporation", "corp", "inc", "ltd", "llc", "group", "council", "court", "committee", "commission", "office", "embassy", "administration", "party", "union", "association", "bank", "university", "army", "military", "navy", "forces", "parliament", "congress", "senate", "cabinet", "bureau", "service", "authority", "organization", "organisation", "foundation", "institute", "network", "times", "post", "news", "board", "fund", "international", "federation", "league", "club", "team", "airlines", "motors", "school", "hospital", "reuters", "agencies", "press", "journal", "coalition", "alliance", "nations", "downing",
     "chemicals", "capital", "holdings", "industries", "technologies", "pharmaceuticals", "airways", "insurance",
     "logistics", "ventures", "investments", "securities", "labs", "grocers", "foods", "telecom", "communications",
     "entertainment", "utilities", "brands", "plc", "gmbh", "ag", "sa"]
)  # fmt: skip
_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "van", "von", "der", "den", "di", "del", "la", "le", "bin", "al"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "kc", "qc", "mp", "obe", "mbe", "cbe"})  # "Alan Whitby KC"
_WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])  # "Trump Tuesday"
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = re.compile(r"['’]s?$")


def word_key(word: str) -> str:
    """A word as names are compared: lower case, no final full stop, straight apostrophe."""
    return word.lower().rstrip(".").replace("’", "'")


def split_title(name: str) -> tuple[str, str]:
    """Split "U.S. President Donald Trump" into ("U.S. President", "Donald Trump")."""
    tokens = name.split()
    last_title = -1
    for i, token in enumerate(tokens[:-1]):
        if word_key(token) in TITLE_WORDS or word_key(token).split("-")[0] in TITLE_WORDS:  # "President-elect" too
            last_title = i
        elif last_title == i - 1 and token == "of" and i + 2 < len(tokens):
            last_title = i + 1  # "Secretary of State Antony Blinken"
    role = " ".join(tokens[: last_title + 1])
    return role, " ".join(tokens[last_title + 1 :])


def bare_name(name: str) -> str:
    """The name without titles, leading articles and a possessive ending."""
    tokens = split_title(" ".join(name.split()))[1].split()
    while len(tokens) > 1 and tokens[0].lower() in _ARTICLES:
        tokens = tokens[1:]
    if tokens:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1]) or tokens[-1]
    return " ".join(tokens)


def surname(name: str) -> str:
    """The family name of a full name: its last name-like token ("Martin Luther King Jr." -> "King"), or its first
    for a Chinese or Korean name written family name first ("Xi Jinping" -> "Xi", "Lee Jae-myung" -> "Lee",
    "Kim Jong Un" -> "Kim"; not "Kim Kardashian")."""
    tokens = [t for t in name.split() if word_key(t).strip(",") not in _SUFFIXES]
    if len(tokens) in (2, 3) and tokens[0].lower() in FAMILY_FIRST and all(
            _ROMANISED_GIVEN.fullmatch(t) for t in tokens[1:]) and not (  # "Kim Deti" is given name first
            len(tokens) == 2 and "-" not in tokens[1] and (is_given_name(tokens[0]) or tokens[0].lower() in _ALSO_GIVEN)):
        return tokens[0]
    return tokens[-1] if tokens else name


FAMILY_FIRST = frozenset({  # common Chinese, Korean and Japanese family names, which such names may put first
    "xi", "li", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
    "hu", "guo", "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao",
    "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su",
    "lu", "ding", "ren", "shen", "yao", "jin", "fu", "fan", "fang", "shi", "tan", "liao", "zou", "xiong", "qiu",
    "qin", "bai", "jia", "mao", "hou", "wen", "kong", "duan", "lei", "long", "wan", "qian", "yin", "kim", "lee",
    "park", "choi", "jung", "jeong", "kang", "cho", "yoon", "yun", "jang", "lim", "oh", "seo", "shin", "kwon",
    "hwang", "ahn", "ryu", "hong", "chun", "moon", "son", "bae", "baek", "heo", "nam", "noh", "roh", "ko",
    "abe", "kishida", "suga", "ishiba", "takaichi", "koizumi", "motegi", "hayashi", "ueda", "kuroda", "katayama",
    "kato", "sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura", "kobayashi", "saito",
    "yoshida", "yamada", "sasaki", "matsumoto", "inoue", "kimura", "shimizu", "yamaguchi", "okada", "noda", "aso",
    "edano", "kono", "koo", "yeo", "hagiuda", "nishimura", "matsuno", "hirano", "ozawa", "hatoyama", "fujii", "ishihara"
})  # fmt: skip
_ALSO_GIVEN = frozenset({"kim", "lee", "song", "jung", "han", "park"})  # "Kim Deti", "Lee Anderson"
_SYLLABLE = (r"(?:zh|ch|sh|kk|tt|pp|ss|jj|[bcdfghjklmnpqrstwxyz])?[wy]?"
             r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|eo|eu|ae|oe|"
             r"yu|eou|oo|a|e|i|o|u)(?:ng|n|m|k|p|l|t)?")
_ROMANISED_GIVEN = re.compile(rf"(?i:{_SYLLABLE}(?:-?{_SYLLABLE}){{0,2}})")  # "Jinping", "Jae-myung", "Shigeru"


def is_romanised_given(word: str) -> bool:
    """Whether a word reads as a romanised Chinese or Korean given name ("Jinping", "Jae-myung", "won")."""
    return bool(_ROMANISED_GIVEN.fullmatch(word))


def is_institution(name: str) -> bool:
    """True for names of institutions: "Kremlin", "White House", "FDA", "Abbott Nutrition Inc."."""
    tokens = [word_key(t) for t in name.split()]
    if any(t in ORG_WORDS for t in tokens):
        return True
    return len(tokens) == 1 and name.isupper() and len(name) >= 2


def remember_speaker(canonical: str, known: dict[str, str]) -> None:
    """Record a full name (and its surname) in `known` so later mentions map to it. A name with a particle is
    also known by the word before it ("Lula" of "Luiz Inácio Lula da Silva")."""
    known[canonical.lower()] = canonical
    tokens = canonical.split()
    if len(tokens) > 1 and not is_institution(canonical):
        known[surname(canonical).lower()] = canonical
        for word, after in zip(tokens[1:-1], tokens[2:], strict=True):
            if after in _PARTICLES:
                known.setdefault(word.lower(), canonical)


def canonical_speaker(name_as_written: str, known: Mapping[str, str],
                      aliases: Mapping[str, str] | None = None) -> str:
    """The canonical form of a speaker's name, given this article's known names and the aliases."""
    aliases = aliases or {}
    bare = bare_name(name_as_written)
    for candidate in (" ".join(name_as_written.split()), bare):
        if candidate in aliases:
            return aliases[candidate]
    tokens = bare.split()
    if tokens and tokens[-1] in aliases:
        target = aliases[tokens[-1]]
        if len(tokens) == 1 or target.split()[0] == tokens[0]:
            return target
    return known.get(bare.lower(), bare)


def fold(text: str) -> str:
    """Text as names are compared in: accents dropped ("Erdoğan" -> "Erdogan", "Niinistö" -> "Niinisto") and a
    word-final "yy", "iy" or "ij" read as "y", the transliterations of one Slavic ending ("Zelenskyy",
    "Zelenskiy" -> "Zelensky")."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"(?<=\w)(?:yy|iy|ij)\b", "y", text, flags=re.I)


def identity(name: str) -> str:
    """The key that spellings of one person's name share across articles: "J.D. Vance", "JD Vance" and
    "Sen. JD Vance" -> "jd vance"; "President-elect Kamala D. Harris" -> "kamala harris" (titles, middle
    initials, full stops and suffixes dropped), and names spelt alike once `fold`ed share one ("Erdoğan",
    "Erdogan"). An institution's key is its name, lower-cased."""
    name = fold(name)
    if is_institution(name) or not _capitalised(name):  # "Kremlin", "the ministry", "former president"
        return " ".join(name.lower().split())
    tokens = bare_name(name).split()
    while len(tokens) > 1 and word_key(tokens[0]).split("-")[0] in TITLE_WORDS:  # "President-elect", "ex-Governor"
        tokens = tokens[1:]
    words = [t.replace(".", "").lower() for t in tokens if word_key(t).strip(",") not in _SUFFIXES | _WEEKDAYS]
    words = [w for w in words if len(w) > 1] or words
    if len(words) > 1:  # "Mike Waltz" is "Michael Waltz"
        words[0] = _NICKNAMES.get(words[0], words[0])
    return " ".join(words)


_NICKNAMES = {  # a short form -> the given name it is short for, where it is short for one only
    "mike": "michael", "bill": "william", "billy": "william", "bob": "robert", "bobby": "robert", "rob": "robert",
    "jim": "james", "jimmy": "james", "joe": "joseph", "tom": "thomas", "tommy": "thomas", "dick": "richard",
    "rick": "richard", "chuck": "charles", "charlie": "charles", "ted": "edward", "eddie": "edward",
    "tony": "anthony", "dan": "daniel", "danny": "daniel", "dave": "david", "matt": "matthew", "nick": "nicholas",
    "ben": "benjamin", "andy": "andrew", "liz": "elizabeth", "jen": "jennifer", "jenny": "jennifer",
    "jon": "jonathan", "tim": "timothy", "greg": "gregory", "jeff": "jeffrey", "ron": "ronald", "don": "donald",
    "ken": "kenneth", "larry": "lawrence", "jerry": "gerald", "pete": "peter", "fred": "frederick", "josh": "joshua",
    "bernie": "bernard", "nate": "nathan", "zach": "zachary", "doug": "douglas", "phil": "philip", "vince": "vincent",
    "steve": "steven", "stephen": "steven",  # (two spellings of one name, besides)
}


def group_speakers(counts: Mapping[str, int]) -> dict[str, str]:
    """Each stored speaker name (with its number of claims) -> the name its person is shown and searched
    under across articles. Spellings with one `identity` are one person, shown under the most quoted
    spelling. A surname alone ("Harris", from an article that never gave the full name) joins the most
    quoted person with that surname when they have at least twice the claims of the next one; otherwise it
    stays apart, since it could be any of them. A body's initials ("CDC") or other name ("Justice Department")
    join the one body called so."""
    groups: dict[str, list[str]] = {}
    for name in counts:
        groups.setdefault(identity(name), []).append(name)
    totals = {key: sum(counts[n] for n in names) for key, names in groups.items()}
    people: dict[str, list[str]] = {}  # surname -> identities of full names
    for key, names in groups.items():
        if len(key.split()) > 1 and _a_person(names[0]):
            people.setdefault(surname(key), []).append(key)
    joined = {key: key for key in groups}
    for key, names in groups.items():
        alone = len(key.split()) == 1 and _a_person(names[0]) and key not in TITLE_WORDS
        ranked = sorted(people.get(key, []), key=lambda k: (-totals[k], k)) if alone else []
        if ranked and (len(ranked) == 1 or totals[ranked[0]] >= 2 * totals[ranked[1]]):
            joined[key] = ranked[0]
    bodies: dict[str, list[str]] = {}  # a body's other name ("cdc", "department of justice") -> the bodies called so
    for key, names in groups.items():
        office = _office_of(names[0])
        for other in {a.lower() for a in acronyms(names[0])} | ({office.lower()} if office else set()):
            bodies.setdefault(other, []).append(key)
    for key in groups:  # "CDC" is the Centers for Disease Control and Prevention; the Justice Department, the
        if joined[key] == key and len(bodies.get(key, [])) == 1 and bodies[key][0] != key:  # Department of Justice
            joined[key] = bodies[key][0]
    shown = {key: min(names, key=lambda n: (-counts[n], len(n), n)) for key, names in groups.items()}
    return {name: shown[joined[key]] for key, names in groups.items() for name in names}


def _capitalised(name: str) -> bool:
    return all(t[:1].isupper() for t in name.split() if t[:1].isalpha() and t not in ("of", "de", "van", "von", "bin"))


def _a_person(name: str) -> bool:
    """A name (capitalised words) rather than an institution or a role ("the ministry", "former president")."""
    return _capitalised(name) and not is_institution(name)


@dataclass(frozen=True)
class Roster:
    """An index's speakers as people (see `group_speakers`): shown name -> the stored spellings, the number
    of claims, the most frequent role and the articles quoting them, most quoted first."""

    spellings: dict[str, list[str]]
    counts: dict[str, int]
    roles: dict[str, str]
    articles: dict[str, frozenset[str]]

    def as_person(self, claim: Claim, person: str) -> Claim:
        """`claim` shown under the person it belongs to: their name, the role it was given or else theirs, and
        as reported speech where the article named them too briefly to tell them from an institution
        ("Vance said ...", in a story that never gives his first name)."""
        person_like = _a_person(person)
        kind = "paraphrase" if claim.kind == "institutional" and person_like else claim.kind
        # an institution's usual role phrase ("Kremlin advisor") is one mention's, not every statement's
        role = claim.role or (self.roles.get(person, "") if person_like else "")
        return replace(claim, speaker=person, role=role, kind=kind)

    def where(self, person: str) -> dict[str, Any]:
        """The claims-collection filter for one person's claims, under any of their spellings."""
        names = self.spellings.get(person, [person])
        return {"speaker": names[0]} if len(names) == 1 else {"speaker": {"$in": names}}


def make_roster(claims: Iterable[tuple[str, str, str]]) -> Roster:
    """The roster of (speaker, role, article id) triples, one per stored claim."""
    counts: Counter[str] = Counter()
    roles: dict[str, Counter[str]] = {}
    quoted_in: dict[str, set[str]] = {}
    for speaker, role, article in claims:
        counts[speaker] += 1
        roles.setdefault(speaker, Counter())[role] += 1
        quoted_in.setdefault(speaker, set()).add(article)
    shown = group_speakers(counts)
    spellings: dict[str, list[str]] = {}
    person_roles: dict[str, Counter[str]] = {}
    for name, person in shown.items():
        spellings.setdefault(person, []).append(name)
        person_roles.setdefault(person, Counter()).update(roles[name])
    totals = {p: sum(counts[n] for n in names) for p, names in spellings.items()}
    order = sorted(totals, key=lambda p: (-totals[p], p))
    return Roster({p: sorted(spellings[p]) for p in order}, {p: totals[p] for p in order},
                  {p: next((r for r, _ in person_roles[p].most_common() if r), "") for p in order},
                  {p: frozenset().union(*(quoted_in[n] for n in spellings[p])) for p in order})


def load_aliases(path: str) -> dict[str, str]:
    """Read a JSON object {"alias": "Canonical Name"}; an empty path gives {}."""
    if not path:
        return {}
    try:
        data = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(f"cannot read speaker aliases '{path}': {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise SettingsError(f"speaker aliases '{path}' must be a JSON object of name -> canonical name")
    return dict(data)


_ABBREVIATED = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "adm": "admiral",
                "col": "colonel", "capt": "captain", "lt": "lieutenant", "sgt": "sergeant", "prof": "professor",
                "supt": "superintendent", "pres": "president", "sec": "secretary"}


_SPELLED_OUT = {"ceo": "chief executive", "cfo": "chief financial officer", "coo": "chief operating officer",
                "pm": "prime minister", "ag": "attorney general", "da": "district attorney"}
_RANKS = frozenset({"chief", "senior", "top", "head"})  # "the chief executive" fits one quoted as "executive"
_OTHER_HOLDER = frozenset({"shadow", "former", "deputy", "vice", "assistant", "ex", "junior", "under", "outgoing"})


def is_generic_speaker(name: str) -> bool:
    """A speaker no one would name: a group or an office in common words ("Prosecutors", "Fire officials",
    "state fire agency", "Forecasters"), not a name ("Pentagon officials" is the Pentagon's)."""
    words = name.split()
    if not words or not words[0][:1].isupper():
        return True
    return word_key(words[-1]) in _GENERIC_WORDS and all(word_key(w) in _GENERIC_MODIFIERS for w in words[:-1])


_GENERIC_MODIFIERS = frozenset({"the", "fire", "state", "local", "federal", "city", "county", "health", "school",
                                "election", "police", "government", "senior", "other"})
_GENERIC_WORDS = frozenset({"officials", "prosecutors", "forecasters", "authorities", "investigators", "police",
                            "officers", "experts", "analysts", "critics", "residents", "witnesses", "sources",
                            "researchers", "scientists", "lawyers", "doctors", "organizers", "organisers",
                            "regulators", "economists", "negotiators", "agency", "department", "spokesperson"})


def is_person_role(role: str) -> bool:
    """Whether a role names a person's office ("chief executive", "Fire Chief"), not an institution's."""
    return bool(role) and any(_ABBREVIATED.get(word_key(w), word_key(w)) in TITLE_WORDS for w in role.split()) \
        and not is_institution(role)


def is_role_word(word: str) -> bool:
    """A title or its abbreviation ("CEO", "President", "Gov."): no one's name."""
    key = word_key(word)
    return key in _SPELLED_OUT or _ABBREVIATED.get(key, key) in TITLE_WORDS


def role_matches(phrase: str, role: str) -> bool:
    """True when a role phrase ("the Kremlin aide", "the utility's CEO") fits a role ("Kremlin foreign policy
    aide", "chief executive of Pacific Crest Power"); a possessive ("the utility's") says whose, not which."""
    words = [_ABBREVIATED.get(word_key(w), word_key(w))
             for w in " ".join(_SPELLED_OUT.get(word_key(w), w) for w in phrase.split()).split()
             if word_key(w) not in _ARTICLES and not re.search(r"['’]s$", w)]
    role_words = {_ABBREVIATED.get(word_key(w), word_key(w)) for w in role.split()}  # "Gov." is a governor
    if (role_words & _OTHER_HOLDER) - set(words):  # "the chancellor" is not the shadow (or former) chancellor
        return False
    return bool(words) and words[-1] in role_words and words[-1] in TITLE_WORDS and set(words) <= role_words | _RANKS


def _name_patterns(speaker: str, aliases: Mapping[str, str]) -> list[str]:
    forms = {speaker, *(alias for alias, target in aliases.items() if target == speaker)}
    office = re.fullmatch(r"(Department|Ministry) of (?:the )?([A-Z][\w-]*)", speaker)  # "Department of Justice" is
    other = f"{office.group(2)} {office.group(1)}" if office else _office_of(speaker)  # the "Justice Department", and
    if other:  # the other way round
        forms.add(other)
    if len(speaker.split()) > 1 and not is_institution(speaker):
        forms.add(surname(speaker))
        words = speaker.split()
        particle = next((i for i, w in enumerate(words) if w.lower() in _PARTICLES), 0)
        if particle > 1:  # "Luiz Inacio Lula da Silva" is "Lula" (not "Ursula von der Leyen" "Ursula")
            forms.add(words[particle - 1])
    return sorted(forms, key=len, reverse=True)


def _office_of(name: str) -> str:
    """A department or ministry called by its field first, with "of": "Department of Justice" for "Justice
    Department"; "" for any other name."""
    office = re.fullmatch(r"([A-Z][\w-]*) (Department|Ministry)", name)
    return f"{office.group(2)} of {office.group(1)}" if office else ""


def acronyms(name: str) -> set[str]:
    """What a public body of three words or more is called for short, in capitals: its capitals' initials (all the
    letters of a word in capitals), with or without its "of" or "for" ("Department of Justice": "DOJ"; "Food and Drug
    Administration": "FDA"; "UK Health Security Agency": "UKHSA"; "Department for Transport": "DFT", written "DfT"),
    those of its name before a last "and ..." ("Centers for Disease Control and Prevention": "CDC") and after a leading
    "Department of" ("Department of Health and Human Services": "HHS"). Nothing for a person or a short name."""
    if _office_of(name):  # "Justice Department": "DOJ"
        return acronyms(_office_of(name))
    words = name.split()
    if len(words) < 3 or not is_institution(name):
        return set()
    stems = [words, words[:len(words) - 1 - words[::-1].index("and")] if "and" in words[1:-1] else [],
             words[2:] if len(words) > 3 and words[0] in ("Department", "Ministry") and words[1] == "of" else []]
    found = set()
    for stem in stems:
        found.add("".join(_letters(w) for w in stem if w[:1].isupper()))
        found.add("".join(_letters(w) for w in stem if w[:1].isupper() or w in ("of", "for")))
    return {a.upper() for a in found if len(a) >= 3 and a.isalpha()}


def _letters(word: str) -> str:
    """A word's part of an acronym: its first letter, or all its letters when it is in capitals already ("UK")."""
    return "".join(ch for ch in word if ch.isalpha()) if word.isupper() else word[:1]


def match_speakers(text: str, known_speakers: Iterable[str], aliases: Mapping[str, str] | None = None,
                   roles: Mapping[str, str] | None = None, weights: Mapping[str, int] | None = None) -> list[str]:
    """The known canonical speakers that `text` names, in order of first mention.

    A name inside a longer one that names someone else ("Harris" in "Scott Harris") does not count for
    them; with `weights` (claims per speaker), words that name several speakers alike (a shared surname)
    name only the most quoted one: "Harris" is Kamala Harris, not every Harris who was ever quoted."""
    aliases, roles = aliases or {}, roles or {}
    text = fold(text)  # "Erdogan" names "Recep Tayyip Erdoğan"; "Zelenskiy" names "Volodymyr Zelenskyy"
    by_role = _role_hits(text, roles)
    hits: list[tuple[int, int, str]] = [(a, b, speaker) for speaker, (a, b) in by_role.items()]
    for speaker in known_speakers:
        forms = _name_patterns(speaker, aliases)
        for form in forms:
            for hit in re.finditer(rf"(?<![\w-]){re.escape(fold(form))}(?![\w-])", text, re.I):
                if not any(a <= hit.start() and hit.end() <= b for a, b in by_role.values()) \
                        and not _inside_other_name(text, hit.start(), hit.end(), forms):
                    hits.append((hit.start(), hit.end(), speaker))
        short = acronyms(speaker)  # "the FDA": the Food and Drug Administration; "the MoD" (not "ace": two capitals)
        hits += [(w.start(), w.end(), speaker) for w in (_SHORT_WORD.finditer(text) if short else ())
                 if w.group().upper() in short and sum(ch.isupper() for ch in w.group()) >= 2]
    hits = [(a, b, s) for a, b, s in hits
            if not any(a2 <= a and b <= b2 and (b2 - a2) > (b - a) and s2 != s for a2, b2, s2 in hits)]
    if weights:
        best: dict[tuple[int, int], str] = {}
        for a, b, s in hits:
            if (a, b) not in best or (weights.get(s, 0), s) > (weights.get(best[a, b], 0), best[a, b]):
                best[a, b] = s
        hits = [(a, b, s) for a, b, s in hits if best[a, b] == s]
    found: dict[str, int] = {}
    for a, _b, s in hits:
        found[s] = min(found.get(s, a), a)
    return sorted(found, key=found.__getitem__)


def namesakes(text: str, chosen: Iterable[str], known_speakers: Iterable[str],
              aliases: Mapping[str, str] | None = None) -> list[str]:
    """The other known speakers the words that named `chosen` also name: "Okafor" names Paul Okafor, the most
    quoted, and Grace Okafor too."""
    picked = set(chosen)
    return [s for s in match_speakers(text, known_speakers, aliases) if s not in picked]


_NOT_NAME_WORDS = STOPWORDS | frozenset({"compare", "since", "despite", "following", "unlike", "like", "besides"})


def _inside_other_name(text: str, start: int, end: int, forms: list[str]) -> bool:
    """A one-word name that is part of a longer name the speaker does not go by: "Sam" in "Sam Altman", "Trump"
    in "Melania Trump" (but not "Trump" in "Donald Trump", nor in "Did Trump ...")."""
    if " " in text[start:end]:
        return False
    before = re.search(r"([A-Z][\w'’.-]*)\s+$", text[:start])
    after = re.match(r"\s+([A-Z][\w'’.-]*)", text[end:])
    before = before if before and not _not_a_name_word(before.group(1)) else None
    after = after if after and not _not_a_name_word(after.group(1)) else None
    if before is None and after is None:
        return False
    if after is None and all(" " not in f for f in forms) and not is_institution(forms[0]):  # "Eddy Cue" asked,
        return False  # and "Cue" is quoted only by his family name (no full name is): him
    span = text[before.start(1) if before else start:end + after.end(1) if after else end]
    return not any(len(f.split()) > 1 and (fold(f).lower() in span.lower() or identity(f) == identity(span)) for f in forms)


def _not_a_name_word(word: str) -> bool:
    """A capitalised word beside a name that is not part of it: a function or question word ("In Trump's
    speech", "Since Putin spoke"), a title, a weekday."""
    key = word_key(word).split("-")[0]
    return key in _NOT_NAME_WORDS or key in TITLE_WORDS or key in _WEEKDAYS


_SHORT_WORD = re.compile(r"(?<![\w-])[A-Za-z]{3,7}(?![\w-])")  # what initials may be written as
_TITLE_ABBREVIATIONS = frozenset({"sec", "gen", "gov", "sen", "rep", "col", "adm", "atty", "supt", "sgt", "capt"})


def _role_hits(text: str, roles: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    """Speakers named by a role phrase ("the Kremlin aide"), with the phrase's span."""
    hits: dict[str, tuple[int, int]] = {}
    for hit in re.finditer(r"\bthe\s+((?:(?!(?:the|and|or)\b)[\w.'’-]+\s*){1,4})", text, re.I):  # "the defense
        # secretary and the senator": two phrases
        words = hit.group(1).split()
        for n in range(1, len(words) + 1):
            if words[n - 1].isupper() and words[n - 1].lower() in _TITLE_ABBREVIATIONS:  # "the SEC", "the GEN":
                break  # initials, not "Sec." for secretary (but "the CEO" is one)
            fitting = [s for s, role in roles.items() if role and role_matches(" ".join(words[:n]), role)]
            if len(fitting) == 1 and fitting[0] not in hits:
                end = hit.start(1) + len(" ".join(words[:n]))
                hits[fitting[0]] = (hit.start(), end)
    return hits
