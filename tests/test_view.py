"""`kg view`: the HTML page in real headless Chromium, and the Graphviz pictures.

The page is built from the sample articles: Armenia, Azerbaijan, Egypt and Rufus Firefly met in Cairo on
2025-03-08; the World Bank brokered the Indus Waters Treaty; an airstrike in Gaza City killed 20 to 21
according to the health ministry; India, Pakistan and Norway meet no one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import store as kgstore
from kg.view import read_network
from tests.conftest import require_tool, run

ACTOR = "https://w3id.org/kg-news/id/actor/"
MET_IN_CAIRO = {"Armenia", "Azerbaijan", "Egypt", "Rufus Firefly"}


@pytest.fixture(scope="module")
def page_file(built_store: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view") / "view.html"
    result = run("view", "--store", built_store, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def page(browser, page_file: Path, tmp_path: Path) -> Iterator[object]:
    """The page opened from disk and laid out; it must fetch nothing but itself."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("window.kg && window.kg.ready", timeout=30_000)
        page.requests_made = requests
        yield page
        page.screenshot(path=str(tmp_path / "view.png"))
        assert errors == []
    finally:
        context.close()


def visible_labels(page) -> set[str]:
    return set(page.evaluate("kg.nodeView.get().map(n => n.label)"))


def dom_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates, from the network's own API."""
    return tuple(
        page.evaluate(
            """id => {
              const p = kg.network.canvasToDOM(kg.network.getPosition(id));
              const box = document.querySelector("#network canvas").getBoundingClientRect();
              return [box.left + p.x, box.top + p.y];
            }""",
            node_id,
        )
    )


def test_page_inlines_everything(page_file: Path) -> None:
    text = page_file.read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text
    assert "vis-network" in text and "vis-timeline" in text


def test_page_fetches_nothing_but_itself(page, page_file: Path) -> None:
    page.mouse.click(*dom_point(page, ACTOR + "egypt"))
    page.check("#f-lone")
    assert page.requests_made == [page_file.as_uri()]


def test_network_draws_actors_meetings_and_mediators(page) -> None:
    assert visible_labels(page) == MET_IN_CAIRO | {"World Bank", "Indus Waters Treaty", "India", "Pakistan", "ceasefire", "Norway"}
    edges = page.evaluate("kg.edgeView.get().map(e => [e.kind, e.label, !!e.dashes])")
    assert ["meeting", "Cairo, 2025-03-08", False] in edges
    assert len([e for e in edges if e[0] == "meeting"]) == 7  # every pair of the four in Cairo, and Firefly's in Oslo
    assert ["mediator", "mediator", True] in edges
    sizes = dict(page.evaluate("kg.nodeView.get().filter(n => n.value).map(n => [n.label, n.value])"))
    assert sizes["Rufus Firefly"] > sizes["Egypt"]  # named in two sentences, Egypt in one
    inked = page.evaluate(
        """() => {
          const c = document.querySelector("#network canvas");
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
          return n;
        }"""
    )
    assert inked > 2000


def test_click_on_actor_shows_its_evidence(page) -> None:
    assert "Rufus Firefly" not in page.inner_text("#panel")
    page.mouse.click(*dom_point(page, ACTOR + "rufus-firefly"))
    panel = page.inner_text("#panel")
    assert "Rufus Firefly" in panel and "Foreign Minister" in panel
    assert "The Armenian delegation was led by Foreign Minister Rufus Firefly." in panel
    assert "cairo_talks.txt:6" in panel
    assert "Participants: Armenia, Azerbaijan, Egypt, Rufus Firefly" in panel


def test_click_on_edge_shows_the_meeting(page) -> None:
    middle = page.evaluate(
        """() => {
          const id = kg.edgeView.get().find(e => e.kind === "mediator").id;
          const p = kg.network.canvasToDOM(kg.network.body.edges[id].edgeType.getPoint(0.5));  // on the curve
          const box = document.querySelector("#network canvas").getBoundingClientRect();
          return [box.left + p.x, box.top + p.y];
        }"""
    )
    page.mouse.click(*middle)
    panel = page.inner_text("#panel")
    assert "Indus Waters Treaty" in panel and "Mediators: World Bank" in panel
    assert "brokered by the World Bank" in panel and "border_clash.txt:2" in panel


def test_filters_hide_nodes(page) -> None:
    page.select_option("#f-actor", ACTOR + "world-bank")
    assert visible_labels(page) == {"World Bank", "Indus Waters Treaty"}
    page.click("#f-reset")
    page.uncheck("input[data-type=Country]")
    assert visible_labels(page) == {"Rufus Firefly", "World Bank", "Indus Waters Treaty"}
    page.click("#f-reset")
    page.fill("#f-to", "2025-03-07")  # the day before the Cairo talks
    page.dispatch_event("#f-to", "change")
    # undated agreements stay, and so does the undated meeting planned in Oslo
    assert visible_labels(page) == {"World Bank", "Indus Waters Treaty", "ceasefire", "India", "Pakistan", "Rufus Firefly", "Norway"}
    page.click("#f-reset")
    page.check("#f-lone")
    assert {"India", "Pakistan", "Norway"} <= visible_labels(page)


def test_timeline_lists_events_with_dates_and_claims(page) -> None:
    items = page.inner_text("#timeline")
    assert "airstrike · Gaza City · 20–21 killed (the health ministry)" in items
    assert "Armenia, Azerbaijan, Egypt +1 · Cairo" in items
    assert "≈ ceasefire" in items  # undated in the text: placed at its article's date
    page.click("#undated summary")
    undated = page.inner_text("#undated")
    assert "shelling · Poonch · 12 killed, 59 injured (India)" in undated  # an exact figure is its own minimum and maximum
    page.select_option("#f-actor", ACTOR + "armenia")
    assert page.evaluate("kg.itemView.get().map(i => i.group)") == ["meeting"]


def test_claims_keep_their_sources(built_store: Path) -> None:
    network = read_network(kgstore.open_store(built_store, read_only=True))
    airstrike = next(e for e in network.events if e.kind == "airstrike")
    assert airstrike.date == "2025-03-07" and airstrike.place == "Gaza City"
    [figure] = airstrike.figures
    assert (figure.killed_min, figure.killed_max, figure.source) == (20, 21, "the health ministry")


def test_svg_and_png(built_store: Path, tmp_path: Path, monkeypatch) -> None:
    require_tool("dot")
    monkeypatch.chdir(tmp_path)
    result = run("view", "--store", built_store, "--svg", "net.svg", "--png", "net.png")
    assert result.exit_code == 0, result.output
    texts = {el.text for el in ET.parse(tmp_path / "net.svg").iter() if el.tag.endswith("text")}
    assert MET_IN_CAIRO | {"World Bank", "Indus Waters Treaty", "Cairo, 2025-03-08"} <= texts
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (tmp_path / "kg-view.html").exists()  # pictures only, as asked


def test_missing_dot_is_one_line(built_store: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("view", "--store", built_store, "--png", tmp_path / "net.png")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: Graphviz `dot` is not installed")


def test_missing_store(tmp_path: Path) -> None:
    result = run("view", "--store", tmp_path / "none", "-o", tmp_path / "x.html")
    assert result.exit_code == 1 and "no store here" in result.stderr
