"""Mount with `path("_vnpay-sandbox/", include("giving.payments.simulator.urls"))`.

The prefix is fixed: VNPayConfig's defaults point at /_vnpay-sandbox/…, like VNPay's own paths.
"""

from django.urls import path

from giving.payments.simulator import views

app_name = "vnpay_simulator"

urlpatterns = [
    path("paymentv2/vpcpay.html", views.pay, name="pay"),
    path("merchant_webapi/api/transaction", views.transaction_api, name="api"),
]
