"""models.nlp: the spaCy pipeline with our components, tokens, lemmas and search terms."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.nlp import DutchNLP, Token, create_lemmatizer
from rodedraad.dutch import sentence_spans
from rodedraad.errors import ModelUnavailable

SHARED = Path(os.environ.get("RODEDRAAD_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("zal", "zullen"),
        ("moet", "moeten"),
        ("afgesproken", "afspreken"),
        ("organisaties", "organisatie"),
        ("gemeenten", "gemeente"),
        ("toegezegd", "toezeggen"),
        ("werd", "worden"),
        ("partijen", "partij"),
        ("beleidsnota’s", "beleidsnota"),
        ("beleidsnota's", "beleidsnota"),
        # compounds simplemma does not know: head rule
        ("prestatieafspraken", "prestatieafspraak"),
        ("jeugdhulpaanbieders", "jeugdhulpaanbieder"),
        # participles simplemma does not know
        ("geïnvesteerd", "investeren"),
        ("gedeelde", "delen"),
    ],
)
def test_lemmas(nlp: DutchNLP, word: str, lemma: str) -> None:
    tokens = nlp.tokens(word)
    assert len(tokens) == 1
    assert tokens[0].lemma.lower() == lemma


def test_tokens_carry_offsets_lemma_and_flags(nlp: DutchNLP) -> None:
    text = "De gemeente zal o.a. in 2018 € 1.250.000 investeren."
    tokens = nlp.tokens(text)
    assert all(isinstance(token, Token) for token in tokens)
    assert all(text[token.start : token.end] == token.text for token in tokens)
    by_text = {token.text: token for token in tokens}
    assert by_text["o.a."].is_stop  # abbreviations stay one token
    assert by_text["zal"].lemma == "zullen" and by_text["zal"].is_stop
    assert not by_text["gemeente"].is_stop and by_text["gemeente"].is_alpha
    assert not by_text["2018"].is_alpha


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("afspraken", "afgesproken"),
        ("afgesproken", "afspreken"),
        ("afspraken", "afspreken"),
        ("samenwerking", "samenwerken"),
        ("Coöperatie", "cooperatie"),
        ("welzijnsbudget", "budget"),
        ("welzijnsbudget", "welzijn"),
        ("verplichtingen", "verplicht"),
        ("investeringen", "geïnvesteerd"),
    ],
)
def test_related_forms_meet_in_index_terms(nlp: DutchNLP, first: str, second: str) -> None:
    assert set(nlp.index_terms(first)) & set(nlp.index_terms(second))


@pytest.mark.parametrize(
    ("first", "second"), [("woning", "wonen"), ("wet", "weten"), ("uitvoering", "voering")]
)
def test_unrelated_forms_stay_apart(nlp: DutchNLP, first: str, second: str) -> None:
    assert not set(nlp.index_terms(first)) & set(nlp.index_terms(second))


def test_index_terms_drop_stop_words_and_punctuation_keep_numbers(nlp: DutchNLP) -> None:
    terms = nlp.index_terms("De partijen zullen vóór 1 januari 2018 het budget (€ 2.500.000) verdelen!")
    assert terms == ["partij", "1", "januari", "2018", "budget", "2500000", "verdelen"]
    assert all(term.isalnum() and term == term.lower() for term in terms)


def test_query_and_document_use_the_same_terms(nlp: DutchNLP) -> None:
    document = nlp.index_terms("De gemeenten hebben prestatieafspraken gemaakt met de corporaties.")
    query = nlp.index_terms("welke afspraken maken gemeenten")
    assert {"gemeente", "afspraak"} <= set(document) & set(query)


def test_term_spans_point_at_the_words_they_came_from(nlp: DutchNLP) -> None:
    text = "Wmo-voorzieningen worden afgesproken."
    spans = nlp.term_spans(text)
    assert ("wmo", 0, 3) in spans
    assert ("voorziening", 4, 17) in spans
    assert ("afspreken", 25, 36) in spans


_WORDS = st.sampled_from(
    [
        "De",
        "gemeente",
        "zal",
        "afspraken",
        "maken",
        "o.a.",
        "welzijnsbudget",
        "’s",
        "beleidsnota’s",
        "2018",
        "1.250.000",
        "coöperatie",
        "(",
        ")",
        ".",
        ",",
        "Wmo-voorziening",
        "…",
        "‘",
        "’",
        "\n",
        "-",
        "t/m",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.sampled_from(["", " ", "  ", "\n"])), max_size=30))
def test_every_term_span_slices_to_a_word_of_the_text(nlp: DutchNLP, pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + space for word, space in pieces)
    for term, start, end in nlp.term_spans(text):
        assert 0 <= start < end <= len(text)
        word = text[start:end]
        assert word.strip() == word and word
        assert term
        assert not any(char.isspace() for char in word)


def test_doc_sents_agree_with_sentence_spans(nlp: DutchNLP) -> None:
    text = (
        "Dhr. P. de Vries tekende o.a. namens de VNG. Het convenant loopt t/m 2020.\n\n1. Inleiding\nTekst."
    )
    doc = nlp.pipeline(text)
    sentences = [
        (sentence.start_char, sentence.start_char + len(sentence.text.rstrip())) for sentence in doc.sents
    ]
    assert sentences == sentence_spans(text)


def test_sentences_method_is_the_shared_splitter(nlp: DutchNLP) -> None:
    text = "Zie art. 3. Dat geldt."
    assert nlp.sentences(text) == sentence_spans(text) == [(0, 11), (12, 22)]


def test_batched_calls_match_single_calls(nlp: DutchNLP) -> None:
    texts = ["De afspraken zijn gemaakt.", "", "Welzijnsorganisaties bundelen hun krachten."]
    assert list(nlp.index_terms_many(texts)) == [nlp.index_terms(text) for text in texts]
    assert list(nlp.tokens_many(texts)) == [nlp.tokens(text) for text in texts]


def test_unknown_lemma_backend_is_refused() -> None:
    with pytest.raises(ModelUnavailable, match="frog"):
        create_lemmatizer("frog")


def test_batch_terms_of_real_pages_equal_the_terms_one_by_one(nlp: DutchNLP) -> None:
    """The batch path that ingest uses gives each text the terms it gets alone (speed is in make bench)."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared seeds not available")
    texts = [part for path in sorted(seeds.glob("*.txt")) for part in path.read_text("utf-8").split("\n\n")]
    terms = list(nlp.index_terms_many(texts))
    assert len(terms) == len(texts)
    for text, batch in list(zip(texts, terms, strict=True))[::25]:
        assert batch == nlp.index_terms(text)


