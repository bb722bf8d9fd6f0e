"""Cached template parts: {% fragment %}, {% money_fragment %} and {% form_fragment %}.

    {% fragment "name" vary… %} … {% endfragment %}

Wagtail's ``{% wagtailcache %}`` with the key and lifetime filled in from the ``fragments``
context (sitewide/caching/fragments.py explains the design): the site-wide generation and the
request's Wagtail site are always part of the key; ``money_fragment`` is rendered again when
the money version moves and lives the money rule's few seconds; ``form_fragment`` holds a form
whose CSRF token is put in fresh on every request.

Like Wagtail's tag it never caches a preview. It renders the part uncached for anything but a
GET or HEAD (a refused POST shows the reader's own values and errors) and wherever the context
cannot say which versions are current (no request, a template rendered outside the site's
engine, the fragment cache off or the shared cache down).
"""

import time

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key

from sitewide.caching.fragments import FRAGMENT_ALIAS

register = template.Library()


# Stands in for the CSRF token in a stored form_fragment; only [a-z0-9-], so no escaping
# changes it on its way into the HTML.
CSRF_PLACEHOLDER = "csrf-token-filled-in-per-request-5c1e7a"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, money=False, form=False):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.money = money
        self.form = form

    def render(self, context):
        request = context.get("request")
        keys = context.get("fragments")
        ttl = self.ttl(request, keys)
        if not ttl:
            return self.nodelist.render(context)
        vary = [keys.generation, keys.site]
        vary += [variable.resolve(context) for variable in self.vary_on]
        key = make_template_fragment_key(self.name, vary)
        cache = caches[FRAGMENT_ALIAS]
        value = self.usable(cache.get(key), keys)
        if value is None:
            if self.form:
                with context.push(csrf_token=CSRF_PLACEHOLDER):
                    value = self.nodelist.render(context)
            else:
                value = self.nodelist.render(context)
            cache.set(key, (keys.money if self.money else None, time.time(), value), ttl)
        if self.form and CSRF_PLACEHOLDER in value:
            return self.fill_in_token(context, value)
        return value

    def usable(self, entry, keys):
        """The stored HTML, unless money was recorded since it was rendered.

        Money parts follow the page cache's rule (pages.freshness): never older than the money
        max age (their ttl), and however many gifts arrive, rendered again at most once per
        PAGE_CACHE_MONEY_MIN_AGE seconds.
        """
        if entry is None:
            return None
        money, stored_at, html = entry
        if not self.money or money == keys.money:
            return html
        if time.time() - stored_at < float(settings.PAGE_CACHE_MONEY_MIN_AGE):
            return html
        return None

    def fill_in_token(self, context, value):
        """This reader's own token (and CSRF cookie), as {% csrf_token %} would give it. Only
        asked for when the form is there: a page whose token is used is never page-cached."""
        token = str(context.get("csrf_token") or "")
        if token in ("", "NOTPROVIDED"):  # no CSRF here: render it as {% csrf_token %} would
            return self.nodelist.render(context)
        # A node's output is not escaped again; the token is letters and digits.
        return value.replace(CSRF_PLACEHOLDER, token)

    def ttl(self, request, keys):
        """Seconds to keep this part, or 0 to render it uncached this time."""
        if request is None or keys is None or getattr(request, "is_preview", False):
            return 0
        if request.method not in ("GET", "HEAD"):
            return 0
        return keys.money_ttl if self.money else keys.ttl


def _fragment_tag(**options):
    def compile_tag(parser, token):
        bits = token.split_contents()
        if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
            raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name first")
        nodelist = parser.parse((f"end{bits[0]}",))
        parser.delete_first_token()
        vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
        return FragmentNode(nodelist, bits[1][1:-1], vary_on, **options)

    return compile_tag


register.tag("fragment", _fragment_tag())
register.tag("money_fragment", _fragment_tag(money=True))
register.tag("form_fragment", _fragment_tag(form=True))
