"""The demo site, built by `manage.py load_demo_content`: shared pieces live here (areas,
images, the site frame); each app brings its own `demo.load()`.

Every step creates what is missing and leaves what exists, so running it twice changes nothing.
"""

import importlib
import importlib.util

from django.db import transaction

OPTIONAL_LOADERS = ["donations.demo", "reconciliation.demo"]  # skipped when an app is absent


def load_all():
    """Build the whole demo tree; returns the names of the optional loaders that ran."""
    from campaigns import demo as campaigns_demo
    from sitewide.demo import areas, site
    from stories import demo as stories_demo

    ran = []
    with transaction.atomic():
        area_book = areas.load()
        home = site.load()
        stories_demo.load(home, area_book)
        campaigns_demo.load(home, area_book)
        for name in OPTIONAL_LOADERS:
            if importlib.util.find_spec(name) is None:
                continue
            importlib.import_module(name).load()
            ran.append(name)
    return ran
