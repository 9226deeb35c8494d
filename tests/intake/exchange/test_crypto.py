"""The streaming encryption: any length round-trips, chunk by chunk; any damage is caught."""

from __future__ import annotations

import io
import os

import pytest

from intake.exchange.crypto import CHUNK, Digest, OpenedReader, Problem, SealedWriter, new_file_key

LABEL = b"test/1/cases.bin"


def seal(plain: bytes, key: bytes, compress: bool, pieces: int = 7) -> tuple[bytes, Digest]:
    out = io.BytesIO()
    writer = SealedWriter(out, key, LABEL, compress)
    step = max(1, len(plain) // pieces)
    for i in range(0, len(plain), step):
        writer.write(plain[i : i + step])
    digest = writer.close()
    return out.getvalue(), digest


def read(cipher: bytes, key: bytes, compress: bool, digest: Digest, label: bytes = LABEL) -> bytes:
    return io.BufferedReader(OpenedReader(io.BytesIO(cipher), key, label, compress, digest)).read()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17])
@pytest.mark.parametrize("compress", [False, True])
def test_round_trip_at_every_chunk_boundary(size: int, compress: bool) -> None:
    key = new_file_key()
    plain = os.urandom(size)
    cipher, digest = seal(plain, key, compress)
    assert digest.size == len(cipher)
    assert read(cipher, key, compress, digest) == plain


def test_chunks_have_a_fixed_size() -> None:
    key = new_file_key()
    cipher, _ = seal(os.urandom(2 * CHUNK), key, False)
    assert len(cipher) == 24 + 2 * (CHUNK + 17)  # the header, then two full chunks, the second one final


def test_dropping_the_last_chunk_is_caught() -> None:
    key = new_file_key()
    cipher, _ = seal(os.urandom(2 * CHUNK + 5), key, False)
    cut = cipher[: 24 + 2 * (CHUNK + 17)]
    with pytest.raises(Problem, match="被截断"):
        read(cut, key, False, Digest(len(cut), "0" * 64))


def test_reordered_chunks_are_caught() -> None:
    key = new_file_key()
    cipher, _ = seal(os.urandom(3 * CHUNK), key, False)
    a, b = 24, 24 + CHUNK + 17
    swapped = cipher[:a] + cipher[b : b + CHUNK + 17] + cipher[a:b] + cipher[b + CHUNK + 17 :]
    with pytest.raises(Problem, match="已被改动"):
        read(swapped, key, False, Digest(len(swapped), "0" * 64))


def test_another_label_or_key_or_extra_bytes_are_caught() -> None:
    key = new_file_key()
    cipher, digest = seal(b"hello" * 1000, key, True)
    with pytest.raises(Problem, match="已被改动"):
        read(cipher, key, True, digest, b"test/1/audit.bin")
    with pytest.raises(Problem, match="已被改动"):
        read(cipher, new_file_key(), True, digest)
    with pytest.raises(Problem, match="已被改动"):  # a byte after a short final chunk joins it
        read(cipher + b"x", key, True, Digest(digest.size + 1, digest.sha256))
    full, digest = seal(os.urandom(CHUNK), key, False)
    with pytest.raises(Problem, match="多余的数据"):
        read(full + b"x", key, False, Digest(digest.size + 1, digest.sha256))
    with pytest.raises(Problem, match="SHA-256 与清单不符"):
        read(full, key, False, Digest(digest.size, "0" * 64))
