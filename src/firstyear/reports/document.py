"""A report as data: sections of paragraphs, lists, tables and charts.

Board papers and annual reports build one :class:`Document`; :mod:`firstyear.reports.render`
turns it into HTML, PDF and DOCX, so the three formats never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from firstyear.charts import Chart


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | lead | small


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Callout:
    """Set-apart text: an inset note, or a warning."""

    text: str
    kind: str = "inset"  # inset | warning


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    numeric: tuple[int, ...] = ()  # indexes of right-aligned columns
    notes: str = ""
    # Relative column widths (e.g. (1, 6, 3, 2)); empty shares the width equally.
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Figure:
    chart: Chart
    caption: str = ""


Block = Paragraph | Bullets | Callout | Table | Figure


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 2
    key: str = ""  # a stable id, e.g. for editable narrative sections

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str
    subtitle: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)  # (label, value), e.g. ("Date", "March 2027")
    marking: str = ""  # e.g. "RESTRICTED – for panel members only": printed on every page
    sections: list[Section] = field(default_factory=list)
    footer: str = ""

    def section(self, heading: str, *blocks: Block, level: int = 2, key: str = "") -> Section:
        section = Section(heading, list(blocks), level, key)
        self.sections.append(section)
        return section

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]
