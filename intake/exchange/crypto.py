"""Streaming encryption of bundle files: one random file key sealed to the county, and each file an
XChaCha20-Poly1305 ``secretstream`` in fixed-size chunks, so no bundle is ever held whole in memory.

One encrypted file is the 24-byte stream header, then chunks of ``CHUNK + 17`` bytes of
ciphertext, the last one shorter and tagged FINAL. Each chunk is authenticated together with the
file's label, so a chunk cannot be altered, dropped, reordered, cut off or moved to another file
without decryption failing. Record files are compressed (zlib, fast level) before encryption;
page files are not (scans are already compressed).
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from nacl import bindings as sodium
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

CHUNK = 1 << 20
HEADER_BYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
A_BYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_INFLATE_STEP = CHUNK
_DEFLATE_BLOCK = 256 * 1024


class Source(Protocol):
    """Where ciphertext is read from: a file, or a member of the bundle's archive."""

    def read(self, n: int = -1, /) -> bytes: ...


class Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


class Problem(Exception):
    """Why a bundle cannot be read; the importer adds the bundle's name and refuses it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_file_key() -> bytes:
    return sodium.crypto_secretstream_xchacha20poly1305_keygen()


def seal_key(key: bytes, county: bytes) -> bytes:
    """The file key, readable only with the county's private key."""
    return SealedBox(PublicKey(county)).encrypt(key)


def unseal_key(sealed: bytes, county: PrivateKey) -> bytes:
    try:
        return SealedBox(county).decrypt(sealed)
    except CryptoError:
        raise Problem("无法用本县局的私钥解开数据包密钥（数据包不是加密给本县局的，或已被改动）") from None


@dataclass(frozen=True)
class Digest:
    """Size and SHA-256 of the bytes as they lie on disk (the ciphertext)."""

    size: int
    sha256: str


class SealedWriter:
    """Writes one encrypted file to ``sink`` as data arrives; hashes what it writes."""

    def __init__(self, sink: Sink, key: bytes, label: bytes, compress: bool) -> None:
        self._sink = sink
        self._label = label
        self._hash = hashlib.sha256()
        self._size = 0
        self._state = sodium.crypto_secretstream_xchacha20poly1305_state()
        self._emit(sodium.crypto_secretstream_xchacha20poly1305_init_push(self._state, key))
        self._deflate = zlib.compressobj(1) if compress else None
        self._plain = bytearray()  # small records gathered before compressing (one call per block)
        self._pending: list[memoryview] = []  # plaintext of the chunk being filled
        self._pending_size = 0

    def _emit(self, data: bytes) -> None:
        self._sink.write(data)
        self._hash.update(data)
        self._size += len(data)

    def _push(self, plain: bytes, tag: int) -> None:
        self._emit(sodium.crypto_secretstream_xchacha20poly1305_push(self._state, plain, self._label, tag))

    def write(self, data: bytes) -> None:
        if self._deflate is not None:
            self._plain += data
            if len(self._plain) < _DEFLATE_BLOCK:
                return
            data = self._deflate.compress(self._plain)
            self._plain.clear()
        self._seal(data)

    def _seal(self, data: bytes) -> None:
        """Pushes every chunk that is known not to be the last; the rest waits (one copy per byte)."""
        view = memoryview(data)
        while self._pending_size + len(view) > CHUNK:
            take = CHUNK - self._pending_size
            self._pending.append(view[:take])
            self._push(b"".join(self._pending), _MESSAGE)
            self._pending, self._pending_size = [], 0
            view = view[take:]
        if view:
            self._pending.append(view)
            self._pending_size += len(view)

    def close(self) -> Digest:
        """Writes the final chunk; returns the file's size and hash."""
        if self._deflate is not None:
            self._seal(self._deflate.compress(self._plain) + self._deflate.flush())
            self._plain.clear()
        self._push(b"".join(self._pending), _FINAL)
        self._pending, self._pending_size = [], 0
        return Digest(self._size, self._hash.hexdigest())


class OpenedReader(io.RawIOBase):
    """Decrypts one file from ``source`` as it is read. Raises Problem on any altered, missing or
    extra byte, and when the ciphertext is not exactly ``expected`` (size and SHA-256)."""

    def __init__(self, source: Source, key: bytes, label: bytes, compressed: bool, expected: Digest) -> None:
        super().__init__()
        self._source = source
        self._label = label
        self._expected = expected
        self._hash = hashlib.sha256()
        self._size = 0
        self._state = sodium.crypto_secretstream_xchacha20poly1305_state()
        header = self._read(HEADER_BYTES)
        if len(header) != HEADER_BYTES:
            raise Problem("文件不完整（被截断）")
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(self._state, header, key)
        self._inflate = zlib.decompressobj() if compressed else None
        self._pieces = self._plaintext()
        self._piece = memoryview(b"")

    def readable(self) -> bool:
        return True

    @property
    def consumed(self) -> int:
        """Ciphertext bytes read so far."""
        return self._size

    def _read(self, n: int) -> bytes:
        data = self._source.read(n)
        self._hash.update(data)
        self._size += len(data)
        return data

    def _chunks(self) -> Iterator[bytes]:
        """Decrypted chunks, up to and including the final one; then checks the file's end."""
        while True:
            cipher = self._read(CHUNK + A_BYTES)
            if not cipher:
                raise Problem("文件不完整（被截断）")
            try:
                plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(self._state, cipher, self._label)
            except (CryptoError, ValueError):
                raise Problem("内容已被改动或损坏（解密校验失败）") from None
            yield plain
            if tag == _FINAL:
                break
        if self._read(1):
            raise Problem("文件末尾有多余的数据")
        if Digest(self._size, self._hash.hexdigest()) != self._expected:
            raise Problem("文件的大小或 SHA-256 与清单不符")

    def _plaintext(self) -> Iterator[bytes]:
        inflate = self._inflate
        for plain in self._chunks():
            if inflate is None:
                yield plain
                continue
            try:
                data = inflate.decompress(plain, _INFLATE_STEP)
                yield data
                while inflate.unconsumed_tail:
                    yield inflate.decompress(inflate.unconsumed_tail, _INFLATE_STEP)
            except zlib.error:
                raise Problem("压缩数据已损坏") from None
        if inflate is not None and (not inflate.eof or inflate.unused_data):
            raise Problem("压缩数据不完整")

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._piece:
            piece = next(self._pieces, None)
            if piece is None:
                self._piece = memoryview(b"")
                return 0
            self._piece = memoryview(piece)
        n = min(len(buffer), len(self._piece))
        buffer[:n] = self._piece[:n]
        self._piece = self._piece[n:]
        return n
