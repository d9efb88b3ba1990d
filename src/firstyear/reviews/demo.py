"""Synthetic demonstration cases: North West infant death reviews whose marginal figures match
the 2016 North West review for 2014/15, plus a smaller 2013/14 set and a few open cases for the timeliness screens.

Everything here is invented (``synthetic=True`` on every case, shown on every page): names from a
short made-up list, NHS numbers from the 999 range that the NHS never issues, made-up addresses.
Residence LSOAs are real 2011 LSOAs of the authority, chosen for their IoD2019 quintile.
The cases go through the ordinary importer (and the actions, for open cases), so the demo
exercises the same code as real use.

The 2016 North West review for 2014/15 (328 reviewed infant deaths): 37% BME, 63% under 2,500 g, 43% of mothers in
the most deprived quintile, 27% with a modifiable factor, of which 62% safeguarding, 59% smoking,
33% drugs or alcohol, 23% co-sleeping. The counts below give exactly those percentages when rounded
(half up): 121, 207, 141 and 90 of 328; 56, 53, 30 and 21 of 90. (89 cannot give both 59% and 23%.)
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

from django.db import transaction

from firstyear.areas.models import Area
from firstyear.reviews.codelists import FACTORS
from firstyear.reviews.deprivation import lsoas_by_district
from firstyear.reviews.importer import import_cases, template_columns
from firstyear.reviews.models import Case
from firstyear.reviews.validation import with_check_digit

YEAR = "2014/15"
TOTAL = 328
TARGETS = {"bme": 121, "low_birthweight": 207, "quintile_1": 141, "modifiable": 90,
           "safeguarding": 56, "smoking": 53, "drugs_alcohol": 30, "co_sleeping": 21}
# Reviews per footprint, roughly in proportion to births (ONS 2014); they add up to 328.
SPREAD = {"CDOP-GM": 140, "CDOP-PANLANCS": 70, "CDOP-MERSEYSIDE": 60, "CDOP-CHESHIRE": 40, "CDOP-CUMBRIA": 18}
# Residence in 2014/15 geography: Cumbria was one county council until 2023.
RESIDENCE_2014 = {"CDOP-CUMBRIA": ["E10000006"]}
PREFIX = {"CDOP-GM": "GM", "CDOP-PANLANCS": "PL", "CDOP-MERSEYSIDE": "MS", "CDOP-CHESHIRE": "CH", "CDOP-CUMBRIA": "CU"}

GIVEN = ["Alex", "Sam", "Jordan", "Riley", "Charlie", "Robin", "Frankie", "Jamie", "Avery", "Rowan", "Sky", "Ellis"]
FAMILY = ["Example", "Sample", "Testcase", "Demo", "Placeholder", "Madeup", "Fictional", "Notreal"]
CATEGORY_WEIGHTS = [("perinatal", 40), ("congenital", 27), ("sudi", 9), ("infection", 7), ("acute_medical", 5),
                    ("chronic_medical", 3), ("trauma", 4), ("deliberately_inflicted", 3), ("malignancy", 1),
                    ("suicide", 0)]
OTHER_FACTORS = ["domestic_abuse", "parental_mental_health", "consanguinity", "maternal_obesity", "late_booking",
                 "housing", "service_provision"]


def _flags(rng: random.Random, n: int, k: int) -> list[bool]:
    flags = [True] * k + [False] * (n - k)
    rng.shuffle(flags)
    return flags


def _nhs_number(serial: int) -> str:
    n = serial
    while True:
        number = with_check_digit(f"999{n:06d}")
        if number:
            return number
        n += 1_000_000 // 7  # skip to another nine-digit stem; 999 numbers are never issued


def _residence_lsoas(la_codes: list[str]) -> dict[int, list[tuple[str, str]]]:
    """{quintile: [(la code, lsoa), ...]} for these authorities (a county through its districts)."""
    by_district = lsoas_by_district()
    out: dict[int, list[tuple[str, str]]] = {q: [] for q in range(1, 6)}
    for code in la_codes:
        area = Area.objects.get(code=code)
        districts = [code] if code in by_district else list(area.children.values_list("code", flat=True))
        for district in districts:
            for lsoa, q in by_district.get(district, []):
                out[q].append((code, lsoa))
    return out


def build_rows(year: str = YEAR, *, seed: int = 2015, exact: bool = True, total: int = TOTAL) -> list[dict]:
    """The demo rows for one year, as import-file dictionaries (footprint code in ``_footprint``)."""
    rng = random.Random(seed)
    start = int(year[:4])
    fy_start, fy_end = dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
    spread = SPREAD if total == TOTAL else {k: round(v * total / TOTAL) for k, v in SPREAD.items()}
    n = sum(spread.values())
    t = TARGETS if exact else {k: max(0, round(v * n / TOTAL * rng.uniform(0.8, 1.2))) for k, v in TARGETS.items()}
    bme = _flags(rng, n, t["bme"])
    lbw = _flags(rng, n, t["low_birthweight"])
    q1 = _flags(rng, n, t["quintile_1"])
    modifiable = _flags(rng, n, t["modifiable"])
    mod_index = [i for i, m in enumerate(modifiable) if m]
    per_group = {g: set(rng.sample(mod_index, min(t[g], len(mod_index))))
                 for g in ("safeguarding", "smoking", "drugs_alcohol", "co_sleeping")}
    n_bme = sum(bme)
    bme_groups = (["mixed"] * round(n_bme * 25 / 121) + ["black"] * round(n_bme * 22 / 121)
                  + ["other"] * round(n_bme * 19 / 121))
    bme_groups += ["asian"] * (n_bme - len(bme_groups))
    rng.shuffle(bme_groups)
    white_groups = ["not_stated"] * 7 + ["white"] * (n - n_bme - 7)
    rng.shuffle(white_groups)
    insufficient = set(rng.sample([i for i, m in enumerate(modifiable) if not m], 5))
    footprint_of = [fp for fp, k in spread.items() for _ in range(k)]
    rng.shuffle(footprint_of)
    lsoa_pools: dict[str, dict] = {}
    rows = []
    factor_codes = [c for c, *_ in FACTORS]
    for i in range(n):
        fp = footprint_of[i]
        if fp not in lsoa_pools:
            members = RESIDENCE_2014.get(fp) or list(Area.objects.get(code=fp).members.values_list("code", flat=True))
            lsoa_pools[fp] = _residence_lsoas(members)
        quintile = 1 if q1[i] else rng.choice([2, 2, 2, 3, 3, 4, 4, 5])
        pool = lsoa_pools[fp][quintile] or [x for q in (2, 3, 4, 5) for x in lsoa_pools[fp][q]]
        la, lsoa = rng.choice(pool)
        closed = fy_start + dt.timedelta(days=rng.randrange((fy_end - fy_start).days + 1))
        reviewed = closed - dt.timedelta(days=rng.randrange(0, 45))
        died = reviewed - dt.timedelta(days=int(rng.triangular(70, 520, 200)))
        neonatal = rng.random() < (0.78 if lbw[i] else 0.45)
        age = rng.randrange(0, 28) if neonatal else rng.randrange(28, 365)
        born = died - dt.timedelta(days=age)
        notified = died + dt.timedelta(days=rng.choice([0, 1, 1, 1, 2, 2, 3, 5, 8]))
        weight = rng.randrange(400, 2499) if lbw[i] else rng.randrange(2500, 4600)
        gestation = (max(22, min(36, 22 + (weight - 400) // 140)) if lbw[i] else rng.randrange(37, 42))
        levels = {c: rng.choice([0, 0, 1]) for c in factor_codes}
        groups_here = {g for g, members in per_group.items() if i in members}
        if modifiable[i] and not groups_here:
            levels[rng.choice(OTHER_FACTORS)] = 2
        if "safeguarding" in groups_here:
            levels["safeguarding"] = 2
        if "smoking" in groups_here:
            levels["smoking_pregnancy"] = 2
            if rng.random() < 0.6:
                levels["smoking_household"] = 2
        if "drugs_alcohol" in groups_here:
            levels["substance_misuse"] = 2
        if "co_sleeping" in groups_here:
            levels["co_sleeping"] = 2
        if modifiable[i] and rng.random() < 0.3:
            levels[rng.choice(OTHER_FACTORS)] = 2
        if not modifiable[i]:
            levels = {c: min(v, 1) for c, v in levels.items()}
        if "co_sleeping" in groups_here or ("safeguarding" in groups_here and rng.random() < 0.4):
            category = rng.choice(["sudi", "sudi", "deliberately_inflicted", "trauma"])
        else:
            category = rng.choices([c for c, _ in CATEGORY_WEIGHTS], [w for _, w in CATEGORY_WEIGHTS])[0]
        if neonatal and category in ("sudi",) and not modifiable[i]:
            category = "perinatal"
        unexpected = category in ("sudi", "deliberately_inflicted", "trauma", "suicide") or rng.random() < 0.08
        ethnic = bme_groups.pop() if bme[i] else white_groups.pop()
        rows.append({
            "_footprint": fp,
            "case_ref": f"{PREFIX[fp]}-{year[2:4]}{year[5:]}-{i + 1:03d}",
            "nhs_number": _nhs_number((start % 100) * 1000 + i), "date_of_birth": born.isoformat(),
            "date_of_death": died.isoformat(), "sex": rng.choice(["male", "female"]),
            "ethnic_group": ethnic, "lsoa_code": lsoa, "residence_la_code": la, "gestation_weeks": gestation,
            "birthweight_g": weight, "maternal_age": rng.randrange(16, 44),
            "expected": "unexpected" if unexpected else "expected",
            "place_of_death": rng.choice(["home", "home", "public_place"]) if unexpected else "hospital",
            "notified_on": notified.isoformat(), "panel_reviewed_on": reviewed.isoformat(),
            "closed_on": closed.isoformat(), "category": category,
            "jar_started_on": notified.isoformat() if unexpected else "",
            "partner_details": rng.choices(["recorded", "not_recorded", "not_known", "no_such_person"], [55, 30, 10, 5])[0],
            "modifiable": "insufficient_information" if i in insufficient else "",
            "given_name": rng.choice(GIVEN), "family_name": rng.choice(FAMILY),
            "address": f"{rng.randrange(1, 200)} Synthetic Street", "postcode": "",
            **{f"factor_{c}": levels.get(c, "") for c in factor_codes},
        })
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    columns = template_columns()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@transaction.atomic
def load_demo_cases(*, by=None) -> str:
    """Load the synthetic cases once (idempotent: nothing happens if demo cases exist)."""
    if Case.objects.filter(synthetic=True).exists():
        return "demo cases already loaded"
    created = 0
    with tempfile.TemporaryDirectory() as tmp:
        for year, seed, exact, total in (("2013/14", 2014, False, 300), (YEAR, 2015, True, TOTAL),
                                          ("2015/16", 2016, False, 320)):
            rows = build_rows(year, seed=seed, exact=exact, total=total)
            for fp in SPREAD:
                mine = [r for r in rows if r["_footprint"] == fp]
                path = Path(tmp) / f"{fp}-{year.replace('/', '-')}.csv"
                write_csv(mine, path)
                created += import_cases(by=by, path=path, footprint=fp, synthetic=True).created
    from firstyear.reviews.demo_open import load_open_cases

    created += load_open_cases(by=by)
    _recommendations(by=by)
    return f"{created} synthetic case records"


# Synthetic panel recommendations for 2014/15, in firstyear's words, with owners and statuses.
RECOMMENDATIONS = [
    ("CDOP-PANLANCS", "Give safer sleep advice, including on sofas, at every health visitor contact and record it.",
     "Health visiting service", (2015, 9, 30), "complete"),
    ("CDOP-PANLANCS", "Offer carbon monoxide testing at every antenatal appointment with opt-out referral to stop "
     "smoking support.", "Maternity services", (2015, 12, 31), "on_track"),
    ("CDOP-GM", "Record the mother's partner in maternity and health visiting records, or why they are not recorded.",
     "Maternity and health visiting services", (2015, 10, 31), "at_risk"),
    ("CDOP-GM", "Share each year's learning from reviews with front-line staff through safeguarding training.",
     "Local safeguarding children board training group", (2016, 3, 31), "on_track"),
    ("CDOP-MERSEYSIDE", "Ask about parental drug and alcohol use at booking and at the new birth visit.",
     "Maternity services", (2015, 11, 30), "off_track"),
    ("CDOP-CHESHIRE", "Agree with neighbouring panels one written definition of each modifiable factor.",
     "North West child death overview panel chairs", (2015, 6, 30), "complete"),
    ("CDOP-CUMBRIA", "Report the panel's recommendations and their progress to the health and wellbeing board.",
     "Panel chair and director of public health", (2015, 7, 31), "not_started"),
]


def _recommendations(*, by) -> None:
    import datetime as dt

    from firstyear.reviews.actions import add_recommendation, set_recommendation_status

    for code, text, owner, due, status in RECOMMENDATIONS:
        rec = add_recommendation(by=by, footprint=Area.objects.get(code=code), text=text, owner=owner,
                                 due_on=dt.date(*due), financial_year_label=YEAR)
        if status != "not_started":
            set_recommendation_status(by=by, recommendation=rec, status=status)
