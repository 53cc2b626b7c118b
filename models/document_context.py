"""The document a commitment sentence lives in: its kind, date, parties and the organisation that speaks.

Built once per document (:meth:`DocumentContext.of`) and handed to every sentence:

- **signatories** of a covenant, from its party list ("1. Woonstede Lindeveen, …, hierna: Woonstede;") or a
  party sentence ("Deze afspraken zijn gemaakt door de gemeenten A en B, C als … en D"); "de gemeente X, mede
  namens Y" binds X; parties that "gaan geen eigen verplichtingen aan" are left out;
- **aliases**: "hierna: Woonstede", groups ("A, B en C worden hierna samen aangeduid als het
  samenwerkingsverband"), bodies the parties form ("Partijen vormen een stuurgroep");
- the **owner** — who the text speaks for: the office that signs a letter or issues a regulation ("De
  Staatssecretaris van …" under "Hoogachtend", "Regeling van de Minister van …": "Staatssecretaris van
  VROM"), the body in a bulletin's masthead or on a slide deck's title slide, the municipality or ministry
  of a policy note, the author's
  organisation of a blog ("Blog van Rob Vermeulen, directeur-bestuurder van Woonstede Lindeveen", "Lotte
  Jansen is jeugdverpleegkundige bij de GGD Lindestreek"), else the most named organisation;
- the **financier** the text names ("Het stadsdeel als financier …");
- the reference year and the period in the title ("2026–2030": what "gedurende de looptijd" means).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from models.nlp import DutchNLP
from models.organisations import office_at, offices_in
from rodedraad.dutch import FUNCTION_WORDS, load_word_list, sentence_spans
from rodedraad.records import Document

# Names the organisation finder returns that never sign anything: regions, parliament.
NOT_SIGNATORIES = ("regio ", "tweede kamer", "eerste kamer", "staten-generaal", "provincie ")
_ORGANISATION_TYPES = (
    frozenset(word.lower() for word in load_word_list("organisation_types"))
    | frozenset(word.lower().strip(".") for word in load_word_list("organisation_legal_forms"))
    | {"gemeente", "stichting", "zorggroep", "n.v", "b.v", "nv", "bv"}
)
_NOT_PLACES = load_word_list("commitment_not_places")


@dataclass(frozen=True)
class DocumentContext:
    """What a sentence needs from its document: kind, date, parties and the organisation speaking."""

    doc_id: str
    kind: str
    date: str | None
    organisations: tuple[str, ...]
    owner: str | None
    text: str
    reference_year: int | None
    source: str = ""
    period: str | None = None
    signatories: tuple[str, ...] = ()
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    financier: str | None = None
    date_span: str | None = None  # ``Document.date_span``: a debate's session year when it has no date

    @property
    def when(self) -> str | None:
        """What year-less deadlines are read against: the document's date, else the span it dates from."""
        return self.date or self.date_span

    @classmethod
    def of(cls, document: Document, nlp: DutchNLP) -> DocumentContext:
        signatories: tuple[str, ...] = ()
        aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if document.kind == "covenant":
            signatories, aliases = _party_list(document.text)
        found = [*signatories, *document.organisations, *nlp.organisations(document.text),
                 *municipalities(document.text)]
        organisations = tuple(_merge_names(found))
        return cls(
            doc_id=document.id, kind=document.kind, date=document.date, organisations=organisations,
            owner=_owner(document, organisations), text=document.text,
            reference_year=_reference_year(document), source=document.source.rsplit("/", 1)[-1],
            period=_title_period(document.title),
            signatories=signatories, aliases=aliases, financier=_financier(document.text, organisations),
            date_span=document.date_span,
        )





def _merge_names(names: Iterable[str]) -> list[str]:
    """One name per organisation: a short variant inside a longer name whose extra words are organisation
    types goes ("Welzijn Lindeveen" in "Stichting Welzijn Lindeveen"); a longer name with other extra
    words is a mis-read ("Vermeulen Zorggroep De Linde": a person's name before the organisation) and goes."""
    unique = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    dropped: set[str] = set()
    for name in unique:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        for other in unique:
            if other == name or not pattern.search(other):
                continue
            extra = pattern.sub(" ", other).split()
            if other.lower().startswith(name.lower()) or all(
                is_organisation_type(word) or word.isupper() or "." in word for word in extra
            ):
                dropped.add(name)  # "Stichting Sociale Wijkteams" → "… Lindeveen"; "Welzijn X" → "Stichting …"
            else:
                dropped.add(other)
    return [name for name in unique if name not in dropped]


