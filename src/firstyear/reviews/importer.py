"""Import existing case records from CSV or XLSX: one row per case, all or nothing.

Columns (header names exact, any case) are those of docs/child-death-review.md; every problem is
reported as file, row, column, value and reason (the same ``ImportProblem`` the indicator
importers use), and nothing is written unless the whole file is clean.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from firstyear.accounts.audit import AuditAction, actor_label, record
from firstyear.areas.models import Area
from firstyear.indicators.importers.base import ImportProblem, ImportRejected, file_sha256
from firstyear.reviews import crypto
from firstyear.reviews.actions import CaseDetails, _footprint, build_case, check_details
from firstyear.reviews.codelists import category_by_precedence, derive_modifiable
from firstyear.reviews.models import (
    Carer,
    Case,
    CodeListVersion,
    DetailsStatus,
    Modifiable,
    State,
    Transition,
)
from firstyear.reviews.scope import residence_codes
from firstyear.reviews.validation import financial_year

REQUIRED = ("case_ref", "date_of_birth", "date_of_death", "sex", "ethnic_group", "residence_la_code", "expected",
            "notified_on")
OPTIONAL = ("nhs_number", "nhs_number_missing_reason", "lsoa_code", "gestation_weeks", "birthweight_g",
            "maternal_age", "place_of_death", "panel_reviewed_on", "category", "modifiable",
            # firstyear extensions (docs/child-death-review.md): closure, identifiers, panel's flag
            "closed_on", "jar_started_on", "partner_details", "given_name", "family_name", "address", "postcode")
BATCH = 2000


def template_columns(version: CodeListVersion | None = None) -> list[str]:
    version = version or CodeListVersion.current()
    return [*REQUIRED, *OPTIONAL, *(f"factor_{c}" for c in version.factors.values_list("code", flat=True))]


@dataclass
class ImportResult:
    footprint: str
    file: str
    created: int
    closed: int
    reviewed: int
    seconds: float = 0.0

    def __str__(self) -> str:
        return (f"Imported {self.created:,} cases into {self.footprint} from {self.file} "
                f"({self.reviewed:,} reviewed by the panel, {self.closed:,} closed).")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book["cases"] if "cases" in book.sheetnames else book.worksheets[0]
            return [(n, [_cell(v) for v in values]) for n, values in enumerate(sheet.iter_rows(values_only=True), 1)]
        finally:
            book.close()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        return [(reader.line_num, cells) for cells in reader]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class _Row:
    def __init__(self, get, name, line_no, problems):
        self.get, self.name, self.line_no, self.problems = get, name, line_no, problems

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(ImportProblem(self.name, self.line_no, column, self.get.get(column, ""), reason))

    def date(self, column: str, required: bool) -> dt.date | None:
        text = self.get.get(column, "")
        if not text:
            if required:
                self.problem(column, "required")
            return None
        try:
            return _date(text)
        except ValueError:
            self.problem(column, "not a date: write it as YYYY-MM-DD")
            return None

    def integer(self, column: str) -> int | None:
        text = self.get.get(column, "")
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            self.problem(column, "not a whole number")
            return None


def read_cases(path: Path, footprint: Area, *, today: dt.date) -> tuple[list[tuple[CaseDetails, dict]], list[ImportProblem]]:
    """Check every row; return (rows, problems). Rows carry their review fields in a dict."""
    name = path.name
    problems: list[ImportProblem] = []
    try:
        lines = _lines(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        return [], [ImportProblem(name, None, "", "", f"cannot read this file: {exc}")]
    lines = [(n, c) for n, c in lines if any(x.strip() for x in c)]
    if not lines:
        return [], [ImportProblem(name, None, "", "", "the file is empty")]
    header_no, header = lines[0]
    header = [h.strip().lower() for h in header]
    version = CodeListVersion.current()
    factor_codes = list(version.factors.values_list("code", flat=True))
    known = set(REQUIRED) | set(OPTIONAL) | {f"factor_{c}" for c in factor_codes}
    for column in REQUIRED:
        if column not in header:
            problems.append(ImportProblem(name, header_no, column, "", "required column missing"))
    for column in header:
        if column and column not in known:
            reason = ("not a factor in the current code lists" if column.startswith("factor_")
                      else "unknown column (download the template for the column names)")
            problems.append(ImportProblem(name, header_no, column, "", reason))
    seen_columns = set()
    for column in header:
        if column in seen_columns:
            problems.append(ImportProblem(name, header_no, column, "", "column appears twice"))
        seen_columns.add(column)
    if problems:
        return [], problems
    index = {c: i for i, c in enumerate(header)}
    allowed = residence_codes(footprint)
    ranks = dict(version.categories.values_list("code", "rank"))
    existing_refs = set(Case.objects.filter(footprint=footprint).values_list("case_ref", flat=True))
    existing_nhs = set(Case.objects.filter(footprint=footprint).exclude(nhs_number_index="")
                       .values_list("nhs_number_index", flat=True))
    refs_in_file: dict[str, int] = {}
    nhs_in_file: dict[str, int] = {}
    rows = []
    for line_no, cells in lines[1:]:
        get = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        row = _Row(get, name, line_no, problems)
        before = len(problems)
        d = CaseDetails(
            case_ref=get["case_ref"], date_of_birth=row.date("date_of_birth", True),
            date_of_death=row.date("date_of_death", True), sex=get["sex"].lower(),
            ethnic_group=get["ethnic_group"].lower(), residence_la_code=get["residence_la_code"].upper(),
            expected=get["expected"].lower(), notified_on=row.date("notified_on", True),
            place_of_death=get.get("place_of_death", "").lower() or "unknown",
            nhs_number=get.get("nhs_number", ""), nhs_number_missing_reason=get.get("nhs_number_missing_reason", "").lower(),
            given_name=get.get("given_name", ""), family_name=get.get("family_name", ""),
            address=get.get("address", ""), postcode=get.get("postcode", ""), lsoa_code=get.get("lsoa_code", ""),
            gestation_weeks=row.integer("gestation_weeks"), birthweight_g=row.integer("birthweight_g"),
            maternal_age=row.integer("maternal_age"),
        )
        failed_dates = {p.column for p in problems[before:]}
        for column, reason in check_details(d, allowed_residence=allowed, today=today).items():
            if column not in failed_dates:
                row.problem(column, reason)
        ref = d.case_ref.strip()
        if ref in existing_refs:
            row.problem("case_ref", "this footprint already has a case with this reference")
        elif ref and ref in refs_in_file:
            row.problem("case_ref", f"the same reference as row {refs_in_file[ref]}")
        refs_in_file.setdefault(ref, line_no)
        if d.nhs_number and not any(p.column == "nhs_number" for p in problems[before:]):
            index_value = crypto.blind_index(d.nhs_number)
            if index_value in existing_nhs:
                row.problem("nhs_number", "a case with this NHS number is already on this footprint's register")
            elif index_value in nhs_in_file:
                row.problem("nhs_number", f"the same NHS number as row {nhs_in_file[index_value]}")
            nhs_in_file.setdefault(index_value, line_no)
        review = _review(row, get, d, ranks, factor_codes)
        if len(problems) == before:
            rows.append((d, review))
    return rows, problems


def _review(row: _Row, get: dict, d: CaseDetails, ranks: dict, factor_codes: list[str]) -> dict:
    reviewed_on = row.date("panel_reviewed_on", False)
    closed_on = row.date("closed_on", False)
    levels = {}
    for code in factor_codes:
        text = get.get(f"factor_{code}", "")
        if text == "":
            continue
        if text not in ("0", "1", "2"):
            row.problem(f"factor_{code}", "the level is 0, 1 or 2, or blank")
        else:
            levels[code] = int(text)
    category = get.get("category", "").lower()
    if category and category not in ranks:
        row.problem("category", "use one of " + ", ".join(ranks))
        category = ""
    elif category:
        category = category_by_precedence([category], ranks)
    jar = row.date("jar_started_on", False)
    partner = get.get("partner_details", "").lower()
    if partner and partner not in DetailsStatus.values:
        row.problem("partner_details", "use one of " + ", ".join(DetailsStatus.values))
    if jar and d.expected != "unexpected":
        row.problem("jar_started_on", "a joint agency response is for unexpected deaths")
    extra = {"jar_started_on": jar, "partner_details": partner}
    supplied = get.get("modifiable", "").lower()
    if supplied and supplied not in Modifiable.values:
        row.problem("modifiable", "use one of " + ", ".join(Modifiable.values))
        supplied = ""
    if reviewed_on is None:
        if closed_on:
            row.problem("closed_on", "a case is closed only after the panel has reviewed it")
        for column in ("category", "modifiable", *(f"factor_{c}" for c in levels)):
            if get.get(column):
                row.problem(column, "give panel_reviewed_on for a reviewed case (leave blank while open)")
        return extra
    if d.notified_on and reviewed_on < d.notified_on:
        row.problem("panel_reviewed_on", "the panel review cannot be before the notification")
    if reviewed_on > timezone.localdate():
        row.problem("panel_reviewed_on", "cannot be in the future")
    if closed_on and closed_on < reviewed_on:
        row.problem("closed_on", "the case cannot close before the panel reviewed it")
    if not category:
        if not get.get("category"):
            row.problem("category", "required once the case is reviewed")
    insufficient = supplied == Modifiable.INSUFFICIENT
    derived = derive_modifiable(levels.values(), insufficient)
    if supplied and supplied != derived:
        reason = ("a factor is scored 2, so modifiable factors are identified" if derived == "identified"
                  else "no factor is scored 2, so it cannot be 'identified'")
        row.problem("modifiable", f"disagrees with the factor levels: {reason}")
    return {**extra, "reviewed_on": reviewed_on, "closed_on": closed_on, "category": category, "levels": levels,
            "insufficient": insufficient, "modifiable": derived}


def import_cases(*, by, path: Path | str, footprint: Area | str, today: dt.date | None = None,
                 synthetic: bool = False) -> ImportResult:
    """Read and check ``path``; write every case or none (raises ImportRejected with every problem)."""
    import time

    started = time.perf_counter()
    path = Path(path)
    footprint = _footprint(footprint)
    today = today or timezone.localdate()
    rows, problems = read_cases(path, footprint, today=today)
    if problems:
        raise ImportRejected(problems)
    now = timezone.now()
    version = CodeListVersion.current()
    categories = {c.code: c for c in version.categories.all()}
    residence_ids = dict(Area.objects.filter(code__in={d.residence_la_code for d, _ in rows})
                         .values_list("code", "pk"))
    actor_id, actor = actor_label(by)
    reviewed = closed = 0
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            cases = []
            for d, review in chunk:
                case = build_case(d, footprint=footprint, residence_ids=residence_ids, now=now, synthetic=synthetic)
                case.jar_started_on = review.get("jar_started_on")
                if case.jar_started_on:
                    case.jar_lead = "joint"
                if review.get("reviewed_on"):
                    died = d.date_of_death
                    case.codelist_version = version
                    case.category = categories.get(review["category"])
                    case.categories_considered = [review["category"]]
                    case.factor_levels = review["levels"]
                    case.insufficient_information = review["insufficient"]
                    case.modifiable = review["modifiable"]
                    case.panel_reviewed_on = review["reviewed_on"]
                    case.days_to_review = (review["reviewed_on"] - died).days
                    case.state = State.PANEL_REVIEWED
                    if review["closed_on"]:
                        case.state = State.CLOSED
                        case.closed_on = review["closed_on"]
                        case.closed_fy = financial_year(review["closed_on"])
                        case.days_to_closure = (review["closed_on"] - died).days
                cases.append(case)
            columns = tuple(f.attname for f in Case._meta.concrete_fields if not f.primary_key)
            _insert_many(Case, columns, [tuple(getattr(c, name) for name in columns) for c in cases])
            pks = dict(Case.objects.filter(footprint=footprint, case_ref__in=[c.case_ref for c in cases])
                       .values_list("case_ref", "pk"))
            for c in cases:
                c.pk = c.id = pks[c.case_ref]
            transitions = []  # (case_id, from_state, to_state, on, recorded_at, actor_id, actor)
            for case in cases:
                steps = [("", State.NOTIFIED, case.notified_on)]
                if case.panel_reviewed_on:
                    steps.append((State.NOTIFIED, State.PANEL_REVIEWED, case.panel_reviewed_on))
                    reviewed += 1
                if case.closed_on:
                    steps.append((State.PANEL_REVIEWED, State.CLOSED, case.closed_on))
                    closed += 1
                transitions += [(case.pk, a, b, on, now, actor_id, actor) for a, b, on in steps]
            _insert_many(Transition, ("case_id", "from_state", "to_state", "on", "recorded_at", "actor_id", "actor"),
                         transitions)
            _insert_many(Carer, ("case_id", "relationship", "details_status", "lives_with_child", "identifiers",
                                 "ethnic_group"),
                         [(case.pk, "mothers_partner", review["partner_details"], "unknown", "", "")
                          for case, (_, review) in zip(cases, chunk, strict=True) if review.get("partner_details")])
        record(by=by, action=AuditAction.CASES_IMPORTED, object_type="case_import", object_ref=path.name[:120],
               area_code=footprint.code, reason="case records imported",
               detail={"file": path.name, "sha256": file_sha256(path), "cases": len(rows), "reviewed": reviewed,
                       "closed": closed, "codelist_version": version.number})
    return ImportResult(footprint=footprint.code, file=path.name, created=len(rows), closed=closed,
                        reviewed=reviewed, seconds=time.perf_counter() - started)


def _insert_many(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain parameterised INSERTs (cases, transitions, carers): the ORM's per-object preparation
    costs more than the insert itself at 50,000 cases. Column names come from the
    model, values are parameters; nothing is formatted into the SQL."""
    if not rows:
        return
    from django.db import connection

    meta = model._meta
    adapt = [meta.get_field(f) for f in fields]  # get_field knows attnames such as case_id
    columns = [field.column for field in adapt]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(meta.db_table), ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)))
    from django.db import models

    def adapter(field):
        if isinstance(field, models.JSONField):
            return lambda value, field=field: field.get_db_prep_save(value, connection)
        if isinstance(field, models.DateTimeField):
            return connection.ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return connection.ops.adapt_datefield_value
        return None

    adapters = [adapter(f) for f in adapt]
    prepared = [tuple(value if fn is None or value is None else fn(value) for fn, value in zip(adapters, row, strict=True))
                for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), BATCH):
            cursor.executemany(sql, prepared[start:start + BATCH])


