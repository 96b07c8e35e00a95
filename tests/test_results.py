"""The one results writer: tables that line up whatever the script, fit a width when asked, records
that wrap, and results cut at max_rows in every format."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pyoxigraph as ox
import pytest
from wcwidth import wcswidth

from kg.results import Layout, table, vertical, write_results

EX = "http://example.org/"
CITIES = [("Tokyo", "東京都"), ("Cairo", "القاهرة"), ("Zurich", "Zürich"), ("Reykjavik", "Reykjavík (Ísland) höfuðborg")]


@pytest.fixture
def store() -> ox.Store:
    db = ox.Store()
    for key, name in CITIES:
        db.add(ox.Quad(ox.NamedNode(EX + key), ox.NamedNode(EX + "name"), ox.Literal(name), ox.DefaultGraph()))
    return db


SELECT = f"SELECT ?city ?name WHERE {{ ?city <{EX}name> ?name }} ORDER BY ?city"


def written(store: ox.Store, layout: Layout, sparql: str = SELECT) -> tuple[str, object]:
    out = io.BytesIO()
    info = write_results(store.query(sparql), layout, out)
    return out.getvalue().decode(), info


def widths(text: str) -> set[int]:
    return {wcswidth(line) for line in text.splitlines()}


def test_a_table_of_cjk_arabic_and_accents_lines_up(store):
    text, info = written(store, Layout("table"))
    assert "東京都" in text and "القاهرة" in text and "Zürich" in text
    assert len(widths(text)) == 1
    assert info.count == 4


def test_combining_accents_and_line_breaks_take_their_display_width():
    text = table(["word"], [["e\u0301te\u0301"], ["two\nlines"], ["été"]])
    assert len(widths(text)) == 1 and "two lines" in text


def test_a_table_fits_the_width_with_an_ellipsis(store):
    text, _ = written(store, Layout("table", width=40))
    assert max(widths(text)) <= 40 and len(widths(text)) == 1
    assert "…" in text and "東京都" in text  # the short cells are whole


def test_a_table_already_narrow_is_not_cut(store):
    assert written(store, Layout("table", width=200))[0] == written(store, Layout("table"))[0]


def test_vertical_records_wrap_long_values_to_the_width():
    note = "a sentence long enough to need three lines of thirty columns or so"
    text = vertical(["name", "note"], [["東京都", note]], width=30)
    assert max(widths(text)) <= 30
    assert text.splitlines()[0].startswith("-[ RECORD 1 ]")
    assert "".join(line.split(" | ", 1)[1] for line in text.splitlines()[2:]) == note


def test_expanded_auto_switches_only_when_too_wide(store):
    assert written(store, Layout("table", width=200, expanded="auto"))[0].startswith("+---")
    narrow, _ = written(store, Layout("table", width=30, expanded="auto"))
    assert narrow.startswith("-[ RECORD 1 ]") and max(widths(narrow)) <= 30


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "xml", "tsv"])
def test_max_rows_cuts_every_format(store, fmt):
    text, info = written(store, Layout(fmt, max_rows=2))
    assert info.truncated and info.count == 2
    assert "Tokyo" not in text and "Reykjavik" in text


def test_a_whole_result_is_not_marked_cut(store):
    _, info = written(store, Layout("json", max_rows=4))
    assert not info.truncated and info.count == 4


def test_json_keeps_the_terms(store):
    text, _ = written(store, Layout("json", max_rows=10))
    bindings = json.loads(text)["results"]["bindings"]
    assert bindings[1]["name"] == {"type": "literal", "value": "Reykjavík (Ísland) höfuðborg"}
    assert bindings[0]["city"] == {"type": "uri", "value": EX + "Cairo"}


def test_ask_in_a_w3c_format_and_on_screen(store):
    assert written(store, Layout("table"), "ASK { ?s ?p ?o }")[0] == "true\n"
    assert json.loads(written(store, Layout("json"), "ASK { ?s ?p ?o }")[0]) == {"head": {}, "boolean": True}


def test_construct_beside_csv_is_n_triples_and_is_cut(store):
    text, info = written(store, replace(Layout.of("csv"), max_rows=1), "CONSTRUCT WHERE { ?s ?p ?o }")
    assert len(text.splitlines()) == 1 and text.endswith(" .\n") and info.truncated
