from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from donations.models import BankAccount


class BankAccountViewSet(SnippetViewSet):
    model = BankAccount
    icon = "form"
    menu_label = _("Bank accounts")
    list_display = ["bank_name", "account_number", "holder", "is_active"]
    search_fields = ["bank_name", "account_number", "holder"]


register_snippet(BankAccountViewSet)
