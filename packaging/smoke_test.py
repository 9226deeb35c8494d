"""Smoke test of the frozen app, run by packaging/build.sh after every build (after qutebrowser's
scripts/dev/build_release.py ``smoke_test``): it runs only the built executables, never the source
tree, each on a fresh data folder, and fails on any unexpected line on standard error.

    python packaging/smoke_test.py dist/hukou-intake

Checks, in order:

1. layout — both executables; the rule packs (rules/ with sources/ and townships.csv) and every
   non-Python file of intake/ and ui/ (the printing fonts) byte-identical to the source tree; the Qt
   platform plugins (offscreen, plus xcb on Linux or windows on Windows) and image formats; no
   test or build tools bundled;
2. `intake` — `--help`; `rules check` of the bundled rules; `evaluate` of examples/ (settle at
   township_public) and of every worked example in ../shared/cases, judged by the shared checker;
3. first run — under Xvfb (Linux, when Xvfb and xdotool are installed) `intake-desk` on a fresh data
   folder shows the first-run window 「落户受理 — 首次使用设置」, is closed with Escape and exits 0;
   started again, the setup is typed in, the main window opens and Ctrl+Q quits with exit 0, and the
   account made in the dialog then signs in;
4. `intake-desk` headless (QT_QPA_PLATFORM=offscreen): first-run setup completed from the command
   line, main window, quit; then a second start signs in;
5. a case through the frozen command line: new, evaluate, `print receipt` (its fonts all embedded
   as subsets, checked with pdffonts), `verify-receipt`, `verify`, `backup`;
6. the county exchange: keys both ways, `export` to a folder, `import` at the county, `stats --pdf`
   (fonts embedded), `verify`;
7. upgrade: a store of the first release (tests/data/store-schema-0001.sql) opens in the frozen app,
   is migrated, keeps every case and passes `verify`.

Only the standard library: the same file runs on Windows (packaging\\build.ps1).
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_CASES = REPO.parent / "shared" / "cases"
EXAMPLE = REPO / "examples" / "graduate-employed.json"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
TOWNSHIP = "350502001"
ADMIN = ("admin", "smoke-test-2017")
FIRST_RUN_TITLE = "落户受理 — 首次使用设置"
TIMEOUT = 120

#: Lines that may appear on standard error: the offscreen platform cannot resize native windows
#: and says so once per window; that is Qt describing itself, not a problem of ours.
STDERR_ALLOWED = ("This plugin does not support propagateSizeHints()",)
#: Never in a hall's app.
NOT_BUNDLED = ("pytest", "_pytest", "hypothesis", "pytestqt", "PyInstaller", "pip", "setuptools", "tkinter")


class SmokeError(Exception):
    """One check failed; the message says which and shows the evidence."""


def log(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and line.strip() not in STDERR_ALLOWED]


def run(args: Sequence[str | Path], env: dict[str, str], *, expect: int = 0, stdin: str | None = None,
        allow_stderr: bool = False) -> subprocess.CompletedProcess[str]:
    """Runs one frozen executable; its exit code must be ``expect`` and stderr clean."""
    start = time.perf_counter()
    proc = subprocess.run([str(a) for a in args], env=env, input=stdin, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=TIMEOUT)
    took = time.perf_counter() - start
    shown = " ".join(Path(str(a)).name if i == 0 else str(a) for i, a in enumerate(args))
    if proc.returncode != expect:
        raise SmokeError(f"`{shown}` exited {proc.returncode} (expected {expect})\n"
                         f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}")
    if not allow_stderr and unexpected(proc.stderr):
        raise SmokeError(f"`{shown}` wrote to stderr:\n" + "\n".join(unexpected(proc.stderr)[:40]))
    log(f"ok {took:5.2f} s  {shown}")
    return proc


def fresh_env(data: Path, **extra: str) -> dict[str, str]:
    """The caller's environment with a fresh data folder and nothing that points back at the source
    tree or a development environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("INTAKE_DB", "INTAKE_RULES", "INTAKE_DEBUG", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update({"INTAKE_DATA_DIR": str(data), "PYTHONIOENCODING": "utf-8"}, **extra)
    return env


# -- 1. layout -------------------------------------------------------------------------------------


def source_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".py", ".pyc"):
            yield path


