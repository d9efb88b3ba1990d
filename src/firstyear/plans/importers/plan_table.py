"""Reading an action plan from its tables: headers, section rows, issues, continuation rows.

What it understands (each rule is tested in tests/plans/test_import_*.py):

- **Header variants.** A header row is found by its words ("Action: What are we going to do about
  this?", "Accountability: Who is responsible?", "Lead", "Partners", "Date for deep dive", "Date
  to be completed" ...; see :data:`FIELD_PATTERNS`). A table split over pages repeats it.
- **Section rows**: one piece of text alone on a row ("2. Maternal characteristics & risk
  factors", "Priority 5: ...") or merged across it starts a priority.
- **Issues/objectives** start where the number column or the objective column has text of its own
  ("2.4", "1.1 To support efforts ..."). A number with no words under an objective continues the
  objective above and becomes the action's reference.
- **Continuation rows** (blank number and issue, or cells merged with the row above) add actions
  to the issue above; their rationale text joins the issue's rationale. A row with no action text
  but a lead or dates adds them to the action above.
- **Bulleted action cells** hold one action per bullet, unless the cell starts with a line ending
  in a colon ("Gather information via:") which introduces a list inside one action.
- **Shifted cells**: a row with text beyond the last headed column (a cell was lost or split when
  the table was converted) is moved back left over its empty cells, choosing the placement whose
  values fit their columns best (dates under dates, "by exception" under reporting).
- **Dates** via :func:`firstyear.plans.dates.parse_plan_date`, keeping the words.

Anything that cannot be placed is listed as an :class:`ImportProblem` in ``unplaced`` (shown in
the preview) and kept word for word in the plan's import notes, so nothing is lost.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from firstyear.indicators.importers.base import ImportProblem
from firstyear.plans.constants import FACTORS, status_from_text
from firstyear.plans.dates import DateKind, PlanDate, parse_plan_date
from firstyear.plans.importers.tables import BULLET_CHARS, Cell, Row, Table

# (field, pattern) in the order they are tried: the words before a colon first, then the whole header.
FIELD_PATTERNS: list[tuple[str, str]] = [
    ("priority_ref", r"^priority (no|ref|number|#)$"),
    ("action_ref", r"^action (no|ref|number|#)$"),
    ("ref", r"^(objective|issue) (no|ref|number|#)$|^(no|ref|reference|number|num|#|item|id)$"),
    ("deep_dive", r"deep\s*-?\s*dive"),
    ("due", r"date to be completed|complet|\bdue\b|deadline|by when|timescale|target date|end date|^when$|^date$"),
    ("reporting", r"report|how are they|monitor|governance"),
    ("status", r"^(status|rag|rag status|progress|current status|rag rating)$"),
    ("factors", r"factor"),
    ("indicators", r"^(linked )?indicators?$"),
    ("outcome", r"outcome|measure|success|change do we want|\bkpi\b|impact"),
    ("partners", r"partner|supporting|contributor"),
    ("lead_organisation", r"lead organi[sz]ation|^organi[sz]ation$"),
    ("lead", r"accountab|responsib|\blead\b|owner|^who\b"),
    ("action", r"action|what are we going to do|activit|intervention|task"),
    ("rationale", r"rationale|detail|evidence|\bwhy\b|background|context"),
    ("priority", r"^(priority|priorities|section|workstream|priority area)$"),
    ("objective", r"objective|issue|\baim\b|goal|topic|area of focus|theme"),
    ("notes", r"^(notes?|comments?)$"),
]
TEXT_FIELDS = ("lead", "lead_organisation", "partners", "outcome", "reporting", "notes")
SECTION = re.compile(r"^\s*(?:priority|section|theme|part|workstream)\s*(\d+)\s*[.:)\-–]?\s*(.*)$", re.I | re.S)
NUMBERED_SECTION = re.compile(r"^\s*(\d+)\s*[.:)]?\s+(\D.*)$", re.S)
LEADING_REF = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?(?=\s|$)\s*(.*)$", re.S)
ENUMERATOR = re.compile(r"^\s*\(?[a-z]\)\s*")
REPORTING_WORDS = re.compile(r"exception|update|report|meeting|each|quarterly|monthly", re.I)


def normalise_header(text: str) -> str:
    text = text.lower().replace("\n", " ")
    text = re.sub(r"[\"'“”‘’?()/]", " ", text)
    return " ".join(text.replace(".", " ").split()).strip()


def header_field(text: str) -> str:
    """The field a header names, or "" (see :data:`FIELD_PATTERNS`)."""
    raw = " ".join(text.split())
    if not raw:
        return ""
    candidates = []
    if ":" in raw:
        candidates.append(normalise_header(raw.split(":", 1)[0]))
    candidates.append(normalise_header(raw))
    # "no." normalises to "no"; keep "#" and "no." recognisable.
    for candidate in candidates:
        for name, pattern in FIELD_PATTERNS:
            if re.search(pattern, candidate):
                return name
    return ""


@dataclass
class ParsedAction:
    description: str
    ref: str = ""
    lead: str = ""
    lead_organisation: str = ""
    partners: str = ""
    outcome: str = ""
    reporting: str = ""
    deep_dive: PlanDate = field(default_factory=PlanDate)
    due: PlanDate = field(default_factory=PlanDate)
    status: str = ""
    factors: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    notes: str = ""
    where: str = ""


@dataclass
class ParsedObjective:
    ref: str
    title: str
    rationale: str = ""
    actions: list[ParsedAction] = field(default_factory=list)
    where: str = ""


@dataclass
class ParsedPriority:
    ref: str
    title: str
    objectives: list[ParsedObjective] = field(default_factory=list)
    where: str = ""


@dataclass
class ParsedPlan:
    file: str
    priorities: list[ParsedPriority] = field(default_factory=list)
    unplaced: list[ImportProblem] = field(default_factory=list)  # cells kept in notes, shown in the preview
    notes: list[str] = field(default_factory=list)               # what the reader decided, in words
    problems: list[ImportProblem] = field(default_factory=list)  # reasons nothing can be imported
    rows_read: int = 0

    @property
    def objectives(self) -> list[ParsedObjective]:
        return [o for p in self.priorities for o in p.objectives]

    @property
    def actions(self) -> list[ParsedAction]:
        return [a for o in self.objectives for a in o.actions]

    def counts(self) -> dict[str, int]:
        return {"priorities": len(self.priorities), "objectives": len(self.objectives), "actions": len(self.actions)}


def split_actions(text: str) -> list[str]:
    """One action per bullet; a lead-in line ending with ":" keeps its list as one action."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    lines = [line for line in lines if line.lstrip(BULLET_CHARS + " ").rstrip()]
    if not lines:
        return []

    def is_bullet(line: str) -> bool:
        return line[:1] in BULLET_CHARS and (len(line) == 1 or line[1:2] in (" ", "\t") or line[0] in "•·▪●○◦")

    if not any(is_bullet(line) for line in lines) or (not is_bullet(lines[0]) and lines[0].endswith(":")):
        return ["\n".join(lines)]
    items: list[str] = []
    for line in lines:
        if is_bullet(line):
            items.append(line.lstrip(BULLET_CHARS + " \t"))
        elif items and (items[-1].endswith(":") or line[:1].islower()):
            items[-1] += "\n" + line
        else:
            items.append(line)
    return [i for i in items if i.strip()]


