/* borderwatch map layers. Article text arrives as JSON and reaches the page only through
   textContent and attribute setters, never as HTML, so hostile quotes show as text. */
// One symbol per incident type, drawn on the incidents' canvas (thousands of points stay fast):
// the symbol is the type's icon, its colour the type's colour.
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

function bwSymbol(type, colour) {
  var size = 14, canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  canvas.className = "bw-symbol";
  var ctx = canvas.getContext("2d");
  bwShapePath(ctx, BW_SHAPES[type] || "circle", size / 2, size / 2, 5);
  ctx.fillStyle = colour; ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = "#fff"; ctx.stroke();
  return canvas;
}

// Vector outlines: Leaflet projects every vertex of every outline again at each zoom (a sine and a
// logarithm per vertex, tens of thousands of vertices). Here a vertex is projected once, at scale 1,
// and a zoom only multiplies: the same pixels as L.Map.latLngToLayerPoint, rounded the same way.
function bwFastProjection(map) {
  var crs = map.options.crs;
  // the heat map reads its canvas back at every redraw: a CPU canvas for it too (its own code unchanged)
  if (L.HeatLayer && !L.HeatLayer.prototype._bwInit) {
    var initHeat = L.HeatLayer.prototype._bwInit = L.HeatLayer.prototype._initCanvas;
    L.HeatLayer.prototype._initCanvas = function () {
      var create = L.DomUtil.create;
      L.DomUtil.create = function (tag, className, parent) {
        var node = create(tag, className, parent);
        if (tag === "canvas") node.getContext("2d", { willReadFrequently: true });
        return node;
      };
      try { initHeat.call(this); } finally { L.DomUtil.create = create; }
    };
    // a redraw asked for just before the layer is taken off the map finds no map: skip it
    var redrawHeat = L.HeatLayer.prototype._redraw;
    L.HeatLayer.prototype._redraw = function () {
      if (this._map) return redrawHeat.call(this);
      this._frame = null;
    };
  }
  // The map's canvas is redrawn whole at every pan and zoom, with hundreds of small shapes and texts:
  // drawn by the CPU that is a few milliseconds, while a GPU-backed canvas without a GPU (headless,
  // virtual machines, remote desktops: a software GL) spends ~0.2 ms per shape. willReadFrequently
  // asks for the CPU canvas; the rest is Leaflet 1.9.4's own _initContainer.
  L.Canvas.prototype._initContainer = function () {
    var container = this._container = document.createElement("canvas");
    L.DomEvent.on(container, "mousemove", this._onMouseMove, this);
    L.DomEvent.on(container, "click dblclick mousedown mouseup contextmenu", this._onClick, this);
    L.DomEvent.on(container, "mouseout", this._handleMouseOut, this);
    container._leaflet_disable_events = true;
    this._ctx = container.getContext("2d", { willReadFrequently: true });
  };
  if (!crs.projection || !crs.transformation || crs.infinite) return;
  L.Polyline.prototype._projectLatlngs = function (latlngs, result, projectedBounds) {
    var len = latlngs.length, i;
    if (latlngs[0] instanceof L.LatLng) {
      var m = this._map, scale = crs.scale(m.getZoom()), origin = m.getPixelOrigin(), ring = new Array(len), p, u;
      for (i = 0; i < len; i++) {
        u = latlngs[i]._bwUnit || (latlngs[i]._bwUnit = crs.transformation.transform(crs.projection.project(latlngs[i]), 1));
        p = new L.Point(u.x * scale, u.y * scale)._round()._subtract(origin);
        ring[i] = p;
        projectedBounds.extend(p);
      }
      result.push(ring);
    } else {
      for (i = 0; i < len; i++) this._projectLatlngs(latlngs[i], result, projectedBounds);
    }
  };
}

