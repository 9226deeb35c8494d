"""Exchange and backup at the hall: the signed, encrypted bundle for the county written to a USB
stick (``intake.exchange.export``), and a verified backup of the store (``intake.store.backup``).
Both run on the worker with a progress dialog and cancel; the core guarantees that nothing is left
half-written. The drive list and the folder dialog are module functions a test replaces; the
folders last used are this counter's preferences (``ui.desk_config``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDir, QStandardPaths, QStorageInfo, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import desk_config, file_dialogs, messages
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.exchange.export import ExportResult
    from intake.exchange.ledger import ExportRow

DEFAULT_KEEP = 10
#: Where removable media are mounted on Linux and macOS (Windows: every drive but the system's).
MOUNT_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")

NO_COUNTY_KEY = ("尚未导入县局公钥，不能导出。请管理员打开“设置”，点“导入县局公钥…”，选择县局提供的公钥文件，"
                 "并电话与县局核对指纹。")
NO_TOWNSHIP = "本机没有设置所属乡镇（街道），不能导出：数据包须注明来自哪个乡镇。请联系县局为本厅完成首次设置。"
ASK_ADMIN = "（导入公钥须由管理员操作。）"


@dataclass(frozen=True)
class Drive:
    """A place to write the bundle: a mounted volume, or a folder the clerk browsed to."""

    label: str
    path: Path
    free: int | None = None

    def text(self) -> str:
        free = f"　可用 {size_text(self.free)}" if self.free is not None else ""
        return f"{self.label}（{QDir.toNativeSeparators(str(self.path))}）{free}"


@dataclass(frozen=True)
class Summary:
    """What the screen shows before exporting, read on the worker."""

    hall: str | None
    county: str | None  # the trusted county key's fingerprint
    problem: str | None  # why export cannot run now
    pending: int
    last: "ExportRow | None"
    undelivered: int


def size_text(size: int) -> str:
    """Free space as a clerk reads it (``7.5 GB``)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} 字节"


def looks_removable(root: str, system_drive: str | None = None) -> bool:
    """Whether a mount point is likely a USB stick rather than a system disk: Windows drives other
    than the system's, elsewhere mounts under the usual media folders."""
    if os.name == "nt":
        system = (system_drive or os.environ.get("SystemDrive", "C:")).rstrip("\\/").upper()
        return not root.upper().startswith(system)
    return any(root.startswith(prefix) for prefix in MOUNT_ROOTS)


def removable_drives() -> list[Drive]:
    """Mounted, writable volumes that look removable, with their free space."""
    found = []
    for volume in QStorageInfo.mountedVolumes():
        if not (volume.isValid() and volume.isReady()) or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if not looks_removable(root if root.endswith("/") else root + "/"):
            continue
        name = volume.displayName() or volume.name() or root
        found.append(Drive(name if name != root else "U 盘", Path(root), volume.bytesAvailable()))
    return found


def choose_folder(parent: QWidget, title: str, start: Path) -> Path | None:
    """The system's folder dialog; None when the clerk cancels."""
    name = file_dialogs.folder(parent, title, start)
    return Path(name) if name else None


