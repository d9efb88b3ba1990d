"""Concurrent edits never silently overwrite: two secretariat officers open the same case (or the
same annual report text); the first saves; the second is refused with 409, told who changed what
and when (field names, never values), keeps what they typed, and can then save deliberately."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from firstyear.accounts.models import AuditEvent
from firstyear.reviews import actions
from firstyear.reviews.models import AgencyRequest, Carer, Case, Recommendation, ReportNarrative
from tests.reviews.conftest import walk_to_panel

pytestmark = pytest.mark.django_db

FOOTPRINT = "?footprint=CDOP-PANLANCS"
STALE = "Someone else changed this case while you were editing: "
CHECK = "Check the current details below, then save again."


class Clock:
    """The site's clock, frozen and moved on by hand (1 June 2015 is British Summer Time)."""

    def __init__(self):
        self.now = dt.datetime(2015, 6, 1, 9, 15, tzinfo=dt.UTC)  # 10:15 in London

    def __call__(self):
        return self.now

    def tick(self, minutes=5):
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock()
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def officers(footprints, persona):
    return (persona("cdop_secretariat", "CDOP-PANLANCS", email="alice@example.org"),
            persona("cdop_secretariat", "CDOP-PANLANCS", email="bob@example.org"))


@pytest.fixture
def browsers(officers):
    alice, bob = Client(), Client()
    alice.force_login(officers[0])
    bob.force_login(officers[1])
    return alice, bob


def date_fields(prefix, day, month, year):
    return {f"{prefix}_day": str(day), f"{prefix}_month": str(month), f"{prefix}_year": str(year)}


def hidden(page: str, name: str) -> str:
    """The value of a hidden field as the page rendered it."""
    found = re.search(rf'<input type="hidden" name="{re.escape(name)}" value="(\d+)"', page)
    assert found, f"no hidden {name} field"
    return found.group(1)


def error_summary(page: str) -> str:
    """The text of the GOV.UK error summary (tags stripped, entities decoded)."""
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert found, "no error summary"
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip())


def details_form(page_revision: str, **changes) -> dict:
    form = {"case_ref": "A-001", "given_name": "Testa", "family_name": "Childe", "nhs_number": "9434765919",
            **date_fields("date_of_birth", 1, 5, 2014), **date_fields("date_of_death", 10, 6, 2014),
            **date_fields("notified_on", 11, 6, 2014), "sex": "female", "ethnic_group": "white",
            "residence_la_code": "E06000008", "expected": "unexpected", "place_of_death": "unknown",
            "address": "1 Example Row", "postcode": "BB1 1AA", "lsoa_code": "E01012345", "birthweight_g": "2100",
            "revision": page_revision}
    form.update(changes)
    return form


# -- through the pages: two officers, one case -------------------------------------------------


def test_correcting_details_from_a_stale_form_is_refused_then_saved_deliberately(browsers, make_case, clock):
    make_case()
    alice, bob = browsers
    url = "/reviews/cases/A-001/edit/" + FOOTPRINT
    alice_page, bob_page = alice.get(url).content.decode(), bob.get(url).content.decode()
    assert hidden(alice_page, "revision") == hidden(bob_page, "revision") == "1"

    first = alice.post(url, details_form("1", postcode="BB2 2BB", **date_fields("date_of_death", 9, 6, 2014)))
    assert first.status_code == 302
    clock.tick()
    second = bob.post(url, details_form("1", birthweight_g="2450", place_of_death="hospital"))

    assert second.status_code == 409
    page = second.content.decode()
    assert error_summary(page) == (
        f"There is a problem {STALE}alice@example.org at 10:15 on 1 June 2015: date of death, postcode. {CHECK}")
    assert "<title>Error:" in page and "See the case as it is now" in page
    # Bob's typing is all still there; Alice's new values are not shown in the message (names only).
    assert 'value="2450"' in page and '<option value="hospital" selected>' in page
    assert "BB2 2BB" not in page
    # The form now carries the current revision, so that saving again is a deliberate choice.
    assert hidden(page, "revision") == "2"
    case = Case.objects.get(case_ref="A-001")
    ids = actions.decrypt_identifiers(case)
    assert (case.revision, case.birthweight_g, case.place_of_death) == (2, 2100, "unknown")
    assert (ids["postcode"], ids["date_of_death"]) == ("BB2 2BB", "2014-06-09")

    # Having checked the case, Bob saves again, keeping Alice's corrections.
    again = bob.post(url, details_form("2", birthweight_g="2450", place_of_death="hospital", postcode="BB2 2BB",
                                       **date_fields("date_of_death", 9, 6, 2014)))
    assert again.status_code == 302
    case.refresh_from_db()
    ids = actions.decrypt_identifiers(case)
    assert (case.revision, case.birthweight_g, case.place_of_death, ids["postcode"]) == (3, 2450, "hospital", "BB2 2BB")
    events = AuditEvent.objects.filter(action="case.changed", object_ref="A-001").order_by("at", "id")
    assert [(e.actor, e.detail["fields"], e.detail["revision"]) for e in events] == [
        ("alice@example.org", ["date_of_death", "postcode"], 2),
        ("bob@example.org", ["birthweight_g", "place_of_death"], 3)]


