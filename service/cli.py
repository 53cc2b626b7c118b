"""The ``rodedraad`` command line (Typer). Errors become one line on stderr and exit code 1.

Importing this module stays light (``rodedraad --help`` and ``status`` answer in well under a second): the
models, the store and the answers (``service.views``, spaCy, torch, scikit-learn) are imported inside the
commands that use them, and option bounds come from ``service.limits``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from rodedraad.errors import RodedraadError
from service.cli_analyses import register_analyses_commands
from service.cli_embed import register_embed_command
from service.cli_output import JsonOption, err, out, print_json, services_of
from service.cli_read import register_read_command
from service.cli_themes import register_theme_commands
from service.cli_threads import register_threads_commands
from service.limits import MAX_PAGE_SIZE
from service.settings import get_settings

if TYPE_CHECKING:
    from models.indexer import IngestReport
    from models.parallel import WorkerPool
    from service.context import Services
    from service.schemas import Status


class _OneLineErrors(TyperGroup):
    """Expected errors (bad input, unknown id, unreadable store) print one line and exit 1; bugs still raise."""

    def invoke(self, ctx: Any) -> Any:  # click's Context (vendored inside typer)
        try:
            return super().invoke(ctx)
        except RodedraadError as exc:
            err.print(f"rodedraad: {escape(str(exc))}")
            raise typer.Exit(1) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _ray_address_optional(args))


# what ``--ray`` takes as its value; anything else after it (a path, another option) leaves it without one
_RAY_ADDRESS = re.compile(r"(auto|local|ray://\S+|\S+:\d+)")


def _ray_address_optional(args: list[str]) -> list[str]:
    """``ingest --ray [ADDRESS]``: Typer options cannot leave out their value, so a ``--ray`` that is not
    followed by an address is given the value ``local`` (start a Ray on this machine)."""
    if "ingest" not in args:
        return args
    command = args.index("ingest")
    rewritten = args[:command + 1]
    for position in range(command + 1, len(args)):
        token = args[position]
        following = args[position + 1] if position + 1 < len(args) else None
        if token == "--ray" and (following is None or not _RAY_ADDRESS.fullmatch(following)
                                 or Path(following).exists()):
            token = "--ray=local"
        rewritten.append(token)
    return rewritten


app = typer.Typer(
    name="rodedraad",
    cls=_OneLineErrors,
    help="Search and explain Dutch policy texts (covenants, policy notes, blogs).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", envvar="RODEDRAAD_HOME", help="store directory [default: ./data]"),
]


DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", envvar="RODEDRAAD_DATABASE_URL", show_envvar=False,
                 help="a PostgreSQL URL (>= 15, with pgvector): the store lives there [default: SQLite in --home]"),
]


@app.callback()
def main_options(ctx: typer.Context, home: HomeOption = None, database: DatabaseOption = None) -> None:
    from service.context import Services

    ctx.obj = Services(get_settings().with_home(home).with_database(database))
    ctx.call_on_close(ctx.obj.close)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="files or folders (pdf, docx, html, txt, md, xml)")],
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="wait for the vectors, themes and analyses "
                                       "(else they stay queued for `rodedraad work` or the server)")] = True,
    processes: Annotated[int, typer.Option("--processes", "-p", min=0, max=64, help="worker processes that "
                                           "read and embed side by side (0: one per core for 4+ files a core); "
                                           "with --ray, Ray workers (0: one per CPU of the cluster)")] = 0,
    ray: Annotated[str | None, typer.Option("--ray", metavar="[ADDRESS]", help="read and embed on a Ray "
                                            "cluster: the HOST:PORT of its head, or no address for a "
                                            "local Ray; this process still writes the store")] = None,
    json_output: JsonOption = False,
) -> None:
    """Add files to the store; unchanged files are skipped, changed ones replaced.

    Each file is searchable by words as soon as it is stored; then the passages are embedded (searchable by
    meaning), and themes and analyses updated. Progress goes to stderr: a bar on a terminal, plain lines
    otherwise (logs, CI)."""
    from models.indexer import ingest_paths
    from service import views

    services = services_of(ctx)
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise RodedraadError(f"{missing[0]}: no such file or folder")
    before = services.store.counts()
    with _IngestProgress(show=not json_output, bar=err.is_terminal) as progress, \
            _pool(services, processes, paths, ray=ray) as pool:
        report = ingest_paths(services.store, services.embedder, services.nlp, paths,
                              max_bytes=services.settings.max_upload_bytes, progress=progress.starting,
                              on_file=progress.done, wait=False, pool=pool)
        summary = None
        if wait:  # also when some files failed: the others were stored
            drained = views.drain_work(services, progress=progress.working, pool=pool)
            report.embedded = drained.embedded
            summary = drained.analyses or None
    if json_output:
        print_json(views.ingest_result(report))
    else:
        for _, message in report.duplicates:
            err.print(f"[yellow]already stored[/yellow] {escape(message)}")
        for _, message in report.failed:
            err.print(f"[red]error[/red] {escape(message)}")
        after = services.store.counts()
        out.print(_run_summary(report, after.documents - before.documents, after.passages - before.passages))
        out.print(f"store: {after.files} files, {after.documents} documents, {after.passages} passages.")
        if summary:
            out.print(summary)
        if not wait:
            out.print("searchable by words now; vectors, themes and analyses wait for `rodedraad work` "
                      "(or a running `rodedraad serve`).")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def work(
    ctx: typer.Context,
    follow: Annotated[bool, typer.Option("--follow", help="keep running and take new work as it comes "
                                         "(a worker beside the server); stop with Ctrl-C or SIGTERM")] = False,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, max=64, help="processes that embed "
                                           "batches side by side (one inference thread each)")] = 1,
) -> None:
    """Do the store's pending work: read uploaded files, embed passages, rebuild the index, update themes and
    analyses. Resumes where a stopped ingest or worker left off."""
    from service.worker import run_worker

    services = services_of(ctx)
    with _IngestProgress(show=True, bar=err.is_terminal) as progress, _pool(services, processes, []) as pool:
        report = run_worker(services, follow=follow, progress=progress.working, pool=pool)
    out.print(f"work done: {report.jobs} uploaded files read, {report.embedded} passages embedded, "
              f"{report.index_rebuilds} index rebuilds.")
    if report.analyses:
        out.print(report.analyses)


@contextlib.contextmanager
def _pool(services: Services, processes: int, paths: list[Path], *,
          ray: str | None = None) -> Iterator[WorkerPool | None]:
    """Worker processes for reading and embedding, or None when one process will do; with ``ray`` (an address,
    or ``local``), Ray workers (``models.ray_pool``)."""
    from models.parallel import ProcessPool, default_processes

    if ray is not None:
        from models.ray_pool import RayPool

        with RayPool(processes or None, embedder=services.embedder_spec, home=services.settings.home,
                     address=None if ray == "local" else ray, model=services.embedder.name) as ray_pool:
            yield ray_pool
        return
    if processes == 0 and paths:
        from models.indexer import source_names

        processes = default_processes(len(source_names(paths)))
    if processes <= 1:
        yield None
        return
    with ProcessPool(processes, embedder=services.embedder_spec, home=services.settings.home) as pool:
        yield pool


def _run_summary(report: IngestReport, net_documents: int, net_passages: int) -> str:
    """What this run did, apart from what the store already held."""
    line = (f"this run: {len(report.added)} files added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged, "
            + (f"{len(report.duplicates)} already stored from another path, " if report.duplicates else "")
            + f"{len(report.failed)} failed; "
            f"{report.documents} documents and {report.passages} passages stored, "
            f"{report.embedded} passages newly embedded")
    if report.replaced:  # replaced files take their old documents out: say what the store gained in the end
        line += f" (the store gained {net_documents:+d} documents, {net_passages:+d} passages)"
    return line + "."


class _IngestProgress:
    """The rich progress bar on a terminal; otherwise one plain line per file, ``[3/31] path … added``."""

    def __init__(self, *, show: bool, bar: bool) -> None:
        self.show, self.bar = show, bar
        self.current = (0, 0)
        self._reported = 0
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _IngestProgress:
        if self.show and self.bar:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}"), console=err, transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def starting(self, source: str, number: int, total: int) -> None:
        self.current = (number, total)
        if self._progress is not None:
            self._progress.update(self._task, total=total, completed=number - 1, description=escape(source))

    def working(self, what: str, done: int, total: int) -> None:
        """Progress of the work after the files: passages embedded of those to embed."""
        if what != "embed":
            return
        if self._progress is not None:
            self._progress.update(self._task, total=total, completed=done, description="vectors")
        elif self.show and (done == total or done - self._reported >= max(1, total // 20)):
            self._reported = done
            sys.stderr.write(f"vectors: {done}/{total} passages embedded\n")
            sys.stderr.flush()

    def done(self, source: str, outcome: str) -> None:
        number, total = self.current
        if self._progress is not None:
            self._progress.update(self._task, completed=number)
        elif self.show:
            sys.stderr.write(f"[{number}/{total}] {source} … {outcome}\n")
            sys.stderr.flush()


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="a question or words, in Dutch")],
    top_k: Annotated[int, typer.Option("--top-k", "-k", min=1, max=MAX_PAGE_SIZE)] = 10,
    mode: Annotated[str, typer.Option(help="hybrid | lexical | semantic")] = "hybrid",
    kind: Annotated[str | None, typer.Option(help="covenant | policy_note | blog | other")] = None,
    source: Annotated[str | None, typer.Option(help="part of the source path")] = None,
    organisation: Annotated[str | None, typer.Option(help="an organisation the document mentions")] = None,
    json_output: JsonOption = False,
) -> None:
    """Find passages: the passage, its document and page, and why it matched."""
    from models.store import DocumentFilters
    from service import views

    filters = DocumentFilters(kind=kind, source=source, organisation=organisation)
    result = views.search_page(services_of(ctx), query, mode=mode, filters=filters, size=top_k)  # type: ignore[arg-type]
    if json_output:
        print_json(result)
        return
    if not result.items:
        out.print(escape(result.note) if result.note else "No passages found.")
    for rank, item in enumerate(result.items, start=1):
        page = f", p. {item.page}" if item.page else ""
        page += f" · {escape(item.speaker)}" if item.speaker else ""  # who speaks, in debates
        out.print(f"[bold]{rank}. {escape(item.title)}[/bold]  [dim]{escape(item.source)}{page} · "
                  f"{item.passage_id} · score {item.score:.4f}[/dim]")
        out.print("   " + _marks_to_rich(item.highlight))
        why = item.explanation
        reasons = []
        if why.matched_terms:
            reasons.append("words: " + ", ".join(why.matched_terms))
        if why.semantic_rank:
            reasons.append(f"meaning: #{why.semantic_rank} (cos {why.semantic_score})")
        out.print(f"   [dim]why: {escape('; '.join(reasons) or 'fused rank')}[/dim]\n")


def _marks_to_rich(highlight: str) -> str:
    text = escape(html.unescape(highlight.replace("<mark>", "\x00").replace("</mark>", "\x01")))
    return text.replace("\x00", "[bold yellow]").replace("\x01", "[/bold yellow]")


@app.command()
def documents(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option()] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    size: Annotated[int, typer.Option(min=1, max=MAX_PAGE_SIZE)] = 50,
    json_output: JsonOption = False,
) -> None:
    """List the stored documents."""
    from models.store import DocumentFilters
    from service import views

    result = views.documents_page(services_of(ctx), DocumentFilters(kind=kind), page=page, size=size)
    if json_output:
        print_json(result)
        return
    for doc in result.items:
        when = doc.date or doc.date_span
        out.print(f"{doc.id}  [bold]{escape(doc.title)}[/bold]  [dim]{doc.kind} · {escape(doc.source)}"
                  f"{' · ' + when if when else ''}[/dim]")
    out.print(f"[dim]{len(result.items)} of {result.total} documents (page {result.page})[/dim]")


@app.command()
def status(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Counts and consistency of the store, and the work still pending (unfinished analyses, missing vectors)."""
    from service import views

    result = views.status(services_of(ctx))
    if json_output:
        print_json(result)
    else:
        out.print(f"{result.documents} documents, {result.passages} passages, {result.vectors} vectors "
                  f"({result.index_kind or 'no'} index, model {result.model or '-'}).")
        out.print("consistent" if result.consistent else "[red]not consistent[/red]")
        for problem in result.problems:
            out.print(f" - {escape(problem)}")
        pending = _pending_work(result)
        out.print("pending: " + ("; ".join(pending) if pending else "nothing"))
        if result.worker:
            out.print("a worker is draining this store now")
    if not result.consistent:
        raise typer.Exit(1)


