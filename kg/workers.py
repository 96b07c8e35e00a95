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
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)


class Stopped(Exception):
    """A task got no answer: `why` is "busy" (no worker free in time), "timeout", "cancelled" (Ctrl-C
    while waiting), "died" or "closed"."""

    def __init__(self, why: str, seconds: float | None) -> None:
        super().__init__(why)
        self.why = why
        self.seconds = seconds


class _Late(Exception):
    """No word from a worker in the time given."""


def interrupt_on_sigterm() -> None:
    """SIGTERM ends `kg build` and `kg serve` as Ctrl-C does: through their own clean-up, in one line."""
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def start_worker(parent: int) -> None:
    """The start of every worker process (query workers here, a build's parsers). Ctrl-C in a terminal
    reaches the whole process group: the parent decides, and kills its workers if it must. And the
    worker ends when the parent `parent` dies, by any signal (kill -9 and the out-of-memory killer
    included), rather than hold its memory waiting on a pipe no one writes: a daemon thread looks twice a
    second, since a killed parent cannot say so, and prctl's parent-death signal would follow the thread
    that started the worker, not the process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _worker_main(conn: Connection, parent: int, setup: Callable[..., Any], args: tuple, task: Callable[[Any, Any], Any]) -> None:
    """A worker process: `setup(*args)` once (opening the store), saying when it is ready or why it
    failed, then `task(state, job)` for each job until the pipe closes. A task's exception goes back
    to the caller; the worker goes on."""
    start_worker(parent)
    try:
        state = setup(*args)
    except Exception as err:  # the caller hears why, and starts another worker
        conn.send((False, err))
        return
    conn.send((True, None))
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
    def __init__(self, context: multiprocessing.context.SpawnContext, target_args: tuple) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, os.getpid(), *target_args), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float | None) -> None:
        """Wait for the word that setup is done; raises _Late, or the error setup raised."""
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise _Late
        ok, reply = self.conn.recv()
        if not ok:
            raise reply
        self.ready = True

    def answer(self, timeout: float | None) -> tuple[bool, Any]:
        """The reply to the job just sent, once the worker is ready: `timeout` bounds both waits."""
        deadline = None if timeout is None else time.monotonic() + timeout
        self.wait_ready(timeout)
        if not self.conn.poll(None if deadline is None else max(deadline - time.monotonic(), 0)):
            raise _Late
        return self.conn.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """`workers` processes, each made ready by `setup(*args)`, that run `task(state, job)`.

    `setup` and `task` must be module-level functions, since spawned workers import them by name.
    Safe to use from many threads at once.
    """

    def __init__(self, workers: int, setup: Callable[..., Any], args: tuple, task: Callable[[Any, Any], Any]) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._target_args = (setup, args, task)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()  # guards _workers and _closed
        self._workers: set[_Worker] = set()
        self._closed = False
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        with self._lock:
            if self._closed:
                return
            worker = _Worker(self._context, self._target_args)
            self._workers.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Stop a worker that overran or died, and start another in its place unless the pool is closed."""
        worker.stop()
        with self._lock:
            self._workers.discard(worker)
        self._add()

    def run(self, job: Any, timeout: float | None) -> Any:
        """`task(state, job)` in a free worker: waits at most `timeout` seconds (None: as long as it
        takes) for one to be free, and as long again for the answer. Ctrl-C while it waits kills the
        worker, as a timeout does. Raises `Stopped`, or what the task raised."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Stopped("closed" if self._closed else "busy", timeout) from None
        try:
            worker.conn.send(job)
            ok, reply = worker.answer(timeout)
        except _Late:
            self._replace(worker)
            log.info("task stopped after %s s", timeout)  # the caller says so to its user: here for --debug
            raise Stopped("timeout", timeout) from None
        except KeyboardInterrupt:
            self._replace(worker)
            raise Stopped("cancelled", timeout) from None
        except (EOFError, OSError):  # the worker died (out of memory?) or the pool was closed
            self._replace(worker)
            raise Stopped("closed" if self._closed else "died", timeout) from None
        except Exception:  # its setup failed: another worker will try again
            self._replace(worker)
            raise
        self._idle.put(worker)
        if not ok:
            raise reply
        return reply

    def warm(self) -> None:
        """Wait until the free workers are ready, so that the next task is timed without their start;
        a worker whose setup failed is replaced and its error raised."""
        for _ in range(self._idle.qsize()):
            worker = self._idle.get()
            try:
                worker.wait_ready(None)
            except (EOFError, OSError):  # died: the next task says so
                self._replace(worker)
            except BaseException:
                self._replace(worker)
                raise
            else:
                self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker; a task still running ends at once, its caller getting Stopped("closed")."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
        for worker in workers:  # a busy worker's caller sees its pipe close, and stops it
            worker.process.kill()
        while not self._idle.empty():
            self._idle.get().stop()
