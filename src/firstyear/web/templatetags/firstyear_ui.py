"""Template helpers for firstyear's GOV.UK-style components.

Load with ``{% load firstyear_ui %}``. The components in ``templates/components/`` use these;
pages rarely need them directly.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.core.paginator import Page
from django.forms import BoundField, SelectDateWidget

register = template.Library()

# Fingertips comparison labels, as pages pass them, to (CSS modifier, text shown).
_COMPARISONS = {
    "better": ("better", "Better"),
    "similar": ("similar", "Similar"),
    "worse": ("worse", "Worse"),
    "lower": ("lower", "Lower"),
    "higher": ("higher", "Higher"),
    "not compared": ("not-compared", "Not compared"),
}

# RAG statuses (and the words people use for them) to (CSS modifier, text shown).
_RAG = {
    "red": ("red", "Red"),
    "amber": ("amber", "Amber"),
    "green": ("green", "Green"),
    "blue": ("blue", "Complete"),
    "complete": ("blue", "Complete"),
    "completed": ("blue", "Complete"),
    "grey": ("grey", "Not started"),
    "gray": ("grey", "Not started"),
    "not started": ("grey", "Not started"),
    "stopped": ("grey", "Stopped"),
}


def _norm(value) -> str:
    return " ".join(str(value or "").replace("_", " ").replace("-", " ").split()).lower()


@register.filter
def comparison(label):
    """``"better 99.8%"`` -> ``{"modifier": "better-998", "text": "Better (99.8%)", ...}``.

    Accepts "better", "similar", "worse", "lower", "higher", "not compared" (also
    "not-compared", "not_compared", any case), each but similar and not compared
    optionally followed by "99.8%" or "998". Anything else is shown as given, unstyled
    (the not-compared look), so an unexpected label is still readable.
    """
    text = _norm(label)
    strong = False
    for suffix in (" 99.8%", " 99.8", " 998"):
        if text.endswith(suffix):
            text, strong = text[: -len(suffix)], True
            break
    if text in ("not compared", "notcompared", "none", ""):
        text = "not compared"
    if text in _COMPARISONS:
        modifier, shown = _COMPARISONS[text]
        if strong and modifier in ("better", "worse", "lower", "higher"):
            return {"modifier": f"{modifier}-998", "text": f"{shown} (99.8%)", "known": True}
        return {"modifier": modifier, "text": shown, "known": True}
    return {"modifier": "not-compared", "text": str(label), "known": False}


@register.filter
def rag(status):
    """``"amber"`` -> ``{"modifier": "amber", "text": "Amber"}``; unknown -> grey with the word."""
    key = _norm(status)
    if key in _RAG:
        modifier, text = _RAG[key]
        return {"modifier": modifier, "text": text, "known": True}
    return {"modifier": "grey", "text": str(status or "Unknown"), "known": False}


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, SelectDateWidget):
        return "date"
    wt = field.widget_type
    return {
        "checkbox": "checkbox",
        "radioselect": "radios",
        "checkboxselectmultiple": "checkboxes",
        "textarea": "textarea",
        "select": "select",
        "selectmultiple": "select",
        "nullbooleanselect": "select",
        "file": "file",
        "clearablefile": "file",
    }.get(wt, "input")


_FIELD_OPTIONS = ("label", "hint", "label_class", "input_class", "is_page_heading", "inline")


@register.simple_tag(takes_context=True)
def field_info(context, field: BoundField):
    """What ``components/field.html`` needs to lay out one bound field.

    ``{% field_info field as f %}``. The include's optional parameters (label, hint,
    label_class, input_class, is_page_heading, inline) are read from the context here, so
    leaving them out is not an "invalid variable" (templates stay clean under
    ``string_if_invalid`` / pytest-django's ``--fail-on-template-vars``).
    """
    opts = {name: context.get(name) or "" for name in _FIELD_OPTIONS}
    label, hint = opts["label"], opts["hint"]
    kind = _kind(field)
    base_id = field.auto_id or f"id_{field.html_name}"
    hint_text = hint if hint else field.help_text
    label_text = label if label else field.label
    hint_id = f"{base_id}-hint" if hint_text else ""
    error_id = f"{base_id}-error" if field.errors else ""
    return {
        "kind": kind,
        "id": base_id,
        "label": label_text,
        "hint": hint_text,
        "hint_id": hint_id,
        "error_id": error_id,
        "describedby": " ".join(x for x in (hint_id, error_id) if x),
        "fieldset": kind in ("radios", "checkboxes", "date"),
        "optional": not field.field.required and kind != "checkbox",
        "anchor": error_anchor(field),
        "label_class": opts["label_class"],
        "input_class": opts["input_class"],
        "is_page_heading": bool(opts["is_page_heading"]),
        "inline": bool(opts["inline"]),
    }


_CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}


@register.simple_tag
def govuk_widget(field: BoundField, describedby="", extra_class=""):
    """Render the field's own widget (keeping its attributes: type, autocomplete,
    maxlength…) with GOV.UK classes, error state and aria-describedby added."""
    kind = _kind(field)
    base, error = _CONTROL_CLASSES.get(kind, ("", ""))
    classes = [field.field.widget.attrs.get("class", ""), base, extra_class]
    if field.errors and error:
        classes.append(error)
    if field.widget_type == "date":
        classes.append("govuk-input--width-10")
    attrs = {"class": " ".join(c for c in classes if c)}
    if describedby:
        attrs["aria-describedby"] = describedby
    if field.widget_type == "email":
        attrs["spellcheck"] = "false"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def date_parts(field: BoundField):
    """Day, month and year boxes for a ``SelectDateWidget`` field, shown the GOV.UK
    way (three text inputs). The names ``<name>_day``, ``<name>_month``,
    ``<name>_year`` are the ones ``SelectDateWidget`` reads back, so the form
    needs no other change."""
    name, base_id = field.html_name, field.auto_id or f"id_{field.html_name}"
    values = {"day": "", "month": "", "year": ""}
    if field.form.is_bound:
        for part in values:
            values[part] = field.form.data.get(f"{name}_{part}", "")
    else:
        value = field.value()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                value = None
        if isinstance(value, dt.date):
            values = {"day": value.day, "month": value.month, "year": value.year}
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "name": f"{name}_{part}",
            "id": f"{base_id}_{part}",
            "value": values[part],
            "width": 4 if part == "year" else 2,
        }
        for part in ("day", "month", "year")
    ]


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id that an error summary link should jump to: the first control of the field."""
    base_id = field.auto_id or f"id_{field.html_name}"
    kind = _kind(field)
    if kind in ("radios", "checkboxes"):
        return f"{base_id}_0"
    if kind == "date":
        return f"{base_id}_day"
    return base_id


@register.filter
def first_anchor(form) -> str:
    """Where a form-wide (non-field) error links to: the first visible field."""
    for field in form.visible_fields():
        return error_anchor(field)
    return "main-content"


@register.filter
def elided_pages(page: Page, on_each_side: int = 1):
    """Page numbers with ``…`` gaps, as GOV.UK pagination shows them: 1 … 4 5 6 … 20."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=1)
    )


@register.filter
def pairs(items):
    """Normalise a list of ``(a, b)`` pairs or ``{"text"/"format": …, "url"/"href": …}``
    dicts to 2-tuples, so components accept either form."""
    out = []
    for item in items or ():
        if isinstance(item, dict):
            first = item.get("text", item.get("format", item.get("label", "")))
            second = item.get("url", item.get("href"))
            out.append((first, second))
        else:
            first, second = item
            out.append((first, second))
    return out