def is_organisation_type(word: str) -> bool:
    """ "Stichting", "Zorgverzekeraar", "Woningstichting": a word that names a kind of organisation."""
    lowered = word.lower().strip(".")
    return lowered in _ORGANISATION_TYPES or any(
        lowered.endswith(kind) for kind in _ORGANISATION_TYPES if len(kind) >= 6
    )


# "de gemeente Lindeveen" names one; only the plural "de gemeenten Lindeveen, Aalsum en Ommerveld" lists several
# ("De gemeente Noorderhaven en Stichting Welzijn Noord" is one municipality and a foundation)
# a place may run on over particles and capitals on the same line: "Oude IJsselstreek", "Bergen op Zoom"
_PLACE_NAME = r"[A-Z][\w-]+(?:[ \t]+(?:(?:aan|op|den|de|in|bij)[ \t]+)*(?!(?:De|Het|In|Een|Op|Dit|Deze)\b)[A-Z][\w-]+)?"
# the place follows on the same line or the next, never after a blank line ("Prestatiekaart gemeenten" over a
# table whose first cell is "Thema" is no "gemeente Thema")
_GAP = r"(?:[ \t]*\n[ \t]*|[ \t]+)"
_MUNICIPALITY_LIST = re.compile(
    rf"\bgemeente{_GAP}({_PLACE_NAME})|\bgemeenten{_GAP}((?:{_PLACE_NAME})(?:\s*,\s*{_PLACE_NAME})*"
    rf"(?:\s+en\s+{_PLACE_NAME})?)"
)


def municipalities(text: str) -> list[str]:
    """ "de gemeenten Lindeveen, Aalsum en Ommerveld" → gemeente Lindeveen, gemeente Aalsum, …, by frequency."""
    counts: Counter[str] = Counter()
    for match in _MUNICIPALITY_LIST.finditer(text):
        for place in re.split(r"\s*,\s*|\s+en\s+", match.group(1) or match.group(2)):
            if (place and place.lower() not in FUNCTION_WORDS and place.lower() not in _NOT_PLACES
                    and not is_organisation_type(place)):
                counts[f"gemeente {place}"] += 1
    return [name for name, _ in counts.most_common()]


_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)]|[a-z][.)]|[-•*▪–])[ \t]+(.+)$")
# "a) Gemeente X, …, b) Gemeente Y, … hierna gezamenlijk aan te duiden als "de gemeenten"": a name for the
# parties listed before it
_BLOCK_ALIAS = re.compile(r"hierna\s+(?:gezamenlijk|samen)\s+(?:aan\s+te\s+duiden\s+als|te\s+noemen)\s*:?\s*"
                          r"[\"“'‘]?(?:de\s+|het\s+)?([\w-]+)", re.IGNORECASE)
# A party that signs in a paragraph of its own, not a list item: "De Minister van …, handelend als …, vertegenwoordigd
# door …;", "Het Dagelijks Bestuur van X, …, rechtsgeldig vertegenwoordigd door …, hierna te noemen: …"
_PARAGRAPH_ENTRY = re.compile(
    r"(?m)^[ \t]*(?:(?:[Dd]e|[Hh]et)[ \t]+)?(?:[a-z]+[ \t]+){0,3}[A-Z][^\n]{2,300}?vertegenwoordigd[ \t]+door[^\n]*$")
# "… gaat in op 1 januari 2015, TUSSEN: Gemeente A, …, vertegenwoordigd door …; Gemeente B, …; en …": entries in one
# paragraph, parted by semicolons
_OFFICE_START = re.compile(r"(?:De\s+)?(?:Minister|Staatssecretaris)\b")
_BETWEEN = re.compile(r"\btussen\s*:\s*", re.IGNORECASE)
# not a party: the agreement itself ("Deze Koepelovereenkomst (de Overeenkomst) gaat in op …")
_NOT_PARTY_START = re.compile(r"^(?:deze|dit|die|dat)\b|(?:overeenkomst|convenant|akkoord|regeling)\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}|[a-z])[.)][ \t]")
_ENTRY_SPAN = 400  # characters of a party entry read for "vertegenwoordigd" (a PDF wraps the entry over lines)
# "hierna: Woonstede", "verder te noemen: de VWHR", 'hierna te noemen "de gemeente"'
_ALIAS = re.compile(r"(?:hierna|verder)(?:\s+gezamenlijk)?(?:\s+te\s+noemen)?\s*:\s*([^;.,)]+)"
                    r"|(?:hierna|verder)\s+te\s+noemen\s*[“\"‘']([^”\"’']+)[”\"’']", re.IGNORECASE)
