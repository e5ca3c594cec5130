"""The grader end to end (``python -m utils.grade``), kernels and all.

Solutions get full marks, untouched exercises get zero ("not implemented"), and broken
submissions each get a clear reason and 0 for what they break while the batch goes on.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from utils.checks import exercises_of
from utils.grading.cli import find_notebooks
from utils.grading.judge import detect_lecture

REPO_ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run_grader(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "utils.grade", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
    )


def solution_nb(lecture: str = "nm-10") -> nbformat.NotebookNode:
    return nbformat.read(REPO_ROOT / "solutions" / f"{lecture}_solutions.ipynb", as_version=4)


def code_cell_defining(nb: nbformat.NotebookNode, name: str) -> int:
    return next(
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f"def {name}(" in c.source
    )


def write(nb: nbformat.NotebookNode, path: Path) -> str:
    nbformat.write(nb, path)
    return str(path)


def test_solutions_full_marks_and_exercises_zero(tmp_path):
    gradebook = tmp_path / "book.csv"
    proc = run_grader("solutions", "exercises", "--json", "--csv", str(gradebook))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)  # stdout holds the JSON and nothing else
    solutions = sorted(
        str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "solutions").glob("*.ipynb")
    )
    exercises = sorted(
        str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "exercises").glob("*.ipynb")
    )
    assert sorted(result) == sorted(solutions + exercises)
    for path in solutions:
        r = result[path]
        assert r["total"] == r["max"] == 10.0, {
            n: e["message"] for n, e in r["exercises"].items() if e["score"] != e["max"]
        }
    for path in exercises:
        r = result[path]
        assert r["total"] == 0.0 and r["max"] == 10.0
        for name, e in r["exercises"].items():
            assert e["score"] == 0.0 and "not implemented" in e["message"], (name, e)
    # the JSON shape is exactly the documented one
    for r in result.values():
        assert set(r) == {"total", "max", "exercises", "student", "containment"}
        for e in r["exercises"].values():
            assert set(e) == {"score", "max", "message"}
    rows = list(csv.DictReader(gradebook.open(encoding="utf-8")))
    assert [row["submission"] for row in rows] == list(result)
    assert all(float(row["total"]) == result[row["submission"]]["total"] for row in rows)


def test_broken_submissions_each_get_a_reason_and_the_batch_goes_on(tmp_path):
    names = [n for n, _ in exercises_of("nm-10")]
    subs: dict[str, str] = {}

    p = tmp_path / "nm-10_invalid_json.ipynb"
    p.write_text('{"cells": [', encoding="utf-8")
    subs["invalid_json"] = str(p)

    nb = solution_nb()
    i = code_cell_defining(nb, "softmax")
    nb.cells[i].source = nb.cells[i].source.replace(
        "def softmax(z, axis=-1):", "def softmax(z, axis=-1)"
    )
    subs["syntax_error"] = write(nb, tmp_path / "nm-10_syntax_error.ipynb")

    nb = solution_nb()
    nb.cells.insert(1, nbformat.v4.new_code_cell("while True:\n    pass"))
    subs["top_level_loop"] = write(nb, tmp_path / "nm-10_top_level_loop.ipynb")

    nb = solution_nb()
    i = code_cell_defining(nb, "softmax")
    nb.cells[i].source = "def softmax(z, axis=-1):\n    while True:\n        pass\n"
    subs["loop_in_function"] = write(nb, tmp_path / "nm-10_loop_in_function.ipynb")

    nb = solution_nb()
    i = code_cell_defining(nb, "softmax")
    nb.cells[i].source = "while True:\n    pass\n\n" + nb.cells[i].source
    subs["loop_before_def"] = write(nb, tmp_path / "nm-10_loop_before_def.ipynb")

    nb = solution_nb()
    nb.cells.insert(1, nbformat.v4.new_code_cell("import sys\nsys.exit('bye')"))
    subs["sys_exit"] = write(nb, tmp_path / "nm-10_sys_exit.ipynb")

    nb = solution_nb()
    nb.cells.insert(1, nbformat.v4.new_code_cell("import os\nos._exit(3)"))
    subs["os_exit_cell"] = write(nb, tmp_path / "nm-10_os_exit_cell.ipynb")

    nb = solution_nb()
    i = code_cell_defining(nb, "bce_with_logits")
    nb.cells[i].source = "def bce_with_logits(z, y):\n    import os\n    os._exit(0)\n"
    subs["os_exit_in_check"] = write(nb, tmp_path / "nm-10_os_exit_in_check.ipynb")

    nb = solution_nb()
    i = next(
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "import numpy" in c.source
    )
    nb.cells[i].source = "import no_such_module_for_grading\nimport numpy as np"
    subs["raise_at_import"] = write(nb, tmp_path / "nm-10_raise_at_import.ipynb")

    nb = solution_nb()
    del nb.cells[code_cell_defining(nb, "cross_entropy")]
    subs["missing_function"] = write(nb, tmp_path / "nm-10_missing_function.ipynb")

    nb = solution_nb()
    i = code_cell_defining(nb, "logsumexp")
    nb.cells[
        i
    ].source = "def logsumexp(z, axis=None):\n    return np.log(np.sum(np.exp(z), axis=axis))\n"
    # a student who deleted every check call and faked a report changes nothing
    nb.cells = [c for c in nb.cells if "check(" not in c.source]
    nb.cells.append(nbformat.v4.new_code_cell("print('✅ logsumexp: 1.5 / 1.5점')"))
    subs["wrong_and_no_checks"] = write(nb, tmp_path / "nm-10_wrong_and_no_checks.ipynb")

    missing_file = str(tmp_path / "nm-10_not_there.ipynb")
    subs["missing_file"] = missing_file

    gradebook = tmp_path / "book.csv"
    proc = run_grader(*subs.values(), "--json", "--csv", str(gradebook), "--timeout", "8")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert list(result) == list(subs.values())  # nothing lost, order kept
    ex = {case: result[path]["exercises"] for case, path in subs.items()}

    def scores(case):
        return {n: e["score"] for n, e in ex[case].items()}

    def full_except(case, broken):
        s = scores(case)
        assert all(s[n] == 0 for n in broken), (case, ex[case])
        maxes = {n: e["max"] for n, e in ex[case].items()}
        assert all(s[n] == maxes[n] for n in names if n not in broken), (case, ex[case])

    assert set(scores("invalid_json").values()) == {0.0}
    assert all("invalid JSON" in e["message"] for e in ex["invalid_json"].values())

    full_except("syntax_error", ["softmax"])
    assert "missing" in ex["syntax_error"]["softmax"]["message"]

    full_except("top_level_loop", [])
    full_except("loop_in_function", ["softmax"])
    assert "시간 초과" in ex["loop_in_function"]["softmax"]["message"]
    full_except("sys_exit", [])
    full_except("os_exit_cell", [])
    # the loop kept softmax from being defined: the reason is given beside the lost points
    full_except("loop_before_def", ["softmax"])
    msg = ex["loop_before_def"]["softmax"]["message"]
    assert "missing" in msg and "시간 초과" in msg, msg
    full_except("os_exit_in_check", ["bce_with_logits"])
    assert "프로세스를 종료" in ex["os_exit_in_check"]["bce_with_logits"]["message"]

    # the failed import left `np` undefined: what uses NumPy breaks, the rest is graded
    numpy_users = ["logsumexp", "softmax", "cross_entropy", "bce_with_logits"]
    full_except("raise_at_import", numpy_users)
    assert all("NameError" in ex["raise_at_import"][n]["message"] for n in numpy_users)

    full_except("missing_function", ["cross_entropy"])
    full_except("wrong_and_no_checks", ["logsumexp"])

    assert set(scores("missing_file").values()) == {0.0}
    assert "file not found" in ex["missing_file"]["logsumexp"]["message"]

    rows = list(csv.DictReader(gradebook.open(encoding="utf-8")))
    assert [r["submission"] for r in rows] == list(subs.values())


def test_grader_does_not_touch_the_submission(tmp_path):
    nb = solution_nb()
    nb.cells.insert(
        1, nbformat.v4.new_code_cell("open('submission_side_effect.txt', 'w').write('x')")
    )
    path = tmp_path / "nm-10_side_effect.ipynb"
    write(nb, path)
    before = path.read_bytes()
    proc = run_grader(str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == before
    assert not (tmp_path / "submission_side_effect.txt").exists()
    assert not (REPO_ROOT / "submission_side_effect.txt").exists()


def test_find_notebooks_skips_checkpoints(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "a" / "nm-10_x.ipynb").write_text("{}")
    (tmp_path / "a" / ".ipynb_checkpoints" / "nm-10_x-checkpoint.ipynb").write_text("{}")
    assert find_notebooks([str(tmp_path)]) == [
        (str(tmp_path / "a" / "nm-10_x.ipynb"), str(tmp_path))
    ]


def test_detect_lecture_from_name_or_title():
    assert detect_lecture("kim/nm-02_exercises.ipynb", None) == "nm-02"
    title = {"cells": [{"cell_type": "markdown", "source": ["# nm-10 연습 문제\n"]}]}
    assert detect_lecture("homework.ipynb", title) == "nm-10"
    assert detect_lecture("homework.ipynb", {"cells": []}) is None


def test_usage_errors_are_clear():
    proc = run_grader("x.ipynb", "--timeout", "-1")
    assert proc.returncode == 2 and "양수" in proc.stderr
