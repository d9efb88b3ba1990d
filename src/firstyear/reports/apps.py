from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "firstyear.reports"
    label = "reports"
    verbose_name = "Reports"
