from django.urls import path

from campaigns import feeds, views
from core.page_cache import public_page

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("confirm/<str:token>/", views.signature_confirm, name="confirm"),
    path("withdraw/<str:token>/", views.signature_withdraw, name="withdraw"),
    path("withdraw/<str:token>/data.json", views.signature_data, name="data"),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path("<slug:slug>/sign/", views.campaign_sign, name="sign"),
    path("<slug:slug>/thanks/", views.campaign_thanks, name="thanks"),
    path("<slug:slug>/confirmed/", views.signature_confirmed, name="confirmed"),
    path("<slug:slug>/counter/", views.campaign_counter, name="counter"),
    path("<slug:slug>/embed/", views.campaign_embed, name="embed"),
    path("<slug:slug>/feed/", public_page(feeds.CampaignUpdatesFeed()), name="feed"),
]
