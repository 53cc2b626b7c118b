"""Document metadata inferred from text: title, kind (covenant, policy note, blog, other) and date.

Each function is a small documented heuristic; the tables below are what the tests check
(tests/ingest/test_metadata.py).

Kind — scores per kind, highest wins, ties in the order covenant > policy_note > blog; below
``KIND_MIN_SCORE`` the kind is ``other``:

===============================================================  ===========  =====
cue                                                              kind         score
===============================================================  ===========  =====
title names an agreement (convenant, overeenkomst, akkoord,      covenant     +4
intentieverklaring, (samenwerkings/prestatie)afspraken, green deal)
agreement formulas: "partijen komen overeen", "ondergetekenden", covenant     +2 each, max +6
"verklaren overeengekomen", "aldus overeengekomen", "verplichten
zich", "in tweevoud ondertekend"
"convenant" near the top / three or more times                   covenant     +1 / +1
title or first line opens with an instrument of government       policy_note  +4
(besluit, regeling, beleidsregel, (beleids)nota, raadsvoorstel,
raadsinformatiebrief, Kamerbrief, wet, evaluatie, ...)
"Geachte voorzitter/leden van de raad/..." (a letter to them)    policy_note  +3
or "Aan de Voorzitter van de Tweede/Eerste Kamer"
"Handelingen", "Tweede Kamer", "De voorzitter:", "Aan de orde    policy_note  +2 each, max +4
is het debat", gemeenteraad/raadsvergadering, raadsvoorstel/
raadsbesluit, "Besluit:"/"Besluiten:" on its own line, "Brief van
de minister/staatssecretaris van"
"De minister/staatssecretaris van", "het college"                policy_note  +1 each, max +2
an article of a saved web page (``web_page=True``)               blog         +3
otherwise web text (html, plain text) or markdown                blog         +1
"blog" in the path, title or the first lines                     blog         +3
first person (ik, mijn, we, wij, onze) ≥ 1 / ≥ 2 per 100 words   blog         +2 / +3
author line ("De auteur, ...", "Over de auteur", "Door Naam")    blog         +2
===============================================================  ===========  =====

Blog cues other than "blog" in the path or title only count for web text and markdown: reports in
PDF are often written as "we" too.

Date — every Dutch date in the text is a candidate ("1 januari 2018", "12-03-2019", "2019-03-12",
"juni 2020" → 2020-06-01) and scored:

=================================================================  =====
context                                                            score
=================================================================  =====
a label opens its line ("Datum:", "Ondertekend op", "Versie",       +4
"Collegebesluit |", "Geplaatst op") or a place and comma does
("Den Haag, 12 maart 2019")
otherwise a signing verb shortly before it (ondertekend,           +3
vastgesteld, gepubliceerd, ...)
inside the title                                                   +3
in the first 500 characters or first 8 lines                       +2
on a short line (at most 4 other words) or a line that is no       +2
sentence (a byline: "Column van Anna de Vries — 15 januari 2026")
a deadline or start word before it: vóór, voor, uiterlijk, per,    -4
vanaf, met ingang van, tot, t/m, na, sinds
=================================================================  =====

The best candidate with score >= ``DATE_MIN_SCORE`` wins (a full date before a month alone, then
the earliest); otherwise the file's own metadata date (normalised with ``dateparser``); otherwise
None. Dates deep in the body are events and deadlines, not the date of the document.

Title — in this order, the first that exists:

1. a letter's subject line ("Betreft ...", "Onderwerp: ...") when the text has a salutation;
2. the file's own title (HTML <title> without " | Site", DOCX/PDF properties, front matter) unless
   it is a template's ("PowerPoint-presentatie", "Microsoft Word - x.docx") or a file name; for a
   PDF only when the text opens with it too, and never a bare issuer ("Gemeente X");
3. the first heading of the text, skipping page numbers, dates, a letterhead or masthead
   ("Ministerie van ...", "STAATSCOURANT"), a one-word genre label ("RAADSINFORMATIEBRIEF") and a
   dateline ("OPINIE | Dagblad, 28 mei 2026"); a PDF title broken over lines is joined;
4. the file name; 5. "Zonder titel".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

import dateparser

from ingest.extracted import SourceFormat
from rodedraad.records import DocumentKind

KIND_MIN_SCORE = 3
DATE_MIN_SCORE = 4
TITLE_MAX_CHARS = 200

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_SPACE = r"[ \t\u00a0]*\n?[ \t\u00a0]*"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:e|ste|de)?[ \u00a0]+({_MONTH})\.?{_SPACE}((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"(?<![\d-])(\d{1,2})([-/.])(\d{1,2})\2((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_MONTH_YEAR = re.compile(rf"(?<![\w.])({_MONTH})\.?[ \u00a0]+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)

# A label at the start of the date's line: "Datum: ...", "Ondertekend op ...", "Collegebesluit | ..."
_LINE_LABEL = re.compile(
    r"^\W*(datum|d\.d\.|dagtekening|gedateerd|geplaatst|gepubliceerd|publicatiedatum|ondertekend|"
    r"getekend|vastgesteld|aldus|versie|bijgewerkt|laatst gewijzigd|collegebesluit|besluitdatum|"
    r"b&w-besluit|published|posted)\b[^\n]{0,60}$",
    re.IGNORECASE,
)
# A signing or publishing verb shortly before the date anywhere on its line.
_SIGNED = re.compile(r"\b(ondertekend|getekend|vastgesteld|gedateerd|gepubliceerd|geplaatst)\b[^\n]{0,40}$",
                     re.IGNORECASE)
# A place and a comma: "Den Haag, 12 maart 2019".
_PLACE = re.compile(r"^\W*[A-Z'][\w'’\-]+(?: [A-Za-z'][\w'’\-]+){0,2},[ \t\u00a0]*$")
_DEADLINE = re.compile(
    r"\b(vóór|voor|uiterlijk|per|vanaf|met ingang van|tot en met|tot|t/m|na|sinds|sedert|ingaande|"
    r"tussen)[ \u00a0]+$",
    re.IGNORECASE,
)

_AGREEMENT_TITLE = re.compile(
    r"\b(convenant\w*|\w*overeenkomst\w*|\w*akkoord\w*|intentieverklaring\w*|\w*afspraken|"
    r"green deal)\b",
    re.IGNORECASE,
)
_GOVERNMENT_TITLE = re.compile(
    r"^\W*(besluit|regeling|beleidsregels?|beleidsnota|beleidsplan|beleidskader|nota|notitie|"
    r"raadsvoorstel|raadsbesluit|raadsinformatiebrief|voorstel|kamerbrief|brief|wet|verordening|"
    r"aanwijzing(en)?|uitvoeringsregeling|circulaire|memorie van toelichting|handelingen|motie|"
    r"programmabegroting|begroting|coalitieakkoord|actieplan|uitvoeringsprogramma|toelichting|evaluatie|"
    r"voortgangsrapportage|voortgangsbrief|rekenkamerrapport)\b",
    re.IGNORECASE,
)
_AGREEMENT_FORMULAS = (
    re.compile(r"\bpartijen\s+komen\b[^.]{0,40}\boveree?n\b", re.IGNORECASE),
    re.compile(r"\bkomen\s+(het\s+)?(volgende\s+)?overeen\b", re.IGNORECASE),
    re.compile(r"\b(de\s+)?ondergetekenden\b", re.IGNORECASE),
    re.compile(r"\bverklaren\s+(te\s+zijn\s+)?overeengekomen\b", re.IGNORECASE),
    re.compile(r"\baldus\s+overeengekomen\b", re.IGNORECASE),
    re.compile(r"\bverplichten\s+zich\b", re.IGNORECASE),
    re.compile(r"\bin\s+(twee|drie|\w+)voud\s+(opgemaakt|ondertekend)\b", re.IGNORECASE),
)
_POLICY_STRONG = (
    re.compile(r"\bhandelingen\b", re.IGNORECASE),
    re.compile(r"\b(tweede|eerste)\s+kamer\b", re.IGNORECASE),
    re.compile(r"(^|\n)[ \t]*de voorzitter\s*:", re.IGNORECASE),  # proceedings: the chair speaks
    re.compile(r"\baan de orde is (het debat|de behandeling|het verslag)\b", re.IGNORECASE),
    re.compile(r"\b(gemeenteraad|raadsvergadering|statenvergadering|vergadering van de raad)\b", re.I),
    re.compile(r"\braads(voorstel|besluit)\b", re.IGNORECASE),
    re.compile(r"(^|\n)[ \t#*]*(besluit|besluiten|besluiten vast te stellen)\s*:", re.IGNORECASE),
    # a parliamentary paper's heading: "Nr. 521 BRIEF VAN DE MINISTER VAN ECONOMISCHE ZAKEN EN KLIMAAT"
    re.compile(r"\bbrief\s+van\s+de\s+(minister|staatssecretaris)\s+(van|voor)\b", re.IGNORECASE),
)
# The salutation of a letter to a parliament, council or board (a Kamerbrief, raadsinformatiebrief).
_ADDRESSED_TO_GOVERNMENT = re.compile(
    r"\bgeachte\s+(voorzitter|leden\s+van\s+de\s+(raad|staten|kamer)|raadsleden|statenleden|kamerleden|"
    r"college|commissieleden)\b"
    # the address of a letter to parliament: "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    r"|(^|\n)[ \t]*aan\s+de\s+voorzitter\s+van\s+de\s+(tweede|eerste)\s+kamer\b",
    re.IGNORECASE,
)
_POLICY_WEAK = (
    re.compile(r"\bde\s+(minister|staatssecretaris)\s+(van|voor)\b", re.IGNORECASE),
    re.compile(r"\bhet\s+college\s+(van\s+burgemeester|stelt)\b", re.IGNORECASE),
)
_FIRST_PERSON = re.compile(r"\b(ik|mij|mijn|we|wij|ons|onze)\b", re.IGNORECASE)
_AUTHOR_LINE = re.compile(
    r"(^|\n)[ \t•*-]*(de auteur\b|over de auteur\b|geschreven door\b|door [A-Z][a-z]+ [A-Z])", re.IGNORECASE
)
_WEB_FORMATS: frozenset[str] = frozenset({"html", "text", "markdown"})

_GENERIC_TITLES = re.compile(
    r"^(untitled|naamloos|document\d*|microsoft word\b.*|powerpoint[- ]presentati(e|on)|presentation\d*|"
    r"presentatie\d*|titel|title|page \d+|pagina \d+|home|blog|nieuws)$",
    re.IGNORECASE,
)
_NOT_TITLE_LINE = re.compile(
    r"^(\W*|\d+|pagina \d+( van \d+)?|page \d+( of \d+)?|nr\.? \d+|versie[ :]+[\d.]+.*|"
    r"inhoud(sopgave)?|welkom|voorwoord|colofon|concept|vertrouwelijk|---|title:.*|<meta\b.*|"
    rf"(\d{{1,2}} )?({_MONTH})\.?( (19|20)\d\d)?|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}|(19|20)\d\d)$",
    re.IGNORECASE,
)
# A letterhead's contact line ("Kerkplein 2 T (0343) 56 56 00 Postbus 200 … 3940 AE Doorn E info@…") and a
# label line of a memo's header ("Datum 17 maart 2020", "Auteur N. de Vries", "Kenmerk 2020/12"):
# who sent it and how to reach them, never its title.
_CONTACT_OR_LABEL = re.compile(
    r"\bpostbus\s+\d|(?-i:\b\d{4}\s?[A-Z]{2}\s+[A-Z][a-z])|\b[\w.-]+@[\w-]+\.\w"
    r"|(?-i:(?:^|\s)[TF]\s*\(?0\d{2,3}\)?[\s-]*\d)"
    r"|^(?:datum|auteur|auteurs|kenmerk|ons\s+kenmerk|uw\s+kenmerk|zaaknummer|telefoon|e-mail|"
    r"contactpersoon|behandeld\s+door|portefeuillehouder|registratienummer)\b\s*:?\s",
    re.IGNORECASE)
# A letterhead: the organisation that issued the document, printed above its title.
_LETTERHEAD = re.compile(
    r"^(de |het )?(vereniging|gemeente|ministerie|provincie|stichting|waterschap|raad van|college van|"
    r"tweede kamer|eerste kamer|rijksoverheid|staatscourant|staatsblad|gemeenteblad|provinciaal blad|"
    r"waterschapsblad|tractatenblad|officiële uitgave)\b[^:;]{0,60}$",
    re.IGNORECASE,
)
# One-word labels printed above a title to say what kind of text follows.
_GENRE_LABELS = frozenset({
    "blog", "column", "opinie", "nieuws", "nieuwsbericht", "persbericht", "interview", "achtergrond",
    "analyse", "recensie", "raadsinformatiebrief", "raadsvoorstel", "nieuwsbrief", "welkom",
})
# A letter's subject line: "Betreft Voortgang ...", "Onderwerp: Stand van zaken ...".
_SUBJECT_LINE = re.compile(r"(?im)^[ \t]*(onderwerp|betreft|subject)\b[ \t]*:?[ \t]+([^\s|][^\n]{2,200})$")
_CONTINUES = re.compile(r"(,|\b(en|de|het|een|van|voor|of|in|op|tot|met|over|aan|bij|door|naar|te|om))$",
                        re.IGNORECASE)


def _clean_title(text: str) -> str:
    """One line, no markdown marks or site suffix, at most TITLE_MAX_CHARS characters."""
    title = re.sub(r"[#*_`]+", " ", text)
    title = " ".join(title.replace("\u00a0", " ").split()).strip(" -–|:")
    if len(title) > TITLE_MAX_CHARS:
        title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def usable_metadata_title(title: str | None) -> str | None:
    """A file's own title, cleaned, unless it is a template's ("PowerPoint-presentatie") or a file name."""
    if not title:
        return None
    cleaned = _clean_title(re.split(r"\s+[|–—]\s+|\s+-\s+(?=[^-]+$)", title)[0])
    if len(cleaned) < 3 or _GENERIC_TITLES.match(cleaned):
        return None
    if re.fullmatch(r"[\w\-. ]+\.(docx?|pdf|pptx?|odt|html?|txt|md)", cleaned, re.IGNORECASE):
        return None
    return cleaned


def _is_masthead(line: str) -> bool:
    """A letterhead, a one-word genre label ("RAADSINFORMATIEBRIEF", "Opinie") or a dateline."""
    if _LETTERHEAD.match(line):
        return True
    if len(line.split()) == 1:  # "RAADSINFORMATIEBRIEF", "Opinie" — not "Overeenkomst-Wmo-versie-1.2"
        return line.isupper() or line.strip(" :|").casefold() in _GENRE_LABELS
    return bool(find_dates(line)) and len(line.split()) <= 8 and bool(re.search(r"[|·•,—–]", line))


def _title_lines(block: str) -> list[str]:
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    lines = [line for line in lines if not _NOT_TITLE_LINE.match(_clean_title(line))
             and not _CONTACT_OR_LABEL.search(line)]
    if len(lines) > 1 and _LETTERHEAD.match(lines[0]):
        lines = lines[1:]
    return lines


def _subject_title(text: str) -> str | None:
    """A letter's subject line ("Betreft ...", "Onderwerp: ..."), when the text has a salutation."""
    subject = _SUBJECT_LINE.search(text[:3000])
    if subject and re.search(r"\bgeachte\b", text[:3000], re.IGNORECASE):
        return _clean_title(subject.group(2))
    return None


