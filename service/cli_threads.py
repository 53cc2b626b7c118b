"""CLI command ``threads FILE|-``: a draft proposition in, its common threads out (text, JSON or a memo)."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape

from rodedraad.errors import InvalidRequest
from service.cli_output import JsonOption, err, print_json, services_of
from service.cli_output import out as _out

if TYPE_CHECKING:
    from service.schemas_threads import ThreadsResult

OutputFormat = Literal["text", "md", "docx"]


def _read_draft(draft: str) -> str:
    if draft == "-":
        return sys.stdin.read()
    path = Path(draft)
    if not path.is_file():
        raise InvalidRequest(f"{draft}: no such file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidRequest(f"{draft}: not UTF-8 text; save the draft as plain text or Markdown") from None


def register_threads_commands(app: typer.Typer) -> None:
    """Add ``threads``; safe to call twice."""
    if any((info.name or getattr(info.callback, "__name__", "")) == "threads" for info in app.registered_commands):
        return

    @app.command()
    def threads(
        ctx: typer.Context,
        draft: Annotated[str, typer.Argument(help="the draft as a text or Markdown file, or - for stdin")],
        organisation: Annotated[list[str] | None, typer.Option(
            "--organisation", help="only documents of this organisation (repeatable)")] = None,
        kind: Annotated[list[str] | None, typer.Option(
            "--kind", help="only documents of this kind: covenant, policy_note, blog, other (repeatable)")] = None,
        top_themes: Annotated[int, typer.Option(min=1, max=20, help="number of themes")] = 5,
        max_commitments: Annotated[int, typer.Option(min=0, max=100, help="number of commitments")] = 20,
        max_tensions: Annotated[int, typer.Option(min=0, max=50, help="number of tensions")] = 10,
        language: Annotated[str, typer.Option(help="language of the memo's headings: nl or en")] = "nl",
        output_format: Annotated[str, typer.Option(
            "--format", help="text (on screen), md (Markdown memo) or docx (Word memo)")] = "text",
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", help="write the memo here (default: stdout for md, rode-draadnotitie-ID.docx)")] = None,
        json_output: JsonOption = False,
    ) -> None:
        """The common threads of a draft: themes it shares with ingested documents, existing commitments,
        tensions to reckon with, and sentences no document supports. Every claim is cited."""
        if output_format not in ("text", "md", "docx"):
            raise InvalidRequest(f"unknown format {output_format!r}; use text, md or docx")
        if language not in ("nl", "en"):
            raise InvalidRequest(f"unknown language {language!r}; use nl or en")
        from service.schemas_threads import ThreadsRequest
        from service.views_threads import memo_file, threads_result

        request = ThreadsRequest(text=_read_draft(draft), organisations=organisation or [], kinds=kind or [],
                                 top_themes=top_themes, max_commitments=max_commitments,
                                 max_tensions=max_tensions, language=language)  # type: ignore[arg-type]
        result = threads_result(services_of(ctx), request)
        if json_output:
            print_json(result)
        elif output_format == "text":
            _print_text(result)
        else:
            memo = memo_file(result, "md" if output_format == "md" else "docx")
            if output is None and output_format == "md":
                sys.stdout.write(memo.content.decode("utf-8"))
            else:
                target = output or Path(memo.filename)
                target.write_bytes(memo.content)
                err.print(f"memo written to {target}")


def _marked(highlight: str) -> str:
    """The API's highlight (escaped HTML with <mark>) as rich markup with the shared words in bold."""
    pieces = re.split(r"(</?mark>)", highlight)
    marked = []
    for piece in pieces:
        if piece == "<mark>":
            marked.append("[bold yellow]")
        elif piece == "</mark>":
            marked.append("[/bold yellow]")
        else:
            marked.append(escape(html.unescape(piece)))
    return " ".join("".join(marked).split())


def _print_text(result: ThreadsResult) -> None:
    supported = sum(1 for s in result.draft.sentences if s.supported)
    _out.print(f"[bold]Common threads[/bold] of {len(result.draft.sentences)} draft sentences "
               f"({supported} supported) — id {result.id}\n")
    _out.print("[bold underline]Themes[/bold underline]")
    for theme in result.themes:
        shared = " · shared" if theme.shared else ""
        _out.print(f"[bold]{escape(theme.label)}[/bold] — relevance {theme.relevance:.2f}{shared}; "
                   f"draft sentences {', '.join(str(i + 1) for i in theme.draft_sentences)}")
        if theme.organisations:
            _out.print(f"   organisations: {escape(', '.join(theme.organisations[:8]))}")
        for passage in theme.passages[:3]:
            page = f", p. {passage.page}" if passage.page else ""
            _out.print(f"   · {_marked(passage.highlight)}")
            _out.print(f"     [dim]{escape(passage.title)} ({escape(passage.source)}{page}) {passage.passage_id}[/dim]")
        for sub in theme.matched_subthemes:
            _out.print(f"   ▸ sub-theme [bold]{escape(sub.label)}[/bold] — relevance {sub.relevance:.2f}; "
                       f"draft sentences {', '.join(str(i + 1) for i in sub.draft_sentences)}")
            for passage in sub.passages[:1]:
                page = f", p. {passage.page}" if passage.page else ""
                _out.print(f"     · {_marked(passage.highlight)}")
                _out.print(f"       [dim]{escape(passage.title)} ({escape(passage.source)}{page}) "
                           f"{passage.passage_id}[/dim]")
    _out.print("\n[bold underline]Commitments[/bold underline]")
    for item in result.commitments:
        deadline = f" · {item.deadline}" if item.deadline else ""
        _out.print(f"[bold]{escape(', '.join(item.actors))}[/bold] — {item.strength}{deadline}: "
                   f"{escape(item.sentence)}")
        _out.print(f"   [dim]{escape(item.title)} ({escape(item.source)}) · {escape(item.reason)}[/dim]")
    _out.print("\n[bold underline]Tensions[/bold underline]")
    for tension in result.tensions:
        parties = escape(", ".join(tension.parties) or "—")
        _out.print(f"[bold]{parties}[/bold] ({tension.kind}): {escape(tension.issue)}")
        for passage in tension.passages[:2]:
            _out.print(f"   [dim]{escape(passage.title)} ({escape(passage.source)}) {passage.passage_id}[/dim]")
    _out.print("\n[bold underline]Not supported by any document[/bold underline]")
    if not result.gaps:
        _out.print("Every draft sentence has support in the ingested documents.")
    for gap in result.gaps:
        _out.print(f"· {escape(gap.text)} [dim](best similarity {gap.best_similarity:.2f})[/dim]")
