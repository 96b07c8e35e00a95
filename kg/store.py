"""The persistent Oxigraph store: one named graph per article, the union of them as default graph, and
the ontology in a named graph of its own, outside that union.

The union is kept as data in the default graph, each triple once, not computed per query: Oxigraph's
computed union keeps a triple once per article that states it, so joins over actors named in hundreds of
articles multiply and counts come out wrong. Each article's update keeps the default graph in step.

Writers publish checkpoints of finished states and readers open those, never the folder a writer is
changing: pyoxigraph leaves reading beside a writer undefined.

This is the one module that opens the store. It speaks pyoxigraph where speed and safety live
(transactions, bulk loading, checkpoints, read-only opening) and hands the rest plain quads.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import KgError, one_line
from kg.graph import Triple
from kg.model import BuildKey
from kg.sparql import is_update, strip_end, syntax_error
from kg.updates import Reach, Row, mending, reach
from kg.vocab import KG, ONTOLOGY_IRI, PREFIXES

if TYPE_CHECKING:  # a remote store answers kg's queries too (`--endpoint`)
    from typing import TypeAlias

    from kg.remote import Endpoint

    Queryable: TypeAlias = ox.Store | Endpoint

FORMAT_VERSION = 2  # 1 had no default graph: a writable opening upgrades it
_MARKER = "kg-store.json"  # beside Oxigraph's files: says the folder is a kg store, and of which format
# Finished states of the store, which readers open (see publish and Reader): no reader ever opens the
# folder a writer is changing, which pyoxigraph calls undefined behaviour.
CHECKPOINTS = "kg-checkpoints"
# The shared locks of checkpoints opened by `open_store(read_only=True)`, held while the process lives:
# a pyoxigraph Store can carry no lock of its own, and a command that reads once ends soon.
_PINNED: list[int] = []


def _marker(path: Path) -> Path:
    return path / _MARKER


def open_store(path: str | Path, create: bool = False, read_only: bool = False) -> ox.Store:
    """Open the store at `path`; `create` makes one in a missing or empty folder.

    A read-only opening is the store's newest checkpoint, for a command that reads once: it keeps the
    checkpoint from removal while the process lives. A reader that lives on (a console, a serve worker)
    uses `open_reader`, which follows newer checkpoints and lets the old go. Either works while a build
    or a console writes the store.
    """
    path = Path(path)
    version = _check(path, create, read_only)
    if version is None:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
        _marker(path).write_text(json.dumps({"format": FORMAT_VERSION}) + "\n")
        publish(store, path)
        return store
    if version == 1:
        return _upgrade(path)
    if read_only:
        _, db, held = _open_newest(path)
        _PINNED.append(held)
        return db
    store = _open(path, ox.Store)
    if _newest(path) is None:  # a store from before checkpoints: readers need one
        publish(store, path)
    return store


def _check(path: Path, create: bool, read_only: bool) -> int | None:
    """The store's format, after refusing what is no kg store, or one this kg cannot read; None when
    `create` may make one here."""
    marker = _marker(path)
    if path.exists() and not path.is_dir():
        raise KgError("not a folder: --store names the folder of a store", path=str(path))
    if not marker.exists():
        if create and (not path.exists() or not any(path.iterdir())):
            return None
        if not path.exists():
            raise KgError("no store here: run `kg build ARTICLES --store DIR` first", path=str(path))
        raise KgError("not a kg store (no kg-store.json): refusing to touch it", path=str(path))
    version = _format_version(marker)
    if version == 1 and read_only:
        raise KgError("store format 1 has no default graph yet: `kg build` on it upgrades it", path=str(path))
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise KgError(f"store format {version} is newer than this kg reads (format {FORMAT_VERSION}): upgrade kg", path=str(path))
    if version not in (1, FORMAT_VERSION) or not isinstance(version, int):
        raise KgError(f"store format {json.dumps(version)} is not supported (this kg reads format {FORMAT_VERSION})", path=str(path))
    return version


def _open(path: Path, opener: Callable[[str], ox.Store]) -> ox.Store:
    try:
        return opener(str(path))
    except (OSError, RuntimeError) as err:  # RocksDB reports damage as RuntimeError
        if "lock" in str(err).lower():
            raise KgError("store is locked by another kg process (a running build?)", path=str(path)) from None
        raise KgError(f"the store's database is missing or damaged, rebuild it ({one_line(err)})", path=str(path)) from None


def publish(db: ox.Store, path: Path) -> None:
    """Make the store's state as it is a checkpoint for readers. RocksDB's checkpoint hard-links the
    database files, so it is cheap; it is made under a hidden name and renamed whole, so a reader never
    meets half of one. Every reader holds a shared lock on the checkpoint it has open, so a superseded
    checkpoint goes as soon as no reader holds it: the folder keeps the newest and those in use, however
    often a long build publishes (each would otherwise keep alive the files compaction has replaced)."""
    folder = path / CHECKPOINTS
    folder.mkdir(exist_ok=True)
    for entry in folder.iterdir():
        if entry.name.startswith("."):  # left by a writer killed while it made one
            shutil.rmtree(entry, ignore_errors=True)
    name = f"{time.time_ns():020d}"
    db.backup(str(folder / f".{name}"))
    os.rename(folder / f".{name}", folder / name)
    done = sorted(e for e in folder.iterdir() if not e.name.startswith("."))
    for old in done[:-1]:
        _remove_unheld(old)


def _remove_unheld(checkpoint: Path) -> None:
    """Remove a checkpoint unless a reader holds its shared lock."""
    try:
        fd = os.open(checkpoint, os.O_RDONLY)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        shutil.rmtree(checkpoint, ignore_errors=True)
    except BlockingIOError:
        pass  # open in a reader: the next publish tries again
    finally:
        os.close(fd)


def _newest(path: Path) -> Path | None:
    try:
        names = [e for e in (path / CHECKPOINTS).iterdir() if not e.name.startswith(".")]
    except OSError:
        return None
    return max(names, default=None)


def open_reader(path: str | Path) -> Reader:
    """A reader that lives on (an open console, a query worker), after the checks `open_store` makes."""
    _check(Path(path), create=False, read_only=True)
    return Reader(Path(path))


class Reader:
    """A store's newest checkpoint, open read-only under a shared lock (so no writer removes it while
    open); `fresh()` switches to a newer one once a writer has published it, and lets the old one go.
    Each checkpoint is a whole transaction's state: a reader sees every finished article or none of it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.switching = threading.Lock()  # a console reads from its prompt and from its names' refresh
        self.name, self.db, self.lock = _open_newest(path)

    def fresh(self) -> ox.Store:
        """The newest checkpoint's store: a look at one folder when nothing changed."""
        with self.switching:
            newest = _newest(self.path)
            if newest is not None and newest.name != self.name:
                old = self.lock
                self.name, self.db, self.lock = _open_newest(self.path)
                os.close(old)
            return self.db

    def __del__(self) -> None:
        if hasattr(self, "lock"):  # not when the opening failed
            os.close(self.lock)


