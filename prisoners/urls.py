from django.urls import path

from prisoners import views

app_name = "prisoners"

urlpatterns = [
    path("", views.prisoner_list, name="list"),
    path("birthdays/", views.birthdays, name="birthdays"),
    path("methodology/", views.methodology, name="methodology"),
    path("statistics/", views.statistics, name="statistics"),
    path("<slug:slug>/", views.prisoner_detail, name="detail"),
    path("<slug:slug>/letter/", views.prisoner_letter, name="letter"),
]
