"""Build: articles -> extraction -> triples -> one named graph per article in the store.

Unchanged articles (same content hash) are skipped, changed ones replace their graph whole, and a bad
article is reported and skipped without touching what is already built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.articles import find_articles, read_article
from kg.errors import KgError
from kg.model import Article

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one-line messages


def build(
    inputs: Iterable[Path],
    store_path: Path,
    published: date | None = None,
    prune: bool = False,
    workers: int = 1,
    on_error: Callable[[KgError], None] = lambda err: None,
    on_article: Callable[[str], None] = lambda article_id: None,
) -> BuildReport:
    """Build or update the store from article files and folders."""
    from kg import store as kgstore
    from kg.extract import extract
    from kg.graph import article_iri, to_triples

    report = BuildReport()
    db = kgstore.open_store(store_path, create=True)
    seen: set[str] = set()

    def changed_articles() -> Iterator[Article]:
        for path in find_articles(inputs):
            try:
                article = read_article(path, published)
            except KgError as err:
                report.failed.append(str(err))
                on_error(err)
                continue
            graph = str(article_iri(article.id))
            seen.add(graph)
            if kgstore.stored_hash(db, graph) == article.sha256:
                report.unchanged.append(article.id)
                on_article(article.id)
                continue
            yield article

    for facts in extract(changed_articles(), n_process=workers):
        graph = str(article_iri(facts.article.id))
        kgstore.replace_graph(db, graph, to_triples(facts))
        report.built.append(facts.article.id)
        on_article(facts.article.id)
    if prune:
        for graph in kgstore.article_graphs(db):
            if graph not in seen:
                kgstore.remove_graph(db, graph)
                report.removed.append(graph)
    db.flush()
    return report
