"""Handelingen-like XML read as speaker turns: members, officers, interruptions, motions, encoding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eval.paths import shared_dir
from ingest.pipeline import parse_file
from ingest.readers import read_file
from ingest.speakers import speaker_role

DEBATE = """<?xml version="1.0" encoding="utf-8"?>
<officiele-publicatie>
 <metadata><meta name="OVERHEIDop.externMetadataRecord" content="https://example.org/h-tk-20202021-12-3/m.xml"/>
 </metadata>
 <handelingen><agendapunt><nr>3</nr>
  <item-titel>Buurthuizen en co\u00f6peraties in de wijk</item-titel>
  <onderwerp><al-groep><al>Aan de orde is het debat over <nadruk type="vet">buurthuizen</nadruk>.</al></al-groep>
  </onderwerp>
  <spreekbeurt nieuw="nee">
   <spreker><voorvoegsels>De</voorvoegsels> <naam><achternaam>voorzitter</achternaam></naam>:</spreker>
   <tekst><al-groep><al>Welkom aan de minister. Het woord is aan mevrouw Van den Akker.</al></al-groep></tekst>
  </spreekbeurt>
  <spreekbeurt nieuw="ja">
   <spreker><voorvoegsels>Mevrouw</voorvoegsels> <naam><achternaam>Van den Akker</achternaam></naam>
    (<politiek>Partij voor de Wijk</politiek>):</spreker>
   <tekst>
    <al-groep><al>Voorzitter. De buurthuizen in onze dorpen sluiten een voor een hun deuren, terwijl
     ouderen daar juist elkaar ontmoeten. Dat moet anders, en daarom dien ik de volgende motie in.</al></al-groep>
    <motie id="M-1">
     <kop><titel status="officieel">Motie</titel></kop>
     <al>De Kamer,</al>
     <al>gehoord de beraadslaging,</al>
     <al>constaterende dat steeds meer buurthuizen sluiten;</al>
     <al>overwegende dat ontmoeting eenzaamheid onder ouderen tegengaat;</al>
     <al>verzoekt de regering om met gemeenten een fonds voor buurthuizen op te richten,</al>
     <al>en gaat over tot de orde van de dag.</al>
     <motie-info>
      <spreker><voorvoegsels>De</voorvoegsels> <naam><achternaam>voorzitter</achternaam></naam>:</spreker>
      <al>Deze motie is voorgesteld door het lid Van den Akker. Naar mij blijkt, wordt de indiening ervan
       voldoende ondersteund.</al>
      <al>Zij krijgt nr. <extref doc="kst-1">42</extref> (<extref doc="kst-1">35000</extref>).</al>
     </motie-info>
    </motie>
    <al-groep><al>Tot zover mijn bijdrage.</al></al-groep>
   </tekst>
  </spreekbeurt>
  <tekst status="goed"><al-groep><al>Dank u wel. Dan is het woord aan de minister.</al></al-groep></tekst>
  <spreekbeurt nieuw="ja">
   <spreker><voorvoegsels>Minister</voorvoegsels> <naam><achternaam>Oosterveld</achternaam></naam>
    <functie>minister van Binnenlandse Zaken en Koninkrijksrelaties</functie>:</spreker>
   <tekst>
    <al-groep><al>Dank voor de vragen. Ik zal de motie bespreken met de gemeenten en kom daar na de zomer
     op terug.</al></al-groep>
    <al-groep><al>De heer Bakker (Dorpenpartij): Wanneer precies na de zomer?</al></al-groep>
    <al-groep><al>Minister Oosterveld: In september, voorzitter.</al></al-groep>
   </tekst>
  </spreekbeurt>
  <spreekbeurt nieuw="ja">
   <spreker><voorvoegsels>Staatssecretaris</voorvoegsels> <naam><achternaam>De Wit</achternaam></naam>
    <functie>staatssecretaris van Volksgezondheid, Welzijn en Sport</functie>:</spreker>
   <tekst><al-groep><al>Ik vul de minister aan over de zorg in de buurthuizen.</al></al-groep></tekst>
  </spreekbeurt>
 </agendapunt></handelingen>
