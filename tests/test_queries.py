"""Named queries' parameters, in `kg query`, the console's `\\n` and `kg serve`'s /queries/NAME, on a real
store: each narrows the rows as documented, none gives every row, and hostile values match nothing."""

from __future__ import annotations

import csv
import io
import subprocess
import urllib.parse

import pytest
from rdflib import Graph

from kg import store as kgstore
from kg.queries import PAGING, bind, catalogue, find
from kg.vocab import DATA_BASE, KG
from tests.conftest import run
from tests.servers import KG as KG_COMMAND
from tests.servers import kg_serve
from tests.test_serve import http

XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# Quotes, braces, a backslash, a line break, a comment and an update: each must stay one string.
HOSTILE = ['x" } ; DROP ALL ; #', "a'b\\\"c", "}\n} SELECT * WHERE { ?s ?p ?o ", '""" } ?x', "Egypt' || true || '"]


def _meeting(key: str, date: str | None, *participants: str) -> str:
    """A meeting of the given actors in an article graph, dated at the date's own precision."""
    node = f"<{DATA_BASE}meeting/{key}>"
    lines = [f"{node} a <{KG}Meeting> .", f"{node} <{KG}mainEvidence> <{DATA_BASE}sentence/{key}> ."]
    lines.append(f'<{DATA_BASE}sentence/{key}> <{KG}inArticle> <{DATA_BASE}article/periods> ; <{KG}text> "Meeting {key}." .')
    lines.append(f"{node} <{KG}status> <{KG}held> .")
    lines += [f"{node} <{KG}participant> <{DATA_BASE}actor/{p.lower()}> ." for p in participants]
    lines += [f'<{DATA_BASE}actor/{p.lower()}> <{SKOS}prefLabel> "{p}" .' for p in participants]
    if date:
        kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(date)]
        lines.append(f'{node} <{KG}date> "{date}"^^<{XSD}{kind}> .')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def periods(tmp_path_factory):
    """A store with one article whose meetings are dated to a year, a month, a day, or not at all."""
    path = tmp_path_factory.mktemp("periods") / "kg-store"
    db = kgstore.open_store(path, create=True)
    article = f"{DATA_BASE}article/periods"
    data = f'<{article}> a <{KG}Article> ; <{KG}fileName> "periods.txt" .\n'
    data += _meeting("year", "2025", "Ann", "Bob") + _meeting("october", "2025-10", "Ann", "Cy")
    data += _meeting("november", "2025-11-05", "Bob", "Cy") + _meeting("undated", None, "Ann", "Dee")
    kgstore.replace_graph(db, article, kgstore.statements(Graph().parse(data=data, format="turtle")))  # as a build writes one
    db.flush()
    kgstore.publish(db, path)
    del db
    return path


