"""The clerk's desk: sidebar, pages, menus and toolbar."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop import APP_NAME
from desktop.store.errors import UserError
from desktop.ui.screen import fit
from desktop.ui.work import ErrorReporter, Work, show_error

# The pages, their models, dialogs and forms are imported when first needed: after the
# window's first paint at the earliest (start-up time, see `MainWindow.paintEvent`).
if TYPE_CHECKING:
    from desktop.store.db import Store
    from desktop.ui import ledgers
    from desktop.ui.dialogs import Confirm, RecordDialog
    from desktop.ui.forms.binder import AskName
    from desktop.ui.forms.record_form import AskUnsaved, RecordForm
    from desktop.ui.help import ManualWindow
    from desktop.ui.letter_dialog import LetterDialog
    from desktop.ui.models import lists
    from desktop.ui.pages.archive_page import Archives
    from desktop.ui.pages.campaign_page import CampaignPages
    from desktop.ui.pages.list_page import ListPage
    from desktop.ui.pages.list_tabs import ListTabs
    from desktop.ui.print_preview import PrintController
    from desktop.ui.search_dialog import SearchDialog


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """`dialogs.ask`, the default question; its module loads with the first question."""
    from desktop.ui import dialogs

    return dialogs.ask(parent, title, text)


def has_form(table: str) -> bool:
    """`forms.loader.has_form`; the forms' registry loads when a list or record needs it."""
    from desktop.ui.forms import loader

    return loader.has_form(table)


def set_shortcut(action: QAction, keys: QKeySequence) -> None:
    """`action.setShortcut(keys)`, as a property: the method's argument check builds the
    `Qt` namespace (see desktop/ui/__init__.py)."""
    action.setProperty("shortcut", keys)


def delete_on_close(widget: QWidget) -> None:
    from PySide6.QtCore import Qt  # where used: see desktop/ui/__init__.py

    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def kind_label(table: str) -> str:
    from desktop.store.kinds import KINDS

    return KINDS[table].label if table in KINDS else table


# 新建 on the 工作台 offers these, most often recorded first
NEW_FROM_DESK = (
    "talks",
    "clues",
    "rectifications",
    "inspections",
    "activities",
    "persons",
    "units",
)

PAGES = (
    "工作台",
    "谈话记录",
    "问题线索",
    "监督检查与整改",
    "专项工作与通报",
    "人员档案",
    "单位",
    "文书登记",
    "时间线",
    "统计汇总",
    "回收站",
    "设置",
)

STYLE = """
QListWidget#sidebar { background: #f3f1ee; border: none; border-right: 1px solid #dcd8d2;
    font-size: 11pt; padding-top: 6px; outline: 0; }
QListWidget#sidebar::item { padding: 9px 14px; color: #333; }
QListWidget#sidebar::item:selected { background: #b8282e; color: white; }
QLabel#pageTitle { font-size: 15pt; font-weight: bold; color: #8c1d22; padding: 2px 0 4px 0; }
QLabel#hint { color: #666; }
QFrame#card { background: #faf8f5; border: 1px solid #e2ddd5; border-radius: 6px; }
QFrame#card[alert="true"] { background: #fde4e1; border-color: #e6a9a3; }
QLabel#cardValue { font-size: 20pt; font-weight: bold; color: #8c1d22; }
QLabel#cardLabel { color: #555; }
QLabel#summary { background: #fffdf8; border: 1px solid #eee5d3; padding: 8px; }
QTableView { gridline-color: #e4e0da; selection-background-color: #f2c8ca;
    selection-color: black; }
QHeaderView::section { background: #efece7; padding: 4px 6px; border: none;
    border-right: 1px solid #dcd8d2; border-bottom: 1px solid #dcd8d2; }
"""


