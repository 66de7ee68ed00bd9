"""Open data, version 1. Documented in docs/api.md; each view described for
openapi.json in its app's openapi.py (core/openapi.py)."""

from django.urls import path

from campaigns import api as campaigns_api
from mirrors import api as mirrors_api
from prisoners import api as prisoners_api
from reports import api as reports_api
from sitewide import api as sitewide_api

app_name = "api"

urlpatterns = [
    path("prisoners/", prisoners_api.prisoner_list, name="prisoners"),
    path("prisoners.csv", prisoners_api.prisoner_csv, name="prisoners-csv"),
    path("statistics/", prisoners_api.statistics_json, name="statistics"),
    path("statistics.csv", prisoners_api.statistics_csv, name="statistics-csv"),
    path("letters/", prisoners_api.letters_json, name="letters"),
    path("letters.csv", prisoners_api.letters_csv, name="letters-csv"),
    path("records.csv", prisoners_api.records_csv, name="records-csv"),
    path("prisoners/<slug:slug>/", prisoners_api.prisoner_detail, name="prisoner"),
    path("campaigns/", campaigns_api.campaign_list, name="campaigns"),
    path("campaigns.csv", campaigns_api.campaign_csv, name="campaigns-csv"),
    path("campaigns/<slug:slug>/", campaigns_api.campaign_detail, name="campaign"),
    path(
        "campaigns/<slug:slug>/signatures/",
        campaigns_api.campaign_signatures,
        name="campaign-signatures",
    ),
    path(
        "campaigns/<slug:slug>/signatures.csv",
        campaigns_api.campaign_signatures_csv,
        name="campaign-signatures-csv",
    ),
    path("mirrors/", mirrors_api.mirror_list, name="mirrors"),
    path("datapackage.json", sitewide_api.datapackage, name="datapackage"),
    path("reports/<month:month>/", reports_api.report_json, name="report"),
    path("reports/<month:month>.csv", reports_api.report_csv, name="report-csv"),
    path("openapi.json", sitewide_api.api_description, name="openapi"),
]