def test_recording_the_panel_review_from_a_stale_form_is_refused(browsers, make_case, clock):
    walk_to_panel(make_case())
    alice, bob = browsers
    url = "/reviews/cases/A-001/review/" + FOOTPRINT
    opened = hidden(bob.get(url).content.decode(), "revision")
    assert opened == hidden(alice.get(url).content.decode(), "revision") == "4"
    alice_review = {**date_fields("reviewed_on", 1, 10, 2014), "categories": ["sudi"], "factor_co_sleeping": "2",
                    "learning_points": "Safer sleep at every contact.", "revision": opened}
    bob_review = {**date_fields("reviewed_on", 2, 10, 2014), "categories": ["infection"], "factor_co_sleeping": "1",
                  "note_co_sleeping": "Cot in the parents' room.", "learning_points": "Bob's learning point.",
                  "revision": opened}
    assert alice.post(url, alice_review).status_code == 302
    clock.tick()

    second = bob.post(url, bob_review)
    assert second.status_code == 409
    page = second.content.decode()
    assert error_summary(page) == f"There is a problem {STALE}alice@example.org at 10:15 on 1 June 2015: panel review. {CHECK}"
    assert "Bob's learning point." in html.unescape(page) and "Cot in the parents' room." in html.unescape(page)
    assert re.search(r'value="infection" checked', page) and not re.search(r'value="sudi" checked', page)
    assert hidden(page, "revision") == "5"
    case = Case.objects.get(case_ref="A-001")
    assert (case.category.code, case.factor_levels, case.panel_reviewed_on) == ("sudi", {"co_sleeping": 2},
                                                                                dt.date(2014, 10, 1))
    assert actions.review_text(case)["learning_points"] == "Safer sleep at every contact."

    assert bob.post(url, bob_review | {"revision": "5"}).status_code == 302
    case.refresh_from_db()
    assert (case.category.code, case.factor_levels, case.revision) == ("infection", {"co_sleeping": 1}, 6)
    assert actions.review_text(case)["learning_points"] == "Bob's learning point."