_BODY_START = re.compile(r"(?m)^[#\s]*(?:artikel\s+1\b|overwegingen|overwegende|aanleiding|considerans)", re.IGNORECASE)
_NO_OBLIGATION = re.compile(r"geen\s+(?:eigen\s+)?(?:inspannings|resultaats)?verplichtingen?", re.IGNORECASE)
_MAX_PARTY_WORDS = 8
_MAX_ENTRY_WORDS = 12  # "Het Dagelijks Bestuur van de Vereniging van Woningcorporaties Holland Rijnland"
_PARTY_LINE = re.compile(r"hierna|vertegenwoordigd", re.IGNORECASE)
_PARTY_HEADING = re.compile(
    r"(?m)^[#\s]*(?:de\s+)?(?:partijen|ondergetekenden|ondertekenaars|ondertekenende partijen)\b", re.IGNORECASE
)


def _alias_key(alias: re.Match[str]) -> str:
    """The name an ``_ALIAS`` match gives, lower case and without its article ("hierna: de Wijkteams" →
    "wijkteams")."""
    return re.sub(r"^(?:de|het)\s+", "", (alias.group(1) or alias.group(2)).strip().lower())


def _party_names(segment: str, *, entry: bool = False) -> list[str]:
    """ "De gemeenten Lindeveen, Aalsum en Ommerveld" → three municipalities; "A en B" → A, B. In an entry of a
    party list (``entry``: "2. Actium, hierbij rechtsgeldig vertegenwoordigd door …") one capitalised word is a
    name; elsewhere a name needs two."""
    segment = segment.strip()
    if re.match(r"(?i)(?:de\s+)?gemeenten?\s+[A-Z]", segment):
        # "a) Gemeente X": municipalities() reads the lower-case word
        return municipalities(re.sub(r"^(?:De\s+)?Gemeente", lambda word: word.group(0).lower(), segment))
    segment = re.sub(r"^(?:[Dd]e|[Hh]et)\s+(?=[a-z])", "", segment)
    segment = segment[:1].upper() + segment[1:]  # "De stichting Melkvee" → "Stichting Melkvee"
    parts = re.split(r"(?<!-)\s+en\s+(?=[A-Z])", segment)  # not "Schapen- en Geitenhouders"
    return [
        part.strip().rstrip(".;,") for part in parts
        if len(part.split()) <= (_MAX_ENTRY_WORDS if entry else _MAX_PARTY_WORDS) and (
            sum(word[:1].isupper() for word in part.split()) >= 2
            or (entry and len(part.split()) == 1 and len(part) >= 3 and part.strip(".;,")[1:].isalpha()))
    ]


