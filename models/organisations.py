"""Find the organisations a Dutch text names, by rules: there is no offline Dutch NER model.

Precision matters more than recall: a wrong actor in a theme or commitment misleads an adviser more
than a missing one. The rules, in order of trust (a later rule never overrides an earlier one's span):

1. known organisations and their variants (``rodedraad/data/organisations_known.txt``);
2. ministries: "het ministerie van Volksgezondheid, Welzijn en Sport" → "ministerie van VWS";
3. public bodies with a place name: "de gemeente Bergen op Zoom" → "gemeente Bergen op Zoom",
   "de gemeenteraad van Utrecht" → "gemeente Utrecht", "stadsdeel Noord", "provincie Gelderland";
4. regional organisations: "GGD Hollands Noorden", "ROC Midden Nederland";
5. legal forms: "Stichting Present", "Coöperatie Zorg Dichtbij U.A.", "Bouwbedrijf Van Dijk B.V.";
6. a kind of organisation before a name: "woningcorporatie Ymere" → "Ymere";
7. capitalised names joined by "&" ("Vondel & Nassau") or carrying an organisation word
   ("Samen Sterk Welzijn", "Zorggroep Noorderbreedte");
8. an acronym defined in brackets right after a found organisation is an alias of it.

What is not an organisation, by form: names joined by "&" in a citation ("Jurafsky & Martin, 2009",
"(Smit & Kuipers, 2018)", "Bos et al."), two persons ("Eva Kramer & Tom de Wit"), headings of dictionary
words ("Werving & Selectie"), abbreviations of fields ("LVB & GGZ"); names right after "de heer",
"mevrouw", "minister" (persons); one capitalised dictionary word or form field after a general role
noun ("de aanbieder Begindatum"); compounds that name collections ("Treebank"); a bare "de" between
capitals does not join a name ("als het VK de Unie verlaat").

Bare acronyms are accepted only when known: capitals in Dutch policy text are as often laws (Wmo,
AWBZ), schemes (RES) or formats as they are organisations. Word lists live in ``rodedraad/data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from rodedraad.dutch import FUNCTION_WORDS, load_word_list

_SPACE = r"[ \u00a0]+"
_UPPER = "A-ZÀ-ÖØ-Þ"
# One capitalised word: "Amsterdam", "Noord-Brabant", "'s-Hertogenbosch", "IJssel", "ActiZ", "GHOR".
_CAPITALISED = rf"(?:['’]s-)?[{_UPPER}][\w’']*(?:-[\w]+)*(?!\.[{_UPPER}])"
# Place names keep lowercase particles inside: "Bergen op Zoom", "Alphen aan den Rijn".
_PLACE = rf"{_CAPITALISED}(?:{_SPACE}(?:(?:aan|op|den|de|der|in|bij|ter|van|a/d){_SPACE})*{_CAPITALISED})*"
# Organisation names keep "van (de)", "voor (het)", "der", "&" between capitals: "Stichting Welzijn voor
# Ouderen", "Raad van de Kinderbescherming". A bare "de" does not join ("als het VK de Unie verlaat").
_CONNECTOR = rf"(?:(?:van|voor)(?:{_SPACE}(?:de|der|den|het))?|der|&)"
_NAME = rf"{_CAPITALISED}(?:{_SPACE}(?:{_CONNECTOR}{_SPACE})*{_CAPITALISED})*"


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    name: str


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _read_aliases(name: str) -> dict[str, str]:
    """``canonical | variant | ...`` lines as a variant → canonical map (the canonical maps to itself)."""
    aliases: dict[str, str] = {}
    for line in load_word_list(name):
        names = [part.strip() for part in line.split("|") if part.strip()]
        for variant in names:
            aliases[variant] = names[0]
    return aliases


@dataclass(frozen=True)
class _Rules:
    """The compiled word lists; built once per process by :func:`_rules` (cached, no import-time work)."""

    known: dict[str, str]
    known_pattern: re.Pattern[str]
    ministries: dict[str, str]
    ministry_pattern: re.Pattern[str]
    standalone_ministry_pattern: re.Pattern[str]
    head_pattern: re.Pattern[str]
    council_pattern: re.Pattern[str]
    region_pattern: re.Pattern[str]
    prefix_form_pattern: re.Pattern[str]
    suffix_form_pattern: re.Pattern[str]
    type_pattern: re.Pattern[str]
    name_pattern: re.Pattern[str]
    name_words: frozenset[str]
    name_suffixes: tuple[str, ...]
    not_name_words: frozenset[str]
    not_organisations: frozenset[str]
    not_endings: tuple[str, ...]
    person_titles: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    known = _read_aliases("organisations_known")
    ministries = _read_aliases("ministries")
    legal_forms = load_word_list("organisation_legal_forms")
    prefix_forms = [form[1:] for form in legal_forms if form.startswith(">")]
    suffix_forms = [form for form in legal_forms if not form.startswith(">")]
    heads = load_word_list("organisation_heads")
    name_markers = load_word_list("organisation_name_words")
    acronyms = [variant for variant, canonical in ministries.items() if variant.isupper() or "&" in variant]
    edge = r"(?<![\w&-])"
    tail = r"(?![\w&-])"
    return _Rules(
        known=known,
        known_pattern=re.compile(edge + "(" + _alternation(list(known)) + ")" + tail),
        ministries=ministries,
        ministry_pattern=re.compile(
            rf"\b[Mm]inisterie{_SPACE}van{_SPACE}(?:(?:het|de){_SPACE})?({_alternation(list(ministries))}|{_NAME})"
        ),
        standalone_ministry_pattern=re.compile(edge + "(" + _alternation(acronyms) + ")" + tail),
        head_pattern=re.compile(
            r"(?<![\w-])(" + "|".join(f"[{h[0].upper()}{h[0]}]{re.escape(h[1:])}" for h in heads) + r")"
            + rf"{_SPACE}(?:(van){_SPACE})?"
            + rf"((?:{_alternation(sorted(load_word_list('place_names')))})(?![\w-])|{_PLACE})"
        ),
        council_pattern=re.compile(rf"\b[Gg]emeenteraad{_SPACE}van{_SPACE}({_PLACE})"),
        region_pattern=re.compile(
            edge + "(" + _alternation(list(load_word_list("organisation_region_prefixes"))) + ")"
            + rf"{_SPACE}({_NAME})"
        ),
        prefix_form_pattern=re.compile(
            r"(?<![\w-])(" + "|".join(f"[{f[0]}{f[0].lower()}]{re.escape(f[1:])}" for f in prefix_forms) + ")"
            + rf"{_SPACE}((?:(?:van|voor|tot|de|het|De|Het){_SPACE})*{_NAME})"
            + rf"(?:{_SPACE}({_alternation(suffix_forms)}))?" + tail
        ),
        suffix_form_pattern=re.compile(rf"({_NAME}){_SPACE}({_alternation(suffix_forms)})" + tail),
        type_pattern=re.compile(
            r"(?<![\w-])([\wéëö]*(?:" + _alternation(list(load_word_list("organisation_types"))) + r"))"
            + rf"{_SPACE}((?:De{_SPACE}|Het{_SPACE})?{_NAME})"
        ),
        name_pattern=re.compile(_NAME),
        name_words=frozenset(word for word in name_markers if not word.startswith(("-", "!"))),
        name_suffixes=tuple(word[1:] for word in name_markers if word.startswith("-")),
        not_name_words=frozenset(word[1:].lower() for word in name_markers if word.startswith("!")),
        not_organisations=load_word_list("not_organisations"),
        not_endings=tuple(sorted(load_word_list("not_organisation_endings"))),
        person_titles=re.compile(
            r"(?:^|[^\w])(?:" + _alternation(sorted(load_word_list("person_titles"))) + r")\.?" + rf"{_SPACE}$",
            re.IGNORECASE,
        ),
    )


_LOCATION_WORDS = frozenset({"Locatie", "Locaties", "Vestiging", "Vestigingen"})


def _cut_location(words: list[str], *, keep: int) -> list[str]:
    """"Stichting Fier Locatie Leeuwarden" names the organisation and one of its sites: keep the first."""
    cut = next((i for i, word in enumerate(words) if i >= keep and word in _LOCATION_WORDS), None)
    return words if cut is None else words[:cut]
_TRAILING_TITLES = frozenset({"Dr", "Drs", "Mr", "Prof", "Ir", "Ing", "Dhr", "Mw", "Mevr"})


def _trim_name(name: str) -> str:
    """Drop trailing periods of a sentence end, a leading capitalised function word ("Ook", "De") and a
    trailing title that opens the next name ("Parnassia Groep Dr. Leo ...")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in FUNCTION_WORDS:
        words = words[1:]
    while len(words) > 2 and words[-1].rstrip(".") in _TRAILING_TITLES:
        words = words[:-1]
    words = _cut_location(words, keep=2)
    trimmed = " ".join(words)
    if trimmed.endswith(".") and not re.search(r"\b[A-Z]\.[A-Z]?\.?$", trimmed):
        trimmed = trimmed.rstrip(".")
    return trimmed


