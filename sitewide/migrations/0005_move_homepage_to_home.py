"""The home page model moved to the `home` app, which may import every content app (sitewide
may not). Its table is renamed to the new app's name and the model leaves sitewide's state;
`home.0001_initial` takes it into its own state without touching the database, so every
existing page keeps its row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sitewide", "0004_vietnamese_root_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="homepage", table="home_homepage"),
            ],
            state_operations=[migrations.DeleteModel(name="HomePage")],
        ),
    ]
