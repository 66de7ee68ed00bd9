from django.urls import path

from stories import feeds, views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("feed/", feeds.StoryFeed(), name="feed"),
    path("<slug:slug>/", views.story_detail, name="detail"),
]