def test_moving_the_workflow_from_a_stale_page_is_refused(browsers, make_case, clock):
    case = make_case()
    actions.move_case(by=None, case=case, to_state="information_gathering", on=dt.date(2014, 6, 20))
    alice, bob = browsers
    url = "/reviews/cases/A-001/" + FOOTPRINT
    opened = hidden(bob.get(url).content.decode(), "move-revision")
    assert opened == hidden(alice.get(url).content.decode(), "move-revision") == "2"
    first = alice.post("/reviews/cases/A-001/move/" + FOOTPRINT, {
        "move-to_state": "awaiting_external", **date_fields("move-on", 1, 7, 2014), "move-revision": opened})
    assert first.status_code == 302
    clock.tick()

    bob_move = {"move-to_state": "local_review_held", **date_fields("move-on", 3, 8, 2014), "move-revision": opened}
    second = bob.post("/reviews/cases/A-001/move/" + FOOTPRINT, bob_move)
    assert second.status_code == 409
    page = second.content.decode()
    assert error_summary(page) == (f"There is a problem {STALE}alice@example.org at 10:15 on 1 June 2015: moved the "
                                   f"case from gathering information to awaiting external processes. {CHECK}")
    # The page shows the case as it is now, with Bob's choice and date still in the form.
    assert "Awaiting external processes</strong>" in page
    assert re.search(r'value="local_review_held" checked', page)
    assert re.search(r'name="move-on_day"[^>]*value="3"', page)
    assert hidden(page, "move-revision") == "3"
    assert Case.objects.get(case_ref="A-001").state == "awaiting_external"

    assert bob.post("/reviews/cases/A-001/move/" + FOOTPRINT, bob_move | {"move-revision": "3"}).status_code == 302
    case.refresh_from_db()
    assert (case.state, case.local_review_on, case.revision) == ("local_review_held", dt.date(2014, 8, 3), 4)
    assert list(case.transitions.values_list("to_state", "actor")) == [
        ("notified", "system"), ("information_gathering", "system"), ("awaiting_external", "alice@example.org"),
        ("local_review_held", "bob@example.org")]


def test_a_step_no_longer_open_must_be_chosen_again(browsers, make_case, clock):
    make_case()
    alice, bob = browsers
    move = {"move-to_state": "information_gathering", **date_fields("move-on", 20, 6, 2014), "move-revision": "1"}
    assert alice.post("/reviews/cases/A-001/move/" + FOOTPRINT, move).status_code == 302
    second = bob.post("/reviews/cases/A-001/move/" + FOOTPRINT, move)
    assert second.status_code == 409
    summary = error_summary(second.content.decode())
    assert "moved the case from notified to gathering information" in summary and "Select the next step" in summary
    assert Case.objects.get(case_ref="A-001").transitions.count() == 2


def test_the_report_text_from_a_stale_form_is_refused(browsers, make_case, clock):
    make_case()
    alice, bob = browsers
    url = "/reviews/reports/CDOP-PANLANCS/2014-15/?edition=restricted"
    post = "/reviews/reports/CDOP-PANLANCS/2014-15/narrative/"
    bob_page = bob.get(url).content.decode()
    assert hidden(bob_page, "summary_revision") == hidden(bob_page, "recommendations_revision") == "0"
    assert alice.post(post, {"summary": "Alice's summary of the year.", "recommendations": "",
                             "summary_revision": "0", "recommendations_revision": "0"}).status_code == 302
    clock.tick()

    bob_text = {"summary": "Bob's summary.", "recommendations": "Bob recommends safer sleep.",
                "summary_revision": "0", "recommendations_revision": "0"}
    second = bob.post(post, bob_text)
    assert second.status_code == 409
    page = second.content.decode()
    assert error_summary(page) == (
        "There is a problem Someone else changed this report's text while you were editing: alice@example.org at "
        "10:15 on 1 June 2015: summary. Check the current text in the report above, then save again.")
    assert "Bob's summary." in html.unescape(page) and "Bob recommends safer sleep." in page
    assert "Alice's summary of the year." in html.unescape(page)  # in the report itself, above the form
    assert (hidden(page, "summary_revision"), hidden(page, "recommendations_revision")) == ("1", "0")
    narrative = dict(ReportNarrative.objects.values_list("key", "text"))
    assert narrative == {"summary": "Alice's summary of the year."}

    assert bob.post(post, bob_text | {"summary_revision": "1"}).status_code == 302
    narrative = {n.key: (n.text, n.revision, n.updated_by) for n in ReportNarrative.objects.all()}
    assert narrative == {"summary": ("Bob's summary.", 2, "bob@example.org"),
                         "recommendations": ("Bob recommends safer sleep.", 1, "bob@example.org")}
    events = AuditEvent.objects.filter(action="report_narrative.changed").order_by("at", "id")
    assert [(e.actor, e.detail) for e in events] == [
        ("alice@example.org", {"key": "summary", "revision": 1}),
        ("bob@example.org", {"key": "summary", "revision": 2}),
        ("bob@example.org", {"key": "recommendations", "revision": 1})]


