"""Store -> pictures: a self-contained HTML page (network, timeline, evidence) and Graphviz PNG/SVG.

Analysts would rather look than read. The page inlines vis-network and vis-timeline (kg/data/view) so it
opens anywhere without a network; the static picture is laid out by Graphviz for reports. Both draw the
same network, built here once from the store: actors as nodes, meetings as edges between participants,
agreements as nodes tied to their parties and, dashed, to their mediators.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import asdict, dataclass
from importlib.resources import files

import pyoxigraph as ox

from kg import store as kgstore
from kg.errors import KgError

ACTOR_TYPES = ("Person", "Organization", "Country")
COLOURS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Country": "#59a14f", "Agreement": "#b07aa1"}
EDGE_COLOURS = {"meeting": "#5f6b7a", "party": "#b07aa1", "mediator": "#e15759"}
LIBRARIES = ("vis-network.min.js", "vis-timeline-graph2d.min.js")

_ACTORS = """
SELECT ?actor (SAMPLE(?name) AS ?label) (SAMPLE(?class) AS ?type)
       (GROUP_CONCAT(DISTINCT ?role; separator="; ") AS ?roles) WHERE {
  ?actor a ?class ; skos:prefLabel ?name .
  VALUES ?class { kg:Person kg:Organization kg:Country }
  OPTIONAL { ?actor kg:role ?role }
} GROUP BY ?actor"""

_EVENTS = """
SELECT ?event ?class (SAMPLE(?name) AS ?label) (SAMPLE(?k) AS ?kind) (SAMPLE(?st) AS ?status)
       (SAMPLE(?p) AS ?place) (SAMPLE(?d) AS ?date) (MIN(?issued) AS ?reported) WHERE {
  ?event a ?class .
  VALUES ?class { kg:Meeting kg:Agreement kg:Incident }
  OPTIONAL { ?event skos:prefLabel ?name }
  OPTIONAL { ?event kg:kind ?k }
  OPTIONAL { ?event kg:status ?st }
  OPTIONAL { ?event kg:place/skos:prefLabel ?p }
  OPTIONAL { ?event kg:date ?d }
  OPTIONAL { ?event kg:mentionedIn/dcterms:issued ?issued }
} GROUP BY ?event ?class"""

_ROLES = """
SELECT DISTINCT ?event ?role ?actor WHERE {
  VALUES ?role { kg:participant kg:party kg:mediator kg:perpetrator kg:target }
  ?event ?role ?actor .
}"""

_CLAIMS = """
SELECT ?incident ?claim ?killedMin ?killedMax ?injuredMin ?injuredMax ?source WHERE {
  ?incident kg:claim ?claim .
  OPTIONAL { ?claim kg:claimedBy/skos:prefLabel ?source }
  OPTIONAL { ?claim kg:killedMin ?killedMin }
  OPTIONAL { ?claim kg:killedMax ?killedMax }
  OPTIONAL { ?claim kg:injuredMin ?injuredMin }
  OPTIONAL { ?claim kg:injuredMax ?injuredMax }
}"""

_EVIDENCE = """
SELECT DISTINCT ?thing ?text ?article ?line WHERE {
  ?thing kg:evidence ?s .
  ?s kg:text ?text ; kg:line ?line ; kg:inArticle/kg:fileName ?article .
} ORDER BY ?article ?line"""


@dataclass(frozen=True)
class Sentence:
    """An evidence sentence and where to find it."""

    text: str
    article: str
    line: int


@dataclass(frozen=True)
class ViewActor:
    id: str
    label: str
    type: str  # Person | Organization | Country
    mentions: int  # sentences naming it, its own evidence and that of its events: how often it appears
    roles: str
    evidence: tuple[Sentence, ...]


@dataclass(frozen=True)
class Figure:
    """One claimed casualty figure and who claims it."""

    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    source: str | None
    evidence: tuple[Sentence, ...]


_FigureKey = tuple[int | None, int | None, int | None, int | None, str | None]  # a Figure but its evidence


@dataclass(frozen=True)
class ViewEvent:
    id: str
    what: str  # meeting | agreement | incident
    label: str
    kind: str  # meeting status, agreement or incident kind
    place: str | None
    date: str | None  # ISO at the precision the text gave: 2025-11-23, 2025-11 or 2025
    reported: str | None  # the earliest publication date of the articles that mention it
    roles: tuple[tuple[str, str], ...]  # (participant | party | mediator | perpetrator | target, actor id)
    figures: tuple[Figure, ...]
    evidence: tuple[Sentence, ...]


@dataclass(frozen=True)
class Link:
    """One drawn edge: all meetings of a pair of actors, or an actor's tie to an agreement."""

    id: str
    source: str
    target: str
    kind: str  # meeting | party | mediator
    label: str
    events: tuple[str, ...]


