"""rodedraad.dutch: the shared sentence splitter and the Dutch word lists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rodedraad.dutch import (
    ABBREVIATIONS,
    FUNCTION_WORDS,
    MODAL_VERBS,
    SENTENCE_FINAL_ABBREVIATIONS,
    STOP_WORDS,
    WORD_FAMILIES,
    fold_diacritics,
    sentence_spans,
)

SHARED = Path(os.environ.get("RODEDRAAD_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))


def split(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "De wijkraad steunt o.a. het buurtfeest. Het college ook.",
            ["De wijkraad steunt o.a. het buurtfeest.", "Het college ook."],
        ),
        (
            "Dhr. K. Bakker en mevr. A.M. de Wit spraken in. Daarna werd gestemd.",
            ["Dhr. K. Bakker en mevr. A.M. de Wit spraken in.", "Daarna werd gestemd."],
        ),
        (
            "Het besluit geldt vanaf 1 jan. 2021 voor alle scholen. Uitstel kan niet.",
            ["Het besluit geldt vanaf 1 jan. 2021 voor alle scholen.", "Uitstel kan niet."],
        ),
        ("De groei was 2.4 procent. Dat viel mee.", ["De groei was 2.4 procent.", "Dat viel mee."]),
        (
            "Het tekort loopt op tot 4 mln. De raad schrikt.",
            ["Het tekort loopt op tot 4 mln.", "De raad schrikt."],
        ),
        ("Het tekort is ca. 4 mln. per jaar.", ["Het tekort is ca. 4 mln. per jaar."]),
        (
            "Het geldt m.b.t. jeugdhulp, d.w.z. alle vormen. Zie art. 4.",
            ["Het geldt m.b.t. jeugdhulp, d.w.z. alle vormen.", "Zie art. 4."],
        ),
        ("Zij zei: ‘We doen het.’ Toen was het stil.", ["Zij zei: ‘We doen het.’", "Toen was het stil."]),
        ("“Is dat zo?” vroeg de wethouder.", ["“Is dat zo?” vroeg de wethouder."]),
        ("We zien wel… Het voorjaar brengt raad.", ["We zien wel…", "Het voorjaar brengt raad."]),
        ("Partijen (…) spreken af dat het kan.", ["Partijen (…) spreken af dat het kan."]),
        ("’s Middags is er overleg. ’t Is druk.", ["’s Middags is er overleg.", "’t Is druk."]),
        (
            "Wij spreken af:\n1. de gemeente betaalt;\n2. de school organiseert.",
            ["Wij spreken af:", "1. de gemeente betaalt;", "2. de school organiseert."],
        ),
        ("Doelen:\n• minder armoede\n• meer werk", ["Doelen:", "• minder armoede", "• meer werk"]),
        ("a) de aanvraag;\nb) het besluit.", ["a) de aanvraag;", "b) het besluit."]),
        ("2. Aanpak\nDe aanpak is nieuw.", ["2. Aanpak", "De aanpak is nieuw."]),
        ("# Artikel 7\nDe looptijd is vier jaar.", ["# Artikel 7", "De looptijd is vier jaar."]),
        ("Eerste alinea zonder punt\n\nTweede alinea.", ["Eerste alinea zonder punt", "Tweede alinea."]),
        (
            "De aanbieder werkt samen met\nDivosa aan de aanpak.",
            ["De aanbieder werkt samen met\nDivosa aan de aanpak."],
        ),
        ("Het bedrag is € 2.500.000. Dat is veel.", ["Het bedrag is € 2.500.000.", "Dat is veel."]),
        ("Bel om 09.30 uur. Of mail ons.", ["Bel om 09.30 uur.", "Of mail ons."]),
        ("Dit werd afgesproken.De raad stemde in.", ["Dit werd afgesproken.", "De raad stemde in."]),
        (
            "De tender opent op 1 oktober 2000.Het systeem geldt niet voor kennis.",
            ["De tender opent op 1 oktober 2000.", "Het systeem geldt niet voor kennis."],
        ),
        ("Zie de regels (aanwijzing 9).De afdeling toetst.", ["Zie de regels (aanwijzing 9).", "De afdeling toetst."]),
        ("Versie 1.2 van de standaard, art. 3.Lid twee geldt.", ["Versie 1.2 van de standaard, art. 3.Lid twee geldt."]),
        ("J.Jansen en P.Vries tekenen.", ["J.Jansen en P.Vries tekenen."]),
        (
            "De regeling gaat vóór 1 juli in. Daarna niet meer.",
            ["De regeling gaat vóór 1 juli in.", "Daarna niet meer."],
        ),
        ("Zie www.voorbeeld.nl. Daar staat het.", ["Zie www.voorbeeld.nl.", "Daar staat het."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_sentence_spans_split_dutch_text(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_abbreviation_lists_are_loaded_from_data() -> None:
    assert {
        "o.a",
        "bijv",
        "m.b.t",
        "i.s.m",
        "dhr",
        "mevr",
        "nr",
        "incl",
        "jan",
        "d.w.z",
        "art",
        "ca",
    } <= ABBREVIATIONS
    assert {"enz", "etc", "mln"} <= SENTENCE_FINAL_ABBREVIATIONS <= ABBREVIATIONS
    assert "lid" not in ABBREVIATIONS  # "eerste lid." ends sentences in legal text


def test_modal_verbs_are_separate_data_and_stop_words_for_search() -> None:
    assert {"zullen", "moeten", "kunnen", "mogen", "willen"} <= MODAL_VERBS
    assert not MODAL_VERBS & FUNCTION_WORDS
    assert MODAL_VERBS <= STOP_WORDS
    assert {"de", "het", "een", "zijn", "hebben", "worden"} <= STOP_WORDS
    assert not {"gemeente", "zorg", "geven", "mogelijk", "weg"} & STOP_WORDS


def test_word_families_map_nouns_to_verbs() -> None:
    assert WORD_FAMILIES["afspraak"] == "afspreken"
    assert WORD_FAMILIES["woning"] == ""  # blocks the -ing rule: "woning" is not "wonen"


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("coöperatie", "cooperatie"),
        ("één", "een"),
        ("geïnvesteerd", "geinvesteerd"),
        ("café", "cafe"),
        ("gemeente", "gemeente"),
    ],
)
def test_fold_diacritics(word: str, folded: str) -> None:
    assert fold_diacritics(word) == folded


_PIECES = [
    *"abcdeéëïoöuAZ .,!?…:;-–•\n\t‘’“”'\"()[]0123456789/*#|",
    "o.a. ",
    "\n1. ",
    "mln. ",
    "Het ",
    "\n\n",
]
_DUTCHISH = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(_DUTCHISH)
def test_sentence_spans_are_ordered_disjoint_stripped_and_cover_all_text(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(text.split()) == "".join(covered.split())


def test_sentence_spans_on_real_documents_are_sane() -> None:
    corpus = SHARED / "corpus" / "md"
    if not corpus.is_dir():
        pytest.skip("shared corpus not available")
    for path in sorted(corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        spans = sentence_spans(text)
        assert spans, path.name
        lengths = sorted(end - start for start, end in spans)
        assert lengths[len(lengths) // 2] < 300, path.name  # the median sentence is sentence-sized