class LazyPages(Mapping[str, QWidget]):
    """The sidebar pages by name; each is built on first access (a cold start builds
    only the page it shows), then handed to `on_built` to be placed and connected."""

    def __init__(
        self,
        factories: dict[str, Callable[[], QWidget]],
        on_built: Callable[[str, QWidget], None],
    ) -> None:
        self._factories = factories
        self._on_built = on_built
        self._built: dict[str, QWidget] = {}
        self._waiting: dict[str, list[Callable[[QWidget], None]]] = {}

    def __getitem__(self, name: str) -> QWidget:
        page = self._built.get(name)
        if page is None:
            page = self._factories[name]()
            self._built[name] = page
            self._on_built(name, page)
            for action in self._waiting.pop(name, []):
                action(page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def when_built(self, name: str, action: Callable[[QWidget], None]) -> None:
        """Run `action(page)` now if the page exists, else as soon as it is built (so
        a connection to a page does not build it at start)."""
        if name in self._built:
            action(self._built[name])
        else:
            self._waiting.setdefault(name, []).append(action)

    def is_built(self, name: str) -> bool:
        return name in self._built

    def built(self) -> list[QWidget]:
        """The pages built so far, in sidebar order."""
        return [self._built[n] for n in self._factories if n in self._built]


class MainWindow(QMainWindow):
    """The desk. Its first paint shows the window, menus, toolbar and sidebar; the page
    on screen (the 工作台) is built right after it, and with it the pages' modules load
    (start-up time: the clerk sees the window at once, the figures as they are read)."""

    closed = Signal()  # the window accepted its close (the application may quit or switch)
    restore_requested = Signal(object)  # backup_dialogs.RestoreRequest, done by app.Session

    def __init__(
        self,
        store: Store,
        *,
        confirm: Confirm | None = None,  # None: `ask`
        report_error: ErrorReporter = show_error,
        ask_save: AskUnsaved | None = None,  # None: the forms' own questions
        ask_name: AskName | None = None,
        offer_drafts: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.confirm: Confirm = ask if confirm is None else confirm
        self.ask_save = ask_save
        self.ask_name = ask_name
        self.open_forms: list[RecordForm] = []
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        fit(self, 1360, 860)  # inside the screen it opens on (1366×768 is common)
        self.work = Work(store, self, report_error=report_error)
        self.open_dialogs: list[RecordDialog] = []

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(18, 18))
        for name in PAGES:
            QListWidgetItem(name, self.sidebar)
        self.sidebar.setMinimumWidth(150)
        self.stack = QStackedWidget()
        self._archives: Archives | None = None  # made on first use (with the timeline)
        self._campaign_pages: CampaignPages | None = None  # made when the list is built
        self.painted = False  # the window's first paint has happened
        self._after_paint: list[Callable[[], None]] | None = []  # None: run at once
        self._build_pages()
        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([170, 1190])
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage(f"数据目录：{store.path.parent}")
        self._build_actions()
        self._printing: PrintController | None = None  # made on the first print
        self.print_action.triggered.connect(lambda: self.printing.print_current())
        self.sidebar.setCurrentRow(0)  # its page is built after the first paint
        self.sidebar.currentRowChanged.connect(self.show_page)
        self._update_actions()
        self.restore_state()
        # Last, once the window holds its widgets: set first, every widget added after
        # was styled again as it joined (setCentralWidget alone ~1.5 ms of the start).
        self.setStyleSheet(STYLE)
        if offer_drafts:
            self.after_first_paint(self.offer_drafts)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self._first_paint_done)  # once this paint is on screen

    def _first_paint_done(self) -> None:
        self.show_page(self.sidebar.currentRow())  # its page, built now
        waiting, self._after_paint = self._after_paint or [], None
        for action in waiting:
            action()

    @property
    def settled(self) -> bool:
        """Painted, its page built and the work queued for after the paint started."""
        return self._after_paint is None

    def after_first_paint(self, action: Callable[[], None]) -> None:
        """Run `action` once the window has been painted and its page built (at once if
        that is done): work the first screen does not need waits for it."""
        if self._after_paint is None:
            action()
        else:
            self._after_paint.append(action)

    @property
    def archives(self) -> Archives:
        """The 廉政档案 windows; the module (and the timeline it embeds) is imported on
        first use, not at start."""
        if self._archives is None:
            from desktop.ui.pages.archive_page import Archives

            self._archives = Archives(self.store, self, self.open_record, self.work.report_error)
        return self._archives

    @property
    def campaign_pages(self) -> CampaignPages:
        """The 专项工作 pages (issue #15), opened from the 专项工作 list."""
        if self._campaign_pages is None:
            from desktop.ui.pages.campaign_page import CampaignPages

            self._campaign_pages = CampaignPages(
                self.store, self, self.open_record, self.work.report_error
            )
        return self._campaign_pages

    @property
    def printing(self) -> PrintController:
        """The 打印 command; its module (QtPdf, QtPrintSupport) is imported on first use,
        not at start."""
        if self._printing is None:
            from desktop.ui.print_preview import PrintController

            self._printing = PrintController(
                self.store, self.work, self, confirm=self.confirm, on_issued=self.refresh_all
            )
        return self._printing

    # -- pages ------------------------------------------------------------------------

    def _list(self, name: str, model: str) -> ListPage:
        """A list page; `model` names its model's class in desktop.ui.models.lists."""
        from desktop.ui.models import lists
        from desktop.ui.pages.list_page import ListPage

        made: lists.SqlListModel = getattr(lists, model)(self.store)
        return ListPage(self.store, self.work, made, name, confirm=self.confirm)

    def _tabs(self, *tabs: tuple[str, str]) -> ListTabs:
        """Tabs of lists: (name, model class) each, as `_list`."""
        from desktop.ui.pages.list_tabs import ListTabs

        return ListTabs([(name, self._list(name, model)) for name, model in tabs])

    def _page_factories(self) -> dict[str, Callable[[], QWidget]]:
        """Each page's module is imported when the page is first built (start-up time:
        a cold start imports only the desk's)."""
        s = self.store

        def timeline() -> QWidget:
            from desktop.ui.timeline import TimelinePage

            return TimelinePage(s, self.work)

        def statistics() -> QWidget:
            from desktop.ui.pages.stats_page import StatsPage

            return StatsPage(s, self.work)

        def recycle() -> QWidget:
            from desktop.ui.pages.recycle import RecyclePage

            return RecyclePage(s, self.work, confirm=self.confirm)

        def settings() -> QWidget:
            from desktop.ui.pages.settings_page import SettingsPage

            return SettingsPage(s, self.work)

        def desk() -> QWidget:
            from desktop.ui.pages.dashboard import DashboardPage

            return DashboardPage(s, self.work)

        # the pages that are a list (ListPage, the 回收站 too) or tabs of lists (ListTabs)
        lists = {
            "谈话记录": lambda: self._list("谈话记录", "TalksModel"),
            "问题线索": lambda: self._list("问题线索", "CluesModel"),
            "监督检查与整改": lambda: self._tabs(
                ("整改事项", "RectificationsModel"),
                ("监督检查", "InspectionsModel"),
                ("函询", "InquiriesModel"),
                ("建议书", "ProposalsModel"),
            ),
            "专项工作与通报": lambda: self._tabs(
                ("专项工作", "CampaignsModel"),
                ("工作活动", "ActivitiesModel"),
                ("通报", "BulletinsModel"),
                ("问责", "AccountabilitiesModel"),
            ),
            "人员档案": lambda: self._list("人员档案", "PersonsModel"),
            "单位": lambda: self._list("单位", "UnitsModel"),
            "文书登记": lambda: self._list("文书登记", "DocumentsModel"),
            "回收站": recycle,
        }
        # the others hold no selection: asking for the current list loads no list module
        self.list_names = frozenset(lists)
        others = {"工作台": desk, "时间线": timeline, "统计汇总": statistics, "设置": settings}
        return {name: {**lists, **others}[name] for name in PAGES}

    def _build_pages(self) -> None:
        """Every sidebar page gets a slot; a page is built when first shown or asked for."""
        for _name in PAGES:
            self.stack.addWidget(QWidget())  # stands in until the page is built
        self.pages = LazyPages(self._page_factories(), self._page_built)

    def _page_built(self, name: str, page: QWidget) -> None:
        """Put a freshly built page in its stack slot and connect it like the others."""
        index = PAGES.index(name)
        on_screen = self.stack.currentIndex() == index  # asked for before the first paint
        slot = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(slot)
        slot.deleteLater()
        if on_screen:
            self.stack.setCurrentIndex(index)
        if name in ("工作台", "时间线", "统计汇总"):  # pages that open records
            page.open_record.connect(self.open_record)  # type: ignore[attr-defined]
        if name == "设置":
            page.backup.restore_requested.connect(self.restore_requested)  # type: ignore[attr-defined]
        if name not in self.list_names:
            return
        from desktop.ui.pages.list_tabs import ListTabs  # loaded: the page is built

        if isinstance(page, ListTabs):
            page.current_changed.connect(lambda p=page: self._page_count(p))
            page.current_changed.connect(self._update_actions)
        for lp in self._lists_on(page):
            lp.open_record.connect(self.open_record)
            lp.changed.connect(self.refresh_all)
            lp.count_changed.connect(lambda _n, p=lp: self._page_count(p))
            lp.selection_changed.connect(self._update_actions)
            if name in ("人员档案", "单位"):  # 查看档案 button, Ctrl+double-click
                self.archives.attach(lp)
            if lp.model.table == "campaigns":  # 查看专项工作 button, Ctrl+double-click
                self.campaign_pages.attach(lp)

    @staticmethod
    def _lists_on(page: QWidget) -> list[ListPage]:
        """The lists of a page of `list_names`: itself, or those on its tabs."""
        from desktop.ui.pages.list_tabs import ListTabs  # loaded: the page is built

        return page.lists if isinstance(page, ListTabs) else [cast("ListPage", page)]

    def list_pages(self) -> list[ListPage]:
        """Every list, including those on tabs."""
        found: list[ListPage] = []
        for name in PAGES:  # a page not built yet reads fresh data when it is
            if name in self.list_names and self.pages.is_built(name):
                found.extend(self._lists_on(self.pages[name]))
        return found

    def current_page(self) -> QWidget:
        """The page on screen (built now if the first paint has not built it yet)."""
        return self.pages[PAGES[self.stack.currentIndex()]]

    def current_list(self) -> ListPage | None:
        name = PAGES[self.stack.currentIndex()]
        if name not in self.list_names or not self.pages.is_built(name):
            return None  # the desk and the other pages hold no list
        from desktop.ui.pages.list_tabs import ListTabs  # loaded: the page is built

        page = self.pages[name]
        return page.current_list() if isinstance(page, ListTabs) else cast("ListPage", page)

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(PAGES):
            return
        if self.sidebar.currentRow() != index:
            self.sidebar.setCurrentRow(index)
            return
        page = self.pages[PAGES[index]]  # built on first show
        self.stack.setCurrentIndex(index)
        self._page_count(page)
        self._update_actions()

    def select_page(self, name: str) -> QWidget:
        """Show a sidebar page; returns it (for tabbed lists, the list on the current tab)."""
        self.show_page(PAGES.index(name))
        page = self.pages[name]
        return (self.current_list() if name in self.list_names else None) or page

    def _page_count(self, page: QWidget) -> None:
        if page is not self.stack.currentWidget() and page is not self.current_list():
            return
        current = self.current_list()
        if current is not None:
            self.count_label.setText(f"共 {current.model.rowCount()} 条")
        else:
            self.count_label.setText("")

    def refresh_all(self) -> None:
        for page in self.list_pages():
            page.refresh()
        if self.pages.is_built("工作台"):  # else it reads fresh data when first shown
            from desktop.ui.pages.dashboard import DashboardPage  # loaded: the page is built

            dashboard = self.pages["工作台"]
            assert isinstance(dashboard, DashboardPage)
            dashboard.refresh()
        if self.pages.is_built("时间线"):  # else it reads fresh data when first shown
            timeline = self.pages["时间线"]
            from desktop.ui.timeline import TimelinePage  # loaded: the page is built

            assert isinstance(timeline, TimelinePage)
            timeline.refresh()
        if self._archives is not None:  # none open otherwise
            self._archives.refresh()
        if self._campaign_pages is not None:
            self._campaign_pages.refresh()
        self._page_count(self.stack.currentWidget())
        self._update_actions()

    def open_record(self, table: str, record_id: int) -> None:
        """Open a record: its entry form where there is one, else the read-only view."""
        if not table:
            return
        if has_form(table):
            self.open_form(table, record_id)
            return
        from desktop.ui.dialogs import RecordDialog

        try:
            dialog = RecordDialog(self.store, table, record_id, self)
        except UserError as exc:
            self.work.report_error(self, exc)
            return
        delete_on_close(dialog)
        self.open_dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self._forget_dialog(dialog))
        dialog.open()

    def _forget_dialog(self, dialog: RecordDialog) -> None:
        if dialog in self.open_dialogs:
            self.open_dialogs.remove(dialog)

    # -- entry forms ------------------------------------------------------------------

    def open_form(
        self, table: str, record_id: int | None = None, draft: dict[str, object] | None = None
    ) -> RecordForm | None:
        """Open the entry form of a record (a new one without `record_id`)."""
        for form in self.open_forms:
            if form.table == table and record_id is not None and form.record_id == record_id:
                form.raise_()
                form.activateWindow()
                return form
        # the forms' modules are imported on the first form, not at start
        from desktop.ui.forms.record_form import form_class

        asked = {"ask_save": self.ask_save, "ask_name": self.ask_name}
        try:
            form = form_class(table)(
                self.store,
                table,
                record_id,
                parent=self,
                draft=draft,
                **{k: v for k, v in asked.items() if v is not None},
            )
        except UserError as exc:
            self.work.report_error(self, exc)
            return None
        delete_on_close(form)
        form.open_new = lambda t, d: self.open_form(t, draft=d)  # a 问责 from an item
        form.saved.connect(lambda *_: self.refresh_all())
        form.finished.connect(lambda *_: self._forget_form(form))
        form.destroyed.connect(lambda *_: self._drop_form(form))
        self.open_forms.append(form)
        form.addAction(self.print_action)  # Ctrl+P prints the record of the form
        form.show()
        self._update_actions()
        return form

    def _forget_form(self, form: RecordForm) -> None:
        self._drop_form(form)
        self._update_actions()

    def _drop_form(self, form: RecordForm) -> None:
        if form in self.open_forms:
            self.open_forms.remove(form)

    def new_record(self) -> RecordForm | None:
        page = self.current_list()
        if page is None and self.on_desk():
            self.choose_new_kind()
            return None
        if page is None or not has_form(page.model.table):
            return None
        return self.open_form(page.model.table)

    def on_desk(self) -> bool:
        return self.sidebar.currentRow() == PAGES.index("工作台")

    def choose_new_kind(self) -> QMenu:
        """新建 on the desk: which record (first the ones a clerk records most)."""
        menu = QMenu(self)
        menu.setObjectName("newMenu")
        for table in NEW_FROM_DESK:
            action = menu.addAction(f"新建{kind_label(table)}")
            action.triggered.connect(lambda _c=False, t=table: self.open_form(t))
        menu.popup(self.mapToGlobal(self.rect().center()))
        self.new_menu = menu
        return menu

    def save_form(self) -> bool:
        return bool(self.open_forms) and self.open_forms[-1].save()

    def offer_drafts(self) -> list[RecordForm]:
        """Offer back each draft a crash (or a kill) left behind."""
        from desktop.ui.forms import drafts

        opened = []
        for path, payload in drafts.pending(self.store.path.parent):
            table = str(payload["table"])
            record_id = payload.get("record_id")
            label = kind_label(table)
            what = f"{label}（编号 {record_id}）" if record_id else f"新建的{label}"
            when = payload.get("saved_at", "")
            if not has_form(table):
                continue
            if self.confirm(
                self,
                "恢复草稿",
                f"发现未保存的草稿：{what}，保存于 {when}。\n是否恢复？选择“取消”将丢弃该草稿。",
            ):
                form = self.open_form(table, int(record_id) if record_id else None, draft=payload)
                if form is not None:
                    opened.append(form)
            else:
                drafts.remove(path)
        return opened

    # -- actions ----------------------------------------------------------------------

    def _action(
        self, text: str, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            set_shortcut(action, QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text}（{action.shortcut().toString()}）" if shortcut else text)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action("新建", key.New, "新建当前列表的记录")
        self.save_action = self._action("保存", key.Save, "保存当前表单")
        self.print_action = self._action("打印", key.Print, "打印当前列表或文书")
        self.quit_action = self._action("退出", "Ctrl+Q", "退出清风台账")
        self.open_action = self._action("打开", None, "查看选中的记录（Enter 或双击）")
        self.delete_action = self._action("删除", key.Delete, "将选中的记录移入回收站")
        self.find_action = self._action("查找", key.Find, "在当前列表中搜索")
        self.refresh_action = self._action("刷新", key.Refresh, "重新读取数据")
        self.about_action = self._action("关于清风台账", None, "")
        # No target yet: disabled rather than pretending.
        for action in (self.new_action, self.save_action, self.print_action):
            action.setEnabled(False)
        self.new_action.triggered.connect(self.new_record)
        self.save_action.triggered.connect(self.save_form)
        self.quit_action.triggered.connect(self.close)
        self.open_action.triggered.connect(self._open_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.find_action.triggered.connect(self._focus_search)
        self.search_action = self._action(
            "查找全部…", "Ctrl+K", "按姓名、拼音或首字母、标题、编号查找人员、单位和各类记录"
        )
        self.search_action.triggered.connect(self.open_search)
        self.manual_action = self._action("使用手册", key.HelpContents, "打开使用手册")
        self.manual_action.triggered.connect(self.open_manual)
        self.manual: ManualWindow | None = None
        self.refresh_action.triggered.connect(self.refresh_all)
        self.about_action.triggered.connect(self._about)
        self.backup_action = self._action("立即备份…", None, "备份全部数据到 U 盘等文件夹")
        self.restore_action = self._action("从备份恢复…", None, "查看、校验并恢复一个备份")
        self.audit_action = self._action("审计日志", None, "查看、筛选、校验和导出操作日志")
        self.backup_action.triggered.connect(lambda: self._settings_tab("backup").backup_now())
        self.restore_action.triggered.connect(lambda: self._settings_tab("backup").restore_from())
        self.audit_action.triggered.connect(lambda: self._settings_tab("audit"))
        self.export_ledger_action = self._action("导出台账…", None, "把台账导出为 Excel")
        self.import_ledger_action = self._action("导入台账…", None, "从 Excel 台账导入记录")
        self.export_ledger_action.triggered.connect(self.export_ledger)
        self.letter_action = self._action(
            "制发通用提醒函…", None, "节日前廉洁提醒等不针对具体记录的提醒函"
        )
        self.letter_action.triggered.connect(self.write_letter)
        self.import_ledger_action.triggered.connect(self.import_ledger)

        menu = self.menuBar()
        file_menu = menu.addMenu("文件(&F)")
        for action in (self.new_action, self.save_action, self.print_action):
            file_menu.addAction(action)
        file_menu.addAction(self.letter_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_ledger_action)
        file_menu.addAction(self.import_ledger_action)
        file_menu.addSeparator()
        for action in (self.backup_action, self.restore_action, self.audit_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("编辑(&E)")
        for action in (self.open_action, self.delete_action, self.find_action, self.search_action):
            edit_menu.addAction(action)
        view_menu = menu.addMenu("查看(&V)")
        self.page_actions: list[QAction] = []
        for i, name in enumerate(PAGES):
            action = QAction(name, self)
            if i < 9:
                set_shortcut(action, QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, i=i: self.show_page(i))
            self.addAction(action)
            view_menu.addAction(action)
            self.page_actions.append(action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        help_menu = menu.addMenu("帮助(&H)")
        help_menu.addAction(self.manual_action)
        help_menu.addAction(self.about_action)
        self.diagnostics_action = help_menu.addAction("导出诊断信息…")
        self.diagnostics_action.setStatusTip("版本、自检、检查结果和日志打包为 zip，不含记录内容")
        self.diagnostics_action.triggered.connect(self._export_diagnostics)

        toolbar = QToolBar("常用操作", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setProperty("toolButtonStyle", "ToolButtonTextOnly")  # by name: see ui/__init__
        for action in (
            self.new_action,
            self.save_action,
            self.open_action,
            self.delete_action,
            self.print_action,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.export_ledger_action)
        toolbar.addSeparator()
        toolbar.addAction(self.search_action)
        toolbar.addAction(self.find_action)
        toolbar.addAction(self.refresh_action)
        self.addToolBar(toolbar)

    def write_letter(self) -> LetterDialog:
        """文件 → 制发通用提醒函: write it, preview it, issue it from the preview."""
        from desktop.ui.letter_dialog import LetterDialog

        dialog = LetterDialog(self.store, self.printing.preview_letter, self, confirm=self.confirm)
        delete_on_close(dialog)
        dialog.show()
        return dialog

    def _ledger_table(self) -> str:
        """The record table of the list the clerk is on (导出台账 / 导入台账 start from it)."""
        page = self.current_list()
        return page.model.table if page is not None else ""

    def export_ledger(self) -> ledgers.LedgerExportDialog:
        from desktop.ui import ledgers  # loads openpyxl: only once asked for

        return ledgers.export_ledger(
            self.work,
            self.store,
            self,
            kind=ledgers.KIND_OF_TABLE.get(self._ledger_table(), ledgers.ledger_io.CLUES),
            choose_path=ledgers.choose_xlsx_to_save,
            notify=lambda text: self.statusBar().showMessage(text, 15000),
        )

    def import_ledger(self) -> ledgers.LedgerImportDialog:
        from desktop.ui import ledgers  # loads openpyxl: only once asked for

        return ledgers.import_ledger(
            self.work,
            self.store,
            self,
            kind=ledgers.KIND_OF_TABLE.get(self._ledger_table()),
            on_imported=lambda _counts: self.refresh_all(),
            confirm=self.confirm,
            choose_file=ledgers.choose_xlsx_to_open,
            choose_path=ledgers.choose_xlsx_to_save,
        )

    def _settings_tab(self, name: str) -> Any:
        """Show a tab of 设置 (备份与恢复, 审计日志) and return it."""
        from desktop.ui.pages.settings_page import SettingsPage  # built now: loaded

        settings = self.select_page("设置")
        assert isinstance(settings, SettingsPage)
        tab = getattr(settings, name)
        settings.show_tab(tab)
        return tab

    def _update_actions(self) -> None:
        page = self.current_list()
        has_row = page is not None and page.selected_id() is not None
        self.open_action.setEnabled(has_row and page is not None and bool(page.model.table))
        self.delete_action.setEnabled(has_row and page is not None and page.can_delete)
        self.find_action.setEnabled(page is not None)
        self.new_action.setEnabled(
            (page is not None and has_form(page.model.table))
            or (page is None and getattr(self, "sidebar", None) is not None and self.on_desk())
        )
        self.save_action.setEnabled(bool(getattr(self, "open_forms", None)))
        # the print controller (and its Qt PDF modules) only once there is something to print
        candidate = has_row or bool(getattr(self, "open_forms", None))
        built = getattr(self, "_printing", None) is not None
        printing = self.printing if built or (candidate and hasattr(self, "_printing")) else None
        self.print_action.setEnabled(printing is not None and printing.target() is not None)

    def _open_selected(self) -> None:
        page = self.current_list()
        if page is not None:
            page.open_selected()

    def delete_selected(self) -> bool:
        page = self.current_list()
        return page.delete_selected() if page is not None else False

    def _focus_search(self) -> None:
        page = self.current_list()
        if page is not None:
            page.focus_search()

    def open_search(self) -> SearchDialog:
        """查找全部 (Ctrl+K); a person or unit found opens as its archive."""
        from desktop.ui.search_dialog import SearchDialog

        dialog = SearchDialog(self.store, self)
        delete_on_close(dialog)
        dialog.open_record.connect(
            lambda table, record_id: (
                self.archives.open(table, record_id)
                if table in ("persons", "units")
                else self.open_record(table, record_id)
            )
        )
        dialog.show()
        return dialog

    def open_manual(self) -> ManualWindow:
        """帮助 → 使用手册 (F1): one manual window, brought to the front when open."""
        from desktop.ui.help import ManualWindow  # the documents package loads reportlab

        if self.manual is None:
            self.manual = ManualWindow(self)
            self.manual.destroyed.connect(lambda *_: setattr(self, "manual", None))
            delete_on_close(self.manual)
        self.manual.show()
        self.manual.raise_()
        self.manual.activateWindow()
        return self.manual

    def _about(self) -> None:
        from desktop.ui import about  # 关于: version, data folder, licences

        about.show_about(self, self.store.path.parent)

    def _export_diagnostics(self) -> None:
        from desktop.ui import about

        about.export_diagnostics(self, self.store.path.parent, key=self.store.key)

    # -- remembered layout ------------------------------------------------------------

    def restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        splitter = settings.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/splitter", self.splitter.saveState())
        for page in self.list_pages():
            page.save_state()

    def closeEvent(self, event: QCloseEvent) -> None:
        for form in list(self.open_forms):
            if not form.close():  # the clerk chose 取消 on unsaved changes
                event.ignore()
                return
        self.save_state()
        self.work.cancel_all()
        super().closeEvent(event)
        self.closed.emit()
