from django.urls import path

from firstyear.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/regions.<tablefmt:fmt>", views.detail_table, name="detail_table"),
]
