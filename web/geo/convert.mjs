// convert.mjs turns Natural Earth countries (world-atlas) and US Census states
// (us-atlas) into projected, simplified SVG path strings in map.json, which
// the Go app reads as-is (app/geo.go). Run: npm ci && node convert.mjs
//
// Projection (app/geo.go GeoMap.Project must match): spherical Mercator,
//   x = (lon + 180) * k
//   y = (mercY(lat_max) - mercY(lat)) * k * 180 / PI,  mercY(φ) = ln(tan(PI/4 + φ/2))
// with k in map units per degree of longitude and lat clamped to [lat_min, lat_max].
// Mercator rather than plain equirectangular because the default view is
// North America, where equirectangular stretches shapes east-west by ~1.3x.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const world = require("world-atlas/countries-50m.json");
const states = require("us-atlas/states-10m.json");

const K = 3; // map units per degree of longitude
const LAT_MAX = 84;
const LAT_MIN = -58; // drops Antarctica; southernmost land kept is Tierra del Fuego
const WIDTH = 360 * K;
const R = (K * 180) / Math.PI;
const mercY = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const HEIGHT = round1(R * (mercY(LAT_MAX) - mercY(LAT_MIN)));

function round1(v) {
  return Math.round(v * 10) / 10;
}

function project([lon, lat]) {
  const la = Math.max(LAT_MIN, Math.min(LAT_MAX, lat));
  return [(lon + 180) * K, R * (mercY(LAT_MAX) - mercY(la))];
}

// Detail: arcs touching the North America window keep more points, because
// the "north-america" and "us" views zoom in 4-7x on that area.
const NA = { lon0: -135, lat0: 20, lon1: -50, lat1: 62 };
const [naX0, naY0] = project([NA.lon0, NA.lat1]);
const [naX1, naY1] = project([NA.lon1, NA.lat0]);
const TOL_WORLD = 0.6; // map units (~0.6 px in the world view)
const TOL_NA = 0.12; // ~0.6 px at the North America zoom
const MIN_AREA_WORLD = 2; // drop islands smaller than this (map units²)
const MIN_AREA_NA = 0.05;

