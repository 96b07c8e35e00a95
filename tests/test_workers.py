"""kg.workers, the one killable pool, with the query task that `kg query --timeout` and the console
give it: answers, errors with their positions, a store that cannot be opened, a task that overruns."""

from __future__ import annotations

import pytest

from kg.cache import Query, query_pool
from kg.errors import KgError
from kg.results import Layout
from kg.workers import Stopped

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def pool(built_store):
    pool = query_pool(built_store)
    yield pool
    pool.close()


def test_a_query_is_answered_and_the_worker_serves_the_next(pool):
    pool.warm()
    assert b"Armenia" in pool.run(Query("SELECT ?n WHERE { ?a skos:prefLabel ?n }", Layout.of("csv")), 30).data
    assert pool.run(Query("ASK {}", Layout.of("table")), 30).data == b"true\n"


def test_a_syntax_error_keeps_its_position_across_processes(pool):
    with pytest.raises(KgError) as caught:
        pool.run(Query("SELECT ?x\nWHERE { ?x ?y }", Layout.of("table")), 30)
    assert (caught.value.line, caught.value.message.startswith("SPARQL syntax error")) == (2, True)


def test_an_overrunning_task_is_stopped_and_its_worker_replaced(pool):
    with pytest.raises(Stopped) as caught:
        pool.run(Query(SLOW, Layout.of("table")), 1)
    assert caught.value.why == "timeout"
    assert pool.run(Query("ASK {}", Layout.of("table")), 30).data == b"true\n"


def test_a_store_that_cannot_be_opened_says_why(tmp_path):
    pool = query_pool(tmp_path / "nothing")
    try:
        with pytest.raises(KgError, match="no store here"):
            pool.run(Query("ASK {}", Layout.of("table")), 30)
    finally:
        pool.close()