// Outlines drawn from vertices projected once (see bwFastProjection), with the rings outside the
// view skipped and the vertices closer than a pixel to the last one drawn left out: a zoom or pan
// redraws the base in a few milliseconds. One layer draws a whole GeoJSON collection in one
// style on the map's canvas; an interactive one says which feature is under the pointer (its
// tooltip follows the feature).
var BwOutlines = L.Path.extend({
  options: { interactive: false },
  initialize: function (geojson, options) {
    L.setOptions(this, options);
    this._geojson = geojson;
    this._features = null;  // each: {name, rings: [{xy: Float64Array of unit x, y; box: [x0, y0, x1, y1]}]}
    this._closed = false;
  },
  _rings: function () {  // made the first time the layer is drawn
    if (this._features) return this._features;
    var self = this;
    this._features = [];
    (this._geojson.features || []).forEach(function (f) {
      var g = f.geometry, lines = [];
      if (!g) return;
      if (g.type === "Polygon") lines = g.coordinates;
      else if (g.type === "MultiPolygon") g.coordinates.forEach(function (poly) { lines = lines.concat(poly); });
      else if (g.type === "LineString") lines = [g.coordinates];
      else if (g.type === "MultiLineString") lines = g.coordinates;
      self._closed = g.type.indexOf("Polygon") >= 0;
      self._features.push({ name: (f.properties || {}).name, rings: lines.map(bwUnitRing) });
    });
    return this._features;
  },
  _project: function () {
    var m = this._map;
    this._scale = m.options.crs.scale(m.getZoom());
    this._origin = m.getPixelOrigin();
    this._pxBounds = new L.Bounds([-1e9, -1e9], [1e9, 1e9]);
  },
  _update: function () { if (this._map) this._updatePath(); },
  _empty: function () { return !(this._geojson.features || []).length; },
  _updatePath: function () {
    var r = this._renderer;
    if (!r._drawing || !r._bounds) return;
    if (this._map.getZoom() < (this.options.minZoom || 0)) { this.drawnRings = 0; return; }
    var drawnRings = 0, features = this._rings(), ctx = r._ctx, s = this._scale, ox = this._origin.x, oy = this._origin.y, b = r._bounds;
    var pad = (this.options.weight || 1) + 1;
    var vx0 = (b.min.x - pad + ox) / s, vy0 = (b.min.y - pad + oy) / s, vx1 = (b.max.x + pad + ox) / s,
      vy1 = (b.max.y + pad + oy) / s, closed = this._closed, f, k, ring, xy, n, j, x, y, lx, ly;
    ctx.beginPath();
    for (f = 0; f < features.length; f++) {
      for (k = 0; k < features[f].rings.length; k++) {
        ring = features[f].rings[k];
        if (ring.box[2] < vx0 || ring.box[0] > vx1 || ring.box[3] < vy0 || ring.box[1] > vy1) continue;
        xy = ring.xy; n = xy.length;
        lx = xy[0] * s - ox; ly = xy[1] * s - oy;
        ctx.moveTo(lx, ly);
        for (j = 2; j < n; j += 2) {
          x = xy[j] * s - ox; y = xy[j + 1] * s - oy;
          if (j < n - 2 && Math.abs(x - lx) + Math.abs(y - ly) < 1) continue;
          ctx.lineTo(x, y);
          lx = x; ly = y;
        }
        if (closed) ctx.closePath();
        drawnRings += 1;
      }
    }
    this.drawnRings = drawnRings;  // how many rings the last frame drew (0 below minZoom)
    r._fillStroke(ctx, this);
  },
  // the feature under a layer point (null: none); its name becomes the tooltip's text
  featureAt: function (point) {
    var s = this._scale, ux = (point.x + this._origin.x) / s, uy = (point.y + this._origin.y) / s, f, k, inside;
    var features = this._rings();
    for (f = 0; f < features.length; f++) {
      inside = false;
      for (k = 0; k < features[f].rings.length; k++) {
        var ring = features[f].rings[k];
        if (ring.box[2] < ux || ring.box[0] > ux || ring.box[3] < uy || ring.box[1] > uy) continue;
        if (bwInRing(ring.xy, ux, uy)) inside = !inside;
      }
      if (inside) return features[f];
    }
    return null;
  },
  _containsPoint: function (point) {
    if (!this._closed || this._map.getZoom() < (this.options.minZoom || 0)) return false;
    var hit = this.featureAt(point);
    if (hit && hit !== this._hover && this.getTooltip()) this.setTooltipContent(this.options.label(hit));
    this._hover = hit;
    return !!hit;
  }
});

// A small picture drawn once on its own canvas (at the screen's pixel ratio) and then copied:
// copying is several times cheaper than drawing text and shapes again at every pan and zoom.
function bwSprite(width, height, paint) {
  var ratio = window.devicePixelRatio || 1, canvas = document.createElement("canvas");
  canvas.width = Math.ceil(width * ratio);
  canvas.height = Math.ceil(height * ratio);
  var ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  paint(ctx);
  return { canvas: canvas, w: width, h: height };
}
function bwBlit(ctx, sprite, x, y) {  // centred on x, y (layer pixels)
  ctx.drawImage(sprite.canvas, Math.round(x - sprite.w / 2), Math.round(y - sprite.h / 2), sprite.w, sprite.h);
}