def check_layout(app: Path) -> Path:
    """The bundle's data folder (sys._MEIPASS) after checking what it must and must not hold."""
    for name in ("intake", "intake-desk"):
        if not (app / f"{name}{EXE}").is_file():
            raise SmokeError(f"{app / (name + EXE)} is missing")
    internal = app / "_internal"
    if not internal.is_dir():
        raise SmokeError(f"{internal} is missing")
    copied = 0
    for folder in ("rules", "intake", "ui"):
        for path in source_files(REPO / folder):
            rel = path.relative_to(REPO)
            frozen = internal / rel
            if not frozen.is_file() or not filecmp.cmp(path, frozen, shallow=False):
                raise SmokeError(f"{rel} is not in the bundle as in the source tree (rebuild?)")
            copied += 1
    for must in ("rules/townships.csv", "rules/province.toml", "intake/printing/fonts/wqy-microhei.ttc"):
        if not (internal / must).is_file():
            raise SmokeError(f"{must} is missing from the bundle")
    if not list((internal / "rules" / "sources").iterdir()):
        raise SmokeError("rules/sources is empty in the bundle")
    plugins = [p for p in internal.glob("PySide6/**/plugins") if (p / "platforms").is_dir()]
    if not plugins:
        raise SmokeError("no Qt plugins folder with platforms/ in the bundle")
    have = {p.name for p in plugins[0].rglob("*") if p.is_file()}
    have |= {p.name for p in internal.glob("PySide6/**/translations/*.qm")}
    wanted = ["qoffscreen", "qwindows"] if WINDOWS else ["qoffscreen", "qxcb"]
    wanted += ["qjpeg", "qico"]
    lacking = [w for w in wanted if not any(w in name for name in have)]
    if lacking:
        raise SmokeError(f"Qt plugins missing from {plugins[0]}: {lacking}")
    if not any(name == "qtbase_zh_CN.qm" for name in have):
        raise SmokeError("Qt's Chinese translation qtbase_zh_CN.qm is not bundled (Qt's own dialogs would be English)")
    stray = [name for name in NOT_BUNDLED if (internal / name).exists()]
    if stray:
        raise SmokeError(f"test or build tools bundled: {stray}")
    log(f"ok layout: 2 executables, {copied} data files as in the source tree, Qt plugins {wanted}")
    return internal


# -- 2. the command line ---------------------------------------------------------------------------


