"""Afspraken and Spanningen: filterable, sortable, paginated tables, each also downloadable as CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from models.analysis_store import COMMITMENT_ORDERS, STRENGTHS, TENSION_ORDERS, CommitmentFilters, TensionFilters
from service.api_analyses import MAX_PAGE_SIZE, commitments_page, tension_pairs_page, tensions_page
from service.schemas import Page
from service.schemas_analyses import CommitmentItem, TensionItem
from service.views import spreadsheet_csv
from service.web import labels
from service.web.facets import document_facets, document_titles, theme_choices
from service.web.rendering import ServicesDep, WebRoute, blank_to_none, page_count, page_number, render

ROWS_PER_PAGE = 25
PAIRS_SHOWN = 8
Item = TypeVar("Item", bound=BaseModel)


def analysis_pages() -> APIRouter:
    router = APIRouter(route_class=WebRoute, include_in_schema=False)

    @router.get("/afspraken")
    def commitments(
        request: Request,
        svc: ServicesDep,
        actor: str | None = None,
        sterkte: str | None = None,
        thema: str | None = None,
        document: str | None = None,
        sorteer: str = "document",
        pagina: str | None = None,
        formaat: str = "html",
    ) -> Response:
        filters = CommitmentFilters(actor=blank_to_none(actor), strength=blank_to_none(sterkte),
                                    theme=blank_to_none(thema), doc_id=blank_to_none(document))
        order = sorteer if sorteer in COMMITMENT_ORDERS else "document"
        if formaat == "csv":
            pages = _all_pages(lambda page: commitments_page(svc, filters, page=page, size=MAX_PAGE_SIZE, order=order))
            return _csv_response("afspraken.csv", _COMMITMENT_COLUMNS, (_commitment_row(c) for c in pages))
        result = commitments_page(svc, filters, page=page_number(pagina), size=ROWS_PER_PAGE, order=order)
        return render(request, "commitments.html", {
            "active": "afspraken",
            "result": result,
            "pages": page_count(result.total, result.size),
            "filters": filters,
            "order": order,
            "orders": labels.COMMITMENT_SORT_LABELS,
            "strengths": STRENGTHS,
            "themes": theme_choices(svc),
            "facets": document_facets(svc),
        })

    @router.get("/spanningen")
    def tensions(
        request: Request,
        svc: ServicesDep,
        partij: str | None = None,
        soort: str | None = None,
        thema: str | None = None,
        document: str | None = None,
        sorteer: str = "kind",
        pagina: str | None = None,
        formaat: str = "html",
    ) -> Response:
        filters = TensionFilters(party=blank_to_none(partij), kind=blank_to_none(soort), theme=blank_to_none(thema),
                                 doc_id=blank_to_none(document))
        order = sorteer if sorteer in TENSION_ORDERS else "kind"
        if formaat == "csv":
            pages = _all_pages(lambda page: tensions_page(svc, filters, page=page, size=MAX_PAGE_SIZE, order=order))
            return _csv_response("spanningen.csv", _TENSION_COLUMNS, (_tension_row(t) for t in pages))
        result = tensions_page(svc, filters, page=page_number(pagina), size=ROWS_PER_PAGE, order=order)
        cited = {passage.doc_id for item in result.items for passage in item.passages}
        return render(request, "tensions.html", {
            "titles": document_titles(svc, cited),
            "active": "spanningen",
            "result": result,
            "pages": page_count(result.total, result.size),
            "filters": filters,
            "order": order,
            "orders": labels.TENSION_SORT_LABELS,
            "pairs": tension_pairs_page(svc, filters, size=PAIRS_SHOWN),
            "themes": theme_choices(svc),
            "facets": document_facets(svc),
        })

    return router


def _all_pages(fetch: Callable[[int], Page[Item]]) -> Iterator[Item]:
    """Every item of a paged answer, one page at a time (a CSV export never holds the whole list).

    The first page is asked for at once, so a bad filter still becomes an error page, not a broken download.
    """
    first = fetch(1)

    def items() -> Iterator[Item]:
        result, page = first, 1
        while True:
            yield from result.items
            if page * result.size >= result.total or not result.items:
                return
            page += 1
            result = fetch(page)

    return items()


_COMMITMENT_COLUMNS = ("actoren", "afspraak", "actie", "modaliteit", "sterkte", "termijn", "termijn_tekst",
                       "ontkend", "document", "bron", "pagina", "doc_id", "passage_id", "id")
_TENSION_COLUMNS = ("soort", "kwestie", "partijen", "uitleg", "passages", "doc_ids", "passage_ids", "id")


def _commitment_row(item: CommitmentItem) -> Sequence[object]:
    return ("; ".join(item.actors), item.sentence, item.action, labels.label(labels.MODALITY_LABELS, item.modality),
            labels.label(labels.STRENGTH_LABELS, item.strength), item.deadline or "", item.deadline_text or "",
            "ja" if item.negated else "nee", item.title, item.source, item.page or "", item.doc_id,
            item.passage_id, item.id)


def _tension_row(item: TensionItem) -> Sequence[object]:
    return (labels.label(labels.TENSION_KIND_LABELS, item.kind), item.issue, "; ".join(item.parties),
            item.explanation, " | ".join(p.text for p in item.passages), "; ".join(p.doc_id for p in item.passages),
            "; ".join(p.passage_id for p in item.passages), item.id)


def _csv_response(filename: str, header: Sequence[str], rows: Iterator[Sequence[object]]) -> Response:
    """A download that opens right in Dutch Excel (``;``, UTF-8 BOM) and runs no formula from a cell."""
    return StreamingResponse(spreadsheet_csv(header, rows), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})
