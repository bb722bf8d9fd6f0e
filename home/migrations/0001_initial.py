"""The home page model, moved here from sitewide with its table and rows (see
sitewide/migrations/0005_move_homepage_to_home.py, which renames the table): this migration
only takes the model into the `home` app's state and hands it the content type of the old
`sitewide.homepage`.

Pages, revisions, log entries, permissions and search entries all point to that content type
by id, so renaming it in place keeps every one of them. On a fresh database there is no such
content type yet (they are made after migrating) and the step does nothing.
"""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def _rename_content_type(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new_label, model="homepage").exists():
        return
    ContentType.objects.filter(app_label=old_label, model="homepage").update(app_label=new_label)
    ContentType.objects.clear_cache()


def adopt_content_type(apps, schema_editor):
    _rename_content_type(apps, "sitewide", "home")


def return_content_type(apps, schema_editor):
    _rename_content_type(apps, "home", "sitewide")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("sitewide", "0005_move_homepage_to_home"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("hero_heading", models.CharField(max_length=160, verbose_name="heading")),
                        (
                            "hero_text",
                            models.TextField(blank=True, max_length=500, verbose_name="lead text"),
                        ),
                        (
                            "key_figures",
                            wagtail.fields.StreamField(
                                [("figure", 4)],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "what is measured", "max_length": 120},
                                    ),
                                    1: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "before", "max_length": 40, "required": False},
                                    ),
                                    2: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "after / value", "max_length": 40},
                                    ),
                                    3: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "unit", "max_length": 40, "required": False},
                                    ),
                                    4: (
                                        "wagtail.blocks.StructBlock",
                                        [[("label", 0), ("before", 1), ("after", 2), ("unit", 3)]],
                                        {},
                                    ),
                                },
                                default=list,
                                verbose_name="programme's key figures",
                            ),
                        ),
                        (
                            "hero_image",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                                verbose_name="image",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "home page",
                    },
                    bases=("wagtailcore.page",),
                ),
            ],
        ),
        migrations.RunPython(adopt_content_type, return_content_type),
    ]
