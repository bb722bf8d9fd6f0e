"""Share links that are plain URLs: no third-party script runs on our pages.

Facebook and Zalo read the page's Open Graph meta (sitewide.templatetags.page_meta) to build the
preview, so the link only has to carry the page's address.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

SHARE_TARGETS = (
    ("facebook", _("Share on Facebook"), "https://www.facebook.com/sharer/sharer.php", "u"),
    ("zalo", _("Share on Zalo"), "https://zalo.me/share", "url"),
)


def share_links(absolute_url):
    """[{"network", "label", "href"}] for the page at absolute_url."""
    return [
        {"network": network, "label": label, "href": f"{base}?{urlencode({param: absolute_url})}"}
        for network, label, base, param in SHARE_TARGETS
    ]
