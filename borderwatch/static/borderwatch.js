/* borderwatch map layers. Article text arrives as JSON and reaches the page only through
   textContent and attribute setters, never as HTML, so hostile quotes show as text. */
// One symbol per incident type, drawn on the canvas (thousands of markers stay fast): the symbol
// is the type's icon, its colour the type's colour.
var BW_SHAPES = {
  clash: "diamond", attack: "triangle", airstrike: "star", operation: "square", closure: "bar",
  reopening: "ring", talks: "circle", protest: "cross", deportation: "arrow", other: "dot"
};

function bwShapePath(ctx, shape, x, y, r) {
  ctx.beginPath();
  if (shape === "diamond") {
    ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y);
  } else if (shape === "triangle") {
    ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8);
  } else if (shape === "star") {
    for (var i = 0; i < 10; i++) {
      var a = -Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? r * 0.45 : r * 1.15;
      ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
  } else if (shape === "square") {
    ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  } else if (shape === "bar") {
    ctx.rect(x - r, y - r * 0.45, r * 2, r * 0.9);
  } else if (shape === "cross") {
    var t = r * 0.38;
    ctx.moveTo(x - t, y - r); ctx.lineTo(x + t, y - r); ctx.lineTo(x + t, y - t); ctx.lineTo(x + r, y - t);
    ctx.lineTo(x + r, y + t); ctx.lineTo(x + t, y + t); ctx.lineTo(x + t, y + r); ctx.lineTo(x - t, y + r);
    ctx.lineTo(x - t, y + t); ctx.lineTo(x - r, y + t); ctx.lineTo(x - r, y - t); ctx.lineTo(x - t, y - t);
  } else if (shape === "arrow") {
    ctx.moveTo(x + r, y); ctx.lineTo(x - r * 0.2, y - r); ctx.lineTo(x - r * 0.2, y - r * 0.4);
    ctx.lineTo(x - r, y - r * 0.4); ctx.lineTo(x - r, y + r * 0.4); ctx.lineTo(x - r * 0.2, y + r * 0.4);
    ctx.lineTo(x - r * 0.2, y + r);
  } else {
    ctx.arc(x, y, shape === "dot" ? r * 0.7 : r, 0, Math.PI * 2);
  }
  ctx.closePath();
}

// A circle marker (same click target) drawn as the shape of its type on the canvas renderer.
var BwShapeMarker = L.CircleMarker.extend({
  _updatePath: function () {
    var renderer = this._renderer;
    if (!renderer || !renderer._ctx || !renderer._drawing || this._empty()) {
      return L.CircleMarker.prototype._updatePath.call(this);
    }
    var ctx = renderer._ctx, p = this._point, o = this.options, shape = BW_SHAPES[o.bwType] || "circle";
    bwShapePath(ctx, shape, p.x, p.y, this._radius);
    ctx.globalAlpha = o.fillOpacity; ctx.fillStyle = o.fillColor; ctx.fill();
    if (shape === "ring") {
      ctx.globalAlpha = 1; ctx.fillStyle = "#fff"; bwShapePath(ctx, "dot", p.x, p.y, this._radius * 0.6); ctx.fill();
    }
    ctx.globalAlpha = 1; ctx.lineWidth = o.weight; ctx.strokeStyle = o.color; ctx.stroke();
  }
});

function bwSymbol(type, colour) {
  var size = 14, canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  canvas.className = "bw-symbol";
  var ctx = canvas.getContext("2d");
  bwShapePath(ctx, BW_SHAPES[type] || "circle", size / 2, size / 2, 5);
  ctx.fillStyle = colour; ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = "#fff"; ctx.stroke();
  return canvas;
}

