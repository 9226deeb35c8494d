"""The scratch database between check and merge: what it stores comes back exactly."""

from __future__ import annotations

import sqlite3

import pytest

from intake.exchange import staging
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


def test_texts_are_stored_as_the_bytes_they_came_as() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    staging.attach(conn)
    line = '{"name":"欧阳𠮷","note":"a\\"b"}'.encode()
    conn.execute(staging.STAGED["x_applications"], (1, 1, line, "2017-06-10T09:30:00+08:00", "clerk1"))
    (text, kind), = conn.execute(f"SELECT json, typeof(json) FROM {staging.SCHEMA}.x_applications")
    assert (text, kind) == (line.decode("utf-8"), "text")
    staging.detach(conn)
    assert conn.execute("PRAGMA database_list").fetchall()[-1][1] != staging.SCHEMA