_PLACE_ARTICLES = frozenset({"de", "den", "het", "'s", "’s", "ter", "ten"})


def _place_name(raw: str, rules: _Rules) -> str:
    """A place after "gemeente"/"provincie": keeps "Den Helder", "De Bilt"; "" when it is no name."""
    place = raw.rstrip(".")
    first = place.split()[0].lower()
    if (first in FUNCTION_WORDS and first not in _PLACE_ARTICLES) or _is_excluded(place, rules):
        return ""
    if first in _PLACE_ARTICLES and len(place.split()) == 1:
        return ""
    return place


def _is_excluded(name: str, rules: _Rules) -> bool:
    first = name.split()[0] if name.split() else ""
    if not name or name in rules.not_organisations or first.rstrip(".") in rules.not_organisations:
        return True
    if any(is_law(word) for word in name.split()[1:]):
        return True  # "Groep Woonplaatsbeginsel Jeugdwet": a law inside is no organisation's name
    # a one-word "name" that is a form field or a date ("Begindatum", "Aanvraagnummer") names no one
    return " " not in name and name.lower().endswith(rules.not_endings)


# Role nouns so general that a capitalised word after them is seldom a name ("de aanbieder Begindatum").
_GENERIC_TYPES = frozenset({"aanbieder", "organisatie", "instelling", "bedrijf", "praktijk", "partij"})


