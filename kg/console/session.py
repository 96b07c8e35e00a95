"""One console session: running queries and backslash commands, and printing what they give."""

from __future__ import annotations

import csv
import io
import shutil
import sys
import threading
import time
from pathlib import Path

import click
import pyoxigraph as ox

from kg import store as kgstore
from kg.cache import Output, ResultsCache, compute
from kg.console.commands import run_command
from kg.console.completer import SparqlCompleter
from kg.console.names import Names, refresh_names
from kg.errors import KgError
from kg.results import Layout, terminal_width
from kg.sparql import has_code, is_update


class Console:
    """One session: the store, the settings the backslash commands change, and where output goes.

    Results go to stdout; row counts, times and errors to stderr, so `kg console < q.rq > out.csv`
    keeps the file clean.
    """

    def __init__(self, db: ox.Store, cache: ResultsCache, write: bool = False, interactive: bool = False) -> None:
        self.db = db
        self.cache = cache
        self.write = write
        self.interactive = interactive
        self.format = "table"
        self.expanded = "off"  # \x: "on", "off" or "auto"
        self.timing = True
        self.output: Path | None = None
        self.running = True
        self.failed = False
        self.completer = SparqlCompleter(Names())
        self.refreshing: threading.Thread | None = None

    def refresh(self) -> None:
        """Swap in a completer with the names as they are now, once they are read (kg.console.names)."""
        self.refreshing = refresh_names(self.db, self.use_names)

    def use_names(self, names: Names) -> None:
        self.completer = SparqlCompleter(names)

    def close(self) -> None:
        """Wait for a completion refresh still reading the store: a process that ends while a thread
        reads a store it is closing is aborted."""
        if self.refreshing is not None:
            self.refreshing.join()

    def execute(self, text: str, line: int = 1, column: int = 1) -> None:
        """Run one query or backslash command; a failure prints one line and the session goes on.
        `line` and `column` say where the text starts in a script, so error positions point into it."""
        if not has_code(text):
            return
        try:
            if text.strip().startswith("\\"):
                run_command(self, text.strip())
            else:
                self.run_query(text)
        except KgError as err:
            if err.path is None and err.line is not None:
                at_column = (err.column or 0) + (column - 1 if err.line == 1 else 0)
                err = KgError(err.message, line=err.line + line - 1, column=at_column)
            self.error(str(err))
        except (OSError, ValueError, RuntimeError) as err:  # pyoxigraph's evaluation errors
            self.error(str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__)
        except KeyboardInterrupt:
            self.error("query cancelled")

    def error(self, message: str) -> None:
        self.failed = True
        click.echo(f"Error: {message}", err=True)

    def run_query(self, sparql: str) -> None:
        started = time.perf_counter()
        if is_update(sparql):
            if not self.write:
                raise KgError("the store is open read-only: start `kg console --write` to run updates")
            kgstore.update(self.db, sparql)
            self.status("store updated", started)
            if self.interactive:  # completions serve the prompt only
                self.refresh()
            return
        layout = Layout.of(self.format, terminal_width(sys.stdout), self.expanded)
        self.show(self.cache.answer(sparql, repr(layout), lambda: compute(self.db, sparql, layout)), started)

    def show(self, answer: Output, started: float) -> None:
        count = answer.about["count"] if answer.about["count"] >= 0 else _count_rows(answer.data, self.format)
        noun = {"solutions": "row", "triples": "triple"}.get(answer.about["kind"])
        summary = f"{count} {noun}{'' if count == 1 else 's'}" if noun else ""
        if answer.kept:
            summary = f"{summary or 'result'} (kept from an earlier run; the store is unchanged)"
        if self.output:
            target, self.output = self.output, None
            target.write_bytes(answer.data)
            summary = f"{summary or 'result'} written to {target}"
        else:
            self.emit(answer.data)
        self.status(summary, started)

    def status(self, summary: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        timing = (f"{elapsed * 1000:.1f} ms" if elapsed < 1 else f"{elapsed:.2f} s") if self.timing else ""
        line = " in ".join(part for part in (summary, timing) if part)
        if line:
            click.echo(line, err=True)

    def emit(self, data: bytes) -> None:
        """Print output; in a terminal, through the pager when it would not fit on the screen."""
        sys.stdout.flush()
        if not self.interactive:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        text = data.decode()
        size = shutil.get_terminal_size()
        rows = sum(max(1, -(-len(line) // max(size.columns, 1))) for line in text.splitlines())
        if rows >= size.lines - 1:
            click.echo_via_pager(text)
        else:
            click.echo(text, nl=False)


def _count_rows(data: bytes, fmt: str) -> int:
    """Rows in results written in a W3C format, read back: pyoxigraph serializes without counting."""
    if fmt == "csv":
        return max(len(list(csv.reader(io.StringIO(data.decode(), newline="")))) - 1, 0)
    results = ox.parse_query_results(data, ox.QueryResultsFormat.from_extension(fmt))
    assert isinstance(results, ox.QuerySolutions)  # only solutions are written without their count
    return sum(1 for _ in results)
