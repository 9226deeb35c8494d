"""Fixtures for the exchange screens: the county as a second installation with its own data folder
(keys made with ``init_keys(county=True)``), its public key file, a township's file for the county
to trust, a folder standing in for the USB stick, and cases filed through the real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.exchange import keys as exchange_keys
from intake.models.parse import parse_application
from intake.rules.townships import Townships
from intake.store.db import Store
from intake.store.ops import Actor
from tests.conftest import SHARED_CASES
from tests.intake.exchange.conftest import installation
from tests.ui.conftest import TOWNSHIP, make_session
from ui.session import Session

COUNTY = TOWNSHIP[:6]
CLERK = Actor("clerk", "clerk")


@pytest.fixture
def county_key_file(tmp_path: Path) -> Path:
    """The county's public key file, made on the county's own installation."""
    out = tmp_path / "county.pub"
    with installation(tmp_path / "county-data"):
        exchange_keys.init_keys(county=True)
        exchange_keys.export_public(out, f"县局（{COUNTY}）")
    return out


@pytest.fixture
def county_trusted(store_ready: None, county_key_file: Path) -> Path:
    """This hall trusts the county's key (as `intake keys trust` would)."""
    exchange_keys.trust(county_key_file)
    return county_key_file


@pytest.fixture
def hall_key_file(tmp_path: Path) -> Path:
    """A township hall's public key file, made on that hall's own installation."""
    out = tmp_path / "hall.pub"
    with installation(tmp_path / "hall-data"):
        exchange_keys.init_keys()
        exchange_keys.export_public(out, "海滨街道便民服务中心", TOWNSHIP)
    return out


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


@pytest.fixture
def admin(store_ready: None, townships: Townships) -> Session:
    return make_session("admin", townships)


@pytest.fixture
def county_admin(store_ready: None, townships: Townships) -> Session:
    """The county's installation: its own keys include the county encryption key."""
    exchange_keys.init_keys(county=True)
    return Session("admin", "admin", "", townships, county_code=COUNTY)


def file_case(example: str = "graduate-registered-rental") -> str:
    """A worked example filed (not evaluated) at this hall; its case number."""
    data = json.loads((SHARED_CASES / f"{example}.json").read_text(encoding="utf-8"))
    with Store.open() as store:
        return str(store.cases.create(parse_application(data), CLERK).case)
