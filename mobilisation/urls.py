"""Public URLs of mobilisation: the link in a reminder that stops further reminders."""

from django.urls import path

from .views import OptOutView

app_name = "mobilisation"
urlpatterns = [
    path("nhac-cam-ket/tu-choi/<str:token>/", OptOutView.as_view(), name="opt_out"),
]