def template_bytes(fmt: str) -> bytes:
    """An empty import template (header row; XLSX adds a sheet describing each column)."""
    columns = template_columns()
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(columns)
        return ("\ufeff" + out.getvalue()).encode()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from firstyear.reviews.models import EthnicGroup, Expected, NhsMissingReason, PlaceOfDeath, Sex

    book = Workbook()
    sheet = book.active
    sheet.title = "cases"
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    about = book.create_sheet("columns")
    about.append(["column", "required", "rule"])
    rules = {
        "case_ref": "unique within the footprint", "date_of_birth": "YYYY-MM-DD", "date_of_death":
        "YYYY-MM-DD, not before birth, not in the future", "notified_on": "YYYY-MM-DD",
        "sex": ", ".join(Sex.values), "ethnic_group": ", ".join(EthnicGroup.values),
        "residence_la_code": "GSS code of a local authority of the footprint", "expected": ", ".join(Expected.values),
        "nhs_number": "10 digits passing the Modulus 11 check; blank only with nhs_number_missing_reason",
        "nhs_number_missing_reason": ", ".join(NhsMissingReason.values), "lsoa_code": "2011 LSOA code (E01...)",
        "gestation_weeks": "22-45", "birthweight_g": "200-6500", "maternal_age": "11-60",
        "place_of_death": ", ".join(PlaceOfDeath.values), "panel_reviewed_on": "YYYY-MM-DD; blank while open",
        "category": "one category code, required once reviewed", "modifiable":
        "optional; must agree with the factor levels: " + ", ".join(Modifiable.values),
        "closed_on": "YYYY-MM-DD; after panel_reviewed_on",
        "jar_started_on": "YYYY-MM-DD; unexpected deaths only", "partner_details":
        "the mother's partner: " + ", ".join(DetailsStatus.values),
    }
    for column in columns:
        rule = rules.get(column, "0, 1, 2 or blank" if column.startswith("factor_") else "")
        about.append([column, "yes" if column in REQUIRED else "", rule])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
