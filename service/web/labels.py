"""The Dutch words the web page shows for the API's codes (document kinds, strengths, search modes…).

User-facing text is data: one table per code, so a wording change touches this file only.
"""

from __future__ import annotations

KIND_LABELS: dict[str, str] = {
    "covenant": "convenant",
    "policy_note": "beleidsstuk",
    "blog": "blog of opinie",
    "other": "overig",
}

MODE_LABELS: dict[str, str] = {
    "hybrid": "hybride",
    "lexical": "trefwoord",
    "semantic": "betekenis",
}
MODE_HINTS: dict[str, str] = {
    "hybrid": "woorden én betekenis; aanbevolen",
    "lexical": "alleen passages met deze woorden",
    "semantic": "ook andere woorden met dezelfde strekking",
}

STRENGTH_LABELS: dict[str, str] = {
    "binding": "bindend",
    "intention": "voornemen",
    "aspiration": "ambitie",
}
STRENGTH_HINTS: dict[str, str] = {
    "binding": "partijen verplichten zich, komen overeen, spreken af of zeggen toe",
    "intention": "partijen zullen of gaan iets doen",
    "aspiration": "partijen streven naar of hebben de ambitie",
}

# the cue of a commitment is mostly the Dutch words themselves; these are the ones the extractor describes
MODALITY_LABELS: dict[str, str] = {
    "present tense with a deadline": "tegenwoordige tijd met een termijn",
    "present tense in a covenant": "tegenwoordige tijd in een convenant",
    "decision point": "beslispunt van een voorstel of besluit",
    "goal": "doel of actiepunt in een opsomming",
}

TENSION_KIND_LABELS: dict[str, str] = {
    "stated": "benoemd in de tekst",
    "between": "tussen documenten",
}

COMMITMENT_SORT_LABELS: dict[str, str] = {
    "document": "document",
    "deadline": "termijn",
    "strength": "sterkte",
    "actor": "actor",
}
TENSION_SORT_LABELS: dict[str, str] = {
    "kind": "soort",
    "parties": "partijen",
    "issue": "kwestie",
}

MATRIX_AXIS_LABELS: dict[str, str] = {
    "organisation": "organisatie",
    "document": "document",
    "source": "bron",
}


def label(table: dict[str, str], code: str | None) -> str:
    """The Dutch word for ``code``, or the code itself when the table does not know it."""
    if code is None:
        return ""
    return table.get(code, code)

# pydantic's error types for a bad form field or query parameter → Dutch ({ge}, {le} come from the rule)
VALIDATION_MESSAGES: dict[str, str] = {
    "missing": "vul dit veld in",
    "string_pattern_mismatch": "heeft niet de goede vorm",
    "int_parsing": "moet een heel getal zijn",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "literal_error": "is geen van de mogelijke keuzes",
}
