"""The child death review code lists, as data: categories of death, factor domains, factors.

Version 1 (loaded by migration 0002 and by :func:`ensure_seeded`) is the firstyear seed below.
Code lists are versioned: publishing a change makes a new version; reviews keep the version
they were scored under, and the annual report says which versions its figures used.
Definitions are written in firstyear's own words from the statutory child death review forms
(categories of death; domains A-D; levels 0/1/2), so that panels classify consistently.
"""

from __future__ import annotations

# code, name, definition (rank = position: 1 is the highest, recorded when several apply)
CATEGORIES = [
    ("deliberately_inflicted", "Deliberately inflicted injury, abuse or neglect",
     "Suffocation, shaking injury, knifing, shooting, poisoning or other means of probable or definite "
     "homicide; also deaths from war, terrorism or other mass violence; includes severe neglect leading "
     "to death."),
    ("suicide", "Suicide or deliberate self-inflicted harm",
     "Hanging, shooting, self-poisoning with drugs or other substances, jumping from a height or other "
     "deliberate self-harm, usually of an older child."),
    ("trauma", "Trauma and other external factors, including medical or surgical complications or error",
     "Injury or poisoning not deliberately inflicted, such as road traffic collisions, drowning, falls, "
     "fire, and deaths from medical or surgical complications or error."),
    ("malignancy", "Malignancy", "Solid tumours, leukaemias and lymphomas, and malignant proliferative "
     "conditions, even where the final event was infection or a complication of treatment."),
    ("acute_medical", "Acute medical or surgical condition",
     "A sudden illness or surgical emergency in a previously well child, such as Kawasaki disease, "
     "acute asthma or intussusception."),
    ("chronic_medical", "Chronic medical condition",
     "A long-standing condition such as cystic fibrosis, epilepsy or an endocrine disorder, where the "
     "death followed from that condition (including infection as the final event)."),
    ("congenital", "Chromosomal, genetic and congenital anomalies",
     "Trisomies, other chromosomal disorders, single gene defects, neurodegenerative disease, cystic "
     "fibrosis and other congenital anomalies, including cardiac."),
    ("perinatal", "Perinatal or neonatal event",
     "Death ultimately caused by extreme prematurity, perinatal asphyxia or another adverse outcome of "
     "the perinatal period, whatever the age at death."),
    ("infection", "Infection",
     "Any primary infection (not a complication of one of the categories above), such as meningitis, "
     "septicaemia, pneumonia or encephalitis."),
    ("sudi", "Sudden unexpected, unexplained death",
     "A sudden death that remains unexplained after full investigation including a post-mortem; "
     "includes sudden infant death syndrome and sudden unexplained death in childhood."),
]

DOMAINS = [
    ("A", "Factors intrinsic to the child"),
    ("B", "Social environment, including family and parenting capacity"),
    ("C", "Physical environment"),
    ("D", "Service provision"),
]

LEVELS = [
    (0, "Information not available"),
    (1, "Identified but unlikely to have contributed"),
    (2, "Identified and may have contributed to vulnerability, ill health or death"),
]

