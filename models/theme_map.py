"""The theme map: passages projected to 2-D (PCA of the centred vectors), coloured by theme.

HTML: an interactive plotly figure when plotly is installed (hover shows the passage start and its
theme), otherwise a self-contained SVG page with the same points and tooltips. PNG: matplotlib (Agg)
— kaleido needs a Chrome download, which an offline install cannot do. At most ``max_points``
passages are drawn (a fixed-seed sample), so a 100,000-passage store still gives a light file.
When documents carry dates, the PNG has a second panel with each theme's passages per year.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.store import Store
from models.theme_store import all_memberships, load_themes, theme_state
from rodedraad.errors import InvalidRequest, ModelUnavailable

_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")
_UNASSIGNED = "#cccccc"


@dataclass(frozen=True)
class MapPoint:
    passage_id: str
    x: float
    y: float
    theme_id: str | None
    label: str
    text: str


def map_points(store: Store, max_points: int = 20_000, seed: int = 0) -> list[MapPoint]:
    """2-D coordinates of (a sample of) the passages, with their theme; empty without themes."""
    state = theme_state(store)
    if state is None:
        return []
    rowids, matrix = store.passage_vectors(state.model)
    if len(rowids) < 3:
        return []
    if len(rowids) > max_points:
        keep = np.sort(np.random.default_rng(seed).choice(len(rowids), max_points, replace=False))
        rowids, matrix = rowids[keep], matrix[keep]
    centred = matrix - matrix.mean(axis=0)
    _, _, components = np.linalg.svd(centred[: min(len(centred), 5_000)], full_matrices=False)
    signs = np.sign(components[:2].sum(axis=1, keepdims=True))  # fixed orientation across runs
    signs[signs == 0] = 1
    coordinates = centred @ (components[:2] * signs).T
    stored = store.passages_by_rowid([int(r) for r in rowids])
    memberships = all_memberships(store)
    labels = {theme.id: theme.label for theme in load_themes(store)}
    points: list[MapPoint] = []
    for (x, y), rowid in zip(coordinates, rowids, strict=True):
        passage = stored[int(rowid)].passage
        theme_id = memberships.get(passage.id, (None, 0.0))[0]
        points.append(MapPoint(passage.id, float(x), float(y), theme_id,
                               labels.get(theme_id or "", "zonder thema"), passage.text[:160]))
    return points


def _colours(points: list[MapPoint]) -> dict[str | None, str]:
    order = sorted({p.theme_id for p in points if p.theme_id})
    colours: dict[str | None, str] = {tid: _PALETTE[i % len(_PALETTE)] for i, tid in enumerate(order)}
    colours[None] = _UNASSIGNED
    return colours


def render_map_html(points: list[MapPoint], title: str = "Themakaart") -> str:
    try:
        import plotly.graph_objects as go
    except ImportError:
        return _svg_page(points, title)
    figure = go.Figure()
    groups: dict[str | None, list[MapPoint]] = {}
    for point in points:
        groups.setdefault(point.theme_id, []).append(point)
    colours = _colours(points)
    for theme_id in sorted(groups, key=lambda t: (t is None, t or "")):
        members = groups[theme_id]
        figure.add_trace(go.Scattergl(
            x=[p.x for p in members], y=[p.y for p in members], mode="markers",
            name=members[0].label, marker={"size": 7, "color": colours[theme_id]},
            text=[html.escape(p.text) for p in members], hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        ))
    # legend below the plot: beside it, it squeezes the plot to a sliver on a phone-width page
    figure.update_layout(title=title, template="plotly_white", margin={"l": 20, "r": 20, "t": 50, "b": 20},
                         legend={"itemsizing": "constant", "orientation": "h", "yanchor": "top", "y": -0.02},
                         xaxis={"showticklabels": False}, yaxis={"showticklabels": False})
    return str(figure.to_html(include_plotlyjs=True, full_html=True))


def _svg_page(points: list[MapPoint], title: str) -> str:
    colours = _colours(points)
    xs = np.array([p.x for p in points] or [0.0])
    ys = np.array([p.y for p in points] or [0.0])
    span_x = float(np.ptp(xs)) or 1.0
    span_y = float(np.ptp(ys)) or 1.0
    circles = "\n".join(
        f'<circle cx="{20 + 760 * (p.x - xs.min()) / span_x:.1f}" cy="{20 + 560 * (p.y - ys.min()) / span_y:.1f}" '
        f'r="4" fill="{colours[p.theme_id]}"><title>{html.escape(p.label)}: {html.escape(p.text)}</title></circle>'
        for p in points
    )
    legend = "".join(f'<li style="color:{colours[tid]}">{html.escape(label)}</li>'
                     for tid, label in sorted({(p.theme_id, p.label) for p in points if p.theme_id}))
    return (f"<!doctype html><html lang=\"nl\"><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<h1>{html.escape(title)}</h1><svg width=\"800\" height=\"600\">{circles}</svg><ul>{legend}</ul></html>")


def render_map_png(points: list[MapPoint], timeline: dict[str, dict[str, int]] | None = None) -> bytes:
    """PNG bytes of the map (and, with a non-empty ``timeline`` label → year → passages, a second panel)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ModelUnavailable("writing a PNG theme map needs matplotlib (pip install matplotlib)") from exc
    colours = _colours(points)
    panels = 2 if timeline else 1
    figure, axes = plt.subplots(1, panels, figsize=(11 * panels, 8), squeeze=False)
    axis = axes[0][0]
    groups: dict[str | None, list[MapPoint]] = {}
    for point in points:
        groups.setdefault(point.theme_id, []).append(point)
    for theme_id in sorted(groups, key=lambda t: (t is None, t or "")):
        members = groups[theme_id]
        axis.scatter([p.x for p in members], [p.y for p in members], s=14, c=colours[theme_id],
                     label=members[0].label, alpha=0.8 if theme_id else 0.4)
    axis.set_title("Themakaart (PCA van de passages)")
    axis.set_xticks([])
    axis.set_yticks([])
    axis.legend(fontsize=7, loc="best", markerscale=1.5)
    if timeline:
        years = sorted({year for counts in timeline.values() for year in counts})
        bottom = np.zeros(len(years))
        for index, (label, counts) in enumerate(sorted(timeline.items())):
            values = np.array([counts.get(year, 0) for year in years], dtype=float)
            axes[0][1].bar(years, values, bottom=bottom, label=label, color=_PALETTE[index % len(_PALETTE)])
            bottom += values
        axes[0][1].set_title("Thema's door de tijd (passages per jaar)")
        axes[0][1].legend(fontsize=7)
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def write_theme_map(store: Store, path: Path, timeline: dict[str, dict[str, int]] | None = None) -> list[Path]:
    """Write ``path`` (.html or .png) and its sibling of the other kind; returns the written paths."""
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".png", ""):
        raise InvalidRequest(f"{path}: the theme map is written as .html or .png, not {suffix!r}")
    points = map_points(store)
    if not points:
        raise InvalidRequest("there are no themes to map yet; ingest documents and run `rodedraad themes`")
    base = path.with_suffix("") if suffix else path
    html_path, png_path = base.with_suffix(".html"), base.with_suffix(".png")
    html_path.write_text(render_map_html(points), encoding="utf-8")
    png_path.write_bytes(render_map_png(points, timeline))
    return [html_path, png_path]


def points_json(points: list[MapPoint]) -> str:
    return json.dumps([p.__dict__ for p in points], ensure_ascii=False)
