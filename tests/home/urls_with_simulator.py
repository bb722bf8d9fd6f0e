"""The site's own URLs with the VNPay simulator mounted in front of Wagtail's catch-all, as
with DEBUG, for the browser tests that pay through it:
`pytest.mark.urls("tests.home.urls_with_simulator")`."""

from django.urls import include, path

from home import urls as site_urls

urlpatterns = [
    path("_vnpay-sandbox/", include("giving.payments.simulator.urls")),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
