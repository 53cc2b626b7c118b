"""Speakers in debates: is every sentence of a Handelingen file in a passage of the right speaker?

(a) structure, on every Handelingen XML in ``../shared/corpus/xml``: the XML is parsed here on its own
    (lxml) into (speaker, paragraph) turns: a ``<spreekbeurt>``'s ``<spreker>``, the chair's
    ``<spreker>`` of a motion's note, the chair for text between turns, no speaker for the agenda
    item's title and subject. Every sentence of those paragraphs must lie in a passage whose speaker
    is the same person (office/party and surname; the ministry is checked in (b)).
(b) for the gold commitments and tensions of the two annotated debates whose first actor has the
    form of a speaker ("SP (Hijink)", "minister De Jonge (VWS)"), the passage holding the evidence
    has exactly that speaker. A miss where the XML shows someone else speaking the evidence (a member
    quoting the minister's promise) is a gold actor who is not the speaker, printed as such.
(c) every gold evidence string of those two files lies intact in one passage.

    python -m eval.eval_debates
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from eval.gold import normalise
from eval.paths import shared_dir
from ingest.cleaning import repair_mojibake
from ingest.pipeline import parse_file
from rodedraad.records import Passage

GOLD_DEBATES = ("handelingen-70-3.json", "handelingen-70-4.json")
_MEMBER = re.compile(r"^(?P<party>[^()]+) \((?P<name>[^()]+)\)$")
_OFFICER = re.compile(r"^(?P<office>minister-president|minister|staatssecretaris) (?P<name>[^()]+?)(?: \([^()]+\))?$")
_SENTENCE_END = re.compile(r"(?:(?<=[.?!;])|(?<=[.?!;][\"'’”)]))\s+(?=[A-Z\"'‘“(])")
_LINE = re.compile(r"^(?:(De heer|Mevrouw) ([^():]{1,40}?) \(([^()]{1,40})\)"
                   r"|(Minister|Staatssecretaris) ([^():]{1,40}?)|(De voorzitter)):\s+(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Turn:
    speaker: str | None  # the person key: "member|hijink", "minister|de jonge", "chair", or None
    text: str


def person(speaker: str | None) -> str | None:
    """The person a speaker string names, without the ministry: what (a) compares."""
    if speaker is None:
        return None
    if speaker.strip().lower() == "voorzitter":
        return "chair"
    officer = _OFFICER.match(speaker)
    if officer is not None:
        return f"{officer.group('office')}|{officer.group('name').lower()}"
    member = _MEMBER.match(speaker)
    if member is not None:
        return f"member|{member.group('name').lower()}|{member.group('party').lower()}"
    return f"other|{speaker.lower()}"


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _speaker_key(spreker: etree._Element) -> str | None:
    def part(tag: str) -> str:
        found = spreker.find(f".//{tag}")
        return _text(found) if found is not None else ""

    prefix, name, party = part("voorvoegsels"), part("achternaam"), part("politiek")
    if name.lower() == "voorzitter":
        return "chair"
    for office in ("minister-president", "minister", "staatssecretaris"):
        if prefix.lower().startswith(office):
            return f"{office}|{name.lower()}"
    return f"member|{name.lower()}|{party.lower()}" if party else f"other|{name.lower()}"


def xml_turns(path: Path) -> list[Turn]:
    """(speaker, paragraph) for every ``<al>`` of a Handelingen file, read straight from the XML."""
    raw = repair_mojibake(path.read_bytes().decode("utf-8-sig")).lstrip("\ufeff \r\n\t")
    raw = re.sub(r"^<\?xml[^>]*\?>", "", raw)
    root = etree.fromstring(raw.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    turns: list[Turn] = []
    interrupted: dict[int, str] = {}  # a turn's current speaker after an interruption line
    for al in root.iter("al"):
        text = _text(al)
        if not text or text.isdigit():
            continue
        ancestors = list(al.iterancestors())
        names = [a.tag for a in ancestors]
        if "onderwerp" in names or "metadata" in names:
            turns.append(Turn(None, text))
            continue
        info = next((a for a in ancestors if a.tag == "motie-info"), None)
        turn = next((a for a in ancestors if a.tag == "spreekbeurt"), None)
        if info is not None and info.find("spreker") is not None:
            speaker: str | None = _speaker_key(info.find("spreker"))
        elif turn is None:
            speaker = "chair"
        else:
            speaker = interrupted.get(id(turn)) or _speaker_key(turn.find("spreker"))
            line = _LINE.match(text) if "motie" not in names else None
            if line is not None:
                if line.group(1):
                    speaker = f"member|{line.group(2).lower()}|{line.group(3).lower()}"
                elif line.group(4):
                    speaker = f"{line.group(4).lower()}|{line.group(5).lower()}"
                else:
                    speaker = "chair"
                interrupted[id(turn)] = speaker
                text = line.group(7)
        turns.append(Turn(speaker, text))
    return turns


def _containing(passages: list[tuple[str, Passage]], needle: str) -> list[Passage]:
    return [passage for text, passage in passages if needle in text]


def _spaceless(text: str) -> str:
    """Normalised without any whitespace: (a) compares the XML's raw spacing ("nr. 210 ( 34104 ) .") with
    the reader's tidied one ("nr. 210 (34104)."); the words and their order must still be the same."""
    return "".join(normalise(text).split())


