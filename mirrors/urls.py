from django.urls import path

from mirrors import views

app_name = "mirrors"

urlpatterns = [
    path("", views.mirror_list, name="list"),
]
