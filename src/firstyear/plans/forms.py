"""Forms for plans, actions, progress, responses and board paper narrative.

Each editing form carries the ``version`` it was loaded with (a hidden field); the actions layer
refuses a save from a stale version.
"""

from __future__ import annotations

from django import forms

from firstyear.accounts.models import User
from firstyear.indicators.models import Indicator
from firstyear.plans.constants import FACTOR_CHOICES, Board, Response, Status
from firstyear.plans.dates import DateKind, parse_plan_date

DATE_HINT = ("A date (31/03/2027), a month (March 2027 or Mar-27), or words: Ongoing, Review quarterly, TBC. "
             "Words are kept as written.")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PlanDateField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        parsed = parse_plan_date(text)
        if parsed.kind == DateKind.TEXT and len(text) < 4:
            raise forms.ValidationError("Enter a date, a month, or words such as Ongoing or TBC.")
        return parsed


class ActionForm(VersionedForm):
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                  error_messages={"required": "Enter what will be done"})
    objective = forms.ModelChoiceField(queryset=None, label="Objective or issue", empty_label=None)
    ref = forms.CharField(label="Reference", required=False, max_length=20,
                          help_text="The action's own number, if the plan gives one.")
    lead = forms.CharField(label="Lead", required=False, max_length=500,
                           help_text="The person and/or role accountable, as the plan names them.")
    lead_organisation = forms.CharField(label="Lead organisation", required=False, max_length=200)
    lead_user = forms.ModelChoiceField(queryset=None, required=False, label="Lead's firstyear account",
                                       help_text="So the action shows in their 'My actions'.")
    partners = forms.CharField(label="Partners", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="One partner a line.")
    outcome = forms.CharField(label="Outcome sought", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="The change you want to see, with a measure (for example, “SATOD below 6% by March 2027”).")
    reporting = forms.CharField(label="Reporting route", required=False, max_length=300,
                                help_text="For example: by exception, update at each meeting.")
    deep_dive = PlanDateField(label="Deep dive")
    due = PlanDateField(label="Due")
    status = forms.ChoiceField(choices=Status.choices, widget=forms.RadioSelect, label="Status")
    factors = forms.MultipleChoiceField(choices=FACTOR_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
                                        label="Modifiable factors it addresses")
    indicators = forms.ModelMultipleChoiceField(queryset=Indicator.objects.order_by("sort_order", "name"),
                                                required=False, widget=forms.CheckboxSelectMultiple,
                                                label="Indicators it should move")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        from firstyear.plans.models import Objective

        self.fields["objective"].queryset = Objective.objects.filter(priority__plan=plan).select_related("priority")
        self.fields["objective"].label_from_instance = lambda o: f"{o.priority.ref} › {o.ref} {o.title[:80]}".strip()
        self.fields["lead_user"].queryset = User.objects.filter(
            is_active=True, memberships__role__in=["programme_lead", "coordinator"]).distinct().order_by("email")
        self.fields["indicators"].label_from_instance = lambda i: i.short_name

    @staticmethod
    def initial_for(action) -> dict:
        return {
            "version": action.version, "description": action.description, "objective": action.objective_id,
            "ref": action.ref, "lead": action.lead, "lead_organisation": action.lead_organisation,
            "lead_user": action.lead_user_id, "partners": action.partners, "outcome": action.outcome,
            "reporting": action.reporting, "deep_dive": action.deep_dive.text or action.deep_dive.iso(),
            "due": action.due.text or action.due.iso(), "status": action.status, "notes": action.notes,
            "factors": action.factor_codes, "indicators": [i.pk for i in action.indicators.all()],
        }

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["indicators"] = list(data["indicators"])
        return data


class ProgressForm(VersionedForm):
    status = forms.ChoiceField(choices=Status.choices, widget=forms.RadioSelect, label="Status now")
    note = forms.CharField(label="What has happened since the last update?", widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=5000, error_messages={"required": "Say what has happened since the last update"})
    as_of = forms.DateField(label="Date of this update", widget=forms.SelectDateWidget, required=False,
                            help_text="For example, 27 3 2027. Leave blank for today.")
    evidence = forms.FileField(label="Evidence (optional)", required=False,
                               help_text="A document, spreadsheet, PDF or image, up to 10 MB.")


class PlanForm(VersionedForm):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the plan's title"})
    version_label = forms.CharField(label="Plan version", required=False, max_length=100,
                                    help_text="As the plan names it, for example “v3 (5 February 2020)”.")
    boards = forms.CharField(label="Governing boards", required=False, max_length=300,
                             help_text="For example: Health and Wellbeing Board; Safeguarding Children Partnership.")
    period_start = forms.DateField(label="Start", required=False, widget=forms.SelectDateWidget)
    period_end = forms.DateField(label="End", required=False, widget=forms.SelectDateWidget)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "The end must be after the start")
        return data


class ImportForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=None, label="Whose plan is it?", empty_label=None)
    title = forms.CharField(max_length=300, label="Plan title", error_messages={"required": "Enter the plan's title"})
    file = forms.FileField(label="Upload the plan", help_text="A Word document (.docx), Excel workbook (.xlsx), CSV or "
                                                             "Markdown table with a header row naming the columns.",
                           error_messages={"required": "Choose the file that holds the plan"})

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = areas


class ResponseForm(VersionedForm):
    response = forms.ChoiceField(choices=Response.choices, widget=forms.RadioSelect, label="Our response")
    plan = forms.ModelChoiceField(queryset=None, required=False, label="Plan it was adopted into")
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Where in our framework, or why not adopted")
    status = forms.ChoiceField(choices=Status.choices, widget=forms.RadioSelect, label="Status")
    progress = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Brief summary of progress")
    next_steps = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Next steps")
    actions = forms.ModelMultipleChoiceField(queryset=None, required=False, label="Actions that deliver it",
                                             widget=forms.SelectMultiple(attrs={"size": 8}),
                                             help_text="Hold Ctrl (or Cmd) to choose more than one.")

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        from firstyear.plans.models import Action

        self.fields["plan"].queryset = plans
        self.fields["actions"].queryset = (Action.objects.filter(plan__in=plans)
                                           .select_related("objective").order_by("plan", "objective__order", "order"))
        self.fields["actions"].label_from_instance = lambda a: f"{a.objective.ref} {a.description[:90]}".strip()

    def clean(self):
        data = super().clean()
        if data.get("response") == Response.NOT_ADOPTED and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the recommendation was not adopted")
        if data.get("response") == Response.ADOPTED and not data.get("plan"):
            self.add_error("plan", "Choose the plan it was adopted into")
        return data


class NarrativeForm(VersionedForm):
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Purpose")
    recommendations = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                      label="Recommendations for the board", help_text="One recommendation a line.")
    background = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Background",
                                 help_text="Leave a blank line between paragraphs.")
    next_steps = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Next steps")


class BoardChoiceForm(forms.Form):
    board = forms.ChoiceField(choices=Board.choices, label="Board")
    period = forms.CharField(max_length=10, label="Period", help_text="A financial year (2026/27), a calendar year (2026) or a quarter (2026-Q3).")