_LAW_ACRONYMS = frozenset({"wmo", "awbz", "wlz", "zvw", "awb", "avg", "wob", "woo", "bibob", "wabo", "wkkgz", "wvggz",
                           "wzd", "wsnp", "wtza", "bw"})


def is_law(word: str) -> bool:
    """"Jeugdwet", "Woningwet", "Wmo": the name of a law."""
    lowered = word.lower().rstrip(".,;:")
    return (lowered.endswith("wet") and len(lowered) > 6 and word[:1].isupper()) or lowered in _LAW_ACRONYMS


def _is_common_word(word: str) -> bool:
    """A Dutch dictionary word ("Werving", "Toezicht"), not a proper name ("Nassau", "Ymere")."""
    return word.isalpha() and not word.isupper() and simplemma.is_known(word.lower(), lang="nl")


def _after_person_title(text: str, start: int, rules: _Rules) -> bool:
    """Right after "de heer", "mevrouw", "minister", "wethouder": a person, not an organisation."""
    return bool(rules.person_titles.search(text[max(0, start - 30):start]))


_CITATION_AFTER = re.compile(r"^(?:,?\s*\(?\s*(?:19|20)\d\d[a-z]?\b|\s+et\s+al\b|,\s+[A-Z]\.)")
_CITATION_BEFORE = re.compile(r"\(\s*$")


def _is_citation(text: str, start: int, end: int) -> bool:
    """"Jurafsky & Martin (2009)", "(Smit & Kuipers, 2018)", "Bos et al.": authors, not organisations."""
    after = text[end:end + 20]
    return bool(_CITATION_AFTER.match(after)) or (
        bool(_CITATION_BEFORE.search(text[max(0, start - 3):start])) and bool(re.match(r"^,\s*\d{4}", after))
    )