def _strip_enumerator(text: str) -> str:
    """"b)Voluntary Action ..." -> "Voluntary Action ..." (the a), b), c) of a Word list)."""
    return ENUMERATOR.sub("", text, count=1) if ENUMERATOR.match(text) and len(text) > 3 else text


def _lines_joined(text: str, sep: str = "; ") -> str:
    parts = [p.lstrip(BULLET_CHARS + " ").rstrip() for p in text.split("\n")]
    return sep.join(p for p in parts if p)


def _plausibility(name: str, text: str) -> int:
    """How well ``text`` fits a column: used to undo shifted cells."""
    if not text.strip():
        return 0
    date = parse_plan_date(text)
    reporting_like = bool(REPORTING_WORDS.search(text))
    if name in ("due", "deep_dive"):
        score = 2 if date.kind in (DateKind.DATE, DateKind.ONGOING, DateKind.REVIEW, DateKind.TBC, DateKind.NOT_APPLICABLE) else -1
        return score - (2 if "exception" in text.lower() else 0)
    if name == "reporting":
        return 2 if reporting_like else -1
    if name in ("lead", "partners", "outcome", "lead_organisation"):
        bare_date = date.kind == DateKind.DATE and len(text) < 12
        return -2 if (text.lower().strip() in ("by exception",) or bare_date) else 0
    return 0


