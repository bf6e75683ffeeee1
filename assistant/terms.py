"""Turn text into search terms: lower-cased word stems without stop words.

Shared by the keyword index, the extractive answerer and abstention so that all three agree on what
a "term" is. A light suffix stripper, not a linguistic stemmer: "talks", "talked", "talking" -> "talk".
"""

from __future__ import annotations

import re
import unicodedata

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "according", "told", "tell", "asked", "week", "news", "article", "articles", "report", "reported"]
)

CALENDAR_WORDS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow"]
)  # days and months: dates, never names

VERSION = "3"  # bump when tokenize() changes: cached keyword tokens are keyed by it

_WORD = re.compile(r"[^\W_]+(?:['’][a-z]+)?(?:[.,][0-9]+)*")  # letters of any script ("Łódź", "Erdoğan")
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
                               "þ": "th", "ħ": "h"})  # letters NFKD leaves whole


def fold(word: str) -> str:
    """A lower-case word without accents, as readers type it: "Łódź" is "lodz", "José" is "jose"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A light English suffix stripper, on the word without accents."""
    w = fold(word).replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or w.isdigit():
        return w
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            if suffix == "es" and not w[:-2].endswith(("ss", "x", "zz", "ch", "sh")):
                continue  # "wages" is "wage" (as "wage" is), "houses" "house"; "taxes" is "tax", "classes" "class"
            w = w[: -len(suffix)] + keep
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "stopp" -> "stop"
    return w


def words(text: str) -> list[str]:
    """The words of `text` as written (numbers with their separators kept)."""
    return _WORD.findall(text)


def tokenize(text: str) -> list[str]:
    """Stems of the non-stop words of `text`, in order."""
    return [stem(w) for w in words(text) if w.lower() not in STOPWORDS]
