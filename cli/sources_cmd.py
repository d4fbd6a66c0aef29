"""Placeholder until this command group lands; registers nothing."""
import typer


def register(app: typer.Typer) -> None:
    return None
