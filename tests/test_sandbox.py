"""Containment mechanisms, each tried in a forked child where the kernel offers it.

These run wherever the mechanism exists and say why when skipped. On the project's
Linux machines (kernel 6.x, unprivileged user namespaces, Landlock ABI ≥ 6) all run.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import pytest

from utils.grading import sandbox

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux 전용 기능")


def in_child(fn) -> dict:  # noqa: ANN001
    """Run ``fn()`` in a forked child; return the dict it reports (JSON over a pipe)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            out = fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            out = {"crash": f"{type(exc).__name__}: {exc}"}
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return json.loads(data)


def attempt(fn) -> str:  # noqa: ANN001
    try:
        fn()
        return "ok"
    except OSError as exc:
        return type(exc).__name__


@linux_only
def test_landlock_confines_files_network_and_signals(tmp_path):
    abi = sandbox.landlock_abi()
    if abi < 1:
        pytest.skip("이 커널에는 Landlock이 없습니다 (Linux ≥ 5.13 필요)")
    inside = tmp_path / "inside"
    outside = tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("classmate's work")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    parent = os.getpid()

    def child() -> dict:
        got_abi, held = sandbox.apply_landlock(str(inside))
        return {
            "abi": got_abi,
            "held": held,
            "write_inside": attempt(lambda: (inside / "a.txt").write_text("x")),
            "write_outside": attempt(lambda: (outside / "b.txt").write_text("x")),
            "read_outside": attempt(lambda: (outside / "secret.txt").read_text()),
            "list_outside": attempt(lambda: os.listdir(outside)),
            "read_python": attempt(lambda: Path(os.__file__).read_text()),
            "read_utils": attempt(lambda: Path(sandbox.__file__).read_text()),
            "tcp": attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2)),
            "signal_parent": attempt(lambda: os.kill(parent, 0)),
        }

    out = in_child(child)
    server.close()
    assert out.get("abi") == abi, out
    assert out["write_inside"] == "ok" and out["read_python"] == "ok" and out["read_utils"] == "ok"
    assert out["write_outside"] == "PermissionError", out
    assert out["read_outside"] == "PermissionError", out
    assert out["list_outside"] == "PermissionError", out
    if abi >= 4:
        assert "tcp" in out["held"] and out["tcp"] == "PermissionError", out
    if abi >= 6:
        assert "signal" in out["held"] and out["signal_parent"] == "PermissionError", out


@linux_only
def test_namespaces_hide_processes_and_network():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def child() -> dict:
        names = sandbox.enter_namespaces()
        r, w = os.pipe()
        pid = os.fork()  # the first child of a new PID namespace is its init
        if pid == 0:
            seen = {
                "run": sorted(os.listdir("/run")) if os.path.isdir("/run") else [],
                "pid": os.getpid(),
                "ppid": os.getppid(),
                "tcp": attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2)),
            }
            os.write(w, json.dumps(seen).encode())
            os._exit(0)
        os.close(w)
        seen = json.loads(os.read(r, 4096))
        os.waitpid(pid, 0)
        return {"names": names, **seen}

    out = in_child(child)
    server.close()
    if not out.get("names"):
        pytest.skip(f"이 기계에서는 네임스페이스를 만들 수 없습니다: {out}")
    if "pid" in out["names"]:
        assert out["pid"] == 1 and out["ppid"] == 0, out
    if "mnt" in out["names"]:  # the machine's service sockets are out of sight
        assert out["run"] == [], out
    if "net" in out["names"]:
        assert out["tcp"] in ("OSError", "ConnectionRefusedError", "TimeoutError"), out
        assert out["tcp"] != "ok"


def test_rlimits_stop_memory_and_file_floods(tmp_path):
    def child() -> dict:
        applied = sandbox.apply_rlimits(cpu_seconds=30, memory_bytes=512 * 2**20)
        try:
            block = bytearray(2 * 2**30)
            memory = f"allocated {len(block)}"
        except MemoryError:
            memory = "MemoryError"
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        try:
            with open(tmp_path / "big", "wb") as f:
                f.write(b"\0" * (65 * 2**20))
            big = "written"
        except OSError as exc:
            big = type(exc).__name__
        return {"applied": applied, "memory": memory, "big": big}

    out = in_child(child)
    assert {"cpu", "fsize", "nofile"} <= set(out["applied"]), out
    if "as" in out["applied"]:
        assert out["memory"] == "MemoryError", out
    assert out["big"] == "OSError", out


def test_describe_names_what_held():
    report = {
        "landlock": 7,
        "landlock_held": ["fs", "tcp", "signal"],
        "namespaces": ["user", "net", "pid"],
        "rlimits": ["cpu", "as"],
    }
    assert sandbox.describe(report) == "landlock7(fs,tcp,signal)+ns(user,net,pid)+rlimits"
    assert sandbox.is_strong(report)
    assert sandbox.describe({}) == "none" and not sandbox.is_strong({})
