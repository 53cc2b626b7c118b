"""Rode draad: paste a draft proposition, see its common threads, download the memo (Markdown or DOCX).

Computing is a POST that redirects to the stored result (``/rode-draad/{id}``), so a result has an address
that can be shared and reloaded without computing again. The memo buttons link to the API's own download
(``GET /threads/{id}/memo?format=md|docx``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from models.store import DocumentFilters
from rodedraad.errors import InvalidRequest
from service.api_errors import validation_detail
from service.schemas_threads import MAX_DRAFT_CHARS, MAX_DRAFT_SENTENCES, ThreadsApiRequest
from service.views_threads import stored_threads, threads_result
from service.web.facets import document_facets
from service.web.rendering import ServicesDep, WebRoute, render


def threads_pages() -> APIRouter:
    router = APIRouter(route_class=WebRoute, include_in_schema=False)

    @router.get("/rode-draad")
    def form(request: Request, svc: ServicesDep) -> Response:
        return render(request, "threads.html", {
            "active": "rode-draad", "facets": document_facets(svc), "filters": DocumentFilters(), "text": "",
            "top_themes": 5, "chosen_kinds": [], "chosen_organisations": [],
            "max_chars": MAX_DRAFT_CHARS, "max_sentences": MAX_DRAFT_SENTENCES,
        })

    @router.post("/rode-draad")
    def compute(
        svc: ServicesDep,
        tekst: Annotated[str, Form()],
        soorten: Annotated[list[str] | None, Form()] = None,
        organisaties: Annotated[list[str] | None, Form()] = None,
        aantal_themas: Annotated[int, Form(ge=1, le=20)] = 5,
    ) -> Response:
        if not tekst.strip():
            raise InvalidRequest("plak eerst de tekst van een conceptvoorstel")
        if len(tekst) > MAX_DRAFT_CHARS:
            limit = f"{MAX_DRAFT_CHARS:,}".replace(",", ".")
            raise InvalidRequest(f"het voorstel is langer dan {limit} tekens; kort het in")
        sentences = len(svc.nlp.sentences(tekst))
        if sentences > MAX_DRAFT_SENTENCES:
            raise InvalidRequest(f"het voorstel heeft {sentences} zinnen; hoogstens {MAX_DRAFT_SENTENCES} gaan in één "
                                 "keer (ongeveer tien seconden rekenen): kort het in of splits het")
        try:
            request = ThreadsApiRequest.model_validate({
                "text": tekst, "kinds": [k for k in soorten or [] if k],
                "organisations": [o for o in organisaties or [] if o], "top_themes": aantal_themas, "language": "nl",
            })
        except ValidationError as exc:
            raise InvalidRequest(f"ongeldige invoer: {validation_detail(exc.errors())}") from None
        result = threads_result(svc, request)
        return RedirectResponse(f"/rode-draad/{result.id}", status_code=303)

    @router.get("/rode-draad/{threads_id}")
    def result(request: Request, svc: ServicesDep, threads_id: str) -> Response:
        found = stored_threads(svc, threads_id)
        return render(request, "threads_result.html", {"active": "rode-draad", "result": found})

    return router
