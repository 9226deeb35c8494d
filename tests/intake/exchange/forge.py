"""Tools of an attacker (or a careless copy) for the refusal tests: rewrite a bundle's members,
re-sign its manifest, flip a byte inside one encrypted file."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intake import keys
from intake.exchange import bundle, crypto
from intake.exchange import keys as exchange_keys
from tests.intake.exchange.conftest import Side


def members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, archive.read(i.filename)) for i in archive.infolist()]


def write(path: Path, parts: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return path


def manifest(parts: list[tuple[str, bytes]]) -> dict[str, Any]:
    return json.loads(dict(parts)[bundle.MANIFEST])


def resigned(parts: list[tuple[str, bytes]], edit: Callable[[dict[str, Any]], None], signer: Side) -> list[tuple[str, bytes]]:
    """The members with the manifest edited and signed again by ``signer``'s own key."""
    data = manifest(parts)
    edit(data)
    text = json.dumps(data).encode("utf-8")
    with signer.active():
        signature = bundle.sign(text, keys.signing_key())
    return [(n, text if n == bundle.MANIFEST else signature if n == bundle.SIGNATURE else d) for n, d in parts]


def data_offset(path: Path, name: str) -> int:
    """Where member ``name``'s bytes start in the archive file."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    with path.open("rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len


def set_central_header(path: Path, name: str, *, flags: int | None = None, method: int | None = None) -> None:
    """Rewrites a member's general-purpose flags or compression method in the archive's central
    directory (what a reader goes by), as a damaged or hand-made archive might have them."""
    with zipfile.ZipFile(path) as archive:
        at = archive.start_dir
    data = bytearray(path.read_bytes())
    while True:  # central directory entries: 46 bytes, then the name, extra field and comment
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46 : at + 46 + name_len] == name.encode():
            break
        at += 46 + name_len + extra_len + comment_len
    if flags is not None:
        struct.pack_into("<H", data, at + 8, flags)
    if method is not None:
        struct.pack_into("<H", data, at + 10, method)
    path.write_bytes(bytes(data))


def flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def decrypt(parts: list[tuple[str, bytes]], name: str, county: Side) -> tuple[bytes, bytes]:
    """(file key, plaintext of one member), as only the county can."""
    data = manifest(parts)
    with county.active():
        key = crypto.unseal_key(bundle.unb64(data["sealed_key"], "key"), exchange_keys.county_private_key())
    entry = next(f for f in data["files"] if f["name"] == name)
    reader = crypto.OpenedReader(io.BytesIO(dict(parts)[name]), key, bundle.label(name), name in bundle.COMPRESSED,
                                 crypto.Digest(entry["size"], entry["sha256"]))
    return key, io.BufferedReader(reader).read()


def reencrypted(parts: list[tuple[str, bytes]], name: str, plain: bytes, key: bytes, signer: Side) -> list[tuple[str, bytes]]:
    """The members with one file replaced by ``plain`` under the bundle's own key, the manifest's
    size and hash updated and signed again by ``signer``."""
    out = io.BytesIO()
    writer = crypto.SealedWriter(out, key, bundle.label(name), name in bundle.COMPRESSED)
    writer.write(plain)
    digest = writer.close()
    parts = [(n, out.getvalue() if n == name else d) for n, d in parts]

    def edit(m: dict[str, Any]) -> None:
        entry = next(f for f in m["files"] if f["name"] == name)
        entry["size"], entry["sha256"] = digest.size, digest.sha256

    return resigned(parts, edit, signer)
