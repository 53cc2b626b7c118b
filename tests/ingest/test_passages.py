"""Passage splitting: sizes, headings, pages, ids, and the offset invariant under Hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extracted import PageSpan
from ingest.passages import MAX_WORDS, MIN_WORDS, split_passages
from rodedraad.records import passage_id

SENTENCE = "De gemeente en de zorgaanbieders maken samen afspraken over de wijkteams in Noord."  # 13 words
QUESTION = "Wie betaalt de extra kosten van de schuldhulp in het buurthuis?"


def paragraph(sentences: int) -> str:
    return " ".join([SENTENCE] * sentences)


def words(text: str) -> int:
    return len(text.split())


def check_invariants(doc_id: str, text: str, passages: tuple) -> None:
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    previous_end = 0
    for passage in passages:
        assert text[passage.start:passage.end] == passage.text
        assert passage.text and not passage.text[0].isspace() and not passage.text[-1].isspace()
        assert passage.start >= previous_end
        assert passage.doc_id == doc_id and passage.id == passage_id(doc_id, passage.ordinal)
        assert text[previous_end:passage.start].strip() == ""  # nothing but space is left out
        previous_end = passage.end
    assert text[previous_end:].strip() == ""


def test_paragraphs_of_good_size_stay_passages() -> None:
    text = "\n\n".join(paragraph(5) for _ in range(4))  # 65 words each
    passages = split_passages("doc", text)
    assert len(passages) == 4
    assert all(words(p.text) == 65 for p in passages)


def test_heading_joins_the_paragraph_below() -> None:
    text = f"Schuldhulp in de wijk\n\n{paragraph(5)}\n\nJongeren\n\n{paragraph(5)}"
    passages = split_passages("doc", text)
    assert [p.text.split("\n\n")[0] for p in passages] == ["Schuldhulp in de wijk", "Jongeren"]


def test_tiny_paragraphs_are_merged_up_to_the_minimum() -> None:
    text = "\n\n".join([SENTENCE] * 12)  # 12 paragraphs of 13 words
    passages = split_passages("doc", text)
    assert all(words(p.text) >= MIN_WORDS for p in passages)
    assert sum(words(p.text) for p in passages) == 12 * 13


def test_a_long_paragraph_is_cut_on_sentence_boundaries() -> None:
    text = " ".join([SENTENCE, QUESTION] * 40)  # 1000+ words, one paragraph
    passages = split_passages("doc", text)
    assert len(passages) >= 4
    for passage in passages:
        assert MIN_WORDS <= words(passage.text) <= MAX_WORDS
        assert passage.text.endswith((".", "?"))
        assert passage.text[0].isupper()


def test_a_long_paragraph_without_punctuation_is_cut_on_words() -> None:
    text = " ".join(["samenwerking"] * 1000)
    passages = split_passages("doc", text)
    assert all(words(p.text) <= MAX_WORDS for p in passages)
    assert sum(words(p.text) for p in passages) == 1000


def test_a_short_last_paragraph_joins_the_one_before() -> None:
    text = f"{paragraph(6)}\n\nMet dank aan alle bewoners."
    passages = split_passages("doc", text)
    assert len(passages) == 1 and passages[0].text.endswith("bewoners.")


def test_page_of_a_passage_is_the_page_where_it_starts() -> None:
    first, second = paragraph(5), paragraph(5)
    text = f"{first}\n\n{second}"
    pages = (PageSpan(1, 0, len(first) + 2), PageSpan(2, len(first) + 2, len(text)))
    passages = split_passages("doc", text, pages)
    assert [p.page for p in passages] == [1, 2]
    assert all(p.page is None for p in split_passages("doc", text))


def test_dutch_text_with_diacritics_and_typographic_quotes() -> None:
    text = (
        "‘Samenwerken is vóór alles dóen,’ zegt de wethouder. “Wij zeggen toe dat de ‘werkplaats’ "
        "vóór 1 januari 2018 klaar is.” Daarna volgt een evaluatie – met bewoners – in Noord.\n\n"
        + paragraph(4)
    )
    passages = split_passages("doc", text)
    check_invariants("doc", text, passages)
    assert passages[0].text.startswith("‘Samenwerken is vóór alles dóen")


def test_whitespace_only_text_gives_no_passages() -> None:
    assert split_passages("doc", "") == ()
    assert split_passages("doc", " \n\n\t\u00a0\n") == ()


dutch_words = st.sampled_from(
    ["de", "gemeente", "zorgaanbieder", "vóór", "één", "coördinatie", "‘werkplaats’", "“ja”", "–", "art.",
     "o.a.", "1.", "2018.", "zegt:", "Noord.", "Wie?", "Zo!", "•", "\u00a0", "\t", "\r\n", "\n", "\n\n",
     "\n \n", "ĳ", "👍", "\u200b", "x" * 30]
)
texts = st.one_of(
    st.text(max_size=400),
    st.lists(dutch_words, max_size=600).map(" ".join),
    st.lists(dutch_words, max_size=600).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_passages_always_slice_the_text_exactly(text: str) -> None:
    passages = split_passages("d0c", text)
    check_invariants("d0c", text, passages)
    if text.strip():
        assert passages


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=12))
def test_passage_sizes_stay_within_bounds(paragraph_words: list[int]) -> None:
    text = "\n\n".join(" ".join(["woord"] * (n - 1) + ["einde."]) for n in paragraph_words)
    passages = split_passages("doc", text)
    check_invariants("doc", text, passages)
    sizes = [words(p.text) for p in passages]
    assert all(size <= MAX_WORDS + MIN_WORDS for size in sizes)
    if sum(paragraph_words) >= MIN_WORDS:
        assert all(size >= MIN_WORDS for size in sizes[:-1])
