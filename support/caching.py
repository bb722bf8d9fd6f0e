"""What makes cached public pages stale on support's side: a household's consent (its name in
public), a story link (the "supported by the Fund" line on a story page), a decision, a support
level, a house's stage or photo (the disclosure's progress, photos and counts, kept once per
version). Each bumps the page cache's generation (sitewide.caching.invalidation), at once and
again at commit, so no cached page keeps a name whose consent was withdrawn."""

from django.db.models.signals import post_delete, post_save

from sitewide.caching.invalidation import site_changed

from .models import (
    Beneficiary,
    Decision,
    DecisionLine,
    DecisionRevocation,
    House,
    HousePhoto,
    SupportLevel,
)

MODELS = (Beneficiary, Decision, DecisionLine, DecisionRevocation, House, HousePhoto, SupportLevel)


def connect():
    for model in MODELS:
        uid = f"support-pagecache-{model._meta.label}"
        post_save.connect(site_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(site_changed, sender=model, dispatch_uid=f"{uid}-delete")
