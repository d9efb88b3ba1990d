"""The ``firstyear`` command: Django's management commands under friendlier names.

``firstyear init`` / ``demo`` / ``serve`` / ``import`` / ``values`` / ``users`` / ``areas`` ...
are ordinary management commands; this entry point only sets the settings module and maps
names that Python cannot use as module names (``import``).
"""

from __future__ import annotations

import os
import sys

ALIASES = {"import": "import_data"}

USAGE = """\
firstyear: infant mortality intelligence, child death review and action planning

Getting started:
  firstyear init            create or update the database in FIRSTYEAR_DATA_DIR
  firstyear demo            load the demonstration data (real public figures, some synthetic)
  firstyear serve           run the web application (PORT or --port, default 8000)

Data:
  firstyear import fingertips|ons|observations FILE...   import published or tidy data
  firstyear recompute       recompute every value, interval and comparison
  firstyear values --indicator ID --area CODE [--period P] --format json|csv
  firstyear areas ...       list areas, create groups (CDOP footprints, comparators)
  firstyear users add EMAIL --role ROLE --area CODE [--password-stdin]

Action plans:
  firstyear plans import FILE --locality CODE --title "..." [--dry-run]
  firstyear plans import-recommendations FILE --source "..." --level regional|locality [--area CODE]
  firstyear plans export --locality CODE --format json|xlsx|docx [--out FILE]
  firstyear plans board-paper --locality CODE --board hwb|safeguarding|cdop --period P --format docx|pdf|html --out FILE

Child death reviews:
  firstyear reviews import FILE --footprint CODE          import case records (CSV/XLSX, all or nothing)
  firstyear reviews report --footprint CODE --year 2014/15 --edition public|restricted --format html|pdf|docx|json --out PATH
  firstyear reviews template --format csv|xlsx --out PATH   the import template
  firstyear reviews rotate-key                              re-encrypt identifiers under a new key
  firstyear audit list --footprint CODE --format json|csv   the footprint's audit log

Run `firstyear help COMMAND` for a command's options, `firstyear help --commands` for all.
"""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firstyear.web.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(USAGE)
        return
    argv[0] = "firstyear"
    if argv[1] == "help" and len(argv) > 2 and argv[2] in ALIASES:
        argv[2] = ALIASES[argv[2]]
    argv[1] = ALIASES.get(argv[1], argv[1])

    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"firstyear: configuration problem: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