def _open_newest(path: Path) -> tuple[str, ox.Store, int]:
    """The newest checkpoint, opened read-only, and the descriptor holding its shared lock. One removed
    between the look and the lock means a newer one is there: look again."""
    for _ in range(_READ_ATTEMPTS):
        newest = _newest(path)
        if newest is None:
            _first_checkpoint(path)
            continue
        try:
            held = os.open(newest, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(held, fcntl.LOCK_SH)
            if (newest / "CURRENT").exists():
                return newest.name, _open(newest, ox.Store.read_only), held
        except BaseException:
            os.close(held)
            raise
        os.close(held)
    raise KgError("the store's checkpoints change faster than they can be opened", path=str(path))


def _first_checkpoint(path: Path) -> None:
    """A checkpoint of a store from before checkpoints, made by opening it for writing; a store with no
    database at all is named damaged, as a read-only opening names it (a writable one would make one)."""
    if not (path / "CURRENT").exists():
        _open(path, ox.Store.read_only)
    try:
        publish(_open(path, ox.Store), path)
    except KgError as err:
        if "locked" not in str(err):
            raise
        raise KgError("store has no checkpoint for readers yet: try again once the build holding it has written", path=str(path)) from None


_READ_ATTEMPTS = 5


def _upgrade(path: Path) -> ox.Store:
    """Format 1 -> 2: the union of the article graphs written into the default graph, in one update."""
    store = ox.Store(str(path))
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.flush()
    _marker(path).write_text(json.dumps({"format": FORMAT_VERSION}) + "\n")
    publish(store, path)
    return store


def _format_version(marker: Path) -> object:
    """The format kg-store.json states, or a KgError saying the marker itself is damaged."""
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not JSON"
        raise KgError(f"damaged store marker ({reason}); it should read {{\"format\": {FORMAT_VERSION}}}", path=str(marker)) from None
    if not isinstance(data, dict) or "format" not in data:
        raise KgError(f'damaged store marker (no "format"); it should read {{"format": {FORMAT_VERSION}}}', path=str(marker))
    return data["format"]


def stored_key(store: ox.Store, graph: str) -> BuildKey | None:
    """What the store's graph of an article was read from, or None if the article is new or its graph
    has no content hash (a bulk load cut short)."""
    node = ox.NamedNode(graph)

    def value(predicate: str) -> str | None:
        found = (q.object for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, node))
        return next((term.value for term in found if isinstance(term, ox.Literal)), None)

    sha256 = value(KG + "contentHash")
    if sha256 is None:
        return None
    published = value(str(DCTERMS.issued))
    return BuildKey(sha256, date.fromisoformat(published) if published else None, value(KG + "rulesVersion"))


