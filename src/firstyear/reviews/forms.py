"""Forms for casework. Validation that matters lives in the actions; these map its errors back."""

from __future__ import annotations

from django import forms

from firstyear.reviews.models import (
    EthnicGroup,
    Expected,
    NhsMissingReason,
    PlaceOfDeath,
    RecommendationStatus,
    Sex,
)

YEARS = range(1995, 2031)
NO_IDENTIFIERS = "Do not write names, dates of birth or addresses here."


def date_field(label, required=True, help_text=""):
    what = label[0].lower() + label[1:]
    return forms.DateField(label=label, required=required, help_text=help_text or "For example, 27 3 2015",
                           widget=forms.SelectDateWidget(years=YEARS),
                           error_messages={"required": f"Enter the {what}", "invalid": f"The {what} must be a real date"})


def revision_field():
    """The revision of the case (or text) the form was loaded with, sent back so that a save from
    a stale page is refused rather than silently overwriting someone else's change."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, label="Version of the page", error_messages={
        "required": "This page is out of date: open it again", "invalid": "This page is out of date: open it again",
        "min_value": "This page is out of date: open it again"})


class CaseRevisionForm(forms.Form):
    """A form that changes a case: it carries the case's revision."""

    revision = revision_field()


def required_messages(form, messages: dict[str, str]) -> None:
    """GOV.UK error messages say what to do ("Enter the case reference"), not "This field is required"."""
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class NotifyForm(forms.Form):
    case_ref = forms.CharField(label="Case reference", max_length=40)
    given_name = forms.CharField(label="Child's first name", required=False, max_length=100)
    family_name = forms.CharField(label="Child's last name", required=False, max_length=100)
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=12,
                                 help_text="10 digits, for example 999 123 4561")
    nhs_number_missing_reason = forms.ChoiceField(label="If there is no NHS number, why not?", required=False,
                                                  choices=[("", "")] + NhsMissingReason.choices)
    date_of_birth = date_field("Date of birth")
    date_of_death = date_field("Date of death")
    notified_on = date_field("Date the death was notified")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    ethnic_group = forms.ChoiceField(label="Ethnic group", choices=EthnicGroup.choices)
    residence_la_code = forms.ChoiceField(label="Local authority of residence", choices=[])
    expected = forms.ChoiceField(label="Was the death expected?", choices=Expected.choices, widget=forms.RadioSelect)
    place_of_death = forms.ChoiceField(label="Place of death", choices=PlaceOfDeath.choices)
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    lsoa_code = forms.CharField(label="LSOA of residence", required=False, max_length=9,
                                help_text="For example E01012345. The deprivation quintile is worked out from it.")
    gestation_weeks = forms.IntegerField(label="Gestation at birth (weeks)", required=False)
    birthweight_g = forms.IntegerField(label="Birthweight (grams)", required=False)
    maternal_age = forms.IntegerField(label="Mother's age at the birth", required=False)

    def __init__(self, *args, residence_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence_la_code"].choices = list(residence_choices)
        required_messages(self, {
            "case_ref": "Enter the case reference", "sex": "Select the child's sex",
            "ethnic_group": "Select the ethnic group", "residence_la_code": "Select the local authority of residence",
            "expected": "Select whether the death was expected", "place_of_death": "Select the place of death"})

    def clean_nhs_number(self):
        from firstyear.reviews.validation import nhs_number_problem, normalise_nhs_number

        number = self.cleaned_data["nhs_number"].strip()
        if number:
            problem = nhs_number_problem(number)
            if problem:
                raise forms.ValidationError(problem[0].upper() + problem[1:])
        return normalise_nhs_number(number)


class CaseEditForm(CaseRevisionForm, NotifyForm):
    """Correcting the notification details of an existing case."""


class MoveForm(CaseRevisionForm):
    to_state = forms.ChoiceField(label="Move the case to", choices=[], widget=forms.RadioSelect)
    on = date_field("Date")
    panel_date = date_field("Panel meeting date", required=False, help_text="Only when scheduling for panel")

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = list(states)
        required_messages(self, {"to_state": "Select the next step"})


class ReviewForm(CaseRevisionForm):
    reviewed_on = date_field("Date of the panel review")
    categories = forms.MultipleChoiceField(
        label="Categories that apply", widget=forms.CheckboxSelectMultiple, choices=[],
        help_text="Tick every category that applies. The highest in the list is recorded.")
    insufficient_information = forms.BooleanField(
        label="The panel found the information insufficient to decide", required=False)
    learning_points = forms.CharField(label="Learning points", required=False, help_text=NO_IDENTIFIERS,
                                      widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.factors = list(version.factors.all())
        self.fields["categories"].choices = [(c.code, c.name) for c in version.categories.all()]
        required_messages(self, {"categories": "Select the categories of death that apply"})
        for f in self.factors:
            self.fields[f"factor_{f.code}"] = forms.ChoiceField(
                label=f.name, required=False, widget=forms.RadioSelect,
                choices=[("0", "0: not available"), ("1", "1: unlikely to have contributed"),
                         ("2", "2: may have contributed")], help_text=f.definition)
            self.fields[f"note_{f.code}"] = forms.CharField(label=f"Note on {f.name.lower()}", required=False,
                                                            max_length=500, help_text=NO_IDENTIFIERS)

    def factor_fields(self):
        return [(self[f"factor_{f.code}"], self[f"note_{f.code}"]) for f in self.factors]


class ExportForm(forms.Form):
    reason = forms.CharField(label="Why are you exporting these records?", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="This is written to the audit log with your name and the time.")
    format = forms.ChoiceField(label="Format", choices=[("csv", "CSV"), ("json", "JSON")], widget=forms.RadioSelect,
                               initial="csv")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required_messages(self, {"reason": "Say why you are exporting these records", "format": "Select a format"})


class RecommendationForm(CaseRevisionForm):
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_IDENTIFIERS)
    owner = forms.CharField(label="Owner", max_length=200, help_text="The role or organisation accountable")
    due_on = date_field("Due by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required_messages(self, {"text": "Write the recommendation", "owner": "Enter who owns it"})


class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=RecommendationStatus.choices)
    revision = revision_field()  # the case's: the form is on the case page


class NarrativeForm(forms.Form):
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="Leave empty to use the summary firstyear writes from the figures.")
    recommendations = forms.CharField(label="Recommendations of the panel", required=False,
                                      widget=forms.Textarea(attrs={"rows": 6}))
    summary_revision = revision_field()
    recommendations_revision = revision_field()

    KEYS = ("summary", "recommendations")

    def expected_revisions(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"{key}_revision"] for key in self.KEYS}


