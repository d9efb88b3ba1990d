"""What every importer shares: problems, rows, area and indicator look-ups, the all-or-nothing write.

A format module turns files into :class:`ObservationRow` objects, adding an
:class:`ImportProblem` to the :class:`ReadContext` for every bad row instead of stopping at the
first. :func:`store` then writes them in one transaction, or nothing at all when any problem
was found (:class:`ImportRejected` lists them all).
"""

from __future__ import annotations

import hashlib
import importlib
import math
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from firstyear.accounts.audit import AuditAction, actor_label, record
from firstyear.areas.models import Area, AreaSuccession, SuccessionKind
from firstyear.indicators.models import ComputedValue, ImportBatch, Indicator, Observation
from firstyear.indicators.periods import PeriodSpec, ensure_periods

# GSS prefixes of the areas firstyear holds: England, regions, counties, unitary authorities,
# metropolitan districts, London boroughs, districts. Other codes (GP practices, CCGs, ICBs,
# Wales...) are skipped and counted, not errors.
TRACKED_PREFIXES = ("E92", "E12", "E10", "E06", "E08", "E09", "E07")
STORED_FIELDS = (
    "count", "denominator", "raw_value", "published_value", "published_lower95", "published_upper95",
    "published_lower998", "published_upper998", "note", "synthetic",
)
WRITE_BATCH = 2000


@dataclass(frozen=True)
class ImportProblem:
    """One reason a file cannot be imported, located as a spreadsheet user would find it."""

    file: str
    row: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file} row {self.row}" if self.row else self.file
        column = f", column {self.column!r}" if self.column else ""
        value = f", value {self.value!r}" if self.value != "" else ""
        return f"{where}{column}{value}: {self.reason}"


