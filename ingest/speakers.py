"""Speakers of proceedings: one string per speaker turn, in the form the gold annotations use.

    member of parliament     "SP (Hijink)", "GroenLinks (Van der Lee)"   party (surname)
    minister                 "minister De Jonge (VWS)"                   office surname (ministry)
    state secretary          "staatssecretaris Blokhuis (VWS)"
    prime minister           "minister-president Rutte (AZ)"
    chair                    "voorzitter"
    anyone else              the name as written ("Jansen")

The ministry is the short name from ``rodedraad/data/ministries.txt`` ("minister van Volksgezondheid,
Welzijn en Sport" → VWS); without a known ministry the parentheses are left out ("minister Jansen").
:func:`format_speaker` builds the string, :func:`speaker_role` and :func:`speaker_surname` read it back;
:func:`speaker_names` gives the surnames of a debate's speakers (person names, never organisations or labels).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Literal

SpeakerRole = Literal["member", "minister", "staatssecretaris", "chair"]

CHAIR = "voorzitter"
# Offices as they open a speaker line ("Minister De Jonge:", "Staatssecretaris Keijzer:"), lower case.
OFFICES: tuple[str, ...] = ("minister-president", "viceminister-president", "minister", "staatssecretaris")
_OFFICE_ROLE: dict[str, SpeakerRole] = {
    "minister-president": "minister", "viceminister-president": "minister", "minister": "minister",
    "staatssecretaris": "staatssecretaris",
}
# "minister voor ..." (without a ministry of their own): the ministry they work at. Data, not rules.
_PORTFOLIOS: dict[str, str] = {
    "medische zorg": "VWS", "medische zorg en sport": "VWS", "langdurige zorg, jeugd en sport": "VWS",
    "basis- en voortgezet onderwijs en media": "OCW", "primair en voortgezet onderwijs": "OCW",
    "rechtsbescherming": "JenV", "buitenlandse handel en ontwikkelingssamenwerking": "BZ",
    "volkshuisvesting en ruimtelijke ordening": "BZK", "wonen en rijksdienst": "BZK",
    "klimaat en energie": "EZK", "natuur en stikstof": "LNV", "armoedebeleid, participatie en pensioenen": "SZW",
    "milieu en wonen": "IenM", "wonen en ruimtelijke ordening": "BZK", "migratie": "JenV",
}
_MEMBER = re.compile(r"^(?P<party>[^()]+?) \((?P<name>[^()]+)\)$")
_OFFICER = re.compile(
    r"^(?P<office>minister-president|viceminister-president|minister|staatssecretaris) "
    r"(?P<name>[^()]+?)(?: \((?P<ministry>[^()]+)\))?$"
)
_SPACE = re.compile(r"\s+")
_TITLE = re.compile(r"^(De heer|Mevrouw|Minister-president|Minister|Staatssecretaris)\s+(?=\S)", re.IGNORECASE)


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip(" :,.")


@lru_cache(maxsize=1)
def _ministries() -> dict[str, str]:
    """Lower-cased ministry name or variant → short name, from ``rodedraad/data/ministries.txt``."""
    text = resources.files("rodedraad").joinpath("data", "ministries.txt").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|") if part.strip()]
        for part in parts:
            names[part.lower()] = parts[0]
    return names


def ministry_of(function: str | None) -> str | None:
    """The ministry's short name in an office's description, or None.

    "minister van Volksgezondheid, Welzijn en Sport" → "VWS"; "staatssecretaris van Financiën" →
    "Financiën"; "minister voor Medische Zorg" → "VWS"; "Minister-president" → "AZ".
    """
    text = _clean(function).lower()
    if not text:
        return None
    if text.startswith("minister-president"):
        return "AZ"
    ministries = _ministries()
    match = re.search(r"\b(van|voor)\s+(?:het\s+|de\s+)?(.+)$", text)
    if match is None:
        return ministries.get(text)
    preposition, rest = match.group(1), match.group(2).strip(" .,")
    if preposition == "voor":
        return _PORTFOLIOS.get(rest) or ministries.get(rest)
    # the longest ministry name the rest starts with ("economische zaken en klimaat" before "economische zaken")
    for name in sorted(ministries, key=len, reverse=True):
        if rest == name or rest.startswith(name + " ") or rest.startswith(name + ","):
            return ministries[name]
    return None


def format_speaker(prefix: str | None, surname: str | None, party: str | None = None,
                   function: str | None = None) -> str | None:
    """The speaker string of one ``<spreker>``: its ``<voorvoegsels>``, surname, ``<politiek>``, ``<functie>``.

    ``prefix`` is what stands before the name ("De heer", "Mevrouw", "Minister", "Staatssecretaris",
    "De"); ``function`` the office text when the file gives it. None when there is no name at all.
    """
    prefix_text, name, party_text = _clean(prefix), _clean(surname), _clean(party).strip("()")
    function_text = _clean(function)
    title = _TITLE.match(name)  # a name that carries its own title ("De heer Jansen", "Minister De Vries")
    if title is not None:
        prefix_text, name = f"{prefix_text} {title.group(1)}".strip(), name[title.end():].strip()
    if name.lower() == CHAIR or prefix_text.lower().endswith(CHAIR) or function_text.lower() == CHAIR:
        return CHAIR
    if not name:
        return None
    office = next((o for o in OFFICES if prefix_text.lower().startswith(o)), None)
    if office is None:
        office = next((o for o in OFFICES if function_text.lower().startswith(o)), None)
    if office is not None and not party_text:
        ministry = ministry_of(function_text) or ministry_of(prefix_text)
        if ministry is None and office == "minister-president":
            ministry = "AZ"
        return f"{office} {name}" + (f" ({ministry})" if ministry else "")
    if party_text:
        return f"{party_text} ({name})"
    return name


def with_ministry(speaker: str, ministry: str) -> str:
    """``"minister De Jonge"`` → ``"minister De Jonge (VWS)"``; other speakers unchanged."""
    match = _OFFICER.match(speaker)
    if match is None or match.group("ministry"):
        return speaker
    return f"{match.group('office')} {match.group('name')} ({ministry})"


def speaker_role(speaker: str | None) -> SpeakerRole | None:
    """"member", "minister", "staatssecretaris" or "chair" for a speaker string; None otherwise."""
    if not speaker:
        return None
    if speaker == CHAIR:
        return "chair"
    officer = _OFFICER.match(speaker)
    if officer is not None:
        return _OFFICE_ROLE[officer.group("office")]
    if _MEMBER.match(speaker):
        return "member"
    return None


def speaker_surname(speaker: str | None) -> str | None:
    """The surname in a speaker string ("SP (Hijink)" → "Hijink", "minister De Jonge (VWS)" → "De Jonge")."""
    if not speaker or speaker == CHAIR:
        return None
    officer = _OFFICER.match(speaker)
    if officer is not None:
        return officer.group("name")
    member = _MEMBER.match(speaker)
    if member is not None:
        return member.group("name")
    return speaker


def speaker_party(speaker: str | None) -> str | None:
    """The party of a member ("SP (Hijink)" → "SP"); None for officers, the chair and others."""
    if not speaker or speaker_role(speaker) != "member":
        return None
    member = _MEMBER.match(speaker)
    return member.group("party") if member else None


@lru_cache(maxsize=1)
def _cabinet() -> tuple[tuple[str, str, str, str, str], ...]:
    """(from, to, office, surname, ministry) rows of ``ingest/data/cabinet_members.txt``."""
    text = resources.files("ingest").joinpath("data", "cabinet_members.txt").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 5:
            rows.append((parts[0], parts[1], parts[2].lower(), parts[3], parts[4]))
    return tuple(rows)


def cabinet_ministry(office: str, surname: str, period: tuple[str, str] | None = None) -> str | None:
    """The ministry of a cabinet member by office and surname, from the cabinet table; None when unknown
    or ambiguous. ``period`` ("YYYY-MM", "YYYY-MM") narrows it to the rows that overlap those months."""
    found = {
        ministry
        for start, end, row_office, row_surname, ministry in _cabinet()
        if row_office == office.lower() and row_surname.lower() == surname.lower()
        and (period is None or (start <= period[1] and period[0] <= end))
    }
    return found.pop() if len(found) == 1 else None


def speaker_office(speaker: str | None) -> str | None:
    """"minister", "staatssecretaris", "minister-president" ... of an officer's speaker string, else None."""
    match = _OFFICER.match(speaker or "")
    return match.group("office") if match else None


def speaker_ministry(speaker: str | None) -> str | None:
    """The ministry in an officer's speaker string ("minister De Jonge (VWS)" → "VWS"), else None."""
    match = _OFFICER.match(speaker or "")
    return match.group("ministry") if match else None


def speaker_names(speakers: Iterable[str | None]) -> frozenset[str]:
    """Lower-cased surnames of the people who speak (for keeping person names out of labels and
    organisations): ``["SP (Hijink)", "minister De Jonge (VWS)", "voorzitter"]`` → {"hijink", "de jonge"}."""
    return frozenset(name.lower() for s in speakers if s and s != CHAIR and (name := speaker_surname(s)))
