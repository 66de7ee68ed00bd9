from django.urls import path

from core.page_cache import public_page
from stories import feeds, views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("feed/", public_page(feeds.StoryFeed()), name="feed"),
    path("<slug:slug>/", views.story_detail, name="detail"),
]
