"""Dutch deadline phrases to an ISO date or period: "vóór 1 juli 2026" → ``2026-07-01``.

The value format (the same as ``corpora/annotations.json``):

- ISO date ``2026-07-01`` — a day; "eind 2026" is ``2026-12-31``, "medio 2026" ``2026-07-01``,
  "vóór de zomer van 2026" ``2026-07-01``, "vóór 2028" ``2028-01-01``;
- year ``2027``; quarter ``2027-Q1``; half year ``2026-H1`` ("voorjaar" H1, "najaar" H2, "zomer" Q3);
- span of years ``2026/2028`` ("in de jaren 2026 tot en met 2028", "in 2026 en 2027", "schooljaar 2026–2027"),
  interval of days ``2026-10-01/2029-10-01`` ("op 1 oktober 2026 … tot 1 oktober 2029" in one clause);
- "na de zomer" is the year, not the summer quarter; the date of a cited letter or meeting ("de brief van
  20 december 2025") is no deadline, nor is a period of years that ends a document's name ("het
  Beleidsplan Sociaal Domein 2021–2025"); "kalendermaanden" count as months;
- month ``2026-05`` ("in mei 2026"); a day, month or season without a year takes the year of the document's
  date ("per 1 juli", "in mei", "vóór de zomer"), or, when the document has only a span of months (a
  debate's session year ``2017-09/2018-08``), the year in which that month falls within the span;
- ISO 8601 duration for a relative deadline ``P3M`` ("binnen drie maanden", "gedurende acht weken", "de komende
  drie jaar"); when
  the phrase counts from signing ("na ondertekening") and the document date is known, the duration is
  added to it and an ISO date comes out.

``kind`` says how the point binds: ``by`` (vóór, uiterlijk, binnen), ``from`` (per, met ingang van, vanaf),
``in`` (in, gedurende, in het eerste kwartaal van, and a plain "voor 2027" in mid-sentence, which means
"for 2027": "één beschikking voor 2018"), ``until`` (tot). The day itself is read by dateparser
with Dutch month names (not a hand-made month table); periods are rules over the word lists in
``rodedraad/data/commitment_deadline_*.txt``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import dateparser

from rodedraad.dutch import fold_diacritics, load_word_pairs

DeadlineKind = Literal["by", "from", "in", "until"]

_NUMBERS = {word: int(value) for word, value in load_word_pairs("commitment_deadline_numbers").items()}
_UNITS = load_word_pairs("commitment_deadline_units")
_PARTS = {key.replace("_", " "): value for key, value in load_word_pairs("commitment_deadline_parts").items()}

_YEAR = r"(?:19|20)\d\d"
_DAY_MONTH_YEAR = rf"\d{{1,2}}\s+[a-zA-Z]{{3,9}}\.?\s+{_YEAR}"
_DASH = r"[-–—]"


def _alternation(words: object) -> str:
    return "|".join(re.escape(str(word)).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_PREPOSITION = {
    "uiterlijk op": "by", "uiterlijk": "by", "vóór": "by", "voor": "by", "binnen": "by", "ten laatste": "by",
    "per": "from", "met ingang van": "from", "vanaf": "from", "vanaf het": "from", "ook na": "from",
    "na": "from", "in": "in", "in de loop van": "in", "gedurende": "in", "op": "in", "tot en met": "until",
    "tot": "until", "t/m": "until",
}
# a preposition is a word of its own: not the end of "Domein" before "2021–2025"
_PREP = rf"(?<!\w)(?P<prep>{_alternation(_PREPOSITION)})\s+"
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
_MONTH_NAMES = "|".join(_MONTHS)
_PART = rf"(?:(?:het|de)\s+)?(?P<part>{_alternation(_PARTS)})(?:\s+van)?(?:\s+het\s+jaar)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "in de jaren 2026 tot en met 2028", "in 2026 en 2027", "schooljaar 2026–2027", "2026-2028"
    ("span", re.compile(
        rf"(?:{_PREP})?(?:de\s+jaren\s+|het\s+schooljaar\s+|schooljaar\s+)?(?P<y1>{_YEAR})"
        rf"\s*(?:tot\s+en\s+met|t/m|en|{_DASH})\s*(?P<y2>{_YEAR})\b", re.IGNORECASE)),
    ("date", re.compile(rf"(?:{_PREP})?(?P<date>{_DAY_MONTH_YEAR})\b", re.IGNORECASE)),
    ("part", re.compile(rf"(?:{_PREP})?{_PART}\s+(?P<year>{_YEAR})\b", re.IGNORECASE)),
    ("relative", re.compile(
        rf"(?<!\w)(?P<prep>binnen|gedurende|uiterlijk|na|(?:de\s+)?(?:eerst)?komende)\s+(?:(?:de|het)\s+)?(?:eerste\s+)?(?P<count>\d{{1,3}}|"
        rf"{_alternation(_NUMBERS)})\s+(?:kalender)?(?P<unit>{_alternation(_UNITS)})\b(?P<after>\s+na\s+(?:de\s+)?"
        rf"(?:ondertekening|inwerkingtreding))?", re.IGNORECASE)),
    ("year", re.compile(rf"(?:{_PREP})(?P<year>{_YEAR})\b(?!\s*{_DASH}?\s*\d)", re.IGNORECASE)),
    # without a year the document's date gives it: "per 1 juli", "in mei", "vóór de zomer"
    ("day_no_year", re.compile(rf"(?:{_PREP})(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\b(?!\s*\d)",
                               re.IGNORECASE)),
    ("month", re.compile(rf"(?:{_PREP})(?:(?:begin|eind|medio)\s+)?(?P<month>{_MONTH_NAMES})\b"
                         rf"(?:\s+(?P<year>{_YEAR}))?(?!\s*\d)", re.IGNORECASE)),
    ("part_no_year", re.compile(rf"(?<!\w)(?P<prep>vóór|voor|in|na)\s+{_PART}\b(?!\s*(?:van\s+)?\d)", re.IGNORECASE)),
]
# the patterns that need a digit (a year or a day) or a month's name to match, and cheap tests for them
_NEED_DIGIT = frozenset({"span", "date", "part", "year", "day_no_year"})
_NEED_MONTH = frozenset({"month"})
_DIGIT = re.compile(r"\d")
_MONTH = re.compile(_MONTH_NAMES, re.IGNORECASE)


@dataclass(frozen=True)
class Deadline:
    """A deadline found in a sentence: the normalised ``value``, the words it came from and its kind."""

    value: str
    text: str
    kind: DeadlineKind
    start: int
    end: int


@lru_cache(maxsize=4096)
def _parse_day(phrase: str) -> date | None:
    """One Dutch "day month year" phrase through dateparser; None when it is not a date."""
    parsed = dateparser.parse(
        phrase, languages=["nl"], settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


def _kind(prep: str | None, default: DeadlineKind = "in") -> DeadlineKind:
    if not prep:
        return default
    key = re.sub(r"\s+", " ", fold_diacritics(prep.lower()))
    key = "vóór" if key == "voor" and "ó" in prep.lower() else key
    kind = _PREPOSITION.get(key) or _PREPOSITION.get(prep.lower())
    return kind if kind in ("by", "from", "in", "until") else default  # type: ignore[return-value]


def _part_value(part: str, year: str, kind: DeadlineKind, prep: str | None = None) -> str:
    period = _PARTS[re.sub(r"\s+", " ", part.lower())]
    if prep and prep.lower() == "na" and period in ("Q3", "H1"):
        return year  # "na de zomer": some time in the rest of the year, no quarter in particular
    if period == "end":
        return f"{year}-12-31"
    if period == "mid":
        return f"{year}-07-01"
    if kind == "by" and period == "Q3":  # "vóór de zomer van 2026": the summer starts around 1 July
        return f"{year}-07-01"
    return f"{year}-{period}"


def _add_duration(start: date, count: int, unit: str) -> date:
    if unit == "D":
        return date.fromordinal(start.toordinal() + count)
    if unit == "W":
        return date.fromordinal(start.toordinal() + 7 * count)
    months = count * (12 if unit == "Y" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _reference_date(reference: str | None) -> date | None:
    if not reference:
        return None
    try:
        return date.fromisoformat(reference[:10])
    except ValueError:
        return None


# the month a part of the year falls in, to place it within a span of months ("vóór de zomer": July)
_PART_MONTH = {"Q1": 2, "Q2": 5, "Q3": 7, "Q4": 11, "H1": 4, "H2": 10, "end": 12, "mid": 7}
_SPAN = re.compile(r"^(?P<y1>\d{4})-(?P<m1>\d\d)/(?P<y2>\d{4})-(?P<m2>\d\d)$")


def _year_of(month: int, reference: str | None) -> str | None:
    """The year a month without one falls in: the reference date's year; within a reference span (a
    parliamentary session "2017-09/2018-08") the next such month after any moment of the span, which is
    only certain for the months of its last year ("in mei": May 2018). "In oktober" said in that session
    is October 2017 or 2018, depending on when it was said: no year."""
    if not reference or not re.match(r"\d{4}", reference):
        return None
    span = _SPAN.match(reference)
    if span is None:
        return reference[:4]
    first, last = int(span.group("y1")), int(span.group("y2"))
    if first == last:
        return str(first)
    if last == first + 1 and month <= int(span.group("m2")) < int(span.group("m1")):
        return str(last)
    return None


_PAST_MARK = re.compile(r"\s*(?:jl\b\.?|j\.l\.|jongstleden\b|ll\b\.?|l\.l\.|laatstleden\b)", re.IGNORECASE)
_NEXT_MARK = re.compile(r"\s*(?:a\.s\.|as\b\.?|aanstaande\b|eerstkomende?\b|eerstvolgende?\b)", re.IGNORECASE)


def _year_told(year: str, month: int, day: int, after: str, reference: str | None) -> str:
    """The year of a date without one that the text marks as past or next: "op 25 oktober jl." in a letter of
    1 March 2024 is October 2023, "op 3 januari a.s." in a letter of December 2025 is January 2026."""
    told = _reference_date(reference)
    if told is None:
        return year
    when = (month, day)
    if _PAST_MARK.match(after) and when > (told.month, told.day):
        return str(int(year) - 1)
    if _NEXT_MARK.match(after) and when < (told.month, told.day):
        return str(int(year) + 1)
    return year


def _match_deadline(label: str, match: re.Match[str], reference: str | None) -> Deadline | None:
    groups = match.groupdict()
    prep = groups.get("prep")
    text = match.group().strip()
    start, end = match.start(), match.end()
    if label == "span":
        return Deadline(f"{groups['y1']}/{groups['y2']}", text, _kind(prep), start, end)
    if label == "date":
        day = _parse_day(groups["date"])
        if day is None:
            return None
        return Deadline(day.isoformat(), text, _kind(prep, "in"), start, end)
    if label == "part":
        kind = _kind(prep)
        part = re.sub(r"\s+", " ", groups["part"].lower())
        if part in ("eind", "einde", "eind van") and kind == "in":
            kind = "by"  # "eind 2026" reads as a deadline
        return Deadline(_part_value(part, groups["year"], kind, prep), text, kind, start, end)
    if label == "relative":
        raw = groups["count"].lower()
        count = int(raw) if raw.isdigit() else _NUMBERS.get(raw, _NUMBERS.get(fold_diacritics(raw), 0))
        unit = _UNITS[groups["unit"].lower()]
        kind = "in" if groups["prep"].lower() == "gedurende" or "komende" in groups["prep"].lower() else "by"
        signed = _reference_date(reference)
        if groups.get("after") and signed is not None:
            return Deadline(_add_duration(signed, count, unit).isoformat(), text, kind, start, end)
        return Deadline(f"P{count}{unit}", text, kind, start, end)
    if label in ("day_no_year", "month", "part_no_year"):
        if label == "part_no_year":
            month = _PART_MONTH.get(_PARTS[re.sub(r"\s+", " ", groups["part"].lower())], 7)
        else:
            month = _MONTHS.index(groups["month"].lower()) + 1
        year = groups.get("year")
        if year is None:
            year = _year_of(month, reference)
            if year is None:
                return None
            if label != "part_no_year":  # "op 25 oktober jl.": the year the text marks
                year = _year_told(year, month, int(groups.get("day") or 1), match.string[end:end + 16], reference)
        kind = _kind(prep)
        if label == "part_no_year":
            return Deadline(_part_value(groups["part"], year, kind, prep), text, kind, start, end)
        if label == "month":
            return Deadline(f"{year}-{month:02d}", text, kind, start, end)
        number = int(groups["day"])
        if not 1 <= number <= calendar.monthrange(int(year), month)[1]:
            return None
        return Deadline(f"{year}-{month:02d}-{number:02d}", text, kind, start, end)
    if label == "year":
        kind = _kind(prep)
        if prep and fold_diacritics(prep.lower()) == "voor":
            if prep.lower() == "voor" and not (start == 0 or prep[0].isupper()):
                # plain "voor 2027" mid-sentence is "for 2027" ("budget voor 2027", "één beschikking voor 2018")
                return Deadline(groups["year"], text, "in", start, end)
            return Deadline(f"{groups['year']}-01-01", text, "by", start, end)
        if kind == "until" or (prep and prep.lower() == "op"):
            return None if prep and prep.lower() == "op" else Deadline(groups["year"], text, kind, start, end)
        return Deadline(groups["year"], text, kind, start, end)
    return None


def find_deadlines(sentence: str, reference: str | None = None, *, dated: bool = False) -> list[Deadline]:
    """All deadlines in ``sentence``, in text order, without overlaps (longer, more specific first).

    ``reference`` is the document's ISO date, used for "binnen drie maanden na ondertekening". With ``dated``
    also the dates that name a document or meeting or tell when something was done: every date the sentence
    gives, which the sentence layer reads as a cue (a date before the document's tells history).
    """
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    digits, month = _DIGIT.search(sentence) is not None, _MONTH.search(sentence) is not None
    for label, pattern in _PATTERNS:
        if (label in _NEED_DIGIT and not digits) or (label in _NEED_MONTH and not month):
            continue  # a pattern that cannot match: most sentences hold no digit and no month
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if not dated and _CITATION.search(sentence[max(0, match.start() - 40):match.start()]):
                taken.append((match.start(), match.end()))
                continue  # "in de brief van 20 december 1999": which letter, not a deadline
            if not dated and _done_on(sentence, match.start(), match.end()):
                taken.append((match.start(), match.end()))
                continue  # "… die op 31 maart 2020 is vastgesteld": when it was done
            if label == "span" and not match.group("prep") and _names_a_document(sentence, match.start()):
                taken.append((match.start(), match.end()))
                continue  # "het Beleidsplan Sociaal Domein 2021–2025": which plan, not when
            deadline = _match_deadline(label, match, reference)
            if deadline is not None:
                found.append(deadline)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda deadline: deadline.start)


@lru_cache(maxsize=8192)  # the rules and the sentence layer read the same sentence; a Deadline is frozen
def parse_deadline(sentence: str, reference: str | None = None, *, dated: bool = False) -> Deadline | None:
    """The deadline a commitment sentence gives: the first one, or the interval two dates of one clause span
    ("treedt in werking op 1 oktober 2026 en is van kracht tot 1 oktober 2029" → ``2026-10-01/2029-10-01``,
    "wordt ingediend na 1 januari 2027 en vóór 1 september 2027"); with ``dated`` the first date of any kind
    (``find_deadlines``)."""
    deadlines = find_deadlines(sentence, reference, dated=dated)
    if not deadlines:
        return None
    first = deadlines[0]
    if len(deadlines) >= 2:
        second = deadlines[1]
        between = sentence[first.end:second.start]
        if (_DAY.match(first.value) and _DAY.match(second.value) and first.value < second.value
                and first.kind in ("from", "in") and second.kind in ("until", "by")
                and len(between) <= 80 and not re.search(r"[.;:]", between)):
            return Deadline(f"{first.value}/{second.value}", sentence[first.start:second.end], "in", first.start,
                            second.end)
    return first


_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_MODAL_BEFORE = re.compile(r"\b(?:moet|moeten|dient|dienen|zal|zullen|wil|willen|kan|kunnen|mag|mogen)\b[^.;:]*$",
                           re.IGNORECASE)


_OP_BEFORE = re.compile(r"\bop\s+$", re.IGNORECASE)


def _done_on(sentence: str, start: int, end: int) -> bool:
    """A date that "op" opens and a past auxiliary with a participle follows, no modal before it (_DONE_ON)."""
    before = sentence[max(0, start - 4):start]
    opened = sentence[start:start + 3].lower() == "op " or _OP_BEFORE.search(before) is not None
    return (opened and _DONE_ON.match(sentence[end:]) is not None
            and _MODAL_BEFORE.search(sentence[max(0, start - 40):start]) is None)
# A date that names a document or meeting ("de brief van 20 december 1999", "het overleg d.d. 15 maart", "tijdens
# het Forum van 13 februari 2020", "de raadsvergadering van dinsdag 8 november"), compounds included.
_CITATION = re.compile(
    r"\b\w*(?:brief|brieven|motie|besluit|regeling|wet|overleg|debat|vergadering|uitspraak|advies|rapport|"
    r"beschikking|nota|notitie|verslag|akkoord|convenant|overeenkomst|bijeenkomst|forum|sessie|gesprek|bespreking"
    r"|conferentie|avond|mail|bericht|toezegging|voorstel)\s+(?:van|d\.d\.|dd)\s+"
    r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?$",
    re.IGNORECASE)
# A date on which something was done, told in the perfect or past ("die op 31 maart 2020 is vastgesteld door ons
# college", "Op 1 januari 2015 is de Jeugdwet in werking getreden", "op 8 november werd de motie verworpen"): when
# it happened, not a deadline. Only a date that "op" opens and a past auxiliary follows with a participle; not
# "zijn", nor after a modal, where the auxiliary is an infinitive ("moeten op 7 november 2018 zijn afgerond").
_DONE_ON = re.compile(
    r"^\s*,?\s*(?:is|werd|werden|heeft|hebben|had|hadden)\s+(?:[\w’'-]+\s+){0,5}?"
    r"(?:\w*ge\w+(?:d|t|en)|besloten|beslist|ondertekend|verstuurd|ontvangen|besproken|bekrachtigd|benoemd"
    r"|vernomen|verworpen|aanvaard|erkend|overhandigd|afgerond|opgericht)\b", re.IGNORECASE)


# The last word of a document's name: a period right after it is part of the name ("Uitvoeringsprogramma
# 2023–2026", "het Regeerakkoord 2017-2021"), as is one after a capitalised word inside the sentence
# ("Beleidsplan Sociaal Domein 2021–2025").
DOCUMENT_HEADS = ("plan", "nota", "programma", "convenant", "akkoord", "agenda", "regeling", "verordening",
                  "besluit", "wet", "brief", "rapport", "visie", "strategie", "protocol", "overeenkomst", "norm",
                  "richtlijn", "handreiking", "leidraad", "kader", "circulaire", "notitie", "standaard", "beleid")
_WORD_BEFORE = re.compile(r"(\w+)\s*$")


def _names_a_document(sentence: str, start: int) -> bool:
    """Whether the period of years at ``start`` (no preposition before it) ends a document's name."""
    before = _WORD_BEFORE.search(sentence[:start])
    if before is None:
        return False
    word = before.group(1)
    if word.lower().endswith(DOCUMENT_HEADS):
        return True
    return word[0].isupper() and sentence[:before.start()].strip() != ""


def deadline_year(value: str) -> int | None:
    """The (first) year a deadline value points at; None for a bare duration."""
    match = re.match(r"((?:19|20)\d\d)", value)
    return int(match.group(1)) if match else None
