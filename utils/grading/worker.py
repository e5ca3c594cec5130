"""The untrusted side: the contained process that runs one submission.

Everything here runs *inside* the submission's process, after containment
(:mod:`utils.grading.sandbox`). It executes the notebook's code cells in an IPython
shell, then answers the judge's requests: describe a name, call the student's object (or
run a check's probe on it) with the inputs the judge sent. It replies with plain data
only (:mod:`utils.checks.plain`). The student's code can make this process lie about its
own results, and nothing more: the references, comparisons and scores live in the judge.
"""

from __future__ import annotations

import functools
import os
import signal
import socket
import sys
import warnings
from typing import Any

from utils.checks.plain import encode
from utils.grading.wire import recv_request, send_reply

MAX_MESSAGE = 1000


class CellTimeout(BaseException):
    """Interrupts a cell that runs past its time (the judge kills it if this is ignored)."""


def _text(exc: BaseException) -> str:
    try:
        msg = str(exc)
    except BaseException:  # noqa: BLE001 - the student's __str__ may do anything
        msg = "(메시지를 읽을 수 없음)"
    return msg[:MAX_MESSAGE]


def _classes(cls: type) -> list[str]:
    names = []
    for c in cls.__mro__[:12]:
        names.append(f"{getattr(c, '__module__', '?')}.{getattr(c, '__qualname__', '?')}"[:200])
    return names


def describe_exception(exc: BaseException) -> dict[str, Any]:
    """What the judge learns of an exception: its class chain (names) and message."""
    return {"classes": _classes(type(exc)), "message": _text(exc)}


def _make_shell() -> Any:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    cfg = Config()
    cfg.HistoryManager.enabled = False
    cfg.InteractiveShell.colors = "nocolor"
    cfg.InteractiveShell.autocall = 0
    return InteractiveShell.instance(config=cfg)


def _on_alarm(signum: int, frame: object) -> None:
    raise CellTimeout()


def _run_cell(shell: Any, source: str, timeout: float) -> dict[str, Any]:
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = shell.run_cell(source, store_history=False)
    except CellTimeout:
        return {"ok": False, "timeout": True, "error": "시간 초과"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    err = result.error_before_exec or result.error_in_exec
    if err is None:
        return {"ok": True}
    return {
        "ok": False,
        "timeout": isinstance(err, CellTimeout),
        "error": f"{type(err).__name__}: {_text(err)}"[:MAX_MESSAGE],
    }


def _describe(ns: dict[str, Any], names: list[str]) -> dict[str, Any]:
    out = {}
    for name in names:
        obj = ns.get(name)
        out[name] = {
            "defined": obj is not None,
            "callable": callable(obj),
            "type": type(obj).__name__[:100],
            "is_class": isinstance(obj, type),
        }
    return out


def _snapshot(args: tuple, kwargs: dict) -> list[tuple[str, Any, Any]]:
    """Copies of the array and tensor inputs, to tell whether the call changed them."""
    import numpy as np

    items = [(str(i), a) for i, a in enumerate(args)] + [(f"k:{k}", v) for k, v in kwargs.items()]
    snap = []
    for key, a in items:
        if isinstance(a, np.ndarray):
            snap.append((key, a, a.copy()))
        elif type(a).__module__ == "torch" and hasattr(a, "detach"):
            snap.append((key, a, a.detach().clone()))
    return snap


def _changed(snap: list[tuple[str, Any, Any]]) -> dict[str, Any]:
    import numpy as np

    out = {}
    for key, now, before in snap:
        if isinstance(now, np.ndarray):
            same = now.shape == before.shape and np.array_equal(now, before, equal_nan=True)
        else:
            import torch

            same = now.shape == before.shape and bool(
                torch.equal(now.detach().nan_to_num(), before.nan_to_num())
            )
        if not same:
            out[key] = now
    return out


def _call(ns: dict[str, Any], msg: dict[str, Any]) -> tuple[dict[str, Any], list[bytes]]:
    import numpy as np

    obj = ns.get(msg["name"])
    target = obj if msg["probe"] is None else functools.partial(msg["probe"], obj)
    args, kwargs = msg["args"], msg["kwargs"]
    snap = _snapshot(args, kwargs)
    raised = None
    value = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(**msg["errstate"]):
                value = target(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - the student's exception is the answer
            raised = describe_exception(exc)
    warned = [
        {"classes": _classes(w.category), "message": str(w.message)[:MAX_MESSAGE]}
        for w in caught[:50]
    ]
    try:
        tree, blobs = encode([value, _changed(snap)])
    except BaseException as exc:  # noqa: BLE001 - e.g. a student's array subclass
        tree, blobs = encode([None, {}])
        raised = raised or {"classes": ["builtins.TypeError"], "message": f"결과 변환 실패: {exc}"}
    return {"payload": tree, "raised": raised, "warnings": warned}, blobs


def serve(sock: socket.socket) -> None:
    """Answer the judge's requests until told to stop (or the judge goes away)."""
    shell = _make_shell()
    while True:
        try:
            msg = recv_request(sock)
        except Exception:  # noqa: BLE001 - the judge closed the channel
            os._exit(0)
        op = msg.get("op")
        if op == "exit":
            os._exit(0)
        reply: dict[str, Any]
        blobs: list[bytes] = []
        if op == "cell":
            reply = _run_cell(shell, msg["source"], msg["timeout"])
        elif op == "describe":
            reply = {"names": _describe(shell.user_ns, msg["names"])}
        elif op == "call":
            reply, blobs = _call(shell.user_ns, msg)
        else:
            reply = {"error": "unknown op"}
        reply["id"] = msg.get("id")
        send_reply(sock, reply, blobs)


def _matplotlib_cache(tmpdir: str) -> str:
    """The grader's matplotlib cache (read-only here): a notebook that plots needs no rebuild."""
    try:
        import matplotlib

        return matplotlib.get_cachedir()
    except Exception:  # noqa: BLE001 - no matplotlib: any folder will do
        return os.path.join(tmpdir, ".matplotlib")


def student_main(sock: socket.socket, tmpdir: str, options: dict[str, Any], ns: list[str]) -> None:
    """Contain this (forked) process, say what holds, then serve; never returns."""
    import tempfile

    from utils.grading import sandbox

    report: dict[str, Any] = {"namespaces": ns, "pids_cgroup": options.get("pids_cgroup")}
    env = {
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/bin", "/bin"]),
        "HOME": tmpdir,
        "TMPDIR": tmpdir,
        "IPYTHONDIR": os.path.join(tmpdir, ".ipython"),
        "MPLCONFIGDIR": _matplotlib_cache(tmpdir),
        "MPLBACKEND": "Agg",
        "LANG": "C.UTF-8",
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "CUDA_VISIBLE_DEVICES": "",
        "NM_GRADING": "1",
    }
    sandbox.pin_to_cpu(options.get("cpu"))
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = tmpdir
    os.chdir(tmpdir)
    sys.dont_write_bytecode = True
    if options.get("contain", True):
        report["rlimits"] = sandbox.apply_rlimits(
            int(options["cpu_seconds"]), int(options["memory_bytes"])
        )
        abi, held = sandbox.apply_landlock(tmpdir)
        report["landlock"], report["landlock_held"] = abi, held
        report["macos_sandbox"] = sandbox.apply_macos_sandbox(tmpdir)
    import utils.checks

    utils.checks.GRADING = True  # the notebook's own check() cells print one line only
    send_reply(sock, {"hello": report})
    serve(sock)
