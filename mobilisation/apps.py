from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilisationConfig(AppConfig):
    """Launch ceremonies and their pledges: live entry, the stage screen, symbolic boards,
    pledges imported in bulk, reminders sent by e-mail, SMS or Zalo, and each ceremony's results."""

    name = "mobilisation"
    verbose_name = _("Mobilisation")