class _Builder:
    def __init__(self, plan: ParsedPlan):
        self.plan = plan
        self.priority: ParsedPriority | None = None
        self.objective: ParsedObjective | None = None
        self.action: ParsedAction | None = None
        self.priority_value = ""

    def start_priority(self, ref: str, title: str, where: str) -> None:
        self.priority = ParsedPriority(ref, title, where=where)
        self.plan.priorities.append(self.priority)
        self.objective = self.action = None

    def ensure_priority(self, where: str) -> ParsedPriority:
        if self.priority is None:
            self.start_priority("", "Actions", where)
            self.plan.notes.append(f"{where}: the table starts without a section row, so the first issues are "
                                   f"under a priority called \"Actions\" (rename it after importing).")
        return self.priority

    def start_objective(self, ref: str, title: str, where: str) -> ParsedObjective:
        priority = self.ensure_priority(where)
        ref = self._fix_ref(ref, priority, where)
        self.objective = ParsedObjective(ref, title, where=where)
        priority.objectives.append(self.objective)
        self.action = None
        return self.objective

    def ensure_objective(self, where: str) -> ParsedObjective:
        if self.objective is None:
            self.start_objective("", "", where)
        return self.objective

    def _fix_ref(self, ref: str, priority: ParsedPriority, where: str) -> str:
        """Excel turns "2.10" into 2.1: spot a repeated number that should have been the next one."""
        seen = [o.ref for o in priority.objectives]
        if not ref or not seen:
            return ref
        previous = seen[-1]
        head, _, last = previous.rpartition(".")
        if head and last.isdigit() and f"{head}.{int(last) + 1}" == f"{ref}0" and f"{ref}0" not in seen:
            fixed = f"{ref}0"
            self.plan.notes.append(f"{where}: number {ref} follows {previous}, read as {fixed} "
                                   f"(a spreadsheet had dropped the trailing zero).")
            return fixed
        if ref not in seen:
            return ref
        self.plan.notes.append(f"{where}: number {ref} is used twice under {priority.title[:40]!r}.")
        return ref


