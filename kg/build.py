"""Build: articles -> extraction -> triples -> one named graph per article in the store.

Unchanged articles (same content hash) are skipped, changed ones replace their graph whole, and a bad
article is reported and skipped without touching what is already built.

Extraction runs in this process, in a pool of local processes (`workers`) or on a Dask cluster (`dask`).
The unit of work is the same everywhere, `extract_graphs` over one batch of articles, returning plain
statements as N-Triples; this process alone reads the files, compares hashes and writes the store, in input
order. At most a few batches are in flight at a time, so memory stays flat however large the corpus.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg import cache as kgcache
from kg import rules
from kg import store as kgstore
from kg.articles import find_articles, read_article
from kg.errors import KgError
from kg.graph import article_iri, to_triples
from kg.model import Article, BuildKey
from kg.workers import start_worker

AHEAD = 2  # batches in flight per worker: one being parsed, one waiting, so no worker idles
# Articles new to the store are written in bulk, this many at a time. Changed ones replace their graph in
# a transaction each; Oxigraph holds those in memory until a flush, so the store is flushed as often:
# memory stays flat however many articles a build writes (without, about 250 MB more per 1,000).
FLUSH_EVERY = 100
# A checkpoint for readers (kg.store.publish) after each bulk batch, and after articles replaced one by
# one at most this often, so a reader sees a finished article within about this long.
PUBLISH_SECONDS = 1.0


@dataclass
class BuildReport:
    built: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)  # one-line messages
    reread: Counter[str] = field(default_factory=Counter)  # why articles in the store were read again -> how many


@dataclass(frozen=True)
class ArticleGraph:
    """One article's statements as a worker hands them back."""

    article_id: str
    graph: str
    statements: kgstore.Statements = kgstore.Statements(b"")
    error: str | None = None  # why extraction failed on this article; then there are no statements


class _Result(Protocol):
    def result(self) -> list[ArticleGraph]: ...


def extract_graphs(articles: list[Article]) -> list[ArticleGraph]:
    """Parse one batch of articles and turn their facts into triples.

    This runs in worker processes, which load the spaCy model on their first batch and keep it.
    """
    from kg.extract import extract

    out = []
    for article, facts in zip(articles, extract(articles, errors=True), strict=True):
        graph = str(article_iri(article.id))
        if isinstance(facts, Exception):  # a rule that fails on one article must not end the build
            out.append(ArticleGraph(article.id, graph, error=f"{article.path}: extraction failed ({type(facts).__name__}: {facts})"))
        else:
            out.append(ArticleGraph(article.id, graph, kgstore.statements(to_triples(facts))))
    return out


@dataclass
class _Tally:
    """The report and the caller's callbacks, which the plan and the writer both advance."""

    report: BuildReport
    on_error: Callable[[KgError], None]
    on_article: Callable[[str], None]

    def fail(self, err: KgError, article_id: str) -> None:
        self.report.failed.append(str(err))
        self.on_error(err)
        self.on_article(article_id)


@dataclass
class BuildPlan:
    """Which input articles to extract, decided against the store as they are read: one whose graph was
    read from the same text, date and rules (kg.model.BuildKey) is counted and skipped, unless `force`;
    an unreadable one or a second file of the same name is reported. It remembers every graph still
    among the inputs, for --prune (an article that cannot be read this time keeps its graph), and the
    graphs the store has nothing of, which are written in bulk."""

    db: ox.Store
    tally: _Tally
    force: bool = False
    seen: set[str] = field(default_factory=set)
    new: set[str] = field(default_factory=set)
    files: dict[str, Path] = field(default_factory=dict)  # article id -> its file: one graph per name

    def articles(self, inputs: Sequence[Path], published: date | None) -> Iterator[Article]:
        for path in find_articles(inputs):
            try:
                article = read_article(path, published)
            except KgError as err:
                self.seen.add(str(article_iri(path.stem)))
                self.tally.fail(err, path.stem)
                continue
            graph = str(article_iri(article.id))
            self.seen.add(graph)
            if self.files.setdefault(article.id, path) != path:
                clash = f"same article name as {self.files[article.id]}: rename one, they would share a graph"
                self.tally.fail(KgError(clash, path=str(path)), article.id)
                continue
            key, old = BuildKey(article.sha256, article.published, rules.VERSION), kgstore.stored_key(self.db, graph)
            if old == key and not self.force:
                self.tally.report.unchanged += 1
                self.tally.on_article(article.id)
                continue
            if old is not None:
                self.tally.report.reread[reread_reason(old, key)] += 1
            if kgstore.is_new(self.db, graph):
                self.new.add(graph)
            yield article


def reread_reason(old: BuildKey, new: BuildKey) -> str:
    """Why an article in the store is read again, in the words `kg build` prints."""
    if old.sha256 != new.sha256:
        return "edited"
    if old.rules != new.rules:
        return f"rules {old.rules or 'unversioned'} → {new.rules}"
    if old.published != new.published:
        return "--published changed"
    return "--force"


