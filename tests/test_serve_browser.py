"""`kg serve` in real headless Chromium: the query form at / shows results as a table, and a page on
another origin queries the endpoint with fetch, by GET and by POST (the latter preflighted)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

import pytest

from kg import store as kgstore
from kg.queries import load_query
from tests.servers import kg_serve, local_server
from tests.test_serve import local_solutions

TOOL_PAGE = b"<!doctype html><html><head><meta charset='utf-8'><title>a query tool</title></head><body></body></html>"
COUNTRIES = "SELECT ?name WHERE { ?c a kg:Country ; skos:prefLabel ?name }"
FETCHES = """async ([endpoint, query]) => {
  const json = {Accept: "application/sparql-results+json"};
  const names = async response => (await response.json()).results.bindings.map(b => b.name.value).sort();
  const get = await fetch(endpoint + "?query=" + encodeURIComponent(query), {headers: json});
  const direct = await fetch(endpoint, {method: "POST", headers: {...json, "Content-Type": "application/sparql-query"}, body: query});
  const form = await fetch(endpoint, {method: "POST", headers: json, body: new URLSearchParams({query})});
  return {origin: location.origin, get: await names(get), direct: await names(direct), form: await names(form)};
}"""


@pytest.fixture(scope="module")
def endpoint(built_store):
    with kg_serve("--store", str(built_store)) as url:
        yield url


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh page that keeps its script and console errors (a refused CORS request is one) in
    `page.errors`."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
    finally:
        context.close()


@contextmanager
def other_origin() -> Iterator[str]:
    """A page served from another port of 127.0.0.1, which makes it another origin; yields its URL."""

    class Tool(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(TOOL_PAGE)))
            self.end_headers()
            self.wfile.write(TOOL_PAGE)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    with local_server(Tool) as url:
        yield url


def test_form_shows_results_as_a_table(endpoint, built_store, page):
    page.goto(endpoint.removesuffix("sparql") + "?name=who-met-whom")
    assert page.input_value("select[name=format]") == "html"
    page.click("button[type=submit]")
    page.wait_for_selector("table")
    local = kgstore.open_store(built_store, read_only=True)
    expected = local_solutions(local, load_query("who-met-whom"))
    assert page.locator("table tbody tr").count() == len(expected) > 0
    headers = page.locator("table th").all_inner_texts()
    assert len(headers) == len(expected[0])
    assert "Armenia" in page.locator("table").inner_text()
    assert "kg:participant" in page.input_value("textarea")  # the query stays in the form to edit
    assert page.errors == []


def test_form_edits_a_query_and_shows_an_error_in_the_page(endpoint, page):
    page.goto(endpoint.removesuffix("sparql"))
    page.fill("textarea", "ASK { ?s a kg:Meeting }")
    page.click("button[type=submit]")
    page.wait_for_selector("table")
    assert page.locator("table td").all_inner_texts() == ["true"]
    page.fill("textarea", "SELECT * WHERE {")
    with page.expect_response(lambda response: response.status == 400):
        page.click("button[type=submit]")
    assert "syntax error" in page.locator(".error").inner_text()
    assert [e for e in page.errors if "status of 400" not in e] == []


def test_another_origin_queries_with_fetch(endpoint, built_store, page):
    expected = sorted(row[0].value for row in local_solutions(kgstore.open_store(built_store, read_only=True), COUNTRIES))
    with other_origin() as tool:
        page.goto(tool)
        result = page.evaluate(FETCHES, [endpoint, COUNTRIES])
    assert result["origin"] != endpoint.removesuffix("/sparql") and page.errors == []
    assert result["get"] == result["direct"] == result["form"] == expected and "Armenia" in expected
