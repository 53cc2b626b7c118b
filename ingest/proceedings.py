"""Parliamentary proceedings (Tweede Kamer Handelingen XML) read as speaker turns.

A ``<spreekbeurt>`` is one turn of the speaker in its ``<spreker>`` (``<voorvoegsels>``, ``<naam>``,
``<politiek>``, ``<functie>``); text outside any turn (``<tekst>`` between turns: "Dank u wel. Dan
de heer ...", "De vergadering wordt geschorst.") is the chair's. The speaker line itself is not part of
the text: it becomes the turn's speaker (``ingest.speakers``). Inside a turn, a paragraph that opens
with a speaker line of its own ("De heer Jansen (SP): Mag ik iets vragen?") is an interruption: a turn
of that speaker, continued by the paragraphs after it until the next speaker line.

A ``<motie>`` (and an ``<amendement>``) is a turn of its own, of the member who submits it, with its
heading ("Motie van het lid Jansen", number) and each part ("De Kamer,", "constaterende dat ...",
"verzoekt de regering ...", "en gaat over tot de orde van de dag.") a paragraph of its own; the chair's
note after it ("Deze motie is voorgesteld door ...") is the chair's turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ingest.cleaning import collapse_spaces
from ingest.extracted import ExtractedText, SpeakerSpan
from ingest.speakers import (
    CHAIR,
    cabinet_ministry,
    format_speaker,
    ministry_of,
    speaker_ministry,
    speaker_office,
    speaker_role,
    speaker_surname,
    with_ministry,
)

TURN_ELEMENT = "spreekbeurt"
SPEAKER_ELEMENT = "spreker"
# Blocks that stay apart from the speech around them, with the name of the part.
PART_ELEMENTS: dict[str, str] = {"motie": "motion", "amendement": "amendment"}
# Children of a turn's speaker line.
_PREFIX, _NAME, _SURNAME, _PARTY, _FUNCTION = "voorvoegsels", "naam", "achternaam", "politiek", "functie"
_PARTIES = (_PARTY, "partij")
# The older Handelingen format (before about 2011): a <spreker> holds <wie> (naam, partij) and the
# speech's <al> paragraphs; <voorz> holds the chair's.
OLD_SPEAKER_LINE, OLD_CHAIR = "wie", "voorz"
# A speaker line at the start of a paragraph: "De heer Van der Berg (ChristenUnie): ...",
# "Minister De Vries: ...", "De voorzitter: ...". Members need their party, officers do not.
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|van|der|den|de|te|ter|ten|het|in|d'|'t)"
_SPEAKER_LINE = re.compile(
    r"^(?:(?P<member>De heer|Mevrouw) (?P<member_name>" + _NAME_WORD + r"(?: " + _NAME_WORD + r"){0,4})"
    r" ?\((?P<party>[^()]{1,40})\)"
    r"|(?P<office>Minister-president|Minister|Staatssecretaris) (?P<officer_name>[A-Z][\w'’-]*(?: "
    + _NAME_WORD + r"){0,4})"
    r"|(?P<chair>De voorzitter)):\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
_SUBMITTERS = re.compile(r"voorgesteld door (?P<who>(?:het lid|de leden) [^.]+?)\.")
_NUMBER = re.compile(r"\bnr\.\s*(?P<nr>\d+)(?:\s*\((?P<dossier>\d+(?:-[\w]+)?)\))?")
_SESSION = re.compile(r"h-tk-(?P<first>\d{4})(?P<second>\d{4})")
_MINISTRY_MENTION = re.compile(r"\b(?P<office>minister|staatssecretaris) (?P<text>(?:van|voor) [^.;:!?]{2,80})")


# How the XML reader names an element and reads its inline text (passed in, so both readers agree).
NameOf = Callable[[etree._Element], str]
InlineText = Callable[[etree._Element], str]


@dataclass
class _Block:
    speaker: str | None
    part: str | None = None
    paragraphs: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, name_of: NameOf, inline_text: InlineText, skipped: frozenset[str]) -> None:
        self.name_of = name_of
        self.inline_text = inline_text
        self.skipped = skipped
        self.blocks: list[_Block] = [_Block(None)]

    def open(self, speaker: str | None, part: str | None = None) -> None:
        if not self.blocks[-1].paragraphs:
            self.blocks[-1] = _Block(speaker, part)
        elif (self.blocks[-1].speaker, self.blocks[-1].part) != (speaker, part) or part is not None:
            self.blocks.append(_Block(speaker, part))

    def add(self, paragraph: str) -> None:
        paragraph = collapse_spaces(paragraph)
        if paragraph and not paragraph.isdigit():  # bare numbers (item numbers) carry nothing
            self.blocks[-1].paragraphs.append(paragraph)

    def speaker_of(self, element: etree._Element) -> str | None:
        parts: dict[str, str] = {}
        for child in element.iter():
            name = self.name_of(child)
            key = _PARTY if name in _PARTIES else name
            if key in (_PREFIX, _SURNAME, _PARTY, _FUNCTION) and key not in parts:
                parts[key] = self.inline_text(child)
        if _SURNAME not in parts:
            names = [child for child in element if self.name_of(child) == _NAME]
            parts[_SURNAME] = self.inline_text(names[0]) if names else ""
        return format_speaker(parts.get(_PREFIX), parts.get(_SURNAME), parts.get(_PARTY), parts.get(_FUNCTION))

    def walk(self, element: etree._Element, speaker: str | None, *, in_turn: bool,
             interruptions: bool = True) -> str | None:
        """Read the children of ``element``; returns the speaker at its end (interruptions change it)."""
        for child in element:
            name = self.name_of(child)
            if not name or name in self.skipped:
                continue
            if name == TURN_ELEMENT:
                self.walk(child, None, in_turn=True)
                self.open(None)
            elif name == SPEAKER_ELEMENT and any(self.name_of(c) == OLD_SPEAKER_LINE for c in child):
                line = next(c for c in child if self.name_of(c) == OLD_SPEAKER_LINE)
                self.open(self.speaker_of(line))  # the older format: the speech is inside <spreker>
                self.walk(child, self.speaker_of(line), in_turn=True)
                self.open(None)
            elif name == OLD_CHAIR:
                self.open(CHAIR)
                self.walk(child, CHAIR, in_turn=True)
                self.open(None)
            elif name == OLD_SPEAKER_LINE:
                continue
            elif name == SPEAKER_ELEMENT:
                speaker = self.speaker_of(child)
                self.open(speaker)
            elif name in PART_ELEMENTS:
                self.part(child, speaker, PART_ELEMENTS[name])
                self.open(speaker)
            elif name == "tekst" and not in_turn:  # text between turns: the chair speaks
                self.open(CHAIR)
                self.walk(child, CHAIR, in_turn=True)
                self.open(None)
            elif _has_own_text(child):
                text = self.inline_text(child)
                line = _SPEAKER_LINE.match(text) if in_turn and interruptions else None
                if line is not None:
                    speaker = _line_speaker(line)
                    self.open(speaker)
                    text = line.group("rest")
                self.add(text)
            else:
                speaker = self.walk(child, speaker, in_turn=in_turn, interruptions=interruptions)
        return speaker

    def part(self, element: etree._Element, speaker: str | None, kind: str) -> None:
        infos = [child for child in element if (self.name_of(child) or "").endswith("-info")]
        info_text = " ".join(self.inline_text(info) for info in infos)
        heads = [child for child in element if self.name_of(child) == "kop"]
        heading = " ".join(self.inline_text(head) for head in heads).strip()
        submitters = _SUBMITTERS.search(info_text)
        if submitters is not None and speaker in (None, CHAIR):  # a motion outside its member's turn
            who = submitters.group("who").split(" ", 2)[-1]
            speaker = re.split(r",| en ", who)[0].strip() or None  # a surname: completed later
        self.open(speaker, kind)
        self.add(_heading(heading, info_text) if heading or submitters else "")
        for child in element:
            if child in infos or child in heads:
                continue
            if _has_own_text(child):
                self.add(self.inline_text(child))
            elif self.name_of(child):
                self.walk(child, speaker, in_turn=True, interruptions=False)
        for info in infos:
            if not any(self.name_of(child) == SPEAKER_ELEMENT for child in info):
                self.open(CHAIR)
            self.walk(info, CHAIR, in_turn=True, interruptions=False)


def _has_own_text(element: etree._Element) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def _line_speaker(line: re.Match[str]) -> str | None:
    if line.group("chair"):
        return CHAIR
    if line.group("member"):
        return format_speaker(line.group("member"), line.group("member_name"), line.group("party"))
    return format_speaker(line.group("office"), line.group("officer_name"))


def _heading(heading: str, info: str) -> str:
    """The motion's heading: its own title, completed from the chair's note when it is a bare "Motie"."""
    title = heading or "Motie"
    if len(title.split()) > 2:
        return title
    number = _NUMBER.search(info)
    if number is not None:
        title += f" nr. {number.group('nr')}" + (f" ({number.group('dossier')})" if number.group("dossier") else "")
    submitters = _SUBMITTERS.search(info)
    if submitters is not None:
        title += f" van {submitters.group('who')}"
    return title


def _session(root: etree._Element, date: str | None) -> tuple[str, str] | None:
    """Months the proceedings can date from: the date itself, or the session year of the identifier."""
    if date:
        return date[:7], date[:7]
    for meta in root.iter("{*}meta", "meta"):
        match = _SESSION.search(meta.get("content") or "")
        if match is not None:
            return f"{match.group('first')}-09", f"{match.group('second')}-09"
    return None


def _complete_ministries(blocks: list[_Block], period: tuple[str, str] | None) -> None:
    """Officers without a ministry get one: the same officer's elsewhere in the debate, else the cabinet
    table's, else the debate's own words when it names one ministry for that office and only one such
    officer speaks. A motion's submitter named by surname only becomes that member's speaker string."""
    speakers = {block.speaker for block in blocks if block.speaker}
    text = "\n".join(p for block in blocks for p in block.paragraphs)
    mentioned: dict[str, set[str]] = {}
    for match in _MINISTRY_MENTION.finditer(text):
        ministry = ministry_of(f"{match.group('office')} {match.group('text')}")
        if ministry:
            mentioned.setdefault(match.group("office"), set()).add(ministry)
    members = {speaker_surname(s): s for s in speakers if speaker_role(s) == "member"}
    # the same officer elsewhere in the debate with a ministry ("Minister X:" inside a turn of "minister X (BZK)")
    known = {(speaker_office(s), speaker_surname(s)): speaker_ministry(s) for s in speakers if speaker_ministry(s)}
    replacement: dict[str, str] = {}
    for speaker in speakers:
        office = speaker_office(speaker)
        if office is None:
            if speaker_role(speaker) is None and speaker in members:  # a motion's submitter by surname
                replacement[speaker] = members[speaker]
            continue
        if speaker_ministry(speaker):
            continue
        surname = speaker_surname(speaker) or ""
        ministry = known.get((office, surname)) or cabinet_ministry(office, surname, period)
        same_office = [s for s in speakers if speaker_office(s) == office]
        if ministry is None and len(same_office) == 1 and len(mentioned.get(office, ())) == 1:
            ministry = next(iter(mentioned[office]))
        if ministry is not None:
            replacement[speaker] = with_ministry(speaker, ministry)
    for block in blocks:
        if block.speaker in replacement:
            block.speaker = replacement[block.speaker]


def is_proceedings(root: etree._Element) -> bool:
    """Handelingen: turns (``<spreekbeurt>``), or the older format's ``<spreker><wie>`` and ``<voorz>``."""
    if any(True for _ in root.iter(TURN_ELEMENT, "{*}" + TURN_ELEMENT, OLD_CHAIR, "{*}" + OLD_CHAIR)):
        return True
    return any(True for _ in root.iter("{*}" + OLD_SPEAKER_LINE, OLD_SPEAKER_LINE))