function borderwatchMap(map, data) {
  "use strict";
  var colours = data.colours;
  var TYPES = Object.keys(colours);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function popupFor(props) {
    var box = el("div", "bw-popup");
    box.appendChild(el("div", "bw-title", props.type + (props.place ? " — " + props.place : "")));
    if (!props.date_precision) props.date_precision = "unknown";
    var rows = [
      ["date", (props.date || "unknown") + " (" + props.date_precision + ")"],
      ["place precision", props.geo_precision],
      ["fatalities", props.fatalities === undefined || props.fatalities === null ? "unknown" :
        props.fatalities + (props.fatalities_high !== undefined && props.fatalities_high !== null ?
          " (reports say " + props.fatalities_low + "–" + props.fatalities_high + ")" : "")],
      ["injured", props.injured],
      ["actors", (props.actors || []).join(", ")],
      ["segment", props.segment_name ? props.segment_name + ", " + props.distance_km + " km, " + props.side :
        props.zone === "interior" ? "none: interior, " + props.distance_km + " km from the line (zone " +
        data.zone_km + " km)" + (props.side ? ", " + props.side : "") : null],
      ["sources", props.n_sources || (props.sources || []).length],
      ["id", props.id]
    ];
    var table = el("table");
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === undefined || r[1] === "") return;
      var tr = el("tr");
      tr.appendChild(el("th", null, r[0]));
      tr.appendChild(el("td", null, r[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    (props.sources || []).forEach(function (s) {
      var src = el("div", "bw-source");
      var name = s.outlet || s.article_id || "source";
      var url = safeUrl(s.url);
      if (url) {
        var a = el("a", null, name);
        a.setAttribute("href", url);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer");
        src.appendChild(a);
      } else {
        src.appendChild(el("strong", null, name));
      }
      if (s.published) src.appendChild(el("span", "bw-muted", " " + s.published));
      src.appendChild(el("q", "bw-quote", s.evidence));
      box.appendChild(src);
    });
    return box;
  }

  // base layers: offline outlines first (neighbouring countries, AF and PK, provinces, labels by
  // zoom), online tiles selectable
  map.createPane("bwLabels");
  map.getPane("bwLabels").style.zIndex = 450;  // above outlines and segments, under markers and popups
  map.getPane("bwLabels").style.pointerEvents = "none";
  var offline = L.layerGroup([
    L.geoJSON(data.neighbours, {
      style: { color: "#a9a9a9", weight: 0.8, fillColor: "#ebe8e1", fillOpacity: 1 }, interactive: false
    }),
    L.geoJSON(data.countries, {
      style: { color: "#6f6f6f", weight: 1.2, fillColor: "#f6f1e2", fillOpacity: 1 }, interactive: false
    }),
    L.geoJSON(data.provinces, {
      style: { color: "#b5ad9a", weight: 0.8, dashArray: "3 3", fill: false },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(el("span", null, f.properties.name), { sticky: true });
      }
    })
  ]).addTo(map);
  // district outlines from zoom 8 on, with the base
  var DISTRICT_ZOOM = 8, districts = L.geoJSON(data.districts, {
    style: { color: "#b3a78a", weight: 0.8, dashArray: "2 3", fill: false }, interactive: false
  });
  function showDistricts() {
    var on = map.hasLayer(offline) && map.getZoom() >= DISTRICT_ZOOM;
    if (on && !map.hasLayer(districts)) districts.addTo(map);
    else if (!on && map.hasLayer(districts)) map.removeLayer(districts);
  }
  map.on("zoomend baselayerchange", showDistricts);
  // labels: one list with the zoom each appears from; only those in view are on the page
  var labels = [], labelLayer = L.layerGroup().addTo(map);
  function addLabel(text, latlng, kind, minZoom, maxZoom) {
    labels.push({ text: text, latlng: L.latLng(latlng[0], latlng[1]), kind: kind, min: minZoom, max: maxZoom || 99 });
  }
  addLabel("AFGHANISTAN", [34.4, 66.0], "country", 0, 7);
  addLabel("PAKISTAN", [28.6, 68.6], "country", 0, 7);
  data.neighbours.features.forEach(function (f) {
    addLabel(f.properties.name.toUpperCase(), f.properties.label, "neighbour", 0, 8);
  });
  data.provinces.features.forEach(function (f) {
    if (f.properties.label) addLabel(f.properties.name, f.properties.label, "province", 6, 9);
  });
  data.districts.features.forEach(function (f) {
    addLabel(f.properties.name, f.properties.label, "district", DISTRICT_ZOOM + 1, 12);
  });
  var TOWN_ZOOM = [[1000000, 5], [400000, 6], [150000, 7], [50000, 8], [15000, 9], [0, 10]];
  data.places.forEach(function (r) {
    if (r[1] !== "city" && r[1] !== "town" && r[1] !== "village") return;
    var z = 11;
    for (var i = 0; i < TOWN_ZOOM.length; i++) if (r[6] >= TOWN_ZOOM[i][0]) { z = TOWN_ZOOM[i][1]; break; }
    if (r[1] === "village") z = Math.max(z, 11);
    addLabel(r[0], [r[4], r[5]], r[6] >= 1000000 ? "city" : "town", z);
  });
  function labelMarker(lab) {
    if (lab.marker) return lab.marker;
    var node = el("div", null, lab.text);  // text only, set with textContent
    lab.marker = L.marker(lab.latlng, {
      pane: "bwLabels", interactive: false, keyboard: false,
      icon: L.divIcon({ html: node, className: "bw-label bw-label-" + lab.kind, iconSize: null })
    });
    return lab.marker;
  }
  function placeLabels() {
    // only the labels that come or go are touched: a pan or zoom keeps most of them
    var base = map.hasLayer(offline), z = map.getZoom(), view = map.getBounds().pad(0.2);
    labels.forEach(function (lab) {
      var on = base && z >= lab.min && z <= lab.max && view.contains(lab.latlng);
      if (on && !lab.shown) labelLayer.addLayer(labelMarker(lab));
      else if (!on && lab.shown) labelLayer.removeLayer(lab.marker);
      lab.shown = on;
    });
  }
  map.on("zoomend moveend baselayerchange", placeLabels);
  var baseLayers = {
    "Offline map (countries, provinces, towns)": offline,
    "OpenStreetMap (online)": L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      attribution: "&copy; OpenStreetMap contributors", maxZoom: 18
    }),
    "CartoDB Positron (online)": L.tileLayer("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png", {
      attribution: "&copy; OpenStreetMap contributors &copy; CARTO", subdomains: "abcd", maxZoom: 19
    })
  };
  map.getContainer().style.background = "#dfe9f0";

  // border: the line, and segments coloured by the incidents drawn. An incident counts toward
  // its segment only in the border zone (it then carries segment_id), the rule of every report;
  // the date filter recounts them.
  var segmentFigures = {};
  function segmentColour(n, most) {
    if (!n) return "#4d4d4d";
    var t = n / Math.max(1, most);
    return t > 0.66 ? "#b30000" : t > 0.33 ? "#e34a33" : "#fc8d59";
  }
  function segmentTip(layer) {
    var p = layer.feature.properties, f = segmentFigures[p.id] || { n: 0, types: {}, killed: 0 }, tip = el("div");
    tip.appendChild(el("strong", null, p.id + " " + p.name));
    var counts = Object.keys(f.types).sort().map(function (k) { return k + " " + f.types[k]; }).join(", ");
    tip.appendChild(el("div", null, f.n + " incidents within " + data.zone_km + " km of the line" +
      (counts ? ": " + counts : "") + "; " + f.killed + " killed; " + p.length_km + " km"));
    return tip;
  }
  var line = L.geoJSON(data.segments, { style: { color: "#222", weight: 2 }, interactive: false }).addTo(map);
  var segments = L.geoJSON(data.segments, {
    style: { color: "#4d4d4d", weight: 6, opacity: 0.55 },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(segmentTip, { sticky: true });
      layer.on("click", function (e) { openSegment(layer, e.latlng); });
    }
  }).addTo(map);
  function restyleSegments() {
    var most = 0;
    Object.keys(segmentFigures).forEach(function (k) { most = Math.max(most, segmentFigures[k].n); });
    segments.eachLayer(function (layer) {
      var f = segmentFigures[layer.feature.properties.id];
      layer.setStyle({ color: segmentColour(f ? f.n : 0, most) });
    });
  }
  var crossings = L.geoJSON(data.crossings, {
    pointToLayer: function (f, ll) {
      return L.circleMarker(ll, { radius: 5, color: "#000", weight: 2, fillColor: "#fff", fillOpacity: 1 });
    },
    onEachFeature: function (f, layer) { layer.bindTooltip(el("span", null, f.properties.name + " (crossing)")); }
  }).addTo(map);

  // incidents: one marker per incident, made once, in one cluster group. A type's entry in the
  // layer list is an empty placeholder: whether it is on the map decides whether the type is drawn.
  // Clusters take the colour of their most common type; identical points spiderfy at the last zoom.
  map.options.maxZoom = map.options.maxZoom || 14;
  map.options.minZoom = map.options.minZoom || 3;
  var typeLayers = {}, uncertainty = L.layerGroup(), heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 9 });
  var byId = {}, shown = [], inFilter = [], countryLevel = [], building = true;
  TYPES.forEach(function (t) { typeLayers[t] = L.layerGroup().addTo(map); });
  // thousands of circles slow every pan: big maps start without them (one click in the layer list)
  if (data.incidents.features.length <= 5000) uncertainty.addTo(map);

  // country-level incidents, under the current filter, in a panel beside the map
  var countryPanel = L.control({ position: "topleft" }), countryBox = null;
  countryPanel.onAdd = function () {
    countryBox = el("div", "bw-country leaflet-bar");
    L.DomEvent.disableClickPropagation(countryBox);
    L.DomEvent.disableScrollPropagation(countryBox);
    listCountryLevel();
    return countryBox;
  };
  function listCountryLevel() {
    if (!countryBox) return;
    countryBox.textContent = "";
    countryBox.style.display = countryLevel.length ? "" : "none";
    countryBox.appendChild(el("strong", null, countryLevel.length + " country-level incident" +
      (countryLevel.length === 1 ? "" : "s") + " (not drawn: the report names only a country)"));
    countryLevel.slice(0, 200).forEach(function (f) {
      var p = f.properties, item = el("details", "bw-country-item");
      item.appendChild(el("summary", null, p.type + " — " + (p.place || "?") + " — " + (p.date || "undated") +
        (p.fatalities ? " — " + p.fatalities + " killed" : "")));
      item.addEventListener("toggle", function () {
        if (item.open && item.childNodes.length === 1) item.appendChild(popupFor(p));
      });
      countryBox.appendChild(item);
    });
    if (countryLevel.length > 200) countryBox.appendChild(el("div", "bw-muted", "… and " + (countryLevel.length - 200) + " more"));
  }

  // a cluster's tally by type, summed from its child clusters (kept on each, redone when its count changes)
  function tallyOf(c) {
    if (c._bwTally && c._bwCount === c._childCount) return c._bwTally;
    var tally = {}, i, t, k;
    for (i = 0; i < c._markers.length; i++) {
      t = c._markers[i].options.bwType;
      tally[t] = (tally[t] || 0) + 1;
    }
    for (i = 0; i < c._childClusters.length; i++) {
      var sub = tallyOf(c._childClusters[i]);
      for (k in sub) tally[k] = (tally[k] || 0) + sub[k];
    }
    c._bwTally = tally;
    c._bwCount = c._childCount;
    return tally;
  }
  function clusterIcon(c) {
    var tally = tallyOf(c), n = c._childCount, best = null;
    Object.keys(tally).forEach(function (t) { if (best === null || tally[t] > tally[best]) best = t; });
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48, disc = el("div");
    disc.appendChild(el("span", null, n));  // built with textContent and style setters, no markup
    disc.style.background = colours[best] || "#333";
    disc.setAttribute("title", n + " incidents, mostly " + best);
    return L.divIcon({ html: disc, className: "bw-cluster", iconSize: L.point(size, size) });
  }
  // the page is ready once the first clustering is done (big maps cluster in chunks, between frames)
  var clustered = false;
  var cluster = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, spiderfyOnMaxZoom: true, maxClusterRadius: 45,
    removeOutsideVisibleBounds: true, iconCreateFunction: clusterIcon, animate: false,
    chunkProgress: function (done, total) {
      if (done < total || clustered) return;
      clustered = true;
      if (window.borderwatch) window.borderwatch.ready = true;
    }
  }).addTo(map);

  function markerFor(f) {
    var p = f.properties;
    var ll = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);  // GeoJSON is lon, lat
    var marker = new BwShapeMarker(ll, {
      radius: 7, color: "#fff", weight: 1, fillColor: colours[p.type] || "#333", fillOpacity: 0.9,
      bwType: colours[p.type] ? p.type : "other"
    });
    marker.feature = f;
    byId[p.id] = marker;
    return marker;
  }
  data.incidents.features.forEach(markerFor);
  // one click handler for every marker; a popup is bound the first time its marker is opened
  function openIncident(marker) {
    if (!marker.getPopup()) {
      marker.bindPopup(function () { return popupFor(marker.feature.properties); }, { maxWidth: 360 });
    }
    marker.openPopup();
  }
  cluster.on("click", function (e) { if (e.layer && e.layer.feature) openIncident(e.layer); });

  // the time filter: a date range (null = open) and whether incidents with no date are kept
  function inRange(p, from, to, undated) {
    if (!p.start) return undated;
    return (!from || p.end >= from) && (!to || p.start <= to);
  }

  function draw(from, to, undated) {
    if (undated === undefined) undated = true;
    uncertainty.clearLayers();
    var points = [], on = {};
    TYPES.forEach(function (t) { on[t] = map.hasLayer(typeLayers[t]); });
    segmentFigures = {};
    typeCounts = {};
    shown = [];
    inFilter = [];
    countryLevel = [];
    var circles = map.hasLayer(uncertainty);
    data.incidents.features.forEach(function (f) {
      var p = f.properties;
      if (!inRange(p, from, to, undated)) return;
      inFilter.push(f);
      var t = colours[p.type] ? p.type : "other";
      typeCounts[t] = (typeCounts[t] || 0) + 1;
      if (p.segment_id) {
        var s = segmentFigures[p.segment_id] || (segmentFigures[p.segment_id] = { n: 0, types: {}, killed: 0 });
        s.n += 1;
        s.types[p.type] = (s.types[p.type] || 0) + 1;
        s.killed += p.fatalities || 0;
      }
      if (!on[t]) return;
      if (p.country_level) { countryLevel.push(f); return; }  // a country's centre says nothing: listed aside
      var marker = byId[p.id], ll = marker.getLatLng();
      shown.push(marker);
      if (p.radius_m && circles) {  // as large as the district, tehsil or province the report names
        uncertainty.addLayer(L.circle(ll, {
          radius: p.radius_m, color: colours[p.type] || "#333", weight: 1, dashArray: "4 4", fillOpacity: 0.04,
          interactive: false
        }));
      }
      points.push([ll.lat, ll.lng, 1 + (p.fatalities || 0)]);
    });
    cluster.clearLayers();
    cluster.addLayers(shown);
    heat.setLatLngs(points);
    restyleSegments();
    counts();
    listCountryLevel();
  }
  var typeCounts = {}, lastRange = [null, null, true];
  function redraw(from, to, undated) {
    lastRange = [from, to, undated];
    draw(from, to, undated);
  }
  map.on("overlayadd overlayremove", function (e) {
    if (!building && (e.layer === uncertainty || TYPES.some(function (t) { return typeLayers[t] === e.layer; }))) {
      redraw.apply(null, lastRange);
    }
  });

  var overlays = {};
  function label(t) {
    var n = typeCounts[t] || 0;
    var span = el("span", "bw-layer");
    var symbol = bwSymbol(t, colours[t]);
    var img = el("img", "bw-symbol");
    img.src = symbol.toDataURL();  // the layer control takes HTML: the symbol goes in as an image
    img.alt = "";
    span.appendChild(img);
    span.appendChild(document.createTextNode(t + " ("));
    var count = el("span", "bw-count", n);
    count.setAttribute("data-type", t);
    span.appendChild(count);
    span.appendChild(document.createTextNode(")"));
    return span.outerHTML;  // built from text nodes: type names and counts only
  }
  function counts() {
    var total = 0;
    Object.keys(typeCounts).forEach(function (t) { total += typeCounts[t]; });
    document.querySelectorAll(".bw-shown").forEach(function (node) {
      node.textContent = total + " of " + data.incidents.features.length + " incidents in the time filter";
    });
    document.querySelectorAll(".bw-count").forEach(function (node) {
      node.textContent = String(typeCounts[node.getAttribute("data-type")] || 0);
    });
  }
  draw(null, null);
  TYPES.forEach(function (t) { overlays[label(t)] = typeLayers[t]; });
  overlays["Uncertainty circles"] = uncertainty;
  overlays["Clustered incidents"] = cluster;
  overlays["Heat map"] = heat;
  overlays["Border segments"] = segments;
  overlays["Durand Line"] = line;
  overlays["Official crossings"] = crossings;
  var layerControl = L.control.layers(baseLayers, overlays, {
    collapsed: map.getSize().y < 900, position: "topright"  // short windows: folded, the legend has the counts
  }).addTo(map);

  // legend
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var box = el("div", "bw-legend leaflet-bar");
    box.appendChild(el("strong", null, "Incident types"));
    TYPES.forEach(function (t) {
      var row = el("div");
      row.appendChild(bwSymbol(t, colours[t]));
      row.appendChild(document.createTextNode(t + " "));
      var n = el("span", "bw-count", typeCounts[t] || 0);
      n.setAttribute("data-type", t);
      row.appendChild(n);
      box.appendChild(row);
    });
    box.appendChild(el("div", "bw-muted", "Segments count incidents within " + data.zone_km + " km of the line"));
    return box;
  };
  legend.addTo(map);

  // time: incidents per month stacked by type (SVG), a two-handled range slider under it, and
  // whether undated incidents stay on the map
  var months = [], monthIndex = {};
  (function () {
    var first = null, last = null;
    data.incidents.features.forEach(function (f) {
      var m = f.properties.start && f.properties.start.slice(0, 7);
      if (!m) return;
      if (!first || m < first) first = m;
      if (!last || m > last) last = m;
    });
    if (!first) return;
    var y = +first.slice(0, 4), mo = +first.slice(5, 7);
    for (;;) {
      var key = y + "-" + (mo < 10 ? "0" : "") + mo;
      monthIndex[key] = months.length;
      months.push(key);
      if (key >= last) break;
      mo += 1;
      if (mo > 12) { mo = 1; y += 1; }
    }
  })();
  function monthEnd(key) {
    var d = new Date(Date.UTC(+key.slice(0, 4), +key.slice(5, 7), 0));
    return d.toISOString().slice(0, 10);
  }
  var SVG = "http://www.w3.org/2000/svg";  // a namespace name, never fetched
  function histogram(features, width, height) {
    // one stacked bar per month of ``months``; returns the svg and its bars (for shading)
    var svg = document.createElementNS(SVG, "svg"), tallies = months.map(function () { return {}; }), most = 1;
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("class", "bw-histogram");
    features.forEach(function (f) {
      var p = f.properties, i = p.start ? monthIndex[p.start.slice(0, 7)] : undefined;
      if (i === undefined) return;
      var t = colours[p.type] ? p.type : "other";
      tallies[i][t] = (tallies[i][t] || 0) + 1;
      tallies[i].n = (tallies[i].n || 0) + 1;
      most = Math.max(most, tallies[i].n);
    });
    var w = width / Math.max(1, months.length), bars = [];
    tallies.forEach(function (tally, i) {
      var g = document.createElementNS(SVG, "g"), y = height;
      TYPES.forEach(function (t) {
        if (!tally[t]) return;
        var h = tally[t] / most * (height - 2), r = document.createElementNS(SVG, "rect");
        y -= h;
        r.setAttribute("x", (i * w + 0.5).toFixed(1));
        r.setAttribute("y", y.toFixed(1));
        r.setAttribute("width", Math.max(1, w - 1).toFixed(1));
        r.setAttribute("height", h.toFixed(1));
        r.setAttribute("fill", colours[t]);
        g.appendChild(r);
      });
      var tip = document.createElementNS(SVG, "title");
      tip.textContent = months[i] + ": " + (tally.n || 0) + " incidents" + TYPES.filter(function (t) {
        return tally[t];
      }).map(function (t) { return ", " + t + " " + tally[t]; }).join("");
      g.appendChild(tip);
      svg.appendChild(g);
      bars.push(g);
    });
    return { svg: svg, bars: bars };
  }

  // place search: every place the page carries (gazetteer towns, districts, tehsils, provinces,
  // crossings), the segments and the incidents' own place names
  var index = null, found = L.layerGroup().addTo(map);
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  function searchIndex() {
    if (index) return index;
    index = [];
    var seen = {};
    function add(entry) {
      var key = fold(entry.name) + "|" + entry.what;
      if (seen[key]) return;
      seen[key] = true;
      entry.key = fold(entry.name);
      index.push(entry);
    }
    data.places.forEach(function (r) {
      add({ name: r[0], what: r[1] + (r[3] ? ", " + r[3] : "") + ", " + r[2], kind: r[1],
        latlng: L.latLng(r[4], r[5]) });
    });
    segments.eachLayer(function (layer) {
      var p = layer.feature.properties;
      add({ name: p.name, what: "border segment " + p.id, kind: "segment", layer: layer });
      add({ name: p.id, what: "border segment " + p.name, kind: "segment", layer: layer });
    });
    data.incidents.features.forEach(function (f) {
      if (f.properties.place) {
        add({ name: f.properties.place, what: "incident place", kind: "incident",
          latlng: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]) });
      }
    });
    return index;
  }
  function findPlace(q) {
    var k = fold(q), list = searchIndex(), i;
    if (!k) return null;
    for (i = 0; i < list.length; i++) if (list[i].key === k) return list[i];
    for (i = 0; i < list.length; i++) if (list[i].key.indexOf(k) === 0) return list[i];
    for (i = 0; i < list.length; i++) if (list[i].key.indexOf(" " + k) >= 0) return list[i];
    return null;
  }
  var ZOOM_FOR = { city: 10, town: 11, village: 12, crossing: 11, tehsil: 9, district: 9, province: 7, region: 8 };
  function showPlace(hit) {
    found.clearLayers();
    if (hit.layer) {
      map.fitBounds(hit.layer.getBounds().pad(0.3));
      openSegment(hit.layer);
      return;
    }
    var zoom = Math.max(map.getZoom(), ZOOM_FOR[hit.kind] || 10);
    map.setView(hit.latlng, zoom);
    // the minimap syncs the main map back to its own centre when its animation ends, which can undo
    // a jump made while it was still moving: look again once it has settled
    setTimeout(function () {
      if (map.getCenter().distanceTo(hit.latlng) > 2000) map.setView(hit.latlng, zoom, { animate: false });
    }, 800);
    var ring = L.circleMarker(hit.latlng, { radius: 12, color: "#1f4e79", weight: 3, fill: false, interactive: false });
    ring.bindTooltip(el("span", null, hit.name), { permanent: true, direction: "top", offset: [0, -12],
      className: "bw-found" });
    found.addLayer(ring);
  }

  // the segment panel: a segment's incidents over time and its totals under the current filter
  var segmentPopup = L.popup({ maxWidth: 320, minWidth: 280, className: "bw-segment-popup" });
  function openSegment(layer, latlng) {
    var p = layer.feature.properties, box = el("div", "bw-popup bw-segment");
    var mine = inFilter.filter(function (f) { return f.properties.segment_id === p.id; });
    var ever = data.incidents.features.filter(function (f) { return f.properties.segment_id === p.id; });
    var killed = 0, tally = {};
    mine.forEach(function (f) {
      killed += f.properties.fatalities || 0;
      tally[f.properties.type] = (tally[f.properties.type] || 0) + 1;
    });
    box.appendChild(el("div", "bw-title", p.id + " " + p.name));
    box.appendChild(el("div", "bw-segment-total", mine.length + " incident" + (mine.length === 1 ? "" : "s") +
      " within " + data.zone_km + " km of the line under the current filter (" + ever.length + " in all), " +
      killed + " killed; segment " + p.length_km + " km"));
    var types = el("div");
    TYPES.forEach(function (t) {
      if (!tally[t]) return;
      var row = el("span", "bw-segment-type");
      row.appendChild(bwSymbol(t, colours[t]));
      row.appendChild(document.createTextNode(t + " " + tally[t] + "  "));
      types.appendChild(row);
    });
    box.appendChild(types);
    if (months.length) {
      var hist = histogram(ever, 280, 44), a = lastRange[0], b = lastRange[1];
      hist.bars.forEach(function (g, i) {
        var m = months[i];
        if ((a && monthEnd(m) < a) || (b && m + "-01" > b)) g.setAttribute("opacity", "0.25");
      });
      box.appendChild(el("div", "bw-muted", "incidents per month, " + months[0] + " – " + months[months.length - 1]));
      box.appendChild(hist.svg);
    }
    var latest = mine.slice().sort(function (x, y) {
      return String(y.properties.start || "").localeCompare(String(x.properties.start || ""));
    }).slice(0, 8);
    if (latest.length) box.appendChild(el("div", "bw-muted", "latest:"));
    latest.forEach(function (f) {
      var q = f.properties, link = el("a", "bw-segment-incident", (q.date || "undated") + " " + q.type +
        (q.place ? ", " + q.place : ""));
      link.setAttribute("href", "#");
      link.addEventListener("click", function (e) {
        e.preventDefault();
        var marker = byId[q.id];
        if (marker && cluster.hasLayer(marker)) cluster.zoomToShowLayer(marker, function () { openIncident(marker); });
      });
      box.appendChild(link);
    });
    segmentPopup.setLatLng(latlng || layer.getCenter()).setContent(box).openOn(map);
    return box;
  }

  var tools = L.control({ position: "topleft" });
  tools.onAdd = function () {
    var box = el("div", "bw-tools leaflet-bar");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var time = el("div", "bw-time"), shownNote = el("div", "bw-shown bw-muted");
    var undated = el("input"), undatedLabel = el("label", "bw-undated");
    undated.type = "checkbox";
    undated.id = "bw-undated";
    undated.checked = true;
    undatedLabel.appendChild(undated);
    var nUndated = data.incidents.features.filter(function (f) { return !f.properties.start; }).length;
    undatedLabel.appendChild(document.createTextNode(" include undated (" + nUndated + ")"));
    if (months.length) {
      var hist = histogram(data.incidents.features, 260, 48), range = el("div", "bw-range");
      var lo = el("input"), hi = el("input"), span = el("div", "bw-span");
      lo.type = hi.type = "range";
      lo.id = "bw-from"; hi.id = "bw-to";
      lo.min = hi.min = "0";
      lo.max = hi.max = String(months.length - 1);
      lo.value = "0";
      hi.value = String(months.length - 1);
      lo.title = "first month"; hi.title = "last month";
      range.appendChild(lo);
      range.appendChild(hi);
      time.appendChild(hist.svg);
      time.appendChild(range);
      time.appendChild(span);
      var live = data.incidents.features.length <= 20000;  // bigger maps redraw when the handle is let go
      var apply = function (final) {
        var a = +lo.value, b = +hi.value;
        if (a > b) { var c = a; a = b; b = c; }
        span.textContent = months[a] + " – " + months[b];
        hist.bars.forEach(function (g, i) { g.setAttribute("opacity", i < a || i > b ? "0.25" : "1"); });
        if (!final && !live) return;
        var whole = a === 0 && b === months.length - 1;
        redraw(whole ? null : months[a] + "-01", whole ? null : monthEnd(months[b]), undated.checked);
      };
      lo.addEventListener("input", function () { apply(false); });
      hi.addEventListener("input", function () { apply(false); });
      lo.addEventListener("change", function () { apply(true); });
      hi.addEventListener("change", function () { apply(true); });
      undated.addEventListener("change", function () { apply(true); });
      span.textContent = months[0] + " – " + months[months.length - 1];
    } else {
      time.appendChild(el("div", "bw-muted", "no dated incidents"));
      undated.addEventListener("change", function () { redraw(null, null, undated.checked); });
    }
    time.appendChild(undatedLabel);
    time.appendChild(shownNote);
    box.appendChild(time);
    var search = el("input");
    search.id = "bw-search";
    search.type = "search";
    search.placeholder = "search a place…";
    search.setAttribute("aria-label", "search a place");
    var status = el("div", "bw-search-status bw-muted");
    status.setAttribute("role", "status");
    var names = el("datalist");
    names.id = "bw-places";
    var listed = {};  // suggestions: the gazetteer's places (the full index is built on the first search)
    data.places.forEach(function (r) {
      if (!listed[r[0]]) { listed[r[0]] = true; names.appendChild(el("option")).value = r[0]; }
    });
    search.setAttribute("list", "bw-places");
    var row2 = el("div");
    row2.appendChild(search);
    box.appendChild(row2);
    box.appendChild(status);
    box.appendChild(names);
    function go() {
      var q = search.value.trim();
      if (!q) { status.textContent = ""; return; }
      var hit = findPlace(q);
      if (!hit) {
        status.textContent = "No place called “" + q + "” on this map (" + searchIndex().length +
          " towns, districts, provinces, crossings and segments searched)";
        status.className = "bw-search-status bw-miss";
        return;
      }
      status.className = "bw-search-status bw-muted";
      status.textContent = hit.name + ": " + hit.what;
      showPlace(hit);
    }
    search.addEventListener("change", go);
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
    return box;
  };
  tools.addTo(map);
  counts();

  L.control.fullscreen({ position: "topleft" }).addTo(map);
  countryPanel.addTo(map);
  L.control.measure({ position: "topleft", primaryLengthUnit: "kilometers", secondaryLengthUnit: "miles",
    primaryAreaUnit: "sqkilometers", activeColor: "#d62728", completedColor: "#1f77b4" }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  new L.Control.MiniMap(L.geoJSON(data.countries, {
    style: { color: "#888", weight: 1, fillColor: "#f3efe4", fillOpacity: 1 }, interactive: false
  }), { toggleDisplay: true, position: "bottomleft", zoomLevelOffset: -4 }).addTo(map);

  var all = data.incidents.features.map(function (f) {
    return [f.geometry.coordinates[1], f.geometry.coordinates[0]];
  });
  if (all.length) map.fitBounds(L.latLngBounds(all).pad(0.2), { maxZoom: 8 });
  building = false;
  placeLabels();
  showDistricts();
  window.borderwatch = {
    map: map, layers: typeLayers, byId: byId, cluster: cluster, openSegment: openSegment, labels: labelLayer, districts: districts,
    countryLevel: function () { return countryLevel; }, control: layerControl, heat: heat, segments: segments,
    segmentFigures: function () { return segmentFigures; }, draw: draw, data: data, ready: clustered
  };
}

// The map's data: plain JSON, or for big maps gzipped and base64-encoded, unpacked in the page.
function borderwatchLoad(map) {
  "use strict";
  var plain = document.getElementById("bw-data");
  if (plain) return borderwatchMap(map, JSON.parse(plain.textContent));
  // a data: URL is decoded by the browser itself, with no request leaving the page
  var packed = "data:application/octet-stream;base64," + document.getElementById("bw-data-gz").textContent.trim();
  fetch(packed).then(function (response) {
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
  }).then(function (text) { borderwatchMap(map, JSON.parse(text)); });
}
