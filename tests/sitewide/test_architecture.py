"""The layering of docs/architecture.md, checked on the source: an app imports only apps on a
lower floor (so there is no cycle between apps), the ground floor imports no other app of
ours, and the ledger holds no payment gateway or bank statement code.

The floors are written here by hand, not read from the code: a new app without a floor fails.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from sitewide.management.commands.import_graph import import_graph, project_apps

FLOORS = [
    {"sitewide"},
    {"stories", "campaigns", "public_record"},
    {"donations"},
    {"giving", "reconciliation", "support", "mobilisation"},
    {"disclosure"},
    {"home"},
]
BASE = Path(settings.BASE_DIR)


def floor_of(app):
    for number, apps in enumerate(FLOORS):
        if app in apps:
            return number
    raise AssertionError(f"{app} has no floor in docs/architecture.md and this test")


def test_every_app_of_ours_has_a_floor():
    apps = project_apps()
    assert {"sitewide", "donations"} <= set(apps)
    for app in apps:
        floor_of(app)


def test_no_app_imports_one_on_its_own_floor_or_above():
    graph = import_graph(BASE, project_apps())
    wrong = [
        f"{app} imports {target}: {places[0]}"
        for app, targets in graph.items()
        for target, places in targets.items()
        if floor_of(target) >= floor_of(app)
    ]
    assert wrong == []


def test_the_ground_floor_imports_no_other_app():
    graph = import_graph(BASE, project_apps())
    assert graph["sitewide"] == {}


def test_the_graph_reader_sees_imports_inside_functions(tmp_path):
    (tmp_path / "low").mkdir()
    (tmp_path / "high").mkdir()
    (tmp_path / "high" / "views.py").write_text(
        "import os\n\ndef view():\n    from low.models import Thing\n    return Thing\n"
    )
    (tmp_path / "low" / "models.py").write_text("import high  # a cycle\n")
    graph = import_graph(tmp_path, ["low", "high"])
    assert graph == {
        "high": {"low": ["high/views.py:4 low.models"]},
        "low": {"high": ["low/models.py:1 high"]},
    }


def test_the_ledger_holds_no_gateway_or_statement_code():
    assert not (BASE / "donations" / "payments").exists()
    assert not (BASE / "donations" / "statements").exists()


def test_the_frame_templates_load_only_ground_floor_tags():
    """A template in templates/ that needs an app's tags lives in that app instead."""
    ours = {
        path.stem: path.parts[-3]
        for path in BASE.glob("*/templatetags/*.py")
        if path.stem != "__init__"
    }
    wrong = []
    for template in (BASE / "templates").rglob("*.html"):
        for libraries in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", template.read_text()):
            for library in libraries.split():
                if ours.get(library, "sitewide") != "sitewide":
                    wrong.append(f"{template.relative_to(BASE)} loads {library}")
    assert wrong == []


def test_the_command_prints_one_line_per_app(capsys):
    call_command("import_graph")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" -> ")[0] for line in lines] == project_apps()
    assert lines[0] == "sitewide -> -"