class ImportRejected(Exception):
    """The import wrote nothing; ``problems`` lists every reason."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        files = sorted({p.file for p in problems})
        super().__init__(f"{len(problems)} problem(s) in {', '.join(files)}: nothing was imported.")


@dataclass
class ObservationRow:
    """One observation as read from a file, before it meets the database."""

    indicator: Indicator
    area_code: str
    period: PeriodSpec
    sex: str = ""
    age: str = ""
    category_type: str = ""
    category: str = ""
    count: int | None = None
    denominator: float | None = None
    raw_value: float | None = None
    published_value: float | None = None
    published_lower95: float | None = None
    published_upper95: float | None = None
    published_lower998: float | None = None
    published_upper998: float | None = None
    note: str = ""
    synthetic: bool = False
    file: str = ""  # where the row was read, for messages about duplicates
    row: int | None = None

    def __post_init__(self) -> None:
        # One row per figure whatever the source: a missing sex is the indicator's standard sex,
        # and the standard age (Fingertips' "<1 yr" for infant mortality) is stored as blank.
        self.sex = self.sex or self.indicator.standard_sex
        if self.age == self.indicator.standard_age:
            self.age = ""

    @property
    def source(self) -> str:
        return f"{self.file} row {self.row}" if self.row else self.file

    def key(self) -> tuple:
        return (self.indicator.pk, self.area_code, self.period.key, self.sex, self.age,
                self.category_type, self.category)


class AreaIndex:
    """Area codes firstyear knows (groups too), following recodes to the code in use now.

    A *recode* succession is the same area under a new GSS code (a minor boundary change), so its
    figures are stored under the new code: one unbroken series, as Fingertips shows it.
    """

    def __init__(self):
        areas = Area.objects.values_list("pk", "code", "kind", "name")
        self.by_code = {code: (pk, kind) for pk, code, kind, _ in areas}
        self.names = {code: name for _, code, _, name in areas}
        self.recoded = dict(
            AreaSuccession.objects.filter(kind=SuccessionKind.RECODE)
            .values_list("predecessor__code", "successor__code")
        )

    @staticmethod
    def tracked(code: str) -> bool:
        return code.startswith(TRACKED_PREFIXES)

    def current_code(self, code: str) -> str:
        seen = set()
        while code in self.recoded and code not in seen:
            seen.add(code)
            code = self.recoded[code]
        return code

    def knows(self, code: str) -> bool:
        return code in self.by_code

    def pk(self, code: str) -> int:
        return self.by_code[code][0]


class IndicatorIndex:
    def __init__(self):
        self.indicators = list(Indicator.objects.all())
        self.by_slug = {i.slug: i for i in self.indicators}
        self.by_fingertips_id = {i.fingertips_id: i for i in self.indicators if i.fingertips_id}

    def find(self, text: str) -> Indicator | None:
        """By catalogue slug, or by Fingertips indicator id."""
        text = str(text).strip()
        if text.isdigit():
            return self.by_fingertips_id.get(int(text))
        return self.by_slug.get(text)


@dataclass
class ReadContext:
    """Shared by the reading of every file of one import: look-ups, problems, what was skipped."""

    quiet: bool = False
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0

    def __post_init__(self):
        self.areas = AreaIndex()
        self.indicators = IndicatorIndex()

    def problem(self, file: str, row: int | None, column: str, value, reason: str) -> None:
        self.problems.append(ImportProblem(file, row, column, "" if value is None else str(value), reason))

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n

    def progress(self, iterable: Iterable, *, total: int | None = None, desc: str = ""):
        """A progress bar on stderr, only for a person watching a terminal."""
        from tqdm import tqdm

        return tqdm(iterable, total=total, desc=desc, unit=" rows", leave=False, file=sys.stderr,
                    disable=self.quiet or not sys.stderr.isatty())


# -- value parsing shared by the formats --------------------------------------------------------


def parse_number(text) -> float | None:
    """A number, or None for an empty cell; ValueError for anything else."""
    if text is None:
        return None
    if isinstance(text, int | float):
        value = float(text)
    else:
        cleaned = str(text).strip().replace(",", "")
        if cleaned == "":
            return None
        value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def whole_number(value: float) -> int | None:
    """``value`` as an int if it is a whole number (e.g. 12.0), else None."""
    return int(value) if value is not None and float(value).is_integer() else None


# -- writing ------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    kind: str
    files: list[str]
    dry_run: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    indicators: list[str] = field(default_factory=list)
    recompute: str = ""
    disagreements: int | None = None

    def lines(self) -> list[str]:
        verb = "Would import" if self.dry_run else "Imported"
        names = [Path(f).name for f in self.files]
        files = ", ".join(names) if len(names) <= 3 else f"{len(names)} files ({names[0]} ... {names[-1]})"
        out = [
            f"{verb} {files} ({self.kind}): {self.rows_read:,} rows read; "
            f"observations {self.created:,} new, {self.updated:,} changed, {self.unchanged:,} unchanged."
        ]
        if self.indicators:
            out.append(f"Indicators: {', '.join(self.indicators)}.")
        for reason, n in sorted(self.skipped.items()):
            out.append(f"Skipped {n:,} row(s): {reason}.")
        out += self.notes
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        if self.recompute:
            out.append(f"Recomputed: {self.recompute}")
        if self.disagreements is not None:
            out.append(
                f"{self.disagreements:,} imported value(s) differ from the published figure beyond rounding."
            )
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _duplicates(rows: list[ObservationRow], ctx: ReadContext) -> None:
    first: dict[tuple, ObservationRow] = {}
    for row in rows:
        earlier = first.setdefault(row.key(), row)
        if earlier is not row:
            ctx.problem(row.file, row.row, "", row.area_code,
                        f"same indicator, area, period and breakdown as {earlier.source}")


def _stored(obs: Observation) -> tuple:
    return tuple(getattr(obs, f) for f in STORED_FIELDS)


def _wanted(row: ObservationRow) -> tuple:
    return (row.count, row.denominator, row.raw_value, row.published_value, row.published_lower95,
            row.published_upper95, row.published_lower998, row.published_upper998, row.note[:300],
            row.synthetic)


def store(rows: list[ObservationRow], ctx: ReadContext, *, kind: str, paths: list[Path], by,
          dry_run: bool = False) -> ImportSummary:
    """Write ``rows`` all or nothing; raise ImportRejected if any problem was found while reading."""
    _duplicates(rows, ctx)
    if ctx.problems:
        raise ImportRejected(ctx.problems)
    summary = ImportSummary(kind=kind, files=[str(p) for p in paths], dry_run=dry_run, rows_read=ctx.rows_read,
                            skipped=ctx.skipped, notes=list(ctx.notes))
    summary.indicators = sorted({r.indicator.slug for r in rows})
    hashes = [(p.name, file_sha256(p)) for p in paths]
    with transaction.atomic():
        periods = ensure_periods(r.period for r in rows)
        existing = {
            (o.indicator_id, o.area_id, o.period_id, o.sex, o.age, o.category_type, o.category): o
            for o in Observation.objects.filter(
                indicator_id__in={r.indicator.pk for r in rows},
                period_id__in={p.pk for p in periods.values()},
            )
        }
        batch = ImportBatch.objects.create(
            kind=kind,
            filename=", ".join(name for name, _ in hashes)[:300],
            sha256=hashes[0][1] if len(hashes) == 1 else hashlib.sha256(
                "\n".join(f"{n}:{h}" for n, h in hashes).encode()).hexdigest(),
            imported_at=timezone.now(),
            imported_by=actor_label(by)[1],
            rows_read=ctx.rows_read,
        )
        new, changed, touched = [], [], []
        for row in ctx.progress(rows, desc="Comparing"):
            area_id = ctx.areas.pk(row.area_code)
            key = (row.indicator.pk, area_id, periods[row.period.key].pk, row.sex, row.age,
                   row.category_type, row.category)
            obs = existing.get(key)
            if obs is None:
                new.append(Observation(
                    indicator=row.indicator, area_id=area_id, period=periods[row.period.key], sex=row.sex,
                    age=row.age, category_type=row.category_type, category=row.category, batch=batch,
                    **dict(zip(STORED_FIELDS, _wanted(row), strict=True)),
                ))
            else:
                touched.append(obs.pk)
                if _stored(obs) != _wanted(row):
                    for name, value in zip(STORED_FIELDS, _wanted(row), strict=True):
                        setattr(obs, name, value)
                    obs.batch = batch
                    changed.append(obs)
        for start in ctx.progress(range(0, len(new), WRITE_BATCH), desc="Writing"):
            Observation.objects.bulk_create(new[start:start + WRITE_BATCH])
        Observation.objects.bulk_update(changed, [*STORED_FIELDS, "batch"], batch_size=WRITE_BATCH)
        summary.created, summary.updated = len(new), len(changed)
        summary.unchanged = len(touched) - len(changed)
        batch.created, batch.updated, batch.unchanged = summary.created, summary.updated, summary.unchanged
        batch.notes = [f"{name} sha256 {digest}" for name, digest in hashes] + summary.lines()[1:]
        batch.save(update_fields=["created", "updated", "unchanged", "notes"])
        record(
            by=by,
            action=AuditAction.DATA_IMPORTED,
            object_type="import_batch",
            object_ref=str(batch.pk),
            reason=f"{kind} import",
            detail={
                "kind": kind, "files": [{"name": n, "sha256": h} for n, h in hashes],
                "created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged,
                "skipped": dict(ctx.skipped), "indicators": summary.indicators,
            },
        )
        summary.batch_id = batch.pk
        imported = set(touched) | set(Observation.objects.filter(batch=batch).values_list("pk", flat=True))
        if dry_run:
            transaction.set_rollback(True)
            summary.batch_id = None
    if not dry_run and rows:
        summary.recompute = after_import(sorted({r.indicator.pk for r in rows}))
        summary.disagreements = _disagreements(sorted(imported)) if summary.recompute else None
    return summary


def after_import(indicator_ids: list[int]) -> str:
    """Recompute values for the indicators just imported, if this build has the compute module.

    ``firstyear.indicators.compute`` (and the ``firstyear.stats`` it needs) may be absent while
    the project is assembled; then the import stands and ``firstyear recompute`` does it later.
    Returns the recompute summary, or "" when it could not run.
    """
    try:
        compute = importlib.import_module("firstyear.indicators.compute")
    except ImportError as exc:  # a firstyear module missing from this build, not a broken one
        if (exc.name or "").startswith("firstyear"):
            return ""
        raise
    recompute = getattr(compute, "recompute", None)
    return str(recompute(indicators=indicator_ids)) if recompute else ""


def _disagreements(observation_ids: list[int]) -> int:
    total = 0
    for start in range(0, len(observation_ids), 5000):
        chunk = observation_ids[start:start + 5000]
        total += ComputedValue.objects.filter(observation_id__in=chunk, disagrees_with_published=True).count()
    return total
