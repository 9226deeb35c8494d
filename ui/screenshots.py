"""Screenshots of every screen at 1366×768, for review and for the manual.

    python -m ui.screenshots OUT_DIR [--scale 2]

Works on a throw-away data folder inside OUT_DIR (a sample hall, three accounts, a few cases from
the worked examples), so it never touches a real store.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

SIZE = (1366, 768)
EXAMPLE = "graduate-unregistered-rental-collective"
PASSWORD = "counter-2017"


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
    with Store.open() as store:
        store.users.add("admin", PASSWORD, "admin", admin)
        store.users.add("clerk", PASSWORD, "clerk", admin)
        store.users.add("supervisor", PASSWORD, "supervisor", admin)
        store.settings.set_hall_township("350502001", admin)
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


def _scan(folder: Path) -> Path:
    """A stand-in scanned page (a drawn card), so thumbnails show something."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(840, 1188, QImage.Format.Format_RGB32)
    image.fill(QColor("#fdfdf8"))
    painter = QPainter(image)
    painter.setPen(QColor("#333"))
    font = painter.font()
    font.setPointSize(40)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "劳动合同\n（扫描件示例）")
    painter.end()
    path = folder / "scan-page-1.png"
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
    if data.exists():
        import shutil

        shutil.rmtree(data)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    _prepare(data)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.app import prepare

    prepare(app)
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


def _save(widget: Any, app: Any, out: Path, name: str) -> None:
    widget.resize(*SIZE) if widget.isWindow() and widget.width() > 800 else None
    _settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


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
    admin.show_settings()
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
    for w in (window, supervisor, admin, crash, panel, clerk):
        w.close()


def _case_with_scans(folder: Path) -> str:
    """A draft case of the worked example with two stored pages on its ID card."""
    from intake.models.parse import parse_application
    from intake.store.db import Store
    from intake.store.ops import Actor

    clerk = Actor("clerk", "clerk")
    first = _scan(folder)
    second = folder / "scan-page-2.png"
    from PySide6.QtGui import QImage, QTransform

    QImage(str(first)).transformed(QTransform().rotate(180)).save(str(second))  # a different page
    with Store.open() as store:
        number = str(store.cases.create(parse_application((_cases_dir() / f"{EXAMPLE}.json").read_bytes()), clerk).case)
        store.pages.attach_files(number, 0, [first, second], clerk)
    return number


if __name__ == "__main__":
    sys.exit(main())
