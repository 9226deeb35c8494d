"""Attaching scanned pages to documents: content addressed, all or nothing, never replaced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from intake.errors import PageRejected, WorkflowError
from intake.evaluation import Evaluator
from intake.store import Store
from tests.intake.store.conftest import CLERK, image_bytes, make_app, write
from tests.intake.store.test_scans import MINIMAL_PDF


@pytest.fixture
def number(store: Store) -> str:
    return store.cases.create(make_app(), CLERK).case


def test_pages_are_stored_in_order_with_thumbnails(store: Store, number: str, tmp_path: Path) -> None:
    front = write(tmp_path / "front.jpg", image_bytes("JPEG"))
    back = write(tmp_path / "back.png", image_bytes("PNG", size=(600, 400)))
    changes = store.pages.attach_files(number, 0, [front, back], CLERK)
    assert len(changes.pages) == 2 and changes.case == number
    (doc, *_) = store.cases.get(number).documents
    assert [(p.seq, p.filename, p.format) for p in doc.pages] == [(1, "front.jpg", "jpeg"), (2, "back.png", "png")]
    assert store.pages.data(doc.pages[0].sha256) == front.read_bytes()
    assert store.pages.thumbnail(doc.pages[1].sha256).startswith(b"\x89PNG")
    more = store.pages.attach_bytes(number, 0, [("extra.pdf", MINIMAL_PDF)], CLERK)
    assert [p.seq for p in store.cases.get(number).documents[0].pages] == [1, 2, 3]
    assert more.pages == (store.cases.get(number).documents[0].pages[2].sha256,)
    assert [h.action for h in store.cases.get(number).history] == ["create", "attach", "attach"]


def test_same_bytes_twice_on_one_document_is_refused(store: Store, number: str) -> None:
    data = image_bytes("PNG")
    store.pages.attach_bytes(number, 1, [("a.png", data)], CLERK)
    with pytest.raises(PageRejected, match="b.png 与第 1 份证件（毕业证书）已有的第 1 页内容完全相同"):
        store.pages.attach_bytes(number, 1, [("b.png", data)], CLERK)
    with pytest.raises(PageRejected, match="内容完全相同"):
        store.pages.attach_bytes(number, 2, [("c.png", data), ("d.png", data)], CLERK)


def test_same_bytes_on_two_documents_are_stored_once(store: Store, number: str) -> None:
    data = image_bytes("PNG")
    store.pages.attach_bytes(number, 1, [("a.png", data)], CLERK)
    store.pages.attach_bytes(number, 2, [("a.png", data)], CLERK)
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 1
    assert store.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 2


def test_one_bad_file_stores_none(store: Store, number: str, tmp_path: Path) -> None:
    good = write(tmp_path / "good.jpg", image_bytes("JPEG"))
    empty = write(tmp_path / "empty.png", b"")
    with pytest.raises(PageRejected, match="empty.png"):
        store.pages.attach_files(number, 0, [good, empty], CLERK)
    assert store.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    assert len(store.cases.get(number).history) == 1


def test_document_index_must_exist(store: Store, number: str) -> None:
    with pytest.raises(PageRejected, match="没有第 4 份证件.*共 4 份"):
        store.pages.attach_bytes(number, 4, [("a.png", image_bytes("PNG"))], CLERK)
    with pytest.raises(PageRejected, match="没有第 -1 份证件"):
        store.pages.attach_bytes(number, -1, [("a.png", image_bytes("PNG"))], CLERK)


def test_no_pages_after_approval(store: Store, number: str, evaluator: Evaluator) -> None:
    store.workflow.evaluate(number, evaluator, CLERK)
    store.workflow.consent(number, CLERK)
    store.workflow.approve(number, CLERK)
    with pytest.raises(WorkflowError, match="不能再添加扫描页"):
        store.pages.attach_bytes(number, 0, [("a.png", image_bytes("PNG"))], CLERK)


def test_the_database_refuses_to_replace_a_page(store: Store, number: str) -> None:
    store.pages.attach_bytes(number, 0, [("a.png", image_bytes("PNG"))], CLERK)
    for sql in ("UPDATE pages SET sha256 = 'x'", "DELETE FROM pages", "UPDATE blobs SET data = x'00'"):
        with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
            store.conn.execute(sql)
