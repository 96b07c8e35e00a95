"""The prompt and the run loop of `kg console`: the prompt built once (as `_build_cli` in pgcli/main.py),
with Pygments highlighting, file history, suggestions from history and a completer swapped while it runs.
With standard input not a terminal the same session runs a script of `;`-terminated queries, so
`kg console < q.rq` works like a session typed by hand."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pyoxigraph as ox
from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import DynamicCompleter, ThreadedCompleter
from prompt_toolkit.filters import Condition, completion_is_selected
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.lexers import PygmentsLexer

from kg import store as kgstore
from kg.cache import ResultsCache
from kg.console.session import Console
from kg.sparql import KgSparqlLexer, is_complete, prompt_state, split_command, strip_end

if TYPE_CHECKING:
    from kg.remote import Endpoint

BANNER = """kg console on {store} ({mode}).
A query runs when it ends with ';' or on Alt-Enter (Escape, Enter); Enter alone adds a line.
Ctrl-C clears the input or cancels a running query; \\r clears it too, \\p shows it.
Tab completes, Ctrl-R searches the history, \\? lists the commands, Ctrl-D or \\q leaves."""


def history_path() -> Path:
    """The history file, under the XDG data directory so it survives across sessions and folders."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "kg" / "history"


def key_bindings() -> KeyBindings:
    """The console's keys; everything else is prompt_toolkit's Emacs set (Ctrl-R searches the history)."""
    bindings = KeyBindings()
    query_complete = Condition(lambda: is_complete(get_app().current_buffer.text))

    @bindings.add("enter", filter=completion_is_selected)
    def _take_completion(event: KeyPressEvent) -> None:
        """Enter on a completion in the menu takes it, as Tab does, and goes on editing."""
        event.current_buffer.complete_state = None

    @bindings.add("enter", filter=~completion_is_selected & query_complete)
    def _run(event: KeyPressEvent) -> None:
        """Enter runs the input once it ends with a ';' outside braces, or is a backslash command;
        before that it starts a new line."""
        event.current_buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _run_now(event: KeyPressEvent) -> None:
        """Alt-Enter (or Escape then Enter) runs the input as it is, with or without ';'."""
        event.current_buffer.validate_and_handle()

    return bindings


def _continuation(width: int, line_number: int, wrap_count: int) -> str:
    """The prompt of a query's later lines says what is still open, as psql's does: `kg{> ` inside
    braces, `kg'> ` inside a string, `kg-> ` when only the ';' is missing."""
    before = "".join(line + "\n" for line in get_app().current_buffer.document.lines[:line_number])
    return f"kg{prompt_state(before)}> ".rjust(width)


def prompt_session(console: Console) -> PromptSession[str]:
    """The prompt, built once. History is given here, not per prompt, so that the file is read once
    and Up, Ctrl-R and the suggestions all see the same entries."""
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return PromptSession(
        "kg=> ",
        multiline=True,
        prompt_continuation=_continuation,
        lexer=PygmentsLexer(KgSparqlLexer),
        history=FileHistory(str(path)),
        auto_suggest=AutoSuggestFromHistory(),
        completer=ThreadedCompleter(DynamicCompleter(lambda: console.completer)),
        complete_while_typing=True,
        key_bindings=key_bindings(),
    )


def run(store_path: Path, write: bool = False, endpoint: Endpoint | None = None) -> int:
    """Run the console on a store, or on a remote store's endpoint; returns the exit status (1 if a
    scripted query failed)."""
    cache = ResultsCache(store_path)  # before opening: see kg.cache
    if endpoint is not None:
        db: ox.Store | kgstore.Reader | Endpoint = endpoint
    else:
        db = kgstore.open_store(store_path) if write else kgstore.open_reader(store_path)
    console = Console(db, store_path, cache, write=write, interactive=sys.stdin.isatty())
    if not console.interactive:
        try:
            console.run_script(sys.stdin.read())
        finally:
            console.close()
        return 1 if console.failed else 0
    console.refresh()
    if endpoint is None:
        console.start_worker()  # while the banner shows, so the first query does not wait for it
    os.environ.setdefault("LESS", "-SRXF")  # as pgcli: long lines cut, colours kept, the screen kept, one screen shown at once
    click.echo(BANNER.format(store=endpoint.url if endpoint else store_path, mode="read-write" if write else "read-only"))
    session = prompt_session(console)
    try:
        while console.running:
            console.follow()  # a build or an update finished meanwhile: its names for completion
            try:
                text = session.prompt(default=console.buffer)
            except KeyboardInterrupt:
                console.buffer = ""
                continue
            except EOFError:
                break
            _submit(console, text)
    finally:
        console.close()
    return 0


def _submit(console: Console, text: str) -> None:
    """Run what Enter handed over. A backslash command typed under an unfinished query runs on its own
    and the query stays in the buffer for the next prompt, as in psql (`\\r` clears it)."""
    found = split_command(text)
    if found is None:
        console.buffer = ""
        console.execute(strip_end(text))
        return
    query, command = found
    console.buffer = query.rstrip() + "\n" if query.strip() else ""
    console.execute(command)
