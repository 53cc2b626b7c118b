"""The fixed words of the common-threads memo, one table per language (``ThreadsResult.options.language``).

Everything a reader sees that does not come from the documents or the draft lives here, so a wording
change or a new language touches this file only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MemoText:
    language_tag: str  # BCP 47, for the DOCX spelling checker
    title: str
    # section headings, in memo order (the intro has none: it follows the title)
    themes: str
    commitments: str
    tensions: str
    gaps: str
    sources: str
    # an empty section says so
    no_themes: str
    no_commitments: str
    no_tensions: str
    no_gaps: str
    no_sources: str
    # intro; {draft}, {themes}, … are counted nouns from ``nouns``
    intro: str
    intro_gaps: str
    intro_no_gaps: str
    drawn_up: str
    reference: str
    only_organisations: str
    only_kinds: str
    # themes
    relevance: str
    shared_by: str
    found_at: str
    touches: str
    touches_none: str
    summary: str
    passages: str
    supports_sentences: str
    # commitments and tensions
    deadline: str
    strength: str
    no_deadline: str
    deadline_in_source_words: bool  # "vóór 1 juli 2026" says more than the ISO date; only in the source's language
    negated: str
    parties: str
    # gaps
    nearest: str
    no_nearest: str
    # citations and small words
    sentence: str
    similarity: str
    page: str
    passage: str
    and_word: str
    none: str  # "geen thema's": the count word for zero
    others: str  # the rest of a long list of names, "{n} andere"
    decimal_mark: str
    open_quote: str
    close_quote: str
    months: tuple[str, ...]
    nouns: dict[str, tuple[str, str]]  # key → (singular, plural)
    strengths: dict[str, str]
    tension_kinds: dict[str, str]
    document_kinds: dict[str, str]
    quarters: tuple[str, ...]
    halves: tuple[str, ...]
    duration_units: dict[str, tuple[str, str]]  # ISO 8601 unit letter → (singular, plural)
    within: str


DUTCH = MemoText(
    language_tag="nl-NL",
    title="Rode-draadnotitie",
    themes="Gedeelde thema's",
    commitments="Bestaande afspraken",
    tensions="Spanningen",
    gaps="Niet onderbouwd",
    sources="Bronnen",
    no_themes="Geen gedeelde thema's gevonden die bij dit concept passen.",
    no_commitments="Geen bestaande afspraken gevonden die bij dit concept passen.",
    no_tensions="Geen spanningen gevonden die bij dit concept passen.",
    no_gaps="Elke zin van het concept vindt steun in ten minste één passage uit de documenten.",
    no_sources="Deze notitie haalt geen passages aan.",
    intro="Deze notitie legt een concept van {draft} naast de ingelezen documenten. "
    "Gevonden: {themes}, {commitments} en {tensions}.",
    intro_gaps="Voor {gaps} van het concept is geen onderbouwing gevonden.",
    intro_no_gaps="Elke zin van het concept vindt steun in de documenten.",
    drawn_up="Opgesteld op {date}",
    reference="kenmerk",
    only_organisations="Alleen documenten van {names}.",
    only_kinds="Alleen documenten van het type {names}.",
    relevance="Relevantie",
    shared_by="gedeeld door",
    found_at="alleen bij",
    touches="Raakt aan",
    touches_none="Geen conceptzin raakt dit thema rechtstreeks.",
    summary="Samenvatting",
    passages="Sterkste passages",
    supports_sentences="bij",
    deadline="Termijn",
    strength="Sterkte",
    no_deadline="geen termijn genoemd",
    deadline_in_source_words=True,
    negated="ontkennend",
    parties="Partijen",
    nearest="Dichtstbijzijnde passage",
    no_nearest="Geen passage komt in de buurt.",
    sentence="zin",
    similarity="overeenkomst",
    page="p.",
    passage="passage",
    and_word="en",
    none="geen",
    others="{n} andere",
    decimal_mark=",",
    open_quote="“",
    close_quote="”",
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december"),
    nouns={
        "sentence": ("zin", "zinnen"),
        "theme": ("gedeeld thema", "gedeelde thema's"),
        "commitment": ("bestaande afspraak", "bestaande afspraken"),
        "tension": ("spanning", "spanningen"),
    },
    strengths={"binding": "bindend", "intention": "voornemen", "aspiration": "streven"},
    tension_kinds={"stated": "in de tekst benoemd", "between": "uiteenlopende standpunten"},
    document_kinds={"covenant": "convenant", "policy_note": "beleidsstuk", "blog": "blog", "other": "overig"},
    quarters=("eerste kwartaal", "tweede kwartaal", "derde kwartaal", "vierde kwartaal"),
    halves=("eerste helft", "tweede helft"),
    duration_units={"D": ("dag", "dagen"), "W": ("week", "weken"), "M": ("maand", "maanden"),
                    "Y": ("jaar", "jaar")},
    within="binnen",
)

ENGLISH = MemoText(
    language_tag="en-GB",
    title="Common-threads memo",
    themes="Shared themes",
    commitments="Existing commitments",
    tensions="Tensions",
    gaps="Not supported",
    sources="Sources",
    no_themes="No shared themes found that fit this draft.",
    no_commitments="No existing commitments found that fit this draft.",
    no_tensions="No tensions found that fit this draft.",
    no_gaps="Every sentence of the draft is supported by at least one passage from the documents.",
    no_sources="This memo cites no passages.",
    intro="This memo sets a draft of {draft} against the ingested documents. "
    "Found: {themes}, {commitments} and {tensions}.",
    intro_gaps="No support was found for {gaps} of the draft.",
    intro_no_gaps="Every sentence of the draft is supported by the documents.",
    drawn_up="Drawn up on {date}",
    reference="reference",
    only_organisations="Only documents of {names}.",
    only_kinds="Only documents of type {names}.",
    relevance="Relevance",
    shared_by="shared by",
    found_at="only in",
    touches="Touches",
    touches_none="No draft sentence touches this theme directly.",
    summary="Summary",
    passages="Strongest passages",
    supports_sentences="for",
    deadline="Deadline",
    strength="Strength",
    no_deadline="no deadline given",
    deadline_in_source_words=False,
    negated="negated",
    parties="Parties",
    nearest="Nearest passage",
    no_nearest="No passage comes close.",
    sentence="sentence",
    similarity="similarity",
    page="p.",
    passage="passage",
    and_word="and",
    none="no",
    others="{n} others",
    decimal_mark=".",
    open_quote="“",
    close_quote="”",
    months=("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"),
    nouns={
        "sentence": ("sentence", "sentences"),
        "theme": ("shared theme", "shared themes"),
        "commitment": ("existing commitment", "existing commitments"),
        "tension": ("tension", "tensions"),
    },
    strengths={"binding": "binding", "intention": "intention", "aspiration": "aspiration"},
    tension_kinds={"stated": "named in the text", "between": "diverging positions"},
    document_kinds={"covenant": "covenant", "policy_note": "policy document", "blog": "blog", "other": "other"},
    quarters=("first quarter of", "second quarter of", "third quarter of", "fourth quarter of"),
    halves=("first half of", "second half of"),
    duration_units={"D": ("day", "days"), "W": ("week", "weeks"), "M": ("month", "months"),
                    "Y": ("year", "years")},
    within="within",
)

MEMO_TEXTS: dict[str, MemoText] = {"nl": DUTCH, "en": ENGLISH}
