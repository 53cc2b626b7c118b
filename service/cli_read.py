"""``rodedraad read FILE``: what the readers make of one file, without storing or embedding anything.

Users call it to see why a document reads the way it does (titles, pages, speakers, passages); checks call
it with ``--json`` to compare the reader's output with a reference. Organisations are found the way ingest
finds them (the Dutch NLP layer, no embedder), so the output is what a store would hold.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from service.cli_output import JsonOption, out, print_json, services_of


def register_read_command(app: typer.Typer) -> None:
    @app.command()
    def read(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="one file (pdf, docx, html, txt, md, xml)")],
        json_output: JsonOption = False,
        text: Annotated[bool, typer.Option("--text", help="print each passage's whole text")] = False,
    ) -> None:
        """Show the documents and passages a file yields (titles, pages, speakers), storing nothing."""
        from ingest.pipeline import parse_file
        from models.indexer import with_organisations
        from service.schemas_read import read_result

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
