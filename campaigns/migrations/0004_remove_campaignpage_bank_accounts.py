"""The page's bank accounts now live in the ledger (donations 0008 copied them there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_support_item_unit"),
        ("donations", "0008_bankaccount_campaigns"),
    ]

    operations = [
        migrations.RemoveField(model_name="campaignpage", name="bank_accounts"),
    ]