def _party_list(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """Signatories of a covenant from its party list before the body ("1. Woonstede Lindeveen, …,
    hierna: Woonstede;"), with their "hierna:" aliases. Parties that take on no obligation are left out."""
    body = _BODY_START.search(text)
    head = text[: body.start() if body else min(len(text), 4000)]
    entries: list[tuple[int, list[str]]] = []  # where each signing party is listed, and its names
    aliases: list[tuple[str, tuple[str, ...]]] = []
    items = list(_LIST_ITEM.finditer(head))
    listed_at: list[tuple[int, list[str]]] = []
    for index, item in enumerate(items):
        line = re.sub(r"^\d{1,2}[.)][ \t]+", "", item.group(1))  # "• 1. De vereniging ZuivelNL, …"
        entry_end = min(item.start() + _ENTRY_SPAN, items[index + 1].start() if index + 1 < len(items) else len(head))
        if (not _PARTY_LINE.search(head[item.start():max(entry_end, item.end())])
                and not _PARTY_HEADING.search(head[max(0, item.start() - 600):item.start()])):
            continue
        first = re.split(r",|\s+als\s+|\(|;", line, maxsplit=1)[0]
        municipality_list = _MUNICIPALITY_LIST.search(line)
        if re.match(r"(?i)(?:de\s+)?gemeenten\s", line) and municipality_list:
            first = municipality_list.group(0)
        # "de gemeente X, mede namens de gemeenten Y en Z": X signs (and binds itself); Y and Z are represented
        names = list(_party_names(first, entry=_PARTY_LINE.search(line) is not None))
        if not names:
            continue
        entries.append((item.start(), names))
        alias = _ALIAS.search(line)
        if alias:
            aliases.append((_alias_key(alias), tuple(names)))
        else:  # an entry with a name of its own ("hierna te noemen 'de gemeente'") is no member of a later block
            listed_at.append((item.start(), names))
        for name in names:
            words = name.split()
            if len(words) > 1 and not name.lower().startswith("gemeente"):
                aliases.append((name.lower(), (name,)))
    paragraphs = list(_PARAGRAPH_ENTRY.finditer(head))
    for number, entry in enumerate(paragraphs):
        line = entry.group(0).strip()
        if _LIST_ITEM.match(line) or _NUMBERED.match(line):
            continue  # read above as a list item
        between = _BETWEEN.search(line)
        segments = [(entry.start() + between.end() + part.start(), part.group(0))
                    for part in re.finditer(r"[^;]+", line[between.end():])] if between else [(entry.start(), line)]
        # the entry's name for it may stand on a line of its own after it ("verder te noemen: de VWHR")
        tail_end = paragraphs[number + 1].start() if number + 1 < len(paragraphs) else len(head)
        tail = head[entry.end():min(tail_end, entry.end() + 120)]
        for at, segment in segments:
            segment = segment.strip()
            if not _PARTY_LINE.search(segment) or _NOT_PARTY_START.search(re.split(r",|\(", segment)[0]):
                continue
            office = offices_in(segment[:120]) if _OFFICE_START.match(segment) else []
            names = office[:1] or _party_names(re.split(r",|\(|;", segment, maxsplit=1)[0], entry=True)
            names = [name for name in names if all(name not in listed for _, listed in entries)]
            if not names:
                continue
            entries.append((at, names))
            alias = _ALIAS.search(segment) or (None if between else _ALIAS.match(tail.strip()))
            if alias:
                aliases.append((_alias_key(alias), tuple(names)))
            else:
                listed_at.append((at, names))
    signatories = [name for _, names in sorted(entries, key=lambda entry: entry[0]) for name in names]
    listed_at.sort(key=lambda entry: entry[0])
    since = 0
    for block in _BLOCK_ALIAS.finditer(head):
        members = [name for at, names in listed_at if since <= at < block.start() for name in names]
        if members:
            aliases.append((block.group(1).lower(), tuple(members)))
        since = block.end()
    if not signatories:
        signatories, aliases = _party_sentence(head)
    aliases.extend(_group_aliases(text[:20000], signatories, aliases))
    without_duty: set[str] = set()
    for sentence_start, sentence_end in sentence_spans(text[:20000]):
        sentence = text[sentence_start:sentence_end]
        if _NO_OBLIGATION.search(sentence):
            lowered = sentence.lower()
            for key, alias_names in aliases:
                if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", lowered):
                    without_duty.update(alias_names)
    kept = tuple(dict.fromkeys(name for name in signatories if name not in without_duty))
    group_keys = {key for key, names in aliases if len(names) > 1}
    aliases = [
        (key, tuple(name for name in names if name not in without_duty) if key in group_keys else names)
        for key, names in aliases
    ]
    return kept, tuple((key, names) for key, names in aliases if names)


_PARTY_SENTENCE = re.compile(
    r"(?:zijn|is|worden|wordt)\s+(?:gemaakt|gesloten|aangegaan|ondertekend|vastgesteld)\s+(?:door|tussen)\s+([^.]+)\.",
    re.IGNORECASE,
)


def _party_sentence(head: str) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    """Parties named in one sentence: "Deze afspraken zijn gemaakt door de gemeenten Lindeveen, Aalsum en
    Ommerveld (hierna: de gemeenten), De Jeugdhaven Lindestreek als regionale aanbieder …, de GGD Lindestreek
    … en het Samenwerkingsverband Passend Onderwijs Lindestreek."."""
    match = _PARTY_SENTENCE.search(head)
    if match is None:
        return [], []
    listing = match.group(1)
    signatories: list[str] = []
    aliases: list[tuple[str, tuple[str, ...]]] = []
    for municipality_list in list(_MUNICIPALITY_LIST.finditer(listing)):
        names = municipalities(municipality_list.group(0))
        signatories.extend(names)
        alias = _ALIAS.search(listing, municipality_list.end(), municipality_list.end() + 60)
        if alias:
            aliases.append((_alias_key(alias), tuple(names)))
    listing = _MUNICIPALITY_LIST.sub(" ", listing)
    listing = re.sub(r"\([^)]*\)", " ", listing)
    for segment in re.split(r",\s*|\s+en\s+(?=(?:de\s+|het\s+)?[A-Z])", listing):
        segment = re.split(r"\s+als\s+", segment.strip(), maxsplit=1)[0]
        segment = re.sub(r"^(?:de|het)\s+", "", segment.strip())
        if segment[:1].isupper() and len(segment.split()) <= _MAX_PARTY_WORDS:
            signatories.append(segment)
            if len(segment.split()) > 1:
                aliases.append((segment.lower(), (segment,)))
    return signatories, aliases


_GROUP_ALIAS = re.compile(
    r"([^.]*?)\s+worden\s+hierna\s+(?:samen|gezamenlijk)\s+aangeduid\s+als\s+(?:het|de)\s+([\w-]+)", re.IGNORECASE
)
_BODY_NOUN = re.compile(
    r"\b(?:Partijen|De partijen)\s+vormen\s+(?:samen\s+|gezamenlijk\s+)?(?:een|de)\s+"
    r"(\w*(?:groep|overleg|commissie|team|raad))\b"
)


def _group_aliases(
    text: str, signatories: Sequence[str], aliases: Sequence[tuple[str, tuple[str, ...]]]
) -> list[tuple[str, tuple[str, ...]]]:
    """Names for groups of parties: "A, B en C worden hierna samen aangeduid als het samenwerkingsverband",
    "Partijen vormen een stuurgroep …" (the stuurgroep stands for all parties)."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for match in _GROUP_ALIAS.finditer(text):
        listed = match.group(1)
        members = [
            name for name in signatories
            if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", listed, re.IGNORECASE)
                   for word in _member_keys(name, aliases))
        ]
        if members:
            found.append((match.group(2).lower(), tuple(members)))
    for match in _BODY_NOUN.finditer(text):
        if signatories:
            found.append((match.group(1).lower(), tuple(signatories)))
    return found


def _member_keys(name: str, aliases: Sequence[tuple[str, tuple[str, ...]]]) -> list[str]:
    """How a text may refer to a party: its name, its "hierna:" alias, its first distinctive word."""
    keys = [name, *(key for key, names in aliases if names == (name,))]
    distinctive = distinctive_words(name)
    others = {word for _, names in aliases for other in names if other != name for word in distinctive_words(other)}
    if distinctive and distinctive[0] not in others:  # "Lindeveen" is in many names: no key for one of them
        keys.append(distinctive[0])
    return keys


_FINANCIER = re.compile(
    r"(?:(?:[Hh]et|[Dd]e)\s+(?P<noun>[a-z]\w+)|(?P<name>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*))\s+als\s+"
    r"(?:opdrachtgever\s+en\s+)?financier\b"
)


def _financier(text: str, organisations: Sequence[str]) -> str | None:
    """The party the text calls the financier: "Het stadsdeel als financier …", "de rol van de gemeente als
    financier" — resolved to the organisation of that kind ("stadsdeel Noord")."""
    for match in _FINANCIER.finditer(text):
        if match.group("name"):
            return match.group("name")
        noun = match.group("noun")
        kinds = [org for org in organisations if noun in org.lower().split()]
        if kinds:
            return kinds[0]
    return None


def _title_period(title: str) -> str | None:
    """ "Convenant … 2026–2030" → "2026/2030": what "gedurende de looptijd" of the document means."""
    span = re.search(r"(?<!\d)((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)\d\d)(?!\d)", title)
    return f"{span.group(1)}/{span.group(2)}" if span else None


def _reference_year(document: Document) -> int | None:
    """The year the document speaks from: its date's, else the first of the span it dates from (a debate's
    session year: "in 2013" in a 2017-09/2018-08 debate is past), else the last year in its title."""
    for when in (document.date, document.date_span):
        if when and when[:4].isdigit():
            return int(when[:4])
    years = [int(year) for year in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", document.title)]
    return max(years) if years else None


_ORGANISATION_NAME = r"[A-Z][\w&’'-]*(?:[ \t]+(?:(?:van|voor|de|der|den|het|&)[ \t]+)*[A-Z][\w&’'-]*)*"
# Author lines of blogs and opinion pieces: "Blog van Rob Vermeulen, directeur-bestuurder van Woonstede
# Lindeveen", "Door Ellen Hofstede, voorzitter raad van bestuur van Zorggroep De Linde", "Sanne de Wit is
# coördinator van het Vrijwilligerspunt Lindeveen.", "… is als senior adviseur verbonden aan Vondel & Nassau".
_AUTHOR_LINES = (
    re.compile(r"(?:^|\n)[*_ \t]*(?:(?:Gast)?[Bb]log|Column|Opinie|Interview|Door)\b[^,\n]{0,60},[^,\n]{2,70}?[ \t]"
               rf"(?:van|bij)[ \t]+(?:de[ \t]+|het[ \t]+)?({_ORGANISATION_NAME})"),
    re.compile(rf"(?:^|[.!?\n][ \t]*)[A-Z][\w.]*(?:[ \t]+(?:[A-Z][\w.]*|de|van|der|den|El|el)){{1,4}}[ \t]+is[ \t]+"
               rf"[^.\n]{{2,60}}?[ \t](?:van|bij)[ \t]+(?:de[ \t]+|het[ \t]+)?({_ORGANISATION_NAME})"),
    re.compile(rf"\bverbonden[ \t]+aan[ \t]+(?:de[ \t]+|het[ \t]+)?({_ORGANISATION_NAME})"),
    # a title line "Blog van Thuiszorg Oost": the blog of an organisation (a person's name is followed by a comma)
    re.compile(rf"^[#*_ \t]*(?:Blog|Nieuws|Column)[ \t]+van[ \t]+(?:de[ \t]+|het[ \t]+)?({_ORGANISATION_NAME})"
               r"[ \t]*(?:\n|$)"),
)
_COUNCIL = re.compile(
    r"(?i:burgemeester en wethouders|college van burgemeester en wethouders|gemeenteraad)\s+van\s+([A-Z][\w-]+)"
)


def _author_organisation(document: Document, organisations: Sequence[str]) -> str | None:
    """The organisation a blog's author writes for, from the author line at the top or the bio at the end."""
    text = document.text
    for part in (text[:800], text[-1200:]):
        for pattern in _AUTHOR_LINES:
            match = pattern.search(part)
            if match is None:
                continue
            name = match.group(1).strip()
            if len(name.split()) == 1 and not looks_like_name(name):
                continue
            if name in organisations:
                return name
            longer = [  # "Welzijn Lindeveen" → "Stichting Welzijn Lindeveen", not "Blog van Welzijn Lindeveen"
                org for org in organisations if name.lower() in org.lower() and all(
                    is_organisation_type(word) for word in org.lower().replace(name.lower(), " ").split()
                )
            ]
            return min(longer, key=len) if longer else (longer_name(name, text) or name)
    return None


def _owner(document: Document, organisations: Sequence[str]) -> str | None:
    """The organisation a text speaks for: a municipality or ministry for notes, the author's organisation
    for a blog, else the most named."""
    if _PROCEEDINGS.search(document.text[:20000]):
        return None  # a debate speaks for each of its speakers, no organisation speaks for all of it
    if document.kind in ("policy_note", "other"):
        office = speaking_office(document)
        if office:
            return office
    if document.kind in ("policy_note", "other", "blog"):
        masthead = masthead_organisation(document.text)
        if masthead:
            return masthead
    if document.kind in ("policy_note", "other"):
        ministries = [name for name in organisations if name.lower().startswith("ministerie")]
        named = municipalities(document.text)
        if ministries:
            return ministries[0]
        if named:
            return named[0]
        council = _COUNCIL.search(document.text)
        if council:
            return f"gemeente {council.group(1)}"
        if re.search(r"(?<!\w)(?:het college|de gemeenteraad|de raad|wethouder)(?!\w)", document.text, re.IGNORECASE):
            return "gemeente"
    if document.kind == "blog":
        author = _author_organisation(document, organisations)
        if author:
            return author
    if not organisations and document.kind != "blog":
        return None
    signatories = [name for name in organisations if not name.lower().startswith(NOT_SIGNATORIES)]
    organisations = signatories or list(organisations)
    if document.kind != "blog":
        return _most_named(document.text, organisations)
    source = re.sub(r"[^a-z]", "", document.source.lower().rsplit("/", 1)[-1])
    for name in organisations:
        key = re.sub(r"[^a-z]", "", " ".join(distinctive_words(name)).lower())
        if len(key) >= 5 and key in source:
            return name
    in_source = [
        word for word in set(re.findall(r"(?<![\w-])[A-Z][a-z]{4,}(?![\w-])", document.text))
        if word.lower() in source and word.lower() not in _ORGANISATION_TYPES
    ]
    for word in sorted(in_source, key=lambda word: source.index(word.lower())):
        known = [name for name in organisations if word in name.split()]
        if known:
            return min(known, key=len)
        longer = longer_name(word, document.text)
        if longer:
            return longer
        if len(re.findall(rf"(?<![\w-]){word}(?![\w-])", document.text)) >= 2:
            return word
    return _most_named(document.text, organisations)


_PROCEEDINGS = re.compile(r"\bgehoord\s+de\s+beraadslaging\b|\bDe\s+beraadslaging\s+wordt\s+(?:geopend|gesloten)\b")
_CLOSING = re.compile(r"(?im)^[ \t*_]*(?:hoogachtend|met\s+(?:vriendelijke|hartelijke)\s+groet(?:en)?|"
                      r"de\s+(?:minister|staatssecretaris)\s+(?:van|voor)\s)")
_ENACTING = re.compile(r"(?m)^[ \t*_]*(?:De[ \t]+)?(?:Minister|Staatssecretaris)[ \t]+(?:van|voor)[ \t][^\n]{3,120}"
                       r",?[ \t]*\n+[ \t]*(?:Gelet|Gezien|Besluit|Overwegende|Handelende)")
_ISSUED_BY = re.compile(r"^\W*(?:Regeling|Besluit|Circulaire|Brief|Beleidsregel\w*)\s+van\s+(?:de\s+)?(?=[Mm]inister|"
                        r"[Ss]taatssecretaris)")


# A parliamentary paper's heading, often in capitals: "Nr. 521 BRIEF VAN DE MINISTER VAN ECONOMISCHE ZAKEN EN
# KLIMAAT" (the ministry's name is read in the case the word list writes it).
_LETTER_HEADING = re.compile(r"\bBRIEF\s+VAN\s+DE\s+((?:MINISTER|STAATSSECRETARIS)\s+(?:VAN|VOOR)\s+[^\n]{3,120})",
                             re.IGNORECASE)
_LOWER_IN_NAMES = frozenset({"en", "van", "voor", "de", "het"})


def _heading_office(text: str) -> str | None:
    heading = _LETTER_HEADING.search(text[:3000])
    if heading is None:
        return None
    words = heading.group(1).split()
    cased = " ".join(word.lower() if word.lower() in _LOWER_IN_NAMES else word[:1].upper() + word[1:].lower()
                     for word in words)
    found = offices_in(cased[:1].upper() + cased[1:])
    return found[0] if found else None


def speaking_office(document: Document) -> str | None:
    """The minister or state secretary a letter, circular or regulation is issued by: the signature under
    its closing ("Hoogachtend, De Staatssecretaris van …,"), the title ("Regeling van de Minister van …")
    or the enacting formula ("De Minister van …, Gelet op …"), a parliamentary paper's heading ("BRIEF VAN DE
    MINISTER VAN …") — as "Staatssecretaris van VROM"."""
    title = _ISSUED_BY.match(document.title)
    if title:
        office = office_at(document.title, title.end())
        if office:
            return office
    enacting = _ENACTING.search(document.text[:3000])
    if enacting:
        office = office_at(document.text, enacting.start() + len(enacting.group(0)) - len(
            enacting.group(0).lstrip(" \t*_")))
        found = offices_in(enacting.group(0))
        if office or found:
            return office or found[0]
    heading = _heading_office(document.text)
    if heading:
        return heading
    tail_start = max(0, len(document.text) - 6000)
    closings = list(_CLOSING.finditer(document.text, tail_start))
    for closing in closings:
        signature = document.text[closing.start():closing.start() + 400]
        found = offices_in(signature)
        if found:
            return found[0]
    return None


# Words that make a heading a community organisation's name ("Wijkraad Oeken", "Energiecollectief Noord",
# "Vereniging Dorpsbelang"): a kind of body at the start or the end of the name.
_BODY_WORDS = ("raad", "collectief", "coöperatie", "cooperatie", "vereniging", "stichting", "werkgroep",
               "platform", "belang", "comité", "commissie")


def _is_body_word(word: str) -> bool:
    lowered = word.lower()
    return lowered.endswith(_BODY_WORDS) or is_organisation_type(lowered)


def _name_case(word: str) -> str:
    """ "OEKEN–VOORSTONDEN–BROEK" → "Oeken–Voorstonden–Broek"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def masthead_organisation(text: str) -> str | None:
    """The organisation a bulletin or presentation is published by: its masthead, the first line in capitals
    naming a body ("VERENIGING WIJKRAAD OEKEN" → "Wijkraad Oeken"), or a short heading line that names a
    body and returns as a line of its own ("Buurtcollectief De Horst" heading slides)."""
    lines = [line.strip(" \t*_#") for line in text[:3000].splitlines()]
    lines = [line for line in lines if line]
    for line in lines[:3]:
        words = line.split()
        if 2 <= len(words) <= 7 and line.isupper() and any(_is_body_word(word) for word in words):
            named = [_name_case(word) for word in words]
            if len(named) > 2 and is_organisation_type(named[0]) and _is_body_word(named[1]):
                named = named[1:]  # "Vereniging Wijkraad Oeken": the body's own name
            if named[0].lower() in {"gemeente", "provincie", "stadsdeel"}:
                named[0] = named[0].lower()
            return " ".join(named)
    short = [line for line in lines if len(line.split()) <= 8]
    counts = Counter({line: sum(1 for other in short if _contains(other, line)) for line in set(short)})
    heading = " ".join(lines[:3])
    named = []
    for line, count in counts.items():
        words = line.split()
        if count < 2 or not 2 <= len(words) <= 6 or line.endswith((".", "?", ":", "!")):
            continue
        if (_is_body_word(words[-1]) or _is_body_word(words[0])) and sum(word[:1].isupper() for word in words) >= 2:
            named.append(line)
    # the body the opening lines name (the title slide) before one that returns in every footer
    named.sort(key=lambda line: (line not in heading, -counts[line], lines.index(line)))
    return named[0] if named else None


def _most_named(text: str, organisations: Sequence[str]) -> str | None:
    if not organisations:
        return None
    counts = Counter({name: _mentions(text, name) for name in organisations})
    return max(organisations, key=lambda name: (counts[name], -list(organisations).index(name)))


def distinctive_words(name: str) -> list[str]:
    words = re.findall(r"[\w’'&-]+", name)
    return [
        word for word in words
        if word.lower() not in FUNCTION_WORDS and word[:1].isupper() and word.lower() not in _ORGANISATION_TYPES
    ]


def _mentions(text: str, name: str) -> int:
    words = distinctive_words(name)
    if not words:
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(words[0])}(?!\w)", text))


@lru_cache(maxsize=20_000)
def looks_like_name(word: str) -> bool:
    """A single capitalised word that is not an ordinary Dutch word written with a capital ("Ingewikkeld")."""
    return not simplemma.is_known(word.lower(), lang="nl")


def longer_name(name: str, text: str) -> str | None:
    """ "Woonstede" → "Woonstede Lindeveen", "Eemstroom" → "Zorgverzekeraar Eemstroom": the longest form the
    text writes at least twice (a kind-of-organisation word before the name, capitalised words after it), on
    one line: the cells of a table header ("BSN", "Kennisgeving", "Grondslag") or a name that ends a paragraph
    before a heading are no longer name."""
    longer: Counter[str] = Counter()
    pattern = rf"(?:([A-Z][\w-]+)[ \t\u00a0]+)?{re.escape(name)}((?:[ \t\u00a0]+[A-Z][\w-]+){{0,2}})"
    for match in re.finditer(pattern, text):
        before = match.group(1) if match.group(1) and is_organisation_type(match.group(1)) else ""
        form = " ".join(part for part in (before, name + match.group(2)) if part).strip()
        if form != name:
            longer[form] += 1
    candidates = [form for form, count in longer.items() if count >= 2]
    return max(candidates, key=lambda form: (longer[form], len(form))) if candidates else None