def _joined_name_is_organisation(name: str, text: str, start: int, end: int) -> bool:
    """Capitalised names joined by "&" ("Vondel & Nassau") name a firm, unless the form says otherwise.

    Not: a citation ("Jurafsky & Martin, 2009"), two persons ("Eva Kramer & Tom de Wit": each side
    a first name and a surname), or a heading of dictionary words ("Werving & Selectie").
    """
    if _is_citation(text, start, end):
        return False
    left, _, right = name.partition(" & ")
    if re.fullmatch(r"[A-Z]{1,4}", left.split()[-1]) and re.match(r"[A-Z]{1,4}(?:-|$)", right.split()[0]):
        return False  # "LVB & GGZ(-problematiek)", "JB & JR": abbreviations of fields, not a firm
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    alone = not text[line_start:start].strip() and not text[end:line_end if line_end >= 0 else len(text)].strip()
    words = [word for word in re.findall(r"[\w-]+", name) if word[:1].isupper()]
    if alone and any(_is_common_word(word) for word in words):
        return False  # a heading of its own: "Planning & Control", "Werving & Selectie"
    surname = re.match(rf"{_SPACE}(?:(?:van|de|der|den|ter|ten|te){_SPACE})+[{_UPPER}]", text[end:end + 30])
    right_words = len(right.split()) + (1 if surname else 0)
    if len(left.split()) >= 2 and right_words >= 2 and not any(
        word[:1].islower() and word not in ("van", "de", "der", "den", "ter", "ten") for word in name.split()
    ):
        return False  # "Eva Kramer & Tom de Wit"
    return not all(_is_common_word(word) for word in words)


def _candidates(text: str, rules: _Rules) -> Iterator[_Found]:
    for match in rules.region_pattern.finditer(text):
        name = _trim_name(match.group(2))
        if not _is_excluded(name, rules) and name.split()[0].lower() not in FUNCTION_WORDS:
            start, prefix = match.start(), match.group(1)
            window = max(0, start - 60)
            preceding = _NAME_BEFORE.search(text[window:start])
            if prefix in ("Universiteit", "Hogeschool") and preceding \
                    and not _sentence_start(text, window + preceding.start()):
                start, prefix = window + preceding.start(), f"{preceding.group(1)} {prefix}"  # "Vrije Universiteit"
            yield _Found(start, match.end(), f"{prefix} {name}")
    for match in rules.known_pattern.finditer(text):
        yield _Found(match.start(), match.end(), rules.known[match.group(1)])
    for match in rules.ministry_pattern.finditer(text):
        short = rules.ministries.get(match.group(1))
        yield _Found(match.start(), match.end(), f"ministerie van {short or _trim_name(match.group(1))}")
    for match in rules.standalone_ministry_pattern.finditer(text):
        before = text[max(0, match.start() - 40):match.start()].lower()
        if not re.search(r"(minister|staatssecretaris|ministerie)s?\s+van\s+(het\s+|de\s+)?$", before):
            yield _Found(match.start(), match.end(), f"ministerie van {rules.ministries[match.group(1)]}")
    for match in rules.council_pattern.finditer(text):
        place = _place_name(match.group(1), rules)
        if place:
            yield _Found(match.start(), match.end(), f"gemeente {place}")
    for match in rules.head_pattern.finditer(text):
        place = _place_name(match.group(3), rules)
        head = match.group(1).lower()
        if match.group(2) and head not in ("hoogheemraadschap", "waterschap"):
            continue  # only water boards are named "van X"; "de provincie van ..." is a description
        if place:  # "hoogheemraadschap van Rijnland" keeps its "van"
            of = "van " if match.group(2) else ""
            yield _Found(match.start(), match.end(), f"{match.group(1).lower()} {of}{place}")
    for match in rules.prefix_form_pattern.finditer(text):
        name = " ".join(_cut_location(match.group(2).split(), keep=1))
        if _is_excluded(name, rules):
            continue
        form = match.group(1)
        suffix = f" {match.group(3)}" if match.group(3) else ""
        yield _Found(match.start(), match.end(), f"{form[:1].upper()}{form[1:]} {name}{suffix}")
    for match in rules.suffix_form_pattern.finditer(text):
        name = _trim_name(match.group(1))
        if not _is_excluded(name, rules):
            yield _Found(match.start(), match.end(), f"{name} {match.group(2)}")
    for match in rules.type_pattern.finditer(text):
        kind = match.group(1)
        if kind[:1].isupper() and match.start() > 0 and not _sentence_start(text, match.start()):
            continue  # "Zorggroep Noorderbreedte" mid-sentence is a name of its own (rule 7)
        name = match.group(2)
        if not name.startswith(("De ", "Het ")):  # "huurdersvereniging De Eendracht" keeps its article
            name = _trim_name(name)
        name = name.rstrip(".") if not re.search(r"[A-Z]\.[A-Z]\.$", name) else name
        common = all(_is_common_word(word) for word in name.split() if word[:1].isupper())
        if common and (" " not in name or kind.lower() in _GENERIC_TYPES):
            continue  # "de aanbieder Begindatum", "als aanbieder Proces Voorwaarden": capitalised words
        if not _is_excluded(name, rules):
            yield _Found(match.start(2), match.end(), name)
    for match in rules.name_pattern.finditer(text):
        name = _trim_name(match.group())
        words = name.split()
        if _is_excluded(name, rules) or _after_person_title(text, match.start(), rules):
            continue
        if "&" in words and words.index("&") > 0:
            if _joined_name_is_organisation(name, text, match.start(), match.end()):
                yield _Found(match.start(), match.end(), name)
        elif len(words) >= 2 and any(_marks_organisation(word, rules) for word in words) \
                and not _is_citation(text, match.start(), match.end()):
            yield _Found(match.start(), match.end(), name)


