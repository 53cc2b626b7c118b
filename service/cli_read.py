"""``rodedraad read FILE``: what the readers make of one file, without storing or embedding anything.

Users call it to see why a document reads the way it does (titles, pages, speakers, passages); checks call
it with ``--json`` to compare the reader's output with a reference. Organisations are found the way ingest
finds them (the Dutch NLP layer, no embedder), so the output is what a store would hold.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.markup import escape

from ingest.pipeline import parse_file
from models.indexer import with_organisations
from rodedraad.records import ParsedDocument
from service.cli_output import JsonOption, out, print_json, services_of


class ReadPassage(BaseModel):
    id: str
    ordinal: int
    page: int | None
    start: int
    end: int
    speaker: str | None = None
    text: str


class ReadDocument(BaseModel):
    id: str
    title: str
    kind: str
    source: str
    date: str | None
    organisations: list[str]
    pages: list[int]
    speakers: list[str]
    text: str
    passages: list[ReadPassage]


class ReadResult(BaseModel):
    file: str
    sha256: str
    size: int
    seconds: float
    documents: list[ReadDocument]


def read_result(path: Path, parsed: list[ParsedDocument], sha256: str, size: int, seconds: float) -> ReadResult:
    documents = []
    for item in parsed:
        doc = item.document
        passages = [ReadPassage(**_passage_fields(passage)) for passage in item.passages]
        documents.append(ReadDocument(
            id=doc.id, title=doc.title, kind=doc.kind, source=doc.source, date=doc.date,
            organisations=list(doc.organisations),
            pages=sorted({p.page for p in passages if p.page is not None}),
            speakers=list(dict.fromkeys(p.speaker for p in passages if p.speaker)),
            text=doc.text, passages=passages,
        ))
    return ReadResult(file=str(path), sha256=sha256, size=size, seconds=round(seconds, 4), documents=documents)


def _passage_fields(passage: Any) -> dict[str, Any]:
    fields = dataclasses.asdict(passage)
    fields.pop("doc_id", None)
    return fields


def register_read_command(app: typer.Typer) -> None:
    @app.command()
    def read(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="one file (pdf, docx, html, txt, md, xml)")],
        json_output: JsonOption = False,
        text: Annotated[bool, typer.Option("--text", help="print each passage's whole text")] = False,
    ) -> None:
        """Show the documents and passages a file yields (titles, pages, speakers), storing nothing."""
        services = services_of(ctx)
        started = time.perf_counter()
        source_file, parsed = parse_file(path, max_bytes=services.settings.max_upload_bytes)
        seconds = time.perf_counter() - started
        parsed = [with_organisations(item, services.nlp) for item in parsed]
        result = read_result(path, parsed, source_file.sha256, source_file.size, seconds)
        if json_output:
            print_json(result)
            return
        for doc in result.documents:
            pages = f", pages {doc.pages[0]}–{doc.pages[-1]}" if doc.pages else ""
            out.print(f"[bold]{escape(doc.title)}[/bold]  [dim]{doc.kind}"
                      f"{' · ' + doc.date if doc.date else ''} · {len(doc.passages)} passages{pages}[/dim]")
            if doc.organisations:
                out.print(f"  [dim]organisations: {escape(', '.join(doc.organisations))}[/dim]")
            if doc.speakers:
                out.print(f"  [dim]speakers: {escape(', '.join(doc.speakers))}[/dim]")
            for passage in doc.passages:
                where = f"p. {passage.page}" if passage.page is not None else f"#{passage.ordinal}"
                who = f" · {passage.speaker}" if passage.speaker else ""
                body = passage.text if text else _shortened(passage.text)
                out.print(f"  [dim]{where}{escape(who)}[/dim]  {escape(body)}")
        count = len(result.documents)
        out.print(f"[dim]{count} {'document' if count == 1 else 'documents'} read in {result.seconds:.2f} s[/dim]")


def _shortened(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
