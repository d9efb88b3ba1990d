"""``firstyear reviews``: import case records, write the annual report, the import template, and
re-encrypt identifiers under a new key."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import CommandError

from firstyear.accounts.audit import AuditAction, record
from firstyear.areas.models import Area
from firstyear.indicators.importers.base import ImportRejected
from firstyear.web.commands import FirstyearCommand


def _actor(email: str | None):
    if not email:
        return None
    from firstyear.accounts.models import User

    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise CommandError(f"No account for {email}.")
    return user


class Command(FirstyearCommand):
    help = "Child death review register: import cases, write the annual report, the import template, rotate keys."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="import|report|template|rotate-key|codelists")
        imp = sub.add_parser("import", help="Import case records from CSV or XLSX (all or nothing).")
        imp.add_argument("file")
        imp.add_argument("--footprint", required=True, metavar="CODE")
        imp.add_argument("--by", metavar="EMAIL", help="Record the import as made by this user.")
        rep = sub.add_parser("report", help="Write the annual report for a footprint or region and year.")
        rep.add_argument("--footprint", required=True, metavar="CODE",
                         help="A CDOP footprint, or a region/England code for all footprints within it.")
        rep.add_argument("--year", required=True, help="Financial year, e.g. 2014/15.")
        rep.add_argument("--edition", choices=("public", "restricted"), default="public")
        rep.add_argument("--format", choices=("html", "pdf", "docx", "json"), default="html")
        rep.add_argument("--out", metavar="PATH", help="Write here (default: standard output for html/json).")
        rep.add_argument("--by", metavar="EMAIL")
        tpl = sub.add_parser("template", help="Write an empty import template.")
        tpl.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        tpl.add_argument("--out", required=True, metavar="PATH")
        rot = sub.add_parser("rotate-key", help="Re-encrypt every identifier under the first FIRSTYEAR_FIELD_KEY.")
        rot.add_argument("--by", metavar="EMAIL")
        codes = sub.add_parser("codelists", help="Show the code lists, or publish a new version from a JSON file.")
        codes.add_argument("action", choices=("show", "publish"))
        codes.add_argument("file", nargs="?", help='publish: {"note": ..., "definitions": {code: text}, '
                           '"new_factors": [{"code", "name", "domains", "definition"}]}')
        codes.add_argument("--by", metavar="EMAIL")

    def _codelists(self, *, action, file=None, by=None, **_):
        from firstyear.reviews.actions import CaseError, publish_code_lists
        from firstyear.reviews.models import CodeListVersion

        if action == "show":
            version = CodeListVersion.current()
            out = [f"Code lists version {version.number} ({version.published_at:%Y-%m-%d}, {version.published_by}): "
                   f"{version.note}", "", "Categories (highest first):"]
            out += [f"  {c.rank:>2} {c.code}: {c.name}" for c in version.categories.all()]
            out += ["", "Factors (level 2 = may have contributed):"]
            out += [f"  {f.code} ({f.domains}): {f.name}. {f.definition}" for f in version.factors.all()]
            self.stdout.write("\n".join(out))
            return
        if not file:
            raise CommandError("publish needs a JSON file.")
        spec = json.loads(Path(file).read_text())
        try:
            version = publish_code_lists(by=_actor(by), note=spec.get("note", ""), definitions=spec.get("definitions"),
                                         new_factors=spec.get("new_factors"),
                                         category_definitions=spec.get("category_definitions"))
        except CaseError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Published code lists version {version.number}.")

    def run(self, *args, subcommand, **options):
        return getattr(self, "_" + subcommand.replace("-", "_"))(**options)

    def _import(self, *, file, footprint, by=None, **_):
        from firstyear.reviews.actions import CaseError
        from firstyear.reviews.importer import import_cases

        path = Path(file)
        if not path.exists():
            raise CommandError(f"No such file: {file}")
        try:
            result = import_cases(by=_actor(by), path=path, footprint=footprint)
        except CaseError as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{result} ({result.seconds:.1f} s)")

    def _report(self, *, footprint, year, edition, format, out=None, by=None, **_):
        from firstyear.reports.render import document_bytes
        from firstyear.reviews import report

        scope = Area.objects.filter(code=footprint.strip().upper()).first()
        if scope is None:
            raise CommandError(f"No area with code {footprint!r}: give a CDOP footprint or a region code.")
        try:
            data = report.build(scope, year, edition)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if format == "json":
            body = (json.dumps(report.json_report(data), indent=2) + "\n").encode()
        else:
            body = document_bytes(report.document(data), format)
        record(by=_actor(by), action=AuditAction.REPORT_GENERATED, object_type="report",
               object_ref=f"{scope.code} {year}", area_code=scope.code,
               detail={"edition": edition, "format": format, "via": "command line"})
        if out:
            Path(out).write_bytes(body)
            self.stdout.write(f"Wrote the {edition} edition for {scope.name} {year} to {out} ({len(body):,} bytes).")
        elif format in ("pdf", "docx"):
            raise CommandError("PDF and DOCX need --out PATH.")
        else:
            sys.stdout.write(body.decode())

    def _template(self, *, format, out, **_):
        from firstyear.reviews.importer import template_bytes

        Path(out).write_bytes(template_bytes(format))
        self.stdout.write(f"Wrote the import template to {out}.")

    def _rotate_key(self, *, by=None, **_):
        from firstyear.reviews.actions import rotate_keys

        n = rotate_keys(by=_actor(by))
        self.stdout.write(f"Re-encrypted {n:,} records under the first key of FIRSTYEAR_FIELD_KEY.")
