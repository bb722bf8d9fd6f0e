"""The site's own URLs with the VNPay simulator mounted in front of Wagtail's catch-all, as
home/urls.py does with DEBUG: for the browser tests that pay through it and for the permission
matrix, whose walk must meet the simulator's pages too.
`pytest.mark.urls("tests.home.urls_with_simulator")`."""

from django.urls import include, path

from home import urls as site_urls

*_site, _wagtail_serve = site_urls.urlpatterns
urlpatterns = [
    *_site,
    path("_vnpay-sandbox/", include("giving.payments.simulator.urls")),
    _wagtail_serve,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