RECORD_PAGES = {
    "carer": ({"relationship": "mothers_partner", "details_status": "not_known", "lives_with_child": "no"},
              ['value="not_known" checked', 'value="no" checked'], "added a parent or carer"),
    "agency": ({"agency": "gp", **date_fields("requested_on", 12, 6, 2014)},
               ['<option value="gp" selected>'], "requested an agency report (Police)"),
    "external": ({"awaiting": ["inquest"]}, ['value="inquest" checked'], "what the review is waiting for"),
    "jar": ({**date_fields("on", 11, 6, 2014), "lead": "police", "note": "Bob's note on the response."},
            ['value="police" checked', "Bob's note on the response."], "joint agency response"),
}


@pytest.mark.parametrize("what", list(RECORD_PAGES))
def test_one_thing_per_page_forms_refuse_a_stale_save(browsers, make_case, clock, what):
    case = make_case()
    alice, bob = browsers
    url = f"/reviews/cases/A-001/record/{what}/" + FOOTPRINT
    opened = hidden(bob.get(url).content.decode(), "revision")
    data, kept, alice_did = RECORD_PAGES[what]
    # Alice does the same kind of thing first.
    first = {"carer": {"relationship": "mother", "details_status": "recorded", "name": "Ann Example",
                       "lives_with_child": "yes"},
             "agency": {"agency": "police", **date_fields("requested_on", 12, 6, 2014)},
             "external": {"awaiting": ["post_mortem"]},
             "jar": {**date_fields("on", 11, 6, 2014), "lead": "joint"}}[what]
    assert alice.post(url, first | {"revision": opened}).status_code == 302
    clock.tick()
    second = bob.post(url, data | {"revision": opened})
    assert second.status_code == 409
    page = second.content.decode()
    assert error_summary(page) == f"There is a problem {STALE}alice@example.org at 10:15 on 1 June 2015: {alice_did}. {CHECK}"
    assert "Ann Example" not in page
    for snippet in kept:
        assert snippet in html.unescape(page)
    assert hidden(page, "revision") == "2"
    assert bob.post(url, data | {"revision": "2"}).status_code == 302
    case.refresh_from_db()
    assert case.revision == 3
    if what == "carer":
        assert sorted(case.carers.values_list("relationship", flat=True)) == ["mother", "mothers_partner"]
    elif what == "agency":
        assert sorted(case.agency_requests.values_list("agency", flat=True)) == ["gp", "police"]
    elif what == "external":
        assert (case.awaiting_post_mortem, case.awaiting_inquest) == (False, True)
    else:
        assert case.jar_lead == "police"


def test_an_agency_report_returned_twice_is_refused_not_overwritten(browsers, make_case, clock):
    case = make_case()
    request = actions.request_agency_report(by=None, case=case, agency="police", requested_on=dt.date(2014, 6, 12))
    alice, bob = browsers
    url = "/reviews/cases/A-001/record/return/" + FOOTPRINT
    opened = hidden(bob.get(url).content.decode(), "revision")
    assert opened == "2"
    assert alice.post(url, {"request": str(request.pk), **date_fields("returned_on", 1, 7, 2014),
                            "revision": opened}).status_code == 302
    second = bob.post(url, {"request": str(request.pk), **date_fields("returned_on", 3, 7, 2014), "revision": opened})
    assert second.status_code == 409
    page = second.content.decode()
    assert "alice@example.org at 10:15 on 1 June 2015: recorded an agency report returned (Police)" in error_summary(page)
    assert re.search(r'name="returned_on_day"[^>]*value="3"', page)
    assert AgencyRequest.objects.get().returned_on == dt.date(2014, 7, 1)


