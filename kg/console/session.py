"""One console session: running queries and backslash commands, and printing what they give."""

from __future__ import annotations

import csv
import io
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pyoxigraph as ox

from kg import store as kgstore
from kg.cache import Output, Query, ResultsCache, compute, query_pool
from kg.console.commands import run_command
from kg.console.completer import SparqlCompleter
from kg.console.names import Names, refresh_names
from kg.errors import KgError, one_line
from kg.results import Layout, Written, display_width, terminal_width
from kg.sparql import has_code, is_update, statements
from kg.workers import Stopped, WorkerPool

if TYPE_CHECKING:
    from kg.remote import Endpoint


class Console:
    """One session: the store, the settings the backslash commands change, and where output goes.

    Results go to stdout; row counts, times and errors to stderr, so `kg console < q.rq > out.csv`
    keeps the file clean.
    """

    def __init__(
        self, db: ox.Store | kgstore.Reader | Endpoint, path: Path, cache: ResultsCache, write: bool = False, interactive: bool = False
    ) -> None:
        self.store = db
        self.remote = not isinstance(db, ox.Store | kgstore.Reader)  # `--endpoint`: queries go there, in this process
        self.path = path
        self.cache = cache
        self.write = write
        self.interactive = interactive
        self.format = "table"
        self.expanded = "off"  # \x: "on", "off" or "auto"
        self.timing = True
        self.timeout: float | None = None  # \timeout
        self.pool: WorkerPool | None = None  # queries run in a worker process, so Ctrl-C can stop them
        self.buffer = ""  # a query left unfinished under a backslash command, given to the next prompt
        self.output: Path | None = None
        self.running = True
        self.failed = False
        self.completer = SparqlCompleter(Names())
        self.refreshing: list[threading.Thread] = []

    @property
    def db(self) -> kgstore.Queryable:
        """The store as it is now: a read-only console follows the checkpoints that writers publish."""
        return self.follow()

    def follow(self) -> kgstore.Queryable:
        """The newest checkpoint, for a read-only console, whose completion follows too: a newer one has
        its names read again. No switch while names are still read from the checkpoint held, which a
        switch would let a writer remove; the next look switches. The app looks before each prompt."""
        if not isinstance(self.store, kgstore.Reader):
            return self.store
        if any(thread.is_alive() for thread in self.refreshing):
            return self.store.db
        held = self.store.name
        db = self.store.fresh()
        if self.store.name != held and self.interactive:  # completions serve the prompt only
            self.refreshing = [refresh_names(db, self.use_names)]
        return db

    def refresh(self) -> None:
        """Swap in a completer with the names as they are now, once they are read (kg.console.names)."""
        db = self.db
        self.refreshing = [thread for thread in self.refreshing if thread.is_alive()] + [refresh_names(db, self.use_names)]

    def start_worker(self) -> WorkerPool:
        """The worker that runs queries, started now if it is not running."""
        if self.pool is None:
            self.pool = query_pool(self.path)
        return self.pool

    def use_names(self, names: Names) -> None:
        self.completer = SparqlCompleter(names)

    def close(self) -> None:
        """Wait for a completion refresh still reading the store: a process that ends while a thread
        reads a store it is closing is aborted."""
        for thread in self.refreshing:
            thread.join()
        if self.pool is not None:
            self.pool.close()

    def run_script(self, text: str, path: str | None = None) -> None:
        """Run each `;`-terminated query and each backslash command of a script (standard input, or
        the file `path` for `\\i`), until one of them is `\\q`."""
        for statement in statements(text):
            self.execute(statement.text, statement.line, statement.column, path)
            if not self.running:
                return

    def execute(self, text: str, line: int = 1, column: int = 1, path: str | None = None) -> None:
        """Run one query or backslash command; a failure prints one line and the session goes on.
        `line` and `column` say where the text starts in a script, and `path` which file that is, so
        error positions point into it."""
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
                err = KgError(err.message, path=path, line=err.line + line - 1, column=at_column)
            self.error(str(err))
        except (OSError, ValueError, RuntimeError) as err:  # pyoxigraph's evaluation errors
            self.error(one_line(err))
        except Stopped as err:
            self.error(_stopped(err))
        except KeyboardInterrupt:  # Ctrl-C in a backslash command, which runs here
            self.error("cancelled")

    def error(self, message: str) -> None:
        self.failed = True
        click.echo(f"Error: {message}", err=True)

    def run_query(self, sparql: str) -> None:
        if not is_update(sparql):
            self._select(sparql)
            return
        db = self.db
        if not self.write or not isinstance(db, ox.Store):
            raise KgError("the store is open read-only: start `kg console --write` to run updates")
        started = time.perf_counter()
        kgstore.update(db, sparql)
        db.flush()
        kgstore.publish(db, self.path)  # for the query worker and every other reader
        self.status("store updated", time.perf_counter() - started)
        if self.interactive:  # completions serve the prompt only
            self.refresh()

    def _select(self, sparql: str) -> None:
        """A query, run in the worker; timed once the worker is ready, so a first query is not charged
        for the worker's start."""
        layout = Layout.of(self.format, terminal_width(sys.stdout), self.expanded)
        if self.remote:  # Ctrl-C stops the wait for the answer
            started = time.perf_counter()
            self.show(compute(self.db, sparql, layout), started)
            return
        pool = self.start_worker()
        pool.warm()
        started = time.perf_counter()
        self.show(self.cache.answer(sparql, repr(layout), lambda: pool.run(Query(sparql, layout), self.timeout), Written), started)

    def show(self, answer: Output[Written], started: float) -> None:
        """Print a result and its footer ("48 rows in 2.0 ms"), timed before the pager opens: the time
        is the query's, not the reader's."""
        elapsed = time.perf_counter() - started
        count = answer.about.count if answer.about.count >= 0 else _count_rows(answer.data, self.format)
        noun = {"solutions": "row", "triples": "triple"}.get(answer.about.kind)
        summary = f"{count} {noun}{'' if count == 1 else 's'}" if noun else ""
        if answer.kept:
            summary = f"{summary or 'result'} (kept from an earlier run; the store is unchanged)"
        if self.output:
            target, self.output = self.output, None
            target.write_bytes(answer.data)
            summary = f"{summary or 'result'} written to {target}"
        else:
            self.emit(answer.data)
        self.status(summary, elapsed)

    def status(self, summary: str, elapsed: float) -> None:
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
        rows = sum(max(1, -(-display_width(line) // max(size.columns, 1))) for line in text.splitlines())
        if rows >= size.lines - 1:
            click.echo_via_pager(text)
        else:
            click.echo(text, nl=False)


def _stopped(err: Stopped) -> str:
    if err.why == "cancelled":
        return "query cancelled (Ctrl-C)"
    if err.why == "timeout":
        return f"query cancelled after {err.seconds:g} s (\\timeout)"
    return "the query process died (out of memory?)"


def _count_rows(data: bytes, fmt: str) -> int:
    """Rows in results written in a W3C format, read back: pyoxigraph serializes without counting."""
    if fmt == "csv":
        return max(len(list(csv.reader(io.StringIO(data.decode(), newline="")))) - 1, 0)
    results = ox.parse_query_results(data, ox.QueryResultsFormat.from_extension(fmt))
    assert isinstance(results, ox.QuerySolutions)  # only solutions are written without their count
    return sum(1 for _ in results)
