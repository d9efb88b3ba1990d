"""``firstyear plans``: import and export action plans, import recommendations, write board papers."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError

from firstyear.areas.models import Area
from firstyear.plans.constants import Board, Level
from firstyear.web.commands import FirstyearCommand


def _area(code: str) -> Area:
    area = Area.objects.filter(code=code.strip().upper()).first()
    if area is None:
        raise CommandError(f"No area with code {code!r}: see `firstyear areas list`.")
    return area


class Command(FirstyearCommand):
    help = "Action plans: import, export, recommendations, board papers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a plan from a Word, Excel, CSV or Markdown table.")
        imp.add_argument("file")
        imp.add_argument("--locality", required=True, help="GSS code (or footprint code) of the plan's owner.")
        imp.add_argument("--title", required=True)
        imp.add_argument("--version", default="", help='The plan\'s own version, e.g. "v3 (5 February 2020)".')
        imp.add_argument("--boards", default="", help="Governing boards, e.g. 'Health and Wellbeing Board; LSCB'.")
        imp.add_argument("--dry-run", action="store_true", help="Show what would be created; write nothing.")
        imp.add_argument("--verbose", action="store_true", help="List every priority, objective and action.")

        rec = sub.add_parser("import-recommendations", help="Import a review's recommendations from a table.")
        rec.add_argument("file")
        rec.add_argument("--source", required=True, help='e.g. "North West sector-led improvement review 2016".')
        rec.add_argument("--level", required=True, choices=[c for c, _ in Level.choices])
        rec.add_argument("--area", default="E92000001",
                         help="Where the source applies, e.g. E12000002 for a North West review (default England).")
        rec.add_argument("--dry-run", action="store_true")

        exp = sub.add_parser("export", help="Export a locality's plans.")
        exp.add_argument("--locality", required=True)
        exp.add_argument("--format", required=True, choices=["json", "xlsx", "docx"])
        exp.add_argument("--out", help="File to write (default: standard output for JSON).")

        paper = sub.add_parser("board-paper", help="Write a board paper for a locality.")
        paper.add_argument("--locality", required=True)
        paper.add_argument("--board", required=True, choices=[c for c, _ in Board.choices])
        paper.add_argument("--period", required=True, help="2016/17 (financial year), 2017 or 2017-Q3.")
        paper.add_argument("--format", required=True, choices=["docx", "pdf", "html"])
        paper.add_argument("--out", required=True)

        lst = sub.add_parser("list", help="List plans.")
        lst.add_argument("--locality", default="")

    def run(self, *args, action, **options):
        from firstyear.plans.actions import PlanActionError

        try:
            getattr(self, "do_" + action.replace("-", "_"))(**options)
        except PlanActionError as exc:
            raise CommandError(str(exc)) from None

    # -- import ----------------------------------------------------------------------------------
    def do_import(self, file, locality, title, version, boards, dry_run, verbose, **_):
        from firstyear.plans.actions import import_plan
        from firstyear.plans.importers import parse_plan_file

        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file {file}.")
        owner = _area(locality)
        parsed = parse_plan_file(path)
        if parsed.problems:
            for p in parsed.problems:
                self.stderr.write(f"  {p}")
            raise CommandError(f"{len(parsed.problems)} problem(s) in {path.name}: nothing was imported.")
        counts = parsed.counts()
        self.stdout.write(f"{path.name}: {counts['priorities']} priorities, {counts['objectives']} objectives, "
                          f"{counts['actions']} actions from {parsed.rows_read} rows.")
        if verbose:
            for p in parsed.priorities:
                self.stdout.write(f"  {p.ref} {p.title}".rstrip())
                for o in p.objectives:
                    self.stdout.write(f"    {o.ref} {o.title[:70]} ({len(o.actions)} actions)".replace("  (", " ("))
        for note in parsed.notes:
            self.stdout.write(f"  note: {note}")
        for cell in parsed.unplaced:
            self.stdout.write(f"  not placed (kept in the plan's import notes): {cell}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        plan = import_plan(by=None, parsed=parsed, owner=owner, title=title, version_label=version, boards=boards)
        self.stdout.write(self.style.SUCCESS(f"Created plan {plan.pk}: {plan.title} ({owner.name})."))

    def do_import_recommendations(self, file, source, level, area, dry_run, **_):
        from django.db import transaction

        from firstyear.plans.actions import ensure_source, import_recommendations
        from firstyear.plans.importers.recommendations import parse_recommendations_bytes

        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file {file}.")
        scope = _area(area)
        parsed = parse_recommendations_bytes(path.read_bytes(), path.name)
        if parsed.problems:
            for p in parsed.problems:
                self.stderr.write(f"  {p}")
            raise CommandError(f"{len(parsed.problems)} problem(s) in {path.name}: nothing was imported.")
        for note in parsed.notes:
            self.stdout.write(f"  note: {note}")
        for cell in parsed.unplaced:
            self.stdout.write(f"  not placed: {cell}")
        with transaction.atomic():
            src = ensure_source(by=None, title=source, area=scope)
            counts = import_recommendations(by=None, parsed=parsed, source=src, level=level)
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {len(parsed.items)} {level} recommendations into {source!r}: {counts['created']} new, "
            f"{counts['changed']} changed, {counts['unchanged']} unchanged."))

    # -- export ----------------------------------------------------------------------------------
    def do_export(self, locality, format, out, **_):
        from firstyear.plans.export import export_bytes
        from firstyear.plans.models import Plan

        owner = _area(locality)
        plans = list(Plan.objects.filter(owner=owner).order_by("title"))
        if not plans:
            raise CommandError(f"{owner.name} has no plans.")
        data = export_bytes(plans, format)
        if out:
            Path(out).write_bytes(data)
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(plans)} plan(s) to {out}."))
        elif format == "json":
            sys.stdout.write(data.decode("utf-8") + "\n")
        else:
            raise CommandError(f"--out is needed for {format}.")

    def do_board_paper(self, locality, board, period, format, out, **_):
        from firstyear.plans.actions import record_board_paper_generated
        from firstyear.plans.boardpaper import build_board_paper
        from firstyear.reports.render import document_bytes

        area = _area(locality)
        try:
            doc = build_board_paper(area, board, period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        Path(out).write_bytes(document_bytes(doc, format))
        record_board_paper_generated(by=None, area=area, board=board, period=period, fmt=format)
        self.stdout.write(self.style.SUCCESS(f"Wrote {doc.title} ({area.name}, {Board(board).label}) to {out}."))

    def do_list(self, locality, **_):
        from firstyear.plans.models import Plan

        plans = Plan.objects.select_related("owner").order_by("owner__name", "title")
        if locality:
            plans = plans.filter(owner=_area(locality))
        for p in plans:
            self.stdout.write(f"{p.pk:>5}  {p.owner.code:<12} {p.title} ({p.actions.count()} actions)")
