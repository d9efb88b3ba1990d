"""Recommendations from a table, as a coordinator pastes a review's appendix into Excel or Word.

Columns: a number (its header may be blank, as in a report's appendix), the recommendation, the
proposed lead; optionally a theme and a short title. A row with only one piece of text
("Safeguarding") sets the theme for the rows below it. A row with no number continues the one
above (a recommendation or lead carried over a page break). A proposed-lead cell merged down
over several rows applies to each of them; a blank, unmerged one stays blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from firstyear.indicators.importers.base import ImportProblem
from firstyear.plans.importers.plan_table import normalise_header
from firstyear.plans.importers.tables import BULLET_CHARS, Row, Table, UnreadableFile, read_tables

PATTERNS = [
    ("number", r"^(no|number|ref|#|rec|rec no|recommendation no|recommendation number|id)$"),
    ("title", r"short title|^title$|^summary$"),
    ("lead", r"lead|responsib|owner|accountab"),
    ("theme", r"theme|topic|section|workshop|area"),
    ("text", r"recommendation"),
]
LEVEL_WORDS = re.compile(r"^(regional|local|locality|localities|recommendations( for individual localities)?)$", re.I)


@dataclass
class ParsedRecommendation:
    number: int
    text: str
    proposed_lead: str = ""
    theme: str = ""
    title: str = ""
    where: str = ""


@dataclass
class ParsedRecommendations:
    file: str
    items: list[ParsedRecommendation] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unplaced: list[ImportProblem] = field(default_factory=list)


def _field(text: str) -> str:
    norm = normalise_header(text)
    if not norm:
        return ""
    for name, pattern in PATTERNS:
        if re.search(pattern, norm):
            return name
    return ""


def _clean(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if line[:1] in BULLET_CHARS and len(line) > 1:
            line = "• " + line.lstrip(BULLET_CHARS + " ")
        if line:
            lines.append(line)
    return "\n".join(lines)


class _Reader:
    def __init__(self, file: str):
        self.out = ParsedRecommendations(file)
        self.fields: list[str] | None = None
        self.header: list[str] = []
        self.theme = ""
        self.seen: dict[int, str] = {}

    def read(self, tables: list[Table]) -> ParsedRecommendations:
        for table in tables:
            self._table(table)
        if self.fields is None:
            self.out.problems.append(ImportProblem(self.out.file, None, "", "",
                                                   "no header row found: one column must be headed \"Recommendation\" "
                                                   "(or \"Recommendations\")."))
        elif not self.out.items:
            self.out.problems.append(ImportProblem(self.out.file, None, "", "", "no numbered recommendations were found."))
        return self.out

    def _table(self, table: Table) -> None:
        for index, row in enumerate(table.rows[:10]):
            names = [_field(c.text) for c in row.cells]
            if "text" in names:
                self.fields = names
                self.header = [normalise_header(c.text) for c in row.cells]
                body = table.rows[index + 1:]
                break
        else:
            if self.fields is None:
                return
            body = table.rows
        if "number" not in self.fields:
            self._guess_number(body)
        for row in body:
            self._row(row)

    def _guess_number(self, rows: list[Row]) -> None:
        for col, name in enumerate(self.fields):
            if name:
                continue
            values = [r.cells[col].text.strip() for r in rows if col < len(r.cells) and r.cells[col].text.strip()]
            if values and sum(v.isdigit() for v in values) >= max(1, len(values) * 0.6):
                self.fields[col] = "number"
                self.out.notes.append(f"Column {col + 1} has no heading and holds numbers: read as the recommendation numbers.")
                return

    def _looks_like_theme(self, text: str) -> bool:
        """A short heading ("Smoking in pregnancy") rather than words carried over from above."""
        previous = self.out.items[-1].text.rstrip() if self.out.items else "."
        return (len(text) <= 60 and text[:1].isupper() and not text.endswith((".", ",", ";", ")"))
                and previous.endswith((".", ")", ":")) or not self.out.items)

    def _row(self, row: Row) -> None:
        cells = row.cells
        if [normalise_header(c.text) for c in cells[: len(self.header)]] == self.header:
            return
        values = {}
        for i, cell in enumerate(cells):
            name = self.fields[i] if i < len(self.fields) else ""
            if name and name not in values:
                values[name] = cell
            elif not name and not cell.empty and not cell.merged_above and not cell.merged_left:
                self.out.unplaced.append(ImportProblem(self.out.file, None, f"column {i + 1}", cell.text,
                                                       f"{row.where}: the column has no heading"))

        def own(name):
            c = values.get(name)
            return "" if c is None or c.merged_above or c.merged_left else _clean(c.text)

        def text(name):
            c = values.get(name)
            return "" if c is None or c.merged_left else _clean(c.text)

        filled = [c for c in cells if not c.empty and not c.merged_left and not c.merged_above]
        number_text = own("number")
        if not number_text and len(filled) == 1 and not own("lead"):
            lone = " ".join(filled[0].text.split())
            if LEVEL_WORDS.match(lone):
                return
            if not own("text") or self._looks_like_theme(lone):
                self.theme = lone
                return
        if own("theme"):
            self.theme = " ".join(own("theme").split())
        if number_text:
            match = re.fullmatch(r"(\d+)\.?", number_text)
            if match is None:
                self.out.problems.append(ImportProblem(self.out.file, None, "number", number_text,
                                                       f"{row.where}: a recommendation number must be a whole number"))
                return
            number = int(match.group(1))
            if number in self.seen:
                self.out.problems.append(ImportProblem(self.out.file, None, "number", number_text,
                                                       f"{row.where}: number {number} is also used at {self.seen[number]}"))
                return
            body = own("text")
            if not body:
                self.out.problems.append(ImportProblem(self.out.file, None, "recommendation", "",
                                                       f"{row.where}: recommendation {number} has no text"))
                return
            self.seen[number] = row.where
            self.out.items.append(ParsedRecommendation(number, body, text("lead"), self.theme, own("title"), row.where))
            return
        if not self.out.items:
            for cell in filled:
                self.out.unplaced.append(ImportProblem(self.out.file, None, "", cell.text,
                                                       f"{row.where}: before the first numbered recommendation"))
            return
        last = self.out.items[-1]
        if own("text"):
            last.text += "\n" + own("text")
            self.out.notes.append(f"{row.where}: no number; its text continues recommendation {last.number}.")
        if own("lead") and own("lead") not in last.proposed_lead:
            last.proposed_lead = "\n".join(t for t in (last.proposed_lead, own("lead")) if t)
            self.out.notes.append(f"{row.where}: no number; its proposed lead continues recommendation {last.number}.")


def parse_recommendations_bytes(data: bytes, name: str) -> ParsedRecommendations:
    try:
        tables = read_tables(data, name)
    except UnreadableFile as exc:
        out = ParsedRecommendations(name)
        out.problems.append(ImportProblem(name, None, "", "", str(exc)))
        return out
    return _Reader(name).read(tables)
