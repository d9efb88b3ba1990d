from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "firstyear.indicators"
    label = "indicators"
    verbose_name = "Indicators"
