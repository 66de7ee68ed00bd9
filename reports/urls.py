from django.urls import path

from reports import (
    converters,  # noqa: F401  (registers <month:…>)
    views,
)

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<month:month>/", views.month_page, name="month"),
    path("<month:month>/report.pdf", views.month_pdf, name="month-pdf"),
]
