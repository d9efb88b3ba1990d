from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "firstyear.reviews"
    label = "reviews"
    verbose_name = "Child death review register"
