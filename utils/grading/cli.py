"""``python -m utils.grade PATH... [--json] [--csv FILE] [-j N] [--feedback DIR] ...``.

The grader's own process and its judges never execute student code: see
:mod:`utils.grading.judge`. This module discovers submissions, starts the zygote and the
judges, hands out submissions, and writes the gradebook (CSV and a state file beside
it) atomically after every graded submission, so a killed grader loses at most the
rows in progress and a rerun resumes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import selectors
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
STATE_VERSION = 1


# --------------------------------------------------------------------------- discovery


def find_notebooks(paths: list[str]) -> list[tuple[str, str | None]]:
    """Expand files and folders into ``(submission path, folder argument it came from)``."""
    found: list[tuple[str, str | None]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for q in sorted(path.rglob("*.ipynb")):
                if ".ipynb_checkpoints" not in q.parts:
                    found.append((str(q), p))
        else:
            found.append((p, None))  # a missing file still gets a row saying so
    seen: set[str] = set()
    unique = []
    for item in found:
        if item[0] not in seen:
            seen.add(item[0])
            unique.append(item)
    return unique


def student_of(path: str, root: str | None, pattern: re.Pattern[str] | None = None) -> str:
    """The student a submission belongs to.

    ``--student-pattern`` (its first group, else the whole match) wins; then the first
    folder below the folder given on the command line (``제출/kim/nm-10.ipynb`` → kim);
    then the folder after a ``submissions`` component; else the file name's stem.
    """
    p = Path(path)
    if pattern is not None:
        m = pattern.search(str(p))
        if m:
            return m.group(1) if m.groups() and m.group(1) else m.group(0)
    if root is not None:
        try:
            rel = p.relative_to(root).parts
        except ValueError:
            rel = ()
        if len(rel) > 1:
            return rel[0]
    parts = p.parts
    for i, part in enumerate(parts[:-2]):
        if part == "submissions":
            return parts[i + 1]
    return p.stem


def checks_fingerprint(lecture: str | None) -> str:
    """A hash of the check code a lecture's grade depends on (a change means regrade)."""
    from utils.checks import LECTURES, available

    h = hashlib.sha256()
    files = ["core.py", "plain.py", "__init__.py"]
    if lecture in available():
        files.append(LECTURES[lecture].rsplit(".", 1)[-1] + ".py")
    for name in files:
        h.update((REPO_ROOT / "utils" / "checks" / name).read_bytes())
    return h.hexdigest()[:16]


