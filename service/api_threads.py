"""``POST /threads`` (a draft in, its common threads out), ``GET /threads/{id}`` and the memo download."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from service.context import Services
from service.schemas import ErrorDetail
from service.schemas_threads import ThreadsApiRequest, ThreadsResult
from service.views_threads import check_draft, memo_file, stored_threads, threads_result

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail}, 404: {"model": ErrorDetail}, 422: {"model": ErrorDetail}
}


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


_ServicesDep = Annotated[Services, Depends(_services)]


def threads_router() -> APIRouter:
    router = APIRouter(tags=["threads"])

    @router.post("/threads", response_model=ThreadsResult, responses=_ERRORS)
    def create_threads(svc: _ServicesDep, request: ThreadsApiRequest) -> ThreadsResult:
        """The common threads of a draft proposition: themes it touches with supporting passages from other
        documents, relevant commitments and tensions, and the draft sentences nothing supports (gaps).
        The result is stored (the newest 200 are kept); fetch it again at ``GET /threads/{id}``. Needs the
        API key when one is set."""
        check_draft(svc, request.text)
        return threads_result(svc, request)

    @router.get("/threads/{threads_id}", response_model=ThreadsResult, responses=_ERRORS)
    def get_threads(svc: _ServicesDep, threads_id: str) -> ThreadsResult:
        return stored_threads(svc, threads_id)

    @router.get(
        "/threads/{threads_id}/memo", responses={**_ERRORS, 200: {"content": {
            "text/markdown": {}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}}},
    )
    def get_memo(
        svc: _ServicesDep, threads_id: str,
        format: Annotated[Literal["md", "docx"], Query(description="md (Markdown) or docx (Word)")] = "md",
    ) -> Response:
        """The stored result as a Dutch "rode-draadnotitie" (or English, as asked in the request)."""
        memo = memo_file(stored_threads(svc, threads_id), format)
        return Response(content=memo.content, media_type=memo.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{memo.filename}"'})

    return router
