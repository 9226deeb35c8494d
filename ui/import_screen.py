"""The county imports the halls' bundles (``.hukou`` files on a USB stick): chosen one by one or as
a whole folder, checked and merged on the worker with progress and cancel
(``intake.exchange.importer``), then one row per bundle and the applicants newly flagged for review.

The file and folder choices are attributes a test replaces."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.exchange.bundle import bundles_in
from ui import desk_config, file_dialogs, messages
from ui.labels import township_label
from ui.review_list import by_applicant, fill_reviews, review_tree
from ui.session import Session
from ui.task import Task

if TYPE_CHECKING:
    from intake.exchange.importer import ImportResult

COLUMNS = ("数据包文件", "乡镇（街道）", "序号", "案件数", "新案件", "结果")
STATUS_LABELS = {"imported": "已导入", "unchanged": "此前已导入，未作更改"}


def _start_folder() -> str:
    return desk_config.get("bundles_folder") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.HomeLocation)


def choose_files(parent: QWidget) -> list[Path]:
    names = file_dialogs.open_files(parent, "选择乡镇数据包", _start_folder(), "乡镇数据包 (*.hukou)")
    return [Path(n) for n in names]


def choose_folder(parent: QWidget) -> Path | None:
    name = file_dialogs.folder(parent, "选择 U 盘或存放数据包的文件夹", _start_folder())
    return Path(name) if name else None


class ImportScreen(QWidget):
    """Two ways to choose bundles, the result per bundle, the flagged applicants. ``imported``
    fires after a merge that changed the store; ``open_case`` with a flagged case's number."""

    imported = Signal(object)
    open_case = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.choose_files = choose_files
        self.choose_folder = choose_folder
        self.result: ImportResult | None = None
        self.task: Task[Any] | None = None
        title = QLabel("导入乡镇数据包", objectName="import_title")
        title.setStyleSheet("font-size: 13pt;")
        note = QLabel(
            "插入乡镇（街道）送来的 U 盘，选择整个 U 盘（其中所有 .hukou 数据包），或逐个选择数据包文件。"
            "每个数据包先核对签名、解密并校验全部内容，全部无误后才一次合并；任何一个有问题，县局数据库都不作任何更改。"
            "已导入过的数据包会跳过。", wordWrap=True)
        self.folder_button = QPushButton("选择 U 盘或文件夹(&D)…")
        self.folder_button.setObjectName("choose_folder")
        self.folder_button.clicked.connect(self.import_folder_chosen)
        self.files_button = QPushButton("选择数据包文件(&O)…")
        self.files_button.setObjectName("choose_files")
        self.files_button.clicked.connect(self.import_files_chosen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.files_button)
        buttons.addStretch()
        self.summary = QLabel("尚未导入。", objectName="import_summary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTreeWidget()
        self.table.setObjectName("import_results")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(list(COLUMNS))
        for column, width in enumerate((300, 220, 60, 70, 70)):
            self.table.setColumnWidth(column, width)
        self.reviews_box = QGroupBox("需人工核查：同一公民身份号码在两个乡镇（街道）都有申请（选中案件按回车键查看）")
        self.reviews = review_tree()
        self.reviews.setObjectName("import_reviews")
        self.reviews.itemActivated.connect(lambda item: self.open_case.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        QVBoxLayout(self.reviews_box).addWidget(self.reviews)
        self.reviews_box.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.reviews_box, 1)

    def focus_start(self) -> None:
        self.folder_button.setFocus()

    # -- choosing --------------------------------------------------------------------------

    def import_folder_chosen(self) -> Task[Any] | None:
        folder = self.choose_folder(self)
        if folder is None:
            return None
        desk_config.remember(bundles_folder=str(folder))
        return self.start(folder=folder)

    def import_files_chosen(self) -> Task[Any] | None:
        files = self.choose_files(self)
        if not files:
            return None
        desk_config.remember(bundles_folder=str(files[0].parent))
        return self.start(files=files)

    # -- importing -------------------------------------------------------------------------

    def start(self, files: list[Path] | None = None, folder: Path | None = None) -> Task[Any] | None:
        """Imports ``files``, or every bundle in ``folder`` (listed on the worker: a slow stick
        must not freeze the window), in one transaction. None while an import is still running."""
        if self.task is not None and not self.task.finished:
            return None
        actor = self.session.actor

        def work(ctx: Any) -> "ImportResult | None":
            from intake.exchange.importer import import_bundles

            paths = list(files or []) if folder is None else bundles_in(folder)
            if not paths:
                return None
            ctx.progress(0, 0, f"正在校验 {len(paths)} 个数据包…")
            return import_bundles(ctx.store, paths, actor, ctx.progress, ctx.token)

        where = str(folder) if folder is not None else "、".join(p.name for p in files or [])
        self.task = Task(self, work).on_success(lambda r: self._done(r, where)).on_failure(self._failed) \
            .on_cancelled(self._cancelled).with_progress("正在导入乡镇数据包…").start()
        return self.task

    def _done(self, result: "ImportResult | None", where: str) -> None:
        if result is None:
            self._say(f"{where} 中没有数据包（.hukou 文件）。")
            messages.info(self, f"{where} 中没有找到数据包（.hukou 文件）。请确认 U 盘已插好，乡镇已把数据包导出到 U 盘。")
            self.focus_start()
            return
        self.result = result
        self.show_result(result)
        if result.imported:
            self.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        text = messages.explain(exc)
        self.table.clear()  # an earlier import's rows would read as this one's
        self.reviews_box.hide()
        self._say(f"导入未完成：{text}" if text else "导入未完成：程序内部错误，县局数据库未作任何更改。", error=True)
        messages.failure(self, exc)
        self.focus_start()

    def _cancelled(self) -> None:
        self.table.clear()  # an earlier import's rows would read as this one's
        self.reviews_box.hide()
        self._say("导入已取消：县局数据库未作任何更改，可以重新导入。")
        self.focus_start()

    def _say(self, text: str, error: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b71c1c;" if error else "")

    def show_result(self, result: "ImportResult") -> None:
        """One row per bundle, the totals, and the applicants this import flagged."""
        townships = self.session.townships
        self.table.clear()
        for b in result.bundles:
            item = QTreeWidgetItem([
                b.file.name, township_label(b.township, townships), str(b.seq),
                str(b.cases) if b.status == "imported" else "—",
                str(b.new_cases) if b.status == "imported" else "—",
                STATUS_LABELS.get(b.status, b.status) + (f"；导出时名为 {b.exported_as}" if b.renamed else ""),
            ])
            for column in (2, 3, 4):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        new_cases = sum(b.new_cases for b in result.bundles)
        parts = [f"已导入 {result.imported} 个数据包，共 {result.cases} 件案件，其中新案件 {new_cases} 件"]
        if result.unchanged:
            parts.append(f"{result.unchanged} 个数据包此前已导入，未作更改")
        if result.reviews:
            parts.append(f"{len(by_applicant(result.reviews))} 人需人工核查")
        self._say("；".join(parts) + "。")
        fill_reviews(self.reviews, result.reviews, townships)
        self.reviews_box.setVisible(bool(result.reviews))
        (self.reviews if result.reviews else self.table).setFocus()
        if self.table.topLevelItemCount() and not result.reviews:
            self.table.setCurrentItem(self.table.topLevelItem(0))
