"""The two directions between the judge and a submission's worker process.

- judge → worker: a length-prefixed ``cloudpickle`` message (check-defined functions and
  inputs may travel; unpickling trusted data in the untrusted process is safe).
- worker → judge: a length-prefixed JSON header and ``.npy`` byte strings, read with a
  deadline and size caps, decoded by :mod:`utils.checks.plain`. Nothing from the worker
  is ever unpickled.
"""

from __future__ import annotations

import json
import pickle
import socket
import struct
import time
from typing import Any

import cloudpickle

from utils.checks.plain import MAX_BLOB, MAX_BLOBS_TOTAL

_REPLY_MAGIC = b"NMR1"
MAX_HEADER = 4 * 2**20
MAX_N_BLOBS = 4096


class WorkerGone(Exception):
    """The worker closed its end (it exited, crashed or was killed)."""


class ReplyTimeout(Exception):
    """No complete reply before the deadline."""


class ProtocolError(Exception):
    """The worker sent something that is not a well-formed, size-capped reply."""


# --------------------------------------------------------------------------- low level


def _recv_exact(sock: socket.socket, n: int, deadline: float | None) -> bytes:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ReplyTimeout()
            sock.settimeout(left)
        else:
            sock.settimeout(None)
        try:
            k = sock.recv_into(view[got:], n - got)
        except TimeoutError:
            raise ReplyTimeout() from None
        except (ConnectionResetError, BrokenPipeError):
            raise WorkerGone() from None
        if k == 0:
            raise WorkerGone()
        got += k
    return bytes(buf)


def _send_all(sock: socket.socket, data: bytes) -> None:
    try:
        sock.settimeout(30)
        sock.sendall(data)
    except (BrokenPipeError, ConnectionResetError, TimeoutError):
        raise WorkerGone() from None


# --------------------------------------------------------------------------- judge side


def send_request(sock: socket.socket, message: Any) -> None:
    """Send a message to the worker (cloudpickle: trusted → untrusted)."""
    data = cloudpickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    _send_all(sock, struct.pack("<Q", len(data)) + data)


def recv_reply(sock: socket.socket, deadline: float | None) -> tuple[dict, list[bytes]]:
    """Read one reply: a JSON object and its blobs, within the caps and the deadline."""
    head = _recv_exact(sock, 12, deadline)
    if head[:4] != _REPLY_MAGIC:
        raise ProtocolError("응답 형식이 올바르지 않습니다")
    n_header, n_blobs = struct.unpack("<II", head[4:])
    if n_header > MAX_HEADER or n_blobs > MAX_N_BLOBS:
        raise ProtocolError("응답이 너무 큽니다")
    try:
        header = json.loads(_recv_exact(sock, n_header, deadline).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProtocolError("응답 JSON이 올바르지 않습니다") from None
    if not isinstance(header, dict):
        raise ProtocolError("응답 JSON이 객체가 아닙니다")
    blobs: list[bytes] = []
    total = 0
    for _ in range(n_blobs):
        (size,) = struct.unpack("<Q", _recv_exact(sock, 8, deadline))
        total += size
        if size > MAX_BLOB or total > MAX_BLOBS_TOTAL:
            raise ProtocolError("응답의 배열이 너무 큽니다")
        blobs.append(_recv_exact(sock, size, deadline))
    return header, blobs


# --------------------------------------------------------------------------- worker side


def recv_request(sock: socket.socket) -> Any:
    """Read one message from the judge (blocking)."""
    (size,) = struct.unpack("<Q", _recv_exact(sock, 8, None))
    return pickle.loads(_recv_exact(sock, size, None))


def send_reply(sock: socket.socket, header: dict, blobs: list[bytes] = ()) -> None:
    """Send one reply to the judge."""
    data = json.dumps(header, ensure_ascii=False, allow_nan=False).encode("utf-8")
    parts = [_REPLY_MAGIC, struct.pack("<II", len(data), len(blobs)), data]
    for b in blobs:
        parts += [struct.pack("<Q", len(b)), b]
    _send_all(sock, b"".join(parts))
