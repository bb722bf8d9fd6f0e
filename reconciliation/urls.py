from django.urls import path

from .views.webhook import feed_webhook

app_name = "reconciliation"

urlpatterns = [
    path("feeds/<slug:slug>/", feed_webhook, name="feed"),
]
