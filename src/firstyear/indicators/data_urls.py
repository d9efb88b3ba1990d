from django.urls import path

from firstyear.indicators import upload

app_name = "data"
urlpatterns = [
    path("import/", upload.import_page, name="import"),
    path("import/confirm/", upload.confirm_import, name="import_confirm"),
]
