"""Real servers the endpoint and push tests talk to: `kg serve`, Oxigraph, Virtuoso and a basic-auth
proxy, each started on 127.0.0.1 at a free port, polled until it answers, and always stopped."""

from __future__ import annotations

import base64
import socket
import subprocess
import sysconfig
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import PackageNotFoundError, files
from pathlib import Path

from tests.conftest import require_tool

KG = Path(sysconfig.get_path("scripts")) / "kg"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Poll until the server answers any HTTP status; fail at once if it died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering at {url}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no answer at {url} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def kg_serve(*args: str) -> Iterator[str]:
    """`kg serve -p 0 ARGS` as a subprocess; yields the endpoint URL it prints."""
    with kg_serve_logging(*args) as (url, _):
        yield url


@contextmanager
def kg_serve_logging(*args: str, options: tuple[str, ...] = ()) -> Iterator[tuple[str, list[str]]]:
    """`kg OPTIONS serve -p 0 ARGS` as a subprocess; yields the endpoint URL it prints and a list that
    gathers the lines it writes to stderr after that (its log), read as they come so the pipe never
    fills and stalls the server."""
    process = subprocess.Popen([str(KG), *options, "serve", "-p", "0", *args], stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    try:
        line = process.stderr.readline()
        assert "SPARQL endpoint at " in line, line + process.stderr.read()
        reader.start()
        yield line.split("SPARQL endpoint at ")[1].split(",")[0], lines
    finally:
        stop(process)
        if reader.is_alive():
            reader.join(10)
        process.stderr.close()


def oxigraph_binary() -> str:
    """The server binary the PyPI package `oxigraph` installs (the `test` extra)."""
    try:
        found = [f for f in files("oxigraph") or [] if f.name == "oxigraph"]
    except PackageNotFoundError:
        found = []
    if not found:
        return require_tool("oxigraph")
    return str(found[0].locate())


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """An Oxigraph server with its default options (its default graph a graph of its own, not the union
    of the named graphs, as most stores have it); yields its base URL."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", process)
        yield base
    finally:
        stop(process)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {db}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """A Virtuoso with its files in `folder` and both ports on 127.0.0.1; yields its base URL.
    Its administrator is dba with password dba, Virtuoso's default."""
    binary = require_tool("virtuoso-t")
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(db=folder, sql_port=free_port(), http_port=http_port))
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{http_port}"
        wait_for(base + "/sparql", process)
        yield base
    finally:
        stop(process)



@contextmanager
def basic_auth_proxy(target: str, user: str, password: str) -> Iterator[str]:
    """A reverse proxy asking for HTTP basic auth in front of `target`, as nginx or Apache put in
    front of a store that has no login of its own; yields its base URL."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Proxy(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="store"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            request = urllib.request.Request(target + self.path, data=body or None, headers=headers, method=self.command)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, data, media = response.status, response.read(), response.headers.get("Content-Type")
            except urllib.error.HTTPError as err:
                status, data, media = err.code, err.read(), err.headers.get("Content-Type")
            self.send_response(status)
            if media:
                self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _forward  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    with local_server(Proxy) as url:
        yield url.rstrip("/")


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A small HTTP server of the test's own on a free port of 127.0.0.1, in a thread; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
