"""Mounted at /donations/ (home/urls.py): VNPay's IPN and Return URLs live here."""

from django.urls import path

from giving.views import donate, status, vnpay

app_name = "giving"

urlpatterns = [
    path("give/<int:campaign_id>/", donate.donate, name="donate"),
    path("vnpay/ipn/", vnpay.ipn, name="vnpay_ipn"),
    path("vnpay/return/", vnpay.vnpay_return, name="vnpay_return"),
    path("gift/<str:token>/", status.gift_status, name="gift_status"),
]
