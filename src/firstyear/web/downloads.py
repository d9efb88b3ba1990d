"""Tables as CSV and XLSX downloads: one function for every table the site shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _safe_cell(value):
    """Stop spreadsheet formula injection from text that starts like a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def table_bytes(columns: Sequence[str], rows: Iterable[Sequence], fmt: str, *, title: str = "", source: str = "") -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else _safe_cell(v) for v in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = (title or "Data")[:31].replace("/", "-")
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_safe_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for idx, name in enumerate(columns, start=1):
            ws.column_dimensions[ws.cell(1, idx).column_letter].width = max(10, min(60, len(str(name)) + 4))
        if source:
            notes = wb.create_sheet("About")
            notes.append(["Source", source])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    raise Http404(f"No {fmt} download")


def table_response(columns, rows, *, filename: str, fmt: str, title: str = "", source: str = "") -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(f"No {fmt} download")
    response = HttpResponse(table_bytes(columns, rows, fmt, title=title, source=source), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
