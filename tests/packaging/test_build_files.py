"""Fast checks of the release build's files (the build itself — minutes — is the release check,
`bash packaging/release_check.sh`): the PyInstaller spec describes two executables in one folder
with the rules, fonts and icons; the pinned build requirements cover every runtime dependency;
the NSIS installer compiles; and packaging/ never shadows the `packaging` library."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

PACKAGING = REPO / "packaging"
SPEC = PACKAGING / "hukou-intake.spec"


class Recorder:
    """Stands in for one of PyInstaller's spec classes and keeps its arguments."""

    made: list[tuple[str, "Recorder"]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        self.binaries: list[Any] = []
        self.datas: list[tuple[str, str]] = list(kwargs.get("datas", []))
        Recorder.made.append((type(self).__name__, self))


class Analysis(Recorder):
    pass


class PYZ(Recorder):
    pass


class EXE(Recorder):
    pass


class COLLECT(Recorder):
    pass


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Recorder]]:
    """The spec executed as PyInstaller would, with its classes recorded instead of run."""
    Recorder.made = []
    namespace = {"SPECPATH": str(PACKAGING), "workpath": str(tmp_path_factory.mktemp("work")),
                 "Analysis": Analysis, "PYZ": PYZ, "EXE": EXE, "COLLECT": COLLECT, "__file__": str(SPEC)}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    made: dict[str, list[Recorder]] = {}
    for kind, obj in Recorder.made:
        made.setdefault(kind, []).append(obj)
    return made


def test_two_executables_share_one_folder(spec: dict[str, list[Recorder]]) -> None:
    names = {exe.kwargs["name"]: exe for exe in spec["EXE"]}
    assert set(names) == {"intake", "intake-desk"}
    assert names["intake"].kwargs["console"] is True
    assert all(exe.kwargs["exclude_binaries"] for exe in names.values())  # one-folder, not one-file
    (collect,) = spec["COLLECT"]
    assert collect.kwargs["name"] == "hukou-intake"
    assert all(any(arg is exe for arg in collect.args) for exe in names.values())


def test_every_module_of_ours_is_bundled(spec: dict[str, list[Recorder]]) -> None:
    cli, desk = spec["Analysis"]
    ours = {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
            for folder in ("intake", "ui") for p in (REPO / folder).rglob("*.py") if "__pycache__" not in p.parts}
    assert ours - set(desk.kwargs["hiddenimports"]) == set()
    assert {m for m in ours if m.startswith("intake")} <= set(cli.kwargs["hiddenimports"])
    assert "PySide6" in cli.kwargs["excludes"], "the command line must not carry Qt"


def test_rules_fonts_and_icons_are_bundled(spec: dict[str, list[Recorder]]) -> None:
    (desk,) = spec["Analysis"][1:]
    targets = {(Path(src).name, dest.replace("\\", "/")) for src, dest in desk.datas}
    for rel in [p.relative_to(REPO) for p in (REPO / "rules").rglob("*") if p.is_file()]:
        assert (rel.name, rel.parent.as_posix()) in targets, f"{rel} is not bundled"
    for font in (REPO / "intake" / "printing" / "fonts").iterdir():
        assert (font.name, "intake/printing/fonts") in targets
    assert ("hukou-intake.ico", "icons") in targets and ("hukou-intake.png", "icons") in targets
    assert not [src for src, _ in desk.datas if "__pycache__" in src or src.endswith((".py", ".pyc"))]


def _names(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)(\s*;.*)?", line)
            assert m, f"not an exact pin: {line!r}"
            pins[re.sub(r"[-_.]+", "-", m[1]).lower()] = m[2]
    return pins


def test_build_requirements_pin_every_runtime_dependency() -> None:
    pins = _names((PACKAGING / "requirements-build.txt").read_text(encoding="utf-8").splitlines())
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0]).lower()
              for dep in project["dependencies"]}
    missing = sorted((needed | {"pyinstaller"}) - set(pins))
    assert not missing, f"not pinned for the build: {missing}; run .venv/bin/python packaging/pin_requirements.py"


def test_packaging_folder_does_not_shadow_the_library() -> None:
    assert not (PACKAGING / "__init__.py").exists()
    import packaging.version

    assert Path(packaging.version.__file__).resolve().parent != PACKAGING


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis not installed (apt-get install nsis)")
def test_installer_script_compiles(tmp_path: Path) -> None:
    """Compiled against a stand-in of the one-folder build: the script, its pages, the Chinese
    language file and the icon; -WX turns every NSIS warning into a failure."""
    dist = tmp_path / "hukou-intake"
    (dist / "_internal" / "rules").mkdir(parents=True)
    for name in ("intake.exe", "intake-desk.exe", "_internal/rules/townships.csv"):
        (dist / name).write_bytes(b"stand-in")
    run = subprocess.run(
        ["makensis", "-V2", "-WX", "-INPUTCHARSET", "UTF8", "-DVERSION=0.0.1", f"-DDIST={dist}",
         f"-DOUTDIR={tmp_path}", str(PACKAGING / "installer.nsi")],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (tmp_path / "hukou-intake-0.0.1-setup.exe").stat().st_size > 10_000


def test_uninstaller_keeps_data_unless_ticked() -> None:
    text = (PACKAGING / "installer.nsi").read_text(encoding="utf-8")
    data_sections = [line for line in text.splitlines() if line.startswith("Section") and "删除本机受理数据" in line]
    assert data_sections and all(line.startswith("Section /o ") for line in data_sections)
    assert 'MUI_LANGUAGE "SimpChinese"' in text and "Unicode true" in text and "RequestExecutionLevel admin" in text


def test_windows_version_resource_is_valid(spec: dict[str, list[Recorder]], tmp_path: Path) -> None:
    """On Windows each executable carries a version resource naming 落户受理; the text PyInstaller
    evaluates must be a well-formed expression of its version classes."""
    import ast

    namespace: dict[str, Any] = {"SPECPATH": str(PACKAGING), "workpath": str(tmp_path), "Analysis": Analysis,
                                 "PYZ": PYZ, "EXE": EXE, "COLLECT": COLLECT}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["WINDOWS"] = True
    text = Path(namespace["version_file"]("intake-desk", "落户受理")).read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert called == {"VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
                      "VarFileInfo", "VarStruct"}
    assert "'ProductName', '落户受理'" in text and "'OriginalFilename', 'intake-desk.exe'" in text