def _title_from_text(text: str) -> str | None:
    """The first heading of the text, skipping page numbers, dates, a letterhead, a one-word genre
    label and a dateline.

    A block of up to three short lines is one title ("Werkafspraken Jeugdhulp" /
    "Regio Noord"); from a longer block the first line is taken, with the lines
    it runs on into ("... en de" / "Minister voor ...").
    """
    blocks = [block.strip() for block in re.split(r"\n[^\S\n]*\n", text[:5000]) if block.strip()]
    candidates = [lines for block in blocks[:12] if (lines := _title_lines(block))]
    while len(candidates) > 1 and len(candidates[0]) == 1 and _is_masthead(candidates[0][0]):
        candidates = candidates[1:]
    titles = [title for lines in candidates if len(title := _joined_title(lines)) >= 3
              and any(ch.isalpha() for ch in title)]
    # a heading, not a lead paragraph ("Afspraken over ... Ondertekend op 24 juni 2026.")
    headings = [title for title in titles if not _is_sentence(title)]
    return headings[0] if headings else (titles[0] if titles else None)


def _is_sentence(line: str) -> bool:
    return line.rstrip().endswith(".") and len(line.split()) > 8


def _joined_title(lines: list[str]) -> str:
    if len(lines) <= 3 and all(len(line) <= 120 for line in lines):
        heading = [lines[0], *(line for line in lines[1:] if not _is_sentence(line))]
        return _clean_title(" ".join(heading))
    title = lines[0]
    for line in lines[1:]:
        runs_on = _CONTINUES.search(title) or line[0].islower()
        if len(title) > TITLE_MAX_CHARS or not runs_on:
            break
        title = f"{title} {line}"
    return _clean_title(title)


