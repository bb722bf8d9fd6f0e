"""Receipts, allocations and reversals (and reconciliation's decisions) are no longer in
Wagtail's reference index (AppendOnlyModel.wagtail_reference_index_ignore): drop the rows
recorded for them before, so "Usage" counts stay true."""

from django.db import migrations

LEDGER_MODELS = [
    ("donations", "receipt"),
    ("donations", "allocation"),
    ("donations", "reversal"),
    ("reconciliation", "decision"),
]


def drop_ledger_references(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    for app_label, model in LEDGER_MODELS:
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is not None:
            ReferenceIndex.objects.filter(content_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0006_ledger_total_unique_bucket"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(drop_ledger_references, migrations.RunPython.noop)]