_HASH = URIRef(KG + "contentHash")


@dataclass(frozen=True)
class Statements:
    """One article's triples as the store takes them: N-Triples written by pyoxigraph where the triples
    are made (bytes cross to the writing process many times faster than thousands of terms), and apart
    from them the content hash, which marks the article built and so is written last."""

    triples: bytes
    marks: tuple[ox.Triple, ...] = ()


def statements(triples: Iterable[Triple]) -> Statements:
    """Triples from kg.graph, turned into pyoxigraph's terms here, at the store's boundary."""
    kept: list[ox.Triple] = []
    marks: list[ox.Triple] = []
    for s, p, o in triples:
        (marks if p == _HASH else kept).append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), _term(o)))
    return Statements(_n_triples(kept), tuple(marks))


def _n_triples(triples: Iterable[ox.Triple]) -> bytes:
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return out.getvalue()


def _term(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    if not isinstance(term, Literal):
        return ox.NamedNode(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype))
    return ox.Literal(str(term))


def is_new(store: ox.Store, graph: str) -> bool:
    """Whether the store has nothing of an article yet, not even part of a graph an interrupted build left."""
    return not store.contains_named_graph(ox.NamedNode(graph))


def add_graphs(store: ox.Store, graphs: list[tuple[str, Statements]]) -> None:
    """Write the graphs of articles new to the store, three times faster than `replace_graph` and in
    bulk, which is not one transaction. So the content hashes, which mark articles built, go last and in
    a transaction, and the default graph's copies go after their graph: an interrupted load leaves graphs
    without a hash, which the next build replaces whole, and every default-graph triple it left is in
    such a graph, so replacing them removes it."""
    if not graphs:
        return
    store.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, name)
        for graph, data in graphs
        for name in (ox.NamedNode(graph),)
        for t in ox.parse(data.triples, ox.RdfFormat.N_TRIPLES)
    )
    store.bulk_load(b"".join(data.triples for _, data in graphs), ox.RdfFormat.N_TRIPLES)
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object, name)
        for graph, data in graphs
        for t in data.marks
        for name in (ox.NamedNode(graph), ox.DefaultGraph())
    )


def replace_graph(store: ox.Store, graph: str, data: Statements) -> None:
    """Swap an article's graph for new statements in one update, which Oxigraph runs as one transaction:
    a crash leaves the old graph or the new one, never half of either, and the default graph in step.
    N-Triples is also SPARQL data, so pyoxigraph's own writing is the update's text."""
    text = (data.triples + _n_triples(data.marks)).decode()
    store.update(f"{_drop(graph)} ;\nINSERT DATA {{\n{text}GRAPH <{graph}> {{\n{text}}} }}")


def remove_graph(store: ox.Store, graph: str) -> None:
    store.update(_drop(graph))