@dataclass(frozen=True)
class Network:
    actors: tuple[ViewActor, ...]
    events: tuple[ViewEvent, ...]
    links: tuple[Link, ...]


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def read_network(db: ox.Store) -> Network:
    """Everything the pictures show, read from the store in five queries."""
    evidence: dict[str, list[Sentence]] = defaultdict(list)
    for row in kgstore.select(db, _EVIDENCE):
        evidence[row["thing"].value].append(Sentence(row["text"].value, row["article"].value, int(row["line"].value)))
    actor_rows = [
        (row["actor"].value, row["label"].value, _local(row["type"].value), _value(row["roles"]) or "")
        for row in kgstore.select(db, _ACTORS)
    ]
    labels = {iri: label for iri, label, _, _ in actor_rows}
    roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in kgstore.select(db, _ROLES):
        roles[row["event"].value].append((_local(row["role"].value), row["actor"].value))
    # The same figure from the same source, stated in several sentences, is one figure with more evidence.
    claimed: dict[str, dict[_FigureKey, dict[Sentence, None]]] = defaultdict(lambda: defaultdict(dict))
    for row in kgstore.select(db, _CLAIMS):
        killed_min, killed_max, injured_min, injured_max = (
            None if row[n] is None else int(row[n].value) for n in ("killedMin", "killedMax", "injuredMin", "injuredMax")
        )
        key = (killed_min, killed_max, injured_min, injured_max, _value(row["source"]))
        claimed[row["incident"].value][key].update(dict.fromkeys(evidence[row["claim"].value]))
    figures = {
        incident: tuple(Figure(*key, evidence=tuple(sentences)) for key, sentences in by_key.items())
        for incident, by_key in claimed.items()
    }
    events = []
    for row in kgstore.select(db, _EVENTS):
        iri, what = row["event"].value, _local(row["class"].value).lower()
        status = _value(row["status"])
        kind = _local(status) if what == "meeting" and status else _value(row["kind"]) or what
        event_roles = tuple(sorted(roles[iri], key=lambda r: (r[0], labels.get(r[1], r[1]))))
        events.append(
            ViewEvent(
                id=iri,
                what=what,
                label=_value(row["label"]) or _event_label(what, kind, _value(row["place"]), event_roles, labels),
                kind=kind,
                place=_value(row["place"]),
                date=_value(row["date"]),
                reported=_value(row["reported"]),
                roles=event_roles,
                figures=figures.get(iri, ()),
                evidence=tuple(evidence[iri]),
            )
        )
    events.sort(key=lambda e: (e.date is None, e.date or "", e.reported or "", e.id))
    sentences: dict[str, set[Sentence]] = {iri: set(evidence[iri]) for iri in labels}
    for event in events:
        for _, actor in event.roles:
            sentences.setdefault(actor, set()).update(event.evidence)
    actors = tuple(
        ViewActor(iri, label, type_, len(sentences[iri]), roles_, tuple(evidence[iri]))
        for iri, label, type_, roles_ in sorted(actor_rows, key=lambda r: r[1].lower())
    )
    return Network(actors, tuple(events), _links(tuple(events)))


def _event_label(what: str, kind: str, place: str | None, roles: tuple[tuple[str, str], ...], labels: dict[str, str]) -> str:
    if what == "meeting":
        return f"meeting in {place}" if place else "meeting"
    names = [labels.get(actor, actor) for role, actor in roles if role == "perpetrator"]
    return f"{kind} by {names[0]}" if names else kind


def _where_when(event: ViewEvent) -> str:
    return ", ".join(part for part in (event.place, event.date) if part)


