"""The board's panel on the admin home: decisions waiting for its approval, each linking to
its page, and the houses that are late. Shown to whoever holds support.approve_decision."""

from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from support import services
from support.models import Decision
from support.scoping import decisions_for, houses_for

SHOWN = 10


class WaitingDecisionsPanel(Component):
    name = "support_waiting_decisions"
    template_name = "support/admin/home/waiting_decisions.html"
    order = 105

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        waiting = (
            decisions_for(self.user)
            .filter(status=Decision.Status.PROPOSED)
            .select_related("fund", "support_level", "proposed_by")
            .order_by("proposed_at", "pk")
        )
        late = houses_for(self.user).filter(pk__in=services.late_houses())
        return {
            "decisions": list(waiting[:SHOWN]),
            "count": waiting.count(),
            "user": self.user,
            "waiting_url": f"{reverse('decision:index')}?{urlencode({'status': 'proposed'})}",
            "late_count": late.count(),
            "late_url": f"{reverse('house:index')}?{urlencode({'late': 'true'})}",
        }
