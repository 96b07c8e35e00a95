"""Progress of a build on stderr: articles done of total, articles/s and ETA, through click's progress bar.

stdout carries only results and a log file wants no carriage returns, so the bar is drawn only when
stderr is a terminal and --silent is not given; otherwise every call here does nothing.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

REDRAW = 0.1  # seconds between redraws: a rebuild skips thousands of unchanged articles a second


class BuildProgress:
    """Callbacks for kg.build.build: `start(total)`, `advance(article_id)`, `note(message)`; then `close()`."""

    def __init__(self, silent: bool = False) -> None:
        self.shown = not silent and sys.stderr.isatty()
        self.bar: ProgressBar[int] | None = None
        self.started = self.drawn = time.monotonic()
        self.done = self.pending = 0

    def start(self, total: int) -> None:
        if not self.shown:
            return
        self.started = self.drawn = time.monotonic()
        self.bar = click.progressbar(
            length=total, label="articles", show_pos=True, show_eta=False, item_show_func=self._speed, file=sys.stderr
        )
        self.bar.__enter__()

    def advance(self, article_id: str) -> None:
        self.done += 1
        self.pending += 1
        if self.bar is not None and (time.monotonic() - self.drawn >= REDRAW or self.done == self.bar.length):
            self.bar.update(self.pending)
            self.pending, self.drawn = 0, time.monotonic()

    def note(self, message: str) -> None:
        """A line (an article that failed) printed above the bar."""
        if self.bar is None:
            click.echo(message, err=True)
            return
        click.echo("\r\033[K" + message, err=True)  # the bar comes back with the next article

    def close(self) -> None:
        if self.bar is not None:
            self.bar.update(self.pending)
            self.bar.__exit__(None, None, None)
            self.bar = None

    def _speed(self, _: int | None) -> str:
        """Articles/s and ETA from the average since the start, steadier than click's ETA when workers
        hand back whole batches at once."""
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        if not self.done or self.bar is None or self.bar.length is None or self.done >= self.bar.length:
            return f"{rate:.1f} articles/s"
        left = round((self.bar.length - self.done) / rate)
        return f"{rate:.1f} articles/s  ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
