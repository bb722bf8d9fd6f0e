from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from donations.models import BankAccount
from donations.services import audit


@hooks.register("register_log_actions")
def register_ledger_log_actions(actions):
    audit.register_actions(actions)


class BankAccountViewSet(SnippetViewSet):
    model = BankAccount
    icon = "form"
    menu_label = _("Bank accounts")
    list_display = ["bank_name", "account_number", "holder", "is_active"]
    search_fields = ["bank_name", "account_number", "holder"]


register_snippet(BankAccountViewSet)
