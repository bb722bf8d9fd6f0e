"""Existing support items get the ledger's support type their name says, so that their
progress on the disclosure page counts decision lines by type, not by name.

The name is folded (no marks, đ → d, lower case) and read word by word, the most specific
words first: "sua chua" → house_repair (a repair's name says "nhà" too), "hoc bong" →
scholarship, "bhyt"/"bao hiem" → health_insurance, "bo"/"giong"/"sinh ke" → livelihood, then
"nha" → house_new; a name with none of them stays blank (counted by name, as before). Whole
words only: "bo" is not the "bo" of "bong". The rules are copied here, not imported, so that
the migration keeps doing what it did.

Page revisions hold their own copy of each item: the items of every campaign revision get the
same type, or the next publish of an older draft would blank them again. An item that already
has a type (in the table or in a revision) is left as it is.
"""

import re
import unicodedata

from django.db import migrations

RULES = (
    ("sua chua", "house_repair"),
    ("hoc bong", "scholarship"),
    ("bhyt", "health_insurance"),
    ("bao hiem", "health_insurance"),
    ("bo", "livelihood"),
    ("giong", "livelihood"),
    ("sinh ke", "livelihood"),
    ("nha", "house_new"),
)


def fold_words(name):
    text = unicodedata.normalize("NFD", (name or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " " + " ".join(re.findall(r"[0-9a-z]+", text)) + " "


def type_from_name(name):
    words = fold_words(name)
    for phrase, support_type in RULES:
        if f" {phrase} " in words:
            return support_type
    return ""


def fill_support_types(apps, schema_editor):
    SupportItem = apps.get_model("campaigns", "SupportItem")
    for item in SupportItem.objects.filter(support_type=""):
        found = type_from_name(item.name)
        if found:
            SupportItem.objects.filter(pk=item.pk).update(support_type=found)

    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    kinds = ContentType.objects.filter(app_label="campaigns", model="campaignpage")
    for revision in Revision.objects.filter(content_type__in=kinds).iterator():
        content = revision.content or {}
        changed = False
        for item in content.get("support_items") or []:
            if not item.get("support_type"):
                found = type_from_name(item.get("name"))
                if found:
                    item["support_type"] = found
                    changed = True
        if changed:
            Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_support_item_type"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(fill_support_types, migrations.RunPython.noop),
    ]
