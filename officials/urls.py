from django.urls import path

from officials import views

app_name = "officials"

# Under the campaign's own address: /campaigns/<slug>/write/<letter>/<official>/.
urlpatterns = [
    path("<slug:slug>/write/<int:letter>/<int:official>/", views.official_letter, name="write"),
    path(
        "<slug:slug>/write/<int:letter>/<int:official>/print/",
        views.official_letter_print,
        name="print",
    ),
    path(
        "<slug:slug>/write/<int:letter>/<int:official>/sent/",
        views.official_letter_sent,
        name="sent",
    ),
    path(
        "<slug:slug>/write/<int:letter>/<int:official>/thanks/",
        views.official_letter_thanks,
        name="thanks",
    ),
]
