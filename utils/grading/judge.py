"""The trusted side of grading one submission: a judge that never runs student code.

Three kinds of process take part (all forked from the grader, which imported the
checks and the libraries they use first, from a fresh bytecode cache):

- the **zygote**, forked before the grader reads any submission, so its memory holds
  nothing of anyone's work. For each submission it forks a contained worker chain
  ``W → I → S``: W enters new namespaces, I is the init of the new PID namespace (when
  I dies, the kernel kills everything in it), S applies rlimits and Landlock and runs
  the notebook (:mod:`utils.grading.worker`). It is a child subreaper and kills what a
  finished submission left behind.
- a **judge** per parallel job: reads the submission file, sends its code cells to S
  one by one (a time limit each), then runs every check of the lecture *here*, with the
  student's functions replaced by :class:`RemoteRef` objects whose calls travel to S
  and come back as plain data. References, comparisons and scores never leave this
  process.
- S, the only process that ever executes student code.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import re
import selectors
import shutil
import signal
import socket
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from utils.checks import available, exercises_of
from utils.checks.core import CaseAborted, run_exercise
from utils.checks.plain import PlainDataError, decode
from utils.grading import sandbox
from utils.grading.wire import (
    ProtocolError,
    ReplyTimeout,
    WorkerGone,
    recv_reply,
    send_request,
)

_LECTURE_RE = re.compile(r"nm-(\d\d)")
HELLO_TIMEOUT = 60.0
CELL_GRACE = 5.0  # seconds past a cell's limit before its process is killed


# --------------------------------------------------------------------------- zygote


def _children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc; empty elsewhere)."""
    out = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    for e in entries:
        if not e.isdigit():
            continue
        try:
            stat = Path(f"/proc/{e}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            out.append(int(e))
    return out


def _kill_children_except(keep: set[int]) -> int:
    """SIGKILL and reap every child of this process not in ``keep``; return how many."""
    killed = 0
    for _ in range(100):
        victims = [p for p in _children_of(os.getpid()) if p not in keep]
        if not victims:
            break
        for p in victims:
            try:
                os.killpg(p, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        killed += len(victims)
        for p in victims:
            try:
                os.waitpid(p, 0)
            except ChildProcessError:
                pass
    while True:  # zombies of processes that ended on their own
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0 or pid in keep:
            break
    return killed


def _close_fds_except(keep: int) -> None:
    try:
        fds = [int(x) for x in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 1024))
    for fd in fds:
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _spawn_worker(child_fd: int, tmpdir: str, options: dict[str, Any]) -> int:
    """Fork the chain W → I → S for one submission; return W's pid (its process group)."""
    pid = os.fork()
    if pid:
        return pid
    try:  # W: trusted code only
        os.setsid()
        sandbox.die_with_parent()
        _close_fds_except(child_fd)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        contain = options.get("contain", True)
        cgroup = sandbox.enter_pids_cgroup(f"nm-grade-{os.getpid()}") if contain else None
        ns = sandbox.enter_namespaces() if contain else []
        ipid = os.fork()
        if ipid == 0:
            _init_main(child_fd, tmpdir, dict(options, pids_cgroup=cgroup is not None), ns)
        os.close(child_fd)
        while True:
            try:
                os.waitpid(ipid, 0)
                break
            except ChildProcessError:
                break
            except InterruptedError:
                continue
    finally:
        os._exit(0)


def _init_main(child_fd: int, tmpdir: str, options: dict[str, Any], ns: list[str]) -> None:
    """I: the init of the submission's PID namespace (or a subreaper without one)."""
    try:
        sandbox.die_with_parent()
        if "pid" not in ns:
            sandbox.become_subreaper()
        spid = os.fork()
        if spid == 0:
            from utils.grading.worker import student_main

            sock = socket.socket(fileno=child_fd)
            student_main(sock, tmpdir, options, ns)
        os.close(child_fd)
        status = 0
        while True:
            try:
                pid, st = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            if pid == spid:
                status = os.waitstatus_to_exitcode(st)
                break
        if "pid" not in ns:
            _kill_children_except(set())
        os._exit(status & 0xFF)
    finally:
        os._exit(70)


def zygote_main(control: socket.socket) -> None:
    """Serve spawn/done requests from judges (and new judge channels from the grader)."""
    sandbox.die_with_parent()
    sandbox.become_subreaper()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sel = selectors.DefaultSelector()
    sel.register(control, selectors.EVENT_READ)
    active: set[int] = set()
    owner: dict[int, socket.socket] = {}  # worker -> the judge channel that asked for it
    while True:
        for key, _ in sel.select():
            sock: socket.socket = key.fileobj  # type: ignore[assignment]
            try:
                msg, fds, _, _ = socket.recv_fds(sock, 65536, 4)
            except OSError:
                msg, fds = b"", []
            if not msg:
                if sock is control:
                    for p in list(active):
                        _finish(p)
                    _kill_children_except(set())
                    os._exit(0)
                for p in [p for p, s in owner.items() if s is sock]:
                    _finish(p)  # the judge went away: so do its workers
                    active.discard(p)
                    del owner[p]
                _kill_children_except(active)
                sel.unregister(sock)
                sock.close()
                continue
            req = json.loads(msg)
            if req["op"] == "judge":
                sel.register(socket.socket(fileno=fds[0]), selectors.EVENT_READ)
            elif req["op"] == "spawn":
                pid = _spawn_worker(fds[0], req["tmpdir"], req["options"])
                os.close(fds[0])
                active.add(pid)
                owner[pid] = sock
                sock.send(json.dumps({"pid": pid}).encode())
            elif req["op"] == "done":
                pid = int(req["pid"])
                if pid in active:
                    _finish(pid)
                    active.discard(pid)
                    owner.pop(pid, None)
                killed = _kill_children_except(active)
                sock.send(json.dumps({"ok": True, "orphans": killed}).encode())


def _finish(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    base = sandbox._pids_cgroup_base()
    if base is not None and (base / f"nm-grade-{pid}").is_dir():
        sandbox.remove_cgroup(str(base / f"nm-grade-{pid}"))


class ZygoteClient:
    """A judge's channel to the zygote (SOCK_SEQPACKET, trusted on both ends)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def _ask(self, req: dict[str, Any], fds: list[int] = ()) -> dict[str, Any]:
        socket.send_fds(self.sock, [json.dumps(req).encode()], list(fds))
        self.sock.settimeout(120)
        return json.loads(self.sock.recv(65536))

    def spawn(self, child_fd: int, tmpdir: str, options: dict[str, Any]) -> int:
        req = {"op": "spawn", "tmpdir": tmpdir, "options": options}
        return int(self._ask(req, [child_fd])["pid"])

    def done(self, pid: int) -> int:
        return int(self._ask({"op": "done", "pid": pid}).get("orphans", 0))


# --------------------------------------------------------------------------- a worker session


class WorkerSession:
    """The contained process of one submission, started on demand, restarted after a crash.

    Starting it executes the notebook's code cells in order; a cell that kills the process
    or outlives its limit is skipped when the process is started again.
    """

    def __init__(
        self,
        zygote: ZygoteClient,
        cells: list[tuple[int, str]],
        options: dict[str, Any],
        cell_timeout: float,
        total_timeout: float,
    ) -> None:
        self.zygote = zygote
        self.cells = cells
        self.options = options
        self.cell_timeout = cell_timeout
        self.total_timeout = total_timeout
        self.deadline = time.monotonic() + total_timeout
        self.skip: set[int] = set()
        self.notes: list[str] = []
        self.containment: dict[str, Any] | None = None
        self.sock: socket.socket | None = None
        self.pid: int | None = None
        self.tmpdir: str | None = None
        self.starts = 0
        self.max_starts = len(cells) + 12
        self.expired = False
        self.failed: str | None = None
        self._next_id = 0

    # -- lifetime ------------------------------------------------------------------
    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def kill(self) -> None:
        """Kill the worker and everything it started; remove its folder."""
        if self.pid is not None:
            try:
                self.zygote.done(self.pid)
            except (OSError, ValueError):
                pass
            self.pid = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    def close(self) -> None:
        self.kill()

    def _over(self) -> str:
        self.expired = True
        self.kill()
        text = f"제출물 전체 시간 한도({self.total_timeout:g}초)를 넘었습니다"
        self._note(text)
        return text

    def _start_once(self) -> bool:
        """Start a worker and run the cells; False if a cell killed it (then retry)."""
        self.starts += 1
        self.tmpdir = tempfile.mkdtemp(prefix="nm-grade-")
        ours, theirs = socket.socketpair()
        try:
            self.pid = self.zygote.spawn(theirs.fileno(), self.tmpdir, self.options)
        finally:
            theirs.close()
        self.sock = ours
        try:
            hello, _ = recv_reply(ours, time.monotonic() + HELLO_TIMEOUT)
            if not isinstance(hello.get("hello"), dict):
                raise ProtocolError("no hello")
        except (WorkerGone, ReplyTimeout, ProtocolError) as exc:
            self.kill()
            self.failed = f"채점용 프로세스를 시작하지 못했습니다 ({type(exc).__name__})"
            return True
        if self.containment is None:
            self.containment = hello["hello"]
        for i, source in self.cells:
            if i in self.skip:
                continue
            limit = min(self.cell_timeout + CELL_GRACE, self.deadline - time.monotonic())
            if limit <= 0:
                self._over()
                return True
            try:
                reply = self._request(
                    {"op": "cell", "source": source, "timeout": self.cell_timeout},
                    time.monotonic() + limit,
                )[0]
            except WorkerGone:
                self._note(f"셀 {i + 1}이(가) 프로세스를 종료시켰습니다 (os._exit/crash): 건너뜀")
                self.skip.add(i)
                self.kill()
                return False
            except (ReplyTimeout, ProtocolError) as exc:
                if time.monotonic() >= self.deadline:
                    self._over()
                    return True
                what = "시간 초과" if isinstance(exc, ReplyTimeout) else "응답 형식 위반"
                self._note(f"셀 {i + 1}: {what} ({self.cell_timeout:g}초) — 건너뜀")
                self.skip.add(i)
                self.kill()
                return False
            if reply.get("timeout"):
                self._note(f"셀 {i + 1}: 시간 초과 ({self.cell_timeout:g}초) — 중단됨")
        return True

    def ensure(self) -> None:
        """Make sure a worker with the notebook executed is running, or raise CaseAborted."""
        if self.expired:
            raise CaseAborted(self.notes[-1] if self.notes else "시간 한도를 넘었습니다")
        while self.sock is None:
            if self.failed:
                raise CaseAborted(self.failed)
            if self.starts >= self.max_starts:
                raise CaseAborted("프로세스가 너무 여러 번 종료되어 채점을 멈춥니다")
            if time.monotonic() >= self.deadline:
                raise CaseAborted(self._over())
            done = self._start_once()
            if self.expired:
                raise CaseAborted(self.notes[-1])
            if not done:
                continue

    # -- requests ------------------------------------------------------------------
    def _request(self, msg: dict[str, Any], deadline: float) -> tuple[dict, list[bytes]]:
        assert self.sock is not None
        self._next_id += 1
        msg["id"] = self._next_id
        send_request(self.sock, msg)
        header, blobs = recv_reply(self.sock, deadline)
        if header.get("id") != self._next_id:
            raise ProtocolError("응답 번호가 요청과 다릅니다")
        return header, blobs

    def request(self, msg: dict[str, Any]) -> tuple[dict, list[bytes]]:
        """Send ``msg`` to a live worker; any failure kills it and raises CaseAborted."""
        self.ensure()
        try:
            return self._request(msg, self.deadline)
        except WorkerGone:
            self.kill()
            raise CaseAborted(
                "학생 코드가 채점용 프로세스를 종료시켰습니다 (os._exit/crash/메모리 부족)"
            ) from None
        except ReplyTimeout:
            raise CaseAborted(self._over()) from None
        except ProtocolError as exc:
            self.kill()
            raise CaseAborted(f"채점용 프로세스의 응답이 올바르지 않습니다: {exc}") from None
        except BaseException:  # e.g. the case's time limit (SIGALRM) while waiting
            self.kill()
            raise

    def describe(self, names: list[str]) -> dict[str, dict[str, Any]]:
        header, _ = self.request({"op": "describe", "names": names})
        got = header.get("names")
        if not isinstance(got, dict):
            raise CaseAborted("채점용 프로세스의 응답이 올바르지 않습니다")
        return got


# --------------------------------------------------------------------------- remote refs

_EXCEPTIONS: dict[str, type[BaseException]] = {
    f"builtins.{n}": c
    for n, c in vars(builtins).items()
    if isinstance(c, type) and issubclass(c, BaseException)
}
_EXCEPTIONS["numpy.linalg.LinAlgError"] = np.linalg.LinAlgError
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,59}")


def _known_class(classes: Any, base: type) -> type:
    if isinstance(classes, list):
        for name in classes:
            cls = _EXCEPTIONS.get(name) if isinstance(name, str) else None
            if cls is not None and issubclass(cls, base):
                return cls
    return base


def rebuild_exception(info: Any) -> Exception:
    """An exception for the judge to raise: the student's class name, a known base class."""
    if not isinstance(info, dict):
        return RuntimeError("알 수 없는 예외")
    classes = info.get("classes")
    message = str(info.get("message", ""))[:1000]
    base = _known_class(classes, BaseException)
    if not issubclass(base, Exception):  # SystemExit, KeyboardInterrupt: never the judge's own
        base = Exception
    first = classes[0] if isinstance(classes, list) and classes else ""
    short = str(first).rsplit(".", 1)[-1]
    name = short if _IDENT.fullmatch(short) else base.__name__
    try:
        cls = type(name, (base,), {"__module__": "submission"})
        return cls(message)
    except TypeError:  # e.g. UnicodeDecodeError's constructor
        return type(name, (ValueError,), {"__module__": "submission"})(message)


def _reemit(warned: Any) -> None:
    if not isinstance(warned, list):
        return
    for w in warned[:50]:
        if not isinstance(w, dict):
            continue
        category = _known_class(w.get("classes"), Warning)
        if not (isinstance(category, type) and issubclass(category, Warning)):
            category = UserWarning
        warnings.warn(str(w.get("message", ""))[:1000], category, stacklevel=3)


def _mirror(key: str, new: Any, args: tuple, kwargs: dict) -> None:
    """Apply an in-place change the student's call made to an input, to our copy of it."""
    try:
        target = kwargs[key[2:]] if key.startswith("k:") else args[int(key)]
    except (KeyError, IndexError, ValueError):
        return
    try:
        if isinstance(target, np.ndarray):
            new = np.asarray(new)
            if new.shape == target.shape:
                np.copyto(target, new, casting="unsafe")
            else:
                target[...] = np.nan  # changed beyond recognition: any check will see it
        elif hasattr(target, "detach"):
            import torch

            with torch.no_grad():
                target.copy_(torch.as_tensor(new).reshape(target.shape))
    except Exception:  # noqa: BLE001 - changed shape/dtype: flag it as changed
        if isinstance(target, np.ndarray) and target.dtype.kind in "fc":
            target[...] = np.nan


def _map_probe(obj: Any, calls: list[tuple]) -> list[Any]:
    """Probe behind :meth:`RemoteRef.map` (runs in the worker)."""
    return [obj(*args) for args in calls]


class RemoteRef:
    """The student's object, living in the worker; calls travel there as plain data.

    Same interface as :class:`utils.checks.core.LocalRef`: ``ref(*args)`` calls it,
    ``ref.probe(fn, *args)`` runs the check-defined ``fn(obj, *args)`` in the worker.
    """

    def __init__(self, session: WorkerSession, name: str, desc: dict[str, Any]) -> None:
        self.session = session
        self.name = name
        self.defined = bool(desc.get("defined"))
        self.callable = bool(desc.get("callable"))
        self.type_name = str(desc.get("type", "?"))[:100]
        self.is_class = bool(desc.get("is_class"))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(None, args, kwargs)

    def probe(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``fn(obj, *args, **kwargs)`` in the worker; return its plain result."""
        return self._call(fn, args, kwargs)

    def map(self, calls: list[tuple]) -> list[Any]:
        """``[obj(*args) for args in calls]`` in one round trip; the first exception propagates."""
        out = self._call(_map_probe, (list(calls),), {})
        if not isinstance(out, list):
            raise TypeError("결과 형식이 올바르지 않습니다")
        return out

    def _call(self, probe: Any, args: tuple, kwargs: dict) -> Any:
        msg = {
            "op": "call",
            "name": self.name,
            "probe": probe,
            "args": args,
            "kwargs": kwargs,
            "errstate": {k: v for k, v in np.geterr().items()},
        }
        header, blobs = self.session.request(msg)
        try:
            payload = decode(header.get("payload"), blobs)
        except PlainDataError as exc:
            raise TypeError(f"결과가 허용된 값이 아닙니다: {exc}") from None
        if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[1], dict)):
            raise TypeError("결과 형식이 올바르지 않습니다")
        value, changed = payload
        for key, new in changed.items():
            _mirror(key, new, args, kwargs)
        _reemit(header.get("warnings"))
        if header.get("raised") is not None:
            raise rebuild_exception(header["raised"])
        return value


# --------------------------------------------------------------------------- one submission


def detect_lecture(path: str, raw: Any) -> str | None:
    """The lecture of a submission: its file name, else its title (``# nm-10 연습 문제``)."""
    m = _LECTURE_RE.search(Path(path).name)
    if m:
        return f"nm-{m.group(1)}"
    cells = raw.get("cells", []) if isinstance(raw, dict) else []
    for cell in cells[:3] if isinstance(cells, list) else []:
        src = cell.get("source", "") if isinstance(cell, dict) else ""
        src = "".join(s for s in src if isinstance(s, str)) if isinstance(src, list) else src
        if isinstance(src, str):
            m = re.search(r"^#\s*nm-(\d\d)\b", src, re.MULTILINE)
            if m:
                return f"nm-{m.group(1)}"
    return None


def code_cells(raw: Any) -> tuple[list[tuple[int, str]], list[str]]:
    """The code cells of a notebook as ``(index, source)``, and notes on malformed ones."""
    cells: list[tuple[int, str]] = []
    notes: list[str] = []
    items = raw.get("cells") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return cells, ["노트북에 셀 목록(cells)이 없습니다"]
    for i, cell in enumerate(items):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        if isinstance(src, list) and all(isinstance(s, str) for s in src):
            src = "".join(src)
        if not isinstance(src, str):
            notes.append(f"셀 {i + 1}: source 형식이 올바르지 않아 건너뜁니다")
            continue
        cells.append((i, src))
    return cells, notes


def _read_submission(path: str) -> tuple[bytes | None, Any, str | None]:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None, None, "파일이 없습니다 (file not found)"
    except OSError as exc:
        return None, None, f"파일을 읽을 수 없습니다: {exc}"
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("최상위가 JSON 객체가 아닙니다")
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return data, None, f"노트북 파일이 올바른 JSON이 아닙니다 (invalid JSON): {exc}"
    return data, raw, None


def grade_submission(
    path: str,
    zygote: ZygoteClient,
    *,
    lecture: str | None = None,
    cell_timeout: float = 60.0,
    total_timeout: float = 600.0,
    contain: bool = True,
    cpu: int | None = None,
) -> dict[str, Any]:
    """Grade one submitted notebook; never raises for a bad submission.

    Returns a plain dict: ``lecture``, ``sha256``, ``containment`` (what held in the
    worker), ``notes`` and ``exercises`` (name → score, max, message, report).
    """
    data, raw, reason = _read_submission(path)
    lec = lecture or detect_lecture(path, raw)
    out: dict[str, Any] = {
        "lecture": lec,
        "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
        "containment": None,
        "notes": [],
        "exercises": {},
    }
    if lec not in available():
        out["notes"].append(reason or "강의를 알 수 없습니다 (--lecture nm-XX로 지정하세요)")
        return out
    names_pts = exercises_of(lec)
    results: dict[str, Any] = {}
    notes: list[str] = []
    if reason is None:
        cells, notes = code_cells(raw)
        options = {
            "contain": contain,
            "cpu_seconds": int(total_timeout) + 10,
            "memory_bytes": 4 * 2**30,
            "cpu": cpu,
        }
        session = WorkerSession(zygote, cells, options, cell_timeout, total_timeout)
        try:
            try:
                descs = session.describe([n for n, _ in names_pts])
            except CaseAborted as exc:
                reason = exc.detail
            else:
                for name, _ in names_pts:
                    ref = RemoteRef(session, name, descs.get(name) or {})
                    results[name] = run_exercise(lec, name, ref)
        finally:
            session.close()
        notes = notes + session.notes
        out["containment"] = session.containment
    for name, pts in names_pts:
        r = results.get(name)
        if r is None:
            ex = {"score": 0.0, "max": float(pts), "message": reason or "채점되지 않았습니다"}
            ex["report"] = f"❌ {name}: 0 / {pts:g}점\n   {ex['message']}"
        else:
            ex = {
                "score": float(r.score),
                "max": float(r.max_score),
                "message": r.message,
                "report": r.report(),
            }
        if ex["score"] < ex["max"] and notes:
            ex["message"] += " (참고: " + "; ".join(notes) + ")"
        out["exercises"][name] = ex
    out["notes"] = notes
    return out
