from django.urls import path

from supporters import views

app_name = "supporters"

urlpatterns = [
    path("follow/<slug:slug>/", views.follow, name="follow"),
    path("follow/<slug:slug>/sent/", views.follow_sent, name="follow_sent"),
    path("confirm-follow/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/data.json", views.follower_data, name="follower_data"),
]
