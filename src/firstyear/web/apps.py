from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "firstyear.web"
    label = "web"
    verbose_name = "Web"

    def ready(self):
        # Django's own Group model is not used (roles live in accounts.roles); keep it out of the admin.
        from django.contrib import admin
        from django.contrib.auth.models import Group

        if admin.site.is_registered(Group):
            admin.site.unregister(Group)
