"""The site's public address (settings.SITE_URL) and the Wagtail Site record that follows it.

Wagtail builds every absolute URL (canonical, og:url, sitemap, feeds, e-mails) from the Site
record's hostname and port, so after each migrate the default Site is set from SITE_URL: one
setting instead of a record edited by hand that drifts from the real address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def host_and_port(url: str | None = None) -> tuple[str, int]:
    parts = urlsplit(url or settings.SITE_URL)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute(path: str) -> str:
    """An absolute URL on the public site for a path starting with "/" (a URL that already
    names its host, such as a picture on object storage, is returned as it is)."""
    if urlsplit(path).scheme:
        return path
    return site_url() + path


def sync_default_site(**_kwargs) -> None:
    """Point the default Site at SITE_URL (a post_migrate receiver; also used by the demo)."""
    from wagtail.models import Site

    hostname, port = host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
