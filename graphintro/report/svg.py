"""Small inline SVG charts for the HTML report: no library, no script, no network to view them."""

from __future__ import annotations

from html import escape

PALETTE = (
    "#2563eb",
    "#d97706",
    "#059669",
    "#db2777",
    "#7c3aed",
    "#0891b2",
    "#65a30d",
    "#dc2626",
    "#4b5563",
    "#ca8a04",
)
FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif'"


def band_colour(score: float) -> str:
    """Green from 70, amber from 40, red below: the same bands as the report's badges."""
    return "#059669" if score >= 70 else "#d97706" if score >= 40 else "#dc2626"


def _svg(width: int, height: int, title: str, body: list[str], css_class: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart {css_class}' viewBox='0 0 {width} {height}'"
        f" width='{width}' height='{height}' role='img' aria-label='{escape(title)}' {FONT}>"
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(
    items: list[tuple[str, float]],
    title: str,
    maximum: float = 100,
    width: int = 560,
    bar: int = 22,
    label_width: int = 170,
    percent: bool = False,
    css_class: str = "bars",
) -> str:
    """Horizontal bars, one per ``(label, value)``, from 0 to ``maximum``, value written at the end."""
    gap = 8
    height = max(1, len(items)) * (bar + gap) + 24
    plot = width - label_width - 56
    body = []
    for tick in range(0, 101, 25):
        x = label_width + plot * tick / 100
        body.append(f"<line x1='{x:.1f}' y1='0' x2='{x:.1f}' y2='{height - 20}' stroke='#e5e7eb'/>")
        text = f"{tick}%" if percent else f"{maximum * tick / 100:g}"
        body.append(
            f"<text x='{x:.1f}' y='{height - 6}' font-size='11' fill='#6b7280' text-anchor='middle'>"
            f"{text}</text>"
        )
    for row, (label, value) in enumerate(items):
        y = row * (bar + gap) + 4
        share = max(0.0, min(1.0, value / maximum)) if maximum else 0
        score = share * 100
        body.append(
            f"<text x='{label_width - 8}' y='{y + bar * 0.7:.1f}' font-size='13' fill='#111827'"
            f" text-anchor='end'>{escape(label)}</text>"
        )
        body.append(
            f"<rect x='{label_width}' y='{y}' width='{max(plot * share, 1.5):.1f}' height='{bar}' rx='4'"
            f" fill='{band_colour(score)}'><title>{escape(label)}: {value:.2f}</title></rect>"
        )
        shown = f"{score:.0f}%" if percent else f"{value:.0f}"
        body.append(
            f"<text x='{label_width + plot * share + 6:.1f}' y='{y + bar * 0.7:.1f}' font-size='12'"
            f" font-weight='600' fill='#374151'>{shown}</text>"
        )
    return _svg(width, height, title, body, css_class)


def line_chart(
    labels: list[str],
    series: list[tuple[str, list[float | None], bool]],
    title: str,
    width: int = 980,
    height: int = 260,
) -> str:
    """Score lines over report runs (0–100): ``series`` is ``(name, values, emphasised)``."""
    left, right, top, bottom = 40, 150, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(labels), 1)

    def x_of(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    body = []
    for tick in range(0, 101, 25):
        y = y_of(tick)
        body.append(f"<line x1='{left}' y1='{y:.1f}' x2='{left + plot_w}' y2='{y:.1f}' stroke='#e5e7eb'/>")
        body.append(
            f"<text x='{left - 6}' y='{y + 4:.1f}' font-size='11' fill='#6b7280' text-anchor='end'>{tick}</text>"
        )
    step = max(1, count // 6)
    for i, label in enumerate(labels):
        if i % step == 0 or i == count - 1:
            anchor = "start" if i == 0 and count > 1 else "end" if i == count - 1 and count > 1 else "middle"
            body.append(
                f"<text x='{x_of(i):.1f}' y='{height - 12}' font-size='11' fill='#6b7280'"
                f" text-anchor='{anchor}'>{escape(label)}</text>"
            )
    legend_y = top + 4
    for number, (name, values, emphasised) in enumerate(series):
        colour = "#111827" if emphasised else PALETTE[number % len(PALETTE)]
        stroke = 3 if emphasised else 1.6
        points = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f"<polyline points='{path}' fill='none' stroke='{colour}' stroke-width='{stroke}'"
                f" stroke-linejoin='round' opacity='{1 if emphasised else 0.8}'/>"
            )
        for (x, y), value in zip(points, [v for v in values if v is not None], strict=False):
            body.append(
                f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{4 if emphasised else 3}' fill='{colour}'>"
                f"<title>{escape(name)}: {value:.1f}</title></circle>"
            )
        body.append(
            f"<rect x='{left + plot_w + 14}' y='{legend_y - 9}' width='10' height='10' rx='2' fill='{colour}'/>"
        )
        weight = 700 if emphasised else 400
        body.append(
            f"<text x='{left + plot_w + 30}' y='{legend_y}' font-size='12' fill='#111827'"
            f" font-weight='{weight}'>{escape(name[:18])}</text>"
        )
        legend_y += 18
    return _svg(width, height, title, body, "trend")


def calibration_chart(
    deciles: list[dict],
    title: str = "Predicted probability against what happened",
    width: int = 420,
    height: int = 300,
) -> str:
    """A reliability diagram: per decile of predicted probability, a bar up to the observed rate
    (its asks written above), against the diagonal of a perfectly calibrated model."""
    left, right, top, bottom = 44, 12, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    body = []
    for tick in range(0, 101, 25):
        y = top + plot_h * (1 - tick / 100)
        x = left + plot_w * tick / 100
        body.append(f"<line x1='{left}' y1='{y:.1f}' x2='{left + plot_w}' y2='{y:.1f}' stroke='#e5e7eb'/>")
        body.append(
            f"<text x='{left - 6}' y='{y + 4:.1f}' font-size='11' fill='#6b7280' text-anchor='end'>{tick}%</text>"
        )
        body.append(
            f"<text x='{x:.1f}' y='{top + plot_h + 16}' font-size='11' fill='#6b7280'"
            f" text-anchor='middle'>{tick}%</text>"
        )
    body.append(
        f"<text x='{left + plot_w / 2:.1f}' y='{height - 4}' font-size='11' fill='#6b7280'"
        f" text-anchor='middle'>predicted</text>"
    )
    body.append(
        f"<line x1='{left}' y1='{top + plot_h}' x2='{left + plot_w}' y2='{top}' stroke='#9ca3af'"
        f" stroke-dasharray='4 3'><title>perfectly calibrated</title></line>"
    )
    for decile in deciles:
        if not decile["asks"]:
            continue
        x = left + plot_w * decile["from"] + 2
        bar_w = plot_w * (decile["to"] - decile["from"]) - 4
        observed = decile["observed"] or 0.0
        y = top + plot_h * (1 - observed)
        label = (
            f"{decile['from']:.0%}–{decile['to']:.0%}: {decile['introduced']} of {decile['asks']} asks"
            f" happened ({observed:.0%}), predicted {decile['predicted']:.0%}"
        )
        body.append(
            f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar_w:.1f}' height='{max(top + plot_h - y, 1):.1f}'"
            f" rx='2' fill='#2563eb' opacity='0.8'><title>{escape(label)}</title></rect>"
        )
        body.append(
            f"<text x='{x + bar_w / 2:.1f}' y='{y - 4:.1f}' font-size='10' fill='#374151'"
            f" text-anchor='middle'>{decile['asks']}</text>"
        )
        predicted_y = top + plot_h * (1 - (decile["predicted"] or 0.0))
        body.append(
            f"<line x1='{x:.1f}' y1='{predicted_y:.1f}' x2='{x + bar_w:.1f}' y2='{predicted_y:.1f}'"
            f" stroke='#111827' stroke-width='2'/>"
        )
    return _svg(width, height, title, body, "calibration")


