"""One LedgerTotal row per bucket key, enforced by a unique index on COALESCE(campaign, 0) and
COALESCE(area, 0) so NULL keys cannot repeat on SQLite or PostgreSQL.

Before it, a bucket could have several rows that "simply add up"; they are merged first (the
sums are unchanged, so every total reads the same before and after).
"""

import django.db.models.functions.comparison
from django.db import migrations, models
from django.db.models import Count, Min, Sum

KEY = ("fund_id", "campaign_id", "day", "channel", "donor_kind", "area_id")


def merge_duplicate_buckets(apps, schema_editor):
    LedgerTotal = apps.get_model("donations", "LedgerTotal")
    duplicated = (
        LedgerTotal.objects.values(*KEY)
        .annotate(rows=Count("id"), keep=Min("id"), total=Sum("amount"), count=Sum("gifts"))
        .filter(rows__gt=1)
        .order_by()
    )
    for group in list(duplicated):
        same_key = LedgerTotal.objects.filter(**{name: group[name] for name in KEY})
        same_key.exclude(pk=group["keep"]).delete()
        same_key.filter(pk=group["keep"]).update(amount=group["total"], gifts=group["count"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_support_item_unit"),
        ("donations", "0005_public_indexes"),
        ("sitewide", "0003_staff_groups_and_workflow"),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_buckets, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="ledgertotal",
            constraint=models.UniqueConstraint(
                models.F("fund"),
                django.db.models.functions.comparison.Coalesce("campaign", 0),
                models.F("day"),
                models.F("channel"),
                models.F("donor_kind"),
                django.db.models.functions.comparison.Coalesce("area", 0),
                name="ledger_total_one_row_per_bucket",
            ),
        ),
    ]
