"""What an import writes as it checks: the texts and search grams come back exactly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from intake.exchange import staging
from intake.store import Store
from intake.store.search import name_grams


@pytest.mark.parametrize("name", ["欧阳𠮷", "林晓", "O'Brien \"Jr\"", "a\\b", "Straße", "é\u0301x", "\u2028行", "x\x00y"])
def test_search_grams_travel_whole(name: str) -> None:
    """One JSON array per case, read back by SQLite's json_each — or one row per gram where JSON
    would cut a gram short (NUL)."""
    grams = name_grams(name)
    text = staging.grams_text(sorted(grams))
    if "\x00" in name:
        assert text is None
        return
    conn = sqlite3.connect(":memory:")
    assert {row[0] for row in conn.execute("SELECT value FROM json_each(?)", (text,))} == grams


def test_texts_are_stored_as_the_bytes_they_came_as(tmp_path: Path) -> None:
    """A JSON text arrives as the UTF-8 bytes the hall hashed and is stored as text, not a blob."""
    line = '{"name":"欧阳𠮷","note":"a\\"b"}'.encode()
    with Store.open(tmp_path / "county.db") as store:
        staging.attach(store.conn)
        with store.write() as conn:
            conn.execute(staging.WRITES["cases"], (1, "350502001-2017-000001", "draft", None, None, "350502199001011234",
                                                   "欧阳𠮷", None, "350502", "2017-06-10T09:30:00+08:00", "clerk1",
                                                   "2017-06-10T09:30:00+08:00"))
            conn.execute(staging.WRITES["applications"], (1, 1, line, "2017-06-10T09:30:00+08:00", "clerk1"))
        staging.detach(store.conn)
        (text, kind), = store.conn.execute("SELECT json, typeof(json) FROM applications")
        assert (text, kind) == (line.decode("utf-8"), "text")
        assert store.conn.execute("PRAGMA database_list").fetchall()[-1][1] != staging.SCHEMA
