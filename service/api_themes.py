"""Themes over HTTP, and the answers the CLI shares with it (so ``--json`` prints the same JSON).

Register with ``register_theme_routes(app)`` in service/api.py. Reading themes makes them current
first: built on first use, and passages ingested since (CLI ``ingest`` or ``POST /documents``) are
assigned to the existing themes without renumbering (models.themes.assign_new_passages).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from models.theme_map import map_points, render_map_html, render_map_png
from models.theme_store import load_theme, theme_members, theme_spreads
from models.theme_summary import DEFAULT_SENTENCES, MAX_SENTENCES
from models.themes import (
    MatrixAxis,
    ensure_themes,
    explain_passage_theme,
    get_theme,
    list_themes,
    theme_matrix,
    theme_timeline,
)
from rodedraad.errors import InvalidRequest, NotFound
from service.context import Services
from service.schemas import ErrorDetail, Page
from service.schemas_themes import (
    ContributionItem,
    MatrixRow,
    PassageTheme,
    ThemeDetail,
    ThemeItem,
    ThemeMatrix,
    ThemePassageItem,
    ThemeRef,
    ThemeSummary,
    TimelinePoint,
)
from service.views import MAX_PAGE, spreadsheet_cell, spreadsheet_csv

MAX_PAGE_SIZE = 100
_ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorDetail}, 404: {"model": ErrorDetail}}


def current_themes(services: Services, *, rebuild: bool = False) -> None:
    """Build themes when missing (or asked), else assign newly ingested passages (a running worker process
    does that after it has embedded them: then only a missing or asked-for build happens here)."""
    from models.theme_store import theme_state
    from models.work_queue import worker_alive

    if not rebuild and worker_alive(services.store) and theme_state(services.store) is not None:
        return
    with services.write_lock:
        ensure_themes(services.store, lambda: services.embedder, services.nlp, rebuild=rebuild)


ThemeLevel = Literal["top", "all"]


def themes_page(services: Services, *, page: int = 1, size: int = 50, rebuild: bool = False,
                level: ThemeLevel = "top", parent: str | None = None) -> Page[ThemeItem]:
    """Top-level themes (each listing its sub-themes); ``level="all"``: every theme followed by its
    sub-themes; ``parent``: the sub-themes of that theme."""
    if not 1 <= page <= MAX_PAGE or not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidRequest(f"page must be between 1 and {MAX_PAGE} and size between 1 and {MAX_PAGE_SIZE}, "
                             f"got {page}/{size}")
    current_themes(services, rebuild=rebuild)
    if parent is not None:
        load_theme(services.store, parent)  # NotFound with a clear message
        themes = [t for t in list_themes(services.store, subthemes=True) if t.parent_id == parent]
    else:
        themes = list_themes(services.store, subthemes=level == "all")
    spreads = theme_spreads(services.store)
    items = [ThemeItem.from_record(t, spreads.get(t.id)) for t in themes[(page - 1) * size: page * size]]
    return Page[ThemeItem](items=items, total=len(themes), page=page, size=size)


def _theme(services: Services, theme_id: str, sentences: int = DEFAULT_SENTENCES) -> ThemeItem:
    if not 1 <= sentences <= MAX_SENTENCES:
        raise InvalidRequest(f"sentences must be between 1 and {MAX_SENTENCES}, got {sentences}")
    current_themes(services)
    theme = get_theme(services.store, theme_id, summary_sentences=sentences)  # NotFound with a clear message
    return ThemeItem.from_record(theme, theme_spreads(services.store).get(theme_id))


def theme_detail(services: Services, theme_id: str, *, sentences: int = DEFAULT_SENTENCES) -> ThemeDetail:
    item = _theme(services, theme_id, sentences)
    store = services.store
    spread = theme_spreads(store).get(theme_id)
    members = theme_members(store, theme_id)[:20]
    texts = {}
    for member in members:
        rowid = store.rowid_of_passage(member.passage_id)
        texts[member.passage_id] = store.passages_by_rowid([rowid])[rowid].passage
    return ThemeDetail(
        **item.model_dump(),
        documents=[ContributionItem.from_record(c) for c in (spread.documents if spread else ())],
        by_source=[ContributionItem.from_record(c) for c in (spread.by_source if spread else ())],
        by_organisation=[ContributionItem.from_record(c) for c in (spread.by_organisation if spread else ())],
        passages=[ThemePassageItem(passage_id=m.passage_id, doc_id=texts[m.passage_id].doc_id,
                                   similarity=round(m.similarity, 4), text=texts[m.passage_id].text)
                  for m in members],
        timeline=[TimelinePoint(period=year, passages=n) for year, n in theme_timeline(store, theme_id)],
    )


def theme_summary(services: Services, theme_id: str, *, sentences: int = DEFAULT_SENTENCES) -> ThemeSummary:
    item = _theme(services, theme_id, sentences)
    return ThemeSummary(items=item.summary, total=len(item.summary), page=1,
                        size=sentences, id=item.id, label=item.label)


def matrix(services: Services, by: MatrixAxis = "document") -> ThemeMatrix:
    current_themes(services)
    themes = list_themes(services.store)
    rows = theme_matrix(services.store, by)
    return ThemeMatrix(by=by, themes=[ThemeRef(id=t.id, label=t.label) for t in themes],
                       rows=[MatrixRow(id=r.id, name=r.name, counts=r.counts) for r in rows])


def matrix_csv(result: ThemeMatrix, *, excel: bool = False) -> str:
    """The matrix as CSV, formulas neutralised; ``excel``: ``;`` separated with a UTF-8 BOM (Dutch Excel),
    else plain comma-separated text (the CLI prints it)."""
    header: list[object] = [result.by, "name", *[f"{t.label} ({t.id})" for t in result.themes]]
    rows: list[list[object]] = [[row.id, row.name, *[row.counts.get(t.id, 0) for t in result.themes]]
                                for row in result.rows]
    if excel:
        return "".join(spreadsheet_csv(header, rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [header, *rows]:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return buffer.getvalue()


def passage_theme(services: Services, passage_id: str) -> PassageTheme:
    current_themes(services)
    return PassageTheme.from_record(explain_passage_theme(services.store, services.nlp, passage_id))


def timelines(services: Services) -> dict[str, dict[str, int]]:
    """theme label → year → passages, for the map's time panel."""
    return {t.label: dict(theme_timeline(services.store, t.id)) for t in list_themes(services.store)
            if theme_timeline(services.store, t.id)}


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def map_policy(page: str) -> str:
    """The map page's CSP: the site's own policy, plus exactly the inline scripts this page holds (by hash)
    and inline styles (the plot's layout); still nothing from elsewhere, framed only by this site's theme page."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
        for script in _INLINE_SCRIPT.findall(page))
    return (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'self'")


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


_ServicesDep = Annotated[Services, Depends(_services)]


def register_theme_routes(app: FastAPI) -> None:
    router = APIRouter(tags=["themes"])

    @router.get("/themes", response_model=Page[ThemeItem], responses=_ERRORS)
    def get_themes(
        svc: _ServicesDep,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
        size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
        level: Annotated[ThemeLevel, Query(description="top: top-level themes (default); all: each theme "
                                           "followed by its sub-themes")] = "top",
        parent: Annotated[str | None, Query(description="only the sub-themes of this theme")] = None,
    ) -> Page[ThemeItem]:
        return themes_page(svc, page=page, size=size, level=level, parent=parent)

    @router.get("/themes/matrix", response_model=ThemeMatrix, responses=_ERRORS)
    def get_matrix(
        svc: _ServicesDep,
        by: MatrixAxis = "document",
        format: Literal["json", "csv"] = "json",
    ) -> ThemeMatrix | Response:
        result = matrix(svc, by)
        if format == "csv":
            return Response(matrix_csv(result, excel=True), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="themes-by-{by}.csv"'})
        return result

    @router.get("/themes/map", response_class=HTMLResponse, responses=_ERRORS)
    def get_map(svc: _ServicesDep, format: Literal["html", "png"] = "html") -> Response:
        current_themes(svc)
        points = map_points(svc.store)
        if not points:
            raise NotFound("there are no themes to map yet; ingest documents first")
        if format == "png":
            return Response(render_map_png(points, timelines(svc)), media_type="image/png")
        page = render_map_html(points)
        framing = {"Content-Security-Policy": map_policy(page), "X-Frame-Options": "SAMEORIGIN"}
        return HTMLResponse(page, headers=framing)

    @router.get("/themes/{theme_id}", response_model=ThemeDetail, responses=_ERRORS)
    def get_theme(svc: _ServicesDep, theme_id: str) -> ThemeDetail:
        return theme_detail(svc, theme_id)

    @router.get("/themes/{theme_id}/summary", response_model=ThemeSummary, responses=_ERRORS)
    def get_summary(
        svc: _ServicesDep, theme_id: str,
        sentences: Annotated[int, Query(ge=1, le=MAX_SENTENCES)] = DEFAULT_SENTENCES,
    ) -> ThemeSummary:
        return theme_summary(svc, theme_id, sentences=sentences)

    @router.get("/passages/{passage_id}/theme", response_model=PassageTheme, responses=_ERRORS)
    def get_passage_theme(svc: _ServicesDep, passage_id: str) -> PassageTheme:
        return passage_theme(svc, passage_id)

    app.include_router(router)


