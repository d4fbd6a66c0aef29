"""``roadmap samples serve``: the sample sites on this machine and a sources file pointing at them."""
from __future__ import annotations

import signal
import threading
from pathlib import Path

import typer
from rich.console import Console

console = Console()
samples_app = typer.Typer(help="The bundled sample sites, for trying Roadmap Monitor offline.", no_args_is_help=True)


@samples_app.command("serve")
def serve(
    sources_file: Path = typer.Option(Path("sample-sources.yaml"), help="Where to write the sources file that "
                                      "points every sample source at its local server (rewritten on each start)."),
    source: list[str] = typer.Option(None, "--source", help="A sample source to serve (repeatable; default: all)."),
    schedule: str = typer.Option(None, help="A cron schedule for every source (default: each source's own)."),
) -> None:
    """Serve the sample sites on 127.0.0.1 until interrupted, with a sources file pointing at them."""
    from demo.local_sources import serve_as_sources, write_sources_file

    try:
        sites, entries = serve_as_sources(names=source or None, schedule=schedule, politeness=0.0)
    except (FileNotFoundError, KeyError) as exc:
        raise typer.BadParameter(f"not a sample source: {exc}", param_hint="--source") from None
    path = write_sources_file(sources_file, entries)
    for name, site in sites.items():
        console.print(f"{name}: {site.url}")
    console.print(f"sources file: [bold]{path}[/bold]\nOn each machine of the fleet (workers and `roadmap deploy`):\n"
                  f"  export ROADMAP_SOURCES_FILE={path} ROADMAP_ALLOW_PRIVATE_URLS=1\n"
                  "Serving until interrupted (Ctrl-C).", highlight=False)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()  # until SIGTERM; Ctrl-C raises KeyboardInterrupt here
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for site in sites.values():
            site.stop()
    console.print("sample sites stopped")


def register(app: typer.Typer) -> None:
    app.add_typer(samples_app, name="samples")
