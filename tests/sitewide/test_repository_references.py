"""Every repository path that a comment, docstring or document names exists in the repository.

Someone who clones the repository and reads "see docs/vnpay.md §2" must find it there. Notes
kept beside the repository (a "shared" folder) are never cited, and a file that was moved,
renamed or never written is reported.

What counts as a path: text whose first part is one of the repository's top-level folders and
that names a file (its last part has an extension) or a folder (it ends in "/"). "dir/name"
without either is left alone: URL prefixes and migration labels ("sitewide/0003") look like
that. A name that Django resolves (a template "giving/donate_box.html", a static file
"giving/giving.css") exists when an app's templates/ or static/ folder holds it. `*` and
`<placeholder>` are wildcards. URLs ("/ung-ho/…", "https://…") are not paths. Python files are
read for their comments and docstrings only. Places that .gitignore lists as generated
("/bench/out/") are not checked. The tree is read when the test runs, so moves are followed.
"""

import io
import os
import re
import subprocess
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_FOLDERS = (
    "sitewide",
    "stories",
    "campaigns",
    "donations",
    "giving",
    "reconciliation",
    "home",
    "tests",
    "bench",
    "docs",
    "deploy",
    "templates",
    "static",
    "locale",
    ".ci",
)
NEVER_CITED = "shared"
SCANNED_SUFFIXES = (".py", ".html", ".md", ".sh", ".toml", ".cfg")
SCANNED_NAMES = ("Makefile", ".ci/run")
SKIPPED_PARTS = {".venv", ".git", "node_modules", "__pycache__", "media", "staticfiles"}

_FIRST = "|".join(re.escape(name) for name in (*TOP_FOLDERS, NEVER_CITED))
# Not preceded by a path or word character: "/ung-ho/x.html" and "wagtailadmin/shared/x.html"
# are not repository paths.
PATH = re.compile(rf"(?<![\w./@<>*-])((?:{_FIRST})/[\w.@*<>/-]*)")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}$")
_PLACEHOLDER = re.compile(r"<[^<>/]*>")


def candidates(text):
    """The path-like strings in one line of text, as written (sentence dots removed)."""
    found = []
    for match in PATH.finditer(text):
        reference = match.group(1).rstrip(".")
        last = reference.rstrip("/").rsplit("/", 1)[-1]
        names_file = _EXTENSION.search(last) is not None
        if reference.startswith(NEVER_CITED + "/") or reference.endswith("/") or names_file:
            found.append(reference)
    return found


def generated_prefixes(root):
    """Anchored folders of .gitignore ("/bench/out/"): generated, so not in a clone."""
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        return ()
    prefixes = []
    for line in gitignore.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("/") and line.endswith("/") and "*" not in line:
            prefixes.append(line[1:])
    return tuple(prefixes)


def _exists(root, pattern):
    if any(char in pattern for char in "*?["):
        return any(True for _path in root.glob(pattern))
    return (root / pattern).exists()


def resolves(root, reference):
    """Whether the reference names something in the tree at root (see the module docstring)."""
    if reference.startswith(NEVER_CITED + "/"):
        return False
    pattern = _PLACEHOLDER.sub("*", reference).rstrip("/") or reference
    if _exists(root, pattern):
        return True
    for folder in ("templates", "static"):
        if _exists(root, f"{folder}/{pattern}") or _exists(root, f"*/{folder}/{pattern}"):
            return True
    return False


_STATEMENT_START = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
_IGNORED = (tokenize.NL, tokenize.COMMENT)


def python_texts(source):
    """(line number, text) of every comment and docstring line of a Python source.

    A docstring here is any string that is a statement of its own (module, class and function
    docstrings, and the strings documenting attributes).
    """
    texts = []
    previous, pending = tokenize.NEWLINE, None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            texts.append((token.start[0], token.string))
        if token.type in _IGNORED:
            continue
        if pending is not None and token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            lines = pending.string.splitlines()
            texts.extend((pending.start[0] + offset, text) for offset, text in enumerate(lines))
        pending = token if token.type == tokenize.STRING and previous in _STATEMENT_START else None
        previous = token.type
    return texts


