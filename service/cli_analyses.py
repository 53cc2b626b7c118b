"""CLI commands ``commitments`` and ``tensions`` (and ``tension-pairs``).

Registered by ``register_analyses_commands(app)`` in service/cli.py. The tables are brought up to date after
every ingest by ``service.views.update_after_ingest`` (only new or changed documents are analysed).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from service.cli_output import JsonOption, print_json, services_of
from service.cli_output import out as _out

_PageOption = Annotated[int, typer.Option(min=1)]
_SizeOption = Annotated[int, typer.Option(min=1, max=100)]


def register_analyses_commands(app: typer.Typer) -> None:
    """Add ``commitments``, ``tensions`` and ``tension-pairs``; safe to call twice."""
    if any((info.name or getattr(info.callback, "__name__", "")) == "commitments" for info in app.registered_commands):
        return

    @app.command()
    def commitments(
        ctx: typer.Context,
        actor: Annotated[str | None, typer.Option(help="part of an actor's name")] = None,
        theme: Annotated[str | None, typer.Option(help="a theme id")] = None,
        doc: Annotated[str | None, typer.Option("--doc", help="a document id")] = None,
        strength: Annotated[str | None, typer.Option(help="binding | intention | aspiration")] = None,
        page: _PageOption = 1,
        size: _SizeOption = 20,
        json_output: JsonOption = False,
    ) -> None:
        """Who promised what by when: commitments with actors, deadline and strength, each with its sentence."""
        from models.analysis_store import CommitmentFilters
        from service.api_analyses import commitments_page

        filters = CommitmentFilters(actor=actor, theme=theme, doc_id=doc, strength=strength)
        result = commitments_page(services_of(ctx), filters, page=page, size=size)
        if json_output:
            print_json(result)
            return
        if not result.items:
            _out.print("No commitments found.")
        for item in result.items:
            deadline = f" · deadline {item.deadline} ({escape(item.deadline_text or '')})" if item.deadline else ""
            negated = " · [red]negated[/red]" if item.negated else ""
            _out.print(f"[bold]{escape(', '.join(item.actors))}[/bold] — {item.strength} "
                       f"([italic]{escape(item.modality)}[/italic]){deadline}{negated}")
            _out.print(f"   {escape(item.sentence)}")
            _out.print(f"   [dim]{escape(item.source)} · {item.passage_id}[/dim]\n")
        _out.print(f"[dim]{len(result.items)} of {result.total} (page {result.page})[/dim]")

    @app.command()
    def tensions(
        ctx: typer.Context,
        party: Annotated[str | None, typer.Option(help="part of a party's name")] = None,
        theme: Annotated[str | None, typer.Option(help="a theme id")] = None,
        doc: Annotated[str | None, typer.Option("--doc", help="a document id")] = None,
        kind: Annotated[str | None, typer.Option(help="stated | between")] = None,
        page: _PageOption = 1,
        size: _SizeOption = 20,
        json_output: JsonOption = False,
    ) -> None:
        """Conflicting interests: tensions the texts name, and diverging positions between documents."""
        from models.analysis_store import TensionFilters
        from service.api_analyses import tensions_page

        filters = TensionFilters(party=party, theme=theme, doc_id=doc, kind=kind)
        result = tensions_page(services_of(ctx), filters, page=page, size=size)
        if json_output:
            print_json(result)
            return
        if not result.items:
            _out.print("No tensions found.")
        for item in result.items:
            _out.print(f"[bold]{item.kind}[/bold] · {escape(', '.join(item.parties) or '(no party named)')}")
            _out.print(f"   issue: {escape(item.issue)}")
            _out.print(f"   [dim]{escape(item.explanation)}[/dim]")
            for passage in item.passages:
                _out.print(f"   » {escape(passage.text)}  [dim]{passage.passage_id}[/dim]")
            _out.print("")
        _out.print(f"[dim]{len(result.items)} of {result.total} (page {result.page})[/dim]")

    @app.command("tension-pairs")
    def tension_pairs(
        ctx: typer.Context,
        party: Annotated[str | None, typer.Option(help="part of a party's name")] = None,
        kind: Annotated[str | None, typer.Option(help="stated | between")] = None,
        page: _PageOption = 1,
        size: _SizeOption = 20,
        json_output: JsonOption = False,
    ) -> None:
        """Which relations carry most tension: the number of tensions per pair of parties."""
        from models.analysis_store import TensionFilters
        from service.api_analyses import tension_pairs_page

        result = tension_pairs_page(services_of(ctx), TensionFilters(party=party, kind=kind), page=page, size=size)
        if json_output:
            print_json(result)
            return
        for item in result.items:
            _out.print(f"{item.count:3d}  {escape(' ↔ '.join(item.parties))}")
