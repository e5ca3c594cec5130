"""Grade submitted exercise notebooks: ``python -m utils.grade PATH... [--json] [--csv FILE]``.

Each submission is copied into a temporary folder and executed top to bottom in a fresh
kernel (a time limit per cell; errors do not stop it). Then every check of its lecture
runs, in that kernel, against the functions the notebook defines at its end; the check
code is imported fresh from this repository, so edited or deleted check cells change
nothing. A broken submission (invalid JSON, a syntax error, an endless loop, a crash,
``sys.exit``, a dead kernel, a missing function) gets 0 for what it breaks, with the
reason, and the batch goes on. The exit status is 0 whenever grading ran.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
_LECTURE_RE = re.compile(r"nm-(\d\d)")


@dataclass
class Grade:
    """The grade of one exercise."""

    score: float
    max: float
    message: str


@dataclass
class Submission:
    """The grades of one submitted notebook."""

    path: str
    lecture: str | None
    exercises: dict[str, Grade] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return round(sum(g.score for g in self.exercises.values()), 6)

    @property
    def max(self) -> float:
        return round(sum(g.max for g in self.exercises.values()), 6)

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "max": self.max,
            "exercises": {
                n: {"score": g.score, "max": g.max, "message": g.message}
                for n, g in self.exercises.items()
            },
        }


# --------------------------------------------------------------------------- discovery


def find_notebooks(paths: list[str]) -> list[str]:
    """Expand files and folders into submission paths (folders: every ``*.ipynb`` inside)."""
    found: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found.extend(
                str(q) for q in sorted(path.rglob("*.ipynb")) if ".ipynb_checkpoints" not in q.parts
            )
        else:
            found.append(p)  # a missing file still gets a row saying so
    return found


def detect_lecture(path: str, raw: dict[str, Any] | None) -> str | None:
    """The lecture of a submission: its file name, else its title (``# nm-10 연습 문제``)."""
    m = _LECTURE_RE.search(Path(path).name)
    if m:
        return f"nm-{m.group(1)}"
    cells = raw.get("cells", []) if isinstance(raw, dict) else []
    for cell in cells[:3] if isinstance(cells, list) else []:
        src = cell.get("source", "") if isinstance(cell, dict) else ""
        src = "".join(src) if isinstance(src, list) else str(src)
        m = re.search(r"^#\s*nm-(\d\d)\b", src, re.MULTILINE)
        if m:
            return f"nm-{m.group(1)}"
    return None


# --------------------------------------------------------------------------- in the kernel


def _kernel_grade(lecture: str, name: str, namespace: dict[str, Any], nonce: str) -> None:
    """Run inside the submission's kernel: check one exercise, print the verdict as JSON."""
    from utils.checks import grade_namespace

    r = grade_namespace(lecture, namespace, only=name)[name]
    sys.stdout.write(
        "\n"
        + nonce
        + json.dumps({"score": r.score, "max": r.max_score, "message": r.message})
        + "\n"
    )
    sys.stdout.flush()


def _preload_source(lecture: str) -> str:
    """Import the lecture's checks (and torch, scipy, ...) once, before the timed checks."""
    return (
        "import sys as _nm_sys\n"
        f"_nm_sys.path.insert(0, {str(REPO_ROOT)!r})\n"
        "import importlib as _nm_importlib\n"
        "from utils.checks import LECTURES as _nm_lectures\n"
        f"_nm_importlib.import_module(_nm_lectures[{lecture!r}])\n"
    )


def _grading_source(lecture: str, name: str, nonce: str) -> str:
    return (
        "import sys as _nm_sys\n"
        f"_nm_sys.path.insert(0, {str(REPO_ROOT)!r})\n"
        "for _nm_k in [k for k in list(_nm_sys.modules) if k.split('.')[0] == 'utils']:\n"
        "    del _nm_sys.modules[_nm_k]  # the checks are imported fresh, untouched\n"
        "import utils.grade as _nm_grade\n"
        f"_nm_grade._kernel_grade({lecture!r}, {name!r}, globals(), {nonce!r})\n"
    )


# --------------------------------------------------------------------------- execution


class _Watchdog:
    """Kill the kernel process if a whole submission outlives its time budget."""

    def __init__(self, client: Any, seconds: float) -> None:
        self.client = client
        self.fired = False
        self._timer = threading.Timer(seconds, self._kill)
        self._timer.daemon = True

    def _kill(self) -> None:
        self.fired = True
        try:
            pid = self.client.km.provisioner.process.pid
            os.kill(pid, signal.SIGKILL)
        except Exception:  # noqa: BLE001 - the kernel may already be gone
            pass

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _stdout_of(cell: Any) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")


def _errors_of(cell: Any) -> list[str]:
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def _verdict_of(cell: Any, nonce: str, cell_timeout: float) -> dict[str, Any] | str:
    """Read the JSON verdict the grading cell printed, or say why there is none."""
    line = next((ln for ln in _stdout_of(cell).splitlines() if ln.startswith(nonce)), None)
    if line is not None:
        return json.loads(line[len(nonce) :])
    errors = _errors_of(cell)
    if any(e.startswith(("CellTimeoutError", "KeyboardInterrupt")) for e in errors):
        return f"시간 초과: 검사가 {cell_timeout:g}초 안에 끝나지 않았습니다 (무한 루프?)"
    return f"검사를 실행할 수 없습니다: {'; '.join(errors) or '결과 없음'}"


def _run_submission(
    nb: Any, lecture: str, names: list[str], workdir: str, cell_timeout: float, total_timeout: float
) -> tuple[dict[str, dict[str, Any] | str], list[str]]:
    """Execute ``nb`` then grade each exercise; return (per-name verdict or reason, notes)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notes: list[str] = []
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    skip: set[int] = set()
    verdicts: dict[str, dict[str, Any] | str] = {}
    nonce = "NMGRADE-" + secrets.token_hex(8) + ":"
    fired = False

    # A cell that kills the kernel is skipped on the next attempt; an exercise whose check
    # kills it gets 0 and the others are graded in a fresh kernel.
    for _attempt in range(len(names) + 3):
        pending = [n for n in names if n not in verdicts]
        if not pending:
            break
        client = NotebookClient(
            nb,
            timeout=cell_timeout,
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={"ename": "CellTimeoutError", "evalue": "시간 초과", "traceback": []},
            record_timing=False,
            resources={"metadata": {"path": workdir}},
        )
        watchdog = _Watchdog(client, total_timeout)
        current: tuple[str, Any] | None = None
        try:
            with client.setup_kernel(), watchdog:
                for i in code_cells:
                    if i in skip:
                        continue
                    current = ("cell", i)
                    client.execute_cell(nb.cells[i], i)
                    errors = _errors_of(nb.cells[i])
                    if any(e.startswith(("CellTimeoutError", "KeyboardInterrupt")) for e in errors):
                        notes.append(f"셀 {i + 1}: 시간 초과 ({cell_timeout:g}초) — 중단됨")
                # importing torch & co. may be slow on a busy machine: not the student's time
                current = ("preload", lecture)
                client.timeout = max(cell_timeout, 180)
                preload = nbformat.v4.new_code_cell(_preload_source(lecture) + f"# {nonce}\n")
                nb.cells.append(preload)
                client.execute_cell(preload, len(nb.cells) - 1)
                client.timeout = cell_timeout
                for name in pending:
                    current = ("check", name)
                    cell = nbformat.v4.new_code_cell(_grading_source(lecture, name, nonce))
                    nb.cells.append(cell)
                    client.execute_cell(cell, len(nb.cells) - 1)
                    verdicts[name] = _verdict_of(cell, nonce, cell_timeout)
        except DeadKernelError:
            if watchdog.fired or current is None:
                break
            if current[0] == "preload":
                notes.append("검사를 준비하는 중 커널이 종료되었습니다 (메모리 부족?)")
                break
            if current[0] == "cell":
                notes.append(
                    f"셀 {current[1] + 1}이(가) 커널을 종료시켰습니다 (os._exit/crash): 건너뜀"
                )
                skip.add(current[1])
            else:
                verdicts[current[1]] = "검사 중 커널이 종료되었습니다 (os._exit/crash)"
        except Exception as exc:  # noqa: BLE001 - kernel start failure etc.: this submission only
            notes.append(f"실행 오류: {type(exc).__name__}: {exc}")
            break
        finally:
            nb.cells = [c for c in nb.cells if nonce not in c.source]
        if watchdog.fired:
            fired = True
            break
    if fired:
        notes.append(f"제출물 전체 시간 한도({total_timeout:g}초)를 넘었습니다")
    notes[:] = dict.fromkeys(notes)  # a repeated attempt repeats its notes: keep one of each
    for name in names:
        verdicts.setdefault(name, "; ".join(notes) or "커널이 종료되어 채점하지 못했습니다")
    return verdicts, notes


def grade_notebook(
    path: str,
    *,
    lecture: str | None = None,
    cell_timeout: float = 60.0,
    total_timeout: float = 600.0,
) -> Submission:
    """Grade one submitted notebook; never raises for a bad submission.

    Parameters
    ----------
    path : str
        The submitted ``.ipynb``.
    lecture : str, optional
        Force the lecture (``"nm-10"``) instead of reading it from metadata/file name.
    cell_timeout : float
        Seconds each cell (and each exercise's check) may run.
    total_timeout : float
        Seconds the whole submission may take before its kernel is killed.

    Returns
    -------
    Submission
    """
    import nbformat

    from utils.checks import LECTURES, exercises_of

    raw: dict[str, Any] | None = None
    reason: str | None = None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        reason = "파일이 없습니다 (file not found)"
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"파일을 읽을 수 없습니다: {exc}"
    else:
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict):
                raise ValueError("최상위가 JSON 객체가 아닙니다")
        except ValueError as exc:
            reason = f"노트북 파일이 올바른 JSON이 아닙니다 (invalid JSON): {exc}"
            raw = None

    lec = lecture or detect_lecture(path, raw)
    sub = Submission(path, lec)
    if lec not in LECTURES:
        return sub  # no exercises to grade; the caller reports it
    names_pts = exercises_of(lec)
    names = [n for n, _ in names_pts]

    verdicts: dict[str, dict[str, Any] | str] = {}
    notes: list[str] = []
    if reason is None:
        try:
            nb = nbformat.reads(text, as_version=4)
        except Exception as exc:  # noqa: BLE001 - any malformed notebook
            reason = f"노트북 형식이 올바르지 않습니다: {type(exc).__name__}: {exc}"
    if reason is None:
        workdir = tempfile.mkdtemp(prefix="nm-grade-")
        try:
            shutil.copy(path, Path(workdir) / "submission.ipynb")
            verdicts, notes = _run_submission(nb, lec, names, workdir, cell_timeout, total_timeout)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    for name, pts in names_pts:
        v = verdicts.get(name, reason or "채점되지 않았습니다")
        if isinstance(v, dict):
            grade = Grade(float(v["score"]), float(v["max"]), str(v["message"]))
        else:
            grade = Grade(0.0, float(pts), v)
        if grade.score < grade.max and notes and grade.message not in notes:
            # e.g. the cell defining this function timed out: say so beside the lost points
            grade.message += " (참고: " + "; ".join(notes) + ")"
        sub.exercises[name] = grade
    return sub


# --------------------------------------------------------------------------- output


def write_csv(subs: list[Submission], path: str) -> None:
    """Write the gradebook atomically: one row per submission, a column per exercise."""
    columns: list[str] = []
    for s in subs:
        for n in s.exercises:
            if n not in columns:
                columns.append(n)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gradebook-", suffix=".csv", dir=target.parent)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["submission", "lecture", *columns, "total", "max"])
        for s in subs:
            w.writerow(
                [
                    s.path,
                    s.lecture or "",
                    *(s.exercises[c].score if c in s.exercises else "" for c in columns),
                    s.total,
                    s.max,
                ]
            )
    os.replace(tmp, target)


def format_table(subs: list[Submission]) -> str:
    """A readable summary: one line per submission, then the reasons for lost points."""
    lines = []
    for s in subs:
        if not s.exercises:
            lines.append(
                f"{s.path}: 강의를 알 수 없어 채점하지 못했습니다 (--lecture nm-XX로 지정)"
            )
            continue
        lines.append(f"{s.path}  [{s.lecture}]  {s.total:g} / {s.max:g}")
        for n, g in s.exercises.items():
            mark = "✅" if g.score == g.max else "❌"
            line = f"  {mark} {n:<22} {g.score:>4g} / {g.max:g}"
            if g.score != g.max:
                line += f"  {g.message.splitlines()[0][:160]}"
            lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    ap = argparse.ArgumentParser(
        prog="python -m utils.grade",
        description="연습 문제 노트북 채점 (grade exercise notebooks)",
    )
    ap.add_argument("paths", nargs="+", help="제출된 .ipynb 파일 또는 폴더")
    ap.add_argument("--json", action="store_true", help="결과를 JSON으로 stdout에 출력")
    ap.add_argument("--csv", metavar="FILE", help="성적표 CSV 파일을 씀")
    ap.add_argument("--lecture", help="강의를 지정 (예: nm-10); 기본은 메타데이터/파일 이름")
    ap.add_argument("--timeout", type=float, default=60.0, help="셀 하나의 시간 한도(초)")
    ap.add_argument(
        "--total-timeout", type=float, default=600.0, help="제출물 하나의 시간 한도(초)"
    )
    args = ap.parse_args(argv)
    if args.timeout <= 0 or args.total_timeout <= 0:
        ap.error("--timeout과 --total-timeout은 양수여야 합니다")

    subs = []
    for p in find_notebooks(args.paths):
        print(f"채점 중: {p}", file=sys.stderr, flush=True)
        subs.append(
            grade_notebook(
                p, lecture=args.lecture, cell_timeout=args.timeout, total_timeout=args.total_timeout
            )
        )
    if not subs:
        print("채점할 노트북이 없습니다 (no notebooks found).", file=sys.stderr)
    if args.csv:
        write_csv(subs, args.csv)
        print(f"성적표: {args.csv}", file=sys.stderr)
    if args.json:
        json.dump({s.path: s.as_json() for s in subs}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        print(format_table(subs), file=sys.stderr)
    else:
        print(format_table(subs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
