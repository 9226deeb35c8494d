"""Entry point of ``intake-desk``: open the store (migrations run before any window), first-run
setup or sign-in, then the main window.

Headless runs (tests, the smoke test, the benchmark) pass ``--setup`` or ``--login`` and
``--quit-when-ready``; ``--headless`` sends every message to the log instead of a dialog.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

#: Room a window manager's frame takes around a window (borders; title bar), in pixels.
FRAME_ALLOWANCE = (16, 40)
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"]


def _parser() -> argparse.ArgumentParser:
    from intake.cli.parser import ChineseParser

    parser = ChineseParser(prog="intake-desk", description="落户受理桌面程序")
    parser.add_argument("--setup", nargs=3, metavar=("TOWNSHIP", "ADMIN", "PASSWORD"),
                        help="首次使用时不显示设置对话框，直接完成设置（9 位乡镇代码：乡镇受理窗口；6 位县区代码：县局汇总）")
    parser.add_argument("--login", nargs=2, metavar=("USER", "PASSWORD"), help="不显示登录对话框，直接登录")
    parser.add_argument("--quit-when-ready", action="store_true", help="主窗口可以操作后立即退出（冒烟测试、性能测试）")
    parser.add_argument("--headless", action="store_true", help="不弹出消息框，消息写入日志")
    return parser


def _sign_in(args: argparse.Namespace, townships: Any) -> tuple[Any, str, str] | None:
    """The signed-in actor, the hall's township and the county code (one of the two is "": a
    hall's installation or the county's), or None when the clerk gave up."""
    from intake.first_run import complete_county_setup, complete_setup, needs_setup
    from intake.store.db import Store

    with Store.open() as store:  # migrations run here, before any window opens
        first_run = needs_setup(store)
        if first_run and args.setup:  # a 6-digit code sets up the county, a 9-digit one a hall
            setup = complete_county_setup if len(args.setup[0].strip()) == 6 else complete_setup
            admin = setup(store, townships, *args.setup)  # signed in already
            return admin, store.settings.hall_township() or "", store.settings.county() or ""
        if not first_run and args.login:
            return store.users.login(*args.login), store.settings.hall_township() or "", store.settings.county() or ""
        township, county = store.settings.hall_township(), store.settings.county()
    if first_run:
        from intake.exchange.keys import is_county
        from ui.setup_dialog import SetupDialog

        dialog: Any = SetupDialog(townships)
        dialog.preset(township, county, is_county())
    else:
        from ui import desk_config
        from ui.desk import place_name
        from ui.login_dialog import LoginDialog

        place = place_name(townships, township or "", county or "")
        dialog = LoginDialog(place, desk_config.last_user())
    if args.quit_when_ready:  # smoke tests: the first screen came up; leave without signing in
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, dialog.reject)
    if not dialog.exec():
        return None
    if first_run:
        from intake.store.db import Store

        with Store.open() as store:
            township, county = store.settings.hall_township(), store.settings.county()
    return dialog.actor, township or "", county or ""


def prepare(app: Any) -> None:
    """What every run of the desk's windows needs (the app, the screenshot script): its name, a
    CJK font, Qt's own dialogs and buttons in Chinese, the keyboard kept after dialogs, and the
    window's shortcuts kept from text boxes and Qt's untranslated words (``window_shortcuts``,
    ``qt_chinese``, once the window is up)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
    from PySide6.QtGui import QFont

    from ui import window_focus

    app.setApplicationName("落户受理")
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)  # file dialogs, standard buttons, a line edit's context menu
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    window_focus.install(app)
    QTimer.singleShot(0, app, lambda: _once_up(app))  # once the first window is up


def _once_up(app: Any) -> None:
    """Imported here: their Qt subclasses cost start-up milliseconds, and nothing needs them
    before the first window takes keys."""
    from ui import qt_chinese, window_shortcuts

    qt_chinese.install(app)
    window_shortcuts.install(app)


def show_fitted(window: Any) -> None:
    """Shows the desk at its 1366×768 where the screen has room for that and its frame; maximised
    on a smaller free area — a hall's 1366×768 screen, less the title bar and the taskbar — so no
    row of buttons is cut off at the bottom."""
    area = window.screen().availableGeometry()
    frame_width, frame_height = FRAME_ALLOWANCE
    if area.width() < window.width() + frame_width or area.height() < window.height() + frame_height:
        window.showMaximized()
    else:
        window.show()


def _no_display() -> str | None:
    """Why no window can open here (a Linux session without X or Wayland, where Qt would abort
    with a core dump), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("没有可用的图形显示（DISPLAY、WAYLAND_DISPLAY 均未设置），无法打开窗口。"
            "请在桌面会话中运行；无显示器的机器可用 xvfb-run 启动，或只用命令行 intake")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if (why := _no_display()) is not None:
        print(why, file=sys.stderr)
        return 2
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from intake.config import default_rules_dir, default_townships
    from intake.rules.townships import Townships
    from intake.store.db import Store
    from ui import crash, messages, task

    app = QApplication.instance() or QApplication(sys.argv[:1])
    prepare(app)
    crash.install_excepthook()
    if args.headless:
        messages.set_sink(messages.LogSink())
    task.configure(Store.open)
    try:
        townships = Townships.from_csv(default_townships(default_rules_dir()))
        signed_in = _sign_in(args, townships)
    except Exception as e:  # noqa: BLE001 - shown to the clerk, then the program ends
        messages.failure(None, e)
        task.shutdown()
        return 2
    if signed_in is None:
        task.shutdown()
        return 0
    actor, township, county = signed_in
    from ui.desk import Desk

    desk = Desk(townships, township, county, show_fitted)  # kept for the run: it swaps windows
    desk.open(actor)
    if args.quit_when_ready:
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    task.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
