"""A bundle file decrypted a few chunks ahead in a thread, while the import checks what came before.

Decryption, decompression and hashing run in C without the interpreter lock, so on a machine with
a second processor they cost the import's main thread nothing. The thread is an ordinary reader of
the same ``OpenedReader``: every byte is still authenticated and the file's hash still compared
with the signed manifest, and anything wrong (``Problem``) is raised where the reader would have
raised it — after the bytes before it. At most ``DEPTH`` chunks wait, so memory stays flat.
"""

from __future__ import annotations

import io
import queue
import threading

from intake.exchange.crypto import CHUNK, OpenedReader

DEPTH = 4
_POLL = 0.1


class ReadAhead(io.RawIOBase):
    """``source`` read in a thread, ``CHUNK`` bytes at a time; ``close`` stops the thread."""

    def __init__(self, source: OpenedReader) -> None:
        super().__init__()
        self._source = source
        self._chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=DEPTH)
        self._stop = threading.Event()
        self._piece = memoryview(b"")
        self._ended = False
        self._thread = threading.Thread(target=self._read_ahead, name="bundle-read-ahead", daemon=True)
        self._thread.start()

    @property
    def consumed(self) -> int:
        """Ciphertext bytes read so far (for progress; a little ahead of what was used)."""
        return self._source.consumed

    def readable(self) -> bool:
        return True

    def _read_ahead(self) -> None:
        try:
            while not self._stop.is_set():
                chunk = self._source.read(CHUNK)
                if not self._put(chunk) or not chunk:
                    return
        except BaseException as e:  # raised in the reading thread, at its place in the stream
            self._put(e)

    def _put(self, item: bytes | BaseException) -> bool:
        while not self._stop.is_set():
            try:
                self._chunks.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._piece:
            if self._ended:
                return 0
            item = self._chunks.get()
            if isinstance(item, BaseException):
                self._ended = True
                raise item
            if not item:
                self._ended = True
                return 0
            self._piece = memoryview(item)
        n = min(len(buffer), len(self._piece))
        buffer[:n] = self._piece[:n]
        self._piece = self._piece[n:]
        return n

    def close(self) -> None:
        if not self.closed:
            self._stop.set()
            self._thread.join()
        super().close()