def shared_checker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("check_cases", SHARED_CASES.parent / "tools" / "check_cases.py")
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_cli(intake: Path, env: dict[str, str], internal: Path) -> None:
    run([intake, "--help"], env)
    out = run([intake, "rules", "check"], env).stdout
    if str(internal / "rules") not in out:
        raise SmokeError(f"`intake rules check` did not check the bundled rules: {out}")
    decision = json.loads(run([intake, "evaluate", EXAMPLE], env).stdout)
    got = (decision.get("outcome"), (decision.get("address") or {}).get("kind"))
    if got != ("settle", "township_public"):
        raise SmokeError(f"{EXAMPLE.name}: expected settle at township_public, got {got}")
    cases = sorted(p for p in SHARED_CASES.glob("*.json") if not p.name.endswith(".expected.json"))
    checker = shared_checker() if cases else None
    if checker is None:
        log(f"note: no worked examples at {SHARED_CASES}; evaluated {EXAMPLE.name} only")
        return
    for case in cases:
        expected = json.loads(case.with_name(case.stem + ".expected.json").read_text(encoding="utf-8"))
        proc = subprocess.run([str(intake), "evaluate", str(case), "--townships", str(SHARED_CASES / "townships.csv")],
                              env=env, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
        got_decision = json.loads(proc.stdout) if proc.returncode == 0 else None
        problem = checker.check(got_decision, proc.stderr, proc.returncode, expected)
        if problem is not None:
            raise SmokeError(f"worked example {case.stem}: {problem}")
    log(f"ok {len(cases)} worked examples from {SHARED_CASES} match (shared checker)")


# -- 3. the first-run window under Xvfb ------------------------------------------------------------


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X display (1366x768, as a hall's screen) for the duration."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            raise SmokeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class XDesk:
    """``intake-desk`` on a private X display, driven with xdotool as a clerk would: keys only
    (there is no window manager, so no close buttons)."""

    def __init__(self, desk: Path, data: Path, display: str) -> None:
        self.env = fresh_env(data, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        self.start = time.perf_counter()
        self.app = subprocess.Popen([str(desk), "--headless"], env=self.env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")

    def xdotool(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, check=True,
                              timeout=60).stdout

    def wait_window(self, title: str) -> float:
        """Focuses the window whose title contains ``title``; seconds since the start."""
        found = subprocess.run(["xdotool", "search", "--sync", "--name", title], env=self.env,
                               capture_output=True, text=True, timeout=60).stdout.split()
        if not found:
            raise SmokeError(f"no window titled {title!r} appeared")
        shown = time.perf_counter() - self.start
        self.xdotool("windowfocus", "--sync", found[-1])
        return shown

    def finish(self, what: str) -> None:
        """The program must end by itself, with exit 0 and nothing unexpected on stderr."""
        try:
            _, err = self.app.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.app.kill()
            _, err = self.app.communicate()
            raise SmokeError(f"intake-desk did not quit after {what}; stderr:\n{err[-3000:]}") from None
        if self.app.returncode != 0 or unexpected(err):
            raise SmokeError(f"intake-desk after {what}: exit {self.app.returncode}, stderr:\n{err[-3000:]}")

    def kill(self) -> None:
        if self.app.poll() is None:
            self.app.kill()
            self.app.communicate()


def check_first_run_window(desk: Path, data: Path) -> bool:
    """The clerk's very first start, in a real (virtual) X session: the setup window appears on a
    fresh data folder; Escape closes it and the program ends cleanly. Started again, the setup is
    typed in (two passwords, Enter), the main window opens and Ctrl+Q quits cleanly; the hall and
    the account are then in the store. Needs Xvfb and xdotool (Linux); returns False without them."""
    if WINDOWS or not (shutil.which("Xvfb") and shutil.which("xdotool")):
        log("SKIP first-run window: needs Xvfb and xdotool (apt-get install xvfb xdotool); "
            "first-run setup is still checked headless below")
        return False
    password = ADMIN[1]
    with xvfb() as display:
        app = XDesk(desk, data, display)
        try:
            shown = app.wait_window(FIRST_RUN_TITLE)
            app.xdotool("key", "Escape")
            app.finish("Escape on the first-run window")
        finally:
            app.kill()
        if not (data / "intake.db").is_file():
            raise SmokeError("intake-desk first run created no store (migrations run before any window)")
        log(f"ok {shown:5.2f} s  first-run window {FIRST_RUN_TITLE!r} on a fresh data folder; Escape quits, exit 0")

        app = XDesk(desk, data, display)
        try:
            app.wait_window(FIRST_RUN_TITLE)
            # county, township (the registry's first), admin name (prefilled): Tab to the passwords
            app.xdotool("key", "Tab", "Tab", "Tab")
            app.xdotool("type", "--delay", "10", password)
            app.xdotool("key", "Tab")
            app.xdotool("type", "--delay", "10", password)
            app.xdotool("key", "Return")
            shown = app.wait_window(f"（{TOWNSHIP}）")
            app.xdotool("key", "ctrl+q")
            app.finish("Ctrl+Q in the main window")
        finally:
            app.kill()
    log(f"ok {shown:5.2f} s  first-run setup typed in, main window 落户受理 — …（{TOWNSHIP}）; Ctrl+Q quits, exit 0")
    return True


# -- 4. the desk headless, 5. a case end to end -----------------------------------------------------


def check_desk_headless(desk: Path, env: dict[str, str]) -> None:
    env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    run([desk, "--setup", TOWNSHIP, *ADMIN, "--quit-when-ready", "--headless"], env)
    run([desk, "--login", *ADMIN, "--quit-when-ready", "--headless"], env)


def has_command(intake: Path, env: dict[str, str], name: str) -> bool:
    """Whether ``intake --help`` lists the command (commands land in the app one by one)."""
    for line in run([intake, "--help"], env).stdout.splitlines():
        words = line.split()
        if words and words[0] == name:
            return True
    return False


#: PDF's standard 14 fonts: a viewer always has them, so they may be named without being embedded.
STANDARD_FONTS = ("Helvetica", "Times-", "Courier", "Symbol", "ZapfDingbats")


def check_fonts_embedded(pdf: Path, *, allow_standard: bool = False) -> str:
    """Every font in the PDF embedded as a subset (pdffonts), at least one of them CJK. With
    ``allow_standard`` a standard-14 font may be merely named (reportlab names Helvetica as the
    canvas's initial font even when nothing is drawn with it); it is reported."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        log("SKIP pdffonts not installed (apt-get install poppler-utils): receipt fonts unchecked")
        return "unchecked"
    out = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    rows = out.splitlines()[2:]
    if not rows:
        raise SmokeError(f"{pdf.name}: no fonts at all")
    for row in rows:
        cols = row.split()
        # name type... emb sub uni object ID: emb/sub/uni are the 5th, 4th, 3rd columns from the end
        emb, sub = cols[-5], cols[-4]
        if allow_standard and emb == "no" and cols[0].startswith(STANDARD_FONTS):
            log(f"note {pdf.name}: standard font {cols[0]} named, not embedded")
            continue
        if emb != "yes" or sub != "yes":
            raise SmokeError(f"{pdf.name}: font not embedded as a subset:\n{out}")
    names = [row.split()[0] for row in rows]
    if not any("WenQuanYi" in n or "Droid" in n or "CJK" in n for n in names):
        raise SmokeError(f"{pdf.name}: no CJK font among {names}")
    return ", ".join(sorted({n.split("+", 1)[-1] for n in names}))


def check_case(intake: Path, env: dict[str, str], work: Path) -> None:
    new = json.loads(run([intake, "case", "new", EXAMPLE, "--json", "--user", "admin"], env).stdout)
    number = new.get("number") or new.get("case")
    if not number:
        raise SmokeError(f"`intake case new --json` gave no case number: {new}")
    run([intake, "case", "evaluate", number, "--user", "admin"], env)
    if has_command(intake, env, "print"):
        receipt = work / "receipt.pdf"
        run([intake, "print", "receipt", number, "--out", receipt, "--user", "admin"], env)
        fonts = check_fonts_embedded(receipt)
        log(f"ok receipt {receipt.stat().st_size // 1024} KiB, fonts embedded as subsets: {fonts}")
        if has_command(intake, env, "verify-receipt"):
            run([intake, "verify-receipt", receipt], env)
    else:
        raise SmokeError("the frozen `intake` has no `print` command: a receipt cannot be printed")
    run([intake, "verify"], env)
    run([intake, "backup", "--to", work / "backups"], env)
    if not list((work / "backups").glob("*.db")):
        raise SmokeError("`intake backup` wrote no backup file")


def check_exchange(intake: Path, hall: dict[str, str], work: Path) -> None:
    """The county exchange through the frozen command line (PyNaCl's signing and sealed boxes,
    reportlab's charts): keys both ways, export to a "USB stick", import at the county, statistics
    as PDF with embedded fonts, the county store verified."""
    county = fresh_env(work / "county-data")
    run([intake, "keys", "init"], hall)
    run([intake, "keys", "export-public", "--out", work / "hall.pub", "--name", "冒烟测试便民服务中心"], hall)
    run([intake, "keys", "init", "--county"], county)
    run([intake, "keys", "export-public", "--out", work / "county.pub"], county)
    run([intake, "keys", "trust", work / "hall.pub"], county)
    run([intake, "keys", "trust", work / "county.pub"], hall)
    (work / "usb").mkdir()
    exported = json.loads(run([intake, "export", "--to", work / "usb", "--json"], hall).stdout)
    bundles = exported.get("bundles") or []
    if len(bundles) != 1 or not exported.get("cases"):
        raise SmokeError(f"`intake export` made {bundles} with {exported.get('cases')} cases")
    imported = json.loads(run([intake, "import", bundles[0], "--json"], county).stdout)
    if imported.get("imported") != 1:
        raise SmokeError(f"`intake import` did not import the bundle: {imported}")
    stats = json.loads(run([intake, "stats", "--pdf", work / "stats.pdf", "--json"], county).stdout)
    if stats.get("total") != exported["cases"]:
        raise SmokeError(f"county statistics count {stats.get('total')} cases, {exported['cases']} were exported")
    fonts = check_fonts_embedded(work / "stats.pdf", allow_standard=True)
    run([intake, "verify"], county)
    log(f"ok exchange: {exported['cases']} case(s) exported, imported at the county, statistics PDF fonts: {fonts}")


def check_first_release_store(intake: Path, work: Path) -> None:
    """A store written by the first release (tests/data/store-schema-0001.sql) opens in the frozen
    app, which applies the later migrations, keeps every case and passes verify."""
    fixture = REPO / "tests" / "data" / "store-schema-0001.sql"
    db = work / "first-release.db"
    conn = sqlite3.connect(db)
    try:
        conn.executescript(fixture.read_text(encoding="utf-8"))
        before = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()
    env = fresh_env(work / "upgrade-data")
    run([intake, "verify", "--db", db], env)
    listed = json.loads(run([intake, "case", "list", "--db", db, "--json", "--limit", "1000"], env).stdout)
    cases = listed.get("cases", listed) if isinstance(listed, dict) else listed
    if len(cases) != before:
        raise SmokeError(f"first release's store: {before} cases before the upgrade, {len(cases)} after")
    log(f"ok first release's store upgraded by the frozen app: {before} cases kept, verify passes")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", type=Path, nargs="?", default=REPO / "dist" / "hukou-intake",
                        help="the one-folder build (default: dist/hukou-intake)")
    args = parser.parse_args(argv)
    app = args.app.resolve()
    intake, desk = app / f"intake{EXE}", app / f"intake-desk{EXE}"
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="intake-smoke-") as tmp:
            work = Path(tmp)
            internal = check_layout(app)
            check_cli(intake, fresh_env(work / "cli-data"), internal)
            if check_first_run_window(desk, work / "first-run-data"):
                run([desk, "--login", *ADMIN, "--quit-when-ready", "--headless"],
                    fresh_env(work / "first-run-data", QT_QPA_PLATFORM="offscreen"))
            env = fresh_env(work / "desk-data")
            check_desk_headless(desk, env)
            check_case(intake, env, work)
            check_exchange(intake, env, work)
            check_first_release_store(intake, work)
    except (SmokeError, subprocess.TimeoutExpired, subprocess.CalledProcessError) as e:
        print(f"smoke: FAILED: {e}", file=sys.stderr)
        return 1
    log(f"PASSED in {time.perf_counter() - start:.1f} s: {app}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
