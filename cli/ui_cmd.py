"""``roadmap ui``: serves the review UI, with the ingestion pipeline's hooks for adding sources."""
from __future__ import annotations

import typer
from rich.console import Console

from cli.errors import user_error
from models import db
from review.auth import InsecureSecretError

user_error(InsecureSecretError)

console = Console()


def ui(host: str = typer.Option("127.0.0.1", help="Address to listen on; beyond loopback ROADMAP_SECRET_KEY is required."),
       port: int = typer.Option(8000)) -> None:
    """Serve the review UI (its sources page adds and back-fills sources like `roadmap sources add`)."""
    import uvicorn

    from review.app import create_app
    from sources.config import KINDS, LANGUAGES

    engine = db.get_engine()
    db.check_connection(engine)
    register, backfill, process = ui_source_hooks(engine)
    app = create_app(engine, host=host, register_source=register, start_backfill=backfill, process_documents=process,
                     source_kinds=KINDS, source_langs=LANGUAGES)
    console.print(f"Roadmap Monitor UI on http://{host}:{port}/ (sign in with an account from `roadmap users add`)")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


def ui_source_hooks(engine):
    """(register_source, start_backfill, process_documents) for create_app: the pipeline's, bound to
    ``engine`` (processing is `roadmap process`'s own function, for the documents the back-fill stored).
    Errors the user can act on become ValueError (SourceRefused naming the form field), which the UI shows."""
    from sqlalchemy.exc import OperationalError

    from pipeline.ingest import ingest_source, register_adhoc_source
    from review.source_jobs import SourceRefused
    from sources.errors import SourceConfigError, SourceError

    def register_source(*, name: str, url: str, kind: str, lang: str, country: str):
        try:
            return register_adhoc_source(name=name, url=url, kind=kind, lang=lang, country=country, engine=engine)
        except SourceConfigError as exc:  # a bad or taken name (kinds and countries come from the form's lists)
            raise SourceRefused(str(exc), field="name") from exc
        except SourceError as exc:
            raise SourceRefused(str(exc), field="url") from exc

    def start_backfill(name: str):
        try:
            return ingest_source(source_name=name, engine=engine)
        except SourceError as exc:
            raise ValueError(str(exc)) from exc

    def process_documents(document_ids: list[int]):
        from pipeline.process import RoadmapNotLoaded, process_documents

        try:
            return process_documents(document_ids=document_ids, engine=engine)
        except RoadmapNotLoaded as exc:
            raise ValueError(str(exc)) from exc
        except OperationalError as exc:
            raise ValueError(f"the database did not answer ({type(exc.orig).__name__})") from exc

    return register_source, start_backfill, process_documents


def register(app: typer.Typer) -> None:
    app.command("ui")(ui)
