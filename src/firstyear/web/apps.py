from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "firstyear.web"
    label = "web"
    verbose_name = "Web"
