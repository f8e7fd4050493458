"""Charts readable without the web UI: the dyad timeline as a PNG (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plot_timeline(timeline: dict[str, Any], path: str | Path, title: str | None = None) -> Path:
    """Draw ``Knowledge.timeline(...)`` as stacked bars of distinct events per period and type,
    with the number of reports as a line; writes ``path`` (PNG) and returns it."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    series = timeline.get("series") or []
    periods = [b["period"] for b in series]
    types = sorted({t for b in series for t in b["types"]})
    fig, ax = plt.subplots(figsize=(max(6.0, 0.45 * len(periods) + 2), 4.2), dpi=110)
    bottom = [0] * len(periods)
    cmap = plt.get_cmap("tab20")
    for i, t in enumerate(types):
        vals = [b["types"].get(t, 0) for b in series]
        ax.bar(range(len(periods)), vals, bottom=bottom, label=t, color=cmap(i % 20), width=0.8)
        bottom = [x + y for x, y in zip(bottom, vals, strict=True)]
    if periods:
        ax.plot(range(len(periods)), [b["reports"] for b in series], color="black", marker="o", linewidth=1,
                markersize=3, label="reports")
    ax.set_xticks(range(len(periods)))
    ax.set_xticklabels(periods, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("events (distinct happenings)")
    dyad = timeline.get("dyad") or "all"
    ax.set_title(title or f"{dyad} events by {timeline.get('by', 'month')}")
    if not periods:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
    if types:
        ax.legend(fontsize=7, ncol=2, loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    plt.close(fig)
    return path
