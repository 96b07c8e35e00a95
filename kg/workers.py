"""Worker processes that run tasks over a read-only store with a time limit, killed when they overrun.

pyoxigraph cannot cancel a running query, so a query runs in one of a few worker processes, each
holding its own read-only store. A task that outlives its time gets its worker killed and replaced;
the caller gets `Stopped` and never blocks longer than the limit. The cost is one pipe round trip per
task (well under a millisecond for small results) and a spare process per worker.

Workers are spawned, not forked: forking a process that runs server threads can copy a held lock.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)


class Stopped(Exception):
    """A task got no answer: `why` is "busy" (no worker free in time), "timeout" or "died"."""

    def __init__(self, why: str, seconds: float) -> None:
        super().__init__(why)
        self.why = why
        self.seconds = seconds


def _worker_main(conn: Connection, setup: Callable[..., Any], args: tuple, task: Callable[[Any, Any], Any]) -> None:
    """A worker process: `setup(*args)` once (opening the store), then `task(state, job)` for each job
    until the pipe closes. A task's exception goes back to the caller; the worker goes on."""
    state = setup(*args)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            reply = (True, task(state, job))
        except Exception as err:  # the caller re-raises it; this worker stays usable
            reply = (False, err)
        conn.send(reply)


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, target_args: tuple) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, *target_args), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """`workers` processes, each made ready by `setup(*args)`, that run `task(state, job)`.

    `setup` and `task` must be module-level functions, since spawned workers import them by name.
    """

    def __init__(self, workers: int, setup: Callable[..., Any], args: tuple, task: Callable[[Any, Any], Any]) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._target_args = (setup, args, task)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self._idle.put(self._new())

    def _new(self) -> _Worker:
        return _Worker(self._context, self._target_args)

    def run(self, job: Any, timeout: float) -> Any:
        """`task(state, job)` in a free worker: waits at most `timeout` seconds for one to be free, and
        as long again for the answer. Raises `Stopped`, or what the task raised."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Stopped("busy", timeout) from None
        worker.conn.send(job)
        if not worker.conn.poll(timeout):
            worker.stop()
            self._idle.put(self._new())
            log.warning("task stopped after %g s", timeout)
            raise Stopped("timeout", timeout)
        try:
            ok, reply = worker.conn.recv()
        except EOFError:  # the worker died (out of memory?): replace it like a timed-out one
            worker.stop()
            self._idle.put(self._new())
            raise Stopped("died", timeout) from None
        self._idle.put(worker)
        if not ok:
            raise reply
        return reply

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().stop()