# code, name, domains, definition, report group (factors reported together, as the 2016 North West review does)
FACTORS = [
    ("smoking_pregnancy", "Maternal smoking in pregnancy", "B",
     "The mother smoked tobacco at any point in the pregnancy, recorded at booking, by carbon monoxide "
     "test or at delivery.", "smoking"),
    ("smoking_household", "Smoking in the household", "B",
     "Anyone living in the child's home smoked tobacco after the birth, whether or not inside the home.",
     "smoking"),
    ("co_sleeping", "Unsafe sleep or co-sleeping", "B/C",
     "The child was sleeping with an adult or another child on a bed, sofa or chair, or in an unsafe "
     "sleep position or environment, when they died.", "co_sleeping"),
    ("safeguarding", "Abuse or neglect concerns", "B",
     "There were known or suspected concerns about abuse or neglect of the child or a sibling before "
     "the death, or found during the review.", "safeguarding"),
    ("domestic_abuse", "Domestic abuse", "B",
     "Domestic abuse between adults in the child's household was known or disclosed.", "domestic_abuse"),
    ("substance_misuse", "Parental drug or alcohol misuse", "B",
     "A parent or carer misused drugs or alcohol in a way that affected the care of the child.",
     "drugs_alcohol"),
    ("parental_mental_health", "Parental mental health", "B",
     "A parent or carer had a mental health problem that affected the care of the child.",
     "parental_mental_health"),
    ("consanguinity", "Consanguinity", "A",
     "The parents are blood relatives (for example first cousins) and the death was from a recessive "
     "or otherwise inherited condition.", "consanguinity"),
    ("maternal_obesity", "Maternal obesity", "A/B",
     "The mother's body mass index at booking was 30 or more.", "maternal_obesity"),
    ("late_booking", "Late or no antenatal care", "B/D",
     "The pregnancy was booked for antenatal care after 12 weeks and 6 days, or antenatal appointments "
     "were mostly missed.", "late_booking"),
    ("housing", "Overcrowding or unsuitable housing", "C",
     "The family's home was overcrowded, in poor repair, or otherwise unsuitable for a young child.",
     "housing"),
    ("service_provision", "Gaps or delays in services", "D",
     "A service was not available, was delayed, or fell short of expected practice in a way relevant "
     "to the death.", "service_provision"),
]

# Report groups, in the order the report shows them; the 2016 North West review reports "smoking" as one figure.
FACTOR_GROUPS = [
    ("safeguarding", "Safeguarding (abuse or neglect)"),
    ("smoking", "Smoking (in pregnancy or in the household)"),
    ("drugs_alcohol", "Parental drug or alcohol misuse"),
    ("co_sleeping", "Unsafe sleep or co-sleeping"),
    ("domestic_abuse", "Domestic abuse"),
    ("parental_mental_health", "Parental mental health"),
    ("consanguinity", "Consanguinity"),
    ("maternal_obesity", "Maternal obesity"),
    ("late_booking", "Late or no antenatal care"),
    ("housing", "Overcrowding or unsuitable housing"),
    ("service_provision", "Gaps or delays in services"),
]

MODIFIABLE = [
    ("identified", "Modifiable factors identified"),
    ("not_identified", "No modifiable factors identified"),
    ("insufficient_information", "Insufficient information"),
]


def derive_modifiable(levels, insufficient_information: bool) -> str:
    """The panel's outcome, derived from the factor levels; never typed.

    Any factor at level 2 -> ``identified``. Otherwise ``insufficient_information`` when the panel
    recorded that information was insufficient, else ``not_identified``.
    """
    if any(level == 2 for level in levels):
        return "identified"
    return "insufficient_information" if insufficient_information else "not_identified"


def category_by_precedence(codes, ranks: dict[str, int]) -> str | None:
    """Of the categories that apply, the one highest in the list (lowest rank)."""
    chosen = [c for c in codes if c]
    unknown = [c for c in chosen if c not in ranks]
    if unknown:
        raise ValueError(f"Unknown category code(s): {', '.join(unknown)}")
    return min(chosen, key=lambda c: ranks[c]) if chosen else None


def seed(apps_or_models, *, note: str = "firstyear seed code lists") -> None:
    """Create code list version 1 if no version exists (used by the migration and the tests)."""
    Version = apps_or_models.get_model("reviews", "CodeListVersion")
    Category = apps_or_models.get_model("reviews", "Category")
    Domain = apps_or_models.get_model("reviews", "Domain")
    Factor = apps_or_models.get_model("reviews", "Factor")
    if Version.objects.exists():
        return
    import django.utils.timezone as tz

    version = Version.objects.create(number=1, published_at=tz.now(), published_by="system", note=note)
    Category.objects.bulk_create(
        Category(version=version, code=c, name=n, definition=d, rank=i)
        for i, (c, n, d) in enumerate(CATEGORIES, start=1)
    )
    Domain.objects.bulk_create(Domain(version=version, code=c, name=n) for c, n in DOMAINS)
    Factor.objects.bulk_create(
        Factor(version=version, code=c, name=n, domains=dm, definition=d, report_group=g, sort=i)
        for i, (c, n, dm, d, g) in enumerate(FACTORS, start=1)
    )


def ensure_seeded() -> None:
    from django.apps import apps

    seed(apps)