def _links(events: tuple[ViewEvent, ...]) -> tuple[Link, ...]:
    """Meetings of the same pair of actors share one edge; agreements tie to their parties and mediators."""
    pairs: dict[tuple[str, str, str], list[ViewEvent]] = defaultdict(list)
    for event in events:
        sides = [actor for role, actor in event.roles if role in ("participant", "party")]
        mediators = [actor for role, actor in event.roles if role == "mediator"]
        if event.what == "meeting":
            for i, a in enumerate(sides):
                for b in sides[i + 1 :]:
                    pairs[("meeting", min(a, b), max(a, b))].append(event)
            for m in mediators:
                for a in sides:
                    pairs[("mediator", m, a)].append(event)
        elif event.what == "agreement":
            for a in sides:
                pairs[("party", a, event.id)].append(event)
            for m in mediators:
                pairs[("mediator", m, event.id)].append(event)
    links = []
    for (kind, source, target), grouped in sorted(pairs.items()):
        if kind == "meeting":
            places = [p for p in dict.fromkeys(_where_when(e) for e in grouped) if p]
            label = places[0] + (f" (+{len(places) - 1})" if len(places) > 1 else "") if places else ""
        else:
            label = "mediator" if kind == "mediator" else ""
        links.append(Link(f"{kind}|{source}|{target}", source, target, kind, label, tuple(e.id for e in grouped)))
    return tuple(links)


def agreement_nodes(network: Network) -> list[ViewEvent]:
    """Agreements drawn in the network: those with a party or a mediator to tie them to."""
    tied = {link.target for link in network.links if link.kind in ("party", "mediator")}
    return [e for e in network.events if e.id in tied]


def _resource(name: str) -> str:
    return (files("kg.data") / "view" / name).read_text(encoding="utf-8")


def to_html(network: Network, title: str = "Who met whom") -> str:
    """The whole page as one string: template, style, data and libraries inlined."""
    data = {
        "colours": COLOURS,
        "edgeColours": EDGE_COLOURS,
        "actors": [asdict(a) for a in network.actors],
        "events": [asdict(e) for e in network.events],
        "links": [asdict(link) for link in network.links],
        "agreementNodes": [e.id for e in agreement_nodes(network)],
    }
    values = {
        "title": html.escape(title),
        "style": _resource("page.css"),
        # JSON inside <script> must not close the element early: "<" as \u003c is still the same JSON.
        "data": json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"),
        "libraries": "\n".join(f"<script>\n{_resource(name)}\n</script>" for name in LIBRARIES),
        "app": _resource("page.js"),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m[1]], _resource("page.html"))


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(network: Network) -> str:
    """Graphviz DOT text of the network: same nodes, colours and edge styles as the page."""
    lines = [
        "graph kg {",
        '  layout=neato; overlap=false; splines=true; sep="+12"; outputorder=edgesfirst; bgcolor=white;',
        '  node [fontname="Helvetica", fontsize=11, style=filled, fontcolor=white, penwidth=0];',
        '  edge [fontname="Helvetica", fontsize=8, fontcolor="#333333"];',
    ]
    most = max((a.mentions for a in network.actors), default=1) or 1
    for actor in network.actors:
        width = 0.6 + 0.9 * actor.mentions / most
        shape = {"Person": "ellipse", "Organization": "box", "Country": "octagon"}[actor.type]
        lines.append(
            f"  {_dot_id(actor.id)} [label={_dot_id(actor.label)}, shape={shape}, fillcolor={_dot_id(COLOURS[actor.type])},"
            f' width={width:.2f}, fontsize={10 + 6 * actor.mentions / most:.0f}, tooltip={_dot_id(actor.type)}];'
        )
    for agreement in agreement_nodes(network):
        lines.append(
            f"  {_dot_id(agreement.id)} [label={_dot_id(agreement.label)}, shape=note, fillcolor={_dot_id(COLOURS['Agreement'])}];"
        )
    for link in network.links:
        style = "dashed" if link.kind == "mediator" else "solid"
        lines.append(
            f"  {_dot_id(link.source)} -- {_dot_id(link.target)} [label={_dot_id(link.label)}, style={style},"
            f" color={_dot_id(EDGE_COLOURS[link.kind])}, penwidth={1 + min(len(link.events), 4) * 0.5}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_dot(dot_text: str, fmt: str) -> bytes:
    """Lay out and draw DOT text with Graphviz's `dot` program, as png or svg."""
    dot = shutil.which("dot")
    if dot is None:
        raise KgError("Graphviz `dot` is not installed: install graphviz (apt-get install graphviz) for --png/--svg")
    done = subprocess.run([dot, f"-T{fmt}"], input=dot_text.encode(), capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise KgError(f"dot failed: {message[0] if message else f'exit status {done.returncode}'}")
    return done.stdout

