"""A progress bar on stderr for long work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(title: str) -> Iterator[Callable[[float], None]]:
    """Yields `advance(fraction_done)`; draws on stderr, never on stdout."""
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>5.1f} %"),
        TimeElapsedColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as progress:
        task = progress.add_task(title, total=1.0)

        def advance(fraction: float) -> None:
            progress.update(task, completed=min(max(fraction, 0.0), 1.0))

        yield advance