</officiele-publicatie>
"""


def _write(tmp_path: Path, text: str, *, double_encoded: bool = False) -> Path:
    path = tmp_path / "handelingen-test.xml"
    if double_encoded:
        path.write_bytes(("\ufeff" + text).encode("utf-8").decode("latin-1").encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _turns(path: Path) -> list[tuple[str, str | None, str | None]]:
    extracted = read_file(path)
    return [(extracted.text[s.start:s.end], s.speaker, s.part) for s in extracted.speakers]


def test_each_turn_has_its_speaker_and_no_speaker_line_stays_in_the_text(tmp_path: Path) -> None:
    extracted = read_file(_write(tmp_path, DEBATE))
    speakers = [s.speaker for s in extracted.speakers]
    assert speakers[:2] == ["voorzitter", "Partij voor de Wijk (Van den Akker)"]
    assert "minister Oosterveld (BZK)" in speakers
    assert "staatssecretaris De Wit (VWS)" in speakers
    assert "Mevrouw Van den Akker (" not in extracted.text and "Minister Oosterveld:" not in extracted.text
    assert extracted.title == "Buurthuizen en coöperaties in de wijk"


def test_text_between_turns_is_the_chairs(tmp_path: Path) -> None:
    turns = _turns(_write(tmp_path, DEBATE))
    between = next(t for t in turns if "Dan is het woord aan de minister" in t[0])
    assert between[1] == "voorzitter"


def test_an_interruption_is_a_turn_of_its_own(tmp_path: Path) -> None:
    turns = _turns(_write(tmp_path, DEBATE))
    texts = {text: speaker for text, speaker, _ in turns}
    assert texts["Wanneer precies na de zomer?"] == "Dorpenpartij (Bakker)"
    assert texts["In september, voorzitter."] == "minister Oosterveld (BZK)"
    assert any(t.startswith("Dank voor de vragen.") and s == "minister Oosterveld (BZK)" for t, s, _ in turns)


def test_a_motion_is_a_turn_of_its_member_with_its_parts_as_paragraphs(tmp_path: Path) -> None:
    turns = _turns(_write(tmp_path, DEBATE))
    motion = next(t for t in turns if t[2] == "motion")
    text, speaker, _ = motion
    assert speaker == "Partij voor de Wijk (Van den Akker)"
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Motie nr. 42 (35000) van het lid Van den Akker"
    assert [p.split(" ")[0] for p in paragraphs[3:]] == ["constaterende", "overwegende", "verzoekt", "en"]
    note = next(t for t in turns if t[0].startswith("Deze motie is voorgesteld"))
    assert note[1] == "voorzitter"
    rest = next(t for t in turns if t[0] == "Tot zover mijn bijdrage.")
    assert rest[1] == speaker and rest[2] is None


def test_double_encoded_file_is_repaired_also_in_the_title(tmp_path: Path) -> None:
    extracted = read_file(_write(tmp_path, DEBATE, double_encoded=True))
    assert extracted.title == "Buurthuizen en coöperaties in de wijk"
    assert "Ã" not in extracted.text and "coöperaties" in extracted.text


def test_passages_never_cross_turns_and_the_motion_is_one_passage(tmp_path: Path) -> None:
    path = _write(tmp_path, DEBATE)
    extracted = read_file(path)
    _, documents = parse_file(path)
    (parsed,) = documents
    text = parsed.document.text
    lead = extracted.text.index(text[:20])
    for passage in parsed.passages:
        assert text[passage.start:passage.end] == passage.text
        covering = {s.speaker for s in extracted.speakers
                    if s.start - lead < passage.end and passage.start < s.end - lead}
        assert covering <= {passage.speaker}
    motions = [p for p in parsed.passages if p.text.startswith("Motie nr. 42")]
    assert len(motions) == 1 and motions[0].text.endswith("en gaat over tot de orde van de dag.")
    assert parsed.document.title == "Buurthuizen en coöperaties in de wijk"


def test_documents_without_turns_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "brief.xml"
    path.write_text("<brief><titel>Brief</titel><al>De minister schrijft de Kamer.</al></brief>", encoding="utf-8")
    extracted = read_file(path)
    assert extracted.speakers == () and "De minister schrijft de Kamer." in extracted.text


def _corpus_debates() -> list[Path]:
    shared = shared_dir()
    return sorted((shared / "corpus" / "xml").glob("handelingen-*.xml")) if shared else []


@pytest.mark.skipif(not _corpus_debates(), reason="../shared/corpus is not available")
def test_real_debates_have_a_speaker_on_every_passage_after_the_heading() -> None:
    for path in _corpus_debates():
        extracted = read_file(path)
        assert not re.search(r"Ã.|â€", extracted.text + (extracted.title or ""))
        _, (parsed,) = parse_file(path)
        assert parsed.passages[0].speaker is None  # the agenda item's title and subject
        assert all(p.speaker for p in parsed.passages[1:])
        roles = {speaker_role(p.speaker) for p in parsed.passages[1:]}
        assert {"chair", "member"} <= roles and None not in roles
        assert not re.search(r"^(De heer|Mevrouw) \w+ \(\w+\):", parsed.document.text, re.MULTILINE)


LOOSE = """<handelingen><agendapunt><item-titel>Stemmingen over moties</item-titel>
 <spreekbeurt><spreker><voorvoegsels>De heer</voorvoegsels> <naam><achternaam>Bakker</achternaam></naam>
  (<politiek>Dorpenpartij</politiek>):</spreker>
  <tekst><al-groep><al>Ik wil graag een stemverklaring afleggen over de buurthuizen.</al></al-groep>
   <amendement><kop><titel>Amendement van het lid Bakker over een fonds voor dorpshuizen</titel></kop>
    <al>Ontvangen 3 maart.</al><al>De ondergetekende stelt het volgende amendement voor:</al>
    <al>In artikel 2 wordt na "buurthuizen" ingevoegd: en dorpshuizen.</al></amendement>
  </tekst></spreekbeurt>
 <tekst><al-groep><al>Dan lees ik de motie voor die de heer Bakker niet zelf kon voorlezen.</al></al-groep>
  <motie><kop><titel>Motie</titel></kop><al>De Kamer,</al><al>verzoekt de regering de dorpshuizen te steunen,</al>
   <al>en gaat over tot de orde van de dag.</al>
   <motie-info><al>Deze motie is voorgesteld door het lid Bakker.</al><al>Zij krijgt nr. 7 (36000).</al></motie-info>
  </motie></tekst>
