"""Keys for the county exchange: the county's X25519 encryption key, public key files, and trust.

Every installation signs with its own Ed25519 key (``intake.keys``). An installation *is the
county* when it holds the county encryption key: ``intake keys init --county`` makes it, once,
as ``data_dir()/keys/county-encryption.key`` (X25519 private key, base64, owner-only). Its private
half never leaves that machine; townships encrypt bundles to its public half.

A public key file (``intake keys export-public``) is the JSON object ``intake.keys`` documents for
``trusted/*.pub``, with more members::

    {"ed25519": "…", "name": "…", "role": "county" | "hall", "township": "350502001",
     "x25519": "…", "x25519_signature": "…", "fingerprint": "…"}

``x25519`` and its signature (by the file's own Ed25519 key, over a fixed label and the key) are
present for the county only; the fingerprint read aloud over the phone is the Ed25519 one, and the
signature ties the encryption key to it, so a file with a swapped encryption key is refused.
``township`` names the hall's township: the county then accepts that key's bundles for that
township only. Trusting a file copies it to ``trusted/<fingerprint>.pub`` — the name comes from
the key, never from the file.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nacl.exceptions import BadSignatureError
from nacl.public import PrivateKey
from nacl.signing import VerifyKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from intake import keys, os_errors
from intake.errors import KeyStoreError

COUNTY_KEY_FILE = "county-encryption.key"
BINDING_LABEL = b"hukou-intake county encryption key v1\n"
MAX_PUBLIC_FILE = 64 * 1024

Role = Literal["county", "hall"]


class PublicKeyFile(BaseModel):
    """A public key file as exported; unknown members are ignored (``intake.keys`` does too)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    ed25519: str
    name: str | None = Field(default=None, max_length=100)
    role: Role = "hall"
    township: str | None = Field(default=None, pattern=r"^\d{9}$")
    x25519: str | None = None
    x25519_signature: str | None = None


@dataclass(frozen=True)
class PublicKeys:
    """An installation's public keys, checked: the Ed25519 key and, for the county, its X25519 key."""

    ed25519: bytes
    role: Role
    name: str | None = None
    township: str | None = None
    x25519: bytes | None = None
    x25519_signature: bytes | None = None

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.ed25519)

    @property
    def verify_key(self) -> VerifyKey:
        return VerifyKey(self.ed25519)


def county_key_path() -> Path:
    return keys.keys_dir() / COUNTY_KEY_FILE


def is_county() -> bool:
    """Whether this installation is the county (holds the county encryption key)."""
    return county_key_path().exists()


def init_keys(county: bool = False) -> tuple[str, bool]:
    """Makes this installation's signing key and, with ``county``, the county encryption key.

    Returns (signing-key fingerprint, whether anything was made). Existing keys are kept: making
    a new county key would leave every township encrypting to the old one."""
    made = not (keys.keys_dir() / keys.SIGNING_KEY_FILE).exists()
    signing = keys.signing_key()
    if county and not county_key_path().exists():
        keys.write_private_key(county_key_path(), bytes(PrivateKey.generate()))
        made = True
    return keys.fingerprint(bytes(signing.verify_key)), made


def county_private_key() -> PrivateKey:
    """The county's decryption key; KeyStoreError when this installation is not the county."""
    path = county_key_path()
    if not path.exists():
        raise KeyStoreError("本机不是县局：没有县局加密私钥（县局电脑首次设置时选择“县（区）汇总”即会生成；命令行：intake keys init --county）", str(path))
    return PrivateKey(keys.read_key_bytes(path, "县局加密私钥"))


def own_public_keys(name: str | None = None, township: str | None = None) -> PublicKeys:
    """This installation's public keys, as ``export-public`` writes them."""
    signing = keys.signing_key()
    if is_county():
        x25519 = bytes(county_private_key().public_key)
        signature = signing.sign(BINDING_LABEL + x25519).signature
        return PublicKeys(bytes(signing.verify_key), "county", name, None, x25519, signature)
    return PublicKeys(bytes(signing.verify_key), "hall", name, township)


def public_file_json(public: PublicKeys) -> dict[str, str]:
    """The JSON object of a public key file (exported, or kept in ``trusted/``)."""
    data = {"ed25519": _b64(public.ed25519), "role": public.role, "fingerprint": public.fingerprint}
    if public.name:
        data["name"] = public.name
    if public.township:
        data["township"] = public.township
    if public.x25519 is not None and public.x25519_signature is not None:
        data["x25519"] = _b64(public.x25519)
        data["x25519_signature"] = _b64(public.x25519_signature)
    return data


def export_public(out: Path, name: str | None = None, township: str | None = None) -> PublicKeys:
    """Writes this installation's public key file to ``out`` (e.g. a USB stick)."""
    public = own_public_keys(name, township)
    text = json.dumps(public_file_json(public), ensure_ascii=False, indent=2) + "\n"
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise KeyStoreError(f"无法写入公钥文件（{os_errors.describe(e)}）", str(out)) from None
    return public