def scanned_texts(path, source):
    if path.suffix == ".py":
        return python_texts(source)
    return list(enumerate(source.splitlines(), start=1))


def scanned_files(root):
    """Tracked files to read (git's list; the tree without its tool folders when no git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"],  # noqa: S607 (git from PATH, as every developer runs it)
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        names = [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = [name for name in subfolders if name not in SKIPPED_PARTS]
            names += [str((Path(folder) / name).relative_to(root)) for name in files]
    return sorted(
        root / name
        for name in names
        if (name.endswith(SCANNED_SUFFIXES) or name in SCANNED_NAMES) and (root / name).is_file()
    )


def unresolved_references(root):
    """["file:line: reference", …] for every reference that names nothing in the tree."""
    generated = generated_prefixes(root)
    problems = []
    for path in scanned_files(root):
        source = path.read_text(encoding="utf-8")
        if not PATH.search(source):
            continue
        for number, text in scanned_texts(path, source):
            for reference in candidates(text):
                if reference.startswith(generated) or resolves(root, reference):
                    continue
                problems.append(f"{path.relative_to(root)}:{number}: {reference}")
    return problems


def test_every_referenced_path_exists():
    problems = unresolved_references(ROOT)
    assert not problems, "Paths named in comments and docs that are not in the repository:\n" + (
        "\n".join(problems)
    )


# ---- the finder itself, on text written for these tests --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See shared/docs/vnpay.md §2.", ["shared/docs/vnpay.md"]),
        ("(docs/vietqr.md, section Payment codes)", ["docs/vietqr.md"]),
        ("tests/test_nothing_here.py checks it.", ["tests/test_nothing_here.py"]),
        ("the parsers in reconciliation/statements/ read", ["reconciliation/statements/"]),
        ("`deploy/systemd/chungtay-worker@.service`", ["deploy/systemd/chungtay-worker@.service"]),
        ("run .ci/run, then tests/<app>/conftest.py", ["tests/<app>/conftest.py"]),
        ("GET /ung-ho/ngay-vi-nguoi-ngheo/giving/x.html", []),
        ('{% include "wagtailadmin/shared/non_field_errors.html" %}', []),
        ("https://example.org/docs/page.html", []),
        ("the data migration sitewide/0003_staff_groups_and_workflow", []),
        ("url_prefix reconciliation/imports", []),
        ("giving.payments.vnpay (a module, not a path)", []),
    ],
)
def test_candidates(text, expected):
    assert candidates(text) == expected


@pytest.fixture
def tree(tmp_path):
    for name in (
        "docs/vnpay.md",
        "giving/templates/giving/donate_box.html",
        "giving/static/giving/giving.css",
        "templates/sitewide/includes/story_section.html",
        "tests/test_faults_ipn.py",
        "reconciliation/statements/lines.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / ".gitignore").write_text(".venv/\n/bench/out/\n/media/\n")
    return tmp_path


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("docs/vnpay.md", True),
        ("docs/vietqr.md", False),
        ("giving/donate_box.html", True),
        ("giving/giving.css", True),
        ("sitewide/includes/story_section.html", True),
        ("tests/test_faults_*.py", True),
        ("tests/test_hostile_*.py", False),
        ("reconciliation/statements/", True),
        ("donations/statements/", False),
        ("reconciliation/<folder>/lines.py", True),
        ("shared/docs/vnpay.md", False),
    ],
)
def test_resolves(tree, reference, expected):
    assert resolves(tree, reference) is expected


def test_generated_folders_are_not_checked(tree):
    assert generated_prefixes(tree) == ("bench/out/", "media/")


def test_python_is_read_for_comments_and_docstrings_only():
    source = (
        '"""Module docstring naming docs/a.md."""\n'
        "\n"
        "X = 'giving/in_code.html'  # comment naming docs/b.md\n"
        "\n"
        "\n"
        "def f():\n"
        '    """Docstring over two lines,\n'
        '    naming docs/c.md."""\n'
        "    return call('docs/d.md')\n"
    )
    found = [(n, ref) for n, text in python_texts(source) for ref in candidates(text)]
    assert found == [(1, "docs/a.md"), (3, "docs/b.md"), (8, "docs/c.md")]
