"""Demo plans, the North West review's recommendations register, responses and a year of progress.

Everything here is SYNTHETIC and labelled so: the plans are written for firstyear (their shape
follows the kind of local plans and board papers the project was built from, in our own words),
the progress updates are invented, and the responses are made up. The register numbers the
North West sector-led improvement review's 30 regional and 22 locality recommendations as its
appendix does, with short titles written fresh; the proposed leads are the bodies it names.
Dates are relative to the day the demo is loaded, so "overdue" and "due soon" always have content.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from firstyear.areas.models import Area
from firstyear.plans import actions as act
from firstyear.plans.constants import Level, Response, Status
from firstyear.plans.dates import PlanDate, month_date
from firstyear.plans.models import Plan, RecommendationSource

SOURCE = "North West sector-led improvement review on infant mortality (2016)"
REGION = "E12000002"
BWD, BLACKPOOL = "E06000008", "E06000009"
OTHER_RESPONDERS = ["E08000003", "E10000017", "E08000012", "E06000006", "E08000001"]

PHE_NW = "Public Health England North West"
CDOPS = "Child Death Overview Panels"
GMHSCP_EY = "Greater Manchester Health and Social Care Partnership (Early Years); regional Local Safeguarding Children Boards"
GMHSCP_T1 = "Greater Manchester Health and Social Care Partnership (Theme 1); regional Local Safeguarding Children Boards"
LSCBS = "Regional Local Safeguarding Children Boards"
LOCAL_LEAD = "Chair of the LSCB; Director of Public Health"

# (number, theme, short title, summary in our words, proposed lead)
REGIONAL = [
    (1, "Sharing practice", "North West campaigns", "Look at which campaigns (for example on foetal alcohol harm and safer sleep) could run across the whole region.", f"{PHE_NW}; North West localities"),
    (2, "Sharing practice", "Share what works", "Set up a standing way to share good practice across the region, with evidence of impact and costs.", PHE_NW),
    (3, "Child death overview panels", "Agree modifiable factors", "Hold a twice-yearly workshop for panel members to agree what counts as each modifiable factor and a common dataset.", "North West Child Death Overview Panel Group"),
    (4, "Child death overview panels", "Local response to panel reports", "Panel annual reports go to safeguarding and health and wellbeing boards with a plan that answers them.", CDOPS),
    (5, "Child death overview panels", "Feed learning back to staff", "Tell front-line staff what panels found in cases they worked on, and build the learning into safeguarding training.", CDOPS),
    (6, "Child death overview panels", "Cascade panel learning", "A communication plan to carry panel learning across the region and back to practitioners.", CDOPS),
    (7, "Safeguarding", "Roles in reducing infant deaths", "Training so professionals understand their part in reducing infant deaths.", LSCBS),
    (8, "Safeguarding", "Record the whole family", "Record every family member in pregnancy in a structured way, such as a genogram.", GMHSCP_EY),
    (9, "Safeguarding", "Support for fathers and grandparents", "Parenting support to include fathers, partners, carers and grandparents.", GMHSCP_EY),
    (10, "Safeguarding", "Neglect and domestic abuse campaign", "A regional campaign on neglect and domestic abuse and what they mean for infant deaths.", LSCBS),
    (11, "Safeguarding", "Risk and information sharing", "Take risk and information sharing forward through Greater Manchester's digital programme.", "Greater Manchester Health and Social Care Partnership (GM Connect)"),
    (12, "Safeguarding", "Combined screening tool", "Test whether a combined drugs, alcohol, mental health and domestic abuse screening tool should be used region-wide.", GMHSCP_EY),
    (13, "Congenital anomalies", "Engaging community leaders", "A twice-yearly event on engaging community and faith leaders.", PHE_NW),
    (14, "Congenital anomalies", "Cultural awareness of consanguinity", "Find the training integrated services need on consanguinity and congenital anomalies, with the public involved.", PHE_NW),
    (15, "Congenital anomalies", "Use newborn screening data", "Use newborn screening intelligence to design work with young people on the risks of congenital anomalies.", PHE_NW),
    (16, "Congenital anomalies", "Cost-effectiveness of screening", "Find out whether screening programmes are cost-effective and share the answer.", PHE_NW),
    (17, "Safer sleep", "Assess the sleeping environment", "Midwives and health visitors assess where the baby sleeps.", GMHSCP_EY),
    (18, "Safer sleep", "Consistent safer sleep messages", "Give all staff the same simple safer sleep messages, from national guidance.", GMHSCP_EY),
    (19, "Safer sleep", "Why advice is not followed", "Insight work on how safer sleep messages are heard and why they are not acted on.", LSCBS),
    (20, "Safer sleep", "Case studies on sudden infant death", "Use real case studies to show the impact of sudden infant death.", LSCBS),
    (21, "Smoking in pregnancy", "Carbon monoxide tests for all", "Carbon monoxide testing at booking and at the 20-week appointment for every pregnant woman, with immediate referral.", GMHSCP_EY),
    (22, "Smoking in pregnancy", "Opt-out referral in every hospital", "Every hospital refers pregnant smokers identified by carbon monoxide test to support unless they opt out.", GMHSCP_EY),
    (23, "Smoking in pregnancy", "Women who miss appointments", "Share ways of engaging women who do not attend midwife appointments.", PHE_NW),
    (24, "Smoking in pregnancy", "BabyClear everywhere", "Every local authority adopts the BabyClear whole-system approach to smoking in pregnancy.", GMHSCP_EY),
    (25, "Smoking in pregnancy", "Template smoke-free policy", "A regional template policy on smoking and second-hand smoke that localities can adopt.", PHE_NW),
    (26, "Smoking in pregnancy", "Smoking and school inspection", "Explore how smoking could feature in school inspection to give it weight in schools.", GMHSCP_T1),
    (27, "Smoking in pregnancy", "Review local smoking initiatives", "Review local initiatives on smoking in pregnancy and at delivery and recommend which to spread.", PHE_NW),
    (28, "Deprivation", "Models for the most deprived families", "Share models of enhanced support for families in the most deprived communities.", GMHSCP_EY),
    (29, "Deprivation", "Home safety checks and wider partners", "Work with fire and rescue, housing and economic partners on home checks and support for families.", GMHSCP_T1),
    (30, "Deprivation", "Find and treat", "Share the learning from Greater Manchester's work to find and support the most deprived patients.", GMHSCP_T1),
]
LOCALITY = [
    (1, "Child death overview panels", "Governance of the panel report", "Be clear where the panel's annual report is governed locally.", LOCAL_LEAD),
    (2, "Child death overview panels", "Acting on panel findings", "Be clear how findings from local panel cases are passed on for action.", LOCAL_LEAD),
    (3, "Capacity to improve", "A named lead", "Name a lead for reducing infant mortality in the locality.", LOCAL_LEAD),
    (4, "Capacity to improve", "A lead elected member", "Name an elected member who champions reducing infant mortality.", LOCAL_LEAD),
    (5, "Capacity to improve", "Factors in integration programmes", "Build the modifiable factors into integration programmes.", LOCAL_LEAD),
    (6, "Capacity to improve", "Social norms", "Look for ways to shift behaviour and social norms on the modifiable factors.", LOCAL_LEAD),
    (7, "Capacity to improve", "Evaluate commissioned services", "Evaluate every commissioned service for its effect on the modifiable factors.", LOCAL_LEAD),
    (8, "Safeguarding", "Data sharing for safeguarding", "Information governance that lets every agency share data to safeguard infants.", LOCAL_LEAD),
    (9, "Safeguarding", "Partnership working", "Partnership working, including information sharing, that supports safeguarding.", LOCAL_LEAD),
    (10, "Safeguarding", "A capable workforce", "All staff working with families can safeguard well and understand the link with infant deaths.", LOCAL_LEAD),
    (11, "Safeguarding", "Rotation between areas", "Review practice so staff in deprived areas also work elsewhere and norms are not skewed.", LOCAL_LEAD),
    (12, "Congenital anomalies", "Intelligence on at-risk groups", "A reliable information system to identify groups at risk.", LOCAL_LEAD),
    (13, "Congenital anomalies", "Targeted preconception care", "Preconception care aimed at groups at risk of congenital anomalies.", LOCAL_LEAD),
    (14, "Congenital anomalies", "Outreach worker", "An outreach worker where rates of congenital anomaly are high.", LOCAL_LEAD),
    (15, "Congenital anomalies", "Community conversations on genetics", "Work with community leaders and families on consanguinity and genetic screening.", LOCAL_LEAD),
    (16, "Safer sleep", "One safer sleep message", "The same safer sleep message from every agency, including the third sector, housing and social media.", LOCAL_LEAD),
    (17, "Smoking in pregnancy", "Quit targets for midwives and health visitors", "Smoking cessation targets for midwives and health visitors.", LOCAL_LEAD),
    (18, "Smoking in pregnancy", "Support at the 20-week scan", "Stop-smoking support from trained sonographers at the 20-week scan.", LOCAL_LEAD),
    (19, "Smoking in pregnancy", "Pharmacies and pregnancy tests", "Community pharmacies offer stop-smoking support when a pregnancy test is bought.", LOCAL_LEAD),
    (20, "Smoking in pregnancy", "Immediate referral", "Referral pathways that give immediate stop-smoking support.", LOCAL_LEAD),
    (21, "Smoking in pregnancy", "Incentive scheme", "An evidence-based incentive scheme for quitting in pregnancy, with smaller rewards valued too.", LOCAL_LEAD),
    (22, "Deprivation", "An extra offer for the most deprived", "An additional offer for the most deprived families, such as free vitamins, incentives and routes into work.", LOCAL_LEAD),
]

# Blackburn with Darwen: priorities of a Pennine Lancashire-style framework for action.
# (priority, [(objective ref, objective, rationale, [action tuples])])
# action: (description, lead, partners, outcome, reporting, deep dive month offset, due month offset or words,
#          factors, indicators, story) — story is a list of statuses over the year, ending at the status now.
BWD_PLAN = [
    ("Smoking in pregnancy", [
        ("1.1", "Every pregnant smoker is identified and offered support",
         "Smoking at delivery is higher than England; carbon monoxide testing finds smokers who do not say they smoke.", [
            ("Carbon monoxide test at booking and at 36 weeks for every pregnant woman, with opt-out referral the same day",
             "Head of midwifery", "Stop smoking service\nHealth visiting", "Referrals within 24 hours for at least 90% of women with a high reading",
             "By exception", 2, 4, ["smoking_pregnancy"], ["smoking-at-delivery"], "green green green amber green complete"),
            ("Specialist stop-smoking advisers see referred women at home or at antenatal clinic",
             "Stop smoking service manager", "Midwifery", "At least 40% of referred women set a quit date",
             "Update at each meeting", 5, 9, ["smoking_pregnancy"], ["smoking-at-delivery"], "green green amber amber red red"),
            ("Introduce a voucher incentive scheme for quitting, validated by carbon monoxide test",
             "Consultant in public health", "Stop smoking service\nClinical commissioning group", "Quit rate at 4 weeks rises from 35% to 45%",
             "By exception", 7, 2, ["smoking_pregnancy"], ["smoking-at-delivery"], "grey grey green amber red red"),
        ]),
        ("1.2", "Smoke-free homes for babies",
         "Smoking in the household more than doubles the risk of sudden infant death.", [
            ("Offer smoke-free home pledges and support to partners and family at the new birth visit",
             "Health visiting service lead", "Children's centres\nStop smoking service", "Smoke-free home pledge recorded for 70% of new births",
             "By exception", None, "Ongoing", ["smoking_household"], [], "green green green green green green"),
        ]),
    ]),
    ("Infant feeding", [
        ("2.1", "More babies breastfed, for longer",
         "Breastfeeding initiation is lower than England in the most deprived wards.", [
            ("Peer supporters on the postnatal ward and in the community for the first six weeks",
             "Infant feeding coordinator", "Voluntary sector\nMidwifery", "Breastfeeding at 6 to 8 weeks up 5 percentage points",
             "By exception", 3, "Review quarterly", [], ["breastfeeding-initiation"], "green green green green green green"),
            ("Keep UNICEF Baby Friendly accreditation in maternity and health visiting",
             "Infant feeding coordinator", "Hospital trust\nHealth visiting", "Gold accreditation kept",
             "By exception", None, 11, [], ["breastfeeding-initiation"], "green green green green green green"),
        ]),
    ]),
    ("Safer sleeping", [
        ("3.1", "Every family gets the same safer sleep advice and a sleep assessment",
         "Co-sleeping with a parent who smokes, drinks or uses drugs is the commonest modifiable factor in sudden infant deaths reviewed locally.", [
            ("Safer sleep risk assessment at the new birth visit and again at 6 to 8 weeks",
             "Health visiting service lead", "Midwifery\nChildren's social care", "Assessment recorded for 95% of babies",
             "By exception", 1, 3, ["co_sleeping"], [], "grey green green amber amber amber"),
            ("One safer sleep message, briefing and leaflet used by every agency, including housing and the voluntary sector",
             "Safeguarding partnership business manager", "Housing\nVoluntary sector\nPolice", "Message adopted by all partner agencies",
             "Update at each meeting", None, -2, ["co_sleeping"], [], "green green amber amber red red"),
            ("Safer sleep training for staff who visit homes: social workers, housing officers, early help",
             "Workforce development lead", "Children's services\nHousing", "300 staff trained in the year",
             "By exception", 4, 6, ["co_sleeping", "safeguarding"], [], "grey green green green green green"),
        ]),
    ]),
    ("Social needs assessment", [
        ("4.1", "Families with several risks are identified early and supported",
         "Risks accumulate: smoking, substance misuse, domestic abuse and poor housing often come together.", [
            ("Routine enquiry about domestic abuse at booking, with a specialist adviser in maternity",
             "Safeguarding midwife", "Domestic abuse service", "Enquiry recorded at 90% of bookings",
             "By exception", None, "Ongoing", ["domestic_abuse", "safeguarding"], [], "green green green green green green"),
            ("Drug and alcohol screening in pregnancy with a joint pathway to treatment",
             "Substance misuse commissioner", "Midwifery\nTreatment service", "Every positive screen referred within a week",
             "By exception", 8, -1, ["substance_misuse"], [], "green amber amber red red red"),
            ("Housing officers refer overcrowded or unsuitable homes with a baby due to the family's health visitor",
             "Housing needs manager", "Health visiting", "Referral route agreed and used",
             "By exception", None, 5, ["housing"], [], "grey grey green green green green"),
        ]),
    ]),
    ("Maternal healthy weight", [
        ("5.1", "Support to reach a healthy weight before and during pregnancy",
         "Obesity in early pregnancy raises the risk of stillbirth and neonatal death.", [
            ("Healthy weight in pregnancy service for women with a booking BMI of 30 or more",
             "Public health specialist (healthy weight)", "Midwifery\nLeisure services", "Half of referred women attend three or more sessions",
             "By exception", 6, 8, ["maternal_obesity"], ["obesity-early-pregnancy"], "grey green green green amber green"),
        ]),
    ]),
    ("Family genetics", [
        ("6.1", "Families understand genetic risk and can reach genetic services",
         "Congenital anomalies are a leading cause of infant death locally.", [
            ("Community genetic literacy sessions with faith and community groups",
             "Public health specialist (communities)", "Genetics service\nCommunity groups", "12 sessions reaching 300 people",
             "By exception", 9, 10, ["consanguinity"], [], "grey grey green green green green"),
            ("Clear referral pathway to genetic counselling when a family history is found",
             "Genetics service lead", "Midwifery\nGPs", "",
             "", None, "TBC", ["consanguinity"], [], "grey grey grey grey grey grey"),
        ]),
    ]),
    ("Maternal mental health", [
        ("7.1", "Early help for mothers' and fathers' mental health",
         "Poor parental mental health is often present where infants die suddenly.", [
            ("Mood assessment at every antenatal and postnatal contact, with a clear route to the perinatal team",
             "Perinatal mental health lead", "Midwifery\nHealth visiting\nGPs", "Assessment recorded at 90% of contacts",
             "By exception", 2, "Ongoing", ["parental_mental_health"], [], "green green green green green green"),
        ]),
    ]),
    ("Awareness raising for wider partners", [
        ("8.1", "Everyone who works with families knows the local risks",
         "Reducing infant mortality is everyone's business.", [
            ("Yearly briefing for councillors and partnership boards on infant mortality figures and actions",
             "Director of public health", "Communications", "Briefing given to each board",
             "Update at each meeting", None, 0, ["service_provision"], ["infant-mortality"], "grey grey green green green complete"),
            ("Name a lead elected member and a lead officer for infant mortality",
             "Director of public health", "", "Both named and in post",
             "By exception", None, -6, ["service_provision"], [], "green complete complete complete complete complete"),
        ]),
    ]),
]

# Blackpool: a plan with numbered priorities and objectives, leads and partners, like a county plan.
BLACKPOOL_PLAN = [
    ("1", "Tackling the wider determinants", [
        ("1.1", "Reduce the effects of poverty on families with babies", [
            ("Target welfare rights advice to pregnant women in the most deprived neighbourhoods", "Public health specialist, wider determinants", "Welfare rights\nHousing\nJobcentre", ["housing"]),
            ("Include infant mortality in the child poverty strategy", "Head of policy", "", []),
        ]),
        ("1.2", "Better housing for pregnant women and babies", [
            ("Prioritise pregnant women and babies in assessments of overcrowding", "Housing options manager", "Health visiting", ["housing"]),
        ]),
    ]),
    ("2", "Fewer deaths from unsafe sleep", [
        ("2.1", "Consistent professional advice on co-sleeping", [
            ("Roll out an individual safer sleep assessment tool", "Sudden infant death prevention group", "CDOP\nHealth visiting\nEarly years", ["co_sleeping"]),
            ("Audit how often safer sleep advice is given and recorded", "Sudden infant death prevention group", "Midwifery", ["co_sleeping"]),
        ]),
        ("2.2", "Public awareness", [
            ("Social media campaign on the risks of sleeping with a baby after drinking or taking drugs", "Communications team", "", ["co_sleeping", "substance_misuse"]),
            ("Run the ICON programme on coping with crying", "Health visiting service lead", "Midwifery\nChildren's centres", ["safeguarding"]),
        ]),
    ]),
    ("3", "Equal access to maternity care", [
        ("3.1", "Earlier booking for antenatal care", [
            ("Self-referral to midwifery online and through children's centres", "Maternity transformation lead", "Children's centres", ["late_booking"]),
        ]),
        ("3.2", "The full health visiting offer for every family", [
            ("Antenatal contact by health visitors for every pregnant woman", "Health visiting service lead", "", []),
        ]),
    ]),
    ("4", "Smoking in pregnancy and at home", [
        ("4.1", "Carbon monoxide monitoring and referral for all", [
            ("Carbon monoxide test for every woman at booking with opt-out referral", "Better Births workstream", "Stop smoking service", ["smoking_pregnancy"]),
            ("Stop-smoking support delivered at the 20-week scan", "Sonography lead", "Stop smoking service", ["smoking_pregnancy"]),
        ]),
    ]),
    ("5", "Alcohol and drugs in pregnancy", [
        ("5.1", "Identify and support substance misuse in pregnancy", [
            ("Alcohol screening at booking with brief advice and referral", "Specialist substance misuse midwife", "Treatment service", ["substance_misuse"]),
        ]),
    ]),
    ("6", "Nutrition and healthy weight", [
        ("6.1", "Healthy weight before and during pregnancy", [
            ("Review the pathway for women with obesity at booking", "Better Births workstream", "Dietetics", ["maternal_obesity"]),
        ]),
    ]),
    ("7", "Data and intelligence", [
        ("7.1", "Monitor infant mortality and its risk factors", [
            ("Quarterly dashboard of infant mortality and risk factors for the steering group", "Public health intelligence team", "", []),
        ]),
    ]),
]

NOTES = {
    "grey": ["Not started yet: waiting for the lead to be confirmed.", "Planning meeting booked; no delivery yet."],
    "green": ["On track: {n} delivered this period, as planned.", "Progress as planned; figures to the next steering group.",
              "Delivered as planned this quarter; no issues to escalate."],
    "amber": ["At risk: staff vacancies have slowed delivery; recovery plan agreed.",
              "Some delay because data from the provider arrived late.", "Behind plan; lead meeting partners to agree a revised date."],
    "red": ["Off track: funding not yet confirmed, so delivery has paused.", "Off track: the service has had no capacity this quarter.",
            "Off track: target missed two quarters running; escalated to the steering group."],
    "complete": ["Complete: delivered and evidence filed.", "Complete; now part of business as usual."],
}
STATUS_OF = {"grey": Status.NOT_STARTED, "green": Status.ON_TRACK, "amber": Status.AT_RISK, "red": Status.OFF_TRACK,
             "complete": Status.COMPLETE}


def _month_offset(start: dt.date, months: int) -> dt.date:
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, 1)


def _due(today: dt.date, value) -> PlanDate:
    if value is None:
        return PlanDate()
    if isinstance(value, str):
        from firstyear.plans.dates import parse_plan_date

        return parse_plan_date(value)
    return month_date(_month_offset(today, value))


def _when(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@transaction.atomic
def load_demo_plans(*, by=None, today: dt.date | None = None) -> str:
    """Create the demo register, plans, responses and progress (idempotent)."""
    today = today or act.today()
    areas = {a.code: a for a in Area.objects.filter(code__in=[REGION, BWD, BLACKPOOL, *OTHER_RESPONDERS])}
    if REGION not in areas or BWD not in areas:
        return "skipped: reference areas are missing (run `firstyear init`)"
    if RecommendationSource.objects.filter(title=SOURCE, area=areas[REGION]).exists():
        return "already loaded"
    rng = random.Random(2016)
    start = today - dt.timedelta(days=365)
    source = act.ensure_source(by=by, title=SOURCE, area=areas[REGION], published="2016", synthetic=True)
    recs = {}
    for level, rows in ((Level.REGIONAL, REGIONAL), (Level.LOCALITY, LOCALITY)):
        for number, theme, title, text, lead in rows:
            recs[(level, number)], _ = act.save_recommendation(by=by, source=source, level=level, number=number,
                                                              text=text, theme=theme, title=title, proposed_lead=lead)
    lead_user = _demo_lead()
    bwd = _bwd_plan(by, areas[BWD], start, today, rng, lead_user)
    plans = {BWD: bwd}
    if BLACKPOOL in areas:
        plans[BLACKPOOL] = _blackpool_plan(by, areas[BLACKPOOL], start, today, rng)
    _responses(by, recs, areas, plans, start, today, rng)
    return (f"{len(REGIONAL)} regional and {len(LOCALITY)} locality recommendations; "
            f"{len(plans)} plans (synthetic) with a year of progress updates")


def _demo_lead():
    from firstyear.accounts.models import User
    from firstyear.demo.accounts import demo_email

    return User.objects.filter(email=demo_email("lead")).first()


def _story_dates(start: dt.date, today: dt.date, n: int) -> list[dt.date]:
    step = (today - start).days / n
    return [start + dt.timedelta(days=round(step * (i + 1)) - 3) for i in range(n)]


def _bwd_plan(by, area, start, today, rng, lead_user) -> Plan:
    plan = act.create_plan(by=by, owner=area, title="Infant mortality framework for action: Blackburn with Darwen",
                           period_start=start.replace(day=1), period_end=_month_offset(today, 12),
                           version_label="Version 2 (synthetic)", synthetic=True,
                           boards="Health and Wellbeing Board (via the Children's Partnership Board); Local Safeguarding Children Board",
                           summary="Synthetic demonstration plan: the local delivery of a Pennine Lancashire framework for action.")
    for p_index, (title, objectives) in enumerate(BWD_PLAN, start=1):
        priority = act.add_priority(by=by, plan=plan, title=title, ref=str(p_index))
        for ref, objective_title, rationale, rows in objectives:
            objective = act.add_objective(by=by, priority=priority, title=objective_title, ref=ref, rationale=rationale)
            for n, (desc, lead, partners, outcome, reporting, deep, due, factors, indicators, story) in enumerate(rows):
                deep_dive = month_date(_month_offset(today, deep)) if deep is not None else PlanDate()
                action = act.create_action(
                    by=by, objective=objective, description=desc, at=_when(start), synthetic=True, lead=lead,
                    partners=partners, outcome=outcome, reporting=reporting, deep_dive=deep_dive, due=_due(today, due),
                    factors=factors, indicators=indicators,
                    lead_user=lead_user if (p_index + n) % 3 == 0 else None)
                _progress(by, action, story.split(), start, today, rng)
    return plan


def _progress(by, action, story: list[str], start, today, rng) -> None:
    for when, word in zip(_story_dates(start, today, len(story)), story, strict=True):
        note = rng.choice(NOTES[word]).format(n=rng.randint(2, 9))
        act.record_progress(by=by, action=action, version=action.version, status=STATUS_OF[word], note=note,
                            as_of=when, at=_when(when), synthetic=True)
        action.refresh_from_db()


def _blackpool_plan(by, area, start, today, rng) -> Plan:
    plan = act.create_plan(by=by, owner=area, title="Blackpool infant mortality action plan", synthetic=True,
                           period_start=start.replace(day=1), version_label="v1 (synthetic)",
                           boards="Health and Wellbeing Board; Blackpool Safeguarding Partnership",
                           summary="Synthetic demonstration plan with numbered priorities, objectives, leads and partners.")
    stories = ["green green amber green", "grey green green green", "green amber red red", "green green green complete",
               "grey grey green amber"]
    for p_ref, title, objectives in BLACKPOOL_PLAN:
        priority = act.add_priority(by=by, plan=plan, title=title, ref=p_ref)
        for o_ref, o_title, rows in objectives:
            objective = act.add_objective(by=by, priority=priority, title=o_title, ref=o_ref)
            for desc, lead, partners, factors in rows:
                offset = rng.choice([-3, -1, 2, 4, 7, None])
                due = PlanDate(kind="ongoing", text="Ongoing") if offset is None else month_date(_month_offset(today, offset))
                action = act.create_action(by=by, objective=objective, description=desc, at=_when(start), synthetic=True,
                                           lead=lead, partners=partners, factors=factors, due=due,
                                           outcome="" if rng.random() < 0.4 else "Fewer families exposed to the risk, measured each quarter",
                                           reporting=rng.choice(["By exception", "Update at each meeting"]))
                _progress(by, action, rng.choice(stories).split(), start, today, rng)
    return plan


RESPONSE_TEXT = {
    Response.IN_FRAMEWORK: ("Already part of the local framework for action.", "Keep under review at the steering group."),
    Response.ADOPTED: ("Added to the action plan; delivery under way.", "Report progress to the board in 12 months."),
    Response.NOT_ADOPTED: ("Considered by the steering group.", "Revisit if local evidence changes."),
    Response.NOT_CONSIDERED: ("", "To be considered at the next steering group."),
}


def _responses(by, recs, areas, plans, start, today, rng) -> None:
    when = _when(today - dt.timedelta(days=20))
    for code in [BWD, BLACKPOOL, *OTHER_RESPONDERS]:
        area = areas.get(code)
        if area is None:
            continue
        plan = plans.get(code)
        actions = list(plan.actions.select_related("objective").prefetch_related("factors")) if plan else []
        numbers = range(1, 23) if code in plans else sorted(rng.sample(range(1, 23), 12))
        for number in numbers:
            rec = recs[(Level.LOCALITY, number)]
            kind = rng.choices([Response.IN_FRAMEWORK, Response.ADOPTED, Response.NOT_ADOPTED, Response.NOT_CONSIDERED],
                               weights=[5, 4, 1, 1])[0]
            if kind == Response.ADOPTED and plan is None:
                kind = Response.IN_FRAMEWORK
            status = {Response.NOT_ADOPTED: Status.STOPPED, Response.NOT_CONSIDERED: Status.NOT_STARTED}.get(
                kind, rng.choice([Status.COMPLETE, Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]))
            progress, next_steps = RESPONSE_TEXT[kind]
            delivering = _matching_actions(rec, actions) if kind in (Response.ADOPTED, Response.IN_FRAMEWORK) else []
            act.save_response(by=by, recommendation=rec, area=area, version=0, synthetic=True, at=when, response=kind,
                              plan=plan if kind == Response.ADOPTED else None,
                              reason="Local priorities lie elsewhere for now." if kind == Response.NOT_ADOPTED else "",
                              status=status, progress=progress, next_steps=next_steps, actions=delivering)
    region = areas[REGION]
    for number in range(1, 31):
        rec = recs[(Level.REGIONAL, number)]
        status = rng.choice([Status.COMPLETE, Status.ON_TRACK, Status.AT_RISK, Status.NOT_STARTED])
        act.save_response(by=by, recommendation=rec, area=region, version=0, synthetic=True, at=when,
                          response=Response.ADOPTED if status != Status.NOT_STARTED else Response.NOT_CONSIDERED,
                          status=status, progress="Regional lead reports progress to the network." if status != Status.NOT_STARTED else "",
                          next_steps="Update at the next regional meeting.")


THEME_FACTORS = {"Smoking in pregnancy": {"smoking_pregnancy", "smoking_household"}, "Safer sleep": {"co_sleeping"},
                 "Safeguarding": {"safeguarding", "domestic_abuse", "substance_misuse"},
                 "Congenital anomalies": {"consanguinity"}, "Deprivation": {"housing"}}


def _matching_actions(rec, actions) -> list:
    wanted = THEME_FACTORS.get(rec.theme, set())
    return [a for a in actions if wanted & {f.code for f in a.factors.all()}][:3]

