"""The site's root URLconf: it mounts every app's URLs, so it lives in the top app."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from sitewide import views
from sitewide.security.password_reset import LimitedPasswordResetView

urlpatterns = [
    # Wagtail's own "forgot password" view, limited per client address (ahead of the admin's).
    path(
        "admin/password_reset/",
        LimitedPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("", include("stories.urls")),
    path("", include("giving.urls")),
    path("reconciliation/", include("reconciliation.urls")),
    path("", include("mobilisation.urls")),
    path("", include("donations.urls")),
    path("", include("disclosure.urls")),
    path("minh-bach/", include("public_record.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>(?:original_images|images)/[^/]+)$",
            views.media,
            name="media",
        )
    )

if settings.DEBUG or settings.VNPAY_SIMULATOR_ENABLED:
    urlpatterns.append(path("_vnpay-sandbox/", include("giving.payments.simulator.urls")))

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "sitewide.views.page_not_found"
handler500 = "sitewide.views.server_error"
