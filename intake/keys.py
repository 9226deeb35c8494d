"""This installation's Ed25519 signing key and the public keys it trusts.

The key signs what leaves the hall (receipt QR payloads, later export bundles) so the county can
check offline who issued it. It is made on first use and kept in ``data_dir()/keys/``:

- ``signing.key`` — the 32-byte Ed25519 seed in base64 on one line, readable by its owner only
  (0600 where the file system has permissions). Losing it only means new receipts carry a new key.
- ``trusted/*.pub`` — public keys of other installations (township ↔ county), one JSON object per
  file, UTF-8: ``{"ed25519": "<base64 of the 32-byte public key>", "name": "海滨街道便民服务中心"}``.
  ``name`` is optional and members other than ``ed25519`` are ignored, so a file may also carry
  keys for other purposes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
from pathlib import Path

from nacl.signing import SigningKey, VerifyKey

from intake.config import data_dir
from intake.errors import KeyStoreError

SIGNING_KEY_FILE = "signing.key"
TRUSTED_DIR = "trusted"
PUBLIC_SUFFIX = ".pub"


def keys_dir() -> Path:
    """The folder holding this installation's keys."""
    return data_dir() / "keys"


def signing_key() -> SigningKey:
    """This installation's signing key, made (once, even with several processes racing) on first use."""
    path = keys_dir() / SIGNING_KEY_FILE
    if not path.exists():
        write_private_key(path, bytes(SigningKey.generate()))
    return SigningKey(read_key_bytes(path, "本机签名密钥"))


def read_key_bytes(path: Path, what: str) -> bytes:
    """The 32 raw bytes of a base64 key file; KeyStoreError naming ``what`` when the file cannot
    be read or is damaged."""
    try:
        raw = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (OSError, ValueError, binascii.Error) as e:
        raise KeyStoreError(f"无法读取{what}（{type(e).__name__}）", str(path)) from None
    if len(raw) != 32:
        raise KeyStoreError(f"{what}文件已损坏", str(path))
    return raw


def write_private_key(path: Path, secret: bytes) -> None:
    """Writes a key as base64 to a private (0600) temporary file, then links it into place: a
    reader never sees half a key, and if another process got there first its key is kept."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(base64.b64encode(secret).decode("ascii") + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def verify_key_bytes() -> bytes:
    """This installation's 32-byte public key."""
    return bytes(signing_key().verify_key)


def fingerprint(public_bytes: bytes) -> str:
    """A short, stable name for a public key to read aloud or compare: the first 16 bytes of its
    SHA-256 in hex, in groups of four (``3f2a-91bc-…``)."""
    digest = hashlib.sha256(public_bytes).hexdigest()[:32]
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def trusted_verify_keys() -> dict[str, VerifyKey]:
    """Keys whose signatures this installation accepts, by fingerprint: its own first (once it has
    one: checking a receipt does not make this computer a key), then every ``trusted/*.pub``.
    KeyStoreError names a file that cannot be read."""
    keys: dict[str, VerifyKey] = {}
    if (keys_dir() / SIGNING_KEY_FILE).exists():
        own = verify_key_bytes()
        keys[fingerprint(own)] = VerifyKey(own)
    folder = keys_dir() / TRUSTED_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*" + PUBLIC_SUFFIX)):
            public = read_public_key(path)
            keys.setdefault(fingerprint(public), VerifyKey(public))
    return keys


def read_public_key(path: Path) -> bytes:
    """The Ed25519 public key of a ``.pub`` file (format in the module docstring)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        public = base64.b64decode(data["ed25519"], validate=True)
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        raise KeyStoreError("公钥文件无法读取：应为含 ed25519 公钥（base64）的 JSON", str(path)) from None
    if len(public) != 32:
        raise KeyStoreError("公钥文件中的 ed25519 公钥应为 32 字节", str(path))
    return public