def report_charts(report: dict, components: tuple[str, ...]) -> dict:
    """Every chart of the report: the trend, member scores, team and member components."""
    runs = report["history"]
    days = [run["taken_at"][:10] for run in runs]
    # Several reports on one day: the time tells them apart.
    labels = [
        run["taken_at"][:16].replace("T", " ") if days.count(day) > 1 else day
        for run, day in zip(runs, days, strict=False)
    ]
    members = report["scores"]["members"]
    series = [("Team", [run["team"] for run in runs], True)]
    series += [(m["name"], [run["members"].get(m["name"]) for run in runs], False) for m in members[:9]]
    team_components = report["scores"]["team"]["components"]
    calibration = report.get("calibration")
    return {
        "calibration": calibration_chart(calibration["deciles"]) if calibration else "",
        "trend": line_chart(labels, series, "Team score over reports"),
        "scores": bar_chart(
            [(m["name"], m["score"]) for m in members], "Score of each member", css_class="scores"
        ),
        "team_components": bar_chart(
            [(c, team_components[c]) for c in components if c in team_components],
            "Team components",
            maximum=1,
            percent=True,
            css_class="components",
        ),
        "members": {
            m["name"]: bar_chart(
                [(c, m["components"][c]) for c in components if c in m["components"]],
                f"Components of {m['name']}",
                maximum=1,
                width=420,
                bar=14,
                label_width=90,
                percent=True,
                css_class="components",
            )
            for m in members
        },
    }
