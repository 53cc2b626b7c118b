"""``rodedraad themes`` and ``rodedraad theme ID`` (register with ``register_theme_commands(app)``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from service.cli_output import err as _err
from service.cli_output import out as _out
from service.cli_output import print_json
from service.limits import DEFAULT_SUMMARY_SENTENCES, MAX_PAGE_SIZE, MAX_SUMMARY_SENTENCES

if TYPE_CHECKING:  # the theme models load scikit-learn: imported by the commands that use them
    from models.themes import MatrixAxis
    from service.context import Services

_JsonOption = Annotated[bool, typer.Option("--json", help="print the API's JSON instead of a table")]


def register_theme_commands(app: typer.Typer) -> None:
    @app.command()
    def themes(
        ctx: typer.Context,
        json_output: _JsonOption = False,
        rebuild: Annotated[bool, typer.Option("--rebuild", help="recluster; matching themes keep their ids")] = False,
        map_file: Annotated[
            Path | None, typer.Option("--map", help="write the theme map (FILE.html + FILE.png)")
        ] = None,
        matrix_by: Annotated[str | None, typer.Option(
            "--matrix", help="print the coverage matrix as CSV: document | source | organisation")] = None,
        page: Annotated[int, typer.Option(min=1)] = 1,
        size: Annotated[int, typer.Option(min=1, max=MAX_PAGE_SIZE)] = 50,
        level: Annotated[str, typer.Option(
            "--level", help="top: top-level themes, each listing its sub-themes; all: sub-themes as items")] = "top",
        parent: Annotated[str | None, typer.Option("--parent", help="only the sub-themes of this theme")] = None,
    ) -> None:
        """Themes of the stored passages: label, size, documents, shared or not, and sub-themes."""
        from models.theme_map import write_theme_map
        from service.api_themes import current_themes, matrix, matrix_csv, themes_page, timelines

        services: Services = ctx.obj
        if rebuild and not json_output:
            with _err.status("rebuilding themes…"):
                current_themes(services, rebuild=True)
        if level not in ("top", "all"):
            raise typer.BadParameter("--level takes top or all")
        result = themes_page(services, page=page, size=size, rebuild=rebuild and json_output,
                             level="all" if level == "all" else "top", parent=parent)
        if matrix_by is not None:
            if matrix_by not in ("document", "source", "organisation"):
                raise typer.BadParameter("--matrix takes document, source or organisation")
            axis: MatrixAxis = matrix_by  # type: ignore[assignment]
            sys.stdout.write(matrix_csv(matrix(services, axis)))
            return
        if map_file is not None:
            written = write_theme_map(services.store, map_file, timelines(services))
            _err.print("theme map written to " + ", ".join(str(p) for p in written))
        if json_output:
            print_json(result)
            return
        if not result.items:
            _out.print("No themes (too few passages, or nothing ingested yet).")
        for item in result.items:
            shared = " · [green]shared[/green]" if item.shared else ""
            indent = "   ↳ " if item.parent_id else ""
            _out.print(f"{indent}[bold]{escape(item.label)}[/bold]  [dim]{item.id} · {item.size} passages · "
                       f"{len(item.doc_ids)} documents[/dim]{shared}")
            _out.print(f"{' ' * len(indent)}   [dim]{escape(', '.join(item.keyphrases))}[/dim]")
            if item.subthemes and level != "all":
                _out.print("   sub-themes: " + "; ".join(f"{escape(sub.label)} [dim]({sub.id}, {sub.size})[/dim]"
                                                       for sub in item.subthemes))
        _out.print(f"[dim]{len(result.items)} of {result.total} themes (page {result.page})[/dim]")

    @app.command()
    def theme(
        ctx: typer.Context,
        theme_id: Annotated[str, typer.Argument(help="a theme id from `rodedraad themes`")],
        sentences: Annotated[int, typer.Option(min=1, max=MAX_SUMMARY_SENTENCES)] = DEFAULT_SUMMARY_SENTENCES,
        json_output: _JsonOption = False,
    ) -> None:
        """One theme with its cited summary, contributors and most central passages."""
        from service.api_themes import theme_detail

        detail = theme_detail(ctx.obj, theme_id, sentences=sentences)
        if json_output:
            print_json(detail)
            return
        _out.print(f"[bold]{escape(detail.label)}[/bold]  [dim]{detail.id} · {detail.size} passages"
                   f"{' · shared' if detail.shared else ''}[/dim]")
        if detail.parent_id:
            _out.print(f"[dim]sub-theme of {detail.parent_id}[/dim]")
        _out.print(f"keyphrases: {escape(', '.join(detail.keyphrases))}\n")
        if detail.subthemes:
            _out.print("[bold]sub-themes[/bold]")
            for sub in detail.subthemes:
                _out.print(f"   {escape(sub.label)} [dim]({sub.id}, {sub.size} passages)[/dim]")
        for sentence in detail.summary:
            _out.print(f" • {escape(sentence.text)} [dim]({sentence.doc_id} / {sentence.passage_id})[/dim]")
        _out.print("\n[bold]contributions[/bold]")
        for contribution in detail.by_source:
            _out.print(f"   {contribution.share:>5.0%}  {escape(contribution.name)}")
        if detail.timeline:
            _out.print("[bold]over time[/bold] " + ", ".join(f"{p.period}: {p.passages}" for p in detail.timeline))

    @app.command("passage-theme")
    def passage_theme_command(
        ctx: typer.Context,
        passage_id: Annotated[str, typer.Argument(help="a passage id (from search results)")],
        json_output: _JsonOption = False,
    ) -> None:
        """Which theme a passage belongs to, and why."""
        from service.api_themes import passage_theme

        result = passage_theme(ctx.obj, passage_id)
        if json_output:
            print_json(result)
            return
        name = f"{result.theme.label} ({result.theme.id})" if result.theme else "no theme"
        _out.print(f"[bold]{escape(name)}[/bold]: {escape(result.reason)}")
        for near in result.nearest:
            _out.print(f"   [dim]{near.similarity:.3f}  {escape(near.label)} ({near.id})[/dim]")
