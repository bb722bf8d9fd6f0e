"""The peak month gets its own dates; existing campaigns get 17/10 – 18/11 of their start year,
within their period (the rule CampaignPage.clean applies to a new one)."""

import datetime

from django.db import migrations, models


def fill_peak_months(apps, schema_editor):
    CampaignPage = apps.get_model("campaigns", "CampaignPage")
    for campaign in CampaignPage.objects.filter(peak_start__isnull=True, peak_end__isnull=True):
        year = campaign.start_date.year
        first = max(datetime.date(year, 10, 17), campaign.start_date)
        last = min(datetime.date(year, 11, 18), campaign.end_date)
        if first <= last:
            CampaignPage.objects.filter(pk=campaign.pk).update(peak_start=first, peak_end=last)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_remove_campaignpage_bank_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaignpage",
            name="peak_end",
            field=models.DateField(blank=True, null=True, verbose_name="peak month ends on"),
        ),
        migrations.AddField(
            model_name="campaignpage",
            name="peak_start",
            field=models.DateField(
                blank=True,
                help_text="Leave both peak month dates empty for 17/10 – 18/11 of the start year.",
                null=True,
                verbose_name="peak month starts on",
            ),
        ),
        migrations.RunPython(fill_peak_months, migrations.RunPython.noop),
    ]
