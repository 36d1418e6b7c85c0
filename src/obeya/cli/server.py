"""`obeya serve` and `obeya demo`."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from obeya.cli.common import DbOption, fail, handle_errors

HostOption = Annotated[str, typer.Option(help="Address to listen on.")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.")]


def is_loopback(host: str) -> bool:
    """True for localhost and 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@handle_errors
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    auth: Annotated[
        bool | None,
        typer.Option("--auth/--no-auth", help="Require API tokens (default: on when users exist)."),
    ] = None,
    workers: Annotated[int, typer.Option(help="API worker processes.")] = 1,
    mqtt: Annotated[
        str | None, typer.Option(help="Also ingest from this MQTT broker (mqtt://host:port).")
    ] = None,
    mqtt_topic: Annotated[str, typer.Option(help="Topic filter with --mqtt.")] = "obeya/#",
    db: DbOption = None,
) -> None:
    """Serve the API (/api/v1, OpenAPI at /docs) and the dashboard."""
    import os

    from obeya.bootstrap import bootstrap, database_url
    from obeya.services.users import user_count
    from obeya.storage import require_schema

    runtime = bootstrap(db)
    require_schema(runtime.engine)
    auth_enabled = auth if auth is not None else user_count(runtime) > 0
    if not auth_enabled and not is_loopback(host):
        raise fail(
            f"refusing to listen on {host} without authentication: create a user with "
            "`obeya user create NAME --role admin` and use --auth, or listen on 127.0.0.1"
        )
    import uvicorn

    if workers > 1:
        os.environ["OBEYA_DATABASE_URL"] = database_url(db)
        os.environ["OBEYA_AUTH"] = "on" if auth_enabled else "off"
        uvicorn.run("obeya.asgi:create_app", factory=True, host=host, port=port, workers=workers)
        return
    from obeya.web.site import build_app

    ingestion = None
    if mqtt is not None:
        from obeya.services.mqtt import BackgroundIngestion

        ingestion = BackgroundIngestion(runtime, mqtt, mqtt_topic)
        ingestion.start()
    try:
        uvicorn.run(
            build_app(runtime, auth_enabled=auth_enabled),
            host=host,
            port=port,
            timeout_graceful_shutdown=5,
        )
    finally:
        if ingestion is not None:
            ingestion.stop()


@handle_errors
def demo(
    port: PortOption = 8000,
    history_days: Annotated[int, typer.Option(help="Days of simulated history.")] = 28,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard after the history.")
    ] = True,
    seed: Annotated[int, typer.Option(help="Random seed of the simulated plant.")] = 1,
    db: DbOption = None,
) -> None:
    """The demo plant with weeks of history, live events and the dashboard."""
    from obeya.bootstrap import bootstrap, database_url
    from obeya.cli.progress import progress_bar
    from obeya.services.demo import prepare_demo

    if history_days < 0:
        raise fail("--history-days must be 0 or more")
    runtime = bootstrap(db)
    with progress_bar("simulating the demo plant's history") as advance:
        summary = prepare_demo(runtime, history_days, seed=seed, on_progress=advance)
    typer.echo(
        f"{database_url(db)}: demo plant {summary.site_id}, {summary.machines} machines, "
        f"{summary.orders} orders, {summary.events_written} history events written",
        err=True,
    )
    if not serve_after:
        return
    import uvicorn

    from obeya.services.live import LiveFeed
    from obeya.web.site import build_app

    feed = LiveFeed(runtime, seed=seed)
    feed.start()
    typer.echo(f"dashboard on http://127.0.0.1:{port}/  (Ctrl+C stops)", err=True)
    try:
        uvicorn.run(
            build_app(runtime, auth_enabled=False),
            host="127.0.0.1",
            port=port,
            timeout_graceful_shutdown=5,
        )
    finally:
        feed.stop()
