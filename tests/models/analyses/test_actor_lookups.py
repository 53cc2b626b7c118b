"""The document lookups behind role nouns: the plain-string pre-tests only spare work, never change an answer."""

from __future__ import annotations

import re

import pytest

from models.analyses.actors import _may_contain, _named_after

_TEXT = ("Partijen: Woningcorporatie  Thuisbaas, gemeente Lindeveen en STICHTING\nWelzijn Oost. "
         "De corporatie Thuisbaas levert. Welzijn Oost (Stichting) bemiddelt. Zorgaanbieder De Linde B.V. start.")


def _regex(stem: str, name: str, text: str) -> bool:
    return re.search(rf"{re.escape(stem)}\s+{re.escape(name)}\b", text, re.IGNORECASE) is not None


@pytest.mark.parametrize(("stem", "name"), [
    ("corporatie", "Thuisbaas"),  # "Woningcorporatie  Thuisbaas": two spaces, the stem ends a longer word
    ("stichting", "Welzijn Oost"),  # upper case and a line break between them
    ("stichting", "Thuisbaas"),  # both in the text, never one after the other
    ("gemeente", "Lindeveen"),
    ("gemeente", "Linde"),  # a prefix of a longer word: the regex's \b says no
    ("zorgaanbieder", "De Linde B.V."),  # dots in the name
    ("aanbieder", "De Linde"),
    ("corporatie", "Nergens"),  # not in the text at all
])
def test_named_after_answers_as_the_regex_does(stem: str, name: str) -> None:
    _named_after.cache_clear()
    assert _named_after(stem, name, _TEXT) == _regex(stem, name, _TEXT)


def test_named_after_falls_back_to_the_regex_when_lower_case_changes_the_length() -> None:
    text = "İstanbul corporatie Thuisbaas"  # "İ".lower() is two characters: positions would shift
    assert len(text.lower()) != len(text)
    assert _named_after("corporatie", "Thuisbaas", text) and not _named_after("stichting", "Thuisbaas", text)


def test_may_contain_is_case_blind_and_only_says_no_when_the_word_is_absent() -> None:
    assert _may_contain("Een Aanvrager dient in.", "aanvrager")
    assert not _may_contain("Een aanvraag wordt ingediend.", "aanvrager")
    assert _may_contain("İ aanvraag", "aanvrager")  # length changes under lower(): no verdict, the regex decides
