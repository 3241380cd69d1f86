"""The statistics pages: stats/ (profiles by province, practice and year as
charts, and the outcomes each practice reports) and stats/<practice>.md (every
figure reported for that practice, by unit, each linked to its profile).

Figures are added up only within one unit, and the page says what such a sum
is: the sum of the figures profiles report, not a measured total (two profiles
may report the same work; a label means what its source meant).

A practice's figure tables are trusted fragments (templates/stats_figures.html.j2)
rather than Markdown: at 10,000 profiles a practice has thousands of figures,
and converting them as Markdown tables cost about a second a page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ..profile.schema import Metric
from ..zh.numbers import format_value
from . import charts
from .library import Item, Library

PAGE = "stats/index.md"
SUMMARY_UNITS = 3  # units named per practice on stats/; the practice's page has them all


@dataclass(frozen=True)
class UnitFigures:
    unit: str
    figures: list[tuple[Item, Metric]]  # largest first

    @property
    def total(self) -> str:
        return format_value(math.fsum(m.value for _, m in self.figures), self.unit)

    @property
    def approx(self) -> int:
        return sum(1 for _, m in self.figures if m.approx)


@dataclass(frozen=True)
class Outcomes:
    practice: object  # vocab.Practice
    profiles: int  # profiles of this practice that report figures
    units: list[UnitFigures]  # most figures first

    @property
    def page(self) -> str:
        return f"stats/{self.practice.slug}.md"

    @property
    def figures(self) -> int:
        return sum(len(u.figures) for u in self.units)


def outcomes(library: Library) -> list[Outcomes]:
    """Per practice (vocabulary order), the figures its profiles report, grouped by unit."""
    out = []
    for practice, items in library.by_practice:
        by_unit: dict[str, list[tuple[Item, Metric]]] = defaultdict(list)
        reporting = 0
        for item in items:
            reporting += bool(item.profile.metrics)
            for metric in item.profile.metrics:
                by_unit[metric.unit].append((item, metric))
        if not by_unit:
            continue
        units = [UnitFigures(unit, sorted(figures, key=lambda f: (-f[1].value, f[0].profile.title)))
                 for unit, figures in by_unit.items()]
        units.sort(key=lambda u: (-len(u.figures), u.unit))
        out.append(Outcomes(practice, reporting, units))
    return out


def province_chart(library: Library) -> charts.Chart:
    groups = sorted(library.regions, key=lambda g: -g.count)  # stable: GB/T 2260 order among equals
    rows = [charts.Bar(g.province.name, g.count, g.page) for g in groups]
    return charts.bars("cb-chart-provinces", "各省级行政区的案例数", rows)


def practice_chart(library: Library) -> charts.Chart:
    ranked = sorted(library.by_practice, key=lambda pair: -len(pair[1]))
    rows = [charts.Bar(p.name, len(items), f"practices/{p.slug}.md") for p, items in ranked]
    return charts.bars("cb-chart-practices", "各做法的案例数", rows)


def year_chart(library: Library) -> charts.Chart:
    known = sorted((y, items) for y, items in library.by_year if y is not None)
    rows = [charts.Bar(str(y), len(items), f"years/{y}.md") for y, items in known]
    rows += [charts.Bar("不详", len(items), "years/unknown.md") for y, items in library.by_year if y is None]
    return charts.columns("cb-chart-years", "各年份的案例数（按报道年份）", rows)


def pages(renderer) -> dict[str, str]:
    lib = renderer.library
    found = outcomes(lib)
    out = {PAGE: renderer.render("stats.md.j2", PAGE, outcomes=found, summary_units=SUMMARY_UNITS,
                                 charts=[province_chart(lib), practice_chart(lib), year_chart(lib)])}
    # A metric is listed under each of its profile's practices: format it once.
    figure, units, shown = renderer.env.filters["figure"], lib.vocab.unit_names, {}

    def rows(page: str, group: UnitFigures) -> list[tuple[str, str, str, str, str]]:
        """(link, figure, label, profile title, place) for templates/stats_figures.html.j2."""
        out = []
        for item, metric in group.figures:
            text = shown.get(id(metric))
            if text is None:
                text = shown[id(metric)] = f"{figure(metric, units)} {metric.unit}"
            r = item.profile.region
            out.append((renderer.rel(page, item.page), text, metric.label, item.profile.title,
                        r.province + r.city + r.district))
        return out

    for entry in found:
        out[entry.page] = renderer.render("stats_practice.md.j2", entry.page, outcome=entry, rows=rows)
    return out
