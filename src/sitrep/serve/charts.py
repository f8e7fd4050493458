"""Server-side drawing: geometry for the timeline's stacked bars and the network's circle layout.

Templates turn these numbers into SVG elements (no front-end library, no inline script).
"""

from __future__ import annotations

import math
from typing import Any

from sitrep.records import EVENT_TYPES

# Cooperation in blues/greens, verbal conflict in ambers, material conflict in reds.
TYPE_COLOURS = {
    "AGREE": "#1f6fb2", "CONSULT": "#4a90d9", "SUPPORT": "#7fb3e6", "CONCEDE": "#2a9d8f",
    "COOPERATE": "#3fb68b", "AID": "#79c99e", "RETREAT": "#9aa5b1", "REQUEST": "#6c7a89",
    "ACCUSE": "#e9a03b", "REJECT": "#d98324", "THREATEN": "#c8661a", "PROTEST": "#f0c05a",
    "SANCTION": "#b5533c", "MOBILIZE": "#c0392b", "COERCE": "#8e2a2a", "ASSAULT": "#5c1a1a",
}
assert set(TYPE_COLOURS) == set(EVENT_TYPES)


def timeline_bars(tl: dict[str, Any], height: int = 220, bar: int = 28, gap: int = 10) -> dict[str, Any]:
    """Stacked bars (one per period, one block per type) scaled to the busiest period."""
    buckets = tl["buckets"]
    peak = max((b["total"] for b in buckets), default=0) or 1
    bars = []
    for i, b in enumerate(buckets):
        x = 40 + i * (bar + gap)
        y = height
        blocks = []
        for t in tl["types"]:
            n = b["counts"].get(t, 0)
            if not n:
                continue
            h = max(2.0, n / peak * (height - 20))
            y -= h
            blocks.append({"type": t, "n": n, "x": x, "y": round(y, 1), "h": round(h, 1), "colour": TYPE_COLOURS[t]})
        bars.append({"period": b["period"], "total": b["total"], "x": x, "top": round(y, 1), "blocks": blocks})
    width = 40 + len(buckets) * (bar + gap) + 20
    ticks = sorted({0, peak, peak // 2})
    return {"bars": bars, "width": max(width, 320), "height": height, "bar": bar, "peak": peak,
            "ticks": [{"n": t, "y": round(height - t / peak * (height - 20), 1)} for t in ticks]}


def network_layout(net: dict[str, Any], size: int = 640) -> dict[str, Any]:
    """Nodes on a circle (heaviest first), edge widths and node radii scaled to the weights."""
    nodes = net["nodes"]
    cx = cy = size / 2
    r = size / 2 - 110
    top_w = max((n["weight"] for n in nodes), default=1) or 1
    top_e = max((e["weight"] for e in net["edges"]), default=1) or 1
    pos: dict[str, dict[str, Any]] = {}
    for i, n in enumerate(nodes):
        a = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        lx, ly = cx + (r + 14) * math.cos(a), cy + (r + 14) * math.sin(a)
        pos[n["id"]] = {**n, "x": round(x, 1), "y": round(y, 1), "r": round(5 + 13 * math.sqrt(n["weight"] / top_w), 1),
                        "lx": round(lx, 1), "ly": round(ly, 1), "anchor": "start" if math.cos(a) >= -1e-9 else "end"}
    edges = [{**e, "x1": pos[e["source"]]["x"], "y1": pos[e["source"]]["y"], "x2": pos[e["target"]]["x"],
              "y2": pos[e["target"]]["y"], "w": round(1 + 7 * e["weight"] / top_e, 1),
              "label": ", ".join(f"{t} ×{n}" for t, n in e["types"].items())}
             for e in net["edges"]]
    return {"size": size, "nodes": list(pos.values()), "edges": edges}
