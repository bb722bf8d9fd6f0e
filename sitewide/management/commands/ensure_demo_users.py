"""Create or reset the demo accounts that `make run` prints, one per staff role.

The password is public (it is in the README), so the command only runs against the embedded
SQLite database of a laptop checkout unless `--force` is given: a production database behind
DATABASE_URL never gets accounts whose password anyone can read.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from sitewide.groups import EDITORS, FRONT_STAFF, MODERATORS

DEMO_PASSWORD = "chungtay-demo"  # noqa: S105 -- local demo only, printed and documented


@dataclass(frozen=True)
class DemoUser:
    """`last_name` is the family and middle names ("Họ"), `first_name` the given name ("Tên"):
    shown together family name first, "Hoàng Văn Hùng" (sitewide.formatting.person_name)."""

    username: str
    first_name: str
    last_name: str
    group: str | None  # None: a superuser, who needs no group
    role: str


DEMO_USERS = [
    DemoUser("admin", "Quang", "Phạm Đức", None, "Quản trị hệ thống (superuser)"),
    DemoUser("bientap", "Lan", "Trần Thị", EDITORS, EDITORS),
    DemoUser("kiemduyet", "Minh", "Lê Văn", MODERATORS, MODERATORS),
    DemoUser("mattran", "Hùng", "Hoàng Văn", FRONT_STAFF, FRONT_STAFF),
]


def is_local_database():
    """Only the embedded SQLite database counts as a developer's own machine."""
    return connection.vendor == "sqlite"


@transaction.atomic
def ensure_demo_user(spec, password):
    """Create the account or bring it back to its demo state (password, role, active)."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=spec.username)
    user.first_name = spec.first_name
    user.last_name = spec.last_name
    user.email = f"{spec.username}@chungtay.invalid"
    user.is_active = True
    user.is_staff = spec.group is None
    user.is_superuser = spec.group is None
    user.set_password(password)
    user.save()
    if spec.group is None:
        user.groups.clear()
    else:
        try:
            group = Group.objects.get(name=spec.group)
        except Group.DoesNotExist as exc:
            raise CommandError(
                f'Group "{spec.group}" is missing: run `python manage.py migrate` first.'
            ) from exc
        user.groups.set([group])
    return user


class Command(BaseCommand):
    help = (
        "Create or reset the demo accounts (admin, bientap, kiemduyet, mattran) with a public "
        "demo password. Refuses to run on anything but the local SQLite database without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database is not the local SQLite one.",
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password for all four.")

    def handle(self, *args, force=False, password=DEMO_PASSWORD, **options):
        if not (force or is_local_database()):
            raise CommandError(
                "Refusing to create demo accounts with a public password on a "
                f"{connection.vendor} database. Use --force if this really is a demo machine."
            )
        for spec in DEMO_USERS:
            ensure_demo_user(spec, password)
        self.stdout.write(self.table(password))

    @staticmethod
    def table(password):
        rows = [("Username", "Password", "Role")]
        rows += [(spec.username, password, spec.role) for spec in DEMO_USERS]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["Demo accounts (local use only) — log in at /admin/:"]
        for n, row in enumerate(rows):
            lines.append(
                "  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            )
            if n == 0:
                lines.append("  " + "  ".join("-" * w for w in widths))
        return "\n".join(lines)
