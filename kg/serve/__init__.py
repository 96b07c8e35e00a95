"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the store, for browsers and other RDF tools.

Our own rather than the `oxigraph` server binary, because the binary cannot be told what we need from
a public endpoint: it has no read-only mode for the protocol (its /update and /store accept writes), no
way to refuse SERVICE (which would let any visitor make the server fetch arbitrary URLs), no row cap,
and does not know the project's prefixes or our store's marker and format checks.

answers.py knows the formats and runs queries in the worker processes (kg.workers), app.py speaks
HTTP, page.py is the query form, description.py the Service Description. Starlette and uvicorn are
imported only here, when a server starts, so other commands never pay for them.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from kg.errors import KgError


def serve(
    store_path: Path,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    allow_service: bool,
    workers: int,
    on_ready: Callable[[str], None],
) -> None:
    """Serve until interrupted; `on_ready` gets the endpoint's URL once it accepts connections."""
    import uvicorn

    from kg import store as kgstore
    from kg.cache import ResultsCache
    from kg.serve.answers import open_worker, run_job
    from kg.serve.app import Settings, make_app
    from kg.workers import WorkerPool, interrupt_on_sigterm

    # Fail with a clear message here, not in every worker.
    kgstore.open_reader(store_path)  # let go at once: only the workers hold a checkpoint open
    ResultsCache(store_path)  # KG_KEEP_SECONDS
    try:  # bound here, so a busy port is a one-line error and `-p 0` knows its port before serving
        sock = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as err:
        raise KgError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    pool = WorkerPool(workers, open_worker, (str(store_path), max_rows), run_job)
    app = make_app(Settings(pool, timeout, max_rows, allow_service))
    # "auto" picks httptools and uvloop, installed with kg: C parser and event loop for a small query's round
    # trip. No log_config: the access lines (uvicorn.access) go where kg.cli sends every log, to stderr.
    config = uvicorn.Config(app, http="auto", loop="auto", lifespan="off", log_config=None, server_header=False,
                            timeout_graceful_shutdown=1)  # fmt: skip
    interrupt_on_sigterm()  # uvicorn passes the signal on after its shutdown: workers stop too
    shown = f"[{host}]" if ":" in host else host
    on_ready(f"http://{shown}:{sock.getsockname()[1]}/sparql")
    class Server(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            pool.close()  # queries still running end now, so their requests finish within the grace period
            await super().shutdown(sockets)

    try:
        Server(config).run(sockets=[sock])
    finally:
        sock.close()
        pool.close()