def _squashed(text: str) -> str:
    return " ".join(re.sub(r"[#*_`]+", " ", text).split()).casefold()


def infer_title(text: str, metadata_title: str | None = None, source_format: SourceFormat = "text",
                path: str | PurePath | None = None) -> str:
    """The document's title, by the order in the module's docstring.

    PDF metadata titles are often a template's ("PowerPoint-presentatie") or an organisation's
    name, so for a PDF the text's own heading comes first unless the text opens with the metadata
    title too; for other formats the file's own title comes first.
    """
    subject = _subject_title(text)
    if subject:
        return subject
    from_metadata = usable_metadata_title(metadata_title)
    from_text = _title_from_text(text)
    # a PDF's metadata title counts when the text opens with it too (and it is more than a name)
    confirmed = (
        from_metadata is not None and len(from_metadata.split()) >= 4
        and _squashed(from_metadata)[:80] in _squashed(text[:1500])
    )
    metadata_first = source_format != "pdf" or confirmed
    if from_metadata and from_text and _LETTERHEAD.match(from_metadata):
        metadata_first = False  # "Gemeente X" or "Vereniging Y" names the issuer, not the document
    ordered = (from_metadata, from_text) if metadata_first else (from_text, from_metadata)
    for title in ordered:
        if title:
            return title
    if path is not None:
        stem = re.sub(r"[_\-]+", " ", PurePath(path).stem).strip()
        if stem:
            return _clean_title(stem)
    return "Zonder titel"


