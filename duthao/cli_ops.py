"""Operations commands for the distributed topology (deployments, workers)."""

import typer


def register(app: typer.Typer) -> None:
    """Add the operations commands to the main `duthao` app."""
