from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "firstyear.plans"
    label = "plans"
    verbose_name = "Action plans and recommendations"
    default_auto_field = "django.db.models.BigAutoField"
