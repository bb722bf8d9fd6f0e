"""An index for the public statement's amount filter: a range that matches few gifts (or
none) is read from it instead of walking the whole campaign in date order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0010_fund_confirmation_issuer_values"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="receipt",
            index=models.Index(fields=["campaign", "amount"], name="receipt_statement_amount"),
        ),
    ]
