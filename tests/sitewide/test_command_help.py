"""Every management command of the project answers `--help` (a lazy help string once made
argparse crash), and a translated help reads in Vietnamese."""

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import ManagementUtility, get_commands

ROOT = Path(settings.BASE_DIR)


def project_commands():
    """Commands defined by the project's own apps, not Django's or Wagtail's."""
    return sorted(
        name
        for name, app in get_commands().items()
        if (ROOT / app.replace(".", "/") / "management" / "commands" / f"{name}.py").exists()
    )


def help_text(name):
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", name, "--help"]).execute()
    assert exit_.value.code == 0, name
    return out.getvalue()


def test_the_project_has_commands_to_check():
    assert {"verify_ledger", "import_statement", "sign_checkpoint"} <= set(project_commands())


@pytest.mark.parametrize("name", project_commands())
def test_every_command_answers_help(name):
    assert f"manage.py {name}" in help_text(name)


def test_a_translated_help_reads_in_vietnamese():
    text = help_text("import_statement")
    assert "tài khoản" in text.lower()
    assert "Check every invariant" not in help_text("verify_ledger")