def read_public_file(path: Path) -> PublicKeys:
    """A public key file, checked: sizes, base64, and the county's signed encryption key."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_PUBLIC_FILE + 1)
    except OSError as e:
        raise KeyStoreError(f"无法读取公钥文件（{os_errors.describe(e)}）", str(path)) from None
    if len(raw) > MAX_PUBLIC_FILE:
        raise KeyStoreError("这不是公钥文件（文件过大）", str(path))
    try:
        model = PublicKeyFile.model_validate_json(raw)
        ed25519 = _unb64(model.ed25519)
        x25519 = _unb64(model.x25519) if model.x25519 is not None else None
        signature = _unb64(model.x25519_signature) if model.x25519_signature is not None else None
    except (ValidationError, ValueError, binascii.Error):
        raise KeyStoreError("这不是落户受理的公钥文件（应为在“设置”中导出的公钥文件，或 intake keys export-public 导出的 JSON）", str(path)) from None
    if len(ed25519) != 32 or (x25519 is not None and len(x25519) != 32):
        raise KeyStoreError("公钥文件中的公钥长度不对（应为 32 字节）", str(path))
    if (model.role == "county") != (x25519 is not None):
        raise KeyStoreError("公钥文件自相矛盾：县局公钥文件必须含加密公钥，乡镇公钥文件不应含", str(path))
    if x25519 is not None:
        try:
            VerifyKey(ed25519).verify(BINDING_LABEL + x25519, signature or b"")
        except (BadSignatureError, ValueError):
            raise KeyStoreError("县局公钥文件中的加密公钥没有该县局的有效签名（文件被改动），已拒绝", str(path)) from None
    return PublicKeys(ed25519, model.role, model.name, model.township, x25519, signature)


@dataclass(frozen=True)
class Trusted:
    """The result of trusting a file: its keys, and the county key it replaced, if any."""

    keys: PublicKeys
    replaced: str | None = None
    already: bool = False


def trust(path: Path, replace: bool = False) -> Trusted:
    """Trusts another installation's public key file (a township the county's, the county each
    township's). A second, different county key is refused unless ``replace``."""
    public = read_public_file(path)
    if public.ed25519 == keys.verify_key_bytes():
        raise KeyStoreError("这是本机自己的公钥文件，无需信任；请导入对方电脑导出的公钥文件", str(path))
    folder = keys.keys_dir() / keys.TRUSTED_DIR
    target = folder / (public.fingerprint.replace("-", "") + keys.PUBLIC_SUFFIX)
    replaced = None
    if public.role == "county" and is_county():
        raise KeyStoreError(f"本机是县局，只需信任各乡镇（街道）的公钥；这是另一个县局的公钥文件（指纹 {public.fingerprint}）", str(path))
    if public.role == "county":
        others = [(p, k) for p, k in _trusted_files() if k.role == "county" and k.ed25519 != public.ed25519]
        if others and not replace:
            raise KeyStoreError(
                f"本机已信任县局公钥 {others[0][1].fingerprint}。如确需更换县局公钥，请加 --replace 重新导入", str(path)
            )
        for old_path, old in others:
            old_path.unlink(missing_ok=True)
            replaced = old.fingerprint
    already = target.exists() and read_public_file(target) == public
    if not already:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = json.dumps(public_file_json(public), ensure_ascii=False, indent=2) + "\n"
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    return Trusted(public, replaced, already)


def _trusted_files() -> list[tuple[Path, PublicKeys]]:
    folder = keys.keys_dir() / keys.TRUSTED_DIR
    if not folder.is_dir():
        return []
    return [(path, read_public_file(path)) for path in sorted(folder.glob("*" + keys.PUBLIC_SUFFIX))]


def trusted_keys() -> dict[str, PublicKeys]:
    """Every trusted installation by fingerprint (this installation's own key not included)."""
    found: dict[str, PublicKeys] = {}
    for _, public in _trusted_files():
        found.setdefault(public.fingerprint, public)
    return found


def trusted_county() -> PublicKeys:
    """The county this township exports to; KeyStoreError when none (or, oddly, two) are trusted."""
    counties = [k for k in trusted_keys().values() if k.role == "county"]
    folder = keys.keys_dir() / keys.TRUSTED_DIR
    if not counties:
        raise KeyStoreError("尚未信任县局公钥：请管理员在“设置”中点“导入县局公钥…”（命令行：intake keys trust）导入县局提供的公钥文件", str(folder))
    if len(counties) > 1:
        raise KeyStoreError("本机信任了多个县局公钥，无法确定加密给哪一个；请删除旧的县局公钥文件", str(folder))
    return counties[0]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)
