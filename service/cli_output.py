"""What every CLI module shares: the two consoles, the --json option, JSON printing, the services of a command."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console

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
