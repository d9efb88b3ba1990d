"""URL path converters for file formats and years, registered once for every app's URLs."""

from __future__ import annotations

from django.urls import register_converter


def _choice(*values: str):
    class Choice:
        regex = "|".join(values)

        def to_python(self, value):
            return value

        def to_url(self, value):
            return value

    return Choice


class FinancialYear:
    """"2014/15" appears in URLs as "2014-15"."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value.replace("/", "-")


register_converter(_choice("svg", "png"), "chartfmt")
register_converter(_choice("csv", "xlsx"), "tablefmt")
register_converter(_choice("json", "xlsx", "docx"), "exportfmt")
register_converter(_choice("docx", "pdf", "html"), "paperfmt")
register_converter(FinancialYear, "fy")