def _pending_work(result: Status) -> list[str]:
    """Work still to do, each with how it gets done."""
    pending = []
    if result.jobs_pending:
        pending.append(f"{result.jobs_pending} uploaded files waiting to be read")
    if result.vectors_pending:
        pending.append(f"{result.vectors_pending} passages not yet searchable by meaning (found by their words "
                       "meanwhile)")
    elif result.index_stale:
        pending.append("the vector index is older than the vectors")
    if result.analyses_pending:
        pending.append(f"{result.analyses_pending} document{'s' if result.analyses_pending != 1 else ''} without "
                       "finished analyses (commitments, tensions)")
    if result.upgrade_to:
        left = f": {result.upgrade_pending} passages to go" if result.upgrade_pending is not None else ""
        pending.append(f"upgrade to {result.upgrade_to} behind the scenes{left} (search switches when complete)")
    if pending and not result.worker:
        pending.append("`rodedraad work` (or a running `rodedraad serve`) finishes them")
    return pending


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="[default: 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="[default: 8000]")] = None,
    worker: Annotated[bool, typer.Option("--worker/--no-worker", help="start a worker process beside the API "
                                         "for uploads, vectors and analyses (else uploads are read in the "
                                         "request, and `rodedraad work` drains what is queued)")] = True,
) -> None:
    """Start the HTTP API (and web page) on HOST:PORT, with a worker process for the heavy work."""
    import uvicorn

    from models.pg_store import describe_url
    from service.api import create_app
    from service.worker import WorkerProcess

    services = services_of(ctx)
    # the app is built with the host and port it serves, so the allowed-host guard knows a --host name; a
    # query is embedded with one thread (at 100k passages, 2 threads were 5x slower on a loaded machine)
    settings = dataclasses.replace(services.settings, host=host or services.settings.host,
                                   port=port or services.settings.port, threads=1)
    services.settings = settings
    where = describe_url(settings.database_url) if settings.database_url else settings.home
    err.print(f"rodedraad serves {where} on http://{settings.host}:{settings.port}/ (API docs: /docs)")
    background = WorkerProcess(settings.home, embedder=settings.embedder, log=err.print,
                               database_url=settings.database_url) if worker else None
    if background is not None:
        background.start()
    _ = services.store  # opened (and checked) here, before the warm-up and the server's threads share it
    threading.Thread(target=_warm_up, args=(services,), name="rodedraad-warm-up", daemon=True).start()
    try:
        uvicorn.run(create_app(settings, services), host=settings.host, port=settings.port, log_level="info")
    finally:
        if background is not None:
            background.stop()


def _warm_up(services: Services) -> None:
    """``Services.warm_up`` beside a starting server; what fails here the first request meets and reports."""
    try:
        services.warm_up()
    except Exception as error:  # a warm-up must never take the server down
        err.print(f"rodedraad: warm-up skipped: {error}")
    else:
        err.print("rodedraad: ready to search (model, indexes and BM25 lengths loaded)")


register_theme_commands(app)
register_analyses_commands(app)
register_threads_commands(app)
register_read_command(app)
register_embed_command(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
