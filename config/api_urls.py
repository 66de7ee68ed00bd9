"""Open data, version 1. Documented in docs/api.md; each view described for
openapi.json in its app's openapi.py (core/openapi.py)."""

from django.urls import path

from campaigns import api as campaigns_api
from mirrors import api as mirrors_api
from prisoners import api as prisoners_api
from sitewide import views as sitewide_views

app_name = "api"

urlpatterns = [
    path("prisoners/", prisoners_api.prisoner_list, name="prisoners"),
    path("prisoners.csv", prisoners_api.prisoner_csv, name="prisoners-csv"),
    path("statistics/", prisoners_api.statistics_json, name="statistics"),
    path("statistics.csv", prisoners_api.statistics_csv, name="statistics-csv"),
    path("letters/", prisoners_api.letters_json, name="letters"),
    path("letters.csv", prisoners_api.letters_csv, name="letters-csv"),
    path("prisoners/<slug:slug>/", prisoners_api.prisoner_detail, name="prisoner"),
    path("campaigns/", campaigns_api.campaign_list, name="campaigns"),
    path("campaigns/<slug:slug>/", campaigns_api.campaign_detail, name="campaign"),
    path("mirrors/", mirrors_api.mirror_list, name="mirrors"),
    path("openapi.json", sitewide_views.api_description, name="openapi"),
]