def test_recommendations_on_the_case_page_refuse_a_stale_save(browsers, make_case, clock):
    walk_to_panel(make_case())
    alice, bob = browsers
    page = bob.get("/reviews/cases/A-001/" + FOOTPRINT).content.decode()
    opened = hidden(page, "rec-revision")
    assert opened == "4"
    assert alice.post("/reviews/cases/A-001/move/" + FOOTPRINT, {
        "move-to_state": "local_review_held", **date_fields("move-on", 1, 10, 2014),
        "move-revision": opened}).status_code == 302
    clock.tick()
    rec = {"rec-text": "Offer safer sleep advice at discharge", "rec-owner": "Maternity",
           **date_fields("rec-due_on", 31, 3, 2015), "rec-revision": opened}
    second = bob.post("/reviews/cases/A-001/recommendations/" + FOOTPRINT, rec)
    assert second.status_code == 409
    page = second.content.decode()
    assert "moved the case from scheduled for panel to child death review meeting held" in error_summary(page)
    assert "Offer safer sleep advice at discharge</textarea>" in page and "<details class=\"govuk-details\" open>" in page
    assert not Recommendation.objects.exists()
    assert bob.post("/reviews/cases/A-001/recommendations/" + FOOTPRINT, rec | {"rec-revision": "5"}).status_code == 302
    saved = Recommendation.objects.get()
    assert Case.objects.get(case_ref="A-001").revision == 6

    # A status change from a page loaded before someone else's change is refused too.
    assert alice.post(f"/reviews/recommendations/{saved.pk}/status/", {"status": "on_track", "revision": "6",
                                                                      "next": "/reviews/"}).status_code == 302
    stale = bob.post(f"/reviews/recommendations/{saved.pk}/status/", {"status": "complete", "revision": "6",
                                                                     "next": "/reviews/"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "recommendation status from not started to on track" in error_summary(page)
    assert f'href="#rec-{saved.pk}-status"' in page and '<option value="complete" selected>' in page
    saved.refresh_from_db()
    assert saved.status == "on_track"


# -- the actions: every write that takes a revision --------------------------------------------


def _review(case, **kw):
    return actions.record_panel_review(case=case, reviewed_on=dt.date(2014, 10, 1), categories=["sudi"],
                                       factor_levels={"co_sleeping": 2}, **kw)


# name -> (prepare the case, the write, how to see that nothing was written)
WRITES = {
    "update_details": (None, lambda case, **kw: actions.update_details(case=case, changes={"birthweight_g": 2500}, **kw),
                       lambda case: case.birthweight_g == 2100),
    "move_case": (None, lambda case, **kw: actions.move_case(case=case, to_state="information_gathering",
                                                             on=dt.date(2014, 6, 20), **kw),
                  lambda case: case.state == "notified" and case.transitions.count() == 1),
    "set_external_processes": (None, lambda case, **kw: actions.set_external_processes(
        case=case, post_mortem=True, inquest=False, criminal=False, safeguarding_review=False, **kw),
        lambda case: not case.awaiting_post_mortem),
    "start_joint_agency_response": (None, lambda case, **kw: actions.start_joint_agency_response(
        case=case, on=dt.date(2014, 6, 11), lead="police", **kw), lambda case: case.jar_started_on is None),
    "add_carer": (None, lambda case, **kw: actions.add_carer(case=case, relationship="mother",
                                                             details_status="not_recorded", **kw),
                  lambda case: not Carer.objects.exists()),
    "request_agency_report": (None, lambda case, **kw: actions.request_agency_report(
        case=case, agency="police", requested_on=dt.date(2014, 6, 12), **kw),
        lambda case: not AgencyRequest.objects.exists()),
    "record_agency_return": (
        lambda case: actions.request_agency_report(by=None, case=case, agency="gp", requested_on=dt.date(2014, 6, 12)),
        lambda case, **kw: actions.record_agency_return(request=AgencyRequest.objects.get(), returned_on=dt.date(2014, 7, 1), **kw),
        lambda case: AgencyRequest.objects.get().returned_on is None),
    "record_panel_review": (walk_to_panel, _review, lambda case: case.category_id is None),
    "add_recommendation": (None, lambda case, **kw: actions.add_recommendation(
        footprint=case.footprint, case=case, text="Safer sleep", owner="Health visiting", due_on=dt.date(2015, 3, 31),
        financial_year_label="2014/15", **kw), lambda case: not Recommendation.objects.exists()),
    "set_recommendation_status": (
        lambda case: actions.add_recommendation(by=None, footprint=case.footprint, case=case, text="Safer sleep",
                                                owner="Health visiting", due_on=dt.date(2015, 3, 31),
                                                financial_year_label="2014/15"),
        lambda case, **kw: actions.set_recommendation_status(recommendation=Recommendation.objects.get(),
                                                             status="at_risk", **kw),
        lambda case: Recommendation.objects.get().status == "not_started"),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_refuses_a_stale_revision_and_says_who_changed_what(name, make_case, officers, clock):
    alice, bob = officers
    prepare, write, untouched = WRITES[name]
    case = make_case()
    if prepare:
        prepare(case)
    case.refresh_from_db()
    opened = case.revision
    # Alice corrects the case's postcode meanwhile.
    actions.update_details(by=alice, case=case, changes={"postcode": "BB2 2BB"}, expected_revision=opened)
    clock.tick()
    events = AuditEvent.objects.count()
    with pytest.raises(actions.EditConflict) as refused:
        write(case, by=bob, expected_revision=opened)
    conflict = refused.value
    assert (conflict.current_revision, conflict.expected_revision) == (opened + 1, opened)
    assert [(c.who, c.what) for c in conflict.changes] == [("alice@example.org", "postcode")]
    assert conflict.message() == f"{STALE}alice@example.org at 10:15 on 1 June 2015: postcode. {CHECK}"
    assert "BB2 2BB" not in conflict.message()
    current = Case.objects.get(pk=case.pk)
    assert current.revision == opened + 1 and untouched(current)
    assert AuditEvent.objects.count() == events  # nothing written, not even to the log

    # From the current revision it goes through and moves the case on one revision, in the log too.
    write(case, by=bob, expected_revision=opened + 1)
    current = Case.objects.get(pk=case.pk)
    assert current.revision == opened + 2 and not untouched(current)
    latest = AuditEvent.objects.filter(actor="bob@example.org").latest("id")
    assert latest.detail.get("revision", latest.detail.get("case_revision")) == opened + 2
    # Without a revision (imports, the demo, commands) nothing is checked.
    actions.update_details(by=None, case=case, changes={"postcode": "BB3 3CC"})


def test_every_change_to_the_case_or_its_children_moves_it_on(make_case):
    case = make_case()
    assert case.revision == 1
    seen = [1]

    def step(call):
        call()
        seen.append(Case.objects.get(pk=case.pk).revision)

    step(lambda: actions.add_carer(by=None, case=case, relationship="mother", details_status="not_known"))
    step(lambda: actions.request_agency_report(by=None, case=case, agency="police", requested_on=dt.date(2014, 6, 12)))
    step(lambda: actions.record_agency_return(by=None, request=AgencyRequest.objects.get(), returned_on=dt.date(2014, 7, 1)))
    step(lambda: actions.start_joint_agency_response(by=None, case=case, on=dt.date(2014, 6, 11), lead="joint"))
    step(lambda: actions.set_external_processes(by=None, case=case, post_mortem=True, inquest=False, criminal=False,
                                                safeguarding_review=False))
    step(lambda: walk_to_panel(case))
    step(lambda: _review(case, by=None))
    step(lambda: actions.add_recommendation(by=None, footprint=case.footprint, case=case, text="Safer sleep",
                                            owner="Health visiting", due_on=dt.date(2015, 3, 31),
                                            financial_year_label="2014/15"))
    step(lambda: actions.set_recommendation_status(by=None, recommendation=Recommendation.objects.get(), status="complete"))
    step(lambda: actions.update_details(by=None, case=case, changes={"maternal_age": 30}))
    assert seen == [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13]
    # Saving what is already recorded is not a change, so it does not make anyone's form stale.
    actions.set_external_processes(by=None, case=case, post_mortem=True, inquest=False, criminal=False,
                                   safeguarding_review=False)
    actions.update_details(by=None, case=case, changes={"maternal_age": 30})
    actions.set_recommendation_status(by=None, recommendation=Recommendation.objects.get(), status="complete")
    assert Case.objects.get(pk=case.pk).revision == 13


def test_the_conflict_lists_every_change_since_in_order_and_follows_a_new_reference(make_case, officers, clock):
    alice, bob = officers
    case = make_case()
    actions.add_carer(by=alice, case=case, relationship="mother", details_status="not_known", expected_revision=1)
    clock.tick()
    actions.update_details(by=bob, case=case, changes={"case_ref": "A-001R", "maternal_age": 31}, expected_revision=2)
    clock.tick()
    actions.move_case(by=alice, case=case, to_state="information_gathering", on=dt.date(2014, 6, 20),
                      expected_revision=3)
    with pytest.raises(actions.EditConflict) as refused:
        actions.add_carer(by=bob, case=case, relationship="father", details_status="not_known", expected_revision=1)
    assert [(c.who, c.what) for c in refused.value.changes] == [
        ("alice@example.org", "added a parent or carer"),
        ("bob@example.org", "case reference, mother's age"),
        ("alice@example.org", "moved the case from notified to gathering information")]
    assert refused.value.message().startswith(
        f"{STALE}alice@example.org at 10:15 on 1 June 2015: added a parent or carer; bob@example.org at 10:20 on "
        "1 June 2015: case reference, mother's age; alice@example.org at 10:25")
    event = AuditEvent.objects.get(action="case.changed", object_ref="A-001R", detail__revision=3)
    assert event.detail["renamed_from"] == "A-001"


def test_report_texts_are_checked_together_and_nothing_is_half_saved(footprints, officers, clock):
    alice, bob = officers
    scope = footprints[0]
    saved = actions.save_narratives(by=alice, scope=scope, financial_year_label="2014/15",
                                    texts={"summary": "First summary.", "recommendations": ""},
                                    expected_revisions={"summary": 0, "recommendations": 0})
    assert list(saved) == ["summary"] and saved["summary"].revision == 1
    assert actions.narrative_revisions(scope, "2014/15") == {"summary": 1, "recommendations": 0}
    clock.tick()
    with pytest.raises(actions.EditConflict) as refused:
        actions.save_narratives(by=bob, scope=scope, financial_year_label="2014/15",
                                texts={"summary": "Bob's summary.", "recommendations": "Bob's recommendations."},
                                expected_revisions={"summary": 0, "recommendations": 0})
    assert refused.value.current_revision == {"summary": 1, "recommendations": 0}
    assert [(c.who, c.what) for c in refused.value.changes] == [("alice@example.org", "summary")]
    assert dict(ReportNarrative.objects.values_list("key", "text")) == {"summary": "First summary."}
    # The single-text form of the action checks its revision the same way.
    with pytest.raises(actions.EditConflict):
        actions.save_narrative(by=bob, scope=scope, financial_year_label="2014/15", key="summary", text="Again.",
                               expected_revision=0)
    item = actions.save_narrative(by=bob, scope=scope, financial_year_label="2014/15", key="summary", text="Again.",
                                  expected_revision=1)
    assert (item.text, item.revision, item.updated_by) == ("Again.", 2, "bob@example.org")
    # Unchanged text is not written again (and makes nobody's form stale).
    actions.save_narrative(by=alice, scope=scope, financial_year_label="2014/15", key="summary", text="Again.",
                           expected_revision=2)
    assert ReportNarrative.objects.get(key="summary").revision == 2


def test_a_long_list_of_changes_names_the_latest_and_counts_the_rest(make_case, officers, clock):
    alice, bob = officers
    case = make_case()
    for revision in range(1, 8):
        actions.add_carer(by=alice, case=case, relationship="other_carer", details_status="not_known",
                          expected_revision=revision)
        clock.tick(1)
    with pytest.raises(actions.EditConflict) as refused:
        actions.move_case(by=bob, case=case, to_state="information_gathering", on=dt.date(2014, 6, 20),
                          expected_revision=1)
    assert len(refused.value.changes) == 7
    message = refused.value.message()
    assert message.startswith(f"{STALE}2 earlier changes, then alice@example.org at 10:17 on 1 June 2015: added a "
                              "parent or carer; alice@example.org at 10:18")
    assert message.count("added a parent or carer") == 5 and message.endswith(f"10:21 on 1 June 2015: added a parent or carer. {CHECK}")
