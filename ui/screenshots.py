"""Screenshots of every screen at 1366×768, for review and for the manual.

    python -m ui.screenshots OUT_DIR [--scale 2]

Works on throw-away data folders inside OUT_DIR, so it never touches a real store: ``_data`` is a
sample hall (海滨街道, three accounts, a case per worked example); ``_exchange`` holds the county's
installation, a second hall (临江街道) with a few cases, a folder standing in for the USB stick and
one for backups. Keys are made from fixed seeds, so fingerprints and bundle names are the same on
every run. The hall exports to the stick and backs up through its screen; the county imports both
halls' bundles through its own.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SIZE = (1366, 768)
EXAMPLE = "graduate-unregistered-rental-collective"
PASSWORD = "counter-2017"
HALL = "350502001"  # 海滨街道, the hall of ``_data``
HALL_B = "350502002"  # 临江街道, the second hall
COUNTY = HALL[:6]
EXCHANGE = "_exchange"
#: Where the stand-in folders are on a hall's Windows computer, as the screens would name them
#: there (the throw-away folders' own paths change with every run).
WINDOWS_PATHS = {"usb": "E:\\", "backup": "E:\\落户备份", "data": "C:\\Users\\受理\\AppData\\Local\\hukou-intake"}


def _cases_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "shared" / "cases"


def _prepare(data: Path) -> None:
    """A store with the hall, accounts and one case per worked example."""
    os.environ["INTAKE_DATA_DIR"] = str(data)
    from intake.evaluation import Evaluator
    from intake.models.parse import parse_application
    from intake.store.db import Store
    from intake.store.ops import Actor

    admin, clerk = Actor("admin", "admin"), Actor("clerk", "clerk")
    evaluator = Evaluator.load()
    _fixed_keys(data, "hall-a")
    with Store.open() as store:
        store.users.add("admin", PASSWORD, "admin", admin, full_name="陈建国")
        store.users.add("clerk", PASSWORD, "clerk", admin, full_name="王丽")
        store.users.add("supervisor", PASSWORD, "supervisor", admin, full_name="张伟")
        store.settings.set_hall_township(HALL, admin)
        for case in sorted(_cases_dir().glob("*.json")):
            if case.name.endswith(".expected.json") or case.name == "bad-id-check-digit.json":
                continue
            try:
                app = parse_application(case.read_bytes())
            except Exception:  # noqa: BLE001 - invalid examples are not stored
                continue
            number = str(store.cases.create(app, clerk).case)
            decision, _ = store.workflow.evaluate(number, evaluator, clerk)
            if decision.outcome == "settle" and "family" in case.name:
                store.workflow.consent(number, clerk)


@contextlib.contextmanager
def _installation(data: Path) -> Iterator[None]:
    """Acts as another installation (its data folder, so its keys and store) for the duration."""
    old = os.environ["INTAKE_DATA_DIR"]
    os.environ["INTAKE_DATA_DIR"] = str(data)
    try:
        yield
    finally:
        os.environ["INTAKE_DATA_DIR"] = old


def _fixed_keys(data: Path, label: str, county: bool = False) -> None:
    """This installation's keys from fixed seeds, in the files ``intake.keys`` and
    ``intake.exchange.keys`` describe (base64 of 32 bytes on one line); ``init_keys`` keeps them."""
    from intake.exchange.keys import COUNTY_KEY_FILE
    from intake.keys import SIGNING_KEY_FILE

    folder = data / "keys"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for name in (SIGNING_KEY_FILE, COUNTY_KEY_FILE) if county else (SIGNING_KEY_FILE,):
        seed = hashlib.sha256(f"ui.screenshots {label} {name}".encode()).digest()
        path = folder / name
        path.write_text(base64.b64encode(seed).decode("ascii") + "\n", encoding="ascii")
        path.chmod(0o600)


def _person(seq: int) -> str:
    """A valid ID number that none of the worked examples uses."""
    from intake.ids import id_check_char

    first17 = f"35058319950314{seq:03d}"
    return first17 + id_check_char(first17)


def _renamed(example: str, name: str, id_number: str) -> bytes:
    """A worked example filed by another applicant (the ID card and own documents follow)."""
    data = json.loads((_cases_dir() / f"{example}.json").read_text(encoding="utf-8"))
    old = data["applicant"]["id_number"]
    data["applicant"].update(name=name, id_number=id_number)
    for doc in data["documents"]:
        if doc["type"] == "id_card":
            doc.update(name=name, id_number=id_number)
        for key in ("lessee_id_number", "holder_id_number"):
            if doc.get(key) == old:
                doc[key] = id_number
        if "owner_id_numbers" in doc:
            doc["owner_id_numbers"] = [id_number if o == old else o for o in doc["owner_id_numbers"]]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _prepare_exchange(out: Path, data: Path) -> None:
    """The county (its encryption key, trusting both halls), the hall of ``data`` trusting the
    county's key, and a second hall whose bundle is already on the stick. 黄丽萍 applied at both
    halls, so the county's import flags her for review."""
    from intake.config import default_rules_dir, default_townships
    from intake.evaluation import Evaluator
    from intake.exchange.export import export_bundles
    from intake.exchange.keys import export_public, init_keys, trust
    from intake.first_run import complete_county_setup
    from intake.models.parse import parse_application
    from intake.rules.townships import Townships
    from intake.store.db import Store
    from intake.store.ops import Actor

    root = out / EXCHANGE
    county, hall_b = root / "county", root / "hall-b"
    for folder in (root / "usb", root / "backup"):
        folder.mkdir(parents=True)
    towns = Townships.from_csv(default_townships(default_rules_dir()))
    with _installation(county):
        _fixed_keys(county, "county", county=True)
        with Store.open() as store:
            complete_county_setup(store, towns, COUNTY, "admin", PASSWORD)
        export_public(root / "county.pub", f"县局（{COUNTY}）")
    _fixed_keys(hall_b, "hall-b")
    for folder, code in ((data, HALL), (hall_b, HALL_B)):
        with _installation(folder):
            init_keys()
            trust(root / "county.pub")
            town = towns.get(code)
            export_public(root / f"{code}.pub", f"{town.name if town else code}便民服务中心", code)
        with _installation(county):
            trust(root / f"{code}.pub")

    clerk, supervisor = Actor("clerk", "clerk"), Actor("supervisor", "supervisor")
    evaluator = Evaluator.load()
    twice = _person(21)  # applies at both halls (the county's review list)
    with Store.open() as store:  # this hall's store
        number = str(store.cases.create(parse_application(_renamed("graduate-registered-rental", "黄丽萍", twice)),
                                        clerk).case)
        store.workflow.evaluate(number, evaluator, clerk)
    filed = (
        (_renamed("general-path-rental", "黄丽萍", twice), ("consent",)),
        (_renamed("graduate-township-public", "陈静", _person(11)), ("consent", "approve", "complete")),
        (_renamed("vocational-own-property", "李明辉", _person(13)), ("consent", "approve", "complete")),
        (_renamed("skilled-worker-same-city", "郑晓燕", _person(14)), ()),
    )
    with _installation(hall_b), Store.open() as store:
        store.settings.set_hall_township(HALL_B, Actor("admin", "admin"))
        for raw, steps in filed:
            number = str(store.cases.create(parse_application(raw), clerk).case)
            decision, _ = store.workflow.evaluate(number, evaluator, clerk)
            if decision.outcome != "settle":
                continue
            for step in steps:
                getattr(store.workflow, step)(number, clerk if step == "consent" else supervisor)
        export_bundles(store, root / "usb", clerk)


