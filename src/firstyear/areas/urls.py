from django.urls import path

from firstyear.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.profile, name="profile"),
    path("<str:code>/profile.<tablefmt:fmt>", views.profile_table, name="profile_table"),
    path("<str:code>/spine.<chartfmt:fmt>", views.spine_chart, name="spine_chart"),
    path("<str:code>/<slug:slug>/", views.area_indicator, name="indicator"),
    path("<str:code>/<slug:slug>/<str:kind>.<chartfmt:fmt>", views.area_indicator_chart, name="indicator_chart"),
    path("<str:code>/<slug:slug>/<str:kind>-data.<tablefmt:fmt>", views.area_indicator_table, name="indicator_table"),
]
