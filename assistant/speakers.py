"""Speaker names: strip titles, map surnames and spelling variants to one canonical name, find speakers.

`canonical_speaker` turns "U.S. President Donald Trump", "Mr. Trump" or "Trump" into "Donald Trump"
given the names already seen in an article (`known`, lower-cased key -> canonical name) and an alias
map ({"Zelensky": "Volodymyr Zelenskyy"}). `match_speakers` finds which known speakers a question
names. It does not find speakers in articles (claims.py does) and keeps no global registry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import SettingsError

TITLE_WORDS = frozenset(
    ["president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "judge", "justice", "gen", "general", "adm", "admiral", "col", "colonel", "lt", "sgt", "capt", "captain", "dr", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "lord", "lady", "king", "queen", "prince", "princess", "pope", "speaker", "leader", "commissioner", "ambassador", "chairman", "chairwoman", "chair", "ceo", "cfo", "director", "spokesperson", "spokesman", "spokeswoman", "coach", "officer", "detective", "sheriff", "chief", "rev", "deputy", "agent", "aide", "adviser", "advisor", "official", "attorney", "envoy", "councillor", "councilman", "councilwoman", "lawmaker", "founder", "head", "manager", "executive", "analyst", "economist", "scientist", "correspondent", "minister-president"]
)  # fmt: skip
ORG_WORDS = frozenset(
    ["kremlin", "white", "house", "pentagon", "ministry", "government", "police", "department", "agency", "company", "corporation", "corp", "inc", "ltd", "llc", "group", "council", "court", "committee", "commission", "office", "embassy", "administration", "party", "union", "association", "bank", "university", "army", "military", "navy", "forces", "parliament", "congress", "senate", "cabinet", "bureau", "service", "authority", "organization", "organisation", "foundation", "institute", "network", "times", "post", "news", "board", "fund", "international", "federation", "league", "club", "team", "airlines", "motors", "school", "hospital", "reuters", "agencies", "press", "journal", "coalition", "alliance", "nations", "downing"]
)  # fmt: skip
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = re.compile(r"['’]s?$")


def _key(word: str) -> str:
    return word.lower().rstrip(".").replace("’", "'")


def split_title(name: str) -> tuple[str, str]:
    """Split "U.S. President Donald Trump" into ("U.S. President", "Donald Trump")."""
    tokens = name.split()
    last_title = -1
    for i, token in enumerate(tokens[:-1]):
        if _key(token) in TITLE_WORDS:
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
    """The last name-like token of a full name ("Martin Luther King Jr." -> "King")."""
    tokens = [t for t in name.split() if _key(t).strip(",") not in _SUFFIXES]
    return tokens[-1] if tokens else name


def is_institution(name: str) -> bool:
    """True for names of institutions: "Kremlin", "White House", "FDA", "Abbott Nutrition Inc."."""
    tokens = [_key(t) for t in name.split()]
    if any(t in ORG_WORDS for t in tokens):
        return True
    return len(tokens) == 1 and name.isupper() and len(name) >= 2


def remember_speaker(canonical: str, known: dict[str, str]) -> None:
    """Record a full name (and its surname) in `known` so later mentions map to it."""
    known[canonical.lower()] = canonical
    if len(canonical.split()) > 1 and not is_institution(canonical):
        known[surname(canonical).lower()] = canonical


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


def unify_speakers(names: Iterable[str]) -> dict[str, str]:
    """Map surname-only speakers to the one full name with that surname seen anywhere (across articles)."""
    names = set(names)
    by_surname: dict[str, set[str]] = {}
    for name in names:
        if len(name.split()) > 1 and not is_institution(name):
            by_surname.setdefault(surname(name).lower(), set()).add(name)
    out: dict[str, str] = {}
    for name in names:
        full = by_surname.get(name.lower(), set())
        out[name] = next(iter(full)) if len(name.split()) == 1 and len(full) == 1 else name
    return out


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


def role_matches(phrase: str, role: str) -> bool:
    """True when a role phrase ("the Kremlin aide") fits a role ("Kremlin foreign policy aide")."""
    words = [_key(w) for w in phrase.split() if _key(w) not in _ARTICLES]
    role_words = {_key(w) for w in role.split()}
    return bool(words) and words[-1] in role_words and words[-1] in TITLE_WORDS and set(words) <= role_words


def _name_patterns(speaker: str, aliases: Mapping[str, str]) -> list[str]:
    forms = {speaker, *(alias for alias, target in aliases.items() if target == speaker)}
    if len(speaker.split()) > 1 and not is_institution(speaker):
        forms.add(surname(speaker))
    return sorted(forms, key=len, reverse=True)


def match_speakers(text: str, known_speakers: Iterable[str], aliases: Mapping[str, str] | None = None,
                   roles: Mapping[str, str] | None = None) -> list[str]:
    """The known canonical speakers that `text` names, in order of first mention."""
    aliases, roles = aliases or {}, roles or {}
    by_role = _role_hits(text, roles)
    found: dict[str, int] = {speaker: span[0] for speaker, span in by_role.items()}
    for speaker in known_speakers:
        for form in _name_patterns(speaker, aliases):
            for hit in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, re.I):
                inside_role = any(a <= hit.start() and hit.end() <= b for a, b in by_role.values())
                if not inside_role:
                    found[speaker] = min(found.get(speaker, hit.start()), hit.start())
    return sorted(found, key=found.__getitem__)


def _role_hits(text: str, roles: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    """Speakers named by a role phrase ("the Kremlin aide"), with the phrase's span."""
    hits: dict[str, tuple[int, int]] = {}
    for hit in re.finditer(r"\bthe\s+((?:[\w.'’-]+\s*){1,4})", text, re.I):
        words = hit.group(1).split()
        for n in range(1, len(words) + 1):
            fitting = [s for s, role in roles.items() if role and role_matches(" ".join(words[:n]), role)]
            if len(fitting) == 1 and fitting[0] not in hits:
                end = hit.start(1) + len(" ".join(words[:n]))
                hits[fitting[0]] = (hit.start(), end)
    return hits
