"""`ensure_demo_users`: one account per role, safe to run again, refused off-laptop; the commune
account works on the demo's commune fund."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from home.management.commands import ensure_demo_users as command
from sitewide.groups import COMMUNE_FRONT_STAFF, EDITORS, FRONT_STAFF, FUND_BOARD, MODERATORS
from tests.stories.conftest import make_story

EXPECTED = {
    "admin": set(),
    "bientap": {EDITORS},
    "kiemduyet": {MODERATORS},
    "mattran": {FRONT_STAFF},
    "banvandong": {FRONT_STAFF, FUND_BOARD},
    "mattranxa": {COMMUNE_FRONT_STAFF},
}


@pytest.fixture
def local_database(monkeypatch):
    """Behave as on a laptop's SQLite database, whichever database the suite runs on."""
    monkeypatch.setattr(command, "is_local_database", lambda: True)


def run(*args):
    out = StringIO()
    call_command("ensure_demo_users", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_one_account_per_role_and_prints_them(local_database):
    output = run()
    User = get_user_model()
    for username, groups in EXPECTED.items():
        user = User.objects.get(username=username)
        # django-axes checks every sign-in against its lock-out, which needs the request.
        login = RequestFactory().post("/admin/login/")
        assert authenticate(login, username=username, password=command.DEMO_PASSWORD) == user
        assert user.is_superuser is (not groups)
        assert set(user.groups.values_list("name", flat=True)) == groups
        assert username in output
        for name in groups or {"superuser"}:
            assert name in output
    assert command.DEMO_PASSWORD in output


@pytest.mark.django_db
def test_running_again_resets_instead_of_duplicating(local_database):
    run()
    User = get_user_model()
    editor = User.objects.get(username="bientap")
    editor.set_password("doi-mat-khau-roi")
    editor.is_active = False
    editor.is_superuser = True
    editor.save()
    editor.groups.clear()

    run()
    assert User.objects.filter(username__in=EXPECTED).count() == 6
    assert User.objects.count() == 6
    editor.refresh_from_db()
    assert editor.is_active and not editor.is_superuser
    assert editor.check_password(command.DEMO_PASSWORD)
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]


@pytest.mark.django_db
def test_refuses_a_non_local_database_without_force(monkeypatch):
    monkeypatch.setattr(command, "is_local_database", lambda: False)
    with pytest.raises(CommandError, match="--force"):
        run()
    assert not get_user_model().objects.exists()

    run("--force")
    assert get_user_model().objects.filter(username__in=EXPECTED).count() == 6


def test_local_database_means_sqlite(db, settings):
    from django.db import connection

    assert command.is_local_database() is (connection.vendor == "sqlite")


def test_demo_editor_cannot_publish_but_demo_moderator_can(local_database, story_index):
    run()
    story = make_story(story_index)
    User = get_user_model()
    assert not story.permissions_for_user(User.objects.get(username="bientap")).can_publish()
    assert story.permissions_for_user(User.objects.get(username="kiemduyet")).can_publish()
    assert not story.permissions_for_user(User.objects.get(username="mattran")).can_edit()


@pytest.mark.django_db
def test_the_commune_account_works_on_the_demo_commune_fund_only(local_database):
    from donations.models import Fund
    from donations.scoping import visible_funds
    from tests.donations.conftest import make_commune_fund, make_fund

    province = make_fund()
    commune = make_commune_fund(province, command.COMMUNE_FUND)
    make_commune_fund(province, "Quỹ Vì người nghèo xã Tân Lập")
    run()
    run()  # again: still one assignment

    User = get_user_model()
    assert list(visible_funds(User.objects.get(username="mattranxa"))) == [commune]
    assert visible_funds(User.objects.get(username="banvandong")).count() == Fund.objects.count()
