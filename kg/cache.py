"""Finished query results kept in the store's folder and given again while the store is unchanged.

A store changes only when a build or `kg console --write` writes it, and each write changes its files.
So a result is kept under a fingerprint of those files (names, sizes, modification times), taken before
the store was opened, and is kept and reused only while the files still match it: a write since, from
any process, makes every kept result stale. Named queries over a large store return every row (190,000
for `actors` over 10,000 articles) and take seconds in Oxigraph, mostly sorting; asked again, they come
from here in milliseconds.

Only results that took at least MIN_SECONDS are kept (the environment variable KG_KEEP_SECONDS sets
another bound: 0 keeps every result, inf none), at most MAX_BYTES of them, the least recently used going
first. A folder that cannot be written (a read-only disk, a full one) only means nothing is kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import pyoxigraph as ox

from kg import store as kgstore
from kg.errors import KgError
from kg.results import Layout, Written, write_results
from kg.workers import WorkerPool

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from kg.remote import Endpoint

FOLDER = "kg-results"
MIN_SECONDS = 0.1  # quicker ones feel instant anyway: keeping them would only fill the disk
MAX_BYTES = 1 << 30
# Files a reader or the cache itself may touch without the data changing.
_IGNORED = {FOLDER, "LOCK", "LOG"}


# What a reader needs to know of a result besides its bytes: kg.results.Written for `kg query` and the
# console, the HTTP status and media type for `kg serve`. A plain dataclass of JSON values, kept as the
# first line of a kept result's file.
About = TypeVar("About", bound="DataclassInstance")


@dataclass(frozen=True)
class Output(Generic[About]):
    """A query's result as written for its reader, and what the reader needs to know of it."""

    data: bytes
    about: About
    kept: bool = False  # given again from an earlier run


def compute(db: ox.Store | Endpoint, sparql: str, layout: Layout) -> Output[Written]:
    """Run the query now, on a local store or a remote endpoint, for `kg query` and the console."""
    buffer = io.BytesIO()
    written = write_results(kgstore.query(db, sparql), layout, buffer)
    return Output(buffer.getvalue(), written)


@dataclass(frozen=True)
class Query:
    """A query for a worker process (kg.workers): its text and how to write its result."""

    sparql: str
    layout: Layout


def compute_query(reader: kgstore.Reader, query: Query) -> Output[Written]:
    """A query worker's task, which `kg query --timeout` and the console hand to kg.workers so that a
    query can be stopped: pyoxigraph cannot cancel one, but its process can be killed."""
    return compute(reader.fresh(), query.sparql, query.layout)


def query_pool(store_path: Path) -> WorkerPool:
    """One worker that runs queries on the store, for `kg query --timeout` and the console."""
    return WorkerPool(1, kgstore.open_reader, (str(store_path),), compute_query)


def fingerprint(store: Path) -> str:
    """The state of the store's files: any write changes it. Reading them does not."""
    digest = hashlib.sha256()
    with os.scandir(store) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name in _IGNORED or entry.name.startswith("LOG.old"):
                continue
            stat = entry.stat()
            digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def clear(store: Path) -> None:
    """Remove every kept result: after a build they are all stale, and may be large."""
    shutil.rmtree(Path(store) / FOLDER, ignore_errors=True)


class ResultsCache:
    """The kept results of one store, as of the moment this object was made: make it before opening the
    store, so that what the opened store shows is never older than the fingerprint."""

    def __init__(self, store: Path) -> None:
        self.store = Path(store)
        self.folder = self.store / FOLDER
        try:
            self.state: str | None = fingerprint(self.store)
        except OSError:  # no store there: opening it says so
            self.state = None
        setting = os.environ.get("KG_KEEP_SECONDS", str(MIN_SECONDS))
        try:
            self.keep_after = float(setting)
        except ValueError:
            raise KgError(f"KG_KEEP_SECONDS={setting!r}: give seconds (0 keeps every result, inf none)") from None

    def answer(self, sparql: str, fmt: str, run: Callable[[], Output[About]], about: type[About]) -> Output[About]:
        """The query's result in `fmt` (any name of what `run` writes): kept from an earlier run on this
        very state, or `run` now. `about` is the type of what `run` tells of its result."""
        key = hashlib.sha256(f"{ox.__version__}\0{fmt}\0{sparql}".encode("utf-8", "surrogateescape")).hexdigest()
        path = self.folder / f"{(self.state or '')[:32]}-{key[:32]}"
        kept = self._read(path, about) if self._unchanged() else None
        if kept is not None:
            return kept
        started = time.monotonic()
        answer = run()
        if time.monotonic() - started >= self.keep_after and self._unchanged():  # no write while it ran
            self._write(path, answer)
        return answer

    def _unchanged(self) -> bool:
        try:
            return self.state is not None and fingerprint(self.store) == self.state
        except OSError:
            return False

    @staticmethod
    def _read(path: Path, about: type[About]) -> Output[About] | None:
        try:
            with path.open("rb") as f:
                header = about(**json.loads(f.readline()))
                data = f.read()
            os.utime(path)  # recently used: evicted last
        except (OSError, ValueError, TypeError):  # TypeError: a header of another kg version
            return None
        return Output(data, header, kept=True)

    def _write(self, path: Path, answer: Output[About]) -> None:
        header = json.dumps(dataclasses.asdict(answer.about)).encode() + b"\n"
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            self.folder.mkdir(exist_ok=True)
            self._evict(len(header) + len(answer.data))
            with partial.open("wb") as f:
                f.write(header)
                f.write(answer.data)
            partial.replace(path)  # whole or not at all, for readers in other processes
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)

    def _evict(self, incoming: int) -> None:
        """Room for `incoming` bytes: results of earlier states go, then the least recently used."""
        current = f"{(self.state or '')[:32]}-"
        kept = []
        for entry in os.scandir(self.folder):
            if not entry.name.startswith(current):
                Path(entry.path).unlink(missing_ok=True)
            elif entry.is_file():
                stat = entry.stat()
                kept.append((stat.st_mtime, stat.st_size, Path(entry.path)))
        total = sum(size for _, size, _ in kept) + incoming
        for _, size, path in sorted(kept):
            if total <= MAX_BYTES:
                break
            path.unlink(missing_ok=True)
            total -= size
