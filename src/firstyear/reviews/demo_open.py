"""Open synthetic cases, dated relative to today, so the case list, timeliness filters and the
panel agenda have something to show. Built through the actions, like real casework."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from firstyear.reviews import actions
from firstyear.reviews.actions import CaseDetails
from firstyear.reviews.deprivation import lsoas_by_district
from firstyear.reviews.models import State
from firstyear.reviews.validation import add_months, with_check_digit

# (footprint, residence authorities) for the open cases; most on Pan-Lancashire, where the demo
# secretariat, panel member and manager work.
OPEN = [("CDOP-PANLANCS", ["E06000008", "E06000009", "E07000117", "E07000123"], 18),
        ("CDOP-GM", ["E08000003", "E08000009"], 4), ("CDOP-MERSEYSIDE", ["E08000012"], 2)]
STEPS = [State.NOTIFIED, State.INFORMATION_GATHERING, State.AWAITING_EXTERNAL, State.LOCAL_REVIEW_HELD,
         State.PANEL_SCHEDULED, State.PANEL_REVIEWED]


def load_open_cases(*, by=None, today: dt.date | None = None) -> int:
    rng = random.Random(2026)
    today = today or timezone.localdate()
    by_district = lsoas_by_district()
    created = 0
    for fp, las, count in OPEN:
        for i in range(count):
            la = rng.choice(las)
            lsoa = rng.choice(by_district[la])[0]
            age_months = rng.choice([0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 13])
            died = add_months(today, -age_months) - dt.timedelta(days=rng.randrange(0, 25))
            born = died - dt.timedelta(days=rng.choice([0, 1, 3, 12, 40, 95, 200, 700, 2400]))
            notified = min(today, died + dt.timedelta(days=rng.choice([0, 1, 2, 4])))
            unexpected = rng.random() < 0.45
            number = None
            stem = 900000 + (created * 37) % 99999
            while number is None:
                number = with_check_digit(f"999{stem:06d}")
                stem += 1
            case = actions.notify_case(by=by, footprint=fp, synthetic=True, details=CaseDetails(
                case_ref=f"{fp.split('-')[1][:2]}-OPEN-{i + 1:03d}", date_of_birth=born, date_of_death=died,
                sex=rng.choice(["male", "female"]), ethnic_group=rng.choice(["white"] * 5 + ["asian", "black", "mixed"]),
                residence_la_code=la, expected="unexpected" if unexpected else "expected", notified_on=notified,
                place_of_death="home" if unexpected else "hospital", nhs_number=number,
                given_name=rng.choice(["Alex", "Sam", "Robin", "Jamie"]), family_name="Example",
                address=f"{rng.randrange(1, 90)} Synthetic Road", lsoa_code=lsoa,
                birthweight_g=rng.randrange(600, 4200), gestation_weeks=rng.randrange(24, 41),
                maternal_age=rng.randrange(17, 42)))
            created += 1
            actions.add_carer(by=by, case=case, relationship="mother", details_status="recorded",
                              name="Synthetic Mother", age_years=case.maternal_age, lives_with_child="yes")
            partner_status = rng.choice(["recorded", "not_known", "not_recorded", "not_recorded"])
            actions.add_carer(by=by, case=case, relationship="mothers_partner", details_status=partner_status,
                              name="Synthetic Partner" if partner_status == "recorded" else "")
            if unexpected:
                actions.start_joint_agency_response(by=by, case=case, on=notified, lead="joint")
            target = min(len(STEPS) - 1, max(0, age_months // 2 + rng.randrange(-1, 2)))
            day = notified
            for step in STEPS[1:target + 1]:
                day = min(today, day + dt.timedelta(days=rng.randrange(5, 30)))
                if step == State.AWAITING_EXTERNAL:
                    actions.set_external_processes(by=by, case=case, post_mortem=True, inquest=unexpected,
                                                   criminal=False, safeguarding_review=False)
                if step == State.INFORMATION_GATHERING:
                    actions.move_case(by=by, case=case, to_state=step, on=day)
                    for agency in ("police", "gp", "health_visiting")[: 2 + unexpected]:
                        actions.request_agency_report(by=by, case=case, agency=agency, requested_on=day,
                                                      due_on=day + dt.timedelta(days=28))
                    continue
                if step == State.PANEL_SCHEDULED:
                    will_review = STEPS[target] == State.PANEL_REVIEWED
                    meeting = min(today, day + dt.timedelta(days=21)) if will_review else (
                        today + dt.timedelta(days=14 + 7 * (i % 2)))
                    actions.move_case(by=by, case=case, to_state=step, on=day, panel_date=meeting)
                    day = meeting
                    continue
                if step == State.PANEL_REVIEWED:
                    actions.record_panel_review(
                        by=by, case=case, reviewed_on=day, categories=["perinatal", "infection"],
                        factor_levels={"smoking_pregnancy": 2, "co_sleeping": 0, "safeguarding": 1},
                        factor_notes={"smoking_pregnancy": "Synthetic note: smoked throughout pregnancy."},
                        learning_points="Synthetic learning point: offer CO testing at every antenatal contact.")
                    continue
                if step == State.LOCAL_REVIEW_HELD and case.state == State.NOTIFIED:
                    continue
                if step == State.LOCAL_REVIEW_HELD and case.awaiting_post_mortem:
                    # the post-mortem report has come back; an inquest may still be open
                    actions.set_external_processes(by=by, case=case, post_mortem=False, inquest=case.awaiting_inquest,
                                                   criminal=False, safeguarding_review=False)
                case.refresh_from_db()
                if step in actions.TRANSITIONS.get(case.state, ()):
                    actions.move_case(by=by, case=case, to_state=step, on=day)
                case.refresh_from_db()
    return created
