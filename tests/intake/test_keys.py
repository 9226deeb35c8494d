"""This installation's signing key: made once on first use, private to its owner, stable; and the
trust store of other installations' public keys."""

from __future__ import annotations

import base64
import json
import stat
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from nacl.signing import SigningKey

from intake import keys
from intake.errors import KeyStoreError


def test_the_key_is_made_on_first_use_and_kept() -> None:
    path = keys.keys_dir() / keys.SIGNING_KEY_FILE
    assert not path.exists()
    first = keys.verify_key_bytes()
    assert path.exists() and len(first) == 32
    assert keys.verify_key_bytes() == first
    assert bytes(keys.signing_key().verify_key) == first
    assert not list(path.parent.glob(".*.tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_key_file_is_private() -> None:
    keys.signing_key()
    path = keys.keys_dir() / keys.SIGNING_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0


def test_racing_first_uses_agree_on_one_key() -> None:
    with ThreadPoolExecutor(8) as pool:
        found = set(pool.map(lambda _: keys.verify_key_bytes(), range(16)))
    assert len(found) == 1


def test_fingerprint_is_short_and_stable() -> None:
    public = bytes(range(32))
    assert keys.fingerprint(public) == keys.fingerprint(public)
    assert len(keys.fingerprint(public)) == 39 and keys.fingerprint(public).count("-") == 7
    assert keys.fingerprint(public) != keys.fingerprint(bytes(32))


def test_a_damaged_key_file_is_reported() -> None:
    path = keys.keys_dir() / keys.SIGNING_KEY_FILE
    path.parent.mkdir(parents=True)
    path.write_text("not base64!\n", encoding="ascii")
    with pytest.raises(KeyStoreError) as info:
        keys.signing_key()
    assert info.value.field == str(path)


def test_trusted_keys_are_own_key_first_then_the_trust_store() -> None:
    keys.signing_key()
    other = SigningKey.generate().verify_key
    folder = keys.keys_dir() / keys.TRUSTED_DIR
    folder.mkdir(parents=True)
    record = {"ed25519": base64.b64encode(bytes(other)).decode(), "name": "鲤城区公安分局", "x25519": "ignored"}
    (folder / "county.pub").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (folder / "readme.txt").write_text("not a key", encoding="utf-8")
    trusted = keys.trusted_verify_keys()
    assert list(trusted) == [keys.fingerprint(keys.verify_key_bytes()), keys.fingerprint(bytes(other))]


def test_checking_a_receipt_makes_no_key() -> None:
    """A computer that only checks receipts (a fresh install) trusts what it was given and gets no
    signing key of its own as a side effect."""
    assert keys.trusted_verify_keys() == {}
    assert not (keys.keys_dir() / keys.SIGNING_KEY_FILE).exists()


@pytest.mark.parametrize("content", ["{}", "[]", '{"ed25519": "AAAA"}', '{"ed25519": 5}', "garbage"])
def test_a_bad_public_key_file_is_named(content: str) -> None:
    folder = keys.keys_dir() / keys.TRUSTED_DIR
    folder.mkdir(parents=True)
    (folder / "bad.pub").write_text(content, encoding="utf-8")
    with pytest.raises(KeyStoreError) as info:
        keys.trusted_verify_keys()
    assert info.value.field and info.value.field.endswith("bad.pub")