def structural(path: Path) -> tuple[int, int, list[str]]:
    """(right, total, examples of wrong) over the sentences of the file's turns."""
    _, documents = parse_file(path)
    passages = [(_spaceless(p.text), p) for parsed in documents for p in parsed.passages]
    right = total = 0
    wrong: list[str] = []
    for turn in xml_turns(path):
        for sentence in _SENTENCE_END.split(turn.text):
            key = _spaceless(sentence)
            if not key:
                continue
            total += 1
            found = _containing(passages, key)
            if any(person(p.speaker) == turn.speaker for p in found):
                right += 1
            elif len(wrong) < 5:
                got = sorted({str(p.speaker) for p in found}) or ["(not in any passage)"]
                wrong.append(f"{turn.speaker}: {sentence[:70]!r} -> {', '.join(got)}")
    return right, total, wrong


_NAME = re.compile(r"^[A-Z][\w'-]*(?: (?:[A-Z][\w'-]*|van|der|den|de|te|ter|ten|het))*$")


def _looks_like_speaker(actor: str) -> bool:
    """"SP (Hijink)", "minister De Jonge (VWS)": a party or office with a person's name, not "kabinet (...)"."""
    officer = _OFFICER.match(actor)
    if officer is not None:
        return "(" in actor and bool(_NAME.match(officer.group("name")))
    member = _MEMBER.match(actor)
    return member is not None and member.group("party")[:1].isupper() and bool(_NAME.match(member.group("name")))


def _evidence(gold: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in gold.values():
        if not isinstance(value, list):
            continue
        for item in value:
            if not isinstance(item, dict):
                continue
            if "evidence" in item and isinstance(item["evidence"], str):
                found.append(item["evidence"])
            for nested in ("evidence", "gold"):
                for sub in item.get(nested, []) if isinstance(item.get(nested), list) else []:
                    if isinstance(sub, dict) and isinstance(sub.get("evidence"), str):
                        found.append(sub["evidence"])
    return found


def attributed(gold: dict[str, Any], passages: list[tuple[str, Passage]],
               turns: list[Turn]) -> tuple[int, int, list[str]]:
    """(right, total, wrong ones): for a wrong one, also who speaks the evidence in the XML itself."""
    right = total = 0
    wrong: list[str] = []
    for item in gold.get("commitments", []) + gold.get("tensions", []):
        actors = item.get("actors") or item.get("parties") or []
        if not actors or not _looks_like_speaker(actors[0]):
            continue
        total += 1
        found = _containing(passages, normalise(item["evidence"]))
        if any(normalise(p.speaker or "") == normalise(actors[0]) for p in found):
            right += 1
        else:
            got = sorted({str(p.speaker) for p in found}) or ["(not found)"]
            key = _spaceless(item["evidence"])
            said_by = sorted({str(t.speaker) for t in turns if key in _spaceless(t.text)})
            note = "" if person(actors[0]) in said_by else f" (in the XML said by {', '.join(said_by)})"
            wrong.append(f"{actors[0]}: {item['evidence'][:60]!r} -> {', '.join(got)}{note}")
    return right, total, wrong


def main() -> None:
    shared = shared_dir()
    if shared is None:
        raise FileNotFoundError("../shared is not available")
    files = sorted((shared / "corpus" / "xml").glob("handelingen-*.xml"))
    if not files:
        raise FileNotFoundError("no Handelingen XML in ../shared/corpus/xml")
    print("(a) sentences in a passage of their turn's speaker (goal 100 %; before: no speakers, 0 %)")
    all_right = all_total = 0
    for path in files:
        right, total, wrong = structural(path)
        all_right, all_total = all_right + right, all_total + total
        print(f"  {path.name:45s} {right:5d}/{total:<5d} {right / max(total, 1):7.1%}")
        for example in wrong[:3]:
            print(f"      wrong: {example}")
    print(f"  {'all':45s} {all_right:5d}/{all_total:<5d} {all_right / max(all_total, 1):7.1%}")
    b_right = b_total = c_found = c_total = 0
    misses: list[str] = []
    wrong_b: list[str] = []
    for name in GOLD_DEBATES:
        gold_path = shared / "gold" / name
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        xml_path = shared / "corpus" / gold["source"]["file"]
        _, documents = parse_file(xml_path)
        passages = [(normalise(p.text), p) for parsed in documents for p in parsed.passages]
        right, total, wrong = attributed(gold, passages, xml_turns(xml_path))
        b_right, b_total = b_right + right, b_total + total
        wrong_b.extend(wrong)
        for evidence in _evidence(gold):
            c_total += 1
            if _containing(passages, normalise(evidence)):
                c_found += 1
            else:
                misses.append(f"{name}: {evidence[:80]!r}")
    print(f"(b) gold commitments/tensions said by a speaker, passage has that speaker: {b_right}/{b_total}")
    for example in wrong_b[:8]:
        print(f"      wrong: {example}")
    print(f"(c) gold evidence intact in one passage: {c_found}/{c_total}")
    for miss in misses[:8]:
        print(f"      missing: {miss}")


if __name__ == "__main__":
    main()
