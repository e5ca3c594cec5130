"""The grader as a judge: hostile submissions gain nothing and damage nothing.

One batch holds a submission per attack route (``tests/corpus/attacks.py``) and honest
classmates. The grader runs from a copy of ``utils/`` (so an attack that got through
could only damage the copy), with its own ``$HOME``. After the batch: no attack earned a
point, no score exceeds its max, classmates kept full marks, and the repository copy, the
real ``utils/``, every ``.pth`` of the environment, ``$HOME``, the classmates' files and
the gradebook are untouched, nothing reached the network, and no process an attack
started is alive.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import shutil
import signal
import site
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from tests.corpus.attacks import ATTACKS, PRELUDE
from utils.checks import exercises_of

REPO_ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- helpers


def tree_hash(root: Path, caches: bool = True) -> str:
    """A hash of every file (names and bytes) below ``root``, bytecode caches included."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if not caches and "__pycache__" in p.parts:
            continue
        h.update(str(p.relative_to(root)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def site_dirs() -> list[str]:
    dirs = set(site.getsitepackages())
    dirs.update(p for p in sys.path if p.endswith("-packages") and os.path.isdir(p))
    return sorted(dirs)


def pth_hashes() -> dict[str, str]:
    out = {}
    for d in site_dirs():
        for p in Path(d).glob("*.pth"):
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def processes_with(marker: str) -> list[int]:
    found = []
    for e in os.listdir("/proc"):
        if e.isdigit():
            try:
                cmd = Path(f"/proc/{e}/cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmd:
                found.append(int(e))
    return found


class Listener:
    """A TCP and UDP listener on localhost that records whatever reaches it."""

    def __init__(self) -> None:
        self.tcp = socket.socket()
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.tcp.settimeout(0.2)
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.udp.settimeout(0.2)
        self.received: list[str] = []
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.tcp.accept()
                self.received.append("tcp")
                conn.close()
            except OSError:
                pass
            try:
                self.udp.recvfrom(100)
                self.received.append("udp")
            except OSError:
                pass

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.tcp.close()
        self.udp.close()


def notebook(kind: str, lecture: str = "nm-10") -> nbformat.NotebookNode:
    folder = "solutions" if kind == "solution" else "exercises"
    name = f"{lecture}_{'solutions' if kind == 'solution' else 'exercises'}.ipynb"
    return nbformat.read(REPO_ROOT / folder / name, as_version=4)


def run_grader(args: list[str], cwd: Path, home: Path, timeout: float = 900):
    # matplotlib's own font cache goes elsewhere, so $HOME must stay exactly as it was
    env = dict(os.environ, HOME=str(home), MPLCONFIGDIR=str(home.parent / "mplconfig"))
    return subprocess.run(
        [sys.executable, "-m", "utils.grade", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def sandbox_repo(tmp_path: Path) -> Path:
    """A copy of the repository's ``utils/`` for the grader to run from."""
    repo = tmp_path / "repo"
    shutil.copytree(
        REPO_ROOT / "utils", repo / "utils", ignore=shutil.ignore_patterns("__pycache__")
    )
    return repo


# --------------------------------------------------------------------------- the batch


def test_attacks_gain_nothing_and_damage_nothing(tmp_path, sandbox_repo):
    home = tmp_path / "home"
    home.mkdir()
    subs = tmp_path / "제출 폴더"  # spaces and Hangul in the path
    victim = subs / "victim_kim" / "nm-10_exercises.ipynb"
    victim01 = subs / "victim_lee" / "nm-01_exercises.ipynb"
    gradebook = tmp_path / "book.csv"
    marker = f"nm-attack-marker-{os.getpid()}-{time.time_ns()}"
    listener = Listener()
    targets = {
        "repo": str(sandbox_repo),
        "home": str(home),
        "victim": str(victim),
        "gradebook": str(gradebook),
        "site_packages": site_dirs(),
        "port": listener.port,
        "marker": marker,
    }
    for name, src in ATTACKS.items():
        nb = notebook("exercise")
        nb.cells.append(nbformat.v4.new_code_cell(PRELUDE.format(targets=targets) + src))
        (subs / f"attacker_{name}").mkdir(parents=True)
        nbformat.write(nb, subs / f"attacker_{name}" / "nm-10_exercises.ipynb")
    victim.parent.mkdir()
    nbformat.write(notebook("solution"), victim)
    victim01.parent.mkdir()
    nbformat.write(notebook("solution", "nm-01"), victim01)
    # without malice: a cell whose source is a number, and one that is not a dict
    nb = notebook("solution")
    raw = json.loads(nbformat.writes(nb))
    raw["cells"].insert(1, {"cell_type": "code", "source": 42, "metadata": {}, "outputs": []})
    raw["cells"].insert(2, "not a cell")
    (subs / "malformed_park").mkdir()
    (subs / "malformed_park" / "nm-10_exercises.ipynb").write_text(json.dumps(raw))

    before = {
        "repo": tree_hash(sandbox_repo),
        # the real utils/: sources only (tests running beside this one write bytecode there)
        "real_utils": tree_hash(REPO_ROOT / "utils", caches=False),
        "pth": pth_hashes(),
        "home": sorted(str(p) for p in home.rglob("*")),
        "victim": victim.read_bytes(),
        "victim01": victim01.read_bytes(),
    }
    try:
        proc = run_grader(
            [str(subs), "--json", "--csv", str(gradebook), "-j", "2", "--timeout", "20"],
            sandbox_repo,
            home,
        )
    finally:
        time.sleep(1.5)  # a surviving daemon would write within 0.25 s
        listener.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)

    # every submission has its row, and no score exceeds its max
    names = {n for n, _ in exercises_of("nm-10")}
    assert len(result) == len(ATTACKS) + 3
    for path, r in result.items():
        assert r["total"] <= r["max"], path
        for e in r["exercises"].values():
            assert 0 <= e["score"] <= e["max"], (path, e)
    for name in ATTACKS:
        r = result[str(subs / f"attacker_{name}" / "nm-10_exercises.ipynb")]
        assert set(r["exercises"]) == names
        assert r["total"] == 0.0, (name, {n: e["message"] for n, e in r["exercises"].items()})
        assert r["student"] == f"attacker_{name}"
    for path in (victim, victim01, subs / "malformed_park" / "nm-10_exercises.ipynb"):
        r = result[str(path)]
        assert r["total"] == r["max"] == 10.0, {n: e["message"] for n, e in r["exercises"].items()}
    assert "containment" in proc.stderr or "격리" in proc.stderr

    # nothing outside the submissions changed
    assert tree_hash(sandbox_repo) == before["repo"]
    assert tree_hash(REPO_ROOT / "utils", caches=False) == before["real_utils"]
    assert pth_hashes() == before["pth"]
    assert sorted(str(p) for p in home.rglob("*")) == before["home"]
    assert victim.read_bytes() == before["victim"]
    assert victim01.read_bytes() == before["victim01"]
    assert listener.received == []
    assert processes_with(marker) == []

    # the gradebook is the grader's: one row per submission, totals as in the JSON
    rows = list(csv.DictReader(gradebook.open(encoding="utf-8")))
    assert {r["submission"] for r in rows} == set(result)
    for row in rows:
        assert float(row["total"]) == result[row["submission"]]["total"]
        assert row["containment"] == result[row["submission"]]["containment"]


# --------------------------------------------------------------------------- resume


def test_killed_grader_resumes_with_a_complete_gradebook(tmp_path, sandbox_repo):
    home = tmp_path / "home"
    home.mkdir()
    subs = tmp_path / "submissions"
    expected = {}
    for i in range(6):
        folder = subs / f"student{i}"
        folder.mkdir(parents=True)
        kind = "solution" if i % 2 == 0 else "exercise"
        nbformat.write(notebook(kind), folder / "nm-10_exercises.ipynb")
        expected[str(folder / "nm-10_exercises.ipynb")] = 10.0 if kind == "solution" else 0.0
    gradebook = tmp_path / "book.csv"
    state = Path(str(gradebook) + ".state.json")
    args = [str(subs), "--csv", str(gradebook), "-j", "1"]
    env = dict(os.environ, HOME=str(home))
    proc = subprocess.Popen(
        [sys.executable, "-m", "utils.grade", *args],
        cwd=sandbox_repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            n = len(list(csv.DictReader(gradebook.open(encoding="utf-8"))))
        except OSError:
            n = 0
        if n >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # the grader itself (utils.grade exec'd into it)
    proc.wait()
    rows_at_kill = list(csv.DictReader(gradebook.open(encoding="utf-8")))
    try:
        graded = len(json.loads(state.read_text(encoding="utf-8"))["rows"])
    except OSError:
        graded = 0
    assert graded >= len(rows_at_kill) - 1  # the state trails the CSV by at most the last row
    assert 2 <= len(rows_at_kill) < 6
    for row in rows_at_kill:  # what was written is correct, not half a row
        assert float(row["total"]) == expected[row["submission"]]
    time.sleep(1.0)
    assert processes_with(str(subs)) == []  # judges and zygote died with the grader

    proc = run_grader([*args, "--json"], sandbox_repo, home)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"이미 채점된 제출물 {graded}개는 건너뜁니다" in proc.stderr
    rows = list(csv.DictReader(gradebook.open(encoding="utf-8")))
    assert {r["submission"]: float(r["total"]) for r in rows} == expected
    assert [r["student"] for r in rows] == [f"student{i}" for i in range(6)]
    result = json.loads(proc.stdout)
    assert {p: r["total"] for p, r in result.items()} == expected

    # a changed submission is graded again; --fresh regrades everything
    changed = subs / "student1" / "nm-10_exercises.ipynb"
    nbformat.write(notebook("solution"), changed)
    proc = run_grader([*args, "--json"], sandbox_repo, home)
    assert "이미 채점된 제출물 5개는 건너뜁니다" in proc.stderr
    assert json.loads(proc.stdout)[str(changed)]["total"] == 10.0
    proc = run_grader([*args, "--fresh"], sandbox_repo, home)
    assert "건너뜁니다" not in proc.stderr


# --------------------------------------------------------------------------- instructor output


def test_feedback_files_student_names_and_formula_escaping(tmp_path, sandbox_repo):
    home = tmp_path / "home"
    home.mkdir()
    subs = tmp_path / "submissions"
    nb = notebook("solution")
    i = next(i for i, c in enumerate(nb.cells) if "def softmax(" in c.source)
    nb.cells[
        i
    ].source = "def softmax(z, axis=-1):\n    e = np.exp(z)\n    return e / e.sum(axis=axis)\n"
    (subs / "=HYPERLINK(1+1)").mkdir(parents=True)
    nbformat.write(nb, subs / "=HYPERLINK(1+1)" / "nm-10_exercises.ipynb")
    (subs / "홍길동").mkdir()
    nbformat.write(notebook("exercise"), subs / "홍길동" / "nm-10_exercises.ipynb")
    gradebook = tmp_path / "book.csv"
    feedback = tmp_path / "피드백"
    proc = run_grader(
        [str(subs), "--csv", str(gradebook), "--feedback", str(feedback)], sandbox_repo, home
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = list(csv.reader(gradebook.open(encoding="utf-8")))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["student", "submission", "lecture"] and header[-1] == "containment"
    students = [r[0] for r in body]
    assert "'=HYPERLINK(1+1)" in students and "홍길동" in students
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in body for cell in r)
    files = sorted(p.name for p in feedback.iterdir())
    assert "홍길동.md" in files and len(files) == 2
    text = next(p for p in feedback.iterdir() if "HYPERLINK" in p.name).read_text(encoding="utf-8")
    assert "❌ `softmax`" in text and "입력" in text and "기대값" in text and "힌트" in text
    assert "✅ `logsumexp`" in text
    text = (feedback / "홍길동.md").read_text(encoding="utf-8")
    assert "0 / 10" in text and "미구현" in text


def test_student_pattern_overrides(tmp_path, sandbox_repo):
    from utils.grading.cli import student_of

    assert student_of("a/b/kim/nm-10.ipynb", "a/b") == "kim"
    assert student_of("x/submissions/lee/hw/nm-10.ipynb", None) == "lee"
    assert student_of("x/park_nm-10.ipynb", None) == "park_nm-10"
    import re

    assert student_of("x/2024123_nm-10.ipynb", None, re.compile(r"(\d+)_")) == "2024123"


def test_check_in_notebook_and_grader_agree():
    """A student's check() and the grader run the same check definitions on the same data."""
    from utils.checks import grade_namespace
    from utils.checks.core import LocalRef
    from utils.checks.plain import Opaque, roundtrip

    ns = {"softmax": lambda z, axis=-1: z}
    local = grade_namespace("nm-10", ns, only="softmax")["softmax"]
    assert local.score == 0 and "기대값" in local.message
    ref = LocalRef("f", lambda: object())
    assert isinstance(ref(), Opaque)
    assert type(roundtrip((1, [2.0, None], {"a": 1j}))) is tuple
    assert copy.copy(roundtrip(float("nan"))) != 0
