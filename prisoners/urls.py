from django.urls import path

from core.page_cache import public_page
from prisoners import feeds, views

app_name = "prisoners"

urlpatterns = [
    path("", views.prisoner_list, name="list"),
    path("birthdays/", views.birthdays, name="birthdays"),
    path("letters/", views.letters_page, name="letters"),
    path("letters/suggest/", views.letter_suggest, name="letters_suggest"),
    path("methodology/", views.methodology, name="methodology"),
    path("statistics/", views.statistics, name="statistics"),
    path("search-index.json", views.search_index, name="search_index"),
    path("<slug:slug>/", views.prisoner_detail, name="detail"),
    path("<slug:slug>/feed/", public_page(feeds.PersonFeed()), name="feed"),
    path("<slug:slug>/letter/", views.prisoner_letter, name="letter"),
    path("<slug:slug>/letter/print/", views.prisoner_letter_print, name="letter_print"),
    path("<slug:slug>/letter/sent/", views.letter_sent, name="letter_sent"),
]
