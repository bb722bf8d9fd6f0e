"""`manage.py import_graph`: which of our apps imports which, read from the source text.

The layering in docs/architecture.md is checked by tests/sitewide/test_architecture.py with the same
reading. Nothing is imported: every `import` and `from … import` (module level or inside a
function) in an app's Python files is parsed with `ast`, migrations included only with
`--migrations` (their history may name apps that the models no longer do).
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def project_apps() -> list[str]:
    """The installed apps that live in this repository, by their top-level package name."""
    base = Path(settings.BASE_DIR).resolve()
    names = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent == base:
            names.append(config.name.split(".")[0])
    return names


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def import_graph(
    base_dir: Path, app_names: list[str], *, migrations: bool = False
) -> dict[str, dict[str, list[str]]]:
    """{importing app: {imported app: ["path:line module", …]}} between the given apps."""
    graph: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in app_names}
    for app in app_names:
        for path in sorted((base_dir / app).rglob("*.py")):
            relative = path.relative_to(base_dir)
            if not migrations and "migrations" in relative.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))
            for line, module in _imported_modules(tree):
                target = module.split(".")[0]
                if target in graph and target != app:
                    graph[app][target].append(f"{relative}:{line} {module}")
    return {app: dict(targets) for app, targets in graph.items()}


class Command(BaseCommand):
    help = "Print which of the project's apps imports which (read from the source, not run)."

    def add_arguments(self, parser):
        parser.add_argument("--verbose-imports", action="store_true", help="list every import")
        parser.add_argument("--migrations", action="store_true", help="read migrations too")

    def handle(self, *args, **options):
        names = project_apps()
        graph = import_graph(Path(settings.BASE_DIR), names, migrations=options["migrations"])
        for app in names:
            targets = graph[app]
            summary = ", ".join(f"{t} ({len(targets[t])})" for t in sorted(targets)) or "-"
            self.stdout.write(f"{app} -> {summary}")
            if options["verbose_imports"]:
                for target in sorted(targets):
                    for place in targets[target]:
                        self.stdout.write(f"    {place}")