// Douglas–Peucker on one polyline, keeping both ends (shared arc endpoints
// must survive so neighbouring shapes still meet).
function simplify(pts, tol) {
  if (pts.length <= 2) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    let best = -1, bestD = tol * tol;
    for (let i = a + 1; i < b; i++) {
      const d = segDist2(pts[i], pts[a], pts[b]);
      if (d > bestD) { bestD = d; best = i; }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([a, best], [best, b]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

function segDist2([px, py], [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / l2;
  t = Math.max(0, Math.min(1, t));
  const ex = ax + t * dx - px, ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

function inNA(pts) {
  return pts.some(([x, y]) => x >= naX0 && x <= naX1 && y >= naY0 && y <= naY1);
}

// projectTopology decodes the quantized arcs, projects and simplifies them in
// place, so topojson's feature() then stitches rings from shared arcs.
function projectTopology(topo, tolFor) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  topo.arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    const pts = arc.map(([dx, dy]) => {
      x += dx; y += dy;
      return project([x * sx + tx, y * sy + ty]);
    });
    const out = [];
    for (const [px, py] of simplify(pts, tolFor(pts))) {
      const p = [round1(px), round1(py)];
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    return out;
  });
  delete topo.transform;
  return topo;
}

function ringArea(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return Math.abs(a / 2);
}

// splitAntimeridian returns a ring as is, or, when it jumps across the
// antimeridian (Russia's Chukotka, the Aleutians, Fiji), unwraps it and clips
// it into its part at the east edge and its part at the west edge of the map.
function splitAntimeridian(ring) {
  const un = [ring[0]];
  let shift = 0;
  for (let i = 1; i < ring.length; i++) {
    const d = ring[i][0] + shift - un[i - 1][0];
    if (d > WIDTH / 2) shift -= WIDTH;
    if (d < -WIDTH / 2) shift += WIDTH;
    un.push([ring[i][0] + shift, ring[i][1]]);
  }
  const minX = Math.min(...un.map((p) => p[0]));
  const maxX = Math.max(...un.map((p) => p[0]));
  if (minX >= 0 && maxX <= WIDTH) return [ring];
  const off = minX < 0 ? WIDTH : -WIDTH; // where the copy of the overflowing part goes
  return [clipX(un), clipX(un.map(([x, y]) => [x + off, y]))].filter((r) => r.length >= 3);
}

// clipX clips a ring to 0 <= x <= WIDTH (Sutherland–Hodgman, two edges).
function clipX(ring) {
  const edge = (pts, inside, xe) => {
    const out = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[(i + pts.length - 1) % pts.length], b = pts[i];
      const cut = () => [xe, round1(a[1] + ((xe - a[0]) * (b[1] - a[1])) / (b[0] - a[0]))];
      if (inside(b)) {
        if (!inside(a)) out.push(cut());
        out.push(b);
      } else if (inside(a)) out.push(cut());
    }
    return out;
  };
  return edge(edge(ring, (p) => p[0] >= 0, 0), (p) => p[0] <= WIDTH, WIDTH);
}

const num = (v) => String(v); // round1 already; String drops a trailing ".0"

// shape turns a (Multi)Polygon in map units into {id, name, bbox, d}.
function shape(f, id, minArea) {
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const parts = [];
  const bb = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polys) {
    for (const closed of poly) {
      // Rings come closed (last point = first); drop the repeat, Z closes.
      for (const pts of splitAntimeridian(closed.slice(0, -1))) {
      if (pts.length < 3 || ringArea(pts) < minArea(pts)) continue;
      for (const [x, y] of pts) {
        bb[0] = Math.min(bb[0], x); bb[1] = Math.min(bb[1], y);
        bb[2] = Math.max(bb[2], x); bb[3] = Math.max(bb[3], y);
      }
      const [first, ...rest] = pts;
      parts.push("M" + num(first[0]) + " " + num(first[1]) + "L" + rest.map(([x, y]) => num(x) + " " + num(y)).join(" ") + "Z");
      }
    }
  }
  if (!parts.length) return null;
  return { id, name: f.properties.name, bbox: bb, d: parts.join("") };
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

projectTopology(world, (pts) => (inNA(pts) ? TOL_NA : TOL_WORLD));
const countries = feature(world, world.objects.countries).features
  .filter((f) => f.id !== "010" && f.geometry) // Antarctica lies below LAT_MIN
  .map((f) => shape(f, f.id ?? slug(f.properties.name), (pts) => (inNA(pts) ? MIN_AREA_NA : MIN_AREA_WORLD)))
  .filter(Boolean)
  .sort((a, b) => a.name.localeCompare(b.name));

projectTopology(states, () => TOL_NA);
const usStates = feature(states, states.objects.states).features
  .map((f) => shape(f, f.id, () => MIN_AREA_NA))
  .filter(Boolean)
  .sort((a, b) => a.name.localeCompare(b.name));

// view is a viewBox [x, y, w, h] from a lon/lat window.
function view(lon0, lat0, lon1, lat1) {
  const [x0, y0] = project([lon0, lat1]);
  const [x1, y1] = project([lon1, lat0]);
  return [round1(x0), round1(y0), round1(x1 - x0), round1(y1 - y0)];
}

const pkg = (name) => require(name + "/package.json").version;
const out = {
  projection: "mercator",
  formula: "x = (lon + 180) * scale; y = (mercY(lat_max) - mercY(lat)) * scale * 180 / pi; mercY(lat) = ln(tan(pi/4 + lat*pi/360)); lat clamped to [lat_min, lat_max]",
  scale: K,
  lat_min: LAT_MIN,
  lat_max: LAT_MAX,
  width: WIDTH,
  height: HEIGHT,
  attribution: `Made with Natural Earth (public domain) via world-atlas ${pkg("world-atlas")}; US states from the US Census Bureau via us-atlas ${pkg("us-atlas")}.`,
  views: {
    world: [0, 0, WIDTH, HEIGHT],
    "north-america": view(-128, 24, -56, 57),
    us: view(-125, 24, -66.5, 49.6),
  },
  countries,
  states: usStates,
};
const file = new URL("./map.json", import.meta.url);
writeFileSync(file, JSON.stringify(out) + "\n");
const size = readFileSync(file).length;
console.log(`map.json: ${countries.length} countries, ${usStates.length} states, ${size} bytes`);
