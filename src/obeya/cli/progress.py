"""Progress bars on stderr for long work."""

from __future__ import annotations

import threading
import time
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


@contextmanager
def solver_progress(time_limit_s: float) -> Iterator[Callable[[float, float], None]]:
    """A bar over the solver's time limit; yields `report(incumbent, bound)`.

    The bar advances with the clock (a solver may stop before its limit); the text
    shows the best objective value found so far and the proven bound. The last state
    stays on stderr (also when stderr is a file, e.g. a CI log).
    """
    console = Console(stderr=True)
    stop = threading.Event()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn(f"of {time_limit_s:g} s"),
        console=console,
    ) as progress:
        task = progress.add_task("solving: no schedule yet", total=max(time_limit_s, 1e-3))
        started = time.monotonic()

        def tick() -> None:
            while not stop.wait(0.2):
                progress.update(task, completed=min(time.monotonic() - started, time_limit_s))

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()

        def report(incumbent: float, bound: float) -> None:
            text = f"solving: incumbent {incumbent:,.0f}, bound {bound:,.0f}"
            progress.update(task, description=text)

        try:
            yield report
        finally:
            stop.set()
            ticker.join()
