"""A file decrypted ahead in a thread reads exactly like the file itself, errors included."""

from __future__ import annotations

import io
import os
import threading

import pytest

from intake.exchange.crypto import CHUNK, Digest, OpenedReader, Problem, SealedWriter, new_file_key
from intake.exchange.readahead import DEPTH, ReadAhead

LABEL = b"test/1/cases.bin"


def sealed(plain: bytes, key: bytes, compress: bool = True) -> tuple[bytes, Digest]:
    out = io.BytesIO()
    writer = SealedWriter(out, key, LABEL, compress)
    writer.write(plain)
    digest = writer.close()
    return out.getvalue(), digest


@pytest.mark.parametrize("size", [0, 1, CHUNK, 3 * CHUNK + 17])
def test_reads_the_same_bytes(size: int) -> None:
    key = new_file_key()
    plain = os.urandom(size // 2) * 2
    cipher, digest = sealed(plain, key)
    ahead = ReadAhead(OpenedReader(io.BytesIO(cipher), key, LABEL, True, digest))
    assert io.BufferedReader(ahead).read() == plain
    assert ahead.consumed == len(cipher)
    ahead.close()


def test_a_damaged_file_fails_after_the_bytes_before_the_damage() -> None:
    key = new_file_key()
    plain = os.urandom(4 * CHUNK)
    cipher, digest = sealed(plain, key, compress=False)
    damaged = bytearray(cipher)
    damaged[-100] ^= 1  # in the last chunk
    reader = ReadAhead(OpenedReader(io.BytesIO(bytes(damaged)), key, LABEL, False, digest))
    got = bytearray()
    with pytest.raises(Problem, match="已被改动"):
        while chunk := reader.read(CHUNK // 3):
            got += chunk
    assert bytes(got) == plain[: 3 * CHUNK]
    reader.close()


def test_closing_early_stops_the_thread() -> None:
    key = new_file_key()
    cipher, digest = sealed(os.urandom((DEPTH + 4) * CHUNK), key, compress=False)
    ahead = ReadAhead(OpenedReader(io.BytesIO(cipher), key, LABEL, False, digest))
    assert ahead.read(10)
    ahead.close()
    assert not [t for t in threading.enumerate() if t.name == "bundle-read-ahead"]