@pytest.mark.parametrize(("text", "verb", "noun"), [
    ("Deze regels gelden voor alle gemeenten.", "gelden", "geld"),
    ("Wat kosten de nieuwe woningen?", "kosten", "kost"),
    ("We zorgen ervoor dat niemand buiten de boot valt.", "zorgen", "zorg"),
    ("Zij tonen hun plannen aan de buurt.", "tonen", "toon"),
])
def test_a_verb_that_looks_like_a_noun_plural_keeps_its_verb(nlp: DutchNLP, text: str, verb: str, noun: str) -> None:
    terms = nlp.index_terms(text)
    assert verb in terms and noun not in terms


@pytest.mark.parametrize(("text", "noun"), [
    ("De publieke gelden zijn bijna op.", "geld"),
    ("De kosten van de thuiszorg stijgen.", "kost"),
    ("Twee vragen bleven open.", "vraag"),
    ("Zij spraken over zorgen van ouders.", "zorg"),
])
def test_a_noun_plural_in_noun_context_meets_its_singular(nlp: DutchNLP, text: str, noun: str) -> None:
    assert noun in nlp.index_terms(text)


def test_gelden_as_verb_does_not_find_money(nlp: DutchNLP) -> None:
    """The query "welke regels gelden" must not meet a passage about money, and "geld" must not meet it."""
    apply = set(nlp.index_terms("Welke regels gelden voor de aanvraag?"))
    money = set(nlp.index_terms("Er is te weinig geld voor de bibliotheek."))
    assert not (apply & money) - {"aanvraag"}
    assert "geld" not in apply
