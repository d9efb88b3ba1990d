"""``firstyear areas``: list and show areas, create groups (CDOP footprints, comparators)."""

from __future__ import annotations

import csv
import json
import sys

from django.core.management.base import CommandError

from firstyear.areas.actions import AreaActionError, add_group_members, create_group
from firstyear.areas.models import GROUP_KINDS, Area, AreaKind
from firstyear.web.commands import FirstyearCommand

LIST_COLUMNS = ("code", "name", "kind", "parent", "valid_from", "valid_to")


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def _table(rows: list[dict], columns: tuple[str, ...]) -> str:
    widths = {c: max([len(c)] + [len(str(r[c])) for r in rows]) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in columns).rstrip() for r in rows]
    return "\n".join(lines)


class Command(FirstyearCommand):
    help = "List and show areas; create CDOP footprints, comparator and other groups."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="list|show|group")
        lister = sub.add_parser("list", help="List areas.")
        lister.add_argument("--kind", choices=AreaKind.values, help="Only areas of this kind.")
        lister.add_argument("--parent", metavar="CODE", help="Only the direct children of this area.")
        lister.add_argument("--historic", action="store_true", help="Include areas that no longer exist.")
        lister.add_argument("--format", choices=("table", "csv", "json"), default="table")
        show = sub.add_parser("show", help="Show one area: parents, children, history, groups.")
        show.add_argument("code")
        group = sub.add_parser("group", help="Create a group or add members to one.")
        group_sub = group.add_subparsers(dest="group_action", required=True, metavar="create|add-members")
        create = group_sub.add_parser("create", help="Create a group of areas.")
        create.add_argument("code", help="Short upper-case code, e.g. CDOP-PANLANCS.")
        create.add_argument("--name", required=True)
        create.add_argument("--kind", required=True, choices=sorted(str(k) for k in GROUP_KINDS))
        create.add_argument("--members", required=True, metavar="GSS,GSS,...")
        create.add_argument("--description", default="")
        create.add_argument("--by", metavar="EMAIL", help="Record the change as made by this user.")
        add = group_sub.add_parser("add-members", help="Add members to a group.")
        add.add_argument("code")
        add.add_argument("--members", required=True, metavar="GSS,GSS,...")
        add.add_argument("--by", metavar="EMAIL", help="Record the change as made by this user.")

    def run(self, *args, subcommand, **options):
        if subcommand == "list":
            return self._list(**options)
        if subcommand == "show":
            return self._show(options["code"])
        return self._group(**options)

    def _list(self, *, kind, parent, historic, format, **_):
        qs = Area.objects.select_related("parent").order_by("kind", "name", "code")
        if kind:
            qs = qs.filter(kind=kind)
        if parent:
            if not Area.objects.filter(code=parent.upper()).exists():
                raise CommandError(f"No area with code {parent.upper()!r}.")
            qs = qs.filter(parent__code=parent.upper())
        if not historic:
            qs = qs.filter(valid_to__isnull=True)
        rows = [
            {
                "code": a.code, "name": a.name, "kind": a.kind, "parent": a.parent.code if a.parent else "",
                "valid_from": a.valid_from.isoformat() if a.valid_from else "",
                "valid_to": a.valid_to.isoformat() if a.valid_to else "",
            }
            for a in qs
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
        elif format == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=LIST_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            self.stdout.write(_table(rows, LIST_COLUMNS) if rows else "No areas match.")

    def _show(self, code: str):
        area = Area.objects.filter(code=code.upper()).select_related("parent").first()
        if area is None:
            raise CommandError(f"No area with code {code.upper()!r}. Try `firstyear areas list`.")
        out = [f"{area.name} ({area.code})", f"  kind:      {area.get_kind_display()}"]
        if area.ancestors():
            out.append("  within:    " + " > ".join(f"{a.name} ({a.code})" for a in area.ancestors()))
        if area.valid_from or area.valid_to:
            out.append(f"  valid:     {area.valid_from or '...'} to {area.valid_to or 'now'}")
        if area.description:
            out.append(f"  about:     {area.description}")
        children = list(area.children.order_by("name"))
        if children:
            out.append(f"  contains:  {len(children)}: " + ", ".join(f"{c.name} ({c.code})" for c in children))
        for s in area.successions.select_related("successor"):
            out.append(f"  became:    {s.successor.name} ({s.successor.code}) on {s.effective_on}, {s.kind}")
        for s in area.predecessions.select_related("predecessor"):
            out.append(f"  replaced:  {s.predecessor.name} ({s.predecessor.code}) on {s.effective_on}, {s.kind}")
        members = list(area.members.order_by("name"))
        if members:
            out.append(f"  members:   {len(members)}: " + ", ".join(f"{m.name} ({m.code})" for m in members))
        groups = list(area.groups.order_by("name"))
        if groups:
            out.append("  in groups: " + ", ".join(f"{g.name} ({g.code})" for g in groups))
        self.stdout.write("\n".join(out))

    def _group(self, *, group_action, code, members, by=None, **options):
        actor = self._actor(by)
        try:
            if group_action == "create":
                group = create_group(
                    by=actor, code=code, name=options["name"], kind=options["kind"],
                    members=_codes(members), description=options["description"],
                )
                self.stdout.write(self.style.SUCCESS(
                    f"Created {group.name} ({group.code}) with {group.members.count()} members."
                ))
            else:
                added = add_group_members(by=actor, code=code, members=_codes(members))
                self.stdout.write(self.style.SUCCESS(
                    f"Added {len(added)} member(s) to {code.upper()}" + (f": {', '.join(added)}." if added else ".")
                ))
        except AreaActionError as exc:
            raise CommandError(str(exc)) from None

    @staticmethod
    def _actor(email: str | None):
        if not email:
            return None
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}.")
        return user


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Run as `firstyear areas ...`.")