class PlanTableReader:
    def __init__(self, file: str):
        self.plan = ParsedPlan(file)
        self.build = _Builder(self.plan)
        self.fields: list[str] | None = None
        self.header_texts: list[str] = []

    # -- tables and headers -----------------------------------------------------------------
    def read(self, tables: list[Table]) -> ParsedPlan:
        for table in tables:
            self._table(table)
        if self.fields is None:
            self.plan.problems.append(ImportProblem(
                self.plan.file, None, "", "",
                "no header row found: the table needs a row naming its columns, with one for the actions "
                "(e.g. \"Action\", \"Action: What are we going to do about this?\" or \"Action Plan\")."))
        elif not self.plan.actions:
            self.plan.problems.append(ImportProblem(self.plan.file, None, "", "", "no actions were found under the header."))
        return self.plan

    def _find_header(self, rows: list[Row]) -> int | None:
        for index, row in enumerate(rows[:15]):
            names = [header_field(c.text) if not c.merged_left else "" for c in row.cells]
            found = {n for n in names if n}
            if "action" in found and len(found) >= 2:
                return index
        return None

    def _table(self, table: Table) -> None:
        start = self._find_header(table.rows)
        if start is not None:
            header = table.rows[start]
            self.fields = self._dedupe([header_field(c.text) for c in header.cells], header)
            self.header_texts = [normalise_header(c.text) for c in header.cells]
            body = table.rows[start + 1:]
            for skipped in table.rows[:start]:
                self._unplace_row(skipped, "above the table's header row")
        elif self.fields is not None:
            body = table.rows  # a table split over pages without its header
            self.plan.notes.append(f"{table.name}: no header row, read with the columns of the table before.")
        else:
            for row in table.rows:
                if any(not c.empty for c in row.cells):
                    self.plan.notes.append(f"{table.name}: skipped (no header row naming an action column).")
                    break
            return
        for row in body:
            self.plan.rows_read += 1
            self._row(row)

    def _dedupe(self, names: list[str], header: Row) -> list[str]:
        seen: set[str] = set()
        out = []
        for name, cell in zip(names, header.cells, strict=False):
            if name and name in seen and name not in TEXT_FIELDS:
                self.plan.notes.append(f"{header.where}: a second {name} column ({cell.text!r}) is kept in the notes.")
                name = "notes"
            seen.add(name)
            out.append(name)
        return out

    def _unplace_row(self, row: Row, reason: str) -> None:
        for i, cell in enumerate(row.cells):
            if not cell.empty and not cell.merged_above:
                self.plan.unplaced.append(ImportProblem(self.plan.file, None, self._column_name(i), cell.text,
                                                        f"{row.where}: {reason}"))

    def _column_name(self, index: int) -> str:
        if self.header_texts and index < len(self.header_texts) and self.header_texts[index]:
            return self.header_texts[index]
        return f"column {index + 1}"

    # -- one row ---------------------------------------------------------------------------------
    def _row(self, row: Row) -> None:
        fields = self.fields
        cells = list(row.cells)
        if all(c.empty or c.merged_left for c in cells):
            return
        if [normalise_header(c.text) for c in cells[:len(self.header_texts)]] == self.header_texts:
            return  # the header repeated on a new page
        cells = self._unshift(cells, row)
        if self._section(cells, row):
            return
        values: dict[str, Cell] = {}
        for i, cell in enumerate(cells):
            name = fields[i] if i < len(fields) else ""
            if not name:
                if not cell.empty and not cell.merged_left and not cell.merged_above:
                    self.plan.unplaced.append(ImportProblem(self.plan.file, None, self._column_name(i), cell.text,
                                                            f"{row.where}: the column has no heading; kept in the action's notes"))
                    values.setdefault("_extra", Cell(""))
                    values["_extra"].text += ("\n" if values["_extra"].text else "") + cell.text
                continue
            if name in values and not cell.empty:  # a second column of the same kind: join them
                values[name] = Cell("\n".join(t for t in (values[name].text, cell.text) if t), cell.merged_above)
            elif name not in values:
                values[name] = cell
        self._place(values, row)

    def _unshift(self, cells: list[Cell], row: Row) -> list[Cell]:
        fields = self.fields
        mapped = [i for i, f in enumerate(fields) if f]
        if not mapped:
            return cells
        width = mapped[-1] + 1
        tail = [i for i in range(width, len(cells)) if not cells[i].empty]
        if not tail:
            return cells[:width] + cells[width:]
        last = tail[-1]
        excess = last - (width - 1)
        action_col = fields.index("action") if "action" in fields else 0
        empties = [i for i in range(action_col + 1, last) if cells[i].empty and not cells[i].merged_left]
        if len(empties) < excess:
            return cells
        best, best_score = None, None
        for drop in itertools.combinations(empties, excess):
            trial = [c for i, c in enumerate(cells[: last + 1]) if i not in drop]
            score = sum(_plausibility(fields[i], trial[i].text) for i in range(min(width, len(trial))) if fields[i])
            if best_score is None or score > best_score:
                best, best_score = trial, score
        moved = ", ".join(repr(cells[i].text[:30]) for i in tail)
        self.plan.notes.append(f"{row.where}: cells ran past the last column ({moved}); moved left over empty cells.")
        return best

    def _section(self, cells: list[Cell], row: Row) -> bool:
        filled = [(i, c) for i, c in enumerate(cells) if not c.empty and not c.merged_left and not c.merged_above]
        if len(filled) != 1:
            return False
        index, cell = filled[0]
        span = 1 + sum(1 for c in cells[index + 1:] if c.merged_left)
        text = " ".join(cell.text.split())
        field_name = self.fields[index] if index < len(self.fields) else ""
        match = SECTION.match(text)
        numbered = NUMBERED_SECTION.match(text)
        is_section = (match is not None or span >= max(2, len(cells) // 2)
                      or (numbered is not None and field_name in ("ref", "priority", "priority_ref", "objective")
                          and index == 0)
                      or (index == 0 and field_name in ("priority", "ref") and not LEADING_REF.match(text)))
        if field_name == "action" and match is None and span < 2:
            return False
        if not is_section:
            return False
        if match is not None:
            ref, title = match.group(1), match.group(2).strip(" :.-–") or text
        elif numbered is not None:
            ref, title = numbered.group(1), numbered.group(2).strip()
        else:
            ref, title = "", text
        self.build.start_priority(ref, title, row.where)
        return True

    def _place(self, values: dict[str, Cell], row: Row) -> None:
        b = self.build
        where = row.where

        def own(name: str) -> str:
            cell = values.get(name)
            return "" if cell is None or cell.merged_above or cell.merged_left else cell.text.strip()

        def text(name: str) -> str:
            cell = values.get(name)
            return "" if cell is None or cell.merged_left else cell.text.strip()

        # A priority column in a flat table: a new value starts a priority.
        priority_text = own("priority")
        if priority_text and priority_text != b.priority_value:
            b.priority_value = priority_text
            b.start_priority(own("priority_ref"), priority_text, where)

        ref, objective_text = own("ref"), own("objective")
        action_ref = own("action_ref")
        starts_objective = False
        title = objective_text
        if ref:
            starts_objective = True
            lead_in = LEADING_REF.match(objective_text) if objective_text else None
            if lead_in and lead_in.group(1) == ref:
                title = lead_in.group(2).strip()
        elif objective_text:
            lead_in = LEADING_REF.match(objective_text)
            stripped = objective_text.lstrip(BULLET_CHARS + " ").rstrip()
            if lead_in:
                number, rest = lead_in.group(1), lead_in.group(2).lstrip(BULLET_CHARS + " \n").rstrip()
                if rest:
                    ref, title, starts_objective = number, rest, True
                else:
                    action_ref = action_ref or number
                    if b.objective is not None:
                        b.plan.notes.append(f"{where}: \"{number}\" has no objective text of its own; its actions "
                                            f"were added to {b.objective.ref or 'the objective above'} with reference {number}.")
            elif stripped:
                title, starts_objective = stripped, True
        current = b.objective
        if (starts_objective and current is not None and b.priority is not None and current in b.priority.objectives
                and current.ref == ref and " ".join(current.title.split()) == " ".join(title.split())):
            starts_objective = False  # a flat table repeats the objective on each of its rows
        if starts_objective:
            objective = b.start_objective(ref, " ".join(title.split()) if "\n" not in title else title, where)
        else:
            objective = None

        rationale = own("rationale")
        if rationale:
            target = objective or b.ensure_objective(where)
            if rationale not in target.rationale:
                target.rationale = "\n".join(t for t in (target.rationale, rationale) if t)

        action_cell = values.get("action")
        details = self._details(values, text)
        if action_cell is not None and action_cell.merged_above and b.action is not None:
            self._continue(b.action, details, where, merged=True)
            return
        descriptions = [_strip_enumerator(d) for d in split_actions(own("action"))]
        if descriptions:
            target = objective or b.ensure_objective(where)
            for n, description in enumerate(descriptions):
                action = ParsedAction(description=description, where=where, **details)
                if action_ref:
                    action.ref = action_ref if len(descriptions) == 1 else f"{action_ref}.{n + 1}"
                target.actions.append(action)
                b.action = action
            return
        has_details = any(v for k, v in details.items() if k not in ("factors", "indicators")) or details["factors"]
        if not has_details:
            return
        if b.action is not None and b.objective is not None and b.action in b.objective.actions and objective is None:
            self._continue(b.action, details, where, merged=False)
            return
        # Details with no action to attach to (an issue with no action yet): keep them visible.
        for name, value in details.items():
            if value and name not in ("factors", "indicators"):
                shown = value.text if isinstance(value, PlanDate) else value
                self.plan.unplaced.append(ImportProblem(self.plan.file, None, name, str(shown),
                                                        f"{where}: no action on this row or above it to attach to"))

    def _details(self, values: dict[str, Cell], text) -> dict:
        lead = _strip_enumerator(_lines_joined(text("lead")))
        partners = "\n".join(p for p in (_strip_enumerator(x.lstrip(BULLET_CHARS + " ").rstrip())
                                         for x in text("partners").split("\n")) if p)
        deep_cell, due_cell = values.get("deep_dive"), values.get("due")
        status_text = text("status")
        status = status_from_text(status_text) or ""
        notes = text("notes")
        if status_text and not status:
            notes = "\n".join(t for t in (notes, f"Status as written: {status_text}") if t)
        extra = values.get("_extra")
        if extra is not None and extra.text:
            notes = "\n".join(t for t in (notes, extra.text) if t)
        factors, unknown = [], []
        for word in re.split(r"[,;\n]+", text("factors")):
            code = word.strip().lower().replace(" ", "_").replace("-", "_")
            if not code:
                continue
            if code in FACTORS:
                factors.append(code)
            else:
                match = next((c for c, n in FACTORS.items() if n.lower() == word.strip().lower()), None)
                (factors if match else unknown).append(match or word.strip())
        if unknown:
            notes = "\n".join(t for t in (notes, "Factors as written: " + ", ".join(unknown)) if t)
        indicators = [w.strip() for w in re.split(r"[,;\n]+", text("indicators")) if w.strip()]
        return {
            "lead": lead,
            "lead_organisation": _lines_joined(text("lead_organisation")),
            "partners": partners,
            "outcome": text("outcome"),
            "reporting": _lines_joined(text("reporting"), " "),
            "deep_dive": self._date(deep_cell),
            "due": self._date(due_cell),
            "status": status,
            "factors": factors,
            "indicators": indicators,
            "notes": notes,
        }

    @staticmethod
    def _date(cell: Cell | None) -> PlanDate:
        if cell is None or cell.merged_left:
            return PlanDate()
        if cell.value is not None and not cell.text:
            return parse_plan_date(cell.value)
        return parse_plan_date(cell.text)

    def _continue(self, action: ParsedAction, details: dict, where: str, *, merged: bool) -> None:
        added = []
        for name in TEXT_FIELDS:
            value = details[name]
            if not value:
                continue
            current = getattr(action, name)
            if not current:
                setattr(action, name, value)
                added.append(name)
            elif value not in current.split("; " if name != "partners" else "\n"):
                setattr(action, name, current + ("\n" if name in ("partners", "notes", "outcome") else "; ") + value)
                added.append(name)
        for name in ("deep_dive", "due"):
            value: PlanDate = details[name]
            if not value:
                continue
            current: PlanDate = getattr(action, name)
            if not current:
                setattr(action, name, value)
                added.append(name)
            elif value.text != current.text or value.date != current.date:
                label = "Deep dive" if name == "deep_dive" else "Due"
                action.notes = "\n".join(t for t in (action.notes, f"{label} also: {value.text or value.iso()}") if t)
                added.append(f"{name} (in notes)")
        for code in details["factors"]:
            if code not in action.factors:
                action.factors.append(code)
        if details["status"] and not action.status:
            action.status = details["status"]
        if added and not merged:
            verb = "was" if len(added) == 1 else "were"
            self.plan.notes.append(f"{where}: no action text on this row; its {', '.join(added)} {verb} added to the "
                                   f"action above ({action.description[:50]!r}).")


def parse_plan_tables(tables: list[Table], file: str) -> ParsedPlan:
    return PlanTableReader(file).read(tables)