def rows(store, *args: str) -> list[dict[str, str]]:
    result = run("query", "--store", store, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _sorted(found: list[dict[str, str]]) -> list[list[str]]:
    return sorted(list(r.values()) for r in found)


def meetings(store, *args: str) -> set[str]:
    return {r["evidence"].split()[1].rstrip(".") for r in rows(store, "who-met-whom", *args)}


@pytest.mark.parametrize(
    "args, expected",
    [
        ((), {"year", "october", "november", "undated"}),
        (("--since", "2025-11-01"), {"year", "november"}),  # "2025" overlaps November, "2025-10" does not
        (("--since", "2025-11"), {"year", "november"}),
        (("--since", "2026"), set()),
        (("--until", "2025-10"), {"year", "october"}),
        (("--until", "2025-10-31", "--since", "2025-10-31"), {"year", "october"}),
        (("--since", "2025-11-06"), {"year"}),
        (("--until", "2024"), set()),
        (("--actor", "ann"), {"year", "october", "undated"}),
        (("--actor", "CY", "--since", "2025-11"), {"november"}),
    ],
    ids=["none", "since-day", "since-month", "since-next-year", "until-month", "one-day", "after-the-day", "until-year-before",
         "actor", "actor-and-since"],
)  # fmt: skip
def test_dates_keep_rows_whose_period_overlaps_and_drop_undated(periods, args, expected):
    assert meetings(periods, *args) == expected


def test_no_parameters_give_every_row_and_the_file_as_it_stands(built_store):
    for name, named in catalogue().items():
        assert bind(named, {}) == named.text.rstrip() + "\n"
        every = rows(built_store, name)
        assert every and _sorted(every) == _sorted(rows(built_store, f"queries/{name}.rq")), name  # ties come in any order


def test_actor_by_any_label_case_insensitive(built_store):
    found = rows(built_store, "who-met-whom", "--actor", "egyptian MEDIATORS")  # Egypt's other label
    assert found and all("Egypt" in (r["a"], r["b"]) for r in found)
    assert len(found) < len(rows(built_store, "who-met-whom"))


def test_place_article_and_type(built_store):
    assert {r["place"] for r in rows(built_store, "who-met-whom", "--place", "oslo")} == {"Oslo"}
    assert {r["article"] for r in rows(built_store, "actors", "--article", "border_clash")} == {"border_clash.txt"}
    assert {r["type"] for r in rows(built_store, "incidents", "--type", "Shelling")} == {"shelling"}
    assert {r["type"] for r in rows(built_store, "actors", "--type", "country")} == {"Country"}


def test_limit_and_offset_page_through_the_ordered_rows(built_store):
    every = rows(built_store, "who-met-whom")
    assert rows(built_store, "who-met-whom", "--limit", "2") == every[:2]
    assert rows(built_store, "who-met-whom", "--limit", "2", "--offset", "1") == every[1:3]
    assert rows(built_store, "who-met-whom", "--offset", str(len(every))) == []


@pytest.mark.parametrize("value", HOSTILE, ids=["update", "quotes", "braces", "long-quote", "or-true"])
@pytest.mark.parametrize("option", ["--actor", "--place", "--article"])
def test_hostile_values_match_nothing_and_break_nothing(built_store, option, value):
    result = run("query", "--store", built_store, "--format", "csv", "who-met-whom", option, value)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["a,b,place,date,status,article,evidence"]
    assert rows(built_store, "who-met-whom")  # the store is whole


@pytest.mark.parametrize(
    "args, message",
    [
        (("actors", "--since", "2025"), "actors takes no parameter since (it takes actor, type, article, limit, offset)"),
        (("who-met-whom", "--since", "2025-13"), "since takes an ISO date: YYYY, YYYY-MM or YYYY-MM-DD, not '2025-13'"),
        (("who-met-whom", "--until", "last week"), "until takes an ISO date"),
        (("SELECT * WHERE { ?s ?p ?o }", "--actor", "x"), "parameters are for named queries and .rq files that declare them"),
    ],
    ids=["not-declared", "bad-month", "not-a-date", "query-text"],
)
def test_wrong_parameters_are_one_line(built_store, args, message):
    result = run("query", "--store", built_store, *args)
    assert result.exit_code == 1 and result.output.startswith(f"Error: {message}")


def test_every_declared_parameter_is_read_by_its_query():
    for named in catalogue().values():
        assert named.parameters, named.name
        for parameter in named.parameters:
            assert f"?_{parameter.name}" in named.text, (named.name, parameter.name)
    assert find("who-met-whom").accepts() == ["actor", "since", "until", "place", "article", *PAGING]


def test_query_help_lists_the_named_queries_and_their_parameters():
    result = run("query", "--help")
    assert result.exit_code == 0
    for named in catalogue().values():
        assert named.name in result.output and named.description[:40] in result.output
    assert "actor: a or b is this actor" in result.output and "limit (at most this many rows)" in result.output


def test_console_runs_named_queries_with_parameters(built_store):
    script = "\\n who-met-whom actor='egyptian mediators' limit=1\n\\n who-met-whom place='x\"} ;'\n\\n actors since=2025\n\\l\n"
    done = subprocess.run(
        [str(KG_COMMAND), "console", "--store", str(built_store)], input=script, capture_output=True, text=True, timeout=120
    )
    assert "Egypt" in done.stdout and "1 row in" in done.stderr and "0 rows in" in done.stderr
    assert "Error: actors takes no parameter since" in done.stderr
    assert "since: the meeting's date" in done.stdout  # \l lists the parameters


def test_serve_answers_named_queries_with_parameters(built_store):
    with kg_serve("--store", str(built_store)) as url:
        base = url.removesuffix("sparql") + "queries/"
        status, headers, body = http(base + "who-met-whom?actor=Egypt&limit=2", headers={"Accept": "text/csv"})
        assert status == 200 and headers["Content-Type"].startswith("text/csv")
        found = list(csv.DictReader(io.StringIO(body.decode())))
        assert len(found) == 2 and all("Egypt" in (r["a"], r["b"]) for r in found)
        hostile = urllib.parse.urlencode({"actor": HOSTILE[0], "format": "json"})
        status, headers, body = http(base + "who-met-whom?" + hostile)
        assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
        assert b'"bindings":[]' in body.replace(b" ", b"")
        assert http(base + "actors?since=2025")[0] == 400
        assert http(base + "who-met-whom?actor=a&actor=b")[0] == 400
        assert http(base + "nosuch")[0] == 404
        assert http(base + "who-met-whom.rq")[0] == 404
        status, _, page = http(url.removesuffix("sparql"))
        assert status == 200 and b"/queries/who-met-whom?limit=50" in page and b"a or b is this actor" in page
