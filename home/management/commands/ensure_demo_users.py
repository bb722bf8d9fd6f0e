"""Create or reset the demo accounts that `make run` prints, one per staff role.

The commune Front account (mattranxa) is assigned to the demo's commune fund, so it sees and
records that fund's money out only (donations.scoping); the board member (banvandong) is Front
staff who also sits on the Fund's campaign board and approves spending decisions.

The password is public (it is in the README), so the command only runs against the embedded
SQLite database of a laptop checkout unless `--force` is given: a production database behind
DATABASE_URL never gets accounts whose password anyone can read.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from donations.models import Fund, FundAssignment
from sitewide.groups import COMMUNE_FRONT_STAFF, EDITORS, FRONT_STAFF, FUND_BOARD, MODERATORS

DEMO_PASSWORD = "chungtay-demo"  # noqa: S105 -- local demo only, printed and documented


@dataclass(frozen=True)
class DemoUser:
    """`last_name` is the family and middle names ("Họ"), `first_name` the given name ("Tên"):
    shown together family name first, "Hoàng Văn Hùng" (sitewide.formatting.person_name)."""

    username: str
    first_name: str
    last_name: str
    groups: tuple[str, ...]  # empty: a superuser, who needs no group
    role: str
    fund: str = ""  # the name of the fund a commune account works on


#: The demo's commune fund (donations.demo), which mattranxa works on.
COMMUNE_FUND = "Quỹ Vì người nghèo xã Hướng Phùng"

DEMO_USERS = [
    DemoUser("admin", "Quang", "Phạm Đức", (), "Quản trị hệ thống (superuser)"),
    DemoUser("bientap", "Lan", "Trần Thị", (EDITORS,), EDITORS),
    DemoUser("kiemduyet", "Minh", "Lê Văn", (MODERATORS,), MODERATORS),
    DemoUser("mattran", "Hùng", "Hoàng Văn", (FRONT_STAFF,), FRONT_STAFF),
    DemoUser(
        "banvandong", "Thảo", "Nguyễn Thị", (FRONT_STAFF, FUND_BOARD), f"{FUND_BOARD} (duyệt chi)"
    ),
    DemoUser(
        "mattranxa",
        "Tâm",
        "Hồ Văn",
        (COMMUNE_FRONT_STAFF,),
        f"{COMMUNE_FRONT_STAFF} (xã Hướng Phùng)",
        fund=COMMUNE_FUND,
    ),
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
    user.is_staff = not spec.groups
    user.is_superuser = not spec.groups
    user.set_password(password)
    user.save()
    groups = list(Group.objects.filter(name__in=spec.groups))
    missing = set(spec.groups) - {group.name for group in groups}
    if missing:
        raise CommandError(
            f'Group "{sorted(missing)[0]}" is missing: run `python manage.py migrate` first.'
        )
    user.groups.set(groups)
    FundAssignment.objects.filter(user=user).delete()
    if spec.fund:
        fund = Fund.objects.filter(name=spec.fund).first()
        if fund is not None:  # before load_demo_content: assigned when run again after it
            FundAssignment.objects.create(user=user, fund=fund)
    return user


class Command(BaseCommand):
    help = (
        "Create or reset the demo accounts (admin, bientap, kiemduyet, mattran, banvandong, "
        "mattranxa) with a public demo password. Refuses to run on anything but the local "
        "SQLite database without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database is not the local SQLite one.",
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password for all of them.")

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
