"""What every CLI module shares: the two consoles, the --json option, JSON printing, the services of a command."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # only for types: importing these loads the store and models (``rodedraad --help`` must not)
    from pydantic import BaseModel

    from service.context import Services

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
JsonOption = Annotated[bool, typer.Option("--json", help="print the API's JSON instead of a table")]


def print_json(model: BaseModel) -> None:
    """Exactly the API's JSON for the same request."""
    sys.stdout.write(model.model_dump_json(indent=2) + "\n")


def services_of(ctx: typer.Context) -> Services:
    services: Services = ctx.obj
    return services