def _count_matches(patterns: tuple[re.Pattern[str], ...], text: str) -> int:
    return sum(1 for pattern in patterns if pattern.search(text))


def kind_scores(text: str, title: str, source_format: SourceFormat,
                path: str | PurePath | None = None, *, web_page: bool = False) -> dict[DocumentKind, int]:
    """The score of each kind, as in the module's table (exposed for tests and explanations)."""
    top = text[:1500]
    path_text = str(path or "").lower()
    masthead = " ".join(line.strip() for line in text[:600].splitlines() if line.strip())[:200]
    government_title = bool(_GOVERNMENT_TITLE.search(title) or _GOVERNMENT_TITLE.search(masthead))

    covenant = 0
    if _AGREEMENT_TITLE.search(title) and not government_title:
        covenant += 4
    covenant += min(6, 2 * _count_matches(_AGREEMENT_FORMULAS, text))
    covenant += 1 if re.search(r"\bconvenant", top, re.IGNORECASE) else 0
    covenant += 1 if len(re.findall(r"\bconvenant", text, re.IGNORECASE)) >= 3 else 0

    policy = 4 if government_title else 0
    policy += 3 if _ADDRESSED_TO_GOVERNMENT.search(top) else 0
    policy += min(4, 2 * _count_matches(_POLICY_STRONG, text))
    policy += min(2, _count_matches(_POLICY_WEAK, text))

    blog = 3 if web_page else 0
    web = web_page or source_format in _WEB_FORMATS
    if "blog" in path_text or re.search(r"\bblog", title + "\n" + text[:300], re.IGNORECASE):
        blog += 3
    if web:
        blog += 0 if web_page else 1
        words = max(1, len(text.split()))
        per_hundred = 100 * len(_FIRST_PERSON.findall(text)) / words
        blog += 3 if per_hundred >= 2 else (2 if per_hundred >= 1 else 0)
        blog += 2 if _AUTHOR_LINE.search(text) else 0
    return {"covenant": covenant, "policy_note": policy, "blog": blog}