class StoreWriter:
    """Writes a build's graphs and owns how. Graphs new to the store go in bulk, FLUSH_EVERY at a time
    (`kg.store.add_graphs` writes each content hash last, so an interrupted load is rebuilt); changed
    ones replace their graph in a transaction each, with a flush every FLUSH_EVERY articles. Readers see
    the writes through checkpoints published after each bulk batch, every PUBLISH_SECONDS while
    articles are replaced, and at the end. `finish` flushes, and clears the kept query results when the
    store changed."""

    def __init__(self, db: ox.Store, store_path: Path, tally: _Tally) -> None:
        self.db = db
        self.store_path = store_path
        self.tally = tally
        self.pending: list[ArticleGraph] = []
        self.published = time.monotonic()
        self.unpublished = False  # written since the last checkpoint

    def write(self, done: ArticleGraph, bulk: bool) -> None:
        if done.error:
            self.tally.fail(KgError(done.error), done.article_id)
        elif bulk:
            self.pending.append(done)
            if len(self.pending) == FLUSH_EVERY:
                self.write_pending()
        else:
            kgstore.replace_graph(self.db, done.graph, done.statements)
            self.tally.report.built += 1
            if self.tally.report.built % FLUSH_EVERY == 0:
                self.db.flush()
            self.unpublished = True
            if time.monotonic() - self.published >= PUBLISH_SECONDS:
                self.publish()
            self.tally.on_article(done.article_id)

    def publish(self) -> None:
        """A checkpoint of what is written so far, for readers."""
        kgstore.publish(self.db, self.store_path)
        self.published, self.unpublished = time.monotonic(), False

    def write_pending(self) -> None:
        batch, self.pending = self.pending, []
        kgstore.add_graphs(self.db, [(done.graph, done.statements) for done in batch])
        if batch or self.unpublished:  # also at the end of an interrupted build
            self.publish()
        for done in batch:
            self.tally.report.built += 1
            self.tally.on_article(done.article_id)

    def prune(self, keep: set[str]) -> None:
        """Remove the article graphs not among `keep`."""
        for graph in kgstore.article_graphs(self.db):
            if graph not in keep:
                kgstore.remove_graph(self.db, graph)
                self.tally.report.removed += 1
                self.unpublished = True

    def finish(self) -> None:
        self.db.flush()
        if self.unpublished:
            self.publish()
        if self.tally.report.built or self.tally.report.removed:
            kgcache.clear(self.store_path)


def build(
    inputs: Sequence[Path],
    store_path: Path,
    published: date | None = None,
    prune: bool = False,
    workers: int = 1,
    force: bool = False,
    dask: str | None = None,
    on_start: Callable[[int], None] = lambda total: None,
    on_error: Callable[[KgError], None] = lambda err: None,
    on_article: Callable[[str], None] = lambda article_id: None,
) -> BuildReport:
    """Build or update the store from article files and folders.

    `force` reads every article again, even those whose graph is up to date. `on_start` gets the
    number of article files before the first is read, `on_article` each article id once it is done
    (built, unchanged or failed), for a progress bar.
    """
    tally = _Tally(BuildReport(), on_error, on_article)
    db = kgstore.open_store(store_path, create=True)
    plan = BuildPlan(db, tally, force)
    writer = StoreWriter(db, store_path, tally)
    writer.unpublished = kgstore.put_ontology(db)
    on_start(sum(1 for _ in find_articles(inputs)))
    try:
        for done in extract_stream(plan.articles(inputs, published), workers, dask):
            writer.write(done, bulk=done.graph in plan.new)
    finally:  # an interrupted build (Ctrl-C, a worker that died) keeps the articles it has extracted
        writer.write_pending()
    if prune:
        writer.prune(plan.seen)
    writer.finish()
    return tally.report


def extract_stream(articles: Iterator[Article], workers: int = 1, dask: str | None = None) -> Iterator[ArticleGraph]:
    """The graphs of a stream of articles, in input order: here, on `workers` local processes, or on the
    Dask cluster at address `dask`."""
    from kg.extract import BATCH_SIZE

    batches = _batches(articles, BATCH_SIZE)
    if dask:
        yield from _on_dask(batches, dask)
        return
    first, second = next(batches, None), next(batches, None)
    if first is None or second is None or workers == 1:
        # One batch or less (a typical rebuild) is parsed here: starting workers would cost each of them
        # a model load, longer than parsing a batch.
        for batch in itertools.chain(filter(None, (first, second)), batches):
            yield from extract_graphs(batch)
        return
    # spawn, not fork: this process holds the store's database threads, which a fork would copy mid-state.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(),))
    try:
        yield from _in_order(lambda batch: pool.submit(extract_graphs, batch), itertools.chain([first, second], batches), AHEAD * workers)
    except BrokenProcessPool:
        raise KgError(f"a worker process died (out of memory? try fewer than --workers {workers})") from None
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the batches being parsed are dropped, not waited for
        for process in list(pool._processes.values()):  # the executor has no public kill before Python 3.14
            process.kill()
        raise
    finally:
        pool.shutdown(cancel_futures=True)


def _on_dask(batches: Iterator[list[Article]], address: str) -> Iterator[ArticleGraph]:
    """Extraction on the workers of a running Dask cluster; each worker process loads the model once."""
    try:
        from distributed import Client
    except ImportError:
        raise KgError("--dask needs Dask: pip install 'kg[dask]'") from None
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise KgError(f"cannot reach the Dask scheduler at {address} ({err})") from None
    with client:
        threads = sum(client.nthreads().values()) or 1
        yield from _in_order(lambda batch: client.submit(extract_graphs, batch, pure=False), batches, AHEAD * threads)


def _in_order(submit: Callable[[list[Article]], _Result], batches: Iterable[list[Article]], ahead: int) -> Iterator[ArticleGraph]:
    """Submit batches and yield their graphs in submission order, with at most `ahead` batches pending."""
    pending: deque[_Result] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _batches(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(itertools.islice(items, size)):
        yield batch
