"""Keys: made once, exported, trusted where the receipt verifier looks, and checked on the way in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake import keys
from intake.errors import KeyStoreError
from intake.exchange import keys as exchange_keys


def test_init_makes_keys_once(tmp_path: Path) -> None:
    fingerprint, made = exchange_keys.init_keys()
    assert made and not exchange_keys.is_county()
    assert exchange_keys.init_keys() == (fingerprint, False)
    again, made = exchange_keys.init_keys(county=True)
    assert again == fingerprint and made and exchange_keys.is_county()
    secret = exchange_keys.county_key_path().read_text()
    exchange_keys.init_keys(county=True)
    assert exchange_keys.county_key_path().read_text() == secret
    assert exchange_keys.county_key_path().stat().st_mode & 0o077 == 0


def _county_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str = "county") -> Path:
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / name))
    exchange_keys.init_keys(county=True)
    out = tmp_path / f"{name}.pub"
    exchange_keys.export_public(out, "鲤城区公安分局")
    return out


def test_a_trusted_county_key_is_where_the_receipt_verifier_looks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    county = _county_file(tmp_path, monkeypatch)
    data = json.loads(county.read_text(encoding="utf-8"))
    assert data["role"] == "county" and {"ed25519", "x25519", "x25519_signature", "fingerprint"} <= set(data)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "hall"))
    trusted = exchange_keys.trust(county)
    assert trusted.keys.fingerprint == data["fingerprint"]
    assert data["fingerprint"] in keys.trusted_verify_keys()  # the printing engineer's reader sees it
    assert exchange_keys.trusted_county().x25519 == exchange_keys.read_public_file(county).x25519
    assert exchange_keys.trust(county).already


def test_a_hall_key_names_its_township(tmp_path: Path) -> None:
    exchange_keys.init_keys()
    out = tmp_path / "hall.pub"
    public = exchange_keys.export_public(out, "海滨街道便民服务中心", "350502001")
    assert exchange_keys.read_public_file(out) == public
    assert public.township == "350502001" and public.x25519 is None


def test_a_swapped_encryption_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    county = _county_file(tmp_path, monkeypatch)
    other = json.loads(_county_file(tmp_path, monkeypatch, "mallory").read_text(encoding="utf-8"))
    data = json.loads(county.read_text(encoding="utf-8"))
    data["x25519"] = other["x25519"]
    county.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "hall"))
    with pytest.raises(KeyStoreError, match="没有该县局的有效签名"):
        exchange_keys.trust(county)


def test_a_second_county_needs_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _county_file(tmp_path, monkeypatch, "c1"), _county_file(tmp_path, monkeypatch, "c2")
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "hall"))
    exchange_keys.trust(first)
    with pytest.raises(KeyStoreError, match="--replace"):
        exchange_keys.trust(second)
    replaced = exchange_keys.trust(second, replace=True)
    assert replaced.replaced == exchange_keys.read_public_file(first).fingerprint
    assert exchange_keys.trusted_county().fingerprint == replaced.keys.fingerprint


def test_a_county_trusts_no_other_county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A county only takes the halls' keys: another county's file is a mix-up, said as such."""
    other = _county_file(tmp_path, monkeypatch, "c2")
    _county_file(tmp_path, monkeypatch, "c1")  # this computer is a county now
    with pytest.raises(KeyStoreError, match="本机是县局，只需信任各乡镇"):
        exchange_keys.trust(other)
    assert exchange_keys.trusted_keys() == {}


@pytest.mark.parametrize("text", ["not json", "{}", '{"ed25519": "AAAA"}', '{"ed25519": "!!", "role": "hall"}',
                                  '{"ed25519": "' + "A" * 44 + '", "role": "county"}'])
def test_broken_key_files_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.pub"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KeyStoreError):
        exchange_keys.trust(path)


def test_trusting_ones_own_key_is_refused(tmp_path: Path) -> None:
    exchange_keys.init_keys()
    exchange_keys.export_public(tmp_path / "me.pub")
    with pytest.raises(KeyStoreError, match="本机自己的公钥"):
        exchange_keys.trust(tmp_path / "me.pub")


def test_a_hall_without_a_trusted_county_cannot_name_one() -> None:
    with pytest.raises(KeyStoreError, match="尚未信任县局公钥"):
        exchange_keys.trusted_county()
