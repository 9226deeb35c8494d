"""The bundle file: a ZIP archive (stored, not compressed) of three encrypted files, a manifest and
its signature. Format version 1::

    cases.bin      case aggregates: case row, every application version, decision and page record
    blobs.bin      the bytes and thumbnails of scanned pages not sent before
    audit.bin      the hall's audit entries since the previous bundle
    manifest.json  in clear, no personal data: township, installation, sequence number, previous
                   bundle's hash, the county key it is encrypted to, the sealed file key, and every
                   file above with its size and SHA-256
    manifest.sig   Ed25519 signature (64 bytes) of ``SIGNATURE_LABEL + manifest.json``

A bundle's hash is the SHA-256 of ``manifest.json``: it covers every file through their hashes,
and the next bundle's ``prev`` names it, so a township's bundles form a chain the county checks.
The member names inside the archive are compared with the fixed list above and never used as
paths; nothing is ever extracted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Literal

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from intake import keys, os_errors
from intake.exchange.crypto import Digest, OpenedReader, Problem
from intake.exchange.keys import PublicKeys

FORMAT = "hukou-intake-bundle"
VERSION = 1
SUFFIX = ".hukou"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_LABEL = b"hukou-intake bundle v1\n"
GENESIS = "0" * 64
#: The encrypted files, in the order they are written; record files are compressed.
FILES: tuple[str, ...] = ("cases.bin", "blobs.bin", "audit.bin")
COMPRESSED = frozenset({"cases.bin", "audit.bin"})
#: What each member holds, as a refusal names it to the county's staff.
MEMBER_LABELS = {"cases.bin": "案件记录", "blobs.bin": "扫描页", "audit.bin": "审计记录", MANIFEST: "清单",
                 SIGNATURE: "签名"}
MAX_MANIFEST = 64 * 1024
#: ZIP flag bits a member may carry: a data descriptor after the data (0x08) and UTF-8 names
#: (0x800). Any other (encryption, patched or strongly encrypted data…) is not this format's.
_HARMLESS_FLAGS = 0x08 | 0x800
#: What Python's zipfile raises for a container it cannot read as it is: damaged (BadZipFile,
#: EOFError, OSError, ValueError), or using a ZIP feature it does not implement (NotImplementedError,
#: and RuntimeError for encrypted members).
_UNREADABLE = (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)

_SHA = r"^[0-9a-f]{64}$"
_FINGERPRINT = r"^[0-9a-f]{4}(-[0-9a-f]{4}){7}$"


def is_bundle(path: Path) -> bool:
    """A bundle file by its name: half-written copies (``.name.hukou.tmp``) and hidden files (a
    Mac's ``._name.hukou``) are not."""
    return path.suffix.lower() == SUFFIX and not path.name.startswith(".") and path.is_file()


def bundles_in(folder: Path) -> list[Path]:
    """The bundles at the top of ``folder`` (a USB stick's root), by name."""
    return sorted(p for p in folder.iterdir() if is_bundle(p))


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FileEntry(_Part):
    name: str = Field(max_length=200)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=_SHA)


class Installation(_Part):
    fingerprint: str = Field(pattern=_FINGERPRINT)
    ed25519: str = Field(max_length=100)


class Recipient(_Part):
    fingerprint: str = Field(pattern=_FINGERPRINT)
    x25519: str = Field(max_length=100)


class AuditRange(_Part):
    """The hall's audit entries in the bundle: ``first``..``last`` (none when ``first > last``),
    the entry before them hashing to ``prev`` and the last to ``head``."""

    first: int = Field(ge=1)
    last: int = Field(ge=0)
    prev: str = Field(pattern=_SHA)
    head: str = Field(pattern=_SHA)


class Manifest(_Part):
    """What the county checks before decrypting anything."""

    format: Literal["hukou-intake-bundle"] = "hukou-intake-bundle"
    version: Literal[1] = 1
    township: str = Field(pattern=r"^\d{9}$")
    installation: Installation
    seq: int = Field(ge=1)
    prev: str = Field(pattern=_SHA)
    created_at: str = Field(max_length=40)
    recipient: Recipient
    sealed_key: str = Field(max_length=200)
    chunk: Literal[1048576] = 1048576
    audit: AuditRange
    cases: int = Field(ge=0)
    blobs: int = Field(ge=0)
    files: list[FileEntry]

    def entry(self, name: str) -> FileEntry:
        return next(f for f in self.files if f.name == name)


