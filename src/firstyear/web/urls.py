from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from firstyear.accounts.forms import SignInForm
from firstyear.web import (
    converters,  # noqa: F401  (registers the path converters first)
    views,
)
from firstyear.web.api import api

urlpatterns = [
    path("", include(([
        path("", views.home, name="home"),
        path("styleguide/", views.styleguide, name="styleguide"),
        path("methods/", views.methods, name="methods"),
        path("accessibility/", views.accessibility, name="accessibility"),
    ], "web"))),
    path("accounts/login/", auth_views.LoginView.as_view(form_class=SignInForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("areas/", include("firstyear.areas.urls")),
    path("indicators/", include("firstyear.indicators.urls")),
    path("data/", include("firstyear.indicators.data_urls")),
    path("plans/", include("firstyear.plans.urls")),
    path("reviews/", include("firstyear.reviews.urls")),
]
