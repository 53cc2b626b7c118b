"""The advisers' web page: server-rendered Dutch pages (Jinja2 + a vendored htmx) on the API's own app.

``mount_web(app)`` adds the pages and ``/static``; ``create_app`` calls it, so ``rodedraad serve`` serves
the page at ``/`` and the API beside it (OpenAPI stays at ``/docs``). Pages use Dutch paths (``/themas``,
``/afspraken``…), so they never collide with the API's English ones (``/themes``, ``/commitments``…).
Nothing is loaded from elsewhere: the page works on a closed network.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.web.pages_analyses import analysis_pages
from service.web.pages_documents import document_pages
from service.web.pages_key import key_pages
from service.web.pages_search import search_pages
from service.web.pages_themes import theme_pages
from service.web.pages_threads import threads_pages
from service.web.rendering import STATIC_DIR, build_templates


def mount_web(app: FastAPI) -> None:
    app.state.web_templates = build_templates()
    for router in (search_pages(), document_pages(), theme_pages(), analysis_pages(), threads_pages(), key_pages()):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