def _scan(folder: Path, title: str = "劳动合同", name: str = "scan-page-1.png") -> Path:
    """A stand-in scanned page (a drawn card) titled as the document it stands for."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(840, 1188, QImage.Format.Format_RGB32)
    image.fill(QColor("#fdfdf8"))
    painter = QPainter(image)
    painter.setPen(QColor("#333"))
    font = painter.font()
    font.setPointSize(40)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, f"{title}\n（扫描件示例）")
    painter.end()
    path = folder / name
    image.save(str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description="截取每个界面的屏幕截图")
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="界面缩放（2 即 200%）")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    data = out / "_data"
    for old in (data, out / EXCHANGE):
        if old.exists():
            import shutil

            shutil.rmtree(old)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    _prepare(data)
    _prepare_exchange(out, data)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.app import prepare

    prepare(app)
    app.setCursorFlashTime(0)  # a steady text cursor: the same picture on every run
    from intake.store.db import Store
    from ui import messages, task

    messages.set_sink(messages.LogSink())
    task.configure(Store.open)
    try:
        _shoot_all(app, out)
    finally:
        task.shutdown()
    return 0


def _settle(app: Any) -> None:
    from PySide6.QtTest import QTest

    from ui import task

    for _ in range(200):
        app.processEvents()
        if task.idle():
            break
        QTest.qWait(20)
    QTest.qWait(150)


def _save(widget: Any, app: Any, out: Path, name: str, paths: dict[Path, str] | None = None) -> None:
    widget.resize(*SIZE) if widget.isWindow() and widget.width() > 800 else None
    _settle(app)
    with _paths_shown_as(widget, paths or {}):
        widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


@contextlib.contextmanager
def _paths_shown_as(widget: Any, paths: dict[Path, str]) -> Iterator[None]:
    """For the picture only: the throw-away folders' paths in labels, line edits and lists read as
    ``paths`` says (Windows paths, ``\\`` separators); the texts are put back afterwards, so the
    screen keeps working on the real folders."""
    from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

    if not paths:
        yield
        return
    prefixes = sorted(paths, key=lambda p: -len(str(p)))
    pattern = re.compile("(" + "|".join(re.escape(str(p)) for p in prefixes) + r")([^\s，。；、（）]*)")
    shown = {str(p): paths[p] for p in prefixes}

    def windows(text: str) -> str:
        return pattern.sub(lambda m: shown[m[1]].rstrip("\\") + m[2].replace("/", "\\") if m[2]
                           else shown[m[1]], text)

    undo = []
    for label in widget.findChildren(QLabel) + widget.findChildren(QLineEdit):
        text = label.text()
        if pattern.search(text):
            undo.append((label.setText, text))
            label.setText(windows(text))
    for combo in widget.findChildren(QComboBox):
        for i in range(combo.count()):
            text = combo.itemText(i)
            if pattern.search(text):
                undo.append((lambda t, c=combo, i=i: c.setItemText(i, t), text))
                combo.setItemText(i, windows(text))
    try:
        yield
    finally:
        for put_back, text in reversed(undo):
            put_back(text)


def _shoot_all(app: Any, out: Path) -> None:
    from intake.config import default_rules_dir, default_townships
    from intake.rules.townships import Townships
    from ui.crash_dialog import CrashDialog
    from ui.login_dialog import LoginDialog
    from ui.main_window import MainWindow
    from ui.session import Session
    from ui.setup_dialog import SetupDialog

    towns = Townships.from_csv(default_townships(default_rules_dir()))
    setup = SetupDialog(towns)
    setup.show()
    _save(setup, app, out, "01-setup")
    setup.close()
    setup = SetupDialog(towns)
    setup.county_mode.setChecked(True)
    setup.show()
    setup.county.setFocus()
    _save(setup, app, out, "19-setup-county")
    setup.close()
    login = LoginDialog("海滨街道")
    login.user.setText("clerk")
    login.show()
    _save(login, app, out, "02-login")
    login.close()

    session = Session("clerk", "clerk", "350502001", towns)
    window = MainWindow(session)
    window.resize(*SIZE)
    window.show()
    _save(window, app, out, "03-work-queue")
    window.queue.search.setText("林")
    from PySide6.QtTest import QTest

    from ui.work_queue import SEARCH_DELAY_MS

    QTest.qWait(SEARCH_DELAY_MS + 50)  # the search starts a moment after the last key
    _save(window, app, out, "04-search")
    window.queue.search.clear()

    case = json.loads((_cases_dir() / f"{EXAMPLE}.json").read_text(encoding="utf-8"))
    wizard = window.new_case()
    wizard.applicant.date.setText(case["application_date"])
    wizard.applicant.applicant.set_values(case["applicant"])
    wizard.applicant.add_member().form.set_values({"relation": "spouse", "id_number": "352201199309210154", "name": "陈静怡"})
    _save(window, app, out, "05-wizard-applicant")
    wizard.go_next()
    for record in case["documents"]:
        wizard.documents.add_document(record["type"], {k: v for k, v in record.items() if k != "type"})
    wizard.documents.list.setCurrentRow(2)
    wizard.documents.editors[2].scans.add_files([_scan(out / "_data")])
    wizard.documents.editors[2].form.rows["employer_uscc"].widget.setText("91350502MA2YC8LN0X")
    wizard.documents.editors[2].form._edited("employer_uscc")
    _save(window, app, out, "06-wizard-documents-validation")
    wizard.documents.editors[2].form.set_values({"employer_uscc": "91350502MA2YC8LN0Y"})
    wizard.go_next()
    _save(window, app, out, "07-wizard-decision")
    wizard.go_next()
    wizard.consent.settle.setChecked(True)
    wizard.consent.confirmed.setChecked(True)
    _save(window, app, out, "08-wizard-consent")
    wizard.consent.record.click()
    _save(window, app, out, "09-wizard-print")

    supervisor = MainWindow(Session("supervisor", "supervisor", "350502001", towns))
    supervisor.resize(*SIZE)
    supervisor.show()
    _settle(app)
    supervisor.open_case(str(wizard.case_number))
    _save(supervisor, app, out, "10-case-review-supervisor")
    incomplete = json.loads((_cases_dir() / "graduate-no-employment.json").read_text(encoding="utf-8"))
    wizard2 = supervisor.new_case()
    wizard2.applicant.load(incomplete)
    wizard2.go_next()
    for record in incomplete["documents"]:
        wizard2.documents.add_document(record["type"], {k: v for k, v in record.items() if k != "type"})
    wizard2.go_next()
    _save(supervisor, app, out, "11-decision-incomplete")
    supervisor.show_stats()
    _save(supervisor, app, out, "12-statistics")
    admin = MainWindow(Session("admin", "admin", "350502001", towns))
    admin.resize(*SIZE)
    admin.show()
    settings = admin.show_settings()
    _settle(app)
    settings.users.setCurrentRow(1)  # the clerk's account, ready for a new password
    _save(admin, app, out, "13-settings-admin")
    try:
        raise RuntimeError("示例错误")
    except RuntimeError as e:
        from ui.crash import format_report

        crash = CrashDialog(format_report(e))
    crash.show()
    _save(crash, app, out, "14-crash-dialog")

    # A decision under a draft city pack (Fuzhou): the banner and the packs by name.
    from ui.decision_panel import DecisionPanel

    fuzhou = {**case, "jurisdiction": "350102"}
    evaluator = session.evaluator
    app_fz, decision = evaluator.decide_raw(fuzhou)
    panel = DecisionPanel(session.pack_name)
    panel.resize(*SIZE)
    panel.show_decision(decision, evaluator.rules_for(app_fz))
    panel.show()
    _save(panel, app, out, "15-decision-draft-rule-pack")

    # A stored case continued: its stored scans as thumbnails.
    scanned = _case_with_scans(out / "_data")
    clerk = MainWindow(Session("clerk", "clerk", "350502001", towns))
    clerk.resize(*SIZE)
    clerk.show()
    _settle(app)
    clerk.open_case(scanned)
    _settle(app)
    clerk.review.continue_intake.emit(clerk.review.view)
    _settle(app)
    _save(clerk, app, out, "16-continued-case-stored-scans")
    scans = clerk.wizard.documents.editors[0].scans
    scans.view_full(0)  # Enter on the first page: the page viewer, at full size
    _settle(app)
    scans.viewer.resize(1100, 700)
    _settle(app)
    _save(scans.viewer, app, out, "25-page-viewer")
    scans.viewer.close()
    exchange = _shoot_exchange(app, out, towns)
    for w in (window, supervisor, admin, crash, panel, clerk, exchange):
        w.close()
    _shoot_county(app, out, towns)


def _shoot_exchange(app: Any, out: Path, towns: Any) -> Any:
    """The hall's 数据交换与备份: ready (county key trusted, cases waiting), then after an export to
    the stand-in stick and a backup."""
    from ui.export_screen import Drive
    from ui.main_window import MainWindow
    from ui.session import Session

    root = out / EXCHANGE
    usb, backup = root / "usb", root / "backup"
    paths = {usb: WINDOWS_PATHS["usb"], backup: WINDOWS_PATHS["backup"], out / "_data": WINDOWS_PATHS["data"]}
    admin = MainWindow(Session("admin", "admin", HALL, towns))
    admin.resize(*SIZE)
    admin.show()
    _settle(app)
    screen = admin.show_export()
    screen.list_drives = lambda: [Drive("U 盘", usb, 15 << 29)]  # 7.5 GB free
    screen.reload_drives()
    screen.backup_folder.setText(str(backup))
    screen.focus_export()
    _save(admin, app, out, "17-export-ready", paths)
    screen.export()
    _settle(app)
    screen.backup()
    _settle(app)
    screen.focus_export()
    _save(admin, app, out, "18-export-done", paths)
    return admin


def _shoot_county(app: Any, out: Path, towns: Any) -> None:
    """The county's window on its own data folder: both halls' bundles imported from the stick,
    the applicant filed at both halls, his case read-only, the county's statistics and settings."""
    from PySide6.QtCore import Qt

    from intake.store.db import Store
    from ui import task
    from ui.county_window import CountyWindow
    from ui.session import Session

    root = out / EXCHANGE
    _settle(app)
    os.environ["INTAKE_DATA_DIR"] = str(root / "county")
    task.configure(Store.open)  # the worker opens the county's store from now on
    window = CountyWindow(Session("admin", "admin", "", towns, county_code=COUNTY))
    window.show()
    screen = window.show_import()
    screen.choose_folder = lambda parent: root / "usb"
    screen.import_folder_chosen()
    _save(window, app, out, "20-county-import")
    reviews = window.show_reviews()
    _save(window, app, out, "21-county-review")
    window.open_case(reviews.tree.currentItem().data(0, Qt.ItemDataRole.UserRole), "reviews")  # as Enter does
    _save(window, app, out, "22-county-case-read-only")
    window.show_stats()
    _save(window, app, out, "23-county-statistics")
    window.show_settings()
    _save(window, app, out, "24-county-settings")
    window.close()


def _case_with_scans(folder: Path) -> str:
    """A draft case of the worked example with two stored pages on its ID card."""
    from intake.models.parse import parse_application
    from intake.store.db import Store
    from intake.store.ops import Actor

    clerk = Actor("clerk", "clerk")
    first = _scan(folder, "居民身份证 正面", "id-front.png")
    second = _scan(folder, "居民身份证 背面", "id-back.png")
    with Store.open() as store:
        number = str(store.cases.create(parse_application((_cases_dir() / f"{EXAMPLE}.json").read_bytes()), clerk).case)
        store.pages.attach_files(number, 0, [first, second], clerk)
    return number


if __name__ == "__main__":
    sys.exit(main())