// Place names drawn on the map's canvas, each from its zoom on, with a white halo. The text is
// drawn as text (fillText), never parsed as markup.
var BW_LABEL_STYLE = {  // font, colour, letter spacing; drawn in this order (the biggest on top)
  district: ["10px system-ui, sans-serif", "#9a8f76", "0.5px"],
  town: ["11px system-ui, sans-serif", "#333", "0px"],
  province: ["italic 11px system-ui, sans-serif", "#7a6f55", "0px"],
  city: ["700 13px system-ui, sans-serif", "#222", "0px"],
  neighbour: ["12px system-ui, sans-serif", "#8f8f8f", "2px"],
  country: ["700 15px system-ui, sans-serif", "#6b6355", "3px"]
};
var BwLabels = L.Path.extend({
  options: { interactive: false },
  initialize: function (labels, options) {
    L.setOptions(this, options);
    var kinds = Object.keys(BW_LABEL_STYLE), crs = L.CRS.EPSG3857;
    this._labels = labels.map(function (lab) {
      var u = crs.transformation.transform(crs.projection.project(lab.latlng), 1);
      var text = lab.kind === "district" ? lab.text.toUpperCase() : lab.kind === "city" || lab.kind === "town" ?
        "\u2022 " + lab.text : lab.text;
      return { text: lab.text, drawn: text, kind: lab.kind, min: lab.min, max: lab.max, ux: u.x, uy: u.y,
        rank: kinds.indexOf(lab.kind) };
    }).sort(function (a, b) { return a.rank - b.rank; });
    this.shown = [];
  },
  _project: BwOutlines.prototype._project,
  _update: BwOutlines.prototype._update,
  _empty: function () { return !this._labels.length; },
  _sprite: function (lab) {  // the name with a white halo, as text (fillText), never as markup
    var style = BW_LABEL_STYLE[lab.kind], probe = this._probe || (this._probe = document.createElement("canvas").getContext("2d"));
    probe.font = style[0]; probe.letterSpacing = style[2];
    var size = parseInt(style[0].match(/(\d+)px/)[1], 10), w = Math.ceil(probe.measureText(lab.drawn).width) + 8;
    return bwSprite(w, size + 8, function (ctx) {
      ctx.font = style[0]; ctx.letterSpacing = style[2]; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      ctx.lineJoin = "round"; ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255, 255, 255, 0.9)"; ctx.fillStyle = style[1];
      ctx.strokeText(lab.drawn, w / 2, (size + 8) / 2);
      ctx.fillText(lab.drawn, w / 2, (size + 8) / 2);
    });
  },
  _updatePath: function () {
    var r = this._renderer;
    if (!r._drawing || !r._bounds) return;
    var ctx = r._ctx, s = this._scale, ox = this._origin.x, oy = this._origin.y, b = r._bounds, z = this._map.getZoom();
    var shown = [], lab, x, y;
    ctx.save();
    ctx.globalAlpha = 1;
    for (var i = 0; i < this._labels.length; i++) {
      lab = this._labels[i];
      if (z < lab.min || z > lab.max) continue;
      x = lab.ux * s - ox; y = lab.uy * s - oy;
      if (x < b.min.x - 80 || x > b.max.x + 80 || y < b.min.y - 20 || y > b.max.y + 20) continue;
      bwBlit(ctx, lab.sprite || (lab.sprite = this._sprite(lab)), x, y);
      shown.push(lab);
    }
    ctx.restore();
    this.shown = shown;
  }
});

// a GeoJSON ring ([lon, lat] pairs) as Web Mercator x, y at scale 1, with its bounding box
function bwUnitRing(coords) {
  var crs = L.CRS.EPSG3857, xy = new Float64Array(coords.length * 2), box = [Infinity, Infinity, -Infinity, -Infinity];
  for (var i = 0; i < coords.length; i++) {
    var p = crs.transformation.transform(crs.projection.project(L.latLng(coords[i][1], coords[i][0])), 1);
    xy[2 * i] = p.x; xy[2 * i + 1] = p.y;
    if (p.x < box[0]) box[0] = p.x;
    if (p.y < box[1]) box[1] = p.y;
    if (p.x > box[2]) box[2] = p.x;
    if (p.y > box[3]) box[3] = p.y;
  }
  return { xy: xy, box: box };
}

