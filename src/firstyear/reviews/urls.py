from django.urls import path

from firstyear.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("cases/new/", views.notify, name="notify"),
    path("cases/<str:case_ref>/", views.case_detail, name="case"),
    path("cases/<str:case_ref>/move/", views.case_move, name="move"),
    path("cases/<str:case_ref>/edit/", views.case_edit, name="edit"),
    path("cases/<str:case_ref>/review/", views.case_review, name="review"),
    path("cases/<str:case_ref>/recommendations/", views.add_recommendation, name="add_recommendation"),
    path("cases/<str:case_ref>/export/", views.case_export, name="case_export"),
    path("cases/<str:case_ref>/record/<slug:what>/", views.case_record, name="record"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="recommendation_status"),
    path("recommendations/<int:pk>/track/", views.track_recommendation, name="track_recommendation"),
    path("export/", views.list_export, name="export"),
    path("import/template.<tablefmt:fmt>", views.import_template, name="import_template"),
    path("agenda/", views.agenda, name="agenda"),
    path("code-lists/", views.code_lists, name="code_lists"),
    path("reports/", views.reports_index, name="reports"),
    path("reports/<str:code>/<fy:year>/", views.report_page, name="report"),
    path("reports/<str:code>/<fy:year>/narrative/", views.report_narrative, name="report_narrative"),
    path("audit/<str:code>/", views.audit_log, name="audit"),
]