</agendapunt></handelingen>
"""


def test_an_amendment_keeps_its_own_heading_and_a_motion_outside_a_turn_is_its_submitters(tmp_path: Path) -> None:
    turns = _turns(_write(tmp_path, LOOSE))
    amendment = next(t for t in turns if t[2] == "amendment")
    assert amendment[0].split("\n\n")[0] == "Amendement van het lid Bakker over een fonds voor dorpshuizen"
    assert amendment[1] == "Dorpenpartij (Bakker)"
    motion = next(t for t in turns if t[2] == "motion")
    assert motion[1] == "Dorpenpartij (Bakker)" and motion[0].startswith("Motie nr. 7 (36000) van het lid Bakker")
    assert next(t for t in turns if t[0].startswith("Dan lees ik"))[1] == "voorzitter"
    assert next(t for t in turns if t[0].startswith("Deze motie is"))[1] == "voorzitter"


OLD_FORMAT = """<handeling><agendapunt><kop><titel>Debat over dorpshuizen</titel></kop>
 <voorz><wie><naam>De voorzitter</naam>:</wie><al>Het woord is aan de heer Bakker.</al></voorz>
 <spreker><wie><naam>De heer Bakker</naam> (<partij>Dorpenpartij</partij>):</wie>
  <al>Voorzitter. De dorpshuizen verdienen steun van het Rijk.</al><al>Daar vraag ik aandacht voor.</al></spreker>
 <spreker><wie><naam>Minister Oosterveld</naam>:</wie><al>Ik steun de dorpshuizen van harte.</al></spreker>
</agendapunt></handeling>
"""


def test_the_older_format_with_speakers_around_their_speech(tmp_path: Path) -> None:
    turns = _turns(_write(tmp_path, OLD_FORMAT))
    assert [(t[0].split("\n\n")[0], t[1]) for t in turns] == [
        ("Het woord is aan de heer Bakker.", "voorzitter"),
        ("Voorzitter. De dorpshuizen verdienen steun van het Rijk.", "Dorpenpartij (Bakker)"),
        ("Ik steun de dorpshuizen van harte.", "minister Oosterveld"),
    ]


def test_proceedings_without_a_date_date_from_their_session_year(tmp_path: Path) -> None:
    # the identifier "h-tk-20202021-…" names the session that opened in September 2020
    extracted = read_file(_write(tmp_path, DEBATE))
    assert extracted.date is None and extracted.date_span == "2020-09/2021-08"
    _, (parsed,) = parse_file(_write(tmp_path, DEBATE), source="debat.xml")
    assert parsed.document.date is None and parsed.document.date_span == "2020-09/2021-08"


def test_no_session_year_without_an_identifier(tmp_path: Path) -> None:
    extracted = read_file(_write(tmp_path, DEBATE.replace("h-tk-20202021-12-3", "debat-12")))
    assert extracted.date_span is None
