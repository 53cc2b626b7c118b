"""Speaker strings and passages that respect speaker turns (the interface other layers build on)."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extracted import SpeakerSpan
from ingest.passages import split_passages
from ingest.speakers import (
    cabinet_ministry,
    format_speaker,
    ministry_of,
    speaker_names,
    speaker_party,
    speaker_role,
    speaker_surname,
)

SENTENCE = "De wethouder wil dat de buurthuizen in de wijk langer open blijven voor jongeren."  # 14 words


def test_member_minister_state_secretary_and_chair_strings() -> None:
    assert format_speaker("De heer", "Van der Berg", "ChristenUnie") == "ChristenUnie (Van der Berg)"
    assert format_speaker("Mevrouw", "Jansen", "SP") == "SP (Jansen)"
    assert format_speaker("Minister", "De Vries", None, "minister van Volksgezondheid, Welzijn en Sport") == (
        "minister De Vries (VWS)")
    assert format_speaker("Staatssecretaris", "Bakker", None, "staatssecretaris van Financiën") == (
        "staatssecretaris Bakker (Financiën)")
    assert format_speaker("Minister", "Smit") == "minister Smit"
    assert format_speaker("De", "voorzitter") == "voorzitter"
    assert format_speaker("De heer", "") is None


def test_ministry_from_office_text() -> None:
    assert ministry_of("minister van Economische Zaken en Klimaat") == "EZK"
    assert ministry_of("minister van Economische Zaken") == "EZ"
    assert ministry_of("Minister voor Medische Zorg") == "VWS"
    assert ministry_of("minister van Zaken die niet bestaan") is None


def test_roles_surnames_and_parties_read_back() -> None:
    assert speaker_role("SP (Jansen)") == "member"
    assert speaker_role("minister De Vries (VWS)") == "minister"
    assert speaker_role("minister Smit") == "minister"
    assert speaker_role("staatssecretaris Bakker (Financiën)") == "staatssecretaris"
    assert speaker_role("voorzitter") == "chair"
    assert speaker_role("Jansen") is None and speaker_role(None) is None
    assert speaker_surname("GroenLinks (Van der Berg)") == "Van der Berg"
    assert speaker_surname("minister De Vries (VWS)") == "De Vries"
    assert speaker_surname("voorzitter") is None
    assert speaker_party("GroenLinks (Van der Berg)") == "GroenLinks"
    assert speaker_party("minister De Vries (VWS)") is None


def test_speaker_names_are_the_surnames_of_people_only() -> None:
    names = speaker_names(["SP (Jansen)", "minister De Vries (VWS)", "voorzitter", None, "Pietersen"])
    assert names == {"jansen", "de vries", "pietersen"}


def test_cabinet_table_needs_office_and_period_to_agree() -> None:
    assert cabinet_ministry("minister", "Schippers", ("2015-01", "2015-12")) == "VWS"
    assert cabinet_ministry("staatssecretaris", "Schippers", ("2015-01", "2015-12")) is None
    assert cabinet_ministry("minister", "Schippers", ("2020-01", "2020-12")) is None


def _debate(turns: list[tuple[str, int]]) -> tuple[str, tuple[SpeakerSpan, ...]]:
    """Text of turns of ``n`` sentences each (one paragraph per two sentences), with their spans."""
    pieces: list[str] = []
    spans: list[SpeakerSpan] = []
    position = 0
    for speaker, sentences in turns:
        paragraphs = [" ".join([SENTENCE] * min(2, sentences - i)) for i in range(0, sentences, 2)]
        body = "\n\n".join(paragraphs)
        if pieces:
            position += 2
        spans.append(SpeakerSpan(position, position + len(body), speaker))
        pieces.append(body)
        position += len(body)
    return "\n\n".join(pieces), tuple(spans)


def _speaker_at(spans: tuple[SpeakerSpan, ...], offset: int) -> str | None:
    return next((s.speaker for s in spans if s.start <= offset < s.end), None)


def test_passages_never_cross_turns_and_carry_the_speaker() -> None:
    text, spans = _debate([("voorzitter", 1), ("SP (Jansen)", 9), ("minister De Vries (VWS)", 1),
                           ("SP (Jansen)", 2), ("minister De Vries (VWS)", 12)])
    passages = split_passages("doc", text, speakers=spans)
    for passage in passages:
        assert text[passage.start:passage.end] == passage.text
        assert _speaker_at(spans, passage.start) == passage.speaker == _speaker_at(spans, passage.end - 1)
    runs = [speaker for i, speaker in enumerate(p.speaker for p in passages) if i == 0 or passages[i - 1].speaker != speaker]
    assert runs == [s.speaker for s in spans]


def test_a_short_turn_joins_only_the_next_turn_of_the_same_speaker() -> None:
    text, spans = _debate([("SP (Jansen)", 1), ("SP (Jansen)", 4), ("voorzitter", 1), ("SP (Jansen)", 4)])
    passages = split_passages("doc", text, speakers=spans)
    assert [p.speaker for p in passages] == ["SP (Jansen)", "voorzitter", "SP (Jansen)"]
    assert passages[0].start == spans[0].start and passages[0].end == spans[1].end


def test_a_motion_stays_apart_from_the_speech_of_the_same_member() -> None:
    text, spans = _debate([("SP (Jansen)", 1), ("SP (Jansen)", 3)])
    spans = (spans[0], SpeakerSpan(spans[1].start, spans[1].end, "SP (Jansen)", "motion"))
    passages = split_passages("doc", text, speakers=spans)
    assert [(p.start, p.end) for p in passages] == [(s.start, s.end) for s in spans]


def test_without_speakers_passages_have_none() -> None:
    text, _ = _debate([("SP (Jansen)", 6)])
    assert all(p.speaker is None for p in split_passages("doc", text))


words = st.sampled_from(["de", "wijk", "Jansen.", "zegt:", "\n\n", "\n", "één", " ", "ja?", "\u00a0"])


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=300).map(" ".join), st.lists(st.tuples(st.integers(0, 400), st.booleans()), max_size=8))
def test_offsets_hold_with_any_turns(text: str, cuts: list[tuple[int, bool]]) -> None:
    marks = sorted({min(c, len(text)): who for c, who in cuts}.items())
    bounds = [0, *(c for c, _ in marks if 0 < c < len(text)), len(text)]
    names = ["A (X)" if who else "B (Y)" for c, who in marks if 0 < c < len(text)]
    spans = tuple(SpeakerSpan(a, b, (["A (X)", *names])[i]) for i, (a, b) in enumerate(pairwise(bounds)) if a < b)
    passages = split_passages("d", text, speakers=spans)
    previous = 0
    for passage in passages:
        assert text[passage.start:passage.end] == passage.text and passage.start >= previous
        assert text[previous:passage.start].strip() == ""
        covering = [s for s in spans if s.start < passage.end and passage.start < s.end]
        assert covering and {s.speaker for s in covering} == {passage.speaker}
        previous = passage.end
    assert text[previous:].strip() == ""