def member_label(name: str) -> str:
    """``审计记录（audit.bin）``: what a member holds, then its name for whoever opens the file."""
    label = MEMBER_LABELS.get(name)
    return f"{label}（{name}）" if label else repr(name)


def bundle_name(township: str, seq: int, fingerprint: str) -> str:
    """``350502001-000003-3f2a91bc.hukou``: township, sequence, then the installation, so two
    installations of one township never write the same name."""
    return f"{township}-{seq:06d}-{fingerprint.replace('-', '')[:8]}{SUFFIX}"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raise Problem(f"清单中的{what}不是有效的 base64") from None


def manifest_bytes(manifest: Manifest) -> bytes:
    return manifest.model_dump_json().encode("utf-8")


def sign(manifest_data: bytes, signing: SigningKey) -> bytes:
    return signing.sign(SIGNATURE_LABEL + manifest_data).signature


def write_members(archive: zipfile.ZipFile, manifest_data: bytes, signature: bytes) -> None:
    """Adds the manifest and its signature after the encrypted files."""
    archive.writestr(_info(MANIFEST), manifest_data)
    archive.writestr(_info(SIGNATURE), signature)


def open_member(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    """A member of a bundle being written, streamed straight into the archive."""
    return archive.open(_info(name), mode="w", force_zip64=True)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    return info


@dataclass
class OpenBundle:
    """A bundle whose container, manifest and signature have been checked (nothing decrypted)."""

    path: Path
    manifest: Manifest
    sha256: str
    signer: PublicKeys
    _file: BinaryIO
    _archive: zipfile.ZipFile

    def reader(self, name: str, key: bytes) -> OpenedReader:
        """Decrypts one member as it is read; Problem on any mismatch with the manifest."""
        entry = self.manifest.entry(name)
        try:
            member = self._archive.open(name)
        except _UNREADABLE as e:
            raise Problem(f"无法读取数据包中的{member_label(name)}（{type(e).__name__}）") from None
        return OpenedReader(
            _Guarded(member, name), key, label(name), name in COMPRESSED, Digest(entry.size, entry.sha256)
        )

    def check_stored_files(self) -> None:
        """Hashes every file as it lies in the bundle against the signed manifest, without
        decrypting: a copy of an imported bundle that was altered afterwards is refused, not
        reported as imported before. Problem names the first file that differs."""
        for entry in self.manifest.files:
            digest, size = hashlib.sha256(), 0
            try:
                with self._archive.open(entry.name) as member:
                    while chunk := member.read(1 << 20):
                        digest.update(chunk)
                        size += len(chunk)
            except zipfile.BadZipFile:  # the container's own checksum already disagrees
                size = -1
            except _UNREADABLE as e:
                raise Problem(f"无法读取数据包中的{member_label(entry.name)}（{type(e).__name__}）") from None
            if size != entry.size or digest.hexdigest() != entry.sha256:
                raise Problem(f"数据包中的{member_label(entry.name)}与签名清单不符：文件在导出后已被改动")

    def close(self) -> None:
        self._archive.close()
        self._file.close()


def label(name: str) -> bytes:
    """Associated data of every chunk of one file: the format and the file's role."""
    return f"{FORMAT}/{VERSION}/{name}".encode("ascii")


class _Guarded:
    """A ZIP member whose read errors (bad CRC, short file) become Problem."""

    def __init__(self, member: IO[bytes], name: str) -> None:
        self._member = member
        self._name = name

    def read(self, n: int = -1) -> bytes:
        try:
            return self._member.read(n)
        except _UNREADABLE:
            raise Problem(f"数据包中的{member_label(self._name)}已被改动或损坏（校验不符或文件不完整）") from None

    def __enter__(self) -> "_Guarded":
        return self

    def __exit__(self, *exc: object) -> None:
        self._member.close()


def open_bundle(path: Path, trusted: dict[str, PublicKeys]) -> OpenBundle:
    """Opens a bundle and checks its container, manifest and signature by a trusted installation.

    Problem says what is wrong; nothing in the bundle decides a path on this computer."""
    try:
        handle: BinaryIO = path.open("rb")
    except OSError as e:
        raise Problem(f"无法打开文件（{os_errors.describe(e)}）") from None
    try:
        archive = zipfile.ZipFile(handle)
        _check_container(archive)
        manifest_data, signature, manifest = _read_manifest(archive)
        signer = _check_signature(manifest, manifest_data, signature, trusted)
        _check_members(archive, manifest)
    except _UNREADABLE:
        handle.close()
        raise Problem("不是数据包，或文件不完整（可能在复制时被截断）") from None
    except BaseException:
        handle.close()
        raise
    return OpenBundle(path, manifest, hashlib.sha256(manifest_data).hexdigest(), signer, handle, archive)


def _check_container(archive: zipfile.ZipFile) -> None:
    """Before anything is read: the archive holds the format's files only, each once, stored as
    they are (the ZIP features Python reads differently or not at all are refused here)."""
    infos = archive.infolist()
    names = [i.filename for i in infos]
    if len(names) != len(set(names)):
        raise Problem("数据包中有重名的文件")
    extra = sorted(set(names) - set(FILES) - {MANIFEST, SIGNATURE})
    if extra:
        raise Problem(f"数据包中有本格式没有的文件 {extra[0]!r}")
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & ~_HARMLESS_FLAGS:
            raise Problem(f"数据包中的{member_label(info.filename)}的存储方式不对")


def _read_manifest(archive: zipfile.ZipFile) -> tuple[bytes, bytes, Manifest]:
    names = archive.namelist()
    if MANIFEST not in names or SIGNATURE not in names:
        raise Problem("缺少清单或签名")
    if archive.getinfo(MANIFEST).file_size > MAX_MANIFEST or archive.getinfo(SIGNATURE).file_size != 64:
        raise Problem("清单或签名的大小不对")
    manifest_data = archive.read(MANIFEST)
    signature = archive.read(SIGNATURE)
    try:
        manifest = Manifest.model_validate_json(manifest_data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Problem(f"清单无法识别（{where}）：不是本程序的数据包或版本不符") from None
    return manifest_data, signature, manifest


def _check_signature(manifest: Manifest, data: bytes, signature: bytes, trusted: dict[str, PublicKeys]) -> PublicKeys:
    public = unb64(manifest.installation.ed25519, "签名公钥")
    fingerprint = keys.fingerprint(public)
    signer = trusted.get(fingerprint)
    if signer is None or signer.ed25519 != public or fingerprint != manifest.installation.fingerprint:
        raise Problem(
            f"签名者（指纹 {manifest.installation.fingerprint}）不受本机信任：请先核对指纹，再在“设置”中点“信任乡镇公钥…”（命令行：intake keys trust）导入该乡镇的公钥"
        )
    try:
        signer.verify_key.verify(SIGNATURE_LABEL + data, signature)
    except BadSignatureError:
        raise Problem("签名无效：清单在签名后被改动") from None
    return signer


def _check_members(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """The manifest lists the format's files, and the archive holds each, as large as the manifest says."""
    listed = [f.name for f in manifest.files]
    if listed != list(FILES):
        odd = next((n for n in listed if n not in FILES), None)
        if odd is not None:
            raise Problem(f"清单列出了本格式没有的文件 {odd!r}")
        raise Problem("清单中的文件列表不完整")
    infos = archive.infolist()
    names = [i.filename for i in infos]
    for info in infos:
        if info.filename in FILES and info.file_size != manifest.entry(info.filename).size:
            raise Problem(f"数据包中的{member_label(info.filename)}大小与清单不符（文件被截断或改动）")
    missing = [n for n in FILES if n not in names]
    if missing:
        raise Problem(f"数据包缺少{member_label(missing[0])}")
