"""House rules that a reviewer should not have to check by eye (STYLE.md): the core imports no Qt
and nothing from ``ui/``; `intake evaluate` stays light; every command and rule parameter is
documented. The command list is read from the parser at run time, so new commands are covered as
soon as they are registered."""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake.cli.main import build_parser, main
from intake.rules.vocabulary import PARAMETERS
from tests.conftest import REPO

CORE = REPO / "intake"
README = (REPO / "README.md").read_text(encoding="utf-8")
QT_ROOTS = {"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "pytestqt"}
HEAVY_ROOTS = QT_ROOTS | {"reportlab"}
EXAMPLE = REPO / "examples" / "graduate-employed.json"


def core_files() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "__pycache__" not in p.parts)


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_roots(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, top-level module) of every import, including importlib.import_module("…")."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value.split(".")[0]


# -- the core knows nothing of Qt ------------------------------------------------------------


def test_core_files_are_found() -> None:
    names = {p.relative_to(CORE).as_posix() for p in core_files()}
    assert {"ids.py", "engine/evaluator.py", "cli/main.py", "rules/loader.py"} <= names


@pytest.mark.parametrize("path", core_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_core_imports_no_qt_and_nothing_from_ui(path: Path) -> None:
    bad = [(line, root) for line, root in imported_roots(parse(path)) if root in QT_ROOTS or root == "ui"]
    assert not bad, f"{path.relative_to(REPO)} imports {', '.join(f'{r} (line {n})' for n, r in bad)}"


def test_the_import_scan_catches_what_it_should() -> None:
    tree = ast.parse(
        "import PySide6.QtCore\nfrom ui.messages import show\nimport importlib\n"
        "importlib.import_module('shiboken6')\nfrom . import ui\nimport uikit\n"
    )
    assert sorted(root for _, root in imported_roots(tree)) == ["PySide6", "importlib", "shiboken6", "ui", "uikit"]


@pytest.mark.parametrize("path", core_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_core_modules_have_a_docstring_and_no_asserts(path: Path) -> None:
    tree = parse(path)
    assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no module docstring"
    asserts = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)]
    assert not asserts, f"{path.relative_to(REPO)}: assert on lines {asserts} (stripped under python -O)"


@pytest.mark.parametrize("folder", ["intake", "ui"])
def test_no_star_imports_or_sys_path_hacks(folder: str) -> None:
    problems = []
    for path in sorted((REPO / folder).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                problems.append(f"{path.relative_to(REPO)}:{node.lineno}: star import")
        if re.search(r"sys\.path\.(insert|append)|sys\.path\s*\+?=", text):
            problems.append(f"{path.relative_to(REPO)}: changes sys.path")
    assert not problems, problems


# -- `intake evaluate` stays light -------------------------------------------------------------


def imported_modules(args: list[str]) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Every module a fresh interpreter imports while running ``intake ARGS``."""
    code = "import sys; from intake.cli.main import main; sys.exit(main(sys.argv[1:]))"
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=REPO,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    return modules, run


@pytest.mark.parametrize(
    "args",
    [["evaluate", str(EXAMPLE)], ["rules", "check", str(REPO / "rules")]],
    ids=["evaluate", "rules check"],
)
def test_light_commands_import_no_qt_or_reportlab(args: list[str]) -> None:
    modules, run = imported_modules(args)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "intake.cli.main" in modules  # the scan sees our own imports
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY_ROOTS)
    assert not heavy, f"`intake {' '.join(args[:2])}` imports {heavy[:10]}"


def test_evaluate_in_process_leaves_no_qt_behind(capsys: pytest.CaptureFixture[str]) -> None:
    """Belt and braces for the subprocess check: whatever evaluate imports is light."""
    before = set(sys.modules)
    assert main(["evaluate", str(EXAMPLE)]) == 0
    capsys.readouterr()
    new = {m for m in set(sys.modules) - before if m.split(".")[0] in HEAVY_ROOTS}
    assert not new, sorted(new)


# -- docs are tested ---------------------------------------------------------------------------


def walk_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[
    tuple[tuple[str, ...], str | None, argparse.ArgumentParser]
]:
    """(command path, help text, parser) for every command and sub-command, aliases skipped."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            yield prefix + (name,), helps.get(name), sub
            yield from walk_commands(sub, prefix + (name,))


def is_leaf(parser: argparse.ArgumentParser) -> bool:
    return not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


COMMANDS = list(walk_commands(build_parser()))
COMMAND_IDS = [" ".join(path) for path, _, _ in COMMANDS]


def test_known_commands_are_found() -> None:
    assert {"evaluate", "rules", "rules check"} <= set(COMMAND_IDS)


@pytest.mark.parametrize(("path", "help_text", "parser"), COMMANDS, ids=COMMAND_IDS)
def test_every_command_has_help(path: tuple[str, ...], help_text: str | None, parser: argparse.ArgumentParser) -> None:
    assert help_text and help_text.strip(), f"`intake {' '.join(path)}` has no help text"
    assert re.search(r"[\u4e00-\u9fff]", help_text), f"`intake {' '.join(path)}` help is not Chinese: {help_text!r}"
    if is_leaf(parser):
        undocumented = [
            "/".join(a.option_strings) or a.dest
            for a in parser._actions
            if not isinstance(a, argparse._HelpAction) and not (a.help and a.help.strip())
        ]
        assert not undocumented, f"`intake {' '.join(path)}`: no help for {undocumented}"


@pytest.mark.parametrize(("path", "help_text", "parser"), COMMANDS, ids=COMMAND_IDS)
def test_every_command_answers_help(
    path: tuple[str, ...], help_text: str | None, parser: argparse.ArgumentParser, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main([*path, "--help"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    assert f"intake {' '.join(path)}" in out


def readme_mentions(path: tuple[str, ...]) -> bool:
    """`intake case approve` counts as mentioned in "intake case consent|approve|withdraw|reject"
    (in a Markdown table the bar is escaped: "approve\\|complete")."""
    *parents, leaf = path
    head = r"\s+".join(re.escape(p) for p in ["intake", *parents])
    return re.search(rf"{head}\s+(?:[\w-]+\\?\|)*{re.escape(leaf)}(?![\w-])", README) is not None


def test_readme_mention_rule() -> None:
    assert readme_mentions(("rules", "check"))
    assert readme_mentions(("evaluate",))
    assert not readme_mentions(("rules", "chec"))
    assert not readme_mentions(("rules", "lint"))


@pytest.mark.parametrize(
    "path", [p for p, _, parser in COMMANDS if is_leaf(parser)], ids=[i for i, c in zip(COMMAND_IDS, COMMANDS) if is_leaf(c[2])]
)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    assert readme_mentions(path), f"README.md does not mention `intake {' '.join(path)}`"


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_every_rule_parameter_is_documented(name: str) -> None:
    assert f"`{name}`" in README, f"README.md does not document the rule parameter `{name}`"


def _apt_packages(text: str) -> set[str]:
    """The package names of the first ``apt-get install`` in ``text`` (its continued lines too)."""
    command = text[text.index("apt-get install"):]
    words = re.split(r"\s+", re.split(r"(?<!\\)\n", command.replace("\\\n", " "), maxsplit=1)[0])
    return {w for w in words[2:] if re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", w)}


def test_the_readme_lists_the_system_packages_ci_installs() -> None:
    ci = _apt_packages((REPO / ".ci" / "run").read_text(encoding="utf-8"))
    assert {"xvfb", "poppler-utils", "fonts-noto-cjk"} <= ci
    assert _apt_packages(README) == ci
