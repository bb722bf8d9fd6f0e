"""FundDayTotal (a fund's money per day), filled from the records; a partial index for goods
vouchers (a fund's stock). The fill sums the records as they stand here (its own copy of
donations.services.holdings.fund_day_sums, as a migration must not follow later code)."""

import zoneinfo
from collections import defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Sum
from django.db.models.functions import TruncDate


def fill(apps, schema_editor):
    Receipt = apps.get_model("donations", "Receipt")
    Voucher = apps.get_model("donations", "Voucher")
    FundTransfer = apps.get_model("donations", "FundTransfer")
    Reversal = apps.get_model("donations", "Reversal")
    FundDayTotal = apps.get_model("donations", "FundDayTotal")

    def live(model, name):
        return model.objects.filter(~Exists(Reversal.objects.filter(**{name: OuterRef("pk")})))

    sums = defaultdict(lambda: [0, 0, 0, 0])  # received, spent, transferred in, out
    local_day = TruncDate("received_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    receipts = (
        live(Receipt, "receipt")
        .exclude(channel="in_kind")
        .annotate(local_day=local_day)
        .values("fund_id", "local_day")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in receipts.iterator():
        sums[row["fund_id"], row["local_day"]][0] += row["total"]
    vouchers = (
        live(Voucher, "voucher")
        .exclude(method="goods")
        .values("fund_id", "paid_on", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in vouchers.iterator():
        column = 3 if row["kind"] == "transfer_out" else 1
        sums[row["fund_id"], row["paid_on"]][column] += row["total"]
    transfers = (
        live(FundTransfer, "transfer")
        .values("to_fund_id", "transferred_on")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in transfers.iterator():
        sums[row["to_fund_id"], row["transferred_on"]][2] += row["total"]
    FundDayTotal.objects.bulk_create(
        (
            FundDayTotal(
                fund_id=fund_id,
                day=day,
                received=values[0],
                spent=values[1],
                transferred_in=values[2],
                transferred_out=values[3],
            )
            for (fund_id, day), values in sums.items()
            if any(values)
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0005_campaign_peak_month"),
        ("donations", "0017_pledge_earmark"),
        ("sitewide", "0006_money_out_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FundDayTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("received", models.BigIntegerField(default=0)),
                ("spent", models.BigIntegerField(default=0)),
                ("transferred_in", models.BigIntegerField(default=0)),
                ("transferred_out", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "fund day total",
            },
        ),
        migrations.AddIndex(
            model_name="voucher",
            index=models.Index(
                condition=models.Q(("method", "goods")),
                fields=["fund", "paid_on"],
                name="voucher_goods_stock",
            ),
        ),
        migrations.AddField(
            model_name="funddaytotal",
            name="fund",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="donations.fund"
            ),
        ),
        migrations.AddConstraint(
            model_name="funddaytotal",
            constraint=models.UniqueConstraint(
                fields=("fund", "day"), name="fund_day_total_one_row"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
