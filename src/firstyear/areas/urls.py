from django.urls import path

from firstyear.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.profile, name="profile"),
]