function bwInRing(xy, x, y) {
  var inside = false, n = xy.length;
  for (var i = 0, j = n - 2; i < n; j = i, i += 2) {
    var xi = xy[i], yi = xy[i + 1], xj = xy[j], yj = xy[j + 1];
    if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function borderwatchMap(map, data) {
  "use strict";
  var colours = data.colours;
  var TYPES = Object.keys(colours);
  var col = data.columns, N = col.lat.length;
  bwFastProjection(map);
  // the view first: the outlines are then projected once, at the zoom they are shown
  map.options.maxZoom = map.options.maxZoom || 14;
  map.options.minZoom = map.options.minZoom || 3;
  if (N) {
    var south = 90, north = -90, west = 180, east = -180;
    for (var i = 0; i < N; i++) {
      south = Math.min(south, col.lat[i]); north = Math.max(north, col.lat[i]);
      west = Math.min(west, col.lon[i]); east = Math.max(east, col.lon[i]);
    }
    map.fitBounds(L.latLngBounds([south, west], [north, east]).pad(0.2), { maxZoom: 8, animate: false });
  }

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
      ["of them attackers", props.attackers_killed],
      ["injured", props.injured],
      ["missing", props.missing],
      ["abducted", props.abducted],
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
  var provinces = new BwOutlines(data.provinces, {
    color: "#b5ad9a", weight: 0.8, dashArray: "3 3", fill: false, interactive: true,
    label: function (f) { return el("span", null, f.name); }
  });
  provinces.bindTooltip(el("span"), { sticky: true });
  // district outlines from zoom 8 on
  var DISTRICT_ZOOM = 8, districts = new BwOutlines(data.districts, {
    color: "#b3a78a", weight: 0.8, dashArray: "2 3", fill: false, minZoom: DISTRICT_ZOOM
  });
  // labels: one list with the zoom each appears from, drawn when in view
  var labels = [];
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
  var labelLayer = new BwLabels(labels);
  // outlines at most 1 px wide: the canvas draws those as hairlines, several times faster than a
  // 1.2 px stroke along thousands of vertices
  var base = [
    new BwOutlines(data.neighbours, { color: "#a9a9a9", weight: 0.8, fill: true, fillColor: "#ebe8e1", fillOpacity: 1 }),
    new BwOutlines(data.countries, { color: "#6f6f6f", weight: 1, fill: true, fillColor: "#f6f1e2", fillOpacity: 1 }),
    provinces, districts, labelLayer
  ];
  var offline = L.layerGroup(base).addTo(map);
  // all is drawn on one canvas, in the order layers were added: the offline base, put back on the map,
  // goes under the line, the segments and the incidents again
  map.on("baselayerchange", function (e) {
    if (e.layer === offline) base.slice().reverse().forEach(function (layer) { layer.bringToBack(); });
  });
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
  var line = new BwOutlines(data.segments, { color: "#222", weight: 2, fill: false }).addTo(map);
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

  // incidents: columns of numbers (data.columns), clustered on a grid (below) and drawn on the map's canvas,
  // so a pan or zoom redraws only what is in view. A type's entry in the layer list is an empty
  // placeholder: whether it is on the map decides whether the type is drawn. Clusters take the
  // colour of their most common type; points too close to split spiderfy at the last zoom.
  var NT = TYPES.length, typeOf = col.types;
  var typeLayers = {}, uncertainty = L.layerGroup(), heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 9 });
  var shown = [], inFilter = [], countryLevel = [], building = true, heatStale = true;
  TYPES.forEach(function (t) { typeLayers[t] = L.layerGroup().addTo(map); });
  // thousands of circles slow every pan: big maps start without them (one click in the layer list)
  if (N <= 5000) uncertainty.addTo(map);
  function colourOf(i) { return colours[typeOf[col.type[i]]] || "#333"; }
  function latlngOf(i) { return L.latLng(col.lat[i], col.lon[i]); }
  function iso(day) {  // YYYYMMDD -> "YYYY-MM-DD"
    var s = String(day);
    return s.slice(0, 4) + "-" + s.slice(4, 6) + "-" + s.slice(6, 8);
  }
  function dateLabel(i) {  // a day, a month, a year or a span, from the days the incident may stand for
    var a = col.start[i], b = col.end[i];
    if (!a) return "undated";
    if (a === b) return iso(a);
    if (a % 10000 === 101 && b % 10000 === 1231 && Math.floor(a / 10000) === Math.floor(b / 10000)) {
      return String(Math.floor(a / 10000));
    }
    if (a % 100 === 1 && Math.floor(a / 100) === Math.floor(b / 100)) return iso(a).slice(0, 7);
    return iso(a) + " – " + iso(b);
  }

  // the popup fields of incident i: in the page's JSON, or for big maps in packed blocks unpacked
  // one at a time (a popup waits for its own block only)
  var blocks = {};
  function details(i, done) {
    var features = data.incidents.features;
    if (features.length) return done(features[i].properties);
    var size = data.incidents.blocks, k = Math.floor(i / size);
    if (blocks[k]) return done(blocks[k][i - k * size]);
    bwUnpack(document.getElementById("bw-details-" + k).textContent).then(function (text) {
      blocks[k] = blocks[k] || JSON.parse(text);
      done(blocks[k][i - k * size]);
    });
  }

  // Clustering: at each zoom the shown incidents are binned into cells of CELL pixels; a cell is
  // drawn at the mean of its incidents, and a cell whose mean lies within CELL pixels of a fuller
  // neighbour's joins it. One pass over the incidents per zoom, made when the zoom is first shown
  // and kept until the filter changes: 100,000 incidents take a few tens of milliseconds.
  var CELL = 56, UX = new Float64Array(N), UY = new Float64Array(N);  // Web Mercator at scale 1 (0..1)
  for (var i0 = 0; i0 < N; i0++) {
    UX[i0] = col.lon[i0] / 360 + 0.5;
    var sin = Math.sin(Math.max(Math.min(col.lat[i0], 85.0511287798), -85.0511287798) * Math.PI / 180);
    UY[i0] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  }
  var levels = {}, drawn = [], spider = null;
  function level(z) {
    if (levels[z]) return levels[z];
    var S = 256 * Math.pow(2, z) / CELL, cells = new Map(), assign = new Int32Array(N).fill(-1);
    var keys = [], count = [], sx = [], sy = [], k, i, c, key;
    for (k = 0; k < shown.length; k++) {
      i = shown[k];
      key = Math.floor(UX[i] * S) * 4194304 + Math.floor(UY[i] * S);  // columns and rows < 2^22 up to zoom 18
      c = cells.get(key);
      if (c === undefined) {
        c = keys.length; cells.set(key, c);
        keys.push(key); count.push(0); sx.push(0); sy.push(0);
      }
      count[c] += 1; sx[c] += UX[i]; sy[c] += UY[i]; assign[i] = c;
    }
    var m = keys.length, root = new Int32Array(m), order = new Array(m);
    for (c = 0; c < m; c++) { root[c] = -1; order[c] = c; }
    order.sort(function (a, b) { return count[b] - count[a]; });
    // a fuller cell takes in the neighbouring cells whose incidents sit within CELL pixels of its own
    var limit = 1 / S, o, dx, dy, nb, col0, row0;
    for (o = 0; o < m; o++) {
      c = order[o];
      if (root[c] >= 0) continue;
      root[c] = c;
      col0 = Math.floor(keys[c] / 4194304); row0 = keys[c] - col0 * 4194304;
      for (dx = -1; dx <= 1; dx++) {
        for (dy = -1; dy <= 1; dy++) {
          nb = cells.get((col0 + dx) * 4194304 + row0 + dy);
          if (nb === undefined || root[nb] >= 0) continue;
          var ddx = sx[nb] / count[nb] - sx[c] / count[c], ddy = sy[nb] / count[nb] - sy[c] / count[c];
          if (ddx * ddx + ddy * ddy < limit * limit) root[nb] = c;
        }
      }
    }
    // the clusters: one per root cell
    var index = new Int32Array(m), n = 0;
    for (c = 0; c < m; c++) if (root[c] === c) index[c] = n++;
    var L2 = { n: new Int32Array(n), x: new Float64Array(n), y: new Float64Array(n), type: new Int32Array(n),
      one: new Int32Array(n), assign: assign, size: n };
    var tally = new Int32Array(n * NT);
    for (k = 0; k < shown.length; k++) {
      i = shown[k];
      c = index[root[assign[i]]];
      assign[i] = c;
      L2.n[c] += 1; L2.x[c] += UX[i]; L2.y[c] += UY[i]; L2.one[c] = i;
      tally[c * NT + col.type[i]] += 1;
    }
    for (c = 0; c < n; c++) {
      L2.x[c] /= L2.n[c]; L2.y[c] /= L2.n[c];
      var best = 0;
      for (k = 1; k < NT; k++) if (tally[c * NT + k] > tally[c * NT + best]) best = k;
      L2.type[c] = best;
    }
    levels[z] = L2;
    return L2;
  }
  function members(z, c) {
    var assign = level(z).assign, out = [];
    for (var k = 0; k < shown.length; k++) if (assign[shown[k]] === c) out.push(shown[k]);
    return out;
  }
  function unitToLatLng(x, y) {
    return L.latLng(Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI, (x - 0.5) * 360);
  }

  function discSize(n) { return n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48; }
  var pointSprites = {}, discSprites = {};
  function drawPoint(ctx, i, x, y) {  // the type's symbol in its colour
    var k = col.type[i], sprite = pointSprites[k];
    if (!sprite) {
      var shape = BW_SHAPES[typeOf[k]] || "circle", colour = colourOf(i);
      sprite = pointSprites[k] = bwSprite(20, 20, function (c) {
        bwShapePath(c, shape, 10, 10, 7);
        c.globalAlpha = 0.9; c.fillStyle = colour; c.fill();
        if (shape === "ring") { c.globalAlpha = 1; c.fillStyle = "#fff"; bwShapePath(c, "dot", 10, 10, 4.2); c.fill(); }
        c.globalAlpha = 1; c.lineWidth = 1; c.strokeStyle = "#fff"; c.stroke();
      });
    }
    bwBlit(ctx, sprite, x, y);
  }
  function drawCluster(ctx, d) {  // a disc of the type's colour in a white ring (one picture per colour and size)
    var key = d.colour + " " + d.r, sprite = discSprites[key];
    if (!sprite) {
      sprite = discSprites[key] = bwSprite(2 * d.r + 4, 2 * d.r + 4, function (c) {
        c.beginPath(); c.arc(d.r + 2, d.r + 2, d.r - 1, 0, Math.PI * 2);
        c.globalAlpha = 0.92; c.fillStyle = d.colour; c.fill();
        c.globalAlpha = 1; c.lineWidth = 2.5; c.strokeStyle = "rgba(255, 255, 255, 0.85)"; c.stroke();
      });
    }
    bwBlit(ctx, sprite, d.x, d.y);
  }
  // everything in view (a little beyond), clusters over points; ``drawn`` is what a click can hit
  function drawIncidents(ctx) {
    drawn = [];
    var z = map.getZoom(), lv = level(z), S = 256 * Math.pow(2, z), origin = map.getPixelOrigin();
    var b = map.getPixelBounds(), pad = 60, x0 = b.min.x - pad, x1 = b.max.x + pad, y0 = b.min.y - pad, y1 = b.max.y + pad;
    var clusters = [], c, x, y;
    for (c = 0; c < lv.size; c++) {
      x = lv.x[c] * S; y = lv.y[c] * S;
      if (x < x0 || x > x1 || y < y0 || y > y1) continue;
      x -= origin.x; y -= origin.y;
      if (lv.n[c] === 1) {
        drawPoint(ctx, lv.one[c], x, y);
        drawn.push({ i: lv.one[c], x: x, y: y, r: 8, latlng: latlngOf(lv.one[c]) });
      } else if (!(spider && spider.zoom === z && spider.cluster === c)) {
        clusters.push({ cluster: c, zoom: z, n: lv.n[c], x: x, y: y, r: discSize(lv.n[c]) / 2,
          latlng: unitToLatLng(lv.x[c], lv.y[c]), type: TYPES[lv.type[c]], colour: colours[TYPES[lv.type[c]]] || "#333" });
      }
    }
    clusters.forEach(function (d) { drawCluster(ctx, d); drawn.push(d); });
    ctx.font = "600 12px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.fillStyle = "#fff";
    clusters.forEach(function (d) { ctx.fillText(String(d.n), d.x, d.y + 0.5); });  // the counts
    if (spider && spider.zoom === z) {
      var centre = map.latLngToLayerPoint(spider.latlng);
      ctx.strokeStyle = "#222"; ctx.lineWidth = 1.5; ctx.globalAlpha = 0.6;
      spider.legs.forEach(function (leg) {
        ctx.beginPath(); ctx.moveTo(centre.x, centre.y); ctx.lineTo(centre.x + leg.dx, centre.y + leg.dy); ctx.stroke();
      });
      ctx.globalAlpha = 1;
      spider.legs.forEach(function (leg) {
        var px = centre.x + leg.dx, py = centre.y + leg.dy;
        drawPoint(ctx, leg.i, px, py);
        drawn.push({ i: leg.i, x: px, y: py, r: 8, latlng: map.layerPointToLatLng([px, py]), leg: true });
      });
    }
  }
  // drawn on the map's canvas (over the base, the line and the segments), in layer points
  var IncidentLayer = L.Path.extend({
    options: { interactive: false },  // clicks are hit-tested from the map's container, below
    _project: function () { this._pxBounds = new L.Bounds([-1e9, -1e9], [1e9, 1e9]); },
    _update: function () { if (this._map) this._updatePath(); },
    _empty: function () { return false; },
    _updatePath: function () {
      if (this._renderer._drawing) drawIncidents(this._renderer._ctx);
    },
    onRemove: function (m) { L.Path.prototype.onRemove.call(this, m); drawn = []; },
    redraw: function () {  // now, not at the next frame: a click or a test reads ``drawn`` right after
      if (!this._map) return;
      this._renderer._redrawBounds = null;
      this._renderer._redraw();
    }
  });
  var cluster = new IncidentLayer();

  // points too close to split even at the last zoom open as a spider: a circle of up to nine, else a spiral
  function spiderfy(d) {
    var leaves = members(d.zoom, d.cluster).slice(0, 500), n = leaves.length, legs = [], k, angle, leg;
    if (n <= 9) {
      leg = 25 * (2 + n) / (2 * Math.PI);
      for (k = 0; k < n; k++) {
        angle = Math.PI / 6 + k * 2 * Math.PI / n;
        legs.push({ i: leaves[k], dx: leg * Math.cos(angle), dy: leg * Math.sin(angle) });
      }
    } else {
      leg = 11; angle = 0;
      for (k = 0; k < n; k++) {
        angle += 28 / leg + k * 0.0005;
        legs.push({ i: leaves[k], dx: leg * Math.cos(angle), dy: leg * Math.sin(angle) });
        leg += 2 * Math.PI * 5 / angle;
      }
    }
    spider = { cluster: d.cluster, zoom: d.zoom, latlng: d.latlng, legs: legs };
    cluster.redraw();
  }
  function unspiderfy() {
    if (!spider) return;
    spider = null;
    cluster.redraw();
  }
  map.on("zoomstart", function () { spider = null; });
  function openCluster(d) {
    // zoom in to where its incidents part, or spread them out at the last zoom
    var inside = members(d.zoom, d.cluster), zoom, lv, k;
    for (zoom = d.zoom + 1; zoom <= map.getMaxZoom(); zoom++) {
      lv = level(zoom);
      for (k = 1; k < inside.length; k++) if (lv.assign[inside[k]] !== lv.assign[inside[0]]) break;
      if (k < inside.length) break;
    }
    if (zoom <= map.getMaxZoom()) map.setView(d.latlng, zoom);
    else spiderfy(d);
  }
  function hitAt(point) {
    for (var k = drawn.length - 1; k >= 0; k--) {
      var d = drawn[k], dx = point.x - d.x, dy = point.y - d.y;
      if (dx * dx + dy * dy <= (d.r + 2) * (d.r + 2)) return d;
    }
    return null;
  }
  var container = map.getContainer();
  function onMap(e) {
    return map.hasLayer(cluster) && !(e.target.closest && e.target.closest(".leaflet-control, .leaflet-popup"));
  }
  // a click on a drawn incident or cluster is taken before the vector canvas and the map see it
  container.addEventListener("click", function (e) {
    if (!onMap(e) || (map.dragging && map.dragging.moved())) return;
    var d = hitAt(map.mouseEventToLayerPoint(e));
    if (!d) { unspiderfy(); return; }
    e.stopPropagation();
    if (d.cluster !== undefined) openCluster(d);
    else openIncident(d.i, d.latlng);
  }, true);
  container.addEventListener("mousemove", function (e) {
    var over = onMap(e) && !!hitAt(map.mouseEventToLayerPoint(e));
    if (over !== container.classList.contains("bw-pointer")) container.classList.toggle("bw-pointer", over);
  });

  var incidentPopup = L.popup({ maxWidth: 360, offset: [0, -4] });
  function openIncident(i, latlng) {
    details(i, function (props) {
      incidentPopup.setLatLng(latlng || latlngOf(i)).setContent(popupFor(props)).openOn(map);
    });
  }
  // bring incident i into view as a point of its own (zoomed in, spiderfied if it must be) and
  // call back with what is drawn for it
  function locate(i, done) {
    var find = function () {
      for (var k = 0; k < drawn.length; k++) if (drawn[k].i === i) return drawn[k];
      return null;
    };
    map.setView(latlngOf(i), Math.max(map.getZoom(), 10), { animate: false });
    var hit = find();
    if (!hit) {
      var zoom = map.getZoom();
      while (!hit && zoom < map.getMaxZoom()) {
        map.setView(latlngOf(i), ++zoom, { animate: false });
        hit = find();
      }
    }
    if (!hit) {
      var p = map.latLngToLayerPoint(latlngOf(i)), holder = null;
      drawn.forEach(function (d) {
        if (d.cluster === undefined || holder) return;
        if (level(d.zoom).assign[i] === d.cluster) holder = d;
      });
      if (holder) { spiderfy(holder); hit = find(); }
      if (!hit) hit = { i: i, x: p.x, y: p.y, latlng: latlngOf(i) };
    }
    done(hit);
  }

  // the time filter: a date range (YYYY-MM-DD, null = open) and whether incidents with no date are kept
  function draw(from, to, undated) {
    if (undated === undefined) undated = true;
    var a = from ? +from.replace(/-/g, "") : 0, b = to ? +to.replace(/-/g, "") : 99999999;
    uncertainty.clearLayers();
    var on = [], circles = map.hasLayer(uncertainty);
    TYPES.forEach(function (t, k) { on[k] = map.hasLayer(typeLayers[t]); });
    segmentFigures = {};
    typeCounts = {};
    shown = [];
    inFilter = [];
    countryLevel = [];
    for (var i = 0; i < N; i++) {
      var start = col.start[i];
      if (start ? col.end[i] < a || start > b : !undated) continue;
      inFilter.push(i);
      var k = col.type[i], t = typeOf[k];
      typeCounts[t] = (typeCounts[t] || 0) + 1;
      if (col.seg[i] >= 0) {
        var id = col.segments[col.seg[i]];
        var s = segmentFigures[id] || (segmentFigures[id] = { n: 0, types: {}, killed: 0 });
        s.n += 1;
        s.types[t] = (s.types[t] || 0) + 1;
        s.killed += col.fat[i];
      }
      if (!on[k]) continue;
      if (col.cl[i]) { countryLevel.push(i); continue; }  // a country's centre says nothing: listed aside
      shown.push(i);
      if (col.radius[i] && circles) {  // as large as the district, tehsil or province the report names
        uncertainty.addLayer(L.circle(latlngOf(i), {
          radius: col.radius[i], color: colourOf(i), weight: 1, dashArray: "4 4", fillOpacity: 0.04, interactive: false
        }));
      }
    }
    levels = {};
    spider = null;
    if (!building) cluster.redraw();  // the first drawing is the canvas's first frame
    heatStale = true;
    if (map.hasLayer(heat)) heat.setLatLngs(heatPoints());
    restyleSegments();
    counts();
    listCountryLevel();
  }
  function heatPoints() {
    heatStale = false;
    return shown.map(function (i) { return [col.lat[i], col.lon[i], 1 + col.fat[i]]; });
  }
  var typeCounts = {}, lastRange = [null, null, true];
  function redraw(from, to, undated) {
    lastRange = [from, to, undated];
    draw(from, to, undated);
  }
  map.on("overlayadd overlayremove", function (e) {
    if (building) return;
    if (e.layer === uncertainty || TYPES.some(function (t) { return typeLayers[t] === e.layer; })) {
      redraw.apply(null, lastRange);
    } else if (e.layer === heat && e.type === "overlayadd" && heatStale) {
      heat.setLatLngs(heatPoints());
    }
  });

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
    countryLevel.slice(0, 200).forEach(function (i) {
      var item = el("details", "bw-country-item"), fat = col.fat[i];
      item.appendChild(el("summary", null, typeOf[col.type[i]] + " — " + (col.names[col.place[i]] || "?") + " — " +
        dateLabel(i) + (fat ? " — " + fat + " killed" : "")));
      item.addEventListener("toggle", function () {
        if (!item.open || item.childNodes.length !== 1) return;
        details(i, function (p) { if (item.childNodes.length === 1) item.appendChild(popupFor(p)); });
      });
      countryBox.appendChild(item);
    });
    if (countryLevel.length > 200) countryBox.appendChild(el("div", "bw-muted", "… and " + (countryLevel.length - 200) + " more"));
  }
  cluster.addTo(map);

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
      node.textContent = total + " of " + N + " incidents in the time filter";
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
  var months = [];
  (function () {
    var first = null, last = null;
    for (var i = 0; i < N; i++) {
      var m = Math.floor(col.start[i] / 100);  // YYYYMM
      if (!m) continue;
      if (!first || m < first) first = m;
      if (!last || m > last) last = m;
    }
    if (!first) return;
    var y = Math.floor(first / 100), mo = first % 100;
    last = Math.floor(last / 100) + "-" + (last % 100 < 10 ? "0" : "") + (last % 100);
    for (;;) {
      var key = y + "-" + (mo < 10 ? "0" : "") + mo;
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
  var monthNumber = {};  // YYYYMM -> index in ``months``
  months.forEach(function (key, k) { monthNumber[+key.replace("-", "")] = k; });
  function monthOf(i) {  // the index in ``months`` of incident i's first day, undefined when undated
    return col.start[i] ? monthNumber[Math.floor(col.start[i] / 100)] : undefined;
  }
  function histogram(list, width, height) {
    // one stacked bar per month of ``months`` for the incidents ``list``; returns the svg and its bars
    var svg = document.createElementNS(SVG, "svg"), tallies = months.map(function () { return {}; }), most = 1;
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("class", "bw-histogram");
    list.forEach(function (k) {
      var i = monthOf(k);
      if (i === undefined) return;
      var t = typeOf[col.type[k]];
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
  var searchList = null, found = L.layerGroup().addTo(map);
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  function searchIndex() {
    if (searchList) return searchList;
    searchList = [];
    var seen = {};
    function add(entry) {
      var key = fold(entry.name) + "|" + entry.what;
      if (seen[key]) return;
      seen[key] = true;
      entry.key = fold(entry.name);
      searchList.push(entry);
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
    var named = [];
    for (var i = 0; i < N; i++) {
      var k = col.place[i];
      if (named[k] || !col.names[k]) continue;
      named[k] = true;
      add({ name: col.names[k], what: "incident place", kind: "incident", latlng: latlngOf(i) });
    }
    return searchList;
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
    var seg = col.segments.indexOf(p.id), ever = [];
    for (var i = 0; i < N; i++) if (col.seg[i] === seg && seg >= 0) ever.push(i);
    var mine = inFilter.filter(function (k) { return col.seg[k] === seg && seg >= 0; });
    var killed = 0, tally = {};
    mine.forEach(function (k) {
      killed += col.fat[k];
      tally[typeOf[col.type[k]]] = (tally[typeOf[col.type[k]]] || 0) + 1;
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
    var latest = mine.slice().sort(function (x, y) { return col.start[y] - col.start[x]; }).slice(0, 8);
    if (latest.length) box.appendChild(el("div", "bw-muted", "latest:"));
    latest.forEach(function (k) {
      var place = col.names[col.place[k]], link = el("a", "bw-segment-incident", dateLabel(k) + " " +
        typeOf[col.type[k]] + (place ? ", " + place : ""));
      link.setAttribute("href", "#");
      link.addEventListener("click", function (e) {
        e.preventDefault();
        if (map.hasLayer(cluster) && shown.indexOf(k) >= 0) locate(k, function (d) { openIncident(k, d.latlng); });
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
    var nUndated = 0, everyone = new Array(N);
    for (var i = 0; i < N; i++) { everyone[i] = i; if (!col.start[i]) nUndated += 1; }
    undatedLabel.appendChild(document.createTextNode(" include undated (" + nUndated + ")"));
    if (months.length) {
      var hist = histogram(everyone, 260, 48), range = el("div", "bw-range");
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
      var live = N <= 20000;  // bigger maps redraw when the handle is let go
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
    // suggestions: the gazetteer's places, listed when the box is first used (the full index is
    // built on the first search)
    search.addEventListener("focus", function () {
      if (names.firstChild) return;
      var listed = {};
      data.places.forEach(function (r) {
        if (!listed[r[0]]) { listed[r[0]] = true; names.appendChild(el("option")).value = r[0]; }
      });
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
  building = false;
  window.borderwatch = {
    map: map, layers: typeLayers, cluster: cluster, openSegment: openSegment, offline: offline, districts: districts,
    labels: function () { return labelLayer.shown.map(function (lab) { return [lab.kind, lab.text]; }); }, countryLevel: function () { return countryLevel; },
    control: layerControl, heat: heat, segments: segments, segmentFigures: function () { return segmentFigures; },
    draw: draw, data: data, columns: col, details: details, locate: locate, openIncident: openIncident,
    drawn: function () { return drawn; }, spider: function () { return spider; },
    shown: function () { return shown; }, ready: false
  };
  // ready once the first frame is drawn (the canvas draws in the frame asked for when the layers
  // were added, before this callback); the minimap after it
  requestAnimationFrame(function () {
    window.borderwatch.ready = true;
    setTimeout(function () {
      new L.Control.MiniMap(L.geoJSON(data.outline, {
        style: { color: "#888", weight: 1, fillColor: "#f3efe4", fillOpacity: 1 }, interactive: false
      }), { toggleDisplay: true, position: "bottomleft", zoomLevelOffset: -4 }).addTo(map);
    }, 0);
  });
}

// gzipped, base64-encoded text -> the text. A data: URL is decoded by the browser itself, with no
// request leaving the page.
function bwUnpack(base64) {
  return fetch("data:application/octet-stream;base64," + base64.trim()).then(function (response) {
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
  });
}

// The map's data: plain JSON, or for big maps gzipped and base64-encoded, unpacked in the page.
function borderwatchLoad(map) {
  "use strict";
  var plain = document.getElementById("bw-data");
  if (plain) return borderwatchMap(map, JSON.parse(plain.textContent));
  bwUnpack(document.getElementById("bw-data-gz").textContent).then(function (text) {
    borderwatchMap(map, JSON.parse(text));
  });
}
