"""models.keyphrases: POS-free noun-phrase keyphrases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.nlp import DutchNLP
from rodedraad.dutch import STOP_WORDS

SHARED = Path(os.environ.get("RODEDRAAD_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))

TEXT = (
    "Het sociaal domein vraagt om regionale samenwerking. Regionale samenwerking tussen gemeenten is lastig, "
    "want de gemeenten hebben verschillende belangen. In het sociale domein werken 12 organisaties samen. "
    "De organisaties delen één welzijnsbudget. Het welzijnsbudget wordt jaarlijks verdeeld. "
    "Geef een reactie. Deel dit bericht op Facebook. Lees meer."
)


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def test_finds_noun_phrases_and_merges_inflected_variants(nlp: DutchNLP) -> None:
    phrases = nlp.keyphrases(TEXT, top_n=6)
    assert set(phrases[:4]) >= {"regionale samenwerking", "sociaal domein", "welzijnsbudget"}
    assert "sociale domein" not in phrases  # merged with "sociaal domein" through the lemma


def test_never_stop_words_numbers_verbs_or_boilerplate(nlp: DutchNLP) -> None:
    words = {word.lower() for phrase in nlp.keyphrases(TEXT, top_n=20) for word in phrase.split()}
    assert not words & STOP_WORDS
    assert not any(any(char.isdigit() for char in word) for word in words)
    assert not words & {"reactie", "facebook", "lees", "deel", "werken", "verdeeld", "delen", "jaarlijks"}


@pytest.mark.parametrize("top_n", [0, 1, 3])
def test_top_n_is_respected(nlp: DutchNLP, top_n: int) -> None:
    assert len(nlp.keyphrases(TEXT, top_n=top_n)) <= top_n


def test_empty_text_has_no_keyphrases(nlp: DutchNLP) -> None:
    assert nlp.keyphrases("") == []
    assert nlp.keyphrases("de het een en van zal moet") == []


def test_keyphrases_of_a_seed_page_are_content_words(nlp: DutchNLP) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared seeds not available")
    text = sorted(seeds.glob("*.txt"))[1].read_text("utf-8")
    phrases = nlp.keyphrases(text, top_n=10)
    assert len(phrases) == 10
    assert "samenwerking" in phrases
    assert all(len(phrase) >= 3 for phrase in phrases)


def test_a_capitalised_name_in_en_inside_a_sentence_is_a_noun(nlp: DutchNLP) -> None:
    """A name ending in -en ("Rivierwonen") is not read as a verb inside a sentence; verbs stay out."""
    from models.keyphrases import _candidates

    keys = {key for key, _, _ in _candidates(nlp.tokens('Bewoners zijn door "Rivierwonen" geïnformeerd. '
                                                        'Zij werken samen.'))}
    assert ("rivierwonen",) in keys
    assert not any("werken" in key for key in keys)