class CarerForm(CaseRevisionForm):
    relationship = forms.ChoiceField(label="Relationship to the child", widget=forms.RadioSelect, choices=[])
    details_status = forms.ChoiceField(label="Are their details known?", widget=forms.RadioSelect, choices=[],
                                       help_text="Ask about the mother's partner every time: record why details are missing.")
    name = forms.CharField(label="Full name", required=False, max_length=200)
    age_years = forms.IntegerField(label="Age in years", required=False)
    ethnic_group = forms.ChoiceField(label="Ethnic group", required=False, choices=[("", "Not known")] + EthnicGroup.choices)
    lives_with_child = forms.ChoiceField(label="Lived with the child", widget=forms.RadioSelect,
                                         choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")], initial="unknown")

    def __init__(self, *args, **kwargs):
        from firstyear.reviews.models import DetailsStatus, Relationship

        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = Relationship.choices
        self.fields["details_status"].choices = DetailsStatus.choices
        required_messages(self, {"relationship": "Select the relationship to the child",
                                 "details_status": "Select whether their details are known",
                                 "lives_with_child": "Select whether they lived with the child"})


class AgencyRequestForm(CaseRevisionForm):
    agency = forms.ChoiceField(label="Agency", choices=[])
    requested_on = date_field("Date requested")
    due_on = date_field("Date due", required=False)

    def __init__(self, *args, **kwargs):
        from firstyear.reviews.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = Agency.choices


class AgencyReturnForm(CaseRevisionForm):
    request = forms.ChoiceField(label="Which report came back?", widget=forms.RadioSelect, choices=[])
    returned_on = date_field("Date returned")

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [(str(r.pk), f"{r.get_agency_display()}, requested {r.requested_on:%-d %B %Y}")
                                          for r in requests]
        required_messages(self, {"request": "Select the report that came back"})


class ExternalForm(CaseRevisionForm):
    awaiting = forms.MultipleChoiceField(
        label="What is the review waiting for?", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("post_mortem", "Post-mortem report"), ("inquest", "Inquest"), ("criminal", "Criminal process"),
                 ("safeguarding_review", "Safeguarding practice review")],
        help_text="Untick a process when its outcome is known.")


class JarForm(CaseRevisionForm):
    on = date_field("Date the joint agency response started")
    lead = forms.ChoiceField(label="Lead agency", widget=forms.RadioSelect,
                             choices=[("police", "Police"), ("health", "Health"), ("joint", "Police and health jointly")])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_IDENTIFIERS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required_messages(self, {"lead": "Select the lead agency"})