def read_proceedings(root: etree._Element, *, name_of: NameOf, inline_text: InlineText,
                     skipped: frozenset[str], title: str | None, date: str | None) -> ExtractedText:
    """The text of a proceedings file with one speaker span per turn (empty text when it has none)."""
    reader = _Reader(name_of, inline_text, skipped)
    reader.walk(root, None, in_turn=False)
    blocks = [block for block in reader.blocks if block.paragraphs]
    _complete_ministries(blocks, _session(root, date))
    pieces: list[str] = []
    spans: list[SpeakerSpan] = []
    position = 0
    for block in blocks:
        start = position + (2 if pieces else 0)
        body = "\n\n".join(block.paragraphs)
        pieces.append(body)
        position = start + len(body)
        if block.speaker:
            spans.append(SpeakerSpan(start, position, block.speaker, block.part))
    return ExtractedText(text="\n\n".join(pieces), format="xml", title=title, date=date, speakers=tuple(spans),
                         date_span=None if date else session_span(root))


def session_span(root: etree._Element) -> str | None:
    """The parliamentary session year the proceedings belong to ("h-tk-20172018-…" → ``2017-09/2018-08``):
    a session opens on the third Tuesday of September, so the months after it fall in the first year."""
    for meta in root.iter("{*}meta", "meta"):
        match = _SESSION.search(meta.get("content") or "")
        if match is not None and int(match.group("second")) == int(match.group("first")) + 1:
            return f"{match.group('first')}-09/{match.group('second')}-08"
    return None
