from django.urls import path

from firstyear.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/calendar/", views.plan_calendar, name="calendar"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("<int:pk>/export.<exportfmt:fmt>", views.plan_export, name="export"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("areas/<str:code>/coverage/", views.coverage, name="coverage"),
    path("areas/<str:code>/board-paper/", views.board_paper, name="board_paper"),
    path("areas/<str:code>/board-paper.<paperfmt:fmt>", views.board_paper_download, name="board_paper_download"),
    path("recommendations/", views.recommendations_index, name="recommendations"),
    path("recommendations/<int:pk>/", views.source_detail, name="source"),
    path("recommendations/<int:pk>/<str:code>/", views.area_responses, name="area_responses"),
    path("recommendations/<int:pk>/<str:code>/<int:rec>/", views.response_edit, name="response_edit"),
]
