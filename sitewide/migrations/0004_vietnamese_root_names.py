"""The tree roots Wagtail creates are named "Root" in its data, not through a translation:
staff see that name in the page explorer's breadcrumbs and in every collection chooser. Name
them in Vietnamese; only a root still called "Root" is renamed, so a name given in the admin
stays."""

from django.db import migrations

ROOT_PAGE_TITLE = "Gốc"
ROOT_COLLECTION_NAME = "Tất cả"


def name_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(
        title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE
    )
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)


def restore_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT_PAGE_TITLE).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name=ROOT_COLLECTION_NAME).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("sitewide", "0003_staff_groups_and_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_roots, restore_roots)]