def file_sha256(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


# --------------------------------------------------------------------------- output


def _cell(value: Any) -> Any:
    """A spreadsheet cell that cannot be read as a formula (=, +, -, @, tab, CR)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def total_of(r: dict[str, Any]) -> tuple[float, float]:
    exs = r.get("exercises", {}).values()
    return round(sum(e["score"] for e in exs), 6), round(sum(e["max"] for e in exs), 6)


def write_csv(rows: list[dict[str, Any]], path: str) -> None:
    """The gradebook: one row per submission, a column per exercise, written atomically."""
    import io

    columns: list[str] = []
    for r in rows:
        for n in r.get("exercises", {}):
            if n not in columns:
                columns.append(n)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["student", "submission", "lecture", *columns, "total", "max", "containment"])
    for r in rows:
        total, mx = total_of(r)
        exs = r.get("exercises", {})
        w.writerow(
            [
                _cell(r["student"]),
                _cell(r["path"]),
                _cell(r.get("lecture") or ""),
                *(exs[c]["score"] if c in exs else "" for c in columns),
                total,
                mx,
                _cell(r.get("containment_line") or ""),
            ]
        )
    _atomic_write(Path(path), buf.getvalue())


def state_path(csv_path: str) -> Path:
    return Path(csv_path + ".state.json")


def load_state(csv_path: str) -> dict[str, Any]:
    try:
        state = json.loads(state_path(csv_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return {}
    rows = state.get("rows")
    return rows if isinstance(rows, dict) else {}


def write_state(rows: list[dict[str, Any]], csv_path: str) -> None:
    state = {"version": STATE_VERSION, "rows": {r["path"]: r for r in rows}}
    _atomic_write(state_path(csv_path), json.dumps(state, ensure_ascii=False, indent=1))


def _safe_name(text: str) -> str:
    name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", text).strip(". ") or "submission"
    return name[:120]


def feedback_markdown(r: dict[str, Any]) -> str:
    """The Korean feedback a student gets back for one submission."""
    total, mx = total_of(r)
    lines = [
        f"# 채점 결과: {r['student']} — {r.get('lecture') or '강의 미상'}",
        "",
        f"- 제출물: `{r['path']}`",
        f"- 점수: **{total:g} / {mx:g}**",
        "",
        "각 연습 문제의 검사 결과입니다. 틀린 사례에는 입력, 기대값, 실제로 돌려준 값, "
        '오차와 힌트가 있습니다. 노트북에서 `check("이름")`을 다시 실행해 보세요.',
        "",
    ]
    if r.get("notes"):
        lines += ["## 노트북 실행 중 문제", ""] + [f"- {n}" for n in r["notes"]] + [""]
    for name, e in r.get("exercises", {}).items():
        mark = "✅" if e["score"] == e["max"] else "❌"
        lines += [f"## {mark} `{name}` — {e['score']:g} / {e['max']:g}점", ""]
        lines += ["```text", e.get("report") or e["message"], "```", ""]
    if not r.get("exercises"):
        lines += ["채점할 연습 문제를 찾지 못했습니다.", ""]
    return "\n".join(lines)


def write_feedback(rows: list[dict[str, Any]], folder: str) -> None:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["student"]] = counts.get(r["student"], 0) + 1
    for r in rows:
        name = r["student"]
        if counts[name] > 1:
            name = f"{name}-{Path(r['path']).stem}"
        _atomic_write(Path(folder) / f"{_safe_name(name)}.md", feedback_markdown(r))


def format_table(rows: list[dict[str, Any]]) -> str:
    """A readable summary: one line per submission, then the reasons for lost points."""
    lines = []
    for r in rows:
        if not r.get("exercises"):
            why = "; ".join(r.get("notes", [])) or "강의를 알 수 없습니다"
            lines.append(f"{r['path']}: 채점하지 못했습니다 — {why}")
            continue
        total, mx = total_of(r)
        lines.append(f"{r['path']}  [{r['student']} · {r.get('lecture')}]  {total:g} / {mx:g}")
        for n, g in r["exercises"].items():
            mark = "✅" if g["score"] == g["max"] else "❌"
            line = f"  {mark} {n:<22} {g['score']:>4g} / {g['max']:g}"
            if g["score"] != g["max"]:
                line += f"  {g['message'].splitlines()[0][:160]}"
            lines.append(line)
    return "\n".join(lines)


def as_json(r: dict[str, Any]) -> dict[str, Any]:
    total, mx = total_of(r)
    return {
        "total": total,
        "max": mx,
        "exercises": {
            n: {"score": e["score"], "max": e["max"], "message": e["message"]}
            for n, e in r.get("exercises", {}).items()
        },
        "student": r["student"],
        "containment": r.get("containment_line"),
    }


# --------------------------------------------------------------------------- processes


def _preload() -> None:
    """Import, once and before any fork, everything checks and notebooks use."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cloudpickle  # noqa: F401
        import IPython.core.interactiveshell  # noqa: F401
        import matplotlib  # not pyplot (0.4 s): exercise notebooks do not plot

        matplotlib.use("Agg")
        import mpmath  # noqa: F401
        import numpy  # noqa: F401
        import scipy.special  # noqa: F401
        import torch  # noqa: F401

        from utils.checks import available, exercises_of

        for lecture in available():
            exercises_of(lecture)
        import utils.grading.judge  # noqa: F401
        import utils.grading.worker  # noqa: F401


def _fork_zygote() -> socket.socket:
    from utils.grading.judge import zygote_main

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        ours.close()
        try:
            zygote_main(theirs)
        finally:
            os._exit(0)
    theirs.close()
    return ours


def _judge_channel(control: socket.socket) -> socket.socket:
    """A new judge ↔ zygote channel: one end goes to the zygote, the other is returned."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    socket.send_fds(control, [b'{"op": "judge"}'], [theirs.fileno()])
    theirs.close()
    return ours


class Judge:
    """A judge process: gets one submission at a time, answers with its grade (JSON).

    With several judges, judge ``k`` and its workers share CPU ``k`` (Linux): a judge
    and its worker take turns, and keeping each pair on one core avoids the cache and
    TLB misses of four processes migrating between two cores.
    """

    def __init__(self, control: socket.socket, options: dict[str, Any], cpu: int | None) -> None:
        options = dict(options, cpu=cpu)
        zsock = _judge_channel(control)
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ours.close()
            control.close()
            try:
                _judge_main(theirs, zsock, options)
            finally:
                os._exit(0)
        theirs.close()
        zsock.close()
        self.pid = pid
        self.sock = ours
        self.reader = ours.makefile("r", encoding="utf-8")
        self.job: dict[str, Any] | None = None
        self.started = 0.0

    def give(self, job: dict[str, Any]) -> None:
        self.job = job
        self.started = time.monotonic()
        self.sock.sendall((json.dumps(job, ensure_ascii=False) + "\n").encode())

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.sock.close()


def _judge_main(sock: socket.socket, zsock: socket.socket, options: dict[str, Any]) -> None:
    from utils.grading import sandbox
    from utils.grading.judge import ZygoteClient, grade_submission

    sandbox.die_with_parent()
    sandbox.pin_to_cpu(options.get("cpu"))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    zygote = ZygoteClient(zsock)
    reader = sock.makefile("r", encoding="utf-8")
    for line in reader:
        job = json.loads(line)
        try:
            result = grade_submission(
                job["path"],
                zygote,
                lecture=options["lecture"],
                cell_timeout=options["cell_timeout"],
                total_timeout=options["total_timeout"],
                contain=options["contain"],
                cpu=options.get("cpu"),
            )
        except Exception as exc:  # noqa: BLE001 - a bug of ours costs this row, with a reason
            result = {"lecture": None, "notes": [f"채점기 오류: {type(exc).__name__}: {exc}"]}
            result["exercises"] = {}
        sock.sendall((json.dumps({"path": job["path"], "result": result}) + "\n").encode())


def probe_containment(control: socket.socket, contain: bool) -> dict[str, Any]:
    """Start one empty worker and read what containment held in it."""
    from utils.grading.judge import WorkerSession, ZygoteClient

    session = WorkerSession(
        ZygoteClient(_judge_channel(control)),
        [],
        {"contain": contain, "cpu_seconds": 60, "memory_bytes": 2**30},
        10,
        60,
    )
    try:
        session.ensure()
    except BaseException:  # noqa: BLE001 - reported as "none" below
        pass
    finally:
        session.close()
        session.zygote.sock.close()
    return session.containment or {}


# --------------------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m utils.grade",
        description="연습 문제 노트북 채점 (grade exercise notebooks). 학생 코드는 격리된 "
        "별도 프로세스에서만 실행되고, 판정은 채점기 쪽에서 계산합니다.",
    )
    ap.add_argument("paths", nargs="+", help="제출된 .ipynb 파일 또는 폴더")
    ap.add_argument("--json", action="store_true", help="결과를 JSON으로 stdout에 출력")
    ap.add_argument("--csv", metavar="FILE", help="성적표 CSV 파일 (옆에 FILE.state.json)")
    ap.add_argument("--lecture", help="강의를 지정 (예: nm-10); 기본은 파일 이름/제목")
    ap.add_argument("--timeout", type=float, default=60.0, help="셀 하나의 시간 한도(초)")
    ap.add_argument(
        "--total-timeout", type=float, default=600.0, help="제출물 하나의 시간 한도(초)"
    )
    ap.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="동시에 채점할 제출물 수"
    )
    ap.add_argument("--fresh", action="store_true", help="이미 채점한 제출물도 다시 채점")
    ap.add_argument("--feedback", metavar="DIR", help="제출물마다 한국어 피드백 .md를 씀")
    ap.add_argument("--student-pattern", metavar="REGEX", help="경로에서 학생 이름을 뽑는 정규식")
    ap.add_argument(
        "--unsafe-no-containment",
        action="store_true",
        help="벤치마크 전용: 격리 없이 실행 (실제 채점에 쓰지 마세요)",
    )
    return ap


def _warn_containment(report: dict[str, Any], line: str, contain: bool) -> None:
    from utils.grading import sandbox

    print(f"격리 (containment): {line}", file=sys.stderr)
    if not contain:
        print("⚠️  격리를 끈 채 실행합니다 (벤치마크 전용).", file=sys.stderr)
    elif not sandbox.is_strong(report):
        print(
            "⚠️  이 기계에서는 학생 코드를 충분히 격리할 수 없습니다 (Landlock/네임스페이스 없음). "
            "신뢰할 수 없는 제출물은 컨테이너(예: docker) 안에서 채점하세요.",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    args = _parser().parse_args(argv)
    ap = _parser()
    if args.timeout <= 0 or args.total_timeout <= 0:
        ap.error("--timeout과 --total-timeout은 양수여야 합니다")
    if args.jobs < 1:
        ap.error("--jobs는 1 이상이어야 합니다")
    pattern = None
    if args.student_pattern:
        try:
            pattern = re.compile(args.student_pattern)
        except re.error as exc:
            ap.error(f"--student-pattern 정규식 오류: {exc}")
    if not hasattr(os, "fork") or not hasattr(socket, "send_fds"):
        print("이 채점기는 Linux/macOS(또는 Windows의 WSL)에서 실행하세요.", file=sys.stderr)
        return 2
    contain = not args.unsafe_no_containment

    _preload()  # before any fork, before reading any submission
    control = _fork_zygote()
    from utils.grading import sandbox

    report = probe_containment(control, contain)
    line = sandbox.describe(report) if contain else "off"
    _warn_containment(report, line, contain)

    items = find_notebooks(args.paths)
    state = {} if (args.fresh or not args.csv) else load_state(args.csv)
    rows: dict[str, dict[str, Any]] = {}
    todo: list[dict[str, Any]] = []
    from utils.grading.judge import detect_lecture

    for path, root in items:
        student = student_of(path, root, pattern)
        sha = file_sha256(path)
        lec = args.lecture or detect_lecture(path, None)
        fp = checks_fingerprint(lec)
        old = state.get(path)
        if (
            isinstance(old, dict)
            and sha is not None
            and old.get("sha256") == sha
            and old.get("fingerprint") == fp
            and old.get("lecture_arg") == args.lecture
        ):
            rows[path] = dict(old, student=student)
        else:
            todo.append({"path": path, "student": student, "fingerprint": fp})
    if items and len(todo) < len(items):
        print(
            f"이미 채점된 제출물 {len(items) - len(todo)}개는 건너뜁니다 (--fresh로 다시).",
            file=sys.stderr,
        )

    options = {
        "lecture": args.lecture,
        "cell_timeout": args.timeout,
        "total_timeout": args.total_timeout,
        "contain": contain,
    }
    order = [p for p, _ in items]

    def flush() -> None:
        done = [rows[p] for p in order if p in rows]
        if args.csv:  # the CSV first: a kill in between only means one row is regraded
            write_csv(done, args.csv)
            write_state(done, args.csv)

    _run_jobs(todo, rows, control, options, min(args.jobs, max(len(todo), 1)), line, flush)
    control.close()

    final = [rows[p] for p in order]
    flush()
    if args.feedback:
        write_feedback(final, args.feedback)
        print(f"피드백: {args.feedback}", file=sys.stderr)
    if not items:
        print("채점할 노트북이 없습니다 (no notebooks found).", file=sys.stderr)
    if args.csv:
        print(f"성적표: {args.csv}", file=sys.stderr)
    if args.json:
        json.dump({r["path"]: as_json(r) for r in final}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        print(format_table(final), file=sys.stderr)
    else:
        print(format_table(final))
    return 0


def failed_result(path: str, options: dict[str, Any], reason: str) -> dict[str, Any]:
    """A row for a submission whose judge failed: every exercise 0, with the reason."""
    from utils.checks import available, exercises_of
    from utils.grading.judge import detect_lecture

    lec = options["lecture"] or detect_lecture(path, None)
    names = exercises_of(lec) if lec in available() else []
    exs = {
        n: {"score": 0.0, "max": float(p), "message": reason, "report": f"❌ {n}: {reason}"}
        for n, p in names
    }
    return {"lecture": lec, "sha256": None, "notes": [reason], "exercises": exs}


def _run_jobs(
    todo: list[dict[str, Any]],
    rows: dict[str, dict[str, Any]],
    control: socket.socket,
    options: dict[str, Any],
    n_jobs: int,
    line: str,
    flush: Any,
) -> None:
    """Hand the submissions to ``n_jobs`` judges; record each result as it arrives."""
    from utils.grading import sandbox

    if not todo:
        return
    pending = list(todo)
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    slot = {}

    def new_judge(k: int) -> Judge:
        j = Judge(control, options, cpus[k % len(cpus)] if n_jobs > 1 and cpus else None)
        slot[j] = k
        return j

    judges = [new_judge(k) for k in range(n_jobs)]
    sel = selectors.DefaultSelector()
    for j in judges:
        sel.register(j.sock, selectors.EVENT_READ, j)
    watchdog = options["total_timeout"] + 180
    n_done = 0

    def record(job: dict[str, Any], result: dict[str, Any]) -> None:
        nonlocal n_done
        n_done += 1
        contained = result.get("containment")
        row = dict(result)
        row.update(
            path=job["path"],
            student=job["student"],
            fingerprint=job["fingerprint"],
            lecture_arg=options["lecture"],
            containment_line=(sandbox.describe(contained) if contained else None)
            if options["contain"]
            else "off",
        )
        if row["containment_line"] is None:
            row["containment_line"] = line
        rows[job["path"]] = row
        flush()
        total, mx = total_of(row)
        print(f"[{n_done}/{len(todo)}] {job['path']}: {total:g} / {mx:g}", file=sys.stderr)

    def feed(j: Judge) -> None:
        if pending:
            j.give(pending.pop(0))
        else:
            j.job = None

    def replace(j: Judge, reason: str) -> None:
        """Kill a failed judge, give its submission 0 with the reason, start another."""
        sel.unregister(j.sock)
        job = j.job
        j.kill()
        if job is not None:
            record(job, failed_result(job["path"], options, reason))
        nj = new_judge(slot[j])
        judges[judges.index(j)] = nj
        sel.register(nj.sock, selectors.EVENT_READ, nj)
        feed(nj)

    for j in judges:
        feed(j)
    while any(j.job is not None for j in judges):
        events = sel.select(timeout=5)
        for key, _ in events:
            j: Judge = key.data
            text = j.reader.readline()
            if not text:  # the judge died: this row gets a reason, a new judge goes on
                replace(j, "채점 프로세스가 비정상 종료되었습니다")
                continue
            msg = json.loads(text)
            record(j.job, msg["result"])
            feed(j)
        for j in list(judges):
            if j.job is not None and time.monotonic() - j.started > watchdog:
                replace(j, "채점 프로세스가 응답하지 않아 중단했습니다")
    for j in judges:
        j.kill()


def main_clean() -> None:
    """Run :func:`main` in the clean interpreter ``utils.grade`` started, then exit at once.

    Everything is written and flushed by then; skipping the interpreter's teardown (torch
    and friends take most of a second to unload) is safe.
    """
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:  # argparse errors
        code = exc.code if isinstance(exc.code, int) else 2
        if not isinstance(exc.code, int) and exc.code is not None:
            print(exc.code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
