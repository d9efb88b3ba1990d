"""Example objects for ``_styleguide.html`` (the /styleguide/ page), so the page needs no
view context: a form with errors, the same form empty, and a page of a paginator.

Only the style guide loads this library.
"""

from __future__ import annotations

from django import forms, template
from django.core.paginator import Paginator
from django.utils.safestring import mark_safe

register = template.Library()

AREAS = [
    ("", "Choose an area"),
    ("E06000001", "Ashford Vale"),
    ("E06000002", "Northbridge"),
    ("E06000003", "Kingsmere"),
]


class ExampleForm(forms.Form):
    # Error messages follow the GOV.UK style: say what to do, specific to the field.
    name = forms.CharField(
        label="Action title",
        help_text="For example, ‘Safer sleep training for health visitors’",
        max_length=200,
        error_messages={"required": "Enter an action title"},
    )
    email = forms.EmailField(
        label="Owner’s email address",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    area = forms.ChoiceField(
        label="Area",
        choices=AREAS,
        error_messages={"required": "Select the area this action is for"},
    )
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        choices=[
            ("grey", "Not started"),
            ("green", "On track"),
            ("amber", "At risk"),
            ("red", "Off track"),
            ("blue", "Complete"),
        ],
        error_messages={"required": "Select the status of this action"},
    )
    factors = forms.MultipleChoiceField(
        label="Which modifiable factors does this action address?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("smoking", "Smoking in pregnancy"),
            ("sleep", "Unsafe sleep"),
            ("access", "Late access to maternity care"),
        ],
        error_messages={"required": "Select at least one modifiable factor"},
    )
    review_date = forms.DateField(
        label="Review date",
        help_text="For example, 27 3 2026",
        widget=forms.SelectDateWidget(years=range(2020, 2031)),
        error_messages={
            "required": "Enter a review date",
            "invalid": "Review date must be a real date",
        },
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(
        label="I have checked these details with the action owner",
        error_messages={"required": "Confirm you have checked these details with the action owner"},
    )


@register.simple_tag
def styleguide_examples():
    invalid = ExampleForm(
        data={
            "name": "",
            "email": "not an email",
            "area": "",
            "review_date_day": "31",
            "review_date_month": "2",
            "review_date_year": "2026",
        },
        auto_id="err_%s",
    )
    invalid.is_valid()
    invalid.add_error(
        None, "This action overlaps an existing action for Northbridge. Change the title or area."
    )
    empty = ExampleForm(initial={"status": "green", "factors": ["sleep"]})
    page_obj = Paginator(range(1, 201), 10).get_page(5)
    return {
        "invalid": invalid,
        "empty": empty,
        "page_obj": page_obj,
        "breadcrumbs": [("Home", "/"), ("Style guide", None)],
        "chart_downloads": [("png", "#charts"), ("svg", "#charts")],
        "table_downloads": [("csv", "#tables"), ("xlsx", "#tables")],
        "summary_rows": [
            {"key": "Area", "value": "Northbridge", "href": "#summary"},
            {"key": "Owner", "value": "Priya Shah, Health Visiting Lead", "href": "#summary"},
            {
                "key": "Status",
                "value": mark_safe('<strong class="fy-rag fy-rag--amber">Amber</strong>'),
                "href": "#summary",
            },
            {"key": "Review date", "value": "27 March 2026", "href": "#summary"},
            {"key": "Notes", "value": ""},
        ],
    }