def infer_kind(text: str, title: str, source_format: SourceFormat,
               path: str | PurePath | None = None, *, web_page: bool = False) -> DocumentKind:
    """covenant | policy_note | blog | other, by the scores in the module's table.

    ``web_page`` tells that the text is an article of a saved web page (HTML, or a text file with
    site furniture or several articles); such an article is a blog post unless stronger cues say
    it is an agreement or a policy document.
    """
    scores = kind_scores(text, title, source_format, path, web_page=web_page)
    ranked: tuple[DocumentKind, ...] = ("covenant", "policy_note", "blog")
    best = max(ranked, key=lambda kind: scores[kind])  # the first of equal scores wins
    return best if scores[best] >= KIND_MIN_SCORE else "other"


@dataclass(frozen=True)
class _DateCandidate:
    start: int
    end: int
    value: date
    month_only: bool


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, date, bool]]:
    """Every date in ``text``: (start, end, date, month_only), in text order, no overlaps."""
    found: list[_DateCandidate] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: date | None, month_only: bool = False) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))  # an impossible date ("31 februari") still hides its month
        if value is not None:
            found.append(_DateCandidate(start, end, value, month_only))

    for match in _DAY_MONTH_YEAR.finditer(text):
        month = MONTHS[match.group(2).lower()]
        add(match.start(), match.end(), _safe_date(int(match.group(3)), month, int(match.group(1))))
    for match in _ISO.finditer(text):
        add(match.start(), match.end(),
            _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
    for match in _NUMERIC.finditer(text):
        add(match.start(), match.end(),
            _safe_date(int(match.group(4)), int(match.group(3)), int(match.group(1))))
    for match in _MONTH_YEAR.finditer(text):
        add(match.start(), match.end(), _safe_date(int(match.group(2)), MONTHS[match.group(1).lower()], 1),
            month_only=True)
    return sorted(((c.start, c.end, c.value, c.month_only) for c in found), key=lambda item: item[0])


def _date_score(text: str, start: int, end: int, title: str | None) -> int:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start:start]
    line = text[line_start:line_end].strip()
    score = 0
    if _LINE_LABEL.match(before) or _PLACE.match(before):
        score += 4
    elif _SIGNED.search(before):
        score += 3
    if title and text[start:end] in title:
        score += 3
    if start < 500 or text.count("\n", 0, start) < 8:
        score += 2
    short = len((before + " " + text[end:line_end]).split()) <= 4
    byline = len(line.split()) <= 20 and line[-1:] not in ".!?:;"  # a heading or byline, not a sentence
    if short or byline:
        score += 2
    if _DEADLINE.search(text[max(0, start - 20):start]):
        score -= 4
    return score


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata date in any common form, or None."""
    if not value or not value.strip():
        return None
    raw = value.strip()
    pdf = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?", raw)
    if pdf:
        parsed = _safe_date(int(pdf.group(1)), int(pdf.group(2) or 1), int(pdf.group(3) or 1))
        return parsed.isoformat() if parsed else None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    parsed_dt = dateparser.parse(raw, languages=["nl", "en"], settings={"DATE_ORDER": "DMY"})
    return parsed_dt.date().isoformat() if parsed_dt else None


def infer_date(text: str, metadata_date: str | None = None, *, title: str | None = None) -> str | None:
    """The document's date as ISO ``YYYY-MM-DD`` (a month alone gives its first day), or None.

    See the module's table: a labelled, top-of-text, title or signing date wins; otherwise the
    file's metadata date; dates deep in the body (events, deadlines) are never used.
    """
    best: tuple[int, int, date] | None = None
    for start, end, value, month_only in find_dates(text):
        score = _date_score(text, start, end, title)
        score = 2 * score + (0 if month_only else 1)  # a full date wins a tie with a month alone
        if score >= 2 * DATE_MIN_SCORE and (best is None or score > best[0]):
            best = (score, start, value)
    if best is not None:
        return best[2].isoformat()
    return normalise_date(metadata_date)
