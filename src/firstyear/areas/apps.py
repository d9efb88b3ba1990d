from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "firstyear.areas"
    label = "areas"
    verbose_name = "Areas"
