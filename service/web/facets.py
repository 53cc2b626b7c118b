"""Store look-ups the pages need beside the answers: filter choices (kinds, sources, organisations, years)
and document titles for citations."""

from __future__ import annotations

from dataclasses import dataclass

from models.theme_store import load_themes
from rodedraad.errors import NotFound
from rodedraad.records import DOCUMENT_KINDS
from service.api_themes import current_themes
from service.context import Services
from service.schemas_themes import ThemeRef

# a datalist longer than this helps nobody; typing part of a name still filters (the store matches substrings)
MAX_CHOICES = 300


@dataclass(frozen=True)
class Choice:
    value: str
    count: int


@dataclass(frozen=True)
class DocumentFacets:
    kinds: tuple[str, ...]
    sources: tuple[Choice, ...]
    organisations: tuple[Choice, ...]
    years: tuple[Choice, ...]


def document_facets(services: Services) -> DocumentFacets:
    store = services.store
    return DocumentFacets(
        kinds=DOCUMENT_KINDS,
        sources=tuple(Choice(name, n) for name, n in store.document_sources(MAX_CHOICES)),
        organisations=tuple(Choice(name, n) for name, n in store.organisations()[:MAX_CHOICES]),
        years=tuple(Choice(year, n) for year, n in store.document_years()),
    )


def document_titles(services: Services, doc_ids: set[str]) -> dict[str, str]:
    """Titles for the documents a page cites (a page cites few: one look-up each); the id when one is gone."""
    titles: dict[str, str] = {}
    for doc_id in doc_ids:
        try:
            titles[doc_id] = services.store.document(doc_id).title
        except NotFound:  # removed since the analysis ran
            titles[doc_id] = doc_id
    return titles


def theme_choices(services: Services, *, refresh: bool = True) -> list[ThemeRef]:
    """Every theme's id and label, largest first (one row per theme: no members read). ``refresh`` first
    builds missing themes or assigns new passages; without it, what is stored (maybe nothing) is used."""
    if refresh:
        current_themes(services)
    return [ThemeRef(id=theme.id, label=theme.label) for theme in load_themes(services.store)]