def default_backup_folder() -> Path:
    """The folder backed up to last, else 文档/落户受理备份."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return desk_config.folder("backup", Path(documents or Path.home()) / "落户受理备份")


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ")


#: What a cancelled export leaves: a bundle is written to the stick whole or not at all, and one
#: already made waits in this computer's outbox for the next export.
EXPORT_CANCELLED = "导出已取消：U 盘上没有留下不完整的文件；已生成但尚未写入 U 盘的数据包保存在本机，下次导出时会写入。"

class ExportScreen(QWidget):
    """Export to the county and back up, each with its own main button; Enter presses the main
    button of the section holding the keyboard. ``import_key`` asks the window for the key import.
    On the county's computer, which exports nothing, only the backup section shows."""

    import_key = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.list_drives = removable_drives
        self.choose_folder = choose_folder
        self.summary: Summary | None = None
        self.result: ExportResult | None = None
        self.backup_file: Path | None = None
        self._exporting = False

        title = QLabel("备份数据库" if session.is_county else "数据交换与备份", objectName="export_title")
        title.setStyleSheet("font-size: 13pt;")
        self.export_box = self._export_box()
        self.backup_box = self._backup_box()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.export_box)
        layout.addWidget(self.backup_box)
        layout.addStretch()
        self.setTabOrder(self.drives, self.refresh_drives)
        self.setTabOrder(self.refresh_drives, self.browse)
        self.setTabOrder(self.browse, self.export_button)
        self.setTabOrder(self.export_button, self.key_button)
        self.setTabOrder(self.key_button, self.backup_folder)
        self.setTabOrder(self.backup_folder, self.backup_browse)
        self.setTabOrder(self.backup_browse, self.keep)
        self.setTabOrder(self.keep, self.backup_button)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
        if session.is_county:
            self.export_box.hide()
            return
        self.reload_drives()
        self.refresh()

    # -- layout ------------------------------------------------------------------------------

    def _export_box(self) -> QGroupBox:
        box = QGroupBox("导出交县局（写入 U 盘）")
        self.status = QLabel("正在读取…", objectName="export_status", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel(objectName="export_problem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.key_button = QPushButton("导入县局公钥(&K)…", objectName="import_county_key")
        self.key_button.clicked.connect(self.import_key)
        self.key_button.hide()
        self.drives = QComboBox(objectName="drives")
        self.drives.setMinimumWidth(520)
        self.drives.setPlaceholderText("未发现 U 盘：请插入 U 盘后点“刷新”，或点“浏览…”选择文件夹")
        self.refresh_drives = QPushButton("刷新(&R)", objectName="refresh_drives")
        self.refresh_drives.clicked.connect(self.reload_drives)
        self.browse = QPushButton("浏览(&B)…", objectName="browse_target")
        self.browse.clicked.connect(self._browse_target)
        self.export_button = QPushButton("导出到 U 盘(&E)", objectName="export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.outcome = QLabel(objectName="export_outcome", wordWrap=True)
        self.outcome.setStyleSheet("color: #1b5e20;")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        target = QHBoxLayout()
        target.addWidget(self.drives, 1)
        target.addWidget(self.refresh_drives)
        target.addWidget(self.browse)
        problem = QHBoxLayout()
        problem.addWidget(self.problem, 1)
        problem.addWidget(self.key_button)
        form = QFormLayout(box)
        form.addRow(self.status)
        form.addRow(problem)
        form.addRow(QLabel("U 盘或文件夹(&U)", buddy=self.drives), target)
        form.addRow(self.export_button)
        form.addRow(self.outcome)
        return box

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("备份数据库（Ctrl+B）")
        note = QLabel(f"把{'县局' if self.session.is_county else '本厅'}数据库完整复制一份并校验（完整性与审计记录），程序可照常使用。"
                      "建议每天下班前备份到 U 盘或另一块硬盘。", wordWrap=True)
        note.setStyleSheet("color: #555;")
        self.backup_folder = QLineEdit(str(default_backup_folder()), objectName="backup_folder")
        self.backup_browse = QPushButton("选择文件夹(&F)…", objectName="backup_browse")
        self.backup_browse.clicked.connect(self._browse_backup)
        self.keep = QSpinBox(objectName="backup_keep")
        self.keep.setRange(1, 365)
        stored = desk_config.get("backup_keep")
        self.keep.setValue(int(stored) if stored.isdigit() and int(stored) >= 1 else DEFAULT_KEEP)
        self.keep.setSuffix(" 份")
        self.backup_button = QPushButton("立即备份(&S)", objectName="backup")
        self.backup_button.clicked.connect(self.backup)
        self.backup_outcome = QLabel(objectName="backup_outcome", wordWrap=True)
        self.backup_outcome.setStyleSheet("color: #1b5e20;")
        self.backup_outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder = QHBoxLayout()
        folder.addWidget(self.backup_folder, 1)
        folder.addWidget(self.backup_browse)
        keep = QHBoxLayout()
        keep.addWidget(self.keep)
        keep.addWidget(QLabel("（更早的备份自动删除）"))
        keep.addStretch()
        form = QFormLayout(box)
        form.addRow(note)
        form.addRow(QLabel("备份到(&D)", buddy=self.backup_folder), folder)
        form.addRow(QLabel("保留最近(&N)", buddy=self.keep), keep)
        form.addRow(self.backup_button)
        form.addRow(self.backup_outcome)
        return box

    def focus_export(self) -> None:
        (self.drives if self.drives.count() == 0 or self.drives.currentIndex() < 0 else self.export_button).setFocus()

    def focus_backup(self) -> None:
        self.backup_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (not taken by a focused button) presses the main button of the section with the
        keyboard."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if self.session.is_county or (focus is not None and self.backup_box.isAncestorOf(focus)):
                self.backup_button.click()
            else:
                self.export_button.click()
            return
        super().keyPressEvent(event)

    # -- where to -----------------------------------------------------------------------------

    def reload_drives(self) -> None:
        """Lists the USB sticks now plugged in, and the folder exported to last if it is still there."""
        chosen = self.target()
        drives = list(self.list_drives())
        last = desk_config.get("export_folder")
        if last and Path(last).is_dir() and all(Path(last) != d.path for d in drives):
            drives.append(Drive("上次导出的文件夹", Path(last)))
        self.drives.clear()
        for drive in drives:
            self.drives.addItem(drive.text(), str(drive.path))
        index = self.drives.findData(str(chosen)) if chosen else -1
        self.drives.setCurrentIndex(index if index >= 0 else (0 if drives else -1))

    def target(self) -> Path | None:
        data = self.drives.currentData()
        return Path(data) if data else None

    def _browse_target(self) -> None:
        start = self.target() or Path.home()
        folder = self.choose_folder(self, "选择导出到的 U 盘或文件夹", start)
        if folder is None:
            return
        index = self.drives.findData(str(folder))
        if index < 0:
            self.drives.addItem(Drive("所选文件夹", folder).text(), str(folder))
            index = self.drives.count() - 1
        self.drives.setCurrentIndex(index)
        self.export_button.setFocus()

    def _browse_backup(self) -> None:
        folder = self.choose_folder(self, "选择备份文件夹", Path(self.backup_folder.text() or Path.home()))
        if folder is not None:
            self.backup_folder.setText(str(folder))
            self.backup_button.setFocus()

    # -- status --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-reads the cases waiting, the last export and whether export can run."""

        def work(ctx: Any) -> Summary:
            from intake.errors import KeyStoreError
            from intake.exchange import ledger
            from intake.exchange.keys import trusted_county, trusted_keys

            hall = ctx.store.settings.hall_township()
            county, problem = None, None
            try:
                county = trusted_county().fingerprint
            except KeyStoreError as e:
                counties = [k for k in trusted_keys().values() if k.role == "county"]
                problem = e.message if counties else NO_COUNTY_KEY
            if hall is None:
                problem = NO_TOWNSHIP
            conn = ctx.store.conn
            return Summary(hall, county, problem, ledger.cases_pending(conn), ledger.last_export(conn),
                           len(ledger.undelivered(conn)))

        Task(self, work).on_success(self._show_summary).on_failure(self._summary_failed).start()

    def _summary_failed(self, exc: BaseException) -> None:
        self._ready()
        messages.failure(self, exc)

    def _show_summary(self, summary: Summary) -> None:
        self.summary = summary
        lines = [f"待导出：{summary.pending} 件案件自上次导出以来有变动。" if summary.pending
                 else "待导出：没有新变动的案件。"]
        last = summary.last
        if last is None:
            lines.append("上次导出：本厅尚未导出过数据包。")
        else:
            where = desk_config.get("export_folder")
            lines.append(f"上次导出：{_when(last.created_at)}，第 {last.seq} 号数据包，{last.cases} 件案件，"
                         f"由 {last.created_by} 导出" + (f"，写入 {QDir.toNativeSeparators(where)}。" if where else "。"))
        if summary.undelivered:
            lines.append(f"另有 {summary.undelivered} 个数据包上次没有写入 U 盘，本次导出时会一并写入。")
        self.status.setText("\n".join(lines))
        self.problem.setVisible(summary.problem is not None)
        admin = self.session.may_manage_accounts()
        if summary.problem is not None:
            self.problem.setText(summary.problem + ("" if admin else ASK_ADMIN))
        self.key_button.setVisible(summary.problem == NO_COUNTY_KEY and admin)
        self._ready()

    def _ready(self) -> None:
        """The export button back in use; after an export the keyboard returns to it (it moved on
        when the button was disabled)."""
        self.export_button.setEnabled(True)
        if self._exporting:
            self._exporting = False
            self.export_button.setFocus()

    # -- export --------------------------------------------------------------------------------

    def export(self) -> Task["tuple[ExportResult, Path]"] | None:
        """Writes every new or undelivered bundle to the chosen drive, then says what went where."""
        if self.summary is not None and self.summary.problem is not None:
            messages.error(self, self.summary.problem + ("" if self.session.may_manage_accounts() else ASK_ADMIN))
            return None
        target = self.target()
        if target is None:
            messages.error(self, "请先选择要写入的 U 盘，或点“浏览…”选择文件夹。")
            self.drives.setFocus()
            return None
        actor = self.session.actor

        def work(ctx: Any) -> "tuple[ExportResult, Path]":
            from intake.exchange.export import export_bundles, outbox_dir

            return export_bundles(ctx.store, target, actor, ctx.progress, ctx.token), outbox_dir(ctx.store)

        self._exporting = True
        self.setFocus()  # the keyboard waits here, not in the next field (the backup path, selected)
        self.export_button.setEnabled(False)
        self.outcome.clear()
        started = Task(self, work).on_success(lambda done: self._exported(target, *done)) \
            .on_cancelled(lambda: self.outcome.setText(EXPORT_CANCELLED)).with_progress("正在导出数据包…").start()
        self.refresh()  # queued behind the export: runs after it, also after a failure or a cancel
        return started

    def _exported(self, target: Path, result: "ExportResult", outbox: Path) -> None:
        self.result = result
        if not result.bundles:
            text = "自上次导出以来没有新的内容，未生成数据包，U 盘上没有写入任何文件。"
            self.outcome.setText(text)
            messages.info(self, text)
            return
        desk_config.remember(export_folder=str(target))
        paths = "\n".join(f"已写入并校验：{QDir.toNativeSeparators(str(p))}" for p in result.bundles)
        total = (f"共 {len(result.bundles)} 个数据包，{result.cases} 件案件。"
                 f"本机副本保存在 {QDir.toNativeSeparators(str(outbox))}。")
        notes = "".join(f"\n注意：{w}" for w in result.warnings)
        self.outcome.setText(f"{paths}\n{total}{notes}")
        if result.warnings:
            messages.warning(self, f"导出完成：{total}{notes}")
        else:
            messages.info(self, f"导出完成：{total}\n请安全弹出 U 盘后交县局。")

    # -- backup --------------------------------------------------------------------------------

    def backup(self) -> Task[Path] | None:
        """A verified copy of the store in the chosen folder; older ones beyond the count removed."""
        text = self.backup_folder.text().strip()
        if not text:
            messages.error(self, "请先选择备份文件夹。")
            self.backup_folder.setFocus()
            return None
        folder, keep = Path(text), self.keep.value()
        desk_config.remember(backup_folder=str(folder), backup_keep=str(keep))

        def work(ctx: Any) -> Path:
            from intake.store.backup import backup_store

            return Path(backup_store(ctx.store, folder, keep, ctx.progress, ctx.token))

        def done(path: Path) -> None:
            self.backup_file = path
            text = (f"已备份到 {QDir.toNativeSeparators(str(path))}，并已校验（完整性与审计记录）。"
                    f"该文件夹保留最近 {keep} 份备份。")
            self.backup_outcome.setText(text)
            messages.info(self, text)

        self.backup_outcome.clear()
        return Task(self, work).on_success(done).with_progress("正在备份数据库…").start()