def _drop(graph: str) -> str:
    """Remove an article's graph, and from the default graph the triples no other article states."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN (<{graph}>, <{ONTOLOGY_IRI}>)) }} }} ;\n"
        f"DROP SILENT GRAPH <{graph}>"
    )


def article_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every statement of every article graph, without the default graph's copy of their union or the ontology."""
    quads = store.quads_for_pattern(None, None, None, None)
    return (q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != _ONTOLOGY)


def article_graphs(store: ox.Store) -> list[str]:
    """The named graphs of articles: every named graph but the ontology's."""
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g != _ONTOLOGY)


def put_ontology(store: ox.Store) -> bool:
    """Write ontology/kg.ttl into its own named graph (ONTOLOGY_IRI) unless that graph already holds
    this very file; whether it wrote. It is no article: it stays out of the default graph, so plain
    queries, counts and exports read the articles alone, and `GRAPH kg-ontology { ... }` reads the
    class hierarchy. The file's hash goes last, as an article's does, so a write cut short is redone."""
    data = (files("kg.ontology") / "kg.ttl").read_bytes()
    sha256 = ox.Literal(hashlib.sha256(data).hexdigest())
    if ox.Quad(_ONTOLOGY, _SHA256, sha256, _ONTOLOGY) in store:
        return False
    store.update(f"DROP SILENT GRAPH <{ONTOLOGY_IRI}>")
    store.load(data, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI, to_graph=_ONTOLOGY)
    store.add(ox.Quad(_ONTOLOGY, _SHA256, sha256, _ONTOLOGY))
    return True


_ONTOLOGY = ox.NamedNode(ONTOLOGY_IRI)
_SHA256 = ox.NamedNode("https://schema.org/sha256")


QueryResult = ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean


Graphs = list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]


def query(
    store: Queryable,
    sparql: str,
    base_iri: str | None = None,
    default_graph: Graphs | None = None,
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
) -> QueryResult:
    """Run a SPARQL query over the union of the article graphs, with the project's prefixes declared.

    `default_graph` and `named_graphs` replace the dataset, FROM and FROM NAMED included (the SPARQL
    protocol's `default-graph-uri` and `named-graph-uri`); `base_iri` resolves relative IRIs.
    An update is refused here, on the read path, with a pointer to where updates run.
    """
    if is_update(sparql):
        raise KgError("SPARQL update refused: queries only read the store (updates run in `kg console --write`)")
    try:
        return store.query(sparql, prefixes=PREFIXES, base_iri=base_iri, default_graph=default_graph, named_graphs=named_graphs)
    except SyntaxError as err:
        raise syntax_error(err, sparql) from None


def select(store: Queryable, sparql: str) -> ox.QuerySolutions:
    """Run a SELECT that kg itself wrote (stats, the view, the console's names): its solutions, typed so."""
    result = query(store, sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {sparql[:60]}")
    return result


def _mend(store: ox.Store, reach: Reach | None) -> str:
    """The operations that make the default graph the union again after an update of this reach, for
    the same transaction (kg.updates.mending). The triples of the graphs it reaches are read before it
    runs, which is sound because the caller is the store's one writer; in VALUES, a blank node or a
    quoted triple stands for any term."""
    if reach is None:
        return mending(None)
    rows: set[Row] = {tuple(None if t is None else str(_term(t)) for t in p) for p in reach.patterns}
    for graph in reach.graphs:
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        rows.update(tuple(str(t) if isinstance(t, ox.NamedNode | ox.Literal) else None for t in q.triple) for q in quads)
    return mending(rows)


def update(store: ox.Store, sparql: str) -> None:
    """Run a SPARQL update (the console's --write), with the project's prefixes declared, in one
    transaction with the operations that mend the union (`_mend`): afterwards a triple is in the
    default graph exactly when some article graph holds it, so plain and GRAPH queries agree. Only
    what the update can have changed is looked at, so an update of one article costs little however
    large the store."""
    text = strip_end(sparql)
    mend = _mend(store, reach(text, PREFIXES))
    try:
        store.update(f"{text}\n;\n{mend}" if mend else text, prefixes=PREFIXES)
    except SyntaxError:
        # The update alone, on an empty store, for positions in the user's own text: it fails to parse
        # as it did with the mending after it, so nothing runs.
        try:
            ox.Store().update(text, prefixes=PREFIXES)
        except SyntaxError as err:
            raise syntax_error(err, sparql) from None
        raise
