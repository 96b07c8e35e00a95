// The page's behaviour: draws the network and the timeline with vis-network and vis-timeline from the
// data kg wrote into #kg-data, applies the filters, and shows evidence in the side panel on a click.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const ACTOR_TYPES = ["Person", "Organization", "Country"];
  const EVENT_TYPES = ["meeting", "agreement", "incident"];
  const SHAPES = { Person: "dot", Organization: "square", Country: "diamond" };
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  const actors = new Map(data.actors.map((a) => [a.id, a]));
  const events = new Map(data.events.map((e) => [e.id, e]));
  const links = new Map(data.links.map((l) => [l.id, l]));
  const name = (id) => (actors.get(id) || { label: id }).label;

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  // Dates keep the precision the text gave: a day, a month or a year.
  function span(date) {
    if (date.length === 10) return [date, date];
    if (date.length === 7) return [date + "-01", date + "-31"];
    return [date + "-01-01", date + "-12-31"];
  }
  function when(e) {
    if (!e.date) return e.reported ? "undated (reported " + e.reported + ")" : "undated";
    if (e.date.length === 10) return e.date;
    if (e.date.length === 7) return MONTHS[Number(e.date.slice(5, 7)) - 1] + " " + e.date.slice(0, 4) + " (month only)";
    return e.date + " (year only)";
  }
  function count(min, max) {
    if (min === null) return max === null ? null : "up to " + max;
    if (max === null) return "at least " + min;
    return min === max ? String(min) : min + "\u2013" + max;
  }
  function figureText(f) {
    const parts = [];
    const killed = count(f.killed_min, f.killed_max);
    const injured = count(f.injured_min, f.injured_max);
    if (killed) parts.push(killed + " killed");
    if (injured) parts.push(injured + " injured");
    return parts.join(", ") + " (" + (f.source || "no source named") + ")";
  }
  function sides(e, roles) {
    return e.roles.filter((r) => roles.includes(r[0])).map((r) => name(r[1]));
  }
  function shortList(names, n) {
    return names.length > n ? names.slice(0, n).join(", ") + " +" + (names.length - n) : names.join(", ");
  }
  function itemText(e) {
    if (e.what === "meeting") {
      const who = shortList(sides(e, ["participant"]), 3);
      return (e.kind === "held" ? "" : e.kind + ": ") + (who || "meeting") + (e.place ? " \u00b7 " + e.place : "");
    }
    if (e.what === "incident") {
      const figures = e.figures.map(figureText).join("; ");
      return e.kind + (e.place ? " \u00b7 " + e.place : "") + (figures ? " \u00b7 " + figures : "");
    }
    return e.label + (e.label === e.kind ? "" : " (" + e.kind + ")");
  }

  // ---- filters -------------------------------------------------------------------------------
  const state = { actor: "", from: "", to: "", undated: true, lone: false, types: new Set(ACTOR_TYPES.concat(EVENT_TYPES)) };

  function eventVisible(e) {
    if (!state.types.has(e.what)) return false;
    if (state.actor && !e.roles.some((r) => r[1] === state.actor)) return false;
    if (!e.date) return state.undated;
    const [start, end] = span(e.date);
    return (!state.from || end >= state.from) && (!state.to || start <= state.to);
  }
  function linkVisible(l) {
    if (!state.types.has(l.kind === "meeting" ? "meeting" : "agreement")) return false;
    for (const end of [l.source, l.target]) {
      if (actors.has(end) && !state.types.has(actors.get(end).type)) return false;
    }
    return l.events.some((id) => eventVisible(events.get(id)));
  }
  const tied = new Set(data.links.flatMap((l) => [l.source, l.target]));
  // Actors in no meeting or agreement ("lone") are hidden unless asked for; they crowd the network.
  function nodeVisible(node) {
    const linked = data.links.some((l) => (l.source === node.id || l.target === node.id) && linkVisible(l));
    if (node.kind === "agreement") return linked;
    if (!state.types.has(node.kind)) return false;
    if (linked || node.id === state.actor) return true;
    const narrowed = state.actor || state.from || state.to || !state.undated;
    return !narrowed && (tied.has(node.id) || state.lone);
  }

  // ---- network -------------------------------------------------------------------------------
  const nodes = new vis.DataSet(
    data.actors
      .map((a) => ({
        id: a.id,
        kind: a.type,
        label: a.label,
        value: Math.max(a.mentions, 1),
        shape: SHAPES[a.type],
        color: { background: data.colours[a.type], border: "#ffffff", highlight: { background: data.colours[a.type], border: "#222222" } },
        title: a.label + " (" + a.type + "): " + a.mentions + " sentences" + (a.roles ? "; " + a.roles : ""),
      }))
      .concat(
        data.agreementNodes.map((id) => ({
          id: id,
          kind: "agreement",
          label: events.get(id).label,
          shape: "box",
          color: { background: data.colours.Agreement, border: data.colours.Agreement },
          font: { color: "#ffffff", strokeWidth: 0, size: 14 },
          title: "agreement: " + events.get(id).label + " (" + events.get(id).kind + ")",
        }))
      )
  );
  const edges = new vis.DataSet(
    data.links.map((l) => ({
      id: l.id,
      from: l.source,
      to: l.target,
      kind: l.kind,
      label: l.label,
      dashes: l.kind === "mediator" ? [8, 6] : false,
      width: Math.min(1 + l.events.length, 6),
      color: { color: data.edgeColours[l.kind], highlight: "#222222", opacity: 0.8 },
      title: l.kind === "meeting" ? l.events.length + " meeting(s): " + name(l.source) + " \u2013 " + name(l.target) : l.kind + ": " + name(l.source),
    }))
  );
  const nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  const edgeView = new vis.DataView(edges, { filter: (edge) => linkVisible(links.get(edge.id)) });
  const network = new vis.Network(
    document.getElementById("network"),
    { nodes: nodeView, edges: edgeView },
    {
      nodes: {
        scaling: { min: 8, max: 30, label: { enabled: true, min: 13, max: 24, drawThreshold: 6 } },
        font: { face: "system-ui, Helvetica, Arial, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
        borderWidth: 2,
      },
      edges: {
        font: { size: 12, align: "horizontal", color: "#333333", strokeWidth: 0, background: "rgba(255,255,255,0.85)" },
        smooth: { type: "continuous" },
        selectionWidth: 2,
      },
      physics: {
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -140, springLength: 230, avoidOverlap: 0.8, centralGravity: 0.01 },
        stabilization: { iterations: 600, fit: true },
      },
      interaction: { hover: true, tooltipDelay: 150, navigationButtons: false },
      layout: { randomSeed: 7 }, // the same page draws the same picture
    }
  );
  const kg = { network, nodes, edges, nodeView, edgeView, ready: false };
  window.kg = kg;

  // ---- side panel ----------------------------------------------------------------------------
  const panel = document.getElementById("panel");
  function evidenceHtml(sentences) {
    return sentences
      .map((s) => '<div class="evidence" data-article="' + esc(s.article) + '">' + esc(s.text) + "<cite>" + esc(s.article) + ":" + s.line + "</cite></div>")
      .join("");
  }
  function eventHtml(e) {
    const rows = [];
    for (const [role, label] of [["participant", "Participants"], ["party", "Parties"], ["mediator", "Mediators"], ["perpetrator", "Perpetrator"], ["target", "Target"]]) {
      const who = sides(e, [role]);
      if (who.length) rows.push(label + ": " + esc(who.join(", ")));
    }
    let out = "<h3>" + esc(e.label) + "</h3>";
    out += '<div class="facts">' + [e.what, e.kind === e.what ? null : e.kind, when(e), e.place].filter(Boolean).map(esc).join(" \u00b7 ") + "</div>";
    if (rows.length) out += '<div class="facts">' + rows.join("<br>") + "</div>";
    if (e.figures.length) {
      out += '<table class="figures"><tr><th>killed</th><th>injured</th><th>according to</th></tr>';
      for (const f of e.figures) {
        out += "<tr><td>" + esc(count(f.killed_min, f.killed_max) || "") + "</td><td>" + esc(count(f.injured_min, f.injured_max) || "") + "</td><td>" + esc(f.source || "no source named") + "</td></tr>";
      }
      out += "</table>";
    }
    return out + evidenceHtml(e.evidence);
  }
  function show(html) {
    panel.innerHTML = html;
    panel.scrollTop = 0;
  }
  function showActor(a) {
    const involved = data.events.filter((e) => e.roles.some((r) => r[1] === a.id) && eventVisible(e));
    let out = "<h2>" + esc(a.label) + "</h2>";
    out += '<div class="facts">' + esc(a.type) + (a.roles ? " \u00b7 " + esc(a.roles) : "") + " \u00b7 appears in " + a.mentions + " sentence(s)</div>";
    out += involved.map(eventHtml).join("");
    if (a.evidence.length) out += "<h3>Mentions</h3>" + evidenceHtml(a.evidence);
    show(out);
  }
  function showLink(l) {
    const title = l.kind === "meeting" ? name(l.source) + " \u2013 " + name(l.target) : name(l.source) + " (" + l.kind + ")";
    show("<h2>" + esc(title) + "</h2>" + l.events.map((id) => eventHtml(events.get(id))).join(""));
  }
  function showEvent(e) {
    show("<h2>" + esc(e.label) + "</h2>" + eventHtml(e));
  }
  network.on("click", (params) => {
    if (params.nodes.length) {
      const id = params.nodes[0];
      if (actors.has(id)) showActor(actors.get(id));
      else showEvent(events.get(id));
    } else if (params.edges.length) {
      showLink(links.get(params.edges[0]));
    }
  });

  // ---- timeline ------------------------------------------------------------------------------
  const placed = data.events.filter((e) => e.date || e.reported);
  const items = new vis.DataSet(
    placed.map((e) => {
      const item = { id: e.id, group: e.what, content: esc(itemText(e)), title: esc(when(e)), className: e.what };
      if (!e.date) {
        item.start = e.reported;
        item.type = "point";
        item.className += " approx";
        item.content = "\u2248 " + item.content;
        item.title = esc("no date in the text; placed at the article's date " + e.reported);
      } else if (e.date.length === 10) {
        item.start = e.date;
        item.type = "box";
      } else {
        const [start, end] = span(e.date);
        item.start = start;
        item.end = end;
        item.type = "range";
      }
      return item;
    })
  );
  const itemView = new vis.DataView(items, { filter: (item) => eventVisible(events.get(item.id)) });
  const timeline = new vis.Timeline(
    document.getElementById("timeline"),
    itemView,
    new vis.DataSet([
      { id: "meeting", content: "Meetings" },
      { id: "agreement", content: "Agreements" },
      { id: "incident", content: "Incidents" },
    ]),
    { stack: true, cluster: { maxItems: 3, showStipes: true, fitOnDoubleClick: true }, height: "100%", verticalScroll: true, zoomMin: 1000 * 60 * 60 * 24 * 3, orientation: "top", margin: { item: 4 } }
  );
  // Open on where most events are: from the fifth of them onwards; older ones are a drag away.
  function focusTimeline() {
    const starts = itemView.get().map((item) => Date.parse(item.start)).sort((a, b) => a - b);
    if (!starts.length) return;
    const first = starts[Math.floor((starts.length - 1) / 5)];
    const last = Math.max(...itemView.get().map((item) => Date.parse(item.end || item.start)));
    const pad = Math.max((last - first) / 10, 2 * 24 * 3600 * 1000);
    timeline.setWindow(first - pad, last + 3 * pad, { animation: false });
  }
  timeline.on("select", (params) => {
    if (params.items.length) showEvent(events.get(params.items[0]));
  });
  const undatedBox = document.getElementById("undated");
  function drawUndated() {
    const rest = data.events.filter((e) => !e.date && !e.reported && eventVisible(e));
    undatedBox.hidden = !rest.length;
    undatedBox.querySelector("summary").textContent = rest.length + " event(s) with no date and no article date: not on the timeline";
    undatedBox.querySelector("div").innerHTML = rest
      .map((e) => '<button type="button" data-id="' + esc(e.id) + '">' + esc(e.what + ": " + itemText(e)) + "</button>")
      .join("");
  }
  undatedBox.addEventListener("click", (ev) => {
    const id = ev.target.getAttribute && ev.target.getAttribute("data-id");
    if (id) showEvent(events.get(id));
  });
  Object.assign(kg, { timeline, items, itemView });

  // ---- filter controls -----------------------------------------------------------------------
  const actorSelect = document.getElementById("f-actor");
  for (const a of data.actors) actorSelect.add(new Option(a.label + " (" + a.type + ")", a.id));
  const typesBox = document.getElementById("f-types");
  for (const type of ACTOR_TYPES.concat(EVENT_TYPES)) {
    const colour = data.colours[type] || data.edgeColours[type === "agreement" ? "party" : type] || "#999999";
    typesBox.insertAdjacentHTML(
      "beforeend",
      '<label><input type="checkbox" data-type="' + type + '" checked><span class="swatch" style="background:' + colour + '"></span>' + type + "</label>"
    );
  }
  function apply() {
    state.actor = actorSelect.value;
    state.from = document.getElementById("f-from").value;
    state.to = document.getElementById("f-to").value;
    state.undated = document.getElementById("f-undated").checked;
    state.lone = document.getElementById("f-lone").checked;
    state.types = new Set([...typesBox.querySelectorAll("input:checked")].map((box) => box.dataset.type));
    edgeView.refresh();
    nodeView.refresh();
    itemView.refresh();
    drawUndated();
  }
  document.getElementById("filters").addEventListener("change", apply);
  document.getElementById("f-reset").addEventListener("click", () => {
    document.getElementById("filters").reset();
    apply();
  });
  kg.apply = apply;
  drawUndated();
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({ physics: false });
    network.fit();
    focusTimeline();
    kg.ready = true;
  });

  const legend = document.getElementById("legend");
  legend.innerHTML =
    ACTOR_TYPES.map((t) => '<div><span class="swatch" style="display:inline-block;width:11px;height:11px;border-radius:50%;background:' + data.colours[t] + '"></span>' + t + "</div>").join("") +
    '<div><span class="line" style="border-color:' + data.edgeColours.meeting + '"></span>met (place, date)</div>' +
    '<div><span class="line" style="border-color:' + data.edgeColours.party + '"></span>party to agreement</div>' +
    '<div><span class="line" style="border-top-style:dashed;border-color:' + data.edgeColours.mediator + '"></span>mediator</div>' +
    "<div>size: how often named</div>";
})();
