"""Thin views of the simulator; the logic is in gateway.py (pay page) and api.py (the API)."""

import json

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from giving.payments import vnpay
from giving.payments.simulator import api, gateway
from giving.payments.vnpay_config import SIMULATOR_HASH_SECRET, simulator_enabled_explicitly


def _config():
    """The simulator answers only where allowed, and only for orders meant for it.

    With a merchant secret of its own configured (not the simulator's public one), it needs the
    explicit VNPAY_SIMULATOR_ENABLED: DEBUG alone must not turn a real secret into a free "Pay".
    """
    if not vnpay.simulator_allowed():
        raise Http404
    config = vnpay.VNPayConfig.from_settings()
    explicit = simulator_enabled_explicitly()
    if not config.uses_simulator or (config.hash_secret != SIMULATOR_HASH_SECRET and not explicit):
        raise Http404
    return config


@never_cache
@require_http_methods(["GET", "POST"])
def pay(request):
    """The payment page: GET shows the order, POST ends it with the donor's choice."""
    config = _config()
    try:
        order = gateway.read_order(request.GET, config)
        if request.method == "POST":
            outcome = request.POST.get("outcome")
            if outcome not in gateway.OUTCOMES:
                raise gateway.OrderRefused(_("Please choose one of the buttons."))
            return HttpResponseRedirect(gateway.complete(order, outcome, config))
        gateway.remember_pending(order)
    except gateway.OrderRefused as refusal:
        context = {"message": refusal.message}
        return render(request, "giving/simulator/error.html", context, status=400)
    return render(request, "giving/simulator/pay.html", {"order": order, "config": config})


@csrf_exempt
@require_POST
def transaction_api(request):
    """querydr and refund (JSON in, signed JSON out); VNPay's API carries no CSRF token."""
    config = _config()
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    return JsonResponse(api.answer(data, config))
