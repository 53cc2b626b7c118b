"""The debate evaluation reads turns from the XML on its own and compares people, not strings."""

from __future__ import annotations

from pathlib import Path

from eval.eval_debates import _looks_like_speaker, person, structural, xml_turns
from tests.ingest.test_xml_proceedings import DEBATE


def test_people_are_compared_without_the_ministry() -> None:
    assert person("minister De Vries (VWS)") == person("minister De Vries") == "minister|de vries"
    assert person("SP (Jansen)") == "member|jansen|sp" and person("voorzitter") == "chair"
    assert person(None) is None


def test_speaker_shaped_gold_actors() -> None:
    assert _looks_like_speaker("SP (Jansen)") and _looks_like_speaker("minister De Vries (VWS)")
    assert not _looks_like_speaker("kabinet (minister van VWS)")
    assert not _looks_like_speaker("gemeenten (kennisvragen)") and not _looks_like_speaker("minister van VWS")


def test_turns_from_the_xml_and_a_perfect_score_on_a_well_read_file(tmp_path: Path) -> None:
    path = tmp_path / "handelingen-test.xml"
    path.write_text(DEBATE, encoding="utf-8")
    turns = {turn.text: turn.speaker for turn in xml_turns(path)}
    assert turns["Wanneer precies na de zomer?"] == "member|bakker|dorpenpartij"
    assert turns["Dank u wel. Dan is het woord aan de minister."] == "chair"
    assert turns["verzoekt de regering om met gemeenten een fonds voor buurthuizen op te richten,"] == (
        "member|van den akker|partij voor de wijk")
    right, total, wrong = structural(path)
    assert total > 10 and right == total and not wrong
