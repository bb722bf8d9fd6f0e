"""Mounted at the root (home/urls.py). Donors' pages are under /ung-ho/ like the rest of the
public ledger; VNPay's IPN and Return URLs stay under /donations/vnpay/, where the merchant
account has them registered. The old donor paths redirect (308 keeps a POST a POST)."""

from django.urls import path
from django.views.generic import RedirectView

from giving.views import donate, status, vnpay

app_name = "giving"

urlpatterns = [
    path("ung-ho/gui/<int:campaign_id>/", donate.donate, name="donate"),
    path("ung-ho/khoan-ung-ho/<str:token>/", status.gift_status, name="gift_status"),
    path("donations/vnpay/ipn/", vnpay.ipn, name="vnpay_ipn"),
    path("donations/vnpay/return/", vnpay.vnpay_return, name="vnpay_return"),
    path("donations/give/<int:campaign_id>/", donate.moved, name="old_donate"),
    path(
        "donations/gift/<str:token>/",
        RedirectView.as_view(pattern_name="giving:gift_status", permanent=True),
        name="old_gift_status",
    ),
]