_NAME_BEFORE = re.compile(rf"([{_UPPER}][\w’'-]+){_SPACE}$")


def _marks_organisation(word: str, rules: _Rules) -> bool:
    lowered = word.lower().rstrip("0123456789")
    if lowered in rules.not_name_words:
        return False  # "Treebank", "Kennisbank": collections, not banks
    return word in rules.name_words or any(
        lowered.endswith(suffix) and len(lowered) > len(suffix) + 2 for suffix in rules.name_suffixes
    )


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t\u00a0\"'“‘(")
    return not before or before[-1] in ".!?:;\n•-–"


_BRACKETED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,7})\)")


def find_organisations(text: str) -> list[str]:
    """Organisations named in ``text``, normalised, in order of first mention, without repeats."""
    rules = _rules()
    accepted: list[_Found] = []
    for found in _candidates(text, rules):
        if any(found.start < other.end and other.start < found.end for other in accepted):
            continue
        accepted.append(found)
    aliases: dict[str, str] = {}
    for found in accepted:
        definition = _BRACKETED_ACRONYM.match(text, found.end)
        if definition and definition.group(1) not in rules.not_organisations:
            aliases[definition.group(1)] = found.name
    if aliases:
        pattern = re.compile(r"(?<![\w-])(" + _alternation(list(aliases)) + r")(?![\w-])")
        for match in pattern.finditer(text):
            if not any(match.start() < other.end and other.start < match.end() for other in accepted):
                accepted.append(_Found(match.start(), match.end(), aliases[match.group(1)]))
    names: list[str] = []
    for found in sorted(accepted, key=lambda item: item.start):
        if found.name not in names:
            names.append(found.name)
    return names


def organisations_in(text: str) -> tuple[str, ...]:
    """The organisations one passage (or sentence) names itself, in order of first mention.

    Use this, not the document's list, wherever an organisation is credited per passage (theme
    organisation sets, organisation filters on passages): an organisation named once in a long document
    is not an actor of every passage in it.
    """
    return tuple(find_organisations(text))


# "De Staatssecretaris van Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer" (a signature, the
# enacting formula of a regulation, its title "Regeling van de Minister van …"): the office that speaks.
_OFFICE = re.compile(rf"\b(Minister|Staatssecretaris|minister|staatssecretaris){_SPACE}(?:van|voor){_SPACE}"
                     rf"(?:(?:het|de){_SPACE})?")


def ministry_short(name: str) -> str | None:
    """ "Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer …" (a ministry's name at the start of
    ``name``) → "VROM"; None when ``name`` opens with no ministry the word list knows."""
    rules = _rules()
    for variant in sorted(rules.ministries, key=len, reverse=True):
        if re.match(rf"{re.escape(variant)}(?![\w&-])", name):
            return rules.ministries[variant]
    return None


def office_at(text: str, position: int = 0) -> str | None:
    """The office named at ``position``: "De Minister van Volksgezondheid, Welzijn en Sport" →
    "Minister van VWS" (the ministry's short name from the word list; None for an unknown ministry)."""
    match = _OFFICE.match(text, position)
    if match is None:
        return None
    short = ministry_short(text[match.end():match.end() + 120])
    return f"{match.group(1).capitalize()} van {short}" if short else None


def offices_in(text: str) -> list[str]:
    """Every office of a known ministry the text names, in order: "Minister van VWS", "Staatssecretaris van …"."""
    return [office for match in _OFFICE.finditer(text) if (office := office_at(text, match.start()))]
