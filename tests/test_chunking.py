"""Chunking round-trips: every chunk is exactly the article text at its offsets."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.articles import make_article
from assistant.chunking import split_article
from assistant.sentences import split_sentences
from tests.conftest import SAMPLE


def test_sample_chunks_round_trip_and_overlap() -> None:
    article = make_article(SAMPLE.read_text(), url="https://example.org/call")
    chunks = split_article(article, max_chars=800, overlap_chars=200)
    assert len(chunks) > 2
    for c in chunks:
        assert article.text[c.start : c.end] == c.text
        assert len(c.text) <= 800
        assert c.id == f"{article.id}:{c.n}"
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert b.start < a.end, "neighbouring chunks share a sentence"
        assert b.start > a.start, "chunks move forward"
    assert chunks[0].start == 0 and chunks[-1].end == len(article.text)


@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=3000),
    st.integers(min_value=100, max_value=900),
)
@settings(max_examples=200, deadline=None)
def test_any_text_round_trips(text: str, max_chars: int) -> None:
    if not text.strip():
        return
    article = make_article(text)
    chunks = split_article(article, max_chars=max_chars, overlap_chars=max_chars // 4)
    assert chunks, "non-empty text gives at least one chunk"
    for c in chunks:
        assert article.text[c.start : c.end] == c.text
        assert c.text.strip() and len(c.text) <= max_chars
    covered = "".join(article.text[c.start : c.end] for c in chunks)
    assert set(covered.split()) == set(article.text.split()), "no word is lost"


@given(st.lists(st.sampled_from(["Mr. Smith went.", "U.S. officials said no.", "It rose 3.5 percent!",
                                 "'Why?' she asked.", "\n", "Plain words here", "J. K. Rowling wrote."]),
                min_size=1, max_size=30))
def test_sentences_are_trimmed_spans(parts: list[str]) -> None:
    text = " ".join(parts)
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip() and e > s


def test_abbreviations_do_not_split() -> None:
    text = "U.S. President Donald Trump spoke. Mr. Putin replied at 3 p.m. on Monday. It rose 3.5 percent."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["U.S. President Donald Trump spoke.", "Mr. Putin replied at 3 p.m. on Monday.",
                         "It rose 3.5 percent."]


def test_titles_before_a_name_do_not_split() -> None:
    text = ("He was released on bail, his lawyer, Atty. Ramon Cruz, said. Brig. Gen. Pat Ryder spoke next. "
            "Det. Sgt. Ann Lee agreed.")
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["He was released on bail, his lawyer, Atty. Ramon Cruz, said.", "Brig. Gen. Pat Ryder spoke next.",
                         "Det. Sgt. Ann Lee agreed."]
