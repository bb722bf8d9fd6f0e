"""A campaign's bank accounts become the ledger's relation (BankAccount.campaigns) instead of a
field of the campaign page, so that campaigns know nothing of the ledger.

Copies the rows of the page's many-to-many table into the new one (and back when reversed);
campaigns 0004 then drops the page's field. Page revisions saved with the old field still load:
the key is ignored.
"""

from django.db import migrations, models


def _tables(apps):
    CampaignPage = apps.get_model("campaigns", "CampaignPage")
    BankAccount = apps.get_model("donations", "BankAccount")
    old = CampaignPage._meta.get_field("bank_accounts").remote_field.through
    new = BankAccount._meta.get_field("campaigns").remote_field.through
    return old, new


def copy_to_ledger(apps, schema_editor):
    old, new = _tables(apps)
    rows = old.objects.values_list("campaignpage_id", "bankaccount_id")
    new.objects.bulk_create(
        [new(campaignpage_id=page, bankaccount_id=account) for page, account in rows],
        ignore_conflicts=True,
    )


def copy_to_pages(apps, schema_editor):
    old, new = _tables(apps)
    rows = new.objects.values_list("campaignpage_id", "bankaccount_id")
    old.objects.bulk_create(
        [old(campaignpage_id=page, bankaccount_id=account) for page, account in rows],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_support_item_unit"),
        ("donations", "0007_ledger_records_out_of_reference_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="bankaccount",
            name="campaigns",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Campaign pages that show this account to donors. Of a campaign's accounts "
                    "in use, the first by bank name is where its VietQR codes point."
                ),
                related_name="bank_accounts",
                to="campaigns.campaignpage",
                verbose_name="campaigns",
            ),
        ),
        migrations.RunPython(copy_to_ledger, copy_to_pages),
    ]
